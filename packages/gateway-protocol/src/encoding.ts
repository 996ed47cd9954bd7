import { MalformedHeaderError } from './errors.js';

/** Standard base64 (with padding) — what every official SDK sends. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Percent-encodes a base64 value for a header (`+`→`%2B`, `/`→`%2F`, `=`→`%3D`), as Java's URLEncoder does for
 * base64 input.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Percent-decodes a header parameter. `decodeURIComponent` (not a form decoder) so a raw `+` stays `+`;
 * accepts lower-case hex (`%2b`).
 */
export function percentDecode(value: string, header: string, param: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new MalformedHeaderError(header, `${param} has an invalid percent-escape`);
  }
}

const BASE64_BODY = /^[A-Za-z0-9+/]*$/;
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes base64 leniently, as a verifier should: standard or URL-safe (`-`/`_`) alphabet, padding optional,
 * a space taken as a `+` that a form decoder mangled. Anything else (or an impossible length) is rejected.
 */
export function decodeBase64Lenient(value: string, header: string, param: string): Buffer {
  // fast path: canonical standard base64, which is what every official SDK sends
  if (value.length % 4 === 0 && value.length > 0 && CANONICAL_BASE64.test(value)) return Buffer.from(value, 'base64');
  const normalised = value
    .trim()
    .replace(/ /g, '+')
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/={0,2}$/, '');
  if (normalised === '' || !BASE64_BODY.test(normalised) || normalised.length % 4 === 1) {
    throw new MalformedHeaderError(header, `${param} is not valid base64`);
  }
  return Buffer.from(normalised, 'base64');
}

/**
 * Decodes a base64 message body strictly: standard alphabet, correct padding, no whitespace — the format every
 * SDK produces for an encrypted body.
 */
export function decodeBase64Strict(value: string): Buffer | undefined {
  if (value.length === 0 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64');
}
