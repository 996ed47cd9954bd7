import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError, InvalidArgumentError } from './errors.js';
import { decodeBase64Strict } from './encoding.js';

/** AES key sizes the gateway accepts: Java ≥ 1.0.1 and PHP use 256, Python and the shell script 128. */
export type AesKeyBits = 128 | 256;

const cipherName = (key: Uint8Array): string => {
  if (key.length === 16) return 'aes-128-ecb';
  if (key.length === 24) return 'aes-192-ecb';
  if (key.length === 32) return 'aes-256-ecb';
  throw new InvalidArgumentError('AES key must be 16, 24 or 32 bytes');
};

/** A fresh random AES key (256 bits by default). */
export function generateAesKey(bits: AesKeyBits = 256): Buffer {
  if (bits !== 128 && bits !== 256) throw new InvalidArgumentError('AES key size must be 128 or 256 bits');
  return randomBytes(bits / 8);
}

/**
 * AES-ECB with PKCS#7 padding, no IV, base64 output — Java's `Cipher.getInstance("AES")`, which every official
 * SDK uses. ECB is the protocol's choice, not ours.
 */
export function aesEncrypt(plaintext: string | Uint8Array, key: Uint8Array): string {
  const cipher = createCipheriv(cipherName(key), key, null);
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return Buffer.concat([cipher.update(data), cipher.final()]).toString('base64');
}

/** Decrypts a base64 AES-ECB-PKCS7 body; throws a uniform {@link DecryptionError}. */
export function aesDecrypt(base64Ciphertext: string, key: Uint8Array): Buffer {
  const name = cipherName(key);
  const data = decodeBase64Strict(base64Ciphertext.trim());
  if (!data || data.length === 0 || data.length % 16 !== 0) throw new DecryptionError('encrypted body is not base64 AES blocks');
  try {
    const decipher = createDecipheriv(name, key, null);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}
