// Stage 9: the workspace package of generated/ and a manifest (spec hash, tool versions, file hashes;
// no timestamps, so an unchanged spec rebuilds to identical bytes).
import { createRequire } from 'node:module';
import { sha256 } from '../lib/output.mjs';
import fs from 'node:fs/promises';

export const name = 'manifest';

const require = createRequire(import.meta.url);
const version = (pkg) => require(`${pkg}/package.json`).version;

const PACKAGE = {
  name: '@zoloz-openapi/generated',
  version: '0.1.0',
  description: 'Generated from openapi/ by scripts/build.mjs: bundled spec, types, validators, operations table. Do not edit.',
  private: true,
  type: 'module',
  license: 'MIT',
  exports: {
    './openapi.yaml': './openapi.yaml',
    './openapi.json': './openapi.json',
    './openapi.dereferenced.json': './openapi.dereferenced.json',
    './types': { types: './types/openapi.d.ts' },
    './models': { types: './models/index.d.ts' },
    './validators': { types: './validators/index.d.ts', default: './validators/index.mjs' },
    './validators/strict': { types: './validators/strict.d.ts', default: './validators/strict.mjs' },
    './operations': { types: './operations.d.ts', default: './operations.mjs' },
    './operations.json': './operations.json',
    './personal-data': { types: './personal-data.d.ts', default: './personal-data.mjs' },
    './personal-data.json': './personal-data.json',
    './coverage-universe': { types: './coverage-universe.d.ts', default: './coverage-universe.mjs' },
    './coverage-universe.json': './coverage-universe.json',
    './manifest.json': './manifest.json',
  },
};

export async function run(ctx) {
  const { out } = ctx;
  await out.writeJson('generated/package.json', {
    ...PACKAGE,
    // The standalone validators require Ajv's runtime helpers and ajv-formats' format checks.
    dependencies: { ajv: version('ajv'), 'ajv-formats': version('ajv-formats') },
  });
  const redocBanner = (await fs.readFile(require.resolve('@redocly/cli/package.json').replace('package.json', 'lib/chunks/redoc.standalone.js'), 'utf8')).slice(0, 400);
  const manifest = {
    generator: 'scripts/build.mjs',
    specSha256: sha256(await fs.readFile(out.abs('generated/openapi.json'))),
    counts: { ...ctx.counts, resultCodes: ctx.operations.reduce((n, o) => n + o.resultCodes.length, 0) },
    tools: {
      '@redocly/cli': version('@redocly/cli'),
      redoc: /Version: ([\d.]+)/.exec(redocBanner)?.[1] ?? 'unknown',
      'openapi-typescript': version('openapi-typescript'),
      'json-schema-to-typescript': version('json-schema-to-typescript'),
      ajv: version('ajv'),
      'ajv-formats': version('ajv-formats'),
    },
    files: Object.fromEntries([...out.files.entries()].filter(([f]) => f !== 'generated/manifest.json').sort(([a], [b]) => a.localeCompare(b))),
  };
  await out.writeJson('generated/manifest.json', manifest);
  return `manifest: spec sha256 ${manifest.specSha256.slice(0, 12)}…, ${Object.keys(manifest.files).length} files`;
}
