import type { Readable } from 'node:stream';
import { DEFAULT_LIMITS, type InputLimits } from '@zoloz-openapi/gateway-protocol';
import { exchangeFromHarEntry, exchangeFromJsonlRecord, ShapeError } from './exchange-shape.js';
import { readHarEntries } from './har-scanner.js';
import { describeFsError, openInput, UnusableInputError } from './input-stream.js';
import { readJsonLines } from './jsonl-reader.js';
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

/**
 * Every item of the input comes out, in order, as an exchange or an unreadable item; a break in the input (a
 * read error, a corrupt gzip tail, a decompression limit) becomes one more unreadable item after what was read.
 */
export async function* readCaptureStream(
  stream: Readable,
  format: CaptureFormat,
  options: StreamReadOptions = {},
): AsyncGenerator<CaptureItem> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  let index = 0;
  let lastSource: CaptureSource | undefined;
  const toItem = (source: CaptureSource, value: unknown): CaptureItem => {
    const at = index++;
    try {
      const exchange = format === 'har' ? exchangeFromHarEntry(value, at, source) : exchangeFromJsonlRecord(value, at, source);
      return { kind: 'exchange', exchange };
    } catch (error) {
      // Whatever goes wrong with one item stays with that item.
      const why = error instanceof ShapeError ? error.message : `it cannot be read (${error instanceof Error ? error.name : 'error'})`;
      return { kind: 'unreadable', index: at, source, reason: `not an exchange: ${why}` };
    }
  };
  try {
    if (format === 'har') {
      for await (const item of readHarEntries(stream, limits)) {
        const source: CaptureSource = { format: 'har', entry: item.entry };
        lastSource = source;
        yield item.kind === 'value' ? toItem(source, item.value) : { kind: 'unreadable', index: index++, source, reason: item.reason };
      }
    } else {
      for await (const item of readJsonLines(stream, limits)) {
        const source: CaptureSource = { format: 'jsonl', line: item.line };
        lastSource = source;
        yield item.kind === 'value' ? toItem(source, item.value) : { kind: 'unreadable', index: index++, source, reason: item.reason };
      }
    }
  } catch (error) {
    // Nothing read yet: the input is unusable. Otherwise keep what was read and report the break as an item.
    if (error instanceof UnusableInputError && index === 0) throw error;
    if (index === 0) throw new UnusableInputError(`read failed (${describeFsError(error)})`);
    const why = error instanceof UnusableInputError ? error.message : describeFsError(error);
    yield { kind: 'unreadable', index: index++, source: nextSource(lastSource), reason: `input ends abruptly after this point: ${why}` };
    return;
  }
  const problem = options.inputProblem?.();
  if (problem !== undefined)
    yield {
      kind: 'unreadable',
      index: index++,
      source: nextSource(lastSource, format),
      reason: `input ends early after this point: ${problem}`,
    };
}

/** Where a report of the input's end points: one past the last item read. */
function nextSource(last: CaptureSource | undefined, format: CaptureFormat = last?.format ?? 'jsonl'): CaptureSource {
  if (format === 'har') return { format: 'har', entry: last?.format === 'har' ? last.entry + 1 : 0 };
  return { format: 'jsonl', line: (last?.format === 'jsonl' ? last.line : 0) + 1 };
}
