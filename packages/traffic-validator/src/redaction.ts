import { isSafeShape, UntrustedDisplay } from '@zoloz-openapi/gateway-protocol';
import type { PersonalField } from './spec-runtime.js';
import type { ShownValue } from './types.js';

export interface RedactionOptions {
  /** Show values even of personal fields (`--show-values`). */
  readonly showValues?: boolean;
  /** Key for the short hashes; a random per-run key by default, so hashes cannot be looked up across runs. */
  readonly hashKey?: string | Buffer;
}

/**
 * Decides how a value appears in a report. Personal fields (the spec's `x-zoloz-personal-data`
 * marks) and anything not a short scalar show only type, length and a keyed short hash. Strings follow the
 * one rule for outside text (`@zoloz-openapi/gateway-protocol`'s untrusted display): shown only when short
 * and safe by shape; `display` applies that rule, with the same key, to names, methods and paths.
 */
export class Redactor {
  readonly display: UntrustedDisplay;
  private readonly showValues: boolean;

  constructor(options: RedactionOptions = {}) {
    this.showValues = options.showValues === true;
    this.display = new UntrustedDisplay(options.hashKey === undefined ? {} : { hashKey: options.hashKey });
  }

  /**
   * `literal`: the source text of a number past the double range (JSON.parse made it Infinity; JSON cannot
   * carry that, so it is shown as its text, `"1e400"`, never as null).
   */
  show(value: unknown, personalClass: string | null, literal?: string): ShownValue {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      const text = literal ?? String(value);
      if (this.showValues || personalClass === null) return { shown: 'value', value: text };
      return { shown: 'redacted', type: 'number', length: text.length, hash: this.display.hash(text), personal: personalClass };
    }
    if (this.showValues) return { shown: 'value', value: displayable(value) };
    if (personalClass === null) {
      if (value === null || typeof value === 'boolean' || typeof value === 'number') return { shown: 'value', value };
      if (isSafeShape(value, 'text')) return { shown: 'value', value };
    }
    const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    if (typeof value === 'object' && value !== null) {
      const length = Array.isArray(value) ? value.length : Object.keys(value).length;
      return { shown: 'redacted', type, length, personal: personalClass };
    }
    const shown = this.display.redact(typeof value === 'string' ? value : String(value));
    return {
      shown: 'redacted',
      type,
      length: shown.shown === 'redacted' ? shown.length : 0,
      ...(shown.shown === 'redacted' && shown.hash !== undefined ? { hash: shown.hash } : {}),
      personal: personalClass,
    };
  }

  hash(text: string): string {
    return this.display.hash(text);
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
