// Stage 7: the flows table, read from the Arazzo description (openapi/zoloz.arazzo.yaml) and the operations
// table. The traffic validator's cross-exchange checks come from here, so a new flow needs no validator code:
// - `carried`: a request value a step takes from an earlier step's response (`$steps.<id>.outputs.<name>`), e.g.
//   checkresult's `transactionId` from initialize's: sending one that no earlier source returned is a flow error;
// - `nonRepeatable`: the non-idempotent steps (`x-idempotent: false`), keyed by the request values bound to the
//   workflow inputs (`$inputs.<name>`, e.g. `bizId`): sending one again with the same key repeats the call, unless
//   the gateway refused the earlier one (an `F` answer with one of `refusedBy`, the common gateway codes).
import fs from 'node:fs/promises';
import { parse } from 'yaml';
import { arazzoEntryFor } from '../lib/paths.mjs';
import { StageError } from '../lib/tool.mjs';
import { writeTable } from '../lib/output.mjs';

export const name = 'flows';
export const needs = ['specEntry', 'operations'];
export const provides = [];
export const outputs = ['generated/flows.json', 'generated/flows.mjs', 'generated/flows.d.ts'];

const STEP_OUTPUT = /^\$steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_.-]+)$/;
const INPUT = /^\$inputs\.([A-Za-z0-9_.-]+)$/;
const RESPONSE_BODY = /^\$response\.body#(\/.*)?$/;
const OPERATION = /^\$sourceDescriptions\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.-]+)$/;

/** `target` pointer → runtime expression, from the step's replacements and any expression inside an inline payload. */
function requestBindings(step) {
  const bindings = [];
  const walk = (node, pointer) => {
    if (typeof node === 'string' && node.startsWith('$')) bindings.push({ pointer, expression: node });
    else if (node && typeof node === 'object' && !('$ref' in node)) {
      for (const [k, v] of Object.entries(node)) walk(v, `${pointer}/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(step.requestBody?.payload, '');
  for (const r of step.requestBody?.replacements ?? []) bindings.push({ pointer: r.target, expression: r.value });
  return bindings;
}

function operationOf(step, where, byId) {
  const match = OPERATION.exec(step.operationId ?? '');
  const operationId = match ? match[2] : step.operationId;
  if (!byId.has(operationId)) throw new StageError(`${where}: operationId ${step.operationId ?? '(none)'} names no operation of the spec.`);
  return byId.get(operationId);
}

function readWorkflow(wf, byId) {
  const steps = new Map();
  const carried = [];
  const keys = [];
  for (const step of wf.steps ?? []) {
    const where = `workflow ${wf.workflowId}, step ${step.stepId}`;
    const op = operationOf(step, where, byId);
    const inputs = [];
    for (const { pointer, expression } of requestBindings(step)) {
      const input = INPUT.exec(expression);
      if (input) inputs.push(pointer);
      const out = STEP_OUTPUT.exec(expression);
      if (!out) continue;
      const source = steps.get(out[1]);
      if (!source) throw new StageError(`${where}: ${expression} names no earlier step.`);
      const body = RESPONSE_BODY.exec(source.step.outputs?.[out[2]] ?? '');
      if (!body) throw new StageError(`${where}: ${expression} is not an output taken from the response body.`);
      carried.push({
        operationId: op.operationId,
        requestPointer: pointer,
        source: { operationId: source.op.operationId, responsePointer: body[1] ?? '' },
      });
    }
    if (!op.idempotent) keys.push({ operationId: op.operationId, keyPointers: inputs.sort() });
    steps.set(step.stepId, { step, op });
  }
  return {
    summary: {
      workflowId: wf.workflowId,
      summary: wf.summary,
      steps: [...steps.entries()].map(([stepId, { op }]) => ({ stepId, operationId: op.operationId })),
    },
    carried,
    keys,
  };
}

/** Merges what several workflows say about the same request field or step. */
function mergeByKey(items, key, merge) {
  const out = new Map();
  for (const item of items) {
    const k = key(item);
    out.set(k, out.has(k) ? merge(out.get(k), item) : item);
  }
  return [...out.values()];
}

export function flowsTable(doc, operations) {
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  const read = (doc.workflows ?? []).map((wf) => readWorkflow(wf, byId));
  const carried = mergeByKey(
    read.flatMap((r) => r.carried).map((c) => ({ operationId: c.operationId, requestPointer: c.requestPointer, sources: [c.source] })),
    (c) => `${c.operationId} ${c.requestPointer}`,
    (a, b) => ({
      ...a,
      sources: [
        ...a.sources,
        ...b.sources.filter((s) => !a.sources.some((t) => t.operationId === s.operationId && t.responsePointer === s.responsePointer)),
      ],
    }),
  );
  const nonRepeatable = mergeByKey(
    read.flatMap((r) => r.keys),
    (k) => k.operationId,
    (a, b) => {
      if (a.keyPointers.join() !== b.keyPointers.join()) {
        throw new StageError(
          `${a.operationId}: the workflows bind different request fields to their inputs (${a.keyPointers} / ${b.keyPointers}).`,
        );
      }
      return a;
    },
  ).map((k) => {
    if (!k.keyPointers.length)
      throw new StageError(`${k.operationId}: a non-idempotent step binds no request field to the workflow inputs.`);
    const refusedBy = byId
      .get(k.operationId)
      .resultCodes.filter((c) => c.source === 'common' && c.status === 'F')
      .map((c) => c.code);
    return { ...k, refusedBy };
  });
  return { workflows: read.map((r) => r.summary), carried, nonRepeatable };
}

export async function run(ctx) {
  const file = arazzoEntryFor(ctx.specEntry);
  const doc = parse(await fs.readFile(file, 'utf8'));
  const table = flowsTable(doc, ctx.operations);
  await writeTable(ctx.out, 'generated/flows', 'flows', table);
  await ctx.out.write('generated/flows.d.ts', `export declare const flows: ${JSON.stringify(table, null, 2)};\n`);
  return `${table.workflows.length} workflows, ${table.carried.length} carried values, ${table.nonRepeatable.length} non-repeatable steps`;
}
