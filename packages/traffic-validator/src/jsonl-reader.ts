import type { Readable } from 'node:stream';
import { DEFAULT_LIMITS, describeLimit, type InputLimits } from '@zoloz-openapi/gateway-protocol';
import { parseJsonSafely } from './safe-json.js';

export type JsonlLine =
  | { readonly kind: 'value'; readonly line: number; readonly value: unknown }
  | { readonly kind: 'unreadable'; readonly line: number; readonly reason: string };

/** A line as cut, before parsing: its bytes (never blank), or why it cannot be read. */
export type RawJsonlLine =
  | { readonly kind: 'raw'; readonly line: number; readonly bytes: Buffer }
  | { readonly kind: 'unreadable'; readonly line: number; readonly reason: string };

const NEWLINE = 0x0a;

/**
 * Cuts JSON Lines from a byte stream, chunk by chunk: one item per non-blank line (1-based line numbers); blank
 * lines are not exchanges and are skipped. Lines are cut from the bytes (`\n`, `\r\n`), never joined past
 * `itemBytes`: a longer line is skipped to its end and reported unreadable with the limit named, and the next
 * line is read as usual. Parsing is left to the caller (`parseJsonLine`), on any thread.
 */
export class JsonlCutter {
  private parts: Buffer[] = [];
  private size = 0;
  private over = false;
  private line = 0;

  constructor(private readonly itemBytes: number = DEFAULT_LIMITS.itemBytes) {}

  /** The lines a chunk completes. */
  push(chunk: Buffer): RawJsonlLine[] {
    const out: RawJsonlLine[] = [];
    let from = 0;
    while (from <= chunk.length) {
      const end = chunk.indexOf(NEWLINE, from);
      const piece = chunk.subarray(from, end === -1 ? chunk.length : end);
      if (!this.over) {
        if (this.size + piece.length > this.itemBytes) {
          this.over = true;
          this.parts = [];
        } else if (piece.length > 0) {
          this.parts.push(piece);
        }
      }
      this.size += piece.length;
      if (end === -1) break;
      this.finish(out);
      from = end + 1;
    }
    return out;
  }

  /** The last line, when the input does not end with a newline. */
  end(): RawJsonlLine[] {
    const out: RawJsonlLine[] = [];
    if (this.size > 0 || this.over) this.finish(out);
    return out;
  }

  private finish(out: RawJsonlLine[]): void {
    this.line += 1;
    const { parts, size, over, line } = this;
    this.parts = [];
    this.size = 0;
    this.over = false;
    if (over) {
      out.push({
        kind: 'unreadable',
        line,
        reason: `line is longer than ${describeLimit('itemBytes', this.itemBytes)}; skipped to its end`,
      });
      return;
    }
    if (parts.length === 0) return;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    if (!isBlank(bytes)) out.push({ kind: 'raw', line, bytes });
  }
}

/** Parses a line the cutter cut, its nesting bounded by `maxDepth`. */
export function parseJsonLine(bytes: Buffer, maxDepth: number): ReturnType<typeof parseJsonSafely> {
  return parseJsonSafely(bytes.toString('utf8'), maxDepth);
}

/** One parsed item per non-blank line (see `JsonlCutter`). */
export async function* readJsonLines(
  stream: Readable,
  limits: Pick<InputLimits, 'itemBytes' | 'depth'> = DEFAULT_LIMITS,
): AsyncGenerator<JsonlLine> {
  const cutter = new JsonlCutter(limits.itemBytes);
  const parsed = (item: RawJsonlLine): JsonlLine => {
    if (item.kind !== 'raw') return item;
    const outcome = parseJsonLine(item.bytes, limits.depth);
    return outcome.ok
      ? { kind: 'value', line: item.line, value: outcome.value }
      : { kind: 'unreadable', line: item.line, reason: outcome.error };
  };
  for await (const data of stream) yield* cutter.push(typeof data === 'string' ? Buffer.from(data) : (data as Buffer)).map(parsed);
  yield* cutter.end().map(parsed);
}

/** Only spaces, tabs and CRs (a `\r\n` ending leaves the CR): not an item. */
function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i += 1) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
