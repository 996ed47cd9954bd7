// Extracts the request and response samples from the seed pages (../shared/seeds) and repairs the
// publishing mistakes the seeds README lists, without changing their meaning.
import fs from 'node:fs';
import path from 'node:path';

// The seed pages live beside the repository (../shared/seeds), as on every developer machine and in CI;
// ZOLOZ_SEEDS_DIR points elsewhere.
export const SEEDS_DIR = process.env.ZOLOZ_SEEDS_DIR ?? path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

/** Top-level `{…}` blocks that start a line, cut by bracket matching outside string literals. */
export function jsonBlocks(text: string): string[] {
  const blocks: string[] = [];
  let i = 0;
  while ((i = text.indexOf('{', i)) !== -1) {
    if (i > 0 && text[i - 1] !== '\n') {
      i++;
      continue;
    }
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    blocks.push(text.slice(i, j + 1));
    i = j + 1;
  }
  return blocks;
}

/** The repairs named in the seeds README: strings broken over lines, trailing commas, `:,"Y"`, `{...}`. */
export function repair(sample: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i]!;
    if (inString && c === '\n') {
      while (/\s/.test(sample[i + 1] ?? '')) i++; // a JSON string broken over lines: join it
      continue;
    }
    if (c === '\\' && inString) {
      out += c + sample[++i];
      continue;
    }
    if (c === '"') inString = !inString;
    out += c;
  }
  return out
    .replace(/:\s*,\s*"/g, ':"')
    .replace(/\{\s*\.\.\.\s*\}/g, '{}')
    .replace(/,(\s*[}\]])/g, '$1');
}

export function seedSamples(file: string): unknown[] {
  if (!fs.existsSync(SEEDS_DIR)) {
    throw new Error(`The seed pages are not at ${SEEDS_DIR}: check out shared/ beside the repository, or set ZOLOZ_SEEDS_DIR.`);
  }
  const text = fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8');
  return jsonBlocks(text).map((block) => JSON.parse(repair(block)));
}
