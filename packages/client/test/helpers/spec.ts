// Test-side access to the bundled spec under generated/ (named examples by name).
import { operations, type OperationId } from '@zoloz-openapi/generated/operations';
import { requestExample as generatedRequestExample, responseExample as generatedResponseExample } from '@zoloz-openapi/generated/examples';

type Json = Record<string, unknown>;

const operationAt = (path: string): OperationId => {
  const op = operations.find((o) => o.path === path);
  if (!op) throw new Error(`no operation at ${path}`);
  return op.operationId;
};

/** The value of a named request example of the operation at `path` (the generated examples table). */
export function requestExample(path: string, name: string): unknown {
  return generatedRequestExample(operationAt(path), name);
}

/** The value of a named response example of the operation at `path`, under response `status` (200 or `default`). */
export function responseExample(path: string, name: string, status: number | string = 200): unknown {
  return generatedResponseExample(operationAt(path), name, status);
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
