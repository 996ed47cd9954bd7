// The mock CLI's help test, derived from its declaration, run in-process: the help lists every option, -h,
// --help and --version answer with exit 0, and every help example runs with the exit code it promises.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EXIT, renderHelp, STANDARD_OPTIONS } from '@zoloz-openapi/gateway-protocol/command';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@zoloz-openapi/mock';
import { mockCommand, runCli } from '../src/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mock-help-'));
const cwd = process.cwd();
beforeAll(() => process.chdir(dir)); // examples name files relative to where the user stands
afterAll(() => process.chdir(cwd));

/** Runs the CLI in-process; asks it to stop as soon as it says it is listening. */
async function run(argv: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  let stop: (reason: string) => void = () => {};
  const stopRequested = new Promise<string>((resolve) => (stop = resolve));
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes('listening on')) stop('test');
  });
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, { stdout, stderr, stopRequested, env });
  return { code, out, err };
}

describe('zoloz-openapi-mock', () => {
  it('answers -h, --help and --version with exit 0', async () => {
    for (const flag of ['-h', '--help'])
      expect(await run([flag])).toEqual({ code: EXIT.ok, out: renderHelp(mockCommand as never), err: '' });
    expect(await run(['--version'])).toEqual({ code: EXIT.ok, out: `${mockCommand.version}\n`, err: '' });
  });

  it('lists every declared option with its default', () => {
    const help = renderHelp(mockCommand as never).replace(/\s+/g, ' '); // wrapped lines read as one
    for (const o of [...mockCommand.options, ...STANDARD_OPTIONS]) {
      expect(help).toContain(`--${o.name}`);
      if (o.default !== undefined) expect(help).toContain(`Default: ${o.default}.`);
    }
  });

  it.each(mockCommand.examples.map((e) => [e.args.join(' '), e] as const))(
    'runs its help example `%s` with the exit code it promises',
    async (_, example) => {
      const port = String(await freePort());
      const r = await run(example.args, { MOCK_PORT: port });
      expect(r.err).not.toMatch(/internal error|\n\s+at /);
      expect(r.code).toBe(example.exit);
      if (example.args.includes('--record')) {
        const file = example.args[example.args.indexOf('--record') + 1]!;
        expect(existsSync(file)).toBe(true);
        expect(JSON.parse(readFileSync(file, 'utf8')).log.entries).toEqual([]);
        expect(r.out).toMatch(new RegExp(`listening on http://127\\.0\\.0\\.1:${port}`));
      }
    },
    60_000,
  );

  it('exits 2 on bad arguments, with the reason', async () => {
    expect(await run(['--port', 'x'])).toMatchObject({
      code: EXIT.unusable,
      err: expect.stringContaining('--port must be a number from 1 to 65535'),
    });
    expect(await run(['--frob'])).toMatchObject({ code: EXIT.unusable, err: expect.stringContaining("Unknown option '--frob'") });
  });
});
