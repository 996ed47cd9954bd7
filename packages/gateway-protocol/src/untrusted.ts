import { createHmac, randomBytes } from 'node:crypto';

/**
 * The one display rule for any string that came from outside (a capture, a request, a response, a keys file):
 * it is shown as itself only when it is short and safe by its shape; otherwise only its type, length and a
 * keyed hash (HMAC with a random per-run key: equal values compare equal, nothing can be looked up) appear.
 * Something that looks like key material is never shown as itself, whatever its length or shape.
 */

// RFC 9110 §5.6.2 token characters.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The shapes an outside string may have to be shown as itself, each with its longest length. */
export const SAFE_SHAPES = {
  /** An HTTP method: token characters (RFC 9110 §9.1). */
  method: { pattern: TOKEN, maxLength: 16 },
  /** A header name: token characters (RFC 9110 §5.1). */
  headerName: { pattern: TOKEN, maxLength: 64 },
  /** A parameter name inside a header value (`Signature`, `Encrypt`) or a field name. */
  parameterName: { pattern: /^[A-Za-z0-9_.-]+$/, maxLength: 64 },
  /** One URL path segment: unreserved characters, percent escapes. */
  pathSegment: { pattern: /^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+$/, maxLength: 64 },
  /** A short printable ASCII text (an id, a code, a file name), no angle brackets (they mark redactions). */
  text: { pattern: /^[\x20-\x3b\x3d\x3f-\x7e]+$/, maxLength: 64 },
} as const satisfies Record<string, { readonly pattern: RegExp; readonly maxLength: number }>;

export type UntrustedShape = keyof typeof SAFE_SHAPES;

/** How an outside value is shown: itself, or type, length and a keyed hash. */
export type DisplayedValue =
  | { readonly shown: 'value'; readonly value: string }
  | { readonly shown: 'redacted'; readonly type: string; readonly length: number; readonly hash?: string };

/** A URL path is shown segment by segment; more segments than this, or a longer result, and it is redacted whole. */
const MAX_PATH_SEGMENTS = 32;
const MAX_PATH_LENGTH = 512;
const MAX_REMEMBERED = 1024;
/**
 * Keys and signatures are long runs of one base64 alphabet (standard `+/` or URL-safe `-_`); ordinary words, ids
 * and paths are not (a path or id mixing `/` and `-` is no base64).
 */
const BASE64_RUN = /[A-Za-z0-9+/]{40,}/;
const BASE64URL_RUN = /[A-Za-z0-9_-]{40,}/;

/** True when the text could be (part of) a key: PEM armour, or a long base64 / base64url run. */
export function looksLikeKeyMaterial(value: string): boolean {
  return value.includes('-----BEGIN') || value.includes('PRIVATE KEY') || BASE64_RUN.test(value) || BASE64URL_RUN.test(value);
}

export function isSafeShape(value: unknown, shape: UntrustedShape): value is string {
  const rule = SAFE_SHAPES[shape];
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= rule.maxLength &&
    rule.pattern.test(value) &&
    !looksLikeKeyMaterial(value)
  );
}

export interface UntrustedDisplayOptions {
  /** Key for the short hashes; random per instance by default, so hashes cannot be looked up across runs. */
  readonly hashKey?: string | Uint8Array;
}

/** Applies the display rule with one hash key (one per report, so equal values compare equal within it). */
export class UntrustedDisplay {
  private readonly key: Buffer;

  constructor(options: UntrustedDisplayOptions = {}) {
    this.key = options.hashKey === undefined ? randomBytes(32) : Buffer.from(options.hashKey);
  }

  /** Keyed short hash (12 hex digits) of a text. */
  hash(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('hex').slice(0, 12);
  }

  show(value: unknown, shape: UntrustedShape): DisplayedValue {
    if (isSafeShape(value, shape)) return { shown: 'value', value };
    return this.redact(value);
  }

  /** Type, length and keyed hash (strings), whatever the value. */
  redact(value: unknown): DisplayedValue {
    if (typeof value !== 'string') {
      const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
      const length = Array.isArray(value)
        ? value.length
        : typeof value === 'object' && value !== null
          ? Object.keys(value).length
          : String(value).length;
      return { shown: 'redacted', type, length };
    }
    return { shown: 'redacted', type: 'string', length: value.length, hash: this.hash(value) };
  }

  /** The value itself when safe, else `<redacted string, N chars, hash H>`: for messages and text reports. */
  text(value: unknown, shape: UntrustedShape): string {
    return displayedText(this.show(value, shape));
  }

  /** For messages that quote a name: `"name"` when safe, else the redaction (never in quotes, it is not the value). */
  quoted(value: unknown, shape: UntrustedShape): string {
    const shown = this.show(value, shape);
    return shown.shown === 'value' ? JSON.stringify(shown.value) : displayedText(shown);
  }

  /** A URL path: safe segments as they are, the others redacted one by one (or the whole path when it is long). */
  path(value: string): string {
    // Captures repeat a handful of paths: remember short ones (bounded count and length).
    const known = this.paths.get(value);
    if (known !== undefined) return known;
    const shown = this.pathUncached(value);
    if (value.length <= MAX_PATH_LENGTH) {
      if (this.paths.size >= MAX_REMEMBERED) this.paths.clear();
      this.paths.set(value, shown);
    }
    return shown;
  }

  private readonly paths = new Map<string, string>();

  private pathUncached(value: string): string {
    if (value.startsWith('/')) {
      const segments = value.split('/', MAX_PATH_SEGMENTS + 2);
      if (segments.length <= MAX_PATH_SEGMENTS + 1) {
        const shown = segments.map((s) => (s === '' ? s : this.text(s, 'pathSegment'))).join('/');
        if (shown.length <= MAX_PATH_LENGTH) return shown;
      }
    }
    return displayedText(this.redact(value));
  }
}

export function displayedText(value: DisplayedValue): string {
  if (value.shown === 'value') return value.value;
  return `<redacted ${value.type}, ${value.length} ${value.type === 'string' ? 'chars' : 'long'}${value.hash === undefined ? '' : `, hash ${value.hash}`}>`;
}

let processDisplay: UntrustedDisplay | undefined;

/** The display rule with a per-process random hash key, for errors and logs that have no report of their own. */
export function displayUntrusted(value: unknown, shape: UntrustedShape): string {
  processDisplay ??= new UntrustedDisplay();
  return processDisplay.text(value, shape);
}

/** As {@link displayUntrusted}, with a safe value in double quotes (`unknown field "x"`). */
export function quoteUntrusted(value: unknown, shape: UntrustedShape): string {
  processDisplay ??= new UntrustedDisplay();
  return processDisplay.quoted(value, shape);
}
