// The seed pages' sample requests and responses, copied into test/fixtures/seed-samples/ (one file per
// page, each sample with its section and line range on the page). Where the page's JSON is broken, the
// fixture keeps the page text verbatim, the repaired value, and says what was repaired.
import fs from 'node:fs';
import path from 'node:path';

export const SEED_SAMPLES_DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'seed-samples');

export interface SeedSample {
  section: string;
  lines: string;
  schema: string;
  repairs: string[];
  verbatim: string;
  value: unknown;
}

export interface SeedPage {
  page: string;
  title: string;
  samples: SeedSample[];
}

export function seedPages(): SeedPage[] {
  return fs
    .readdirSync(SEED_SAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(SEED_SAMPLES_DIR, f), 'utf8')) as SeedPage);
}

/**
 * The only repairs the fixtures state: strings broken over lines are joined, a trailing comma is
 * dropped, `:,"Y"` is read as `:"Y"`, a `{ ... }` placeholder becomes `{}`. Used to check that each
 * fixture's value is its verbatim page text with exactly these repairs.
 */
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
