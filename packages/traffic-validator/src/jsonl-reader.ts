import type { Readable } from 'node:stream';
import { DEFAULT_LIMITS, describeLimit, type InputLimits } from '@zoloz-openapi/gateway-protocol';
import { parseJsonSafely } from './safe-json.js';

export type JsonlLine =
  | { readonly kind: 'value'; readonly line: number; readonly value: unknown }
  | { readonly kind: 'unreadable'; readonly line: number; readonly reason: string };

const NEWLINE = 0x0a;

/**
 * One item per non-blank line (1-based line numbers); blank lines are not exchanges and are skipped. Lines are cut
 * from the bytes (`\n`, `\r\n`), never joined past `itemBytes`: a longer line is skipped to its end and reported
 * unreadable with the limit named, and the next line is read as usual.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the byte loop of the line cutter: its branches are the line-ending and limit cases, kept together for speed (it is the parse floor)
export async function* readJsonLines(
  stream: Readable,
  limits: Pick<InputLimits, 'itemBytes' | 'depth'> = DEFAULT_LIMITS,
): AsyncGenerator<JsonlLine> {
  let parts: Buffer[] = [];
  let size = 0;
  let over = false;
  let line = 0;
  const finish = (): JsonlLine | undefined => {
    line += 1;
    const item = over
      ? tooLong(line, limits.itemBytes)
      : lineItem(line, parts.length === 1 ? parts[0]! : Buffer.concat(parts, size), limits.depth);
    parts = [];
    size = 0;
    over = false;
    return item;
  };
  for await (const data of stream) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
    let from = 0;
    while (from <= chunk.length) {
      const end = chunk.indexOf(NEWLINE, from);
      const piece = chunk.subarray(from, end === -1 ? chunk.length : end);
      if (!over) {
        if (size + piece.length > limits.itemBytes) {
          over = true;
          parts = [];
        } else if (piece.length > 0) {
          parts.push(piece);
        }
      }
      size += piece.length;
      if (end === -1) break;
      const item = finish();
      if (item) yield item;
      from = end + 1;
    }
  }
  if (size > 0 || over) {
    const item = finish();
    if (item) yield item;
  }
}

function tooLong(line: number, limit: number): JsonlLine {
  return { kind: 'unreadable', line, reason: `line is longer than ${describeLimit('itemBytes', limit)}; skipped to its end` };
}

function lineItem(line: number, bytes: Buffer, maxDepth: number): JsonlLine | undefined {
  const text = bytes.toString('utf8');
  if (isBlank(text)) return undefined;
  const parsed = parseJsonSafely(text, maxDepth);
  return parsed.ok ? { kind: 'value', line, value: parsed.value } : { kind: 'unreadable', line, reason: parsed.error };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
