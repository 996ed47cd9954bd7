/**
 * The real CLI, compiled (dist/cli.js), run with plain node as scripts and CI jobs will run it.
 * Requires `tsc -b` (root `prepare`) to have built dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exampleCapture,
  exchangeRecord,
  requestExample,
  responseExample,
  spec,
  testKeys,
  toHar,
  toJsonl,
  type TableOperation,
} from './support/fixtures.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tv-cli-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let valid: string;
let invalid: string;
let op: TableOperation;
beforeAll(async () => {
  expect(existsSync(CLI), 'dist/cli.js missing: run `npx tsc -b`').toBe(true);
  const runtime = await spec();
  const records = exampleCapture(runtime.operations);
  valid = file('valid.jsonl', toJsonl(records));
  op = runtime.operations.find((o) => o.operationId === 'realIdInitialize')!;
  const broken = requestExample(op, op.examples.requests[0]!);
  delete broken.flowType;
  const success = op.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
  invalid = file('invalid.jsonl', toJsonl([records[0]!, exchangeRecord(op, broken, responseExample(op, success.name, success.status))]));
  file('valid.har.gz', gzipSync(toHar(records)));
});

describe('zoloz-openapi validate-traffic (dist, plain node)', () => {
  it('exits 0 when everything is valid, 1 on violations', () => {
    const ok = cli(['validate-traffic', valid]);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toMatch(/Summary: \d+ exchange\(s\): \d+ valid, 0 invalid, 0 undocumented, 0 unreadable/);
    const bad = cli(['validate-traffic', invalid, '--format', 'json']);
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report.summary).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    expect(report.exchanges[1].violations).toEqual([expect.objectContaining({ pointer: '/flowType', keyword: 'required' })]);
  });

  it('--jobs: the same report from worker threads, stdin and gzip included; a bad count is a usage error', () => {
    for (const [args, input] of [
      [['validate-traffic', valid, '--format', 'json'], undefined],
      [['validate-traffic', invalid, '--format', 'pretty'], undefined],
      [['validate-traffic', join(dir, 'valid.har.gz'), '--format', 'junit'], undefined],
      [['validate-traffic', '-', '--format', 'sarif'], readFileSync(invalid, 'utf8')],
    ] as const) {
      const one = cli([...args, '--jobs', '1'], input);
      const two = cli([...args, '--jobs', '2'], input);
      expect([two.code, two.stderr]).toEqual([one.code, one.stderr]);
      // Each run hashes with its own random key (see Redaction); byte-identity under one key: test/jobs.test.ts.
      const unhashed = (text: string) => text.replace(/\b[0-9a-f]{12}\b/g, '<hash>');
      expect(unhashed(two.stdout)).toBe(unhashed(one.stdout));
      expect(one.stdout.length).toBeGreaterThan(100);
    }
    expect(cli(['validate-traffic', valid, '--jobs', 'auto']).code).toBe(0);
    for (const bad of ['0', '-1', 'two', '1.5', '65']) {
      const r = cli(['validate-traffic', valid, '--jobs', bad]);
      expect([r.code, r.stdout]).toEqual([2, '']);
      // `-1` reads as an option to the argument parser, which refuses it before the count is looked at.
      expect(r.stderr).toContain(bad === '-1' ? "Option '--jobs'" : '--jobs needs a whole number from 1 to 64, or auto');
    }
  });

  it('reads gzipped HAR, stdin and writes -o files in every format', () => {
    expect(cli(['validate-traffic', join(dir, 'valid.har.gz'), '--format', 'junit']).code).toBe(0);
    const stdin = cli(['validate-traffic', '-', '--format', 'sarif'], readFileSync(invalid, 'utf8'));
    expect(stdin.code).toBe(1);
    expect(JSON.parse(stdin.stdout).runs[0].results.length).toBeGreaterThan(0);
    const out = join(dir, 'report.json');
    const r = cli(['validate-traffic', invalid, '--format', 'json', '-o', out]);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.total).toBe(2);
  });

  it('verifies and decrypts with --keys', () => {
    const k = testKeys();
    const success = op.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
    const capture = file(
      'enc.jsonl',
      toJsonl([
        exchangeRecord(op, requestExample(op, op.examples.requests[0]!), responseExample(op, success.name, success.status), {
          encrypt: true,
        }),
      ]),
    );
    const keys = file(
      'keys.json',
      JSON.stringify({
        merchantPublicKey: k.merchant.publicKey.export({ type: 'spki', format: 'pem' }),
        zolozPublicKey: k.zoloz.publicKey.export({ type: 'spki', format: 'pem' }),
        merchantPrivateKey: k.merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      }),
    );
    const r = cli(['validate-traffic', capture, '--keys', keys, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).exchanges[0].checks).toEqual({
      requestSignature: 'passed',
      responseSignature: 'passed',
      decryption: 'passed',
    });
  });

  it.each([
    ['a missing file', ['validate-traffic', join(dir, 'nope.jsonl')], /nope\.jsonl: cannot read \(no such file\)/],
    ['a .har that is not HAR', ['validate-traffic', join(dir, 'x.har')], /not a HAR document/],
    ['an unknown format', ['validate-traffic', 'x', '--format', 'xml'], /--format must be one of pretty, json, junit, sarif/],
    ['an unknown option', ['validate-traffic', 'x', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['no capture', ['validate-traffic'], /validate-traffic needs <capture>/],
    ['a bad keys file', ['validate-traffic', 'x', '--keys', join(dir, 'nokeys.json')], /--keys .*cannot read the keys file/],
    ['an unknown command', ['validate-everything'], /unknown command "validate-everything"/],
    ['an empty capture', ['validate-traffic', join(dir, 'empty.jsonl')], /no exchanges in the capture/],
  ])('exits 2 on %s, with a precise message and no stack trace', (_name, args, message) => {
    file('x.har', 'this is not json');
    file('empty.jsonl', '\n\n');
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('documents every option, format and exit code in --help', () => {
    const r = cli(['validate-traffic', '--help']);
    expect(r.code).toBe(0);
    for (const text of [
      '--format',
      'pretty',
      'json',
      'junit',
      'sarif',
      '--keys',
      'merchantPublicKey',
      'zolozPublicKey',
      'merchantPrivateKey',
      '--show-values',
      'JSON Lines',
      'HAR',
      'Gzip',
      'undocumented',
      'unreadable',
      'Exit codes',
      'stderr',
      'transactionId',
    ]) {
      expect(r.stdout).toContain(text);
    }
    const main = cli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/validate-body +Check one JSON body/);
  });
});

describe('zoloz-openapi validate-body (dist, plain node)', () => {
  it('exits 0 for a valid body, 1 for an invalid one, from a file or stdin', () => {
    const body = requestExample(op, op.examples.requests[0]!);
    const good = file('body.json', JSON.stringify(body));
    expect(cli(['validate-body', '--operation', op.operationId, '--request', good]).code).toBe(0);
    const r = cli(
      ['validate-body', '--operation', op.operationId, '--request', '--format', 'json', '-'],
      JSON.stringify({ ...body, bizId: 7, uiType: 'x' }),
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      valid: false,
      violations: [{ pointer: '/bizId', keyword: 'type' }],
      undocumentedFields: [{ direction: 'request', pointer: '/uiType' }],
    });
  });

  it.each([
    ['a body that is not JSON', ['--operation', 'realIdInitialize', '--request', '-'], '{"bizId":', /stdin: JSON text ends early/],
    [
      'an unknown operation',
      ['--operation', 'nope', '--response', '-'],
      '{}',
      /--operation must be one of .*realIdInitialize.* \(got "nope"\)/,
    ],
    ['neither --request nor --response', ['--operation', 'realIdInitialize', '-'], '{}', /exactly one of --request or --response/],
    ['a missing file', ['--operation', 'realIdInitialize', '--request', join(dir, 'none.json')], '', /cannot read \(no such file\)/],
  ])('exits 2 on %s', (_name, args, input, message) => {
    const r = cli(['validate-body', ...args], input);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('the compiled package', () => {
  it('imports from plain node', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('@zoloz-openapi/traffic-validator'); const s = await m.loadGeneratedSpec(); console.log(typeof m.validateTraffic, s.operations.length)",
      ],
      {
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toMatch(/^function \d+$/);
  });
});
