import { MalformedHeaderError, UnsupportedAlgorithmError } from './errors.js';
import { displayUntrusted } from './untrusted.js';
import { decodeBase64Lenient, percentDecode, percentEncode, toBase64 } from './encoding.js';

/** Header names exactly as the gateway writes them (Java reads them case-sensitively; we read case-insensitively). */
export const HEADER = {
  clientId: 'Client-Id',
  requestTime: 'Request-Time',
  responseTime: 'Response-Time',
  signature: 'Signature',
  encrypt: 'Encrypt',
  contentType: 'Content-Type',
  userAgent: 'User-Agent',
} as const;

export const SIGNATURE_ALGORITHM = 'RSA256';
export const ENCRYPT_ALGORITHM = 'RSA_AES';
/** Content-Type of a plain JSON body. */
export const CONTENT_TYPE_JSON = 'application/json; charset=UTF-8';
/** Content-Type of an encrypted (base64 ciphertext) body. */
export const CONTENT_TYPE_ENCRYPTED = 'text/plain; charset=UTF-8';

/**
 * Splits a `Signature` / `Encrypt` style value into its parameters: split on `,`, trim, split each pair at the
 * FIRST `=` (so base64 padding survives). Empty pairs are skipped; an empty value (`keyVersion=`) is kept.
 * Values are returned raw (still percent-encoded). Duplicate or nameless parameters are rejected.
 */
export function parseHeaderParams(value: string, header = 'header'): Map<string, string> {
  if (typeof value !== 'string' || value.trim() === '') throw new MalformedHeaderError(header, 'is empty');
  const params = new Map<string, string>();
  for (const part of value.split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new MalformedHeaderError(header, 'has a parameter that is not name=value');
    const name = pair.slice(0, eq).trim();
    if (params.has(name)) throw new MalformedHeaderError(header, `has parameter ${displayUntrusted(name, 'parameterName')} twice`);
    params.set(name, pair.slice(eq + 1).trim());
  }
  return params;
}

export interface ParsedSignatureHeader {
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  /** The raw signature bytes. */
  readonly signature: Buffer;
  /** `keyVersion` when present (may be empty). */
  readonly keyVersion?: string;
}

export interface ParsedEncryptHeader {
  readonly algorithm: typeof ENCRYPT_ALGORITHM;
  /** The RSA-wrapped AES key bytes (still encrypted). */
  readonly symmetricKey: Buffer;
  readonly keyVersion?: string;
}

function required(params: Map<string, string>, header: string, name: string): string {
  const v = params.get(name);
  if (v === undefined) throw new MalformedHeaderError(header, `has no ${name} parameter`);
  return v;
}

function withKeyVersion<T extends object>(base: T, params: Map<string, string>, header: string): T & { keyVersion?: string } {
  const kv = params.get('keyVersion');
  return kv === undefined ? base : { ...base, keyVersion: percentDecode(kv, header, 'keyVersion') };
}

/** Parses `algorithm=RSA256[, keyVersion=…], signature=<raw or percent-encoded base64>`. */
export function parseSignatureHeader(value: string): ParsedSignatureHeader {
  const h = HEADER.signature;
  const params = parseHeaderParams(value, h);
  if (required(params, h, 'algorithm') !== SIGNATURE_ALGORITHM) throw new UnsupportedAlgorithmError(h, SIGNATURE_ALGORITHM);
  const raw = required(params, h, 'signature');
  const signature = decodeBase64Lenient(percentDecode(raw, h, 'signature'), h, 'signature');
  return withKeyVersion({ algorithm: SIGNATURE_ALGORITHM, signature }, params, h);
}

/** Parses `algorithm=RSA_AES[, keyVersion=…], symmetricKey=<raw or percent-encoded base64>`. */
export function parseEncryptHeader(value: string): ParsedEncryptHeader {
  const h = HEADER.encrypt;
  const params = parseHeaderParams(value, h);
  if (required(params, h, 'algorithm') !== ENCRYPT_ALGORITHM) throw new UnsupportedAlgorithmError(h, ENCRYPT_ALGORITHM);
  const raw = required(params, h, 'symmetricKey');
  const symmetricKey = decodeBase64Lenient(percentDecode(raw, h, 'symmetricKey'), h, 'symmetricKey');
  return withKeyVersion({ algorithm: ENCRYPT_ALGORITHM, symmetricKey }, params, h);
}

export interface FormatHeaderOptions {
  /** Adds `keyVersion=<v>` (the PHP sample sends `v1`); omitted by default, as the Java SDK does. */
  readonly keyVersion?: string;
}

function format(algorithm: string, name: string, bytes: Uint8Array, opts: FormatHeaderOptions): string {
  const kv = opts.keyVersion === undefined ? '' : `, keyVersion=${percentEncode(opts.keyVersion)}`;
  return `algorithm=${algorithm}${kv}, ${name}=${percentEncode(toBase64(bytes))}`;
}

/** `algorithm=RSA256, signature=<percent-encoded standard base64>` */
export function formatSignatureHeader(signature: Uint8Array, opts: FormatHeaderOptions = {}): string {
  return format(SIGNATURE_ALGORITHM, 'signature', signature, opts);
}

/** `algorithm=RSA_AES, symmetricKey=<percent-encoded standard base64 of the RSA-wrapped AES key>` */
export function formatEncryptHeader(wrappedKey: Uint8Array, opts: FormatHeaderOptions = {}): string {
  return format(ENCRYPT_ALGORITHM, 'symmetricKey', wrappedKey, opts);
}

/** Anything headers can come in: fetch `Headers`, node's `IncomingHttpHeaders`, a plain record. */
export type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Reads a header case-insensitively; the first value when repeated (as Java does). */
export function getHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as { get(name: string): string | null }).get(name);
    // fetch joins repeated headers with ", " — which would corrupt a parameter list; take the whole value.
    return v ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== lower) continue;
    const v = record[key];
    if (v === undefined) continue;
    return typeof v === 'string' ? v : v[0];
  }
  return undefined;
}
