import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleCapture, spec, toJsonl } from './support/fixtures.js';
import { tally } from './support/fuzz-budget.js';
import { validateText } from './support/run.js';

let runtime: Awaited<ReturnType<typeof spec>>;
let pool: Record<string, any>[];
beforeAll(async () => {
  runtime = await spec();
  pool = exampleCapture(runtime.operations);
});

interface Mutation {
  readonly pick: number;
  readonly target: 'request' | 'response' | 'envelope';
  readonly path: readonly number[];
  readonly action: 'set' | 'delete';
  readonly value: unknown;
}

/** Walks `path` (indexes into each level's keys) and sets or deletes what it lands on. */
function mutate(root: any, path: readonly number[], action: 'set' | 'delete', value: unknown): any {
  if (typeof root !== 'object' || root === null || path.length === 0) return action === 'set' ? value : undefined;
  let node = root;
  for (let i = 0; i < path.length; i += 1) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[path[i]! % keys.length]!;
    const child = node[key];
    if (i === path.length - 1 || typeof child !== 'object' || child === null) {
      if (action === 'delete') delete node[key];
      else node[key] = value;
      break;
    }
    node = child;
  }
  return root;
}

function applyMutation(m: Mutation): unknown {
  const record = structuredClone(pool[m.pick % pool.length]!);
  if (m.target === 'envelope') return mutate(record, m.path, m.action, m.value);
  const message = record[m.target];
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    body = message.body;
  }
  message.body = JSON.stringify(mutate(body, m.path, m.action, m.value)) ?? 'undefined';
  return record;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  target: fc.constantFrom('request' as const, 'response' as const, 'envelope' as const),
  path: fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }),
  action: fc.constantFrom('set' as const, 'delete' as const),
  value: fc.jsonValue({ maxDepth: 2 }),
});

const noNewlines = (s: string) => s.replace(/[\r\n]/g, ' ');

/** A line: an intact example, a mutated one, any JSON, or any text. */
const line: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.nat().map((i) => JSON.stringify(pool[i % pool.length])), weight: 2 },
  { arbitrary: mutation.map((m) => JSON.stringify(applyMutation(m))), weight: 5 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 2 },
  { arbitrary: fc.string({ maxLength: 80, unit: 'binary' }).map(noNewlines), weight: 1 },
  { arbitrary: fc.constantFrom('', '  ', '\t', '{', '}', '[]', 'null', '{"request":{"method":"POST","url":7}}'), weight: 1 },
);

const RUNS = 25;
const LINES = 450;

describe('fuzz: random and mutated exchanges', () => {
  it(`never crashes, and every JSONL line comes out (${RUNS} × ${LINES} lines)`, async () => {
    let seen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: LINES, maxLength: LINES }), async (lines) => {
        // Blank lines (spaces, tabs) are not items: docs/traffic-jsonl-format.md.
        const expected = lines.filter((l) => !/^[ \t]*$/.test(l)).length;
        const { records, summary } = await validateText(runtime, lines.join('\n'));
        seen += lines.length;
        expect(records).toHaveLength(expected);
        expect(summary.total).toBe(expected);
        expect(summary.valid + summary.invalid + summary.undocumented + summary.unreadable).toBe(expected);
        expect(records.map((r) => r.index)).toEqual(records.map((_, i) => i));
        for (const r of records) if (r.status === 'invalid') expect(r.violations.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
    expect(seen).toBeGreaterThanOrEqual(10_000);
    tally('jsonl lines of mutated exchanges', seen);
  });

  it('never crashes, and every HAR entry comes out, malformed ones included', async () => {
    const entry = fc.oneof(
      { arbitrary: mutation.map((m) => JSON.stringify(toHarEntry(applyMutation(m)))), weight: 6 },
      { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 2 },
      // Malformed but bracket-balanced entries: each must be reported on its own.
      { arbitrary: fc.string({ maxLength: 30 }).map((s) => `{"request": ${JSON.stringify(s)} oops}`), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 200 }), async (entries) => {
        const text = `{"log":{"version":"1.2","entries":[\n${entries.join(',\n')}\n]}}`;
        const { records, summary } = await validateText(runtime, text, 'har');
        expect(records.map((r) => r.source)).toEqual(entries.map((_, i) => ({ format: 'har', entry: i })));
        expect(summary.valid + summary.invalid + summary.undocumented + summary.unreadable).toBe(entries.length);
      }),
      { numRuns: 15 },
    );
  });

  it('the capture built from examples stays valid through the fuzz harness (the harness can tell)', async () => {
    const { summary } = await validateText(runtime, toJsonl(pool));
    expect(summary.valid).toBe(pool.length);
  });
});

function toHarEntry(record: any): unknown {
  if (typeof record !== 'object' || record === null) return record;
  const headers = (h: unknown) => (typeof h === 'object' && h !== null ? Object.entries(h).map(([name, value]) => ({ name, value })) : h);
  const req = record.request ?? {};
  const res = record.response ?? {};
  return {
    request: { method: req.method, url: req.url, headers: headers(req.headers), postData: { text: req.body } },
    response: { status: res.status, headers: headers(res.headers), content: { text: res.body } },
  };
}
