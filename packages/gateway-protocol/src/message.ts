import type { KeyObject } from 'node:crypto';
import { aesDecrypt, aesEncrypt, generateAesKey, type AesKeyBits } from './aes.js';
import { contentToSign } from './content.js';
import { DecryptionError, GatewayProtocolError, SignatureVerificationError } from './errors.js';
import {
  CONTENT_TYPE_ENCRYPTED,
  CONTENT_TYPE_JSON,
  HEADER,
  formatEncryptHeader,
  formatSignatureHeader,
  getHeader,
  parseEncryptHeader,
  parseSignatureHeader,
  type HeaderSource,
} from './headers.js';
import { loadPrivateKey, loadPublicKey, type KeyInput } from './keys.js';
import { rsaDecryptPkcs1, rsaEncryptPkcs1 } from './rsa.js';
import { signContent, verifyContent } from './signature.js';
import { formatRequestTime, type TimeOffset } from './time.js';

/**
 * The protocol is symmetric: a request and a response are both "sealed" (encrypted for the peer, signed by the
 * sender) and "opened" (verified with the peer's key, decrypted with one's own). Only the time header's name
 * differs, and a request also carries Client-Id. Both sign over the REQUEST path and the merchant's Client-Id.
 */
export type Direction = 'request' | 'response';

const timeHeader = (d: Direction): string => (d === 'request' ? HEADER.requestTime : HEADER.responseTime);

export interface SealOptions {
  readonly direction: Direction;
  /** The request path, e.g. `/api/v1/zoloz/realid/initialize`. */
  readonly path: string;
  /** The merchant's Client-Id. */
  readonly clientId: string;
  /** The plaintext JSON body. */
  readonly body: string;
  /** The sender's private key (merchant for requests, ZOLOZ for responses). */
  readonly signingKey: KeyInput;
  /** The receiver's public key: when given, the body is `RSA_AES`-encrypted for it. */
  readonly encryptFor?: KeyInput;
  /** AES key to use instead of a fresh random one (test vectors; a gateway echoing the request's key). */
  readonly aesKey?: Uint8Array;
  /** Size of a fresh AES key; 256 by default. */
  readonly aesKeyBits?: AesKeyBits;
  /** The time header value, verbatim; default: `now` formatted in `timeOffset`. */
  readonly time?: string;
  readonly now?: Date;
  /** Offset for the time header; `+0000` by default. */
  readonly timeOffset?: TimeOffset;
  /** Adds `keyVersion=` to the Signature and Encrypt headers. */
  readonly keyVersion?: string;
}

export interface SealedMessage {
  /** `Content-Type`, `Request-Time`|`Response-Time`, `Signature`, `Encrypt` when encrypted, `Client-Id` for a request. */
  readonly headers: Record<string, string>;
  /** The body to send: the JSON, or the base64 ciphertext. */
  readonly body: string;
  /** The time header value that was signed. */
  readonly time: string;
  /** The AES key, when encrypted (a client may need it; never log it). */
  readonly aesKey?: Buffer;
}

/** Encrypts (optionally) and signs a message, returning the exact headers and body to send. */
export function sealMessage(opts: SealOptions): SealedMessage {
  const signingKey = loadPrivateKey(opts.signingKey, 'signing key');
  const time = opts.time ?? formatRequestTime(opts.now ?? new Date(), opts.timeOffset ?? '+0000');
  const headers: Record<string, string> = {};
  let body = opts.body;
  let aesKey: Buffer | undefined;
  const fmt = opts.keyVersion === undefined ? {} : { keyVersion: opts.keyVersion };
  if (opts.encryptFor !== undefined) {
    const peer = loadPublicKey(opts.encryptFor, 'encryption key');
    aesKey = opts.aesKey ? Buffer.from(opts.aesKey) : generateAesKey(opts.aesKeyBits ?? 256);
    body = aesEncrypt(opts.body, aesKey);
    headers[HEADER.contentType] = CONTENT_TYPE_ENCRYPTED;
    headers[HEADER.encrypt] = formatEncryptHeader(rsaEncryptPkcs1(aesKey, peer), fmt);
  } else {
    headers[HEADER.contentType] = CONTENT_TYPE_JSON;
  }
  if (opts.direction === 'request') headers[HEADER.clientId] = opts.clientId;
  headers[timeHeader(opts.direction)] = time;
  const content = contentToSign({ path: opts.path, clientId: opts.clientId, time, body });
  headers[HEADER.signature] = formatSignatureHeader(signContent(content, signingKey), fmt);
  return aesKey ? { headers, body, time, aesKey } : { headers, body, time };
}

export interface OpenOptions {
  readonly direction: Direction;
  /** The REQUEST path (also when opening a response). */
  readonly path: string;
  /** The merchant's Client-Id (also when opening a response). */
  readonly clientId: string;
  readonly headers: HeaderSource;
  /** The raw body text exactly as received. */
  readonly body: string;
  /** The sender's public key; `false` skips verification — an explicit, deliberate opt-out. */
  readonly verifyWith: KeyInput | false;
  /** The receiver's private key, needed when the message carries an `Encrypt` header. */
  readonly decryptWith?: KeyInput;
  /**
   * Whether the body is expected to be encrypted. Default (undefined): decrypt iff an `Encrypt` header is present,
   * as the Java SDK does. `true`: reject a message without one. `false`: the body is plain and any `Encrypt`
   * header is ignored — per the protocol a plain request gets a plain response, and mocks such as Prism emit
   * example `Encrypt` headers on plain responses.
   */
  readonly expectEncrypted?: boolean;
}

export interface OpenedMessage {
  /** The plaintext body. */
  readonly body: string;
  readonly encrypted: boolean;
  /** `true` when the signature was checked and valid; `false` only when verification was switched off. */
  readonly verified: boolean;
  /** The time header value, if present. */
  readonly time?: string;
  /** The unwrapped AES key when the message was encrypted (never log it). */
  readonly aesKey?: Buffer;
}

/**
 * Verifies (unless `verifyWith: false`) and decrypts a received message. Throws
 * {@link SignatureVerificationError} (reason: missing-signature, missing-time, malformed-signature, mismatch),
 * {@link DecryptionError}, or `MalformedHeaderError` for an unparsable `Encrypt` header.
 */
export function openMessage(opts: OpenOptions): OpenedMessage {
  const time = getHeader(opts.headers, timeHeader(opts.direction));
  if (opts.verifyWith !== false) {
    const publicKey = loadPublicKey(opts.verifyWith, 'verification key');
    const sigHeader = getHeader(opts.headers, HEADER.signature);
    if (sigHeader === undefined || sigHeader.trim() === '') {
      throw new SignatureVerificationError('missing-signature', `${opts.direction} has no Signature header`);
    }
    if (time === undefined) {
      throw new SignatureVerificationError('missing-time', `${opts.direction} has no ${timeHeader(opts.direction)} header`);
    }
    let signature: Buffer;
    try {
      signature = parseSignatureHeader(sigHeader).signature;
    } catch (err) {
      const detail = err instanceof GatewayProtocolError ? err.message : 'Signature header is malformed';
      throw new SignatureVerificationError('malformed-signature', detail);
    }
    const content = contentToSign({ path: opts.path, clientId: opts.clientId, time, body: opts.body });
    if (!verifyContent(content, signature, publicKey)) {
      throw new SignatureVerificationError('mismatch', `${opts.direction} signature does not verify`);
    }
  }
  const verified = opts.verifyWith !== false;
  const encryptHeader = opts.expectEncrypted === false ? undefined : getHeader(opts.headers, HEADER.encrypt);
  const base = time === undefined ? { verified } : { verified, time };
  if (encryptHeader === undefined) {
    if (opts.expectEncrypted) throw new DecryptionError(`${opts.direction} is not encrypted`);
    return { ...base, body: opts.body, encrypted: false };
  }
  const { symmetricKey } = parseEncryptHeader(encryptHeader);
  if (opts.decryptWith === undefined) throw new DecryptionError(`${opts.direction} is encrypted but no decryption key was given`);
  const privateKey = loadPrivateKey(opts.decryptWith, 'decryption key');
  const aesKey = rsaDecryptPkcs1(symmetricKey, privateKey, { expectedLengths: [16, 24, 32] });
  return { ...base, body: decryptBody(opts.body, aesKey), encrypted: true, aesKey };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** AES-decrypts a base64 body with a known key and decodes it as UTF-8. */
export function decryptBody(body: string, aesKey: Uint8Array): string {
  const plain = aesDecrypt(body, aesKey);
  try {
    return utf8.decode(plain);
  } catch {
    throw new DecryptionError();
  }
}

/** Unwraps an `Encrypt` header's AES key with the receiver's private key. */
export function unwrapSymmetricKey(encryptHeader: string, privateKey: KeyObject): Buffer {
  return rsaDecryptPkcs1(parseEncryptHeader(encryptHeader).symmetricKey, privateKey, { expectedLengths: [16, 24, 32] });
}
