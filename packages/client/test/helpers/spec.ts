// Test-side access to the bundled spec under generated/ (named examples by name).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operations } from '@zoloz-openapi/generated/operations';
import { REPO_ROOT } from './prism.js';

type Json = Record<string, unknown>;
const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'generated', 'openapi.json'), 'utf8')) as Json;

function deref(node: Json): Json {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  return ref
    .slice(2)
    .split('/')
    .reduce<Json>((n, seg) => n[seg.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, spec);
}

/** The value of a named request example of an operation. */
export function requestExample(path: string, name: string): unknown {
  const post = (spec['paths'] as Json)[path] as Json;
  const content = (((post['post'] as Json)['requestBody'] as Json)['content'] as Json)['application/json'] as Json;
  return deref((content['examples'] as Json)[name] as Json)['value'];
}

/** The value of a named response example of an operation, under response `status` (200 or `default`). */
export function responseExample(path: string, name: string, status: number | string = 200): unknown {
  const post = (spec['paths'] as Json)[path] as Json;
  const content = ((((post['post'] as Json)['responses'] as Json)[String(status)] as Json)['content'] as Json)['application/json'] as Json;
  return deref((content['examples'] as Json)[name] as Json)['value'];
}

export { operations };

/** Every value found at a personal-data path (`*` = any key or index). */
export function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [value];
  if (value === null || typeof value !== 'object') return [];
  const [head, ...rest] = path;
  const children = head === '*' ? Object.values(value) : [(value as Json)[head!]];
  return children.filter((c) => c !== undefined).flatMap((c) => valuesAt(c, rest));
}

/** Leaf strings/numbers inside a value (what must not leak into logs). */
export function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}
