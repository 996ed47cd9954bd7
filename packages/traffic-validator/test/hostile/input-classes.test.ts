/**
 * Issue 11, one test per class of hostile input seen: each asserts the documented answer (exit 1 with the
 * item unreadable and the limit named, or exit 2 with one line), counts that add up, and no stack trace.
 */
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleCapture, spec, toJsonl } from '../support/fixtures.js';
import { CRASH, cli, everyFormat, scratch } from '../support/cli.js';
import { ExchangeValidator } from '../../src/exchange-validator.js';
import { readCaptureStream } from '../../src/capture-reader.js';
import { chunkedStream, collect } from '../support/streams.js';

let runtime: Awaited<ReturnType<typeof spec>>;
let pool: Record<string, any>[];
beforeAll(async () => {
  runtime = await spec();
  pool = exampleCapture(runtime.operations);
});

const deep = (levels: number, kind: 'object' | 'array' = 'object') =>
  kind === 'object' ? `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}` : '['.repeat(levels) + ']'.repeat(levels);

function withBody(record: Record<string, any>, body: string): string {
  // The body as a JSON value in the line (JSONL allows an already-parsed body).
  return JSON.stringify({ ...record, request: { ...record.request, body: '@@BODY@@' } }).replace('"@@BODY@@"', body);
}

function report(run: { stdout: string }): any {
  return JSON.parse(run.stdout);
}

describe('§1 depth never loses data', () => {
  it('a JSONL line with a 5,000-deep body is one unreadable item naming --max-depth; every later line is read', async () => {
    const lines = [
      JSON.stringify(pool[0]),
      withBody(pool[1]!, deep(5000)),
      JSON.stringify(pool[2]),
      withBody(pool[3]!, deep(5000, 'array')),
      JSON.stringify(pool[4]),
    ];
    const file = scratch('deep.jsonl', `${lines.join('\n')}\n`);
    for (const extra of [[], ['--show-values']]) {
      const runs = await everyFormat(file, runtime, extra);
      for (const run of Object.values(runs)) {
        expect(run.code).toBe(1);
        expect(run.stderr).not.toMatch(CRASH);
      }
      const r = report(runs.json);
      expect(r.summary.total).toBe(5);
      expect(r.exchanges.filter((e: any) => e.status === 'unreadable').map((e: any) => [e.source.line, e.reason])).toEqual([
        [2, 'nested deeper than 64 levels (--max-depth)'],
        [4, 'nested deeper than 64 levels (--max-depth)'],
      ]);
    }
  });

  it('a HAR entry nested 5,000 deep is one unreadable entry; --max-depth raises the limit', async () => {
    const entry = (body: string) =>
      JSON.stringify({
        request: { method: 'POST', url: '/x', headers: [], postData: { text: '{}' } },
        response: { status: 200 },
        extra: JSON.parse(body),
      });
    const text = `{"log":{"entries":[${entry('{}')},${`{"request":${deep(5000)}}`},${entry('{}')}]}}`;
    const file = scratch('deep.har', text);
    const run = await cli(['validate-traffic', file, '--format', 'json'], runtime);
    expect(run.code).toBe(1);
    const r = report(run);
    expect(r.summary).toMatchObject({ total: 3, unreadable: 1 });
    expect(r.exchanges[1]).toMatchObject({
      status: 'unreadable',
      source: { entry: 1 },
      reason: 'not read: nested deeper than 64 levels (--max-depth)',
    });
    const raised = report(await cli(['validate-traffic', file, '--format', 'json', '--max-depth', '6000'], runtime));
    expect(raised.exchanges[1].reason).toMatch(/^not an exchange/);
  });

  it('a 2 MiB line of nothing but brackets is refused by counting, before it could become a million arrays', async () => {
    const lines = [deep(1 << 20, 'array'), JSON.stringify(pool[0]), `{"request":${deep(1 << 20, 'array')}}`];
    const r = report(await cli(['validate-traffic', scratch('brackets.jsonl', `${lines.join('\n')}\n`), '--format', 'json'], runtime));
    expect(r.exchanges.map((e: any) => [e.status, e.reason])).toEqual([
      ['unreadable', 'nested deeper than 64 levels (--max-depth)'],
      ['valid', undefined],
      ['unreadable', 'nested deeper than 64 levels (--max-depth)'],
    ]);
  });

  it('a body string nested past the limit is a body/json violation naming the limit, not a crash', async () => {
    const record = { ...pool[0]!, request: { ...pool[0]!.request, body: deep(3000) } };
    const run = await cli(['validate-traffic', scratch('deep-body.jsonl', `${JSON.stringify(record)}\n`), '--format', 'json'], runtime);
    expect(run.code).toBe(1);
    expect(report(run).exchanges[0].violations).toContainEqual(
      expect.objectContaining({ category: 'body', message: 'the request body is nested deeper than 64 levels (--max-depth)' }),
    );
  });
});

describe('§2 truncation is reported', () => {
  it('a HAR cut between two entries is exit 1 with an unreadable record saying where it ends', async () => {
    const entries = pool.slice(0, 2).map((r) =>
      JSON.stringify({
        request: { method: r.request.method, url: r.request.url, headers: [], postData: { text: r.request.body } },
        response: { status: 200, headers: [], content: { text: r.response.body } },
      }),
    );
    const whole = `{"log":{"version":"1.2","entries":[${entries.join(',')}]}}`;
    const cut = whole.slice(0, whole.indexOf(entries[1]!));
    const run = await cli(['validate-traffic', scratch('cut.har', cut), '--format', 'json'], runtime);
    expect(run.code).toBe(1);
    const r = report(run);
    expect(r.summary.total).toBe(2);
    expect(r.exchanges[1]).toMatchObject({
      status: 'unreadable',
      source: { format: 'har', entry: 1 },
      reason: expect.stringMatching(/^the HAR is truncated: it ends after entry 0 \(byte \d+\)/),
    });
  });
});

describe('§3 size is bounded: over a limit is unreadable with the limit named, and the run goes on', () => {
  it('a line over --max-item-bytes is skipped to its end', async () => {
    const lines = [JSON.stringify(pool[0]), `{"junk":"${'x'.repeat(5000)}"}`, JSON.stringify(pool[1])];
    const run = await cli(
      ['validate-traffic', scratch('long.jsonl', lines.join('\r\n')), '--format', 'json', '--max-item-bytes', '4K'],
      runtime,
    );
    const r = report(run);
    expect(r.summary).toMatchObject({ total: 3, unreadable: 1 });
    expect(r.exchanges[1]).toMatchObject({
      status: 'unreadable',
      source: { line: 2 },
      reason: 'line is longer than 4 KiB (--max-item-bytes); skipped to its end',
    });
  });

  it('a HAR entry over --max-item-bytes is skipped, the next one read', async () => {
    const text = `{"log":{"entries":[{"request":{"method":"POST","url":"/x","postData":{"text":"${'A'.repeat(9000)}"}}},{"request":{"method":"POST","url":"/y"},"response":{"status":200}}]}}`;
    const r = report(await cli(['validate-traffic', scratch('big.har', text), '--format', 'json', '--max-item-bytes', '8K'], runtime));
    expect(r.exchanges.map((e: any) => e.status)).toEqual(['unreadable', 'undocumented']);
    expect(r.exchanges[0].reason).toBe('entry is larger than 8 KiB (--max-item-bytes); skipped');
  });

  it('inflating past --max-decompressed-bytes stops there, reported as one more unreadable item', async () => {
    const text = toJsonl(pool.slice(0, 3));
    const limit = Buffer.byteLength(text) - 10;
    const r = report(
      await cli(
        ['validate-traffic', scratch('bomb.jsonl.gz', gzipSync(text)), '--format', 'json', '--max-decompressed-bytes', String(limit)],
        runtime,
      ),
    );
    expect(r.summary.total).toBe(4);
    expect(r.exchanges.at(-1).reason).toBe(
      `input ends early after this point: the decompressed input is larger than ${limit} bytes (--max-decompressed-bytes); the rest was not read`,
    );
  });

  it('rejects a limit that is not a positive size with exit 2 and one line', async () => {
    const run = await cli(['validate-traffic', scratch('x.jsonl', '{}\n'), '--max-depth', 'deep'], runtime);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^zoloz-openapi: --max-depth must be a positive whole number\n/);
  });
});

describe('§8 small ones', () => {
  it('a valid gzip followed by trailing garbage: what is readable is read, the tail is one unreadable item', async () => {
    const gz = Buffer.concat([gzipSync(toJsonl(pool.slice(0, 2))), gzipSync(toJsonl(pool.slice(2, 3))), Buffer.from('TRAILING GARBAGE')]);
    const run = await cli(['validate-traffic', scratch('tail.jsonl.gz', gz), '--format', 'json'], runtime);
    expect(run.code).toBe(1);
    const r = report(run);
    expect(r.summary).toMatchObject({ total: 4, valid: 3, unreadable: 1 });
    expect(r.exchanges[3]).toMatchObject({
      source: { line: 4 },
      reason: expect.stringMatching(
        /^input ends early after this point: the data after the gzip stream \(from compressed byte \d+\) is not gzip/,
      ),
    });
  });

  it('a gzip with nothing readable is unusable: exit 2, one line', async () => {
    const run = await cli(
      [
        'validate-traffic',
        scratch('junk.jsonl.gz', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff])),
        '--format',
        'json',
      ],
      runtime,
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('1e400 is shown as 1e400, not null', async () => {
    const op = runtime.operations.find((o) => o.operationId === 'realIdCheckResult')!;
    const record = pool.find((r) => r.request.url.endsWith(op.path))!;
    const body = record.request.body.replace(/\}$/, ',"isReturnImage":1e400}');
    const run = await cli(
      [
        'validate-traffic',
        scratch('big-number.jsonl', `${JSON.stringify({ ...record, request: { ...record.request, body } })}\n`),
        '--format',
        'json',
        '--no-flow',
      ],
      runtime,
    );
    const v = report(run).exchanges[0].violations.find((x: any) => x.pointer === '/isReturnImage');
    expect(v.value).toEqual({ shown: 'value', value: '1e400' });
  });
});

describe('a check that fails on some input costs that item only', () => {
  it('an exception inside the checks becomes an unreadable record without its message; the next item is checked', async () => {
    const validator = new ExchangeValidator(runtime);
    const op = runtime.operations.find((o) => pool[0]!.request.url.endsWith(o.path))!;
    const prepared = validator.operation(op.operationId)! as { request: { strict: unknown } };
    const secret = 'JOHN DOE 1234567890';
    let calls = 0;
    prepared.request.strict = () => {
      calls += 1;
      if (calls === 1) throw new Error(`boom ${secret}`);
      return true;
    };
    const items = await collect(readCaptureStream(chunkedStream(toJsonl([pool[0], pool[0]])), 'jsonl'));
    const records = items.map((i) => validator.validate(i));
    expect(records.map((r) => r.status)).toEqual(['unreadable', 'valid']);
    expect(records[0]).toMatchObject({ index: 0, source: { line: 1 }, reason: 'could not be checked: internal error (Error)' });
    expect(JSON.stringify(records)).not.toContain(secret);
  });
});
