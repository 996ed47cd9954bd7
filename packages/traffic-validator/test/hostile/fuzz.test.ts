import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CRASH, cli, FORMATS, scratch } from '../support/cli.js';
import { exampleCapture, spec } from '../support/fixtures.js';
import { runs, tally } from '../support/fuzz-budget.js';
import { validateReport } from '../support/run.js';

let runtime: Awaited<ReturnType<typeof spec>>;
let pool: Record<string, any>[];
beforeAll(async () => {
  runtime = await spec();
  pool = exampleCapture(runtime.operations);
});

// Low limits, so that items over them are cheap to generate.
const ITEM_BYTES = 8192;
const DEPTH = 24;
const LIMIT_FLAGS = ['--max-item-bytes', String(ITEM_BYTES), '--max-depth', String(DEPTH)];

/** A planted value: unsafe for every name shape and too long to be shown as a value. */
const SECRET = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => `JOHN DOE ${Buffer.from(b).toString('hex')}${'x'.repeat(40)}`);

/** What a generated item is expected to become. */
type Expect = 'any' | 'unreadable-depth' | 'unreadable-size' | 'unreadable';

interface Item {
  readonly record?: Record<string, any>;
  /** Raw text instead of a record (JSONL only). */
  readonly raw?: string;
  readonly expect: Expect;
  readonly secrets: readonly string[];
}

const nest = (levels: number, array: boolean) =>
  array ? '['.repeat(levels) + ']'.repeat(levels) : `${'{"a":'.repeat(levels)}0${'}'.repeat(levels)}`;

function item(): fc.Arbitrary<Item> {
  const example = fc.nat().map((i) => pool[i % pool.length]!);
  return fc.oneof(
    { weight: 4, arbitrary: example.map((record) => ({ record, expect: 'any' as const, secrets: [] })) },
    // Planted personal values and names, wherever a capture carries outside strings.
    {
      weight: 4,
      arbitrary: fc
        .tuple(example, SECRET, fc.constantFrom('method', 'header-name', 'header-value', 'path', 'body', 'signature-param', 'id', 'query'))
        .map(([base, secret, where]) => {
          const request = { ...base.request, headers: { ...base.request.headers } };
          if (where === 'method') request.method = secret;
          if (where === 'header-name') request.headers[secret] = 'x';
          if (where === 'header-value') request.headers['Content-Type'] = secret;
          if (where === 'path') request.url = `https://h/${secret}/api/v1/zoloz/realid/initialize`;
          if (where === 'body') request.body = JSON.stringify(secret);
          if (where === 'signature-param') request.headers.Signature = `algorithm=RSA256, ${secret}=1, ${secret}=2, signature=AAAA`;
          if (where === 'query') request.url = `${request.url}?name=${encodeURIComponent(secret)}`;
          const record = where === 'id' ? { ...base, id: secret, request } : { ...base, request };
          return { record, expect: 'any' as const, secrets: [secret] };
        }),
    },
    // Nesting around the limit, in the body (already parsed) or as a whole extra member.
    {
      weight: 3,
      arbitrary: fc.tuple(example, fc.integer({ min: 1, max: DEPTH * 3 }), fc.boolean()).map(([base, levels, array]) => {
        const raw = JSON.stringify({ ...base, request: { ...base.request, body: '@' } }).replace('"@"', nest(levels, array));
        // The line itself is two levels (the record, its request) around the body; size is checked first.
        const expect =
          Buffer.byteLength(raw) > ITEM_BYTES
            ? ('unreadable-size' as const)
            : levels + 2 > DEPTH
              ? ('unreadable-depth' as const)
              : ('any' as const);
        return { raw, expect, secrets: [] };
      }),
    },
    // Sizes around the item limit.
    {
      weight: 2,
      arbitrary: fc.integer({ min: 1, max: ITEM_BYTES * 2 }).map((n) => {
        const raw = `{"request":{"method":"POST","url":"/x","body":"${'A'.repeat(n)}"}}`;
        return { raw, expect: Buffer.byteLength(raw) > ITEM_BYTES ? ('unreadable-size' as const) : ('any' as const), secrets: [] };
      }),
    },
    // Junk: any text without line breaks (binary, unicode, lone surrogates), brackets, JSON that is no exchange.
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.constantFrom('{', '}', '[]', 'null', '"str"', '{"request":{"method":"POST","url":7}}', '\u0000\u0001'),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        )
        .map((s) => s.replace(/[\r\n]/g, ' '))
        .filter((s) => s.trim() !== '')
        .map((raw) => ({ raw, expect: 'any' as const, secrets: [] })),
    },
  );
}

function lineOf(i: Item): string {
  return i.raw ?? JSON.stringify(i.record);
}

type Packing = { kind: 'plain' } | { kind: 'gzip' } | { kind: 'members'; cuts: number[] } | { kind: 'garbage'; tail: Uint8Array };

const packing: fc.Arbitrary<Packing> = fc.oneof(
  fc.constant<Packing>({ kind: 'plain' }),
  fc.constant<Packing>({ kind: 'gzip' }),
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }).map((cuts): Packing => ({ kind: 'members', cuts })),
  // A tail that is neither padding (zeros) nor another member (1f 8b).
  fc
    .uint8Array({ minLength: 1, maxLength: 40 })
    .filter((t) => t[0] !== 0 && t[0] !== 0x1f)
    .map((tail): Packing => ({ kind: 'garbage', tail })),
);

/** Packs the bytes; returns the extra unreadable records the packing itself adds (a bad gzip tail). */
function pack(bytes: Buffer, p: Packing): { data: Buffer; extra: number } {
  if (p.kind === 'plain') return { data: bytes, extra: 0 };
  if (p.kind === 'gzip') return { data: gzipSync(bytes), extra: 0 };
  if (p.kind === 'garbage') return { data: Buffer.concat([gzipSync(bytes), Buffer.from(p.tail)]), extra: 1 };
  // Concatenated members decompress to the concatenation: cut anywhere, even inside a UTF-8 character.
  const at = [...new Set(p.cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    if (cut > from) parts.push(gzipSync(bytes.subarray(from, cut)));
    from = Math.max(from, cut);
  }
  return { data: Buffer.concat(parts.length === 0 ? [gzipSync(bytes)] : parts), extra: 0 };
}

async function checkEveryFormat(
  file: string,
  expected: number,
  items: readonly Item[],
  format: 'jsonl' | 'har',
  secrets: readonly string[],
): Promise<void> {
  for (const f of FORMATS) {
    const run = await cli(['validate-traffic', file, '--format', f, '--input-format', format, ...LIMIT_FLAGS], runtime);
    expect(run.stderr).not.toMatch(CRASH);
    for (const secret of secrets) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      expect(run.stdout).not.toContain(secret.slice(9, 41));
    }
    if (expected === 0) {
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      continue;
    }
    if (f !== 'json') {
      expect([0, 1]).toContain(run.code);
      continue;
    }
    const report = JSON.parse(run.stdout);
    expect(validateReport(report)).toBe(true);
    const s = report.summary;
    expect(s.total).toBe(expected);
    expect(s.valid + s.invalid + s.undocumented + s.unreadable).toBe(expected);
    expect(report.exchanges.map((e: any) => e.index)).toEqual([...Array(expected).keys()]);
    expect(run.code).toBe(s.valid === expected ? 0 : 1);
    items.forEach((it, i) => {
      const rec = report.exchanges[i];
      if (it.expect === 'unreadable-depth')
        expect(rec).toMatchObject({ status: 'unreadable', reason: expect.stringContaining('--max-depth') });
      if (it.expect === 'unreadable-size')
        expect(rec).toMatchObject({ status: 'unreadable', reason: expect.stringContaining('--max-item-bytes') });
    });
  }
}

const blank = fc.constantFrom('', ' ', '\t', ' \t ', '\r');

describe('hostile JSON Lines captures', () => {
  it('every line comes out, nothing planted leaks, whatever the line endings and the packing', async () => {
    let inputs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(item(), fc.option(blank, { freq: 5 }), fc.constantFrom('\n', '\r\n')), {
          minLength: 0,
          maxLength: 40,
          size: 'medium',
        }),
        fc.boolean(),
        packing,
        async (lines, trailingNewline, p) => {
          let text = '';
          const items: Item[] = [];
          lines.forEach(([it, blankLine, eol], i) => {
            if (blankLine !== null) text += `${blankLine}${eol}`;
            text += lineOf(it);
            if (i < lines.length - 1 || trailingNewline) text += eol;
            items.push(it);
          });
          const { data, extra } = pack(Buffer.from(text), p);
          inputs += items.length + 1;
          // An empty gzip is unusable; an empty plain file too ("no exchanges").
          const expected = items.length === 0 ? 0 : items.length + extra;
          const file = scratch(`fuzz-${inputs}.jsonl`, data);
          await checkEveryFormat(
            file,
            expected,
            items,
            'jsonl',
            items.flatMap((i) => i.secrets),
          );
        },
      ),
      { numRuns: runs(12, 2000) },
    );
    tally('jsonl captures (lines + packings)', inputs);
  }, 600_000);
});

function harEntry(it: Item): string {
  if (it.raw !== undefined) return it.raw;
  const r = it.record!;
  const headers = (h: Record<string, unknown>) => Object.entries(h ?? {}).map(([name, value]) => ({ name, value }));
  return JSON.stringify({
    ...(r.id === undefined ? {} : { _id: r.id }),
    request: { method: r.request.method, url: r.request.url, headers: headers(r.request.headers), postData: { text: r.request.body } },
    response: { status: r.response.status, headers: headers(r.response.headers), content: { text: r.response.body } },
  });
}

function isContainerEntry(it: Item): boolean {
  if (it.raw === undefined) return true;
  try {
    const value: unknown = JSON.parse(it.raw);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

type Ending = { kind: 'whole' } | { kind: 'between'; after: number } | { kind: 'inside'; entry: number; at: number };

describe('hostile HAR captures', () => {
  it('every entry comes out, a cut document is reported, nothing planted leaks', async () => {
    let inputs = 0;
    await fc.assert(
      fc.asyncProperty(
        // Entries are JSON containers here: an unbalanced one swallows what follows, so counts could not be predicted.
        fc.array(item().filter(isContainerEntry), { minLength: 1, maxLength: 30, size: 'medium' }),
        fc.oneof(
          fc.constant<Ending>({ kind: 'whole' }),
          fc.nat().map((after): Ending => ({ kind: 'between', after })),
          fc
            .tuple(fc.nat(), fc.double({ min: 0.01, max: 0.99, noNaN: true }))
            .map(([entry, at]): Ending => ({ kind: 'inside', entry, at })),
        ),
        packing,
        async (items, ending, p) => {
          const entries = items.map(harEntry);
          let text = `{"log":{"version":"1.2","creator":{"name":"fuzz","version":"1"},"entries":[\n${entries.join(',\n')}\n]}}`;
          let count = items.length;
          let kept = items;
          if (ending.kind === 'between') {
            const k = ending.after % items.length;
            text = `{"log":{"version":"1.2","entries":[\n${entries.slice(0, k + 1).join(',\n')}`;
            count = k + 2;
            kept = items.slice(0, k + 1);
          } else if (ending.kind === 'inside') {
            const k = ending.entry % items.length;
            const cut = Math.max(1, Math.min(entries[k]!.length - 1, Math.floor(entries[k]!.length * ending.at)));
            text = `{"log":{"version":"1.2","entries":[\n${[...entries.slice(0, k), entries[k]!.slice(0, cut)].join(',\n')}`;
            count = k + 1;
            kept = items.slice(0, k);
          }
          const { data, extra } = pack(Buffer.from(text), p);
          inputs += items.length + 1;
          const file = scratch(`fuzz-${inputs}.har`, data);
          // A cut document with a gzip tail also gets the tail's record.
          await checkEveryFormat(
            file,
            count + extra,
            kept,
            'har',
            items.flatMap((i) => i.secrets),
          );
        },
      ),
      { numRuns: runs(10, 1500) },
    );
    tally('har captures (entries + endings + packings)', inputs);
  }, 600_000);
});
