// Stage 10: the manifest (spec hash, tool versions, file hashes; no timestamps, so an unchanged spec
// rebuilds to identical bytes). Runs last: it hashes every file the other stages wrote.
import { createRequire } from 'node:module';
import { sha256 } from '../lib/output.mjs';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/paths.mjs';

export const name = 'manifest';
export const needs = ['counts', 'operations'];
export const provides = [];
export const inputs = ['generated/openapi.json'];
export const outputs = ['generated/manifest.json'];

const require = createRequire(import.meta.url);
// Read from the installed folder: not every package exports its package.json.
const version = (pkg) => JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;

export async function run(ctx) {
  const { out } = ctx;
  const redocBanner = (
    await fs.readFile(require.resolve('@redocly/cli/package.json').replace('package.json', 'lib/chunks/redoc.standalone.js'), 'utf8')
  ).slice(0, 400);
  const manifest = {
    generator: 'scripts/build.mjs',
    specSha256: sha256(await fs.readFile(out.abs('generated/openapi.json'))),
    counts: { ...ctx.counts, resultCodes: ctx.operations.reduce((n, o) => n + o.resultCodes.length, 0) },
    tools: {
      '@redocly/cli': version('@redocly/cli'),
      '@redocly/openapi-core': version('@redocly/openapi-core'),
      redoc: /Version: ([\d.]+)/.exec(redocBanner)?.[1] ?? 'unknown',
      'openapi-typescript': version('openapi-typescript'),
      'json-schema-to-typescript': version('json-schema-to-typescript'),
      ajv: version('ajv'),
      'ajv-formats': version('ajv-formats'),
    },
    files: Object.fromEntries(
      [...out.files.entries()].filter(([f]) => f !== 'generated/manifest.json').sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
  await out.writeJson('generated/manifest.json', manifest);
  return `manifest: spec sha256 ${manifest.specSha256.slice(0, 12)}…, ${Object.keys(manifest.files).length} files`;
}
