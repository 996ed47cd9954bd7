// Starts a REAL Prism mock (the pinned @stoplight/prism-cli) on the bundled spec, on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const BUNDLED_SPEC = join(REPO_ROOT, 'generated', 'openapi.yaml');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface PrismMock {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startPrism(spec = BUNDLED_SPEC): Promise<PrismMock> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  const bin = join(dirname(pkg), (require(pkg) as { bin: Record<string, string> }).bin.prism!);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, 'mock', '-h', '127.0.0.1', '-p', String(port), '--verboseLevel', 'warn', spec],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Prism exited early (${child.exitCode}):\n${output.slice(-2000)}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      break; // any HTTP answer means it is listening
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`Prism did not start within 45 s:\n${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
