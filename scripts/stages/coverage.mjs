// Stage 7b (after the operations table): the coverage universe — per operation, what a capture could cover: the documented result
// codes, and per direction every documented field (a JSON pointer of the schema, array items and map
// values as `*`) and every documented enum value. `validate-traffic --coverage` counts a capture against it.
import { bodySchemas, deref, eachOperation } from '../lib/spec.mjs';
import { StageError } from '../lib/tool.mjs';
import { writeTable } from '../lib/output.mjs';

export const name = 'coverage';
export const needs = ['spec', 'operations'];
export const provides = [];
export const outputs = ['generated/coverage-universe.json', 'generated/coverage-universe.mjs', 'generated/coverage-universe.d.ts'];

// Where every response carries its result code (the common `Result` object); counted as result codes,
// not again as enum values.
const RESULT_CODE_POINTER = '/result/resultCode';

const escapeToken = (token) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** Walks one body schema; fills `fields` (pointer set) and `enums` (pointer -> value set). */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: a walk over every schema keyword that can hold a field or an enum value
function walk(spec, schema, pointer, state, seen = new Set()) {
  if (!schema || typeof schema !== 'object') return;
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return; // recursion guard: a recursive schema documents its fields once
    walk(spec, deref(spec, schema), pointer, state, new Set([...seen, schema.$ref]));
    return;
  }
  const child = (token, sub) => {
    const next = `${pointer}/${token}`;
    state.fields.add(next);
    walk(spec, sub, next, state, seen);
  };
  for (const [key, sub] of Object.entries(schema.properties ?? {})) child(escapeToken(key), sub);
  for (const sub of Object.values(schema.patternProperties ?? {})) child('*', sub);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') child('*', schema.additionalProperties);
  if (schema.items && typeof schema.items === 'object') child('*', schema.items);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const sub of schema[key] ?? []) walk(spec, sub, pointer, state, seen);
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  if (pointer !== '' && pointer !== RESULT_CODE_POINTER && values.length > 0) {
    const set = state.enums.get(pointer) ?? new Set();
    for (const v of values) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') set.add(v);
    state.enums.set(pointer, set);
  }
}

export function directionUniverse(spec, schemaName) {
  const state = { fields: new Set(), enums: new Map() };
  walk(spec, { $ref: `#/components/schemas/${schemaName}` }, '', state);
  return {
    fields: [...state.fields].sort(),
    enums: [...state.enums.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([pointer, values]) => ({ pointer, values: [...values] })),
  };
}

export async function run(ctx) {
  const { spec } = ctx;
  const byId = new Map(ctx.operations.map((o) => [o.operationId, o]));
  const table = [];
  for (const { op } of eachOperation(spec)) {
    const { request, response } = bodySchemas(op);
    const row = byId.get(op.operationId);
    if (!row) throw new StageError(`${op.operationId}: not in the operations table.`);
    table.push({
      operationId: op.operationId,
      resultCodePointer: RESULT_CODE_POINTER,
      resultCodes: row.resultCodes.map((c) => c.code),
      request: directionUniverse(spec, request),
      response: directionUniverse(spec, response),
    });
  }
  await writeTable(ctx.out, 'generated/coverage-universe', 'coverageUniverse', table);
  await ctx.out.write(
    'generated/coverage-universe.d.ts',
    [
      "import type { OperationId } from './operations.js';",
      '',
      '/** What one direction of an operation documents: field pointers (`*` = any array item or map key) and enum values by pointer. */',
      'export interface DirectionUniverse {',
      '  readonly fields: readonly string[];',
      '  readonly enums: readonly { readonly pointer: string; readonly values: readonly (string | number | boolean)[] }[];',
      '}',
      '',
      'export interface OperationUniverse {',
      '  readonly operationId: OperationId;',
      '  /** Where the response body carries the result code. */',
      '  readonly resultCodePointer: string;',
      '  readonly resultCodes: readonly string[];',
      '  readonly request: DirectionUniverse;',
      '  readonly response: DirectionUniverse;',
      '}',
      '',
      'export declare const coverageUniverse: readonly OperationUniverse[];',
      '',
    ].join('\n'),
  );
  const count = (pick) => table.reduce((n, t) => n + pick(t.request) + pick(t.response), 0);
  const fields = count((d) => d.fields.length);
  const values = count((d) => d.enums.reduce((n, e) => n + e.values.length, 0));
  return `${fields} fields, ${values} enum values, ${table.reduce((n, t) => n + t.resultCodes.length, 0)} result codes across ${table.length} operations`;
}
