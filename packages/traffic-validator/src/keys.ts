import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { quoteUntrusted, loadPrivateKey, loadPublicKey, looksLikeKeyMaterial } from '@zoloz-openapi/gateway-protocol';
import { UnusableInputError } from './input-stream.js';

/** Keys for the protocol checks; each is optional and enables the checks that need it. */
export interface TrafficKeys {
  /** Overrides the request's Client-Id header in the signed content (the merchant's own id). */
  readonly clientId?: string;
  /** Verifies request signatures. */
  readonly merchantPublicKey?: KeyObject;
  /** Verifies response signatures. */
  readonly zolozPublicKey?: KeyObject;
  /** Unwraps the response's AES key (and, since the gateway echoes it, decrypts the request body too). */
  readonly merchantPrivateKey?: KeyObject;
  /** Unwraps the request's AES key directly (test and sandbox set-ups where you hold ZOLOZ's side, e.g. the mock). */
  readonly zolozPrivateKey?: KeyObject;
}

const FIELDS = ['clientId', 'merchantPublicKey', 'zolozPublicKey', 'merchantPrivateKey', 'zolozPrivateKey'] as const;

/**
 * Reads a keys file: a JSON object with any of clientId, merchantPublicKey, zolozPublicKey,
 * merchantPrivateKey, zolozPrivateKey. A key is PEM text, base64 DER (as the ZOLOZ portal gives it),
 * or a path to a file holding either (relative to the keys file). Errors never quote key material.
 */
export function loadKeysFile(path: string): TrafficKeys {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UnusableInputError(`--keys ${path}: cannot read the keys file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UnusableInputError(`--keys ${path}: not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UnusableInputError(`--keys ${path}: must be a JSON object`);
  const record = json as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw new UnusableInputError(
      `--keys ${path}: unknown field ${unknown.map((k) => quoteUntrusted(k, 'parameterName')).join(', ')} (known: ${FIELDS.join(', ')})`,
    );
  const base = dirname(resolve(path));
  const keys: { -readonly [K in keyof TrafficKeys]: TrafficKeys[K] } = {};
  if (record.clientId !== undefined) {
    if (typeof record.clientId !== 'string' || record.clientId === '')
      throw new UnusableInputError(`--keys ${path}: clientId must be a non-empty string`);
    keys.clientId = record.clientId;
  }
  for (const field of ['merchantPublicKey', 'zolozPublicKey'] as const) {
    const material = keyMaterial(record[field], field, base, path);
    if (material !== undefined) keys[field] = guard(() => loadPublicKey(material, field), path, field);
  }
  for (const field of ['merchantPrivateKey', 'zolozPrivateKey'] as const) {
    const material = keyMaterial(record[field], field, base, path);
    if (material !== undefined) keys[field] = guard(() => loadPrivateKey(material, field), path, field);
  }
  return keys;
}

function keyMaterial(value: unknown, field: string, base: string, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new UnusableInputError(`--keys ${path}: ${field} must be a string (PEM, base64 DER or a file path)`);
  // Key material in any base64 alphabet (a cut or mangled key included) is handed to the key loader, never
  // taken for a path: an error must not print it back.
  if (looksLikeKeyMaterial(value) || /^[A-Za-z0-9+/=_\s-]{128,}$/.test(value)) return value;
  const file = resolve(base, value);
  // Even a short value may be the start of a key: a keys file's values are never shown, only their length.
  const shown = `a string of ${value.length} characters`;
  if (!existsSync(file)) throw new UnusableInputError(`--keys ${path}: ${field} is neither key material nor an existing file (${shown})`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UnusableInputError(`--keys ${path}: ${field}: cannot read the file ${shown}`);
  }
}

function guard<T>(load: () => T, path: string, field: string): T {
  try {
    return load();
  } catch {
    throw new UnusableInputError(`--keys ${path}: ${field} is not a usable RSA key`);
  }
}
