// The bundled files are what platform teams feed to other generators: they must pass an independent
// OpenAPI 3.1 validator, and a second, independent TypeScript generator must produce code that compiles.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { generateApi } from 'swagger-typescript-api';
import { afterAll, describe, expect, it } from 'vitest';
import { operations } from './support/spec.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BUNDLES = ['generated/openapi.yaml', 'generated/openapi.json', 'generated/openapi.dereferenced.json'];
const run = promisify(execFile);
const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'zoloz-interop-'));
afterAll(() => fs.rm(scratch, { recursive: true, force: true }));

describe('independent OpenAPI 3.1 validator (@seriousme/openapi-schema-validator)', () => {
  it.each(BUNDLES)('%s is a valid OpenAPI 3.1 document', async (file) => {
    const validator = new Validator();
    const result = await validator.validate(path.join(ROOT, file));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('rejects a broken copy (the check can fail)', async () => {
    const broken = JSON.parse(await fs.readFile(path.join(ROOT, 'generated/openapi.json'), 'utf8'));
    broken.paths['/api/v1/zoloz/connect/initialize'].post.responses = 'none';
    const result = await new Validator().validate(broken);
    expect(result.valid).toBe(false);
  });
});

describe('second TypeScript generator (swagger-typescript-api)', () => {
  it.each(['generated/openapi.json', 'generated/openapi.dereferenced.json'])(
    'generates a client from %s that compiles under strict',
    async (file) => {
      const out = path.join(scratch, path.basename(file, '.json'));
      await generateApi({ input: path.join(ROOT, file), output: out, fileName: 'api.ts', silent: true, httpClientType: 'fetch' });
      const code = await fs.readFile(path.join(out, 'api.ts'), 'utf8');
      for (const op of operations) expect(code).toContain(`${op.operationId}: (`);
      const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
      const args = [
        '--noEmit',
        '--strict',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--lib',
        'es2022,dom',
        '--skipLibCheck',
        path.join(out, 'api.ts'),
      ];
      await expect(run(tsc, args)).resolves.toBeDefined();
    },
    120_000,
  );
});
