// `--jobs`: the report is the one a single thread writes, byte for byte, whatever the number of checking threads;
// records come back in input order, the flow is judged in order, coverage merges to the same counts, and a
// checking thread that stops costs nothing (its items are checked by the reader thread).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '@zoloz-openapi/gateway-protocol';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RawCaptureItem, readRawBatches } from '../src/capture-reader.js';
import { CoverageCollector, loadCoverageUniverse } from '../src/coverage.js';
import { ExchangeValidator } from '../src/exchange-validator.js';
import { decodeCaptureItem } from '../src/capture-reader.js';
import { CheckThreads } from '../src/jobs/check-threads.js';
import { JsonReport } from '../src/report/json-report.js';
import { JunitReport } from '../src/report/junit-report.js';
import { PrettyReport } from '../src/report/pretty-report.js';
import { SarifReport } from '../src/report/sarif-report.js';
import type { ReportSink } from '../src/report/sink.js';
import { runTrafficReport } from '../src/validate-traffic.js';
import { exampleCapture, exchangeRecord, requestExample, responseExample, spec, testKeys, toHar, toJsonl } from './support/fixtures.js';
import { chunkedStream } from './support/streams.js';

const SINKS: Record<string, () => ReportSink> = {
  pretty: () => new PrettyReport(),
  json: () => new JsonReport(),
  junit: () => new JunitReport(),
  sarif: () => new SarifReport(),
};

let runtime: Awaited<ReturnType<typeof spec>>;
let dir: string;
beforeAll(async () => {
  runtime = await spec();
  dir = mkdtempSync(join(tmpdir(), 'jobs-'));
});

/** Every kind of record: valid, invalid, undocumented, unreadable, undocumented fields, both flow violations, encrypted. */
function mixedCapture(): Record<string, unknown>[] {
  const ops = Object.fromEntries(runtime.operations.map((o) => [o.operationId, o]));
  const init = ops.realIdInitialize!;
  const check = ops.connectCheckResult!;
  const ok = init.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
  const good = requestExample(init, init.examples.requests[0]!);
  const records: Record<string, unknown>[] = [];
  for (let round = 0; round < 12; round += 1) {
    records.push(...exampleCapture(runtime.operations).map((r, i) => ({ ...r, id: `r${round}-${i}` })));
    const request = { ...good, bizId: `repeat-${round % 7}`, undocumentedField: 'x', personal: 'Jane Q. Citizen' };
    records.push(exchangeRecord(init, request, responseExample(init, ok.name, ok.status)));
    records.push(exchangeRecord(init, { ...good, bizId: 7 }, responseExample(init, ok.name, ok.status)));
    const unknownTx = { ...requestExample(check, check.examples.requests[0]!), transactionId: `never-returned-${round}` };
    const checkOk = check.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
    records.push(exchangeRecord(check, unknownTx, responseExample(check, checkOk.name, checkOk.status)));
    records.push(exchangeRecord(init, { ...good, bizId: `enc-${round}` }, responseExample(init, ok.name, ok.status), { encrypt: true }));
    records.push({
      request: { method: 'GET', url: 'https://gw.example/api/v1/zoloz/nothing', headers: {} },
      response: { status: 404, headers: {} },
    });
  }
  return records;
}

function writeCapture(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function report(path: string, sink: ReportSink, jobs: number, hashKey: Buffer, coverage?: CoverageCollector) {
  const k = testKeys();
  let text = '';
  const lost: string[] = [];
  const run = await runTrafficReport(path, runtime, {
    sink,
    write: (t) => void (text += t),
    tool: { name: 'test', version: '0' },
    jobs,
    hashKey,
    keys: { merchantPublicKey: k.merchant.publicKey, zolozPublicKey: k.zoloz.publicKey, merchantPrivateKey: k.merchant.privateKey },
    ...(coverage ? { observer: coverage } : {}),
    onThreadLost: (reason) => lost.push(reason),
  });
  // Every thread did its share: a lost thread would make the comparison one of the reader thread with itself.
  expect(lost).toEqual([]);
  return { text, summary: run.summary };
}

describe('--jobs', () => {
  it('writes the report --jobs 1 writes, byte for byte, in every format, JSONL and HAR', async () => {
    const records = mixedCapture();
    // Unreadable lines among the exchanges: a malformed line and a line that is not an exchange.
    const jsonl = toJsonl(records)
      .split('\n')
      .flatMap((line, i) => (i % 97 === 5 ? [line, '{"request": oops', '[1,2]'] : [line]))
      .join('\n');
    const captures = { jsonl: writeCapture('mixed.jsonl', jsonl), har: writeCapture('mixed.har', toHar(records)) };
    const hashKey = randomBytes(32);
    for (const [format, path] of Object.entries(captures)) {
      for (const [name, sink] of Object.entries(SINKS)) {
        const one = await report(path, sink(), 1, hashKey);
        const three = await report(path, sink(), 3, hashKey);
        expect(three.summary, `${format} ${name}`).toEqual(one.summary);
        expect(three.text === one.text, `${format} ${name}: reports differ`).toBe(true);
      }
      const one = await report(path, new JsonReport(), 1, hashKey);
      // The capture exercises what the threads must agree on.
      expect(one.summary.valid).toBeGreaterThan(0);
      expect(one.summary.invalid).toBeGreaterThan(0);
      expect(one.summary.undocumented).toBeGreaterThan(0);
      expect(one.summary.undocumentedFields).toBeGreaterThan(0);
      expect(one.text).toContain('repeated-non-idempotent');
      expect(one.text).toContain('unknown-transaction');
      expect(one.text).toContain('"decryption":"passed"');
      if (format === 'jsonl') expect(one.summary.unreadable).toBeGreaterThan(0);
    }
  }, 120_000);

  it('merges coverage to the counts of one thread', async () => {
    const path = writeCapture('coverage.jsonl', toJsonl(mixedCapture()));
    const universe = await loadCoverageUniverse();
    const hashKey = randomBytes(32);
    const one = new CoverageCollector(universe);
    const two = new CoverageCollector(universe);
    await report(path, new JsonReport(), 1, hashKey, one);
    await report(path, new JsonReport(), 2, hashKey, two);
    expect(JSON.stringify(two.report())).toBe(JSON.stringify(one.report()));
    expect(one.report().totals.fields.covered).toBeGreaterThan(0);
  }, 60_000);

  it('keeps count in = count out for any capture (fast-check)', async () => {
    const ops = runtime.operations;
    const pool = exampleCapture(ops).map((r) => JSON.stringify(r));
    const item = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...pool) },
      { weight: 1, arbitrary: fc.constantFrom('{"request":', 'not json', '{}', '   ', '') },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 300 }), async (lines) => {
        const text = `${lines.join('\n')}\n`;
        const items = lines.filter((l) => l.trim() !== '').length;
        fc.pre(items > 0);
        const path = writeCapture('prop.jsonl', text);
        const hashKey = randomBytes(32);
        const one = await report(path, new JsonReport(), 1, hashKey);
        const two = await report(path, new JsonReport(), 2, hashKey);
        expect(two.summary.total).toBe(items);
        expect(two.text).toBe(one.text);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe('checking threads', () => {
  async function cutItems(text: string): Promise<RawCaptureItem[]> {
    const out: RawCaptureItem[] = [];
    for await (const batch of readRawBatches(chunkedStream(text, [4096]), 'jsonl')) out.push(...batch);
    return out;
  }

  it('a thread that stops costs nothing: its batches are checked by the reader thread', async () => {
    const records = exampleCapture(runtime.operations);
    const items = await cutItems(toJsonl([...records, ...records, ...records]));
    const hashKey = randomBytes(32);
    const here = new ExchangeValidator(runtime, { hashKey, flow: false });
    const checkHere = (item: RawCaptureItem) => here.check(decodeCaptureItem(item, 'jsonl', 64));
    const lost: string[] = [];
    const pool = CheckThreads.start({
      threads: 2,
      init: { format: 'jsonl', limits: DEFAULT_LIMITS, keys: undefined, showValues: false, hashKey, flow: false, coverage: false },
      checkHere,
      onThreadLost: (reason) => lost.push(reason),
      onCoverage: undefined,
    });
    try {
      const batches = [items.slice(0, 10), items.slice(10, 20), items.slice(20, 30), items.slice(30)];
      const results = batches.map((b) => pool.check(b));
      pool.loseThread(0);
      const checked = (await Promise.all(results)).flat();
      expect(checked.map((c) => c.record)).toEqual(items.map((i) => checkHere(i).record));
      expect(lost, JSON.stringify(lost)).toHaveLength(1);
      expect(lost[0]).toMatch(/stopped/);
      expect(pool.size).toBe(1);
      // What comes after still goes through the thread that is left.
      const after = await pool.check(items.slice(0, 5));
      expect(after.map((c) => c.record)).toEqual(items.slice(0, 5).map((i) => checkHere(i).record));
    } finally {
      await pool.close();
    }
  }, 60_000);
});
