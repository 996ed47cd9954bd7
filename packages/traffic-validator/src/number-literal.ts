import { resolvePointer } from './json-pointer.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The source text of a number JSON.parse turned into Infinity (`1e400`), found at a pointer: JSON has no
 * Infinity, so a report would otherwise show it as null. Runs only for such a value (rare): every number
 * literal past the double range is quoted, the text is parsed again, and the pointer resolved in it.
 */
export function overflowLiteralAt(text: string, tokens: readonly string[]): string | undefined {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let q = text.indexOf('"', i + 1);
      while (q !== -1 && backslashesBefore(text, q) % 2 === 1) q = text.indexOf('"', q + 1);
      if (q === -1) return undefined;
      i = q;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const match = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      match.lastIndex = i;
      const literal = match.exec(text)?.[0];
      if (literal === undefined) continue;
      if (!Number.isFinite(Number(literal))) {
        out += `${text.slice(copied, i)}"${literal}"`;
        copied = i + literal.length;
      }
      i += literal.length - 1;
    }
  }
  try {
    const resolved = resolvePointer(JSON.parse(out + text.slice(copied)), tokens);
    return resolved.found && typeof resolved.value === 'string' ? resolved.value : undefined;
  } catch {
    return undefined;
  }
}

function backslashesBefore(text: string, at: number): number {
  let run = 0;
  while (text.charCodeAt(at - 1 - run) === BACKSLASH) run += 1;
  return run;
}
