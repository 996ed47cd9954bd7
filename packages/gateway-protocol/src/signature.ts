import { constants, sign, verify, type KeyObject } from 'node:crypto';

/** SHA256withRSA (RSASSA-PKCS1-v1_5) over the UTF-8 bytes of `content`. Deterministic. */
export function signContent(content: string, privateKey: KeyObject): Buffer {
  return sign('sha256', Buffer.from(content, 'utf8'), { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
}

/** Verifies a SHA256withRSA signature over the UTF-8 bytes of `content`. */
export function verifyContent(content: string, signature: Uint8Array, publicKey: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(content, 'utf8'), { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    // e.g. a signature longer than the modulus: simply not valid
    return false;
  }
}
