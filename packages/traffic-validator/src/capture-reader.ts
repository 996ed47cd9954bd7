import type { Readable } from 'node:stream';
import { DEFAULT_LIMITS, type InputLimits } from '@zoloz-openapi/gateway-protocol';
import { exchangeFromHarEntry, exchangeFromJsonlRecord, ShapeError } from './exchange-shape.js';
import { HarEntryScanner, parseHarEntry, type RawHarItem } from './har-scanner.js';
import { describeFsError, openInput, UnusableInputError } from './input-stream.js';
import { JsonlCutter, parseJsonLine, type RawJsonlLine } from './jsonl-reader.js';
import type { CaptureItem, CaptureSource } from './types.js';

export type CaptureFormat = 'har' | 'jsonl';

/** HAR when the name says so or the document opens with `{"log":`; JSON Lines otherwise. */
export function detectFormat(path: string, head: Buffer): CaptureFormat {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.har')) return 'har';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  const start = head
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return /^\s*\{\s*"log"\s*:/.test(start) ? 'har' : 'jsonl';
}

export interface ReadOptions {
  readonly format?: CaptureFormat | undefined;
  readonly limits?: InputLimits | undefined;
}

/** Reads any capture (file or `-`, gzipped or not) as a stream of exchanges and unreadable items. */
export async function* readCapture(path: string, options: ReadOptions = {}): AsyncGenerator<CaptureItem> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const input = await openInput(path, limits);
  const format = options.format ?? detectFormat(path, input.head);
  yield* readCaptureStream(input.stream, format, { limits, inputProblem: input.problem });
}

export interface StreamReadOptions {
  readonly limits?: InputLimits | undefined;
  /** Asked once the stream has ended: why the input ended early (a corrupt gzip tail, a limit), if it did. */
  readonly inputProblem?: (() => string | undefined) | undefined;
}

/** An item as the reader cut it, numbered in input order: its bytes, or why it cannot be read. */
export type RawCaptureItem =
  | { readonly kind: 'raw'; readonly index: number; readonly source: CaptureSource; readonly bytes: Buffer }
  | { readonly kind: 'unreadable'; readonly index: number; readonly source: CaptureSource; readonly reason: string };

/**
 * Every item of the input comes out, in order, as an exchange or an unreadable item; a break in the input (a
 * read error, a corrupt gzip tail, a decompression limit) becomes one more unreadable item after what was read.
 */
export async function* readCaptureStream(
  stream: Readable,
  format: CaptureFormat,
  options: StreamReadOptions = {},
): AsyncGenerator<CaptureItem> {
  for await (const batch of readCaptureBatches(stream, format, options)) yield* batch;
}

/** `readCaptureStream`, a batch per chunk of input (no asynchronous step per item). */
export async function* readCaptureBatches(
  stream: Readable,
  format: CaptureFormat,
  options: StreamReadOptions = {},
): AsyncGenerator<CaptureItem[]> {
  const depth = (options.limits ?? DEFAULT_LIMITS).depth;
  for await (const batch of readRawBatches(stream, format, options)) yield batch.map((item) => decodeCaptureItem(item, format, depth));
}

/**
 * The reader's half of `readCaptureStream`: items cut and numbered, not parsed. Cutting must see the input in
 * order; decoding (`decodeCaptureItem`) may then run anywhere, in any order.
 */
export async function* readRawBatches(
  stream: Readable,
  format: CaptureFormat,
  options: StreamReadOptions = {},
): AsyncGenerator<RawCaptureItem[]> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  let index = 0;
  let lastSource: CaptureSource | undefined;
  const number = (items: readonly (RawHarItem | RawJsonlLine)[]): RawCaptureItem[] =>
    items.map((item) => {
      const source: CaptureSource = 'entry' in item ? { format: 'har', entry: item.entry } : { format: 'jsonl', line: item.line };
      lastSource = source;
      const at = index++;
      return item.kind === 'raw'
        ? { kind: 'raw', index: at, source, bytes: item.bytes }
        : { kind: 'unreadable', index: at, source, reason: item.reason };
    });
  const cutter = format === 'har' ? new HarEntryScanner(limits) : new JsonlCutter(limits.itemBytes);
  const push = (chunk: Buffer) => (cutter instanceof HarEntryScanner ? cutter.pushRaw(chunk) : cutter.push(chunk));
  try {
    for await (const data of stream) {
      const batch = number(push(typeof data === 'string' ? Buffer.from(data) : (data as Buffer)));
      if (batch.length > 0) yield batch;
    }
    const last = number(cutter instanceof HarEntryScanner ? cutter.endRaw() : cutter.end());
    if (last.length > 0) yield last;
  } catch (error) {
    // Nothing read yet: the input is unusable. Otherwise keep what was read and report the break as an item.
    if (error instanceof UnusableInputError && index === 0) throw error;
    if (index === 0) throw new UnusableInputError(`read failed (${describeFsError(error)})`);
    const why = error instanceof UnusableInputError ? error.message : describeFsError(error);
    yield [{ kind: 'unreadable', index: index++, source: nextSource(lastSource), reason: `input ends abruptly after this point: ${why}` }];
    return;
  }
  const problem = options.inputProblem?.();
  if (problem !== undefined)
    yield [
      {
        kind: 'unreadable',
        index: index++,
        source: nextSource(lastSource, format),
        reason: `input ends early after this point: ${problem}`,
      },
    ];
}

/** Parses a cut item and reads it as an exchange; whatever goes wrong with one item stays with that item. */
export function decodeCaptureItem(item: RawCaptureItem, format: CaptureFormat, maxDepth: number): CaptureItem {
  if (item.kind === 'unreadable') return item;
  const { index, source } = item;
  try {
    const parsed = format === 'har' ? parseHarEntry(item.bytes) : parseJsonLine(item.bytes, maxDepth);
    if (!parsed.ok) return { kind: 'unreadable', index, source, reason: parsed.error };
    const exchange =
      format === 'har' ? exchangeFromHarEntry(parsed.value, index, source) : exchangeFromJsonlRecord(parsed.value, index, source);
    return { kind: 'exchange', exchange };
  } catch (error) {
    const why = error instanceof ShapeError ? error.message : `it cannot be read (${error instanceof Error ? error.name : 'error'})`;
    return { kind: 'unreadable', index, source, reason: `not an exchange: ${why}` };
  }
}

/** Where a report of the input's end points: one past the last item read. */
function nextSource(last: CaptureSource | undefined, format: CaptureFormat = last?.format ?? 'jsonl'): CaptureSource {
  if (format === 'har') return { format: 'har', entry: last?.format === 'har' ? last.entry + 1 : 0 };
  return { format: 'jsonl', line: (last?.format === 'jsonl' ? last.line : 0) + 1 };
}
