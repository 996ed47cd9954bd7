// The project's commands are runnable from the repository root after install, as the README says.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const run = (bin: string, args: string[]) =>
  promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', bin), args, { cwd: ROOT }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );

it.each([
  ['zoloz-openapi', /validate-traffic[\s\S]*validate-body/],
  ['zoloz-openapi-mock', /--gateway/],
])('npx %s --help works from the repository root', async (bin, usage) => {
  const result = await run(bin, ['--help']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(usage);
});
