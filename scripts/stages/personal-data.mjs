// Stage 8: where personal data sits in each request and response, from the spec's
// `x-zoloz-personal-data` marks. Logs, errors and reports redact by this table.
import { bodySchemas, eachOperation } from '../lib/spec.mjs';
import { writeTable } from '../lib/output.mjs';

export const name = 'personal-data';
export const needs = ['spec'];
export const provides = [];
export const outputs = ['generated/personal-data.json', 'generated/personal-data.mjs', 'generated/personal-data.d.ts'];

const MARK = 'x-zoloz-personal-data';

/** Collects `{ path, class }` for every marked schema reachable from `schema`; `*` = any key or index. */
export function personalPaths(spec, schema, path = [], seen = new Set(), found = []) {
  if (!schema || typeof schema !== 'object') return found;
  if (typeof schema.$ref === 'string') {
    if (schema[MARK]) found.push({ path, class: schema[MARK] });
    if (seen.has(schema.$ref)) return found; // recursion guard
    const target = schema.$ref
      .slice(2)
      .split('/')
      .reduce((n, k) => n?.[k], spec);
    return personalPaths(spec, target, path, new Set([...seen, schema.$ref]), found);
  }
  if (schema[MARK]) {
    found.push({ path, class: schema[MARK] });
    return found; // the whole subtree is personal
  }
  for (const [key, sub] of Object.entries(schema.properties ?? {})) personalPaths(spec, sub, [...path, key], seen, found);
  for (const sub of Object.values(schema.patternProperties ?? {})) personalPaths(spec, sub, [...path, '*'], seen, found);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    personalPaths(spec, schema.additionalProperties, [...path, '*'], seen, found);
  }
  if (schema.items) personalPaths(spec, schema.items, [...path, '*'], seen, found);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const sub of schema[key] ?? []) personalPaths(spec, sub, path, seen, found);
  return found;
}

function unique(entries) {
  const byKey = new Map(entries.map((e) => [`${e.path.join('/')}|${e.class}`, e]));
  return [...byKey.values()];
}

export async function run(ctx) {
  const { spec } = ctx;
  const table = {};
  for (const { op } of eachOperation(spec)) {
    const { request, response } = bodySchemas(op);
    table[op.operationId] = {
      request: unique(personalPaths(spec, { $ref: `#/components/schemas/${request}` })),
      response: unique(personalPaths(spec, { $ref: `#/components/schemas/${response}` })),
    };
  }
  await writeTable(ctx.out, 'generated/personal-data', 'personalData', table);
  await ctx.out.write(
    'generated/personal-data.d.ts',
    [
      "import type { OperationId } from './operations.js';",
      '',
      '/** A personal field: its path in the body (`*` = any key or array index) and its class. */',
      'export interface PersonalField {',
      '  readonly path: readonly string[];',
      '  readonly class: string;',
      '}',
      '',
      'export declare const personalData: {',
      '  readonly [K in OperationId]: { readonly request: readonly PersonalField[]; readonly response: readonly PersonalField[] };',
      '};',
      '',
    ].join('\n'),
  );
  const count = Object.values(table).reduce((n, t) => n + t.request.length + t.response.length, 0);
  return `${count} personal fields across ${Object.keys(table).length} operations`;
}
