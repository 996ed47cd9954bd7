import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HarEntryScanner, readHarEntries } from '../src/har-scanner.js';
import { UnusableInputError } from '../src/input-stream.js';
import { chunkedStream, collect } from './support/streams.js';

const tricky = [
  { request: { url: 'https://h/api/v1/x', method: 'POST', postData: { text: '{"a":"}]\\"[{","b":"\\\\"}' } }, response: { status: 200 } },
  { request: { url: 'https://h/api/v1/y', method: 'POST' }, note: 'brackets } ] in "strings" and unicode é ✓ \u2028' },
  { request: { url: 'https://h/api/v1/z', method: 'POST' }, nested: [[{ a: [] }], {}] },
];

function har(entries: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { log: { version: '1.2', creator: { name: 't', version: '1' }, pages: [{ id: 'p', entries: 'not these' }], entries, ...extra } },
    null,
    2,
  );
}

describe('HarEntryScanner', () => {
  it('cuts every entry out exactly, whatever the chunk boundaries', async () => {
    const text = har(tricky);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }), async (sizes) => {
        const items = await collect(readHarEntries(chunkedStream(text, sizes)));
        expect(items).toEqual(tricky.map((value, entry) => ({ kind: 'value', entry, value })));
      }),
      { numRuns: 200 },
    );
  });

  it('cuts any JSON values out exactly, escapes and backslash runs across chunk boundaries included', async () => {
    const text = fc.string({ unit: fc.constantFrom('\\', '"', 'a', '{', '}', '[', ']', ',', 'é', '\n'), maxLength: 12 });
    const value = fc.oneof(text, fc.dictionary(text, fc.oneof(text, fc.integer(), fc.array(text, { maxLength: 3 })), { maxKeys: 4 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        async (entries, sizes) => {
          const doc = JSON.stringify({ log: { entries, after: ['"\\'] } });
          const items = await collect(readHarEntries(chunkedStream(doc, sizes)));
          expect(items).toEqual(entries.map((v, entry) => ({ kind: 'value', entry, value: v })));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reports a malformed entry with its index and keeps going', async () => {
    const text = `{"log":{"entries":[${JSON.stringify(tricky[0])},{"request": nope},${JSON.stringify(tricky[1])}, 42 ]}}`;
    const items = await collect(readHarEntries(chunkedStream(text, [7])));
    expect(items.map((i) => [i.kind, i.entry])).toEqual([
      ['value', 0],
      ['unreadable', 1],
      ['value', 2],
      ['value', 3],
    ]);
    expect(items[1]).toMatchObject({ reason: expect.stringMatching(/^not valid JSON/) });
  });

  it('finds entries wherever "entries" sits among the log keys, and skips a BOM', async () => {
    const text = `\uFEFF{"log":{"comment":"{[","pages":[],"entries":[{"a":1}],"creator":{}}}`;
    expect(await collect(readHarEntries(chunkedStream(text, [3])))).toEqual([{ kind: 'value', entry: 0, value: { a: 1 } }]);
  });

  it('reports a truncated last entry as unreadable', async () => {
    const text = `{"log":{"entries":[{"a":1},{"b":"cut here`;
    const items = await collect(readHarEntries(chunkedStream(text)));
    expect(items.map((i) => i.kind)).toEqual(['value', 'unreadable']);
    expect(items[1]).toMatchObject({ entry: 1, reason: expect.stringContaining('truncated') });
  });

  it.each([
    ['empty input', ''],
    ['a JSON array', '[{"log":{}}]'],
    ['an object without log.entries', '{"log":{"pages":[]}}'],
    ['JSON Lines', '{"request":{}}\n{"request":{}}\n'],
  ])('refuses %s as unusable', async (_name, text) => {
    await expect(collect(readHarEntries(chunkedStream(text)))).rejects.toBeInstanceOf(UnusableInputError);
  });

  it('holds only the entry being cut, not the document', () => {
    const scanner = new HarEntryScanner();
    const big = 'A'.repeat(1 << 20);
    expect(scanner.push(Buffer.from(`{"log":{"entries":[{"img":"${big}"},`))).toHaveLength(1);
    expect(scanner.push(Buffer.from('{"x":1}]}}'))).toEqual([{ kind: 'value', entry: 1, value: { x: 1 } }]);
    expect(scanner.end()).toEqual([]);
  });
});
