// Installable by other services: every workspace is packed with `npm pack`, the tarballs are installed into
// a throwaway consumer project under the OS temporary directory (no workspace links, no path into the
// repository; `npm ci --offline` from the npm cache), and the consumer type-checks and runs a TypeScript file
// calling both products through createZolozClient against `npx zoloz-openapi-mock --gateway` started from the
// installed tarball; `npx zoloz-openapi validate-traffic --keys` from the installed tarball then validates
// the mock's recording.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerLock, type PackedWorkspace } from './support/consumer-lock.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const rootPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'consumer');
const MINUTES = 60_000;

// npm passes its configuration to scripts as npm_* variables (npm_config_local_prefix is the repository):
// the consumer's npm must see none of it. It works offline: `npx` finds the installed bins or fails.
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), npm_config_offline: 'true' };
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });

interface PackResult {
  name: string;
  filename: string;
  size: number;
  unpackedSize: number;
  integrity: string;
  files: { path: string }[];
}

let dir = '';
let packs: PackResult[] = [];
const timings: Record<string, number> = {};
async function timed<T>(step: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    timings[step] = Math.round(performance.now() - t0);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoloz-consumer-'));
  const tarballs = path.join(dir, 'tarballs');
  fs.mkdirSync(tarballs);
  const { stdout } = await timed('pack', () => npm(['pack', '--workspaces', '--json', '--pack-destination', tarballs], root));
  packs = JSON.parse(stdout) as PackResult[];

  const locations = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages as Record<string, { name?: string }>;
  const packed: PackedWorkspace[] = packs.map((p) => ({
    name: p.name,
    location: Object.keys(locations).find((l) => !l.startsWith('node_modules/') && locations[l]!.name === p.name)!,
    tarball: `tarballs/${p.filename}`,
    integrity: p.integrity,
  }));
  const devDependencies = {
    typescript: rootPackage.devDependencies.typescript!,
    '@types/node': rootPackage.devDependencies['@types/node']!,
  };
  const manifest = {
    name: 'zoloz-consumer',
    private: true,
    type: 'module',
    dependencies: Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`])),
    devDependencies,
  };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, 'package-lock.json'),
    `${JSON.stringify(consumerLock(root, manifest.name, packed, devDependencies), null, 2)}\n`,
  );
  for (const f of ['consumer.ts', 'tsconfig.json']) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  await timed('install', () => npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], dir));
}, 5 * MINUTES);

afterAll(() => {
  console.log(
    `packed install: ${JSON.stringify({ timingsMs: timings, packed: packs.map((p) => ({ name: p.name, size: p.size, unpackedSize: p.unpackedSize, files: p.files.length })) })}`,
  );
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('packed workspaces in a consumer project', () => {
  it('packs every workspace, each with its README, compiled code and nothing of the test set-up', () => {
    const workspaces = fs
      .readdirSync(path.join(root, 'packages'))
      .map((d) => `@zoloz-openapi/${d}`)
      .concat('@zoloz-openapi/generated');
    expect(packs.map((p) => p.name).sort()).toEqual(workspaces.sort());
    for (const p of packs) {
      const files = p.files.map((f) => f.path);
      expect(files, p.name).toContain('README.md');
      expect(files, p.name).toContain('package.json');
      expect(
        files.filter((f) => /(^|\/)(test|bench|\.tmp|node_modules)\/|tsbuildinfo$|^tsconfig/.test(f)),
        p.name,
      ).toEqual([]);
      if (p.name !== '@zoloz-openapi/generated') expect(files, p.name).toContain('dist/index.js');
    }
  });

  it('installs from the tarballs alone: real copies, no links into the repository', () => {
    for (const p of packs) {
      const installed = path.join(dir, 'node_modules', ...p.name.split('/'));
      expect(fs.lstatSync(installed).isSymbolicLink(), p.name).toBe(false);
      expect(fs.realpathSync(installed).startsWith(fs.realpathSync(dir)), p.name).toBe(true);
    }
    const lock = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
    expect(lock).not.toContain(root);
  });

  it(
    'type-checks a file calling both products, runs it against the installed mock gateway, and the installed validator passes the recording',
    async () => {
      await timed('tsc', () =>
        run(process.execPath, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir }),
      );

      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      let mock: ChildProcess | undefined;
      let output = '';
      try {
        await timed('mock start', async () => {
          mock = spawn(
            'npx',
            ['zoloz-openapi-mock', '--gateway', '--port', String(port), '--keys-dir', 'keys', '--record', 'traffic.jsonl'],
            {
              cwd: dir,
              env,
              detached: true, // its own process group, so that the test stops npx, the mock and Prism together
              stdio: ['ignore', 'pipe', 'pipe'],
            },
          );
          await new Promise<void>((resolve, reject) => {
            mock!.stdout!.on('data', (d: Buffer) => {
              output += d.toString();
              if (/listening on/.test(output)) resolve();
            });
            mock!.stderr!.on('data', (d: Buffer) => (output += d.toString()));
            mock!.once('exit', (code) => reject(new Error(`the mock exited (${code}):\n${output}`)));
          });
        });
        const { stdout } = await timed('consumer', () => run(process.execPath, ['dist/consumer.js', url, 'keys'], { cwd: dir, env }));
        const result = JSON.parse(stdout.trim().split('\n').pop()!);
        expect(result).toMatchObject({
          connect: { status: 'S', code: 'SUCCESS', transactionId: 'string', strictValid: true },
          realId: { status: 'S', code: 'SUCCESS', transactionId: 'string', valid: true },
          personalOperations: 5,
          spec: { paths: 5, dereferencedPaths: 5, yamlStartsWith: 'openapi: 3.1.0' },
        });
        expect(result.operations).toEqual(
          expect.arrayContaining([
            'connect.initialize',
            'connect.checkResult',
            'connect.enroll',
            'realId.initialize',
            'realId.checkResult',
          ]),
        );
      } finally {
        if (mock?.pid && mock.exitCode === null) {
          const exited = new Promise((r) => mock!.once('exit', r));
          process.kill(-mock.pid, 'SIGTERM');
          await exited;
        }
      }

      const keys = Object.fromEntries(
        ['merchantPublicKey', 'zolozPublicKey', 'merchantPrivateKey', 'zolozPrivateKey'].map((k) => [
          k,
          `keys/THROWAWAY-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.pem`,
        ]),
      );
      fs.writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ clientId: '0000000000000001', ...keys }));
      const { stdout: report } = await timed('validate-traffic', () =>
        run('npx', ['zoloz-openapi', 'validate-traffic', 'traffic.jsonl', '--keys', 'keys.json', '--format', 'json'], { cwd: dir, env }),
      );
      const parsed = JSON.parse(report);
      expect(parsed.checks).toMatchObject({ signatures: { request: true, response: true } });
      expect(parsed.summary).toMatchObject({ total: 2, valid: 2, invalid: 0, unreadable: 0 });
      for (const e of parsed.exchanges) expect(e.checks).toMatchObject({ requestSignature: 'passed', responseSignature: 'passed' });
    },
    5 * MINUTES,
  );
});
