import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { freePort } from './net.js';

const require = createRequire(import.meta.url);

/** Prism's log levels (its `--verboseLevel`). */
export type PrismLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface PrismOptions {
  /** Path of the OpenAPI document Prism serves. */
  spec: string;
  /** Port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /**
   * Prism's log level. Default `warn`: Prism's default `info` logging costs several times its
   * throughput on large bodies (toolchain.md: 201 vs 1,451 req/s on a 49 KB body).
   */
  logLevel?: PrismLogLevel;
  /** Where Prism's own output goes; default: discarded unless it fails to start. */
  onLog?: (line: string) => void;
  /** How long to wait for Prism to answer, in ms (default 30 s). */
  startTimeoutMs?: number;
}

export interface PrismHandle {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves with Prism's exit code when its process ends (for whatever reason). */
  readonly exited: Promise<number | null>;
  /** Stops Prism (SIGTERM to its process group, SIGKILL after 3 s). Idempotent. */
  close(): Promise<void>;
}

/** The installed Prism CLI entry point (`@stoplight/prism-cli`'s `bin.prism`). */
export function prismBin(): string {
  const pkgJson = require.resolve('@stoplight/prism-cli/package.json');
  const bin = join(dirname(pkgJson), 'dist', 'index.js');
  if (!existsSync(bin)) throw new MockError(`Prism CLI not found at ${bin}; is @stoplight/prism-cli installed?`);
  return bin;
}

export class MockError extends Error {
  override name = 'MockError';
}

// Preloaded into Prism's Node process: exit when the parent's IPC channel goes away, so a
// crashed or SIGKILLed parent never leaves an orphan Prism holding the port.
const ORPHAN_GUARD = 'data:text/javascript,process.on("disconnect",()=>process.exit(0));';

/** Spawns Prism in mock mode and resolves once it answers HTTP on its port. */
export async function startPrism(options: PrismOptions): Promise<PrismHandle> {
  const host = options.host ?? '127.0.0.1';
  if (!existsSync(options.spec)) throw new MockError(`spec not found: ${options.spec}`);
  const port = options.port && options.port > 0 ? options.port : await freePort(host);
  const args = [
    '--import',
    ORPHAN_GUARD,
    prismBin(),
    'mock',
    options.spec,
    '--host',
    host,
    '--port',
    String(port),
    '--verboseLevel',
    options.logLevel ?? 'warn',
  ];
  const child = spawn(process.execPath, args, {
    // Own process group: close() can signal the whole tree, and a terminal Ctrl-C reaches
    // only the CLI, which then stops Prism in order.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      options.onLog?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      if (child.connected) child.disconnect();
    })();
    return closing;
  };

  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let done = false;
  const earlyExit = exited.then((code) => {
    if (!done) throw new MockError(`Prism exited with code ${code} before it was ready:\n${tail.join('\n')}`);
  });
  try {
    await Promise.race([waitForHttp(url, deadline), earlyExit]);
  } catch (err) {
    done = true;
    await close();
    if (err instanceof MockError) throw err;
    throw new MockError(`Prism did not answer on ${url} within the start timeout:\n${tail.join('\n')}`);
  }
  done = true;
  earlyExit.catch(() => {});
  return { url, port, pid: child.pid ?? -1, exited, close };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

async function waitForHttp(url: string, deadline: number): Promise<void> {
  for (;;) {
    if (await probe(url)) return;
    if (Date.now() > deadline) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/__prism_readiness_probe__`, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(true));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}
