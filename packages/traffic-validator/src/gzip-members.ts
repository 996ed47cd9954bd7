import { Readable } from 'node:stream';
import { createInflateRaw, crc32, type InflateRaw } from 'node:zlib';
import { describeLimit } from '@zoloz-openapi/gateway-protocol';

/**
 * Gunzip that keeps what is readable. Node's gunzip discards the output of a member when bytes after it are not
 * another member (trailing garbage), and never says how far it got; this reads the gzip framing itself (RFC 1952),
 * inflates each member raw, checks CRC-32 and length, and on anything wrong — trailing garbage, a corrupt or cut
 * member, more output than the limit — ends the stream after the good bytes and records the problem.
 */
export interface InflatedInput {
  readonly stream: Readable;
  /** After the stream ended: why it ended early (a sentence naming the byte offset), or undefined. */
  problem(): string | undefined;
}

/** Compressed bytes written per inflate step: bounds the output held at once (deflate inflates at most ~1032:1). */
const SLICE = 16 * 1024;
/** Output is handed on in pieces of about this size. */
const BATCH = 1 << 20;
/** A header's optional name or comment longer than this is not a gzip header worth reading. */
const MAX_HEADER_FIELD = 64 * 1024;

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

export function inflateGzipMembers(source: AsyncIterable<Buffer | string>, maxOutputBytes: number): InflatedInput {
  let problem: string | undefined;
  const input = new ByteQueue(source);
  async function* run(): AsyncGenerator<Buffer> {
    const budget = { left: maxOutputBytes, limit: maxOutputBytes };
    for (let member = 0; ; member += 1) {
      const start = input.consumed;
      const header = await readHeader(input);
      if (header === 'end') {
        if (member === 0) problem = 'the gzip data is empty';
        return;
      }
      if (header !== 'ok') {
        problem =
          member === 0
            ? `not valid gzip data (${header})`
            : `the data after the gzip stream (from compressed byte ${start}) is not gzip (${header}); it was not read`;
        return;
      }
      problem = yield* memberBody(input, member + 1, budget);
      // Zero bytes after a member are padding (tape blocks, some recorders); they end the stream.
      if (problem !== undefined || (await input.onlyZerosLeft())) return;
    }
  }
  return { stream: Readable.from(run(), { objectMode: false, highWaterMark: 1 << 20 }), problem: () => problem };
}

/** One member after its header: its output within the budget, then its trailer checked. Returns what went wrong, if anything. */
async function* memberBody(
  input: ByteQueue,
  ordinal: number,
  budget: { left: number; readonly limit: number },
): AsyncGenerator<Buffer, string | undefined> {
  let crc = 0;
  let size = 0;
  for await (const out of inflateMember(input)) {
    if (typeof out === 'string') return `the gzip data is ${out} (member ${ordinal}, compressed byte ${input.consumed})`;
    crc = crc32(out, crc);
    size = (size + out.length) >>> 0;
    const piece = out.length > budget.left ? out.subarray(0, budget.left) : out;
    budget.left -= piece.length;
    if (piece.length > 0) yield piece;
    if (piece.length < out.length)
      return `the decompressed input is larger than ${describeLimit('decompressedBytes', budget.limit)}; the rest was not read`;
  }
  const trailer = await input.take(8);
  if (trailer.length < 8) return `the gzip data is truncated (member ${ordinal} has no trailer)`;
  if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== size)
    return `the gzip data is corrupt (member ${ordinal} fails its CRC-32 or length check)`;
  return undefined;
}

type HeaderOutcome = 'ok' | 'end' | string;

async function readHeader(input: ByteQueue): Promise<HeaderOutcome> {
  const fixed = await input.take(10);
  if (fixed.length === 0) return 'end';
  if (fixed.length < 2 || fixed[0] !== 0x1f || fixed[1] !== 0x8b) return 'no gzip magic number';
  if (fixed.length < 10) return 'the header is cut short';
  if (fixed[2] !== 8) return 'unknown compression method';
  const flags = fixed[3]!;
  if (flags & FEXTRA) {
    const length = await input.take(2);
    if (length.length < 2 || (await input.take(length.readUInt16LE(0))).length < length.readUInt16LE(0)) return 'the header is cut short';
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if ((flags & flag) !== 0 && !(await input.skipPastZero(MAX_HEADER_FIELD)))
      return 'the header has an unterminated or oversized name or comment';
  }
  if (flags & FHCRC && (await input.take(2)).length < 2) return 'the header is cut short';
  return 'ok';
}

/** Yields one member's output; a string means the deflate data is corrupt or cut. The input is left after the deflate data. */
async function* inflateMember(input: ByteQueue): AsyncGenerator<Buffer | string> {
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  const out: Buffer[] = [];
  let ended = false;
  let failure: string | undefined;
  inflate.on('data', (chunk: Buffer) => out.push(chunk));
  inflate.on('end', () => (ended = true));
  inflate.on('error', () => (failure = 'corrupt'));
  try {
    while (!ended && failure === undefined) {
      const slice = await input.peek(SLICE);
      if (slice.length === 0) {
        // The deflate data may have ended exactly with the input (raw inflate says so only once told the input
        // is over): finish it, then it either ends or fails.
        inflate.end();
        await settle(inflate, () => ended || failure !== undefined);
        if (ended) break;
        yield* handOn(out);
        yield 'truncated';
        return;
      }
      const before = inflate.bytesWritten;
      await writeAndWait(inflate, slice);
      // Raw inflate stops at the end of the deflate data and ignores the rest of the slice.
      const consumed = inflate.bytesWritten - before;
      input.skip(consumed);
      if (consumed < slice.length) await settle(inflate, () => ended || failure !== undefined);
      // Hand on about a megabyte at a time: the readers downstream do less per byte on big chunks.
      if (out.length > 0 && (ended || outBytes(out) >= BATCH)) yield* handOn(out);
      if (!ended && failure === undefined && consumed === 0) {
        yield* handOn(out);
        yield 'corrupt';
        return;
      }
    }
    yield* handOn(out);
    if (failure !== undefined) yield failure;
  } finally {
    inflate.destroy();
  }
}

/**
 * Waits for the inflater's 'end' or 'error', which follow its last write once it has reached the end of the deflate
 * data or been told the input is over. Waiting for the event itself, not a number of event-loop turns: zlib works on
 * the thread pool, and on a loaded machine the event can come late (a fixed wait read a good member as cut).
 */
function settle(inflate: InflateRaw, done: () => boolean): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      inflate.off('end', finish);
      inflate.off('error', finish);
      inflate.off('close', finish);
      resolve();
    };
    // A last resort, never reached in practice: the caller then treats the member as cut, as before.
    const timer = setTimeout(finish, 30_000);
    timer.unref();
    inflate.once('end', finish);
    inflate.once('error', finish);
    inflate.once('close', finish);
  });
}

function writeAndWait(inflate: InflateRaw, slice: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      inflate.off('end', done);
      inflate.off('error', done);
      resolve();
    };
    inflate.once('end', done);
    inflate.once('error', done);
    inflate.write(slice, done);
  });
}

/** Pull-based bytes over an async source: take, peek, skip, without joining the whole input. */
class ByteQueue {
  private readonly iterator: AsyncIterator<Buffer | string>;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private done = false;
  consumed = 0;

  constructor(source: AsyncIterable<Buffer | string>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<void> {
    while (this.buffered < n && !this.done) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      if (chunk.length === 0) continue;
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
  }

  /** Up to n bytes from the front, without consuming them (at least one chunk's worth when available). */
  async peek(n: number): Promise<Buffer> {
    await this.fill(1);
    const first = this.chunks[0];
    if (!first) return Buffer.alloc(0);
    return first.length >= n ? first.subarray(0, n) : first;
  }

  skip(n: number): void {
    let left = n;
    while (left > 0 && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    const skipped = n - left;
    this.buffered -= skipped;
    this.consumed += skipped;
  }

  /** Exactly n bytes, or fewer at the end of the input. */
  async take(n: number): Promise<Buffer> {
    await this.fill(n);
    const size = Math.min(n, this.buffered);
    const out = Buffer.alloc(size);
    for (let at = 0, i = 0; at < size; i += 1) at += this.chunks[i]!.copy(out, at, 0, Math.min(this.chunks[i]!.length, size - at));
    this.skip(size);
    return out;
  }

  async skipPastZero(max: number): Promise<boolean> {
    for (let seen = 0; seen <= max; ) {
      const chunk = await this.peek(SLICE);
      if (chunk.length === 0) return false;
      const zero = chunk.indexOf(0);
      if (zero !== -1) {
        this.skip(zero + 1);
        return true;
      }
      this.skip(chunk.length);
      seen += chunk.length;
    }
    return false;
  }

  async onlyZerosLeft(): Promise<boolean> {
    for (;;) {
      const chunk = await this.peek(SLICE);
      if (chunk.length === 0) return true;
      for (let i = 0; i < chunk.length; i += 1) {
        if (chunk[i] !== 0) {
          this.skip(i);
          return false;
        }
      }
      this.skip(chunk.length);
    }
  }
}

/** Small pieces are joined into one chunk; a large output (a bomb's) is handed on as it came, never copied. */
function* handOn(out: Buffer[]): Generator<Buffer> {
  if (out.length === 0) return;
  const parts = out.splice(0, out.length);
  if (parts.length === 1 || outBytes(parts) > 2 * BATCH) yield* parts;
  else yield Buffer.concat(parts);
}

function outBytes(parts: readonly Buffer[]): number {
  let n = 0;
  for (const part of parts) n += part.length;
  return n;
}
