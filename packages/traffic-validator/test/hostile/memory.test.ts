/**
 * Issue 11 §3: memory is bounded by the limits, not by the input. Each case is a generated stream piped into a
 * child process running the compiled CLI at the default limits; its peak RSS must stay under 300 MB. The streams
 * are gzip members made once and repeated, so gigabytes of input cost megabytes of pipe. `npm test` runs them at
 * a fraction of the issue's sizes; `npm run fuzz` (ZOLOZ_FUZZ=long) at the issue's sizes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LONG, tally } from '../support/fuzz-budget.js';

const CHILD = fileURLToPath(new URL('../support/rss-child.mjs', import.meta.url));
const LIMIT_KB = 300 * 1000;
const MiB = 1 << 20;

interface ChildRun {
  readonly code: number | null;
  readonly report: any;
  readonly stderr: string;
  readonly peakKb: number;
}

/** Pipes the generated chunks into `zoloz-openapi validate-traffic - --format json …` in a child process. */
async function runChild(args: readonly string[], chunks: () => Generator<Buffer>): Promise<ChildRun> {
  const child = spawn(process.execPath, [CHILD, 'validate-traffic', '-', '--format', 'json', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.on('error', () => undefined);
  for (const chunk of chunks()) {
    if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  const code = await done;
  const peak = /peak-rss-kb (\d+)/.exec(stderr);
  return { code, report: JSON.parse(Buffer.concat(out).toString() || 'null'), stderr, peakKb: peak ? Number(peak[1]) : Number.NaN };
}

function* repeat(member: Buffer, times: number, before: Buffer[] = [], after: Buffer[] = []): Generator<Buffer> {
  yield* before;
  for (let i = 0; i < times; i += 1) yield member;
  yield* after;
}

const scale = (light: number, issue: number) => (LONG ? issue : light);
const peaks: Record<string, number> = {};

describe('bounded memory (child process, default limits)', () => {
  const zeroGiB = scale(0.25, 4);
  it(`${zeroGiB} GiB of zeros, gzipped, as JSON Lines: one unreadable line naming the limit, exit 1`, async () => {
    const member = gzipSync(Buffer.alloc(16 * MiB));
    const run = await runChild([], () => repeat(member, zeroGiB * 64));
    peaks[`zeros ${zeroGiB} GiB`] = run.peakKb;
    expect(run.code).toBe(1);
    expect(run.report.summary).toMatchObject({ total: 1, unreadable: 1 });
    expect(run.report.exchanges[0].reason).toBe('line is longer than 32 MiB (--max-item-bytes); skipped to its end');
    expect(run.peakKb).toBeLessThan(LIMIT_KB);
  }, 600_000);

  const entryGiB = scale(0.25, 3);
  it(`a HAR.gz holding one ${entryGiB} GiB entry, then a small one: the big one unreadable, the next read`, async () => {
    const head = gzipSync(
      '{"log":{"version":"1.2","entries":[{"request":{"method":"POST","url":"/api/v1/zoloz/realid/initialize","headers":[],"postData":{"text":"',
    );
    const body = gzipSync(Buffer.alloc(16 * MiB, 0x41));
    const tail = gzipSync(
      '"}},"response":{"status":200}},{"request":{"method":"POST","url":"/x","headers":[]},"response":{"status":200}}]}}',
    );
    const run = await runChild(['--input-format', 'har'], () => repeat(body, entryGiB * 64, [head], [tail]));
    peaks[`har entry ${entryGiB} GiB`] = run.peakKb;
    expect(run.code).toBe(1);
    expect(run.report.exchanges.map((e: any) => e.status)).toEqual(['unreadable', 'undocumented']);
    expect(run.report.exchanges[0].reason).toBe('entry is larger than 32 MiB (--max-item-bytes); skipped');
    expect(run.peakKb).toBeLessThan(LIMIT_KB);
  }, 600_000);

  for (const lines of LONG ? [600, 3000] : [150]) {
    it(`${lines} lines with distinct 1 MiB URL paths: all reported, the matcher's cache does not grow`, async () => {
      const segment = 'a'.repeat(MiB);
      const run = await runChild(['--input-format', 'jsonl'], function* () {
        for (let i = 0; i < lines; i += 1)
          yield gzipSync(`{"request":{"method":"POST","url":"https://h/${i}${segment}/initialize"},"response":{"status":200}}\n`);
      });
      peaks[`${lines} x 1 MiB paths`] = run.peakKb;
      expect(run.code).toBe(1);
      expect(run.report.summary).toMatchObject({ total: lines, undocumented: lines });
      expect(run.report.exchanges[0].path).toMatch(/^\/<redacted string, 1048577 chars, hash [0-9a-f]{12}>\/initialize$/);
      expect(run.peakKb).toBeLessThan(LIMIT_KB);
    }, 600_000);
  }

  const timeLines = scale(300, 1000);
  it(`${timeLines} lines with distinct 1 MiB Request-Time headers on a documented path: the time cache keeps none`, async () => {
    const time = '2'.repeat(MiB);
    const run = await runChild(['--input-format', 'jsonl', '--no-flow'], function* () {
      for (let i = 0; i < timeLines; i += 1) {
        yield gzipSync(
          `{"request":{"method":"POST","url":"/api/v1/zoloz/realid/initialize","headers":{"Request-Time":"${i}${time}"},"body":"{}"},"response":{"status":200,"headers":{},"body":"{}"}}\n`,
        );
      }
    });
    peaks[`${timeLines} x 1 MiB Request-Time`] = run.peakKb;
    expect(run.code).toBe(1);
    expect(run.report.summary).toMatchObject({ total: timeLines, invalid: timeLines });
    expect(run.peakKb).toBeLessThan(LIMIT_KB);
  }, 600_000);

  const jobsMiB = scale(192, 2048);
  it(`--jobs 2 on ${jobsMiB} MiB of 1 MiB exchanges: every one reported, memory bounded as with one thread`, async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(MiB) });
    const line = `${JSON.stringify({ request: { method: 'POST', url: '/api/v1/zoloz/realid/initialize', headers: {}, body }, response: { status: 200, headers: {}, body: '{}' } })}\n`;
    const member = gzipSync(line.repeat(16));
    const members = Math.ceil(jobsMiB / 16);
    const run = await runChild(['--input-format', 'jsonl', '--no-flow', '--jobs', '2'], () => repeat(member, members));
    peaks[`--jobs 2, ${jobsMiB} MiB`] = run.peakKb;
    expect(run.stderr).not.toContain('checking thread');
    expect(run.report.summary).toMatchObject({ total: members * 16, invalid: members * 16 });
    // Two more heaps (each with the compiled validators) and the batches in flight: bounded, not growing with the input.
    expect(run.peakKb).toBeLessThan(2 * LIMIT_KB);
  }, 600_000);

  it('records the peaks (for the fuzz run summary)', () => {
    tally(`peak RSS KB ${JSON.stringify(peaks)}`, 0);
    expect(Object.keys(peaks).length).toBeGreaterThan(0);
  });
});
