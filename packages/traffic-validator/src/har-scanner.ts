import type { Readable } from 'node:stream';
import { DEFAULT_LIMITS, describeLimit, type InputLimits } from '@zoloz-openapi/gateway-protocol';
import { UnusableInputError } from './input-stream.js';
import { parseJsonSafely, tooDeep } from './safe-json.js';

export type HarItem =
  | { readonly kind: 'value'; readonly entry: number; readonly value: unknown }
  | { readonly kind: 'unreadable'; readonly entry: number; readonly reason: string };

/** An entry as cut, before parsing: its bytes (depth already counted), or why it cannot be read. */
export type RawHarItem =
  | { readonly kind: 'raw'; readonly entry: number; readonly bytes: Buffer }
  | { readonly kind: 'unreadable'; readonly entry: number; readonly reason: string };

interface Frame {
  readonly array: boolean;
  /** For objects: the key whose value is being read. */
  key: string | undefined;
  expectKey: boolean;
  readonly entries: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Frames kept: the root object, `log`, and the array in it (`entries` or another); deeper brackets are only counted. */
const TRACKED_FRAMES = 3;
/** Only the keys `log` and `entries` matter; a longer key is not kept. */
const MAX_KEY_BYTES = 64;

/**
 * Cuts `log.entries[i]` out of a HAR byte stream one at a time, without holding the document:
 * a bracket matcher that tracks strings and escapes, then JSON.parse per entry. Memory is bounded by the
 * limits: an entry past `itemBytes` is not kept (only scanned to its end), one nested past `depth` is not
 * parsed; both become `unreadable` items naming the limit, as does a malformed entry, and the scan goes on.
 * A document that ends early (a recorder killed mid-write) is reported: the cut entry, or, when it was cut
 * between entries, one more `unreadable` item saying where.
 */
export class HarEntryScanner {
  private readonly stack: Frame[] = [];
  /** Brackets open below the tracked frames (inside an entry, or inside another member of `log`). */
  private opaque = 0;
  private rootSeen = false;
  private rootDone = false;
  private entriesSeen = false;
  private entriesClosed = false;
  private inString = false;
  /** Key mode only: the next byte is escaped. */
  private escape = false;
  /** Fast mode: backslashes ending the previous chunk, inside the current string. */
  private pendingBackslashes = 0;
  private keyBytes: number[] | undefined;
  private keyTooLong = false;
  private bomChecked = false;
  // The entry being cut: parts from earlier chunks, and where it starts in the current one.
  private elementParts: Buffer[] | undefined;
  private elementStart = 0;
  private elementBytes = 0;
  private elementOver = false;
  private elementTooDeep = false;
  private entryIndex = 0;
  private offset = 0;
  private readonly limits: Pick<InputLimits, 'itemBytes' | 'depth'>;

  constructor(limits: Pick<InputLimits, 'itemBytes' | 'depth'> = DEFAULT_LIMITS) {
    this.limits = limits;
  }

  /** The entries a chunk completes, parsed. */
  push(chunk: Buffer): HarItem[] {
    return this.pushRaw(chunk).map(parsedHarItem);
  }

  /** The entries a chunk completes, as bytes: parsing is left to the caller (`parseHarEntry`), on any thread. */
  pushRaw(chunk: Buffer): RawHarItem[] {
    const out: RawHarItem[] = [];
    let i = 0;
    const n = chunk.length;
    if (!this.bomChecked && n > 0) {
      this.bomChecked = true;
      if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    if (this.elementParts) this.elementStart = 0;
    while (i < n) {
      if (this.inString) {
        i = this.stringStep(chunk, i);
        continue;
      }
      if (this.opaque > 0) {
        i = this.opaqueStep(chunk, i, out);
        continue;
      }
      const c = chunk[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i += 1;
      else i = this.structuralStep(chunk, i, c, out);
    }
    if (this.elementParts) this.keepPart(chunk.subarray(this.elementStart));
    this.offset += n;
    return out;
  }

  /** Inside a string: a key (kept, byte by byte, near the root) or any other string (skipped quote to quote). */
  private stringStep(chunk: Buffer, i: number): number {
    if (this.escape) {
      this.escape = false;
      this.keyByte(chunk[i]!);
      return i + 1;
    }
    if (this.keyBytes) {
      const c = chunk[i]!;
      if (c === QUOTE) {
        this.inString = false;
        this.finishKey();
      } else {
        if (c === BACKSLASH) this.escape = true;
        this.keyByte(c);
      }
      return i + 1;
    }
    // Inside entries strings are long (base64 images, escaped JSON bodies): jump from quote to quote; a
    // quote preceded by an odd run of backslashes is escaped. Runs may continue from the previous chunk.
    const n = chunk.length;
    const q = chunk.indexOf(QUOTE, i);
    if (q === -1) {
      const run = backslashRun(chunk, n - 1, i);
      this.pendingBackslashes = run === n - i ? this.pendingBackslashes + run : run;
      return n;
    }
    let run = backslashRun(chunk, q - 1, i);
    if (run === q - i) run += this.pendingBackslashes;
    this.pendingBackslashes = 0;
    if (run % 2 === 0) this.inString = false;
    return q + 1;
  }

  /**
   * Below the tracked frames (inside an entry, or another member of `log`) only quotes and brackets matter: a
   * tight loop over the bytes that returns once the brackets balance (the entry is cut) or the chunk ends.
   */
  private opaqueStep(chunk: Buffer, from: number, out: RawHarItem[]): number {
    const n = chunk.length;
    const cutting = this.elementParts !== undefined;
    const depth = this.limits.depth;
    let opaque = this.opaque;
    let i = from;
    while (i < n) {
      const c = chunk[i]!;
      if (c === QUOTE) {
        const end = closingQuote(chunk, i + 1);
        if (end === -1) {
          // The string goes on in the next chunk: stringStep takes over there.
          this.opaque = opaque;
          this.inString = true;
          this.pendingBackslashes = backslashRun(chunk, n - 1, i + 1);
          return n;
        }
        i = end + 1;
        continue;
      }
      if (c === 0x7b || c === 0x5b) {
        opaque += 1;
        if (cutting && opaque > depth) this.elementTooDeep = true;
      } else if (c === 0x7d || c === 0x5d) {
        opaque -= 1;
        if (opaque === 0) {
          this.opaque = 0;
          if (cutting) out.push(this.finishElement(chunk, i + 1));
          return i + 1;
        }
      }
      i += 1;
    }
    this.opaque = opaque;
    return n;
  }

  /** One structural byte outside strings; returns where scanning goes on. */
  private structuralStep(chunk: Buffer, i: number, c: number, out: RawHarItem[]): number {
    if (this.rootDone)
      throw new UnusableInputError(`not a HAR document: unexpected data after the top-level object (byte ${this.offset + i})`);
    if (!this.rootSeen && c !== 0x7b) throw new UnusableInputError('not a HAR document: it does not start with a JSON object');
    const top = this.opaque === 0 ? this.stack[this.stack.length - 1] : undefined;
    const inEntries = top?.entries === true;
    if (inEntries && !this.elementParts && c !== 0x2c && c !== 0x5d) this.startElement(i);
    switch (c) {
      case QUOTE:
        this.inString = true;
        this.pendingBackslashes = 0;
        if (top && !top.array && top.expectKey) {
          this.keyBytes = [];
          this.keyTooLong = false;
        }
        break;
      case 0x7b: // {
      case 0x5b: // [
        this.open(c === 0x5b, inEntries);
        break;
      case 0x7d: // }
      case 0x5d: // ]
        return this.close(chunk, i, inEntries, out);
      case 0x2c: // ,
        if (inEntries && this.elementParts) out.push(this.finishElement(chunk, i));
        else if (top && !top.array) top.expectKey = true;
        break;
      case 0x3a: // :
        if (top && !top.array) top.expectKey = false;
        break;
      default:
        break;
    }
    return i + 1;
  }

  /** An opening bracket: a tracked frame near the root, else only counted (and checked against the depth limit). */
  private open(array: boolean, inEntries: boolean): void {
    this.rootSeen = true;
    if (this.opaque > 0 || inEntries || this.stack.length >= TRACKED_FRAMES) {
      this.opaque += 1;
      if (this.elementParts && this.opaque > this.limits.depth) this.elementTooDeep = true;
      return;
    }
    const entries = array && this.stack.length === 2 && this.stack[0]!.key === 'log' && this.stack[1]!.key === 'entries';
    if (entries) this.entriesSeen = true;
    this.stack.push({ array, key: undefined, expectKey: !array, entries });
  }

  /** A closing bracket: may finish the entry being cut (a container one, or a scalar one before `]`). */
  private close(chunk: Buffer, i: number, inEntries: boolean, out: RawHarItem[]): number {
    if (this.opaque > 0) {
      this.opaque -= 1;
      if (this.opaque === 0 && this.elementParts) out.push(this.finishElement(chunk, i + 1));
      return i + 1;
    }
    if (inEntries && this.elementParts) out.push(this.finishElement(chunk, i));
    const popped = this.stack.pop();
    if (!popped) throw new UnusableInputError(`not a HAR document: unbalanced brackets at byte ${this.offset + i}`);
    if (popped.entries) this.entriesClosed = true;
    if (this.stack.length === 0) this.rootDone = true;
    return i + 1;
  }

  /** Call at end of input; throws UnusableInputError when the bytes were not a HAR at all. */
  end(): HarItem[] {
    return this.endRaw().map(parsedHarItem);
  }

  endRaw(): RawHarItem[] {
    if (!this.rootSeen) throw new UnusableInputError('not a HAR document: the input is empty');
    if (!this.entriesSeen) throw new UnusableInputError('not a HAR document: no "log.entries" array found');
    const out: RawHarItem[] = [];
    if (this.elementParts) {
      this.elementParts = undefined;
      out.push({
        kind: 'unreadable',
        entry: this.entryIndex++,
        reason: `entry is truncated: the input ends inside it (byte ${this.offset}), or its brackets do not balance`,
      });
    } else if (!this.rootDone) {
      const where = this.entriesClosed
        ? 'after log.entries'
        : this.entryIndex === 0
          ? 'before the first entry'
          : `after entry ${this.entryIndex - 1}`;
      out.push({
        kind: 'unreadable',
        entry: this.entryIndex++,
        reason: `the HAR is truncated: it ends ${where} (byte ${this.offset}) without closing the document`,
      });
    }
    return out;
  }

  private startElement(i: number): void {
    this.elementParts = [];
    this.elementStart = i;
    this.elementBytes = 0;
    this.elementOver = false;
    this.elementTooDeep = false;
  }

  /** Keeps a piece of the entry being cut, until it grows past the limit (then only its size is counted). */
  private keepPart(part: Buffer): void {
    this.elementBytes += part.length;
    if (this.elementOver) return;
    if (this.elementBytes > this.limits.itemBytes) {
      this.elementOver = true;
      this.elementParts = [];
      return;
    }
    this.elementParts!.push(part);
  }

  private finishElement(chunk: Buffer, endExclusive: number): RawHarItem {
    this.keepPart(chunk.subarray(this.elementStart, endExclusive));
    const parts = this.elementParts ?? [];
    this.elementParts = undefined;
    const entry = this.entryIndex++;
    if (this.elementOver)
      return { kind: 'unreadable', entry, reason: `entry is larger than ${describeLimit('itemBytes', this.limits.itemBytes)}; skipped` };
    if (this.elementTooDeep) return { kind: 'unreadable', entry, reason: `not read: ${tooDeep(this.limits.depth)}` };
    return { kind: 'raw', entry, bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts) };
  }

  private keyByte(c: number): void {
    if (!this.keyBytes) return;
    if (this.keyBytes.length >= MAX_KEY_BYTES) this.keyTooLong = true;
    else this.keyBytes.push(c);
  }

  private finishKey(): void {
    const bytes = this.keyBytes ?? [];
    this.keyBytes = undefined;
    const top = this.stack[this.stack.length - 1];
    if (!top || this.opaque > 0) return;
    if (this.keyTooLong) {
      top.key = undefined;
      return;
    }
    const parsed = parseJsonSafely(`"${Buffer.from(bytes).toString('utf8')}"`, 1);
    top.key = parsed.ok && typeof parsed.value === 'string' ? parsed.value : undefined;
  }
}

/** Parses an entry the scanner cut (its depth was counted while cutting: no second pass over it). */
export function parseHarEntry(
  bytes: Buffer,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  return parseJsonSafely(bytes.toString('utf8').trim(), Number.POSITIVE_INFINITY);
}

function parsedHarItem(item: RawHarItem): HarItem {
  if (item.kind !== 'raw') return item;
  const parsed = parseHarEntry(item.bytes);
  return parsed.ok
    ? { kind: 'value', entry: item.entry, value: parsed.value }
    : { kind: 'unreadable', entry: item.entry, reason: parsed.error };
}

/** Short strings (header names and values) are scanned here; long ones (images, bodies) by indexOf. */
const SHORT_SCAN = 24;

/** The unescaped quote closing a string whose text starts at `from` in this chunk; -1 when it is not in the chunk. */
function closingQuote(chunk: Buffer, from: number): number {
  const n = chunk.length;
  const stop = Math.min(n, from + SHORT_SCAN);
  let j = from;
  for (; j < stop; j += 1) {
    const c = chunk[j]!;
    if (c === QUOTE) return j;
    if (c === BACKSLASH) break;
  }
  let q = j;
  for (;;) {
    q = chunk.indexOf(QUOTE, q);
    if (q === -1) return -1;
    if (backslashRun(chunk, q - 1, from) % 2 === 0) return q;
    q += 1;
  }
}

/** Consecutive backslashes ending at `end` (inclusive), not looking before `from`. */
function backslashRun(chunk: Buffer, end: number, from: number): number {
  let j = end;
  while (j >= from && chunk[j] === BACKSLASH) j -= 1;
  return end - j;
}

/** Streams HAR entries from a byte stream. */
export async function* readHarEntries(
  stream: Readable,
  limits: Pick<InputLimits, 'itemBytes' | 'depth'> = DEFAULT_LIMITS,
): AsyncGenerator<HarItem> {
  const scanner = new HarEntryScanner(limits);
  for await (const chunk of stream) {
    const items = scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    yield* items;
  }
  yield* scanner.end();
}
