// The CLI stops itself and Prism on SIGTERM, SIGINT and SIGHUP however it was started (npx, npm run, node), with
// the signal sent to the first process only, as a process manager does; and when the process that started it
// dies. Real processes, real Prism.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@zoloz-openapi/mock';
import { GENERATED_DIR } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/zoloz-openapi-mock.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'zoloz-mock-signals-'));
const groups: number[] = [];
afterAll(() => {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

let specs = 0;
/** A copy of the spec under a path unique to one test, so its processes can be told apart. */
function uniqueSpec(): string {
  specs += 1;
  const path = join(tmp, `spec-${process.pid}-${specs}.yaml`);
  copyFileSync(join(GENERATED_DIR, 'openapi.yaml'), path);
  return path;
}

/**
 * Processes (launchers, shells, the CLI, Prism) whose command line mentions `path`. Stopping is checked by these
 * being gone, not by ports refusing connections: a freed port can be taken at once by another test's server.
 */
function processesMentioning(path: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path)) pids.push(Number(pid));
    } catch {
      /* gone */
    }
  }
  return pids;
}

function prismProcesses(path: string): number[] {
  return processesMentioning(path).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('prism-cli');
    } catch {
      return false; // gone meanwhile
    }
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const LAUNCHERS: Record<string, (args: string[]) => [string, string[]]> = {
  npx: (args) => ['npx', ['zoloz-openapi-mock', ...args]],
  'npm run': (args) => ['npm', ['run', 'mock', '--', ...args]],
  node: (args) => [process.execPath, [BIN, ...args]],
  // A parent that stays while the CLI runs (not exec'd away): killing it orphans the CLI.
  'sh parent': (args) => ['sh', ['-c', `"${process.execPath}" "${BIN}" ${args.map((a) => `'${a}'`).join(' ')}; true`]],
};

async function launch(launcher: string, args: string[]): Promise<{ child: ChildProcess; out: () => string }> {
  const [cmd, argv] = LAUNCHERS[launcher]!(args);
  const child = spawn(cmd, argv, {
    cwd: ROOT,
    detached: true, // its own process group, so that afterAll can clean up whatever is left
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
  });
  groups.push(child.pid!);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${out}`)), 90_000);
    child.stdout!.on('data', () => {
      if (/Ctrl-C to stop/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
  return { child, out: () => out };
}

async function waitUntil(what: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await what()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const prismPortOf = (out: string) => Number(/Prism behind it: http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);

// Concurrent: each case is a few seconds of waiting on real processes.
describe.concurrent('zoloz-openapi-mock stops itself and Prism', () => {
  // Not here: SIGINT to `npx` alone. npm forwards it to its `sh -c` child, and the shell (as POSIX shells do)
  // holds SIGINT until its own child exits, so nothing reaches the CLI (README: "Stopping").
  const cases: Array<[string, NodeJS.Signals]> = [
    ['npx', 'SIGTERM'],
    ['npx', 'SIGHUP'],
    ['npm run', 'SIGINT'],
    ['npm run', 'SIGHUP'],
    ['node', 'SIGHUP'], // node with SIGINT and SIGTERM: cli.test.ts
  ];
  it.each(cases)(
    'started with %s, on %s sent to the first process only',
    async (launcher, signal) => {
      const spec = uniqueSpec();
      const port = await freePort();
      const { child, out } = await launch(launcher, ['--gateway', '--spec', spec, '--port', String(port), '--keys-dir', `${spec}-keys`]);
      expect(prismPortOf(out())).toBeGreaterThan(0);
      expect(await answers(port)).toBe(true);
      expect(prismProcesses(spec)).toHaveLength(1);
      process.kill(child.pid!, signal);
      expect(await waitUntil(() => processesMentioning(spec).length === 0, 30_000)).toBe(true);
    },
    150_000,
  );

  it('started with npx, on Ctrl-C (SIGINT to the process group, as a terminal sends it)', async () => {
    const spec = uniqueSpec();
    const port = await freePort();
    const { child } = await launch('npx', ['--gateway', '--spec', spec, '--port', String(port), '--keys-dir', `${spec}-keys`]);
    expect(prismProcesses(spec)).toHaveLength(1);
    process.kill(-child.pid!, 'SIGINT');
    expect(await waitUntil(() => processesMentioning(spec).length === 0, 30_000)).toBe(true);
  }, 150_000);

  it('when the process that started it is killed outright', async () => {
    const spec = uniqueSpec();
    const port = await freePort();
    const { child } = await launch('sh parent', ['--gateway', '--spec', spec, '--port', String(port), '--keys-dir', `${spec}-keys`]);
    expect(prismProcesses(spec)).toHaveLength(1);
    process.kill(child.pid!, 'SIGKILL');
    expect(await waitUntil(() => processesMentioning(spec).length === 0, 30_000)).toBe(true);
  }, 150_000);

  it('killed outright (SIGKILL), it leaves a valid HAR recording and no Prism', async () => {
    const spec = uniqueSpec();
    const port = await freePort();
    const record = `${spec}.har`;
    const { child } = await launch('node', ['--spec', spec, '--port', String(port), '--record', record]);
    expect(prismProcesses(spec)).toHaveLength(1);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/zoloz/realid/checkresult`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"bizId":"b","transactionId":"t"}',
    });
    await res.text();
    const entries = () => {
      try {
        return (JSON.parse(readFileSync(record, 'utf8')) as { log: { entries: unknown[] } }).log.entries.length;
      } catch {
        return -1;
      }
    };
    expect(await waitUntil(() => entries() === 1, 10_000)).toBe(true);
    process.kill(child.pid!, 'SIGKILL');
    expect(await waitUntil(() => processesMentioning(spec).length === 0, 30_000)).toBe(true);
    expect(entries()).toBe(1);
  }, 150_000);
});
