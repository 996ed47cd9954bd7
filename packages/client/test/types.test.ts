// Runs the type tests (types.test-d.ts) with tsc against the compiled declarations, as a consumer sees them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function typecheck(project: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', project], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('type tests', () => {
  it('types.test-d.ts compiles: typed calls pass, and every @ts-expect-error is still needed', () => {
    const { ok, output } = typecheck(fileURLToPath(new URL('./tsconfig.types.json', import.meta.url)));
    expect(output).toBe('');
    expect(ok).toBe(true);
  });

  it('the same tsc setup fails on an unused @ts-expect-error (so the check above has teeth)', () => {
    const dir = fileURLToPath(new URL('./.tmp/unused-expect-error/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(
        `${dir}probe.ts`,
        "import { createZolozClient } from '@zoloz-openapi/client';\nvoid createZolozClient;\n// @ts-expect-error\nexport const fine: string = 'no error here';\n",
      );
      writeFileSync(`${dir}tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.types.json', files: ['probe.ts'] }));
      const { ok, output } = typecheck(`${dir}tsconfig.json`);
      expect(ok).toBe(false);
      expect(output).toMatch(/TS2578/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
