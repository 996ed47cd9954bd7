import type { Readable } from 'node:stream';
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
  const start = head.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  return /^\s*\{\s*"log"\s*:/.test(start) ? 'har' : 'jsonl';
}

/** Reads any capture (file or `-`, gzipped or not) as a stream of exchanges and unreadable items. */
export async function* readCapture(path: string, options: { format?: CaptureFormat } = {}): AsyncGenerator<CaptureItem> {
  const input = await openInput(path);
  const format = options.format ?? detectFormat(path, input.head);
  yield* readCaptureStream(input.stream, format);
}

export async function* readCaptureStream(stream: Readable, format: CaptureFormat): AsyncGenerator<CaptureItem> {
  let index = 0;
  let lastSource: CaptureSource | undefined;
  const toItem = (source: CaptureSource, value: unknown): CaptureItem => {
    const at = index++;
    try {
      const exchange = format === 'har' ? exchangeFromHarEntry(value, at, source) : exchangeFromJsonlRecord(value, at, source);
      return { kind: 'exchange', exchange };
    } catch (error) {
      if (error instanceof ShapeError) return { kind: 'unreadable', index: at, source, reason: `not an exchange: ${error.message}` };
      throw error;
    }
  };
  try {
    if (format === 'har') {
      for await (const item of readHarEntries(stream)) {
        const source: CaptureSource = { format: 'har', entry: item.entry };
        lastSource = source;
        yield item.kind === 'value' ? toItem(source, item.value) : { kind: 'unreadable', index: index++, source, reason: item.reason };
      }
    } else {
      for await (const item of readJsonLines(stream)) {
        const source: CaptureSource = { format: 'jsonl', line: item.line };
        lastSource = source;
        yield item.kind === 'value' ? toItem(source, item.value) : { kind: 'unreadable', index: index++, source, reason: item.reason };
      }
    }
  } catch (error) {
    // Nothing read yet: the input is unusable. Otherwise keep what was read and report the break as an item.
    if (error instanceof UnusableInputError && index === 0) throw error;
    if (index === 0) throw new UnusableInputError(`read failed (${describeFsError(error)})`);
    const source: CaptureSource =
      lastSource?.format === 'har' ? { format: 'har', entry: lastSource.entry + 1 } : { format: 'jsonl', line: (lastSource?.format === 'jsonl' ? lastSource.line : 0) + 1 };
    const why = error instanceof UnusableInputError ? error.message : describeFsError(error);
    yield { kind: 'unreadable', index: index++, source, reason: `input ends abruptly after this point: ${why}` };
  }
}
