const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of objects and arrays in a JSON text, counted without parsing and without recursion, and
 * stopping once past `limit`: run before JSON.parse, whose result every later step walks recursively.
 * Strings are skipped from quote to quote, so it costs little on bodies made of long base64 strings.
 */
export function depthExceeds(text: string | Uint8Array, limit: number): boolean {
  const n = text.length;
  const at: (i: number) => number = typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i]!;
  const find: (from: number) => number = typeof text === 'string' ? (from) => text.indexOf('"', from) : (from) => (text as Buffer).indexOf(QUOTE, from);
  let depth = 0;
  for (let i = 0; i < n; i += 1) {
    const c = at(i);
    if (c === QUOTE) {
      // Jump to the closing quote: one preceded by an even run of backslashes.
      let q = find(i + 1);
      while (q !== -1) {
        let run = 0;
        while (at(q - 1 - run) === BACKSLASH) run += 1;
        if (run % 2 === 0) break;
        q = find(q + 1);
      }
      if (q === -1) return false;
      i = q;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}
