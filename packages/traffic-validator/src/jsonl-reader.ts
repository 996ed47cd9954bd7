import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseJsonSafely } from './safe-json.js';

export type JsonlLine =
  | { readonly kind: 'value'; readonly line: number; readonly value: unknown }
  | { readonly kind: 'unreadable'; readonly line: number; readonly reason: string };

/** One item per non-blank line (1-based line numbers); blank lines are not exchanges and are skipped. */
export async function* readJsonLines(stream: Readable): AsyncGenerator<JsonlLine> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (isBlank(text)) continue;
    const parsed = parseJsonSafely(text);
    yield parsed.ok ? { kind: 'value', line, value: parsed.value } : { kind: 'unreadable', line, reason: parsed.error };
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
