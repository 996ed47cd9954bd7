/**
 * Redaction for logs and error details, driven by the spec's data-classification marks
 * (`generated/personal-data.*`: per operation and direction, paths of personal fields and their class).
 * Anything marked is replaced by `[redacted:<class>]`; as a safety net for fields the spec does not mark
 * (ZOLOZ may add response fields), any string longer than {@link LONG_STRING} characters — in practice an
 * image or an opaque blob — is replaced too.
 */
export interface PersonalField {
  /** Path segments from the body root; `*` matches any map key or array index. */
  readonly path: readonly string[];
  readonly class: string;
}

export type Direction = 'request' | 'response';

export const LONG_STRING = 256;

export function redact(value: unknown, fields: readonly PersonalField[]): unknown {
  return walk(value, [], fields);
}

function classAt(path: readonly string[], fields: readonly PersonalField[]): string | undefined {
  for (const f of fields) {
    if (f.path.length !== path.length) continue;
    let ok = true;
    for (let i = 0; i < path.length && ok; i++) ok = f.path[i] === '*' || f.path[i] === path[i];
    if (ok) return f.class;
  }
  return undefined;
}

function walk(value: unknown, path: string[], fields: readonly PersonalField[]): unknown {
  if (path.length > 0) {
    const cls = classAt(path, fields);
    if (cls !== undefined) return `[redacted:${cls}]`;
  }
  if (typeof value === 'string') return value.length > LONG_STRING ? `[redacted:${value.length} chars]` : value;
  if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)], fields));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k], fields);
    return out;
  }
  return value;
}
