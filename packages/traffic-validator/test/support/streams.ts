import { Readable } from 'node:stream';
import type { CaptureItem } from '../../src/types.js';

/** A byte stream delivering `text` in the given chunk sizes (cycled), to exercise chunk boundaries. */
export function chunkedStream(text: string | Buffer, sizes: readonly number[] = [65536]): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes[i++ % sizes.length] ?? 1);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(chunks, { objectMode: false });
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function kinds(items: readonly CaptureItem[]): string[] {
  return items.map((i) => i.kind);
}
