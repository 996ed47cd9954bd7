// The generated declarations compile under strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes,
// and the type tests in test/types/ hold: wrong names and types do not compile.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

it('tsc accepts the generated types and rejects every @ts-expect-error case', async () => {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const result = await promisify(execFile)(tsc, ['-p', path.join(ROOT, 'test', 'types', 'tsconfig.json')]).then(
    () => ({ ok: true, output: '' }),
    (error: { stdout: string }) => ({ ok: false, output: error.stdout }),
  );
  expect(result.output).toBe('');
  expect(result.ok).toBe(true);
}, 120_000);
