/**
 * Issue 11: the readers over many hostile items at once, cut into chunks of any size (every chunk boundary a
 * line or an entry can straddle): count in = count out, each over-limit item unreadable with its limit named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLimits } from '@zoloz-openapi/gateway-protocol';
import { readCaptureStream } from '../../src/capture-reader.js';
import { chunkedStream, collect } from '../support/streams.js';
import { runs, tally } from '../support/fuzz-budget.js';

const limits = resolveLimits({ itemBytes: 2048, depth: 16 });

type Kind = 'ok' | 'deep' | 'long' | 'junk';
const piece: fc.Arbitrary<{ text: string; kind: Kind }> = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => ({
    text: JSON.stringify({ request: { method: 'POST', url: `/x/${s}` }, response: { status: 200, body: s } }),
    kind: 'ok' as Kind,
  })),
  fc.integer({ min: 17, max: 400 }).map((n) => ({ text: `{"request":${'['.repeat(n)}${']'.repeat(n)}}`, kind: 'deep' as Kind })),
  fc.integer({ min: 2049, max: 9000 }).map((n) => ({ text: `{"s":"${'\\"'.repeat(Math.ceil(n / 2))}"}`, kind: 'long' as Kind })),
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => ({ text: `{"j":${JSON.stringify(s)}}`, kind: 'junk' as Kind })),
);
const chunks = fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 6 });

describe('readers under hostile items', () => {
  it('JSON Lines: one item per line, over-limit lines named', async () => {
    let inputs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 120, size: 'medium' }),
        chunks,
        fc.constantFrom('\n', '\r\n'),
        async (items, sizes, eol) => {
          inputs += items.length;
          const got = await collect(readCaptureStream(chunkedStream(items.map((i) => i.text).join(eol), sizes), 'jsonl', { limits }));
          expect(got).toHaveLength(items.length);
          items.forEach((it, i) => {
            const g = got[i]!;
            expect(g.kind === 'exchange' ? g.exchange.source : g.source).toEqual({ format: 'jsonl', line: i + 1 });
            if (it.kind === 'deep') expect(g).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('--max-depth') });
            if (it.kind === 'long') expect(g).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('--max-item-bytes') });
          });
        },
      ),
      { numRuns: runs(20, 1000) },
    );
    tally('jsonl reader items', inputs);
  }, 600_000);

  it('HAR: one item per entry, over-limit entries named, a cut document reported', async () => {
    let inputs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 120, size: 'medium' }),
        chunks,
        fc.boolean(),
        async (items, sizes, cut) => {
          inputs += items.length;
          const body = items.map((i) => i.text).join(',');
          const text = cut ? `{"log":{"entries":[${body}` : `{"log":{"entries":[${body}]}}`;
          const got = await collect(readCaptureStream(chunkedStream(text, sizes), 'har', { limits }));
          expect(got).toHaveLength(items.length + (cut ? 1 : 0));
          items.forEach((it, i) => {
            const g = got[i]!;
            if (it.kind === 'deep') expect(g).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('--max-depth') });
            if (it.kind === 'long') expect(g).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('--max-item-bytes') });
          });
          if (cut) expect(got.at(-1)).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(/^the HAR is truncated/) });
        },
      ),
      { numRuns: runs(20, 1000) },
    );
    tally('har reader items', inputs);
  }, 600_000);
});
