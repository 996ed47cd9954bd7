// The help test, derived from the command declarations: every option is in the help, and every example
// the help shows runs, on fixtures made from the spec's own examples, with the exit code it promises.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, renderHelp, STANDARD_OPTIONS } from '@zoloz-openapi/gateway-protocol/command';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { COMMANDS, mainHelp, runCli } from '../src/cli.js';
import type { SpecRuntime } from '../src/spec-runtime.js';
import { cli } from './support/cli.js';
import { exampleCapture, exchangeRecord, requestExample, responseExample, spec, testKeys, toHar, toJsonl } from './support/fixtures.js';

let runtime: SpecRuntime;

async function cliStoppedWhenListening(args: readonly string[], spec: SpecRuntime) {
  const stop = new AbortController();
  let out = '';
  let err = '';
  const sink = (append: (t: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(chunk.toString()), done()) });
  const stdout = sink((t) => (out += t));
  const stderr = sink((t) => {
    err += t;
    if (/listening on/.test(err)) stop.abort();
  });
  const code = await runCli(args, { stdout, stderr, loadSpec: async () => spec, signal: stop.signal });
  return { code, stdout: out, stderr: err };
}
const fixtures = mkdtempSync(join(tmpdir(), 'tv-help-'));
const cwd = process.cwd();

beforeAll(async () => {
  const s = await spec();
  runtime = s;
  const records = exampleCapture(s.operations);
  const pem = (k: { export: (o: object) => string | Buffer }, type: string) => k.export({ type, format: 'pem' }).toString();
  const k = testKeys();
  const files: Record<string, string> = {
    'capture.har': toHar(records),
    'capture.jsonl': toJsonl(records),
    'keys.json': JSON.stringify({
      merchantPublicKey: pem(k.merchant.publicKey, 'spki'),
      zolozPublicKey: pem(k.zoloz.publicKey, 'spki'),
      merchantPrivateKey: pem(k.merchant.privateKey, 'pkcs8'),
    }),
  };
  const init = s.operations.find((o) => o.operationId === 'connectInitialize')!;
  const broken = requestExample(init, init.examples.requests[0]!);
  broken.bizId = 42;
  const ok = init.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
  files['broken.jsonl'] = toJsonl([exchangeRecord(init, broken, responseExample(init, ok.name, ok.status))]);
  files['request.json'] = JSON.stringify(requestExample(init, init.examples.requests[0]!));
  const check = s.operations.find((o) => o.operationId === 'realIdCheckResult')!;
  const response = responseExample(check, check.examples.responses.find((r) => r.resultCode === 'SUCCESS')!.name);
  response.result.resultStatus = 42;
  files['response.json'] = JSON.stringify(response);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(fixtures, name), text);
  // Examples name files relative to where the user stands: here, the fixtures folder (the pool runs in forks).
  process.chdir(fixtures);
});
afterAll(() => process.chdir(cwd));

describe.each(Object.entries(COMMANDS))('zoloz-openapi %s', (name, command) => {
  it('shows its declared help for --help, -h and `help <command>`, with exit 0', async () => {
    for (const args of [
      [name, '--help'],
      [name, '-h'],
      ['help', name],
    ]) {
      const r = await cli(args, runtime);
      expect([r.code, r.stderr, r.stdout]).toEqual([EXIT.ok, '', renderHelp(command as never)]);
    }
  });

  it('lists every declared option, with its choices and default, and the exit codes', async () => {
    const help = renderHelp(command as never).replace(/\s+/g, ' '); // wrapped lines read as one
    for (const o of [...command.options, ...STANDARD_OPTIONS]) {
      expect(help).toContain(`--${o.name}`);
      for (const choice of o.choices ?? []) expect(help).toContain(choice);
      if (o.default !== undefined) expect(help).toContain(`Default: ${o.default}.`);
    }
    expect(help).toContain('Exit codes: 0 ok, 1 findings in the input, 2 bad arguments or unusable input, 3 internal error.');
  });

  it.each(command.examples.map((e) => [e.args.join(' '), e] as const))(
    'runs its help example `%s` with the exit code it promises',
    async (_, example) => {
      // A long-running command (the proxy) is stopped, as by SIGTERM, once it says it is listening.
      const r = await cliStoppedWhenListening([name, ...example.args], runtime);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.code).toBe(example.exit);
    },
  );

  it('answers --version with the tool version and exit 0', async () => {
    const r = await cli([name, '--version'], runtime);
    expect([r.code, r.stdout]).toEqual([EXIT.ok, `${command.version}\n`]);
  });
});

describe('zoloz-openapi (no command)', () => {
  it('lists every declared command; no arguments is a usage error (exit 2), --help is not', async () => {
    const none = await cli([], runtime);
    expect([none.code, none.stdout]).toEqual([EXIT.unusable, mainHelp()]);
    const help = await cli(['--help'], runtime);
    expect([help.code, help.stdout]).toEqual([EXIT.ok, mainHelp()]);
    for (const [name, command] of Object.entries(COMMANDS))
      expect(help.stdout).toContain(`${name}`) && expect(help.stdout).toContain(command.summary.slice(0, 30));
  });

  it('rejects an unknown command with exit 2, without echoing a long or odd name', async () => {
    const odd = `x${'A'.repeat(200)}`;
    const r = await cli([odd], runtime);
    expect(r.code).toBe(EXIT.unusable);
    expect(r.stderr).toContain('unknown command a 201-character value');
    expect(r.stderr).not.toContain('AAAAAAAA');
  });
});
