// Stage: the named examples table — every request and response example of every operation, by name,
// as plain values. Tests and consumers look examples up here instead of walking the bundled spec.
import { deref, eachOperation } from '../lib/spec.mjs';
import { writeTable } from '../lib/output.mjs';

export const name = 'examples';
export const needs = ['spec'];
export const provides = [];
export const outputs = ['generated/examples.json', 'generated/examples.mjs', 'generated/examples.d.ts'];

function examplesOf(spec, media) {
  return Object.fromEntries(Object.entries(media?.examples ?? {}).map(([exampleName, ex]) => [exampleName, deref(spec, ex).value]));
}

export async function run(ctx) {
  const { spec } = ctx;
  const table = {};
  let count = 0;
  for (const { op } of eachOperation(spec)) {
    const request = examplesOf(spec, deref(spec, op.requestBody)?.content?.['application/json']);
    const responses = {};
    for (const [status, res] of Object.entries(op.responses ?? {})) {
      const named = examplesOf(spec, deref(spec, res).content?.['application/json']);
      if (Object.keys(named).length) responses[status] = named;
      count += Object.keys(named).length;
    }
    count += Object.keys(request).length;
    table[op.operationId] = { request, responses };
  }
  await writeTable(ctx.out, 'generated/examples', 'examples', table, [
    '',
    'function lookup(operationId, where, name) {',
    '  const named = where(examples[operationId]);',
    '  if (!named || !Object.hasOwn(named, name)) {',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this line is generated code, a template literal on purpose
    '    throw new Error(`${operationId} has no example named ${name}`);',
    '  }',
    '  // A copy: callers mutate examples to derive invalid bodies.',
    '  return structuredClone(named[name]);',
    '}',
    '',
    'export function requestExample(operationId, name) {',
    '  return lookup(operationId, (o) => o?.request, name);',
    '}',
    '',
    'export function responseExample(operationId, name, status = 200) {',
    '  return lookup(operationId, (o) => o?.responses[String(status)], name);',
    '}',
  ]);
  await ctx.out.write(
    'generated/examples.d.ts',
    [
      "import type { components } from './types/openapi.js';",
      "import type { OperationId, operationsById } from './operations.js';",
      '',
      "type Schemas = components['schemas'];",
      "type RequestOf<K extends OperationId> = Schemas[(typeof operationsById)[K]['requestSchema']];",
      "type ResponseOf<K extends OperationId> = Schemas[(typeof operationsById)[K]['responseSchema']];",
      '',
      '/** Per operation: request examples by name; response examples by HTTP status (`200`, `default`), then name. */',
      'export declare const examples: {',
      '  readonly [K in OperationId]: {',
      '    readonly request: { readonly [name: string]: RequestOf<K> };',
      '    readonly responses: { readonly [status: string]: { readonly [name: string]: unknown } };',
      '  };',
      '};',
      '',
      '/** A copy of a named request example; throws when the operation has no example of that name. */',
      'export declare function requestExample<K extends OperationId>(operationId: K, name: string): RequestOf<K>;',
      '/** A copy of a named response example (status 200 unless given). */',
      'export declare function responseExample<K extends OperationId>(operationId: K, name: string, status?: 200): ResponseOf<K>;',
      'export declare function responseExample(operationId: OperationId, name: string, status: number | string): unknown;',
      '',
    ].join('\n'),
  );
  return `${count} named examples across ${Object.keys(table).length} operations`;
}
