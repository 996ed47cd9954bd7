// The JSON report writes the common record (nothing found) from a template instead of JSON.stringify: the text
// must be JSON.stringify's, byte for byte, for every record it accepts, and it must accept the records a clean
// capture produces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanRecordJson } from '../src/report/json-report.js';
import type { ExchangeRecord } from '../src/types.js';
import { validateText } from './support/run.js';
import { exchangeRecord, requestExample, responseExample, spec, toJsonl } from './support/fixtures.js';

const outcome = fc.constantFrom('passed', 'failed', 'skipped', 'not-applicable' as const);
const record = fc.record({
  index: fc.nat(),
  source: fc.oneof(
    fc.record({ format: fc.constant('jsonl' as const), line: fc.nat() }),
    fc.record({ format: fc.constant('har' as const), entry: fc.nat() }),
  ),
  id: fc.option(fc.string(), { nil: undefined, freq: 2 }),
  status: fc.constantFrom('valid', 'invalid', 'undocumented', 'unreadable' as const),
  method: fc.option(fc.string({ unit: 'binary' }), { nil: undefined, freq: 10 }),
  path: fc.option(fc.string({ unit: 'binary' }), { nil: undefined, freq: 10 }),
  operationId: fc.option(fc.string({ unit: 'grapheme' }), { nil: undefined, freq: 10 }),
  httpStatus: fc.option(fc.oneof(fc.integer({ min: 100, max: 599 }), fc.double()), { nil: undefined, freq: 10 }),
  encrypted: fc.option(fc.boolean(), { nil: undefined, freq: 10 }),
  checks: fc.option(fc.record({ requestSignature: outcome, responseSignature: outcome, decryption: outcome }), {
    nil: undefined,
    freq: 10,
  }),
  violations: fc.constantFrom([], [{ direction: 'request', category: 'schema', pointer: '/a', keyword: 'type', message: 'm' }]),
  undocumentedFields: fc.constantFrom([], [{ direction: 'response', pointer: '/x' }]),
  reason: fc.option(fc.string(), { nil: undefined, freq: 2 }),
}) as fc.Arbitrary<ExchangeRecord>;

describe('the JSON report fast path', () => {
  it("is JSON.stringify's text for every record it takes", () => {
    let taken = 0;
    fc.assert(
      fc.property(record, (r) => {
        const fast = cleanRecordJson(r);
        if (fast === undefined) return;
        taken += 1;
        expect(fast).toBe(JSON.stringify(r));
      }),
      { numRuns: 20_000 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('takes every record of a clean capture, and none with findings', async () => {
    const runtime = await spec();
    const lines = runtime.operations.map((o) => {
      const ok = o.examples.responses.find((r) => r.status === 200 && r.resultCode === 'SUCCESS')!;
      return exchangeRecord(o, requestExample(o, o.examples.requests[0]!), responseExample(o, ok.name, 200));
    });
    const { records } = await validateText(runtime, toJsonl(lines), 'jsonl', { flow: false });
    expect(records.length).toBe(runtime.operations.length);
    for (const r of records) {
      if (r.violations.length === 0 && r.undocumentedFields.length === 0) expect(cleanRecordJson(r)).toBe(JSON.stringify(r));
      else expect(cleanRecordJson(r)).toBeUndefined();
    }
    expect(records.filter((r) => cleanRecordJson(r) !== undefined).length).toBeGreaterThan(0);
  });
});
