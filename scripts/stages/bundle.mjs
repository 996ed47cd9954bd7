// Stage 2: bundle the split spec into one YAML and one JSON file (components hoisted by file name),
// plus a fully dereferenced JSON for tools with weak $ref support.
import fs from 'node:fs/promises';
import { runTool, StageError } from '../lib/tool.mjs';

export const name = 'bundle';

async function bundle(ctx, rel, extra) {
  const { out } = ctx;
  const target = out.abs(rel);
  const { code, output } = await runTool('redocly', ['bundle', ctx.specEntry, '-o', target, ...extra]);
  if (code !== 0) throw new StageError(`redocly bundle ${extra.join(' ')} failed:\n${output}`);
  return fs.readFile(target, 'utf8');
}

export async function run(ctx) {
  const { out } = ctx;
  const yaml = await bundle(ctx, 'generated/openapi.yaml', ['--ext', 'yaml']);
  await out.write('generated/openapi.yaml', yaml);
  const json = await bundle(ctx, 'generated/openapi.json', ['--ext', 'json']);
  await out.write('generated/openapi.json', json, { raw: true });
  const deref = await bundle(ctx, 'generated/openapi.dereferenced.json', ['--ext', 'json', '--dereferenced']);
  await out.write('generated/openapi.dereferenced.json', deref, { raw: true });
  ctx.spec = JSON.parse(json);
  const counts = {
    operations: Object.values(ctx.spec.paths).reduce((n, item) => n + Object.keys(item).length, 0),
    schemas: Object.keys(ctx.spec.components.schemas ?? {}).length,
    examples: Object.keys(ctx.spec.components.examples ?? {}).length,
  };
  ctx.counts = counts;
  return `${counts.operations} operations, ${counts.schemas} schemas, ${counts.examples} examples`;
}
