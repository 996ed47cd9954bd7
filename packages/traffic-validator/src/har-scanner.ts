import type { Readable } from 'node:stream';
import { UnusableInputError } from './input-stream.js';
import { parseJsonSafely } from './safe-json.js';

export type HarItem =
  | { readonly kind: 'value'; readonly entry: number; readonly value: unknown }
  | { readonly kind: 'unreadable'; readonly entry: number; readonly reason: string };

interface Frame {
  readonly array: boolean;
  /** For objects: the key whose value is being read (tracked only near the root). */
  key: string | undefined;
  expectKey: boolean;
  readonly entries: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Cuts `log.entries[i]` out of a HAR byte stream one at a time, without holding the document:
 * a bracket matcher that tracks strings and escapes, then JSON.parse per entry. A malformed
 * entry becomes an `unreadable` item with its index; the scan goes on.
 */
export class HarEntryScanner {
  private readonly stack: Frame[] = [];
  private rootSeen = false;
  private rootDone = false;
  private entriesSeen = false;
  private inString = false;
  /** Key mode only: the next byte is escaped. */
  private escape = false;
  /** Fast mode: backslashes ending the previous chunk, inside the current string. */
  private pendingBackslashes = 0;
  private keyBytes: number[] | undefined;
  private bomChecked = false;
  // The entry being cut: parts from earlier chunks, and where it starts in the current one.
  private elementParts: Buffer[] | undefined;
  private elementStart = 0;
  private elementIsContainer = false;
  private entryIndex = 0;
  private offset = 0;

  push(chunk: Buffer): HarItem[] {
    const out: HarItem[] = [];
    let i = 0;
    const n = chunk.length;
    if (!this.bomChecked && n > 0) {
      this.bomChecked = true;
      if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    if (this.elementParts) this.elementStart = 0;
    while (i < n) {
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          this.keyBytes?.push(chunk[i]!);
          i += 1;
          continue;
        }
        if (this.keyBytes) {
          const c = chunk[i]!;
          if (c === QUOTE) {
            this.inString = false;
            this.finishKey();
          } else {
            if (c === BACKSLASH) this.escape = true;
            this.keyBytes.push(c);
          }
          i += 1;
          continue;
        }
        // Inside entries strings are long (base64 images, escaped JSON bodies): jump from quote to quote; a
        // quote preceded by an odd run of backslashes is escaped. Runs may continue from the previous chunk.
        const q = chunk.indexOf(QUOTE, i);
        if (q === -1) {
          const run = backslashRun(chunk, n - 1, i);
          this.pendingBackslashes = run === n - i ? this.pendingBackslashes + run : run;
          i = n;
          break;
        }
        let run = backslashRun(chunk, q - 1, i);
        if (run === q - i) run += this.pendingBackslashes;
        this.pendingBackslashes = 0;
        i = q + 1;
        if (run % 2 === 0) this.inString = false;
        continue;
      }
      const c = chunk[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i += 1;
        continue;
      }
      if (this.rootDone) throw new UnusableInputError(`not a HAR document: unexpected data after the top-level object (byte ${this.offset + i})`);
      if (!this.rootSeen && c !== 0x7b) throw new UnusableInputError('not a HAR document: it does not start with a JSON object');
      const top = this.stack[this.stack.length - 1];
      const inEntries = top?.entries === true;
      if (inEntries && !this.elementParts && c !== 0x2c && c !== 0x5d) this.startElement(i, c === 0x7b || c === 0x5b);
      switch (c) {
        case QUOTE:
          this.inString = true;
          this.pendingBackslashes = 0;
          if (top && !top.array && top.expectKey && this.stack.length <= 2) this.keyBytes = [];
          break;
        case 0x7b: // {
        case 0x5b: {
          // [
          this.rootSeen = true;
          const array = c === 0x5b;
          const entries = array && this.stack.length === 2 && this.stack[0]!.key === 'log' && this.stack[1]!.key === 'entries';
          if (entries) this.entriesSeen = true;
          this.stack.push({ array, key: undefined, expectKey: !array, entries });
          break;
        }
        case 0x7d: // }
        case 0x5d: {
          // ]
          if (inEntries && this.elementParts && !this.elementIsContainer) out.push(this.finishElement(chunk, i));
          const popped = this.stack.pop();
          if (!popped) throw new UnusableInputError(`not a HAR document: unbalanced brackets at byte ${this.offset + i}`);
          if (this.stack.length === 0) this.rootDone = true;
          const parent = this.stack[this.stack.length - 1];
          if (parent?.entries && this.elementParts && this.elementIsContainer) out.push(this.finishElement(chunk, i + 1));
          break;
        }
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
      i += 1;
    }
    if (this.elementParts) this.elementParts.push(chunk.subarray(this.elementStart));
    this.offset += n;
    return out;
  }

  /** Call at end of input; throws UnusableInputError when the bytes were not a HAR at all. */
  end(): HarItem[] {
    if (!this.rootSeen) throw new UnusableInputError('not a HAR document: the input is empty');
    if (!this.entriesSeen) throw new UnusableInputError('not a HAR document: no "log.entries" array found');
    const out: HarItem[] = [];
    if (this.elementParts) {
      this.elementParts = undefined;
      out.push({ kind: 'unreadable', entry: this.entryIndex++, reason: 'entry is truncated (the input ends inside it, or its brackets do not balance)' });
    }
    return out;
  }

  private startElement(i: number, container: boolean): void {
    this.elementParts = [];
    this.elementStart = i;
    this.elementIsContainer = container;
  }

  private finishElement(chunk: Buffer, endExclusive: number): HarItem {
    const parts = this.elementParts ?? [];
    parts.push(chunk.subarray(this.elementStart, endExclusive));
    this.elementParts = undefined;
    const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8').trim();
    const entry = this.entryIndex++;
    const parsed = parseJsonSafely(text);
    return parsed.ok ? { kind: 'value', entry, value: parsed.value } : { kind: 'unreadable', entry, reason: parsed.error };
  }

  private finishKey(): void {
    const bytes = this.keyBytes ?? [];
    this.keyBytes = undefined;
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    const parsed = parseJsonSafely(`"${Buffer.from(bytes).toString('utf8')}"`);
    top.key = parsed.ok && typeof parsed.value === 'string' ? parsed.value : undefined;
  }
}

/** Consecutive backslashes ending at `end` (inclusive), not looking before `from`. */
function backslashRun(chunk: Buffer, end: number, from: number): number {
  let j = end;
  while (j >= from && chunk[j] === BACKSLASH) j -= 1;
  return end - j;
}

/** Streams HAR entries from a byte stream. */
export async function* readHarEntries(stream: Readable): AsyncGenerator<HarItem> {
  const scanner = new HarEntryScanner();
  for await (const chunk of stream) {
    const items = scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    yield* items;
  }
  yield* scanner.end();
}
