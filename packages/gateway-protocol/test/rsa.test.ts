import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, rsaDecryptPkcs1, rsaEncryptPkcs1 } from '@zoloz-openapi/gateway-protocol';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** Encrypts a hand-built encoded message with raw RSA, to produce specific padding faults. */
function rawEncrypt(em: Buffer): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em);
}
function encodedMessage({ head = [0x00, 0x02], psLength = 8, psByte = 0x5a, sep = 0x00, message = Buffer.alloc(32, 7) } = {}): Buffer {
  const k = 256;
  const em = Buffer.alloc(k, psByte);
  em[0] = head[0]!;
  em[1] = head[1]!;
  // fill so that the total length is k: PS fills the gap before the separator
  const ps = k - 3 - message.length;
  em.fill(psByte, 2, 2 + ps);
  if (psLength < 8) em.fill(0, 2 + psLength, 2 + ps); // zeros inside PS make it effectively short
  em[2 + ps] = sep;
  message.copy(em, 3 + ps);
  return em;
}

function decryptError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DecryptionError);
    return (err as Error).message;
  }
  throw new Error('expected a DecryptionError');
}

describe('rsaDecryptPkcs1 (BigInt CRT, strict unpadding)', () => {
  it('round-trips with node:crypto publicEncrypt for 0..245 byte messages', () => {
    for (const len of [0, 1, 16, 32, 100, 245]) {
      const m = Buffer.alloc(len, len & 0xff);
      expect(rsaDecryptPkcs1(rsaEncryptPkcs1(m, publicKey), privateKey).equals(m)).toBe(true);
    }
  });
  it('accepts a well-formed hand-built message', () => {
    expect(rsaDecryptPkcs1(rawEncrypt(encodedMessage()), privateKey).equals(Buffer.alloc(32, 7))).toBe(true);
  });
  it('rejects every fault with one and the same message', () => {
    const good = rsaEncryptPkcs1(Buffer.alloc(32, 1), publicKey);
    const messages = new Set([
      decryptError(() => rsaDecryptPkcs1(rawEncrypt(encodedMessage({ head: [0x00, 0x01] })), privateKey)),
      decryptError(() => rsaDecryptPkcs1(rawEncrypt(encodedMessage({ head: [0x01, 0x02] }).subarray(0)), privateKey)),
      decryptError(() => rsaDecryptPkcs1(rawEncrypt(encodedMessage({ psLength: 4 })), privateKey)),
      decryptError(() =>
        rsaDecryptPkcs1(rawEncrypt(encodedMessage({ sep: 0x01, psByte: 0x11, message: Buffer.alloc(32, 9) })), privateKey),
      ),
      decryptError(() => rsaDecryptPkcs1(good.subarray(1), privateKey)),
      decryptError(() => rsaDecryptPkcs1(Buffer.alloc(256, 0xff), privateKey)),
      decryptError(() => rsaDecryptPkcs1(good, other.privateKey, { expectedLengths: [32] })),
      decryptError(() => rsaDecryptPkcs1(good, privateKey, { expectedLengths: [16] })),
    ]);
    expect([...messages]).toEqual(['decryption failed']);
  });
});
