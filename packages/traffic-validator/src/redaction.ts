import { createHmac, randomBytes } from 'node:crypto';
import type { PersonalField } from './spec-runtime.js';
import type { ShownValue } from './types.js';

const MAX_SHOWN_STRING = 64;

export interface RedactionOptions {
  /** Show values even of personal fields (`--show-values`). */
  readonly showValues?: boolean;
  /** Key for the short hashes; a random per-run key by default, so hashes cannot be looked up across runs. */
  readonly hashKey?: string | Buffer;
}

/**
 * Decides how a value appears in a report. Personal fields (the spec's `x-zoloz-personal-data`
 * marks) and anything not a short scalar show only type, length and a keyed short hash.
 */
export class Redactor {
  private readonly key: Buffer;
  private readonly showValues: boolean;

  constructor(options: RedactionOptions = {}) {
    this.showValues = options.showValues === true;
    this.key = options.hashKey === undefined ? randomBytes(32) : Buffer.from(options.hashKey);
  }

  show(value: unknown, personalClass: string | null): ShownValue {
    if (this.showValues) return { shown: 'value', value: displayable(value) };
    const scalar = value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string';
    if (personalClass === null && scalar && (typeof value !== 'string' || value.length <= MAX_SHOWN_STRING)) {
      return { shown: 'value', value: value as string | number | boolean | null };
    }
    const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    if (!scalar) {
      const length = Array.isArray(value) ? value.length : typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
      return { shown: 'redacted', type, length, personal: personalClass };
    }
    const text = String(value);
    return { shown: 'redacted', type, length: text.length, hash: this.hash(text), personal: personalClass };
  }

  hash(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('hex').slice(0, 12);
  }
}

/** With --show-values a container is shown as compact JSON, cut to keep reports readable. */
function displayable(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

/**
 * The data class of the field at `tokens` when a personal-data mark covers it: the mark names the
 * field itself, an ancestor, or a descendant (a container holding personal fields).
 */
export function personalClassOf(marks: readonly PersonalField[] | undefined, tokens: readonly string[]): string | null {
  if (!marks) return null;
  for (const mark of marks) {
    const n = Math.min(mark.path.length, tokens.length);
    let same = true;
    for (let i = 0; i < n; i += 1) {
      const want = mark.path[i]!;
      if (want !== '*' && want !== tokens[i]) {
        same = false;
        break;
      }
    }
    if (same) return mark.class;
  }
  return null;
}
