// The README's ten-line example, run as written (port and directory aside) against the real mock CLI in
// gateway mode — so the README cannot drift from the client or the mock.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/prism.js';

const workDir = fileURLToPath(new URL('./.tmp/readme/', import.meta.url));
let mock: ChildProcess | undefined;
let url = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function readmeExample(): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const m = /<!-- readme-example[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no readme-example block');
  return m[1]!;
}

beforeAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  mock = spawn(process.execPath, [`${REPO_ROOT}packages/mock/dist/cli.js`, '--gateway', '--port', String(port)], {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/listening on/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    mock!.stdout!.on('data', onData);
    mock!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    mock!.once('exit', (code) => reject(new Error(`mock exited (${code}):\n${out}`)));
  });
}, 120_000);

afterAll(async () => {
  if (mock && mock.exitCode === null) {
    const exited = new Promise((r) => mock!.once('exit', r));
    mock.kill('SIGTERM');
    await exited;
  }
  rmSync(workDir, { recursive: true, force: true });
});

describe('README example', () => {
  it('is at most ten lines of code and prints a successful RealID initialize from the mock', async () => {
    const code = readmeExample();
    expect(code.trim().split('\n').length).toBeLessThanOrEqual(10);
    expect(code).toContain("'http://127.0.0.1:4010'");
    writeFileSync(`${workDir}example.mjs`, code.replace('http://127.0.0.1:4010', url));
    const { stdout } = await promisify(execFile)(process.execPath, ['example.mjs'], { cwd: workDir });
    expect(stdout.trim()).toMatch(/^S SUCCESS \S+$/);
  });
});
