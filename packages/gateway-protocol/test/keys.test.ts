import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidKeyError, loadPrivateKey, loadPublicKey, signContent, verifyContent } from '@zoloz-openapi/gateway-protocol';
import { VECTOR_KEY_PEM } from './vectors.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8Pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const pkcs1Pem = privateKey.export({ format: 'pem', type: 'pkcs1' }) as string;
const pkcs8B64 = (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64');
const spkiPem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
const spkiB64 = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).toString('base64');

function roundTrips(priv: ReturnType<typeof loadPrivateKey>, pub: ReturnType<typeof loadPublicKey>): boolean {
  return verifyContent('x', signContent('x', priv), pub);
}

describe('key loading', () => {
  it('accepts PKCS#8 PEM, PKCS#1 PEM, base64 PKCS#8 DER (portal format, also wrapped), DER bytes, KeyObject', () => {
    const pub = loadPublicKey(spkiPem);
    for (const input of [pkcs8Pem, pkcs1Pem, pkcs8B64, pkcs8B64.replace(/(.{64})/g, '$1\n'), Buffer.from(pkcs8B64, 'base64'), privateKey]) {
      expect(roundTrips(loadPrivateKey(input), pub)).toBe(true);
    }
  });
  it('accepts SPKI PEM, base64 SPKI DER, DER bytes, public and private KeyObjects', () => {
    const priv = loadPrivateKey(pkcs8Pem);
    for (const input of [spkiPem, spkiB64, ` ${spkiB64}\n`, Buffer.from(spkiB64, 'base64'), publicKey, privateKey]) {
      expect(roundTrips(priv, loadPublicKey(input))).toBe(true);
    }
  });
  it('loads the §9 vector key', () => {
    expect(loadPrivateKey(VECTOR_KEY_PEM).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  const secretish = pkcs8B64.slice(100, 140);
  const badPrivate: Record<string, unknown> = {
    'truncated base64 DER': pkcs8B64.slice(0, 600),
    'garbage text': `not a key ${secretish}`,
    'a public key': spkiPem,
    'a public key as base64 DER': spkiB64,
    'an EC private key': generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
    'an empty string': '',
    'a public KeyObject': publicKey,
  };
  for (const [name, input] of Object.entries(badPrivate)) {
    it(`rejects ${name} as a private key, without quoting it`, () => {
      try {
        loadPrivateKey(input as string, 'merchant private key');
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidKeyError);
        expect((err as Error).message).toMatch(/^merchant private key /);
        expect((err as Error).message).not.toContain(secretish);
        expect((err as Error).message).not.toMatch(/[A-Za-z0-9+/]{24,}/);
        expect((err as InvalidKeyError).cause).toBeUndefined();
      }
    });
  }
  it('rejects a private key PEM or garbage as a public key', () => {
    expect(() => loadPublicKey(pkcs8Pem, 'ZOLOZ public key')).toThrow(/^ZOLOZ public key is not an SPKI PEM/);
    expect(() => loadPublicKey('MIIBIjANBgkq', 'ZOLOZ public key')).toThrow(InvalidKeyError);
  });
});
