/**
 * Depth of JSON, two ways. V8's JSON.parse does not recurse, but everything after it does (validators, redaction,
 * JSON.stringify), so the depth of a parsed value is bounded before anything walks it: `valueDepthExceeds`, an
 * iterative walk over containers, cheap next to the parse. `depthExceeds` counts on the text instead, before
 * parsing: for large texts, so that a line of nothing but brackets is refused before it becomes millions of arrays.
 */

/** Brackets and quotes: everything else in JSON text is skipped by the regex engine, not byte by byte in JS. */
const STRUCTURE = /["[\]{}]/g;

/** Nesting of objects and arrays in a JSON text past `limit`; strings are skipped from quote to quote. */
export function depthExceeds(text: string, limit: number): boolean {
  const structure = new RegExp(STRUCTURE);
  let depth = 0;
  for (let match = structure.exec(text); match !== null; match = structure.exec(text)) {
    const c = text.charCodeAt(match.index);
    if (c === 0x22) {
      const end = closingQuote(text, match.index + 1);
      if (end === -1) return false;
      structure.lastIndex = end + 1;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else {
      depth -= 1;
    }
  }
  return false;
}

/** The quote closing a string opened before `from`: one preceded by an even run of backslashes. */
function closingQuote(text: string, from: number): number {
  let q = text.indexOf('"', from);
  while (q !== -1) {
    let run = 0;
    while (text.charCodeAt(q - 1 - run) === 0x5c) run += 1;
    if (run % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return -1;
}

/** Nesting of objects and arrays in a parsed value past `limit`, walked without recursion. */
export function valueDepthExceeds(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    if (Array.isArray(node)) {
      for (const child of node) {
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}
