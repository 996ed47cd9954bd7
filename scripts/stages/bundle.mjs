// Stage 2: bundle the split spec into one YAML and one JSON file (components hoisted by file name),
// plus a fully dereferenced JSON for tools with weak $ref support.
import { bundleSpec, formatProblem, toJson, toYaml } from '../lib/redocly.mjs';
import { eachOperation } from '../lib/spec.mjs';
import { StageError } from '../lib/tool.mjs';

export const name = 'bundle';
export const needs = ['specEntry', 'redocly'];
export const provides = ['spec', 'counts'];
export const outputs = ['generated/openapi.yaml', 'generated/openapi.json', 'generated/openapi.dereferenced.json'];

async function bundled(ctx, options) {
  const { document, problems } = await bundleSpec(ctx.specEntry, ctx.redocly, options);
  if (problems.length) throw new StageError(`bundling reported problems:\n${problems.map(formatProblem).join('\n')}`);
  return document;
}

export async function run(ctx) {
  const { out } = ctx;
  const spec = await bundled(ctx);
  await out.write('generated/openapi.yaml', toYaml(spec));
  await out.write('generated/openapi.json', toJson(spec), { raw: true });
  await out.write('generated/openapi.dereferenced.json', toJson(await bundled(ctx, { dereference: true })), { raw: true });
  // Later stages read the JSON text back, so they see exactly what was written.
  ctx.spec = JSON.parse(toJson(spec));
  ctx.counts = {
    operations: [...eachOperation(ctx.spec)].length,
    schemas: Object.keys(ctx.spec.components.schemas ?? {}).length,
    examples: Object.keys(ctx.spec.components.examples ?? {}).length,
  };
  return `${ctx.counts.operations} operations, ${ctx.counts.schemas} schemas, ${ctx.counts.examples} examples`;
}
