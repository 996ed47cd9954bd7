// Stage 6: the operations table, read from the operations and their vendor extensions
// (`x-zoloz-method`, `x-idempotent`), with each operation's result codes and named examples.
// Packages take retries, routing and example lists from here, never from a hand-written list.
import { bodySchemas, clientMethodOf, deref, eachOperation, schemaName } from '../lib/spec.mjs';
import { StageError } from '../lib/tool.mjs';
import { validatorName } from './validators.mjs';
import { writeTable } from '../lib/output.mjs';

export const name = 'operations';
export const needs = ['spec'];
export const provides = ['operations'];
export const outputs = ['generated/operations.json', 'generated/operations.mjs', 'generated/operations.d.ts'];

// The codes a response schema allows: API-specific first, then the common ones, each with its description.
function resultCodes(spec, responseSchema) {
  const result = deref(spec, deref(spec, spec.components.schemas[responseSchema]).properties.result);
  const codeSchema = deref(spec, result.properties?.resultCode);
  const codes = [];
  for (const [source, branch] of [
    ['api', deref(spec, codeSchema?.anyOf?.[0])],
    ['common', deref(spec, codeSchema?.anyOf?.[1])],
  ]) {
    for (const code of branch?.enum ?? []) {
      if (codes.some((c) => c.code === code)) continue;
      const text = branch['x-enumDescriptions']?.[code] ?? '';
      codes.push({ code, source, description: text.replace(/^`[SFU]`\s*/, '') });
    }
  }
  return codes;
}

function encryptedRequestOf(op) {
  const ext = op.requestBody?.['x-zoloz-encrypted-body'];
  if (!ext) throw new StageError(`${op.operationId}: the request body has no x-zoloz-encrypted-body (every ZOLOZ API accepts RSA_AES).`);
  if (ext.algorithm !== 'RSA_AES' || typeof ext.contentType !== 'string') {
    throw new StageError(`${op.operationId}: x-zoloz-encrypted-body needs algorithm RSA_AES and a contentType.`);
  }
  return { algorithm: ext.algorithm, contentType: ext.contentType };
}

function tableFor(spec, path, method, op) {
  const { request, response } = bodySchemas(op);
  const codes = resultCodes(spec, response);
  if (!codes.length) throw new StageError(`${op.operationId}: the response's result.resultCode lists no codes.`);
  const responses = [];
  for (const [status, res] of Object.entries(op.responses)) {
    for (const [exampleName, ex] of Object.entries(res.content?.['application/json']?.examples ?? {})) {
      const value = deref(spec, ex).value;
      responses.push({
        name: exampleName,
        status: status === 'default' ? 'default' : Number(status),
        resultStatus: value?.result?.resultStatus,
        resultCode: value?.result?.resultCode,
      });
    }
  }
  for (const c of codes) {
    const example = responses.find((r) => r.status === 200 && r.resultCode === c.code);
    if (!example) throw new StageError(`${op.operationId}: result code ${c.code} has no named 200 example.`);
    c.status = example.resultStatus;
    c.example = example.name;
  }
  for (const r of responses) {
    if (!codes.some((c) => c.code === r.resultCode)) {
      throw new StageError(`${op.operationId}: example ${r.name} uses result code ${r.resultCode}, which the operation does not list.`);
    }
  }
  let client;
  try {
    client = clientMethodOf(op);
  } catch (error) {
    throw new StageError(error.message);
  }
  return {
    operationId: op.operationId,
    method,
    path,
    zolozMethod: op['x-zoloz-method'],
    idempotent: op['x-idempotent'],
    summary: op.summary,
    tag: op.tags?.[0],
    clientNamespace: client.namespace,
    clientMethod: client.method,
    requestSchema: request,
    responseSchema: response,
    requestValidator: validatorName(request),
    responseValidator: validatorName(response),
    // Statuses other than 200 (e.g. `default`: a body with only `result`) and the validator of each.
    otherResponseValidators: Object.fromEntries(
      Object.entries(op.responses)
        .filter(([status]) => status !== '200')
        .map(([status, res]) => [status, schemaName(res.content?.['application/json']?.schema?.$ref)])
        .filter(([, schema]) => schema)
        .map(([status, schema]) => [status, validatorName(schema)]),
    ),
    // The RSA_AES form of the request body (x-zoloz-encrypted-body): not a media type of its own, see extensions.md.
    encryptedRequest: encryptedRequestOf(op),
    resultCodes: codes,
    examples: {
      requests: Object.keys(op.requestBody?.content?.['application/json']?.examples ?? {}),
      responses,
    },
  };
}

export async function run(ctx) {
  const table = [...eachOperation(ctx.spec)].map(({ path, method, op }) => tableFor(ctx.spec, path, method, op));
  ctx.operations = table;
  const json = JSON.stringify(table, null, 2);
  await writeTable(ctx.out, 'generated/operations', 'operations', table, [
    'export const operationsById = Object.fromEntries(operations.map((o) => [o.operationId, o]));',
  ]);
  // JSON is also a valid TypeScript type literal: the declaration keeps every value's literal type.
  await ctx.out.write(
    'generated/operations.d.ts',
    [
      `export declare const operations: readonly ${json};`,
      '',
      'export type Operation = (typeof operations)[number];',
      "export type OperationId = Operation['operationId'];",
      'export declare const operationsById: { readonly [K in OperationId]: Extract<Operation, { operationId: K }> };',
      '',
    ].join('\n'),
  );
  const codes = table.reduce((n, o) => n + o.resultCodes.length, 0);
  return `${table.length} operations, ${codes} result codes, ${table.filter((o) => o.idempotent).length} idempotent (${table
    .filter((o) => o.idempotent)
    .map((o) => o.operationId)
    .join(', ')})`;
}
