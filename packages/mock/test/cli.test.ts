// The CLI as users run it: the compiled dist/cli.js from plain Node (`npm run mock`).
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@zoloz-openapi/mock';
import { GENERATED_DIR, operationsUnderTest, signedCall } from './helpers.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'zoloz-mock-cli-'));
// A spec path unique to this test run, so we can tell whether any process still serves it.
const SPEC = join(tmp, 'unique-spec-for-cli-test.yaml');
copyFileSync(join(GENERATED_DIR, 'openapi.yaml'), SPEC);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

function runSync(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Prism processes whose command line mentions the unique spec path. */
function processesServing(path: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(path) && cmd.includes('prism-cli')) pids.push(Number(pid));
    } catch {
      /* gone */
    }
  }
  return pids;
}

function startCli(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI not ready:\n${stdout}\n${stderr}`)), 45_000);
    child.stdout!.on('data', () => {
      if (/listening on/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited ${code}:\n${stdout}\n${stderr}`));
    });
  });
  return { child, ready, exited, out: () => stdout, err: () => stderr };
}

describe('zoloz-openapi-mock CLI (dist)', () => {
  it('is built', () => {
    expect(existsSync(CLI), 'run `npm run typecheck` (tsc -b) to build packages/mock/dist').toBe(true);
  });

  it('--help prints usage and exits 0', () => {
    const r = runSync(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: zoloz-openapi-mock \[options\][\s\S]*npm run mock --/);
    expect(r.stdout).toMatch(/--gateway/);
    expect(r.stdout).toMatch(/--record/);
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['--port', 'abc'], /--port must be a number/],
    [['--port', '70000'], /--port must be a number/],
    [['--spec', join(tmp, 'missing.yaml')], /spec not found/],
    [['--spec', SPEC, '--client-id', '1234'], /--client-id only applies with --gateway/],
    [['--spec', SPEC, '--gateway', '--merchant-public-key', SPEC], /give both --merchant-public-key and --zoloz-private-key/],
    [
      ['--spec', SPEC, '--gateway', '--merchant-public-key', SPEC, '--zoloz-private-key', SPEC],
      /is not an SPKI PEM or base64 DER RSA public key/,
    ],
    [['--spec', SPEC, '--record', ''], /--record needs a file name/],
  ])('rejects %j with a clear message, exit 2, no stack trace', (args, message) => {
    const r = runSync(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('gateway mode: throwaway keys announced loudly, serves signed traffic, records it, Ctrl-C stops Prism too', async () => {
    const port = await freePort();
    const keysDir = join(tmp, 'keys');
    const record = join(tmp, 'cli.jsonl');
    const cli = startCli(['--spec', SPEC, '--port', String(port), '--gateway', '--keys-dir', keysDir, '--record', record]);
    await cli.ready;
    expect(cli.err()).toMatch(/WARNING: the mock gateway is using THROWAWAY keys/);
    expect(cli.out()).toContain(`http://127.0.0.1:${port}`);
    expect(processesServing(SPEC)).toHaveLength(1);

    const op = operationsUnderTest()[0]!;
    const res = await signedCall(`http://127.0.0.1:${port}`, op.path, JSON.stringify(op.requestBody), {
      clientId: '0000000000000001',
      merchantPrivateKey: readFileSync(join(keysDir, 'THROWAWAY-merchant-private-key.pem'), 'utf8'),
      zolozPublicKey: readFileSync(join(keysDir, 'THROWAWAY-zoloz-public-key.pem'), 'utf8'),
    });
    expect(res.opened.verified).toBe(true);
    expect(res.json).toEqual(op.defaultExample.value);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.out()).toMatch(/Recorded 1 exchange\(s\)/);
    expect(processesServing(SPEC)).toEqual([]);
    const lines = readFileSync(record, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).request.headers.Signature).toMatch(/^algorithm=RSA256/);
  });

  it('plain mode: serves Prism on the given port and SIGTERM stops it cleanly', async () => {
    const port = await freePort();
    const cli = startCli(['--spec', SPEC, '--port', String(port)]);
    await cli.ready;
    expect(cli.out()).toMatch(/plain Prism/);
    const op = operationsUnderTest()[0]!;
    const res = await fetch(`http://127.0.0.1:${port}${op.path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Client-Id': '1', 'Request-Time': '2026-01-01T00:00:00+0000', Signature: 'x' },
      body: JSON.stringify(op.requestBody),
    });
    expect(JSON.parse(await res.text())).toEqual(op.defaultExample.value);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(processesServing(SPEC)).toEqual([]);
  });

  it('says so and exits 2 (unusable environment) when the port is taken', async () => {
    const port = await freePort();
    const first = startCli(['--spec', SPEC, '--port', String(port), '--gateway', '--keys-dir', join(tmp, 'keys')]);
    await first.ready;
    try {
      const r = runSync(['--spec', SPEC, '--port', String(port), '--gateway', '--keys-dir', join(tmp, 'keys')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/already in use/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    expect(processesServing(SPEC)).toEqual([]);
  });
});
