// The one Node-version-dependent spot of the protocol, RSA PKCS#1 v1.5 decryption (unwrapping the AES key of
// RSA_AES): what Node's own privateDecrypt does on the running version, as the README's table says, and that
// rsaDecryptPkcs1 behaves the same whatever it does. Run on Node 20, 22 and 24 (see the root README).
import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, rsaDecryptPkcs1, rsaEncryptPkcs1 } from '@zoloz-openapi/gateway-protocol';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const [major, minor, patch] = process.versions.node.split('.').map(Number) as [number, number, number];
const openssl = process.versions.openssl.split('.').map(Number) as [number, number];
// OpenSSL 3.2 added implicit rejection for PKCS#1 v1.5 decryption; Node 20.11.1+ refuses the padding without it.
const implicitRejection = openssl[0] > 3 || (openssl[0] === 3 && openssl[1] >= 2);
const refusesWithout = major > 20 || (major === 20 && (minor > 11 || (minor === 11 && patch >= 1)));

const nodeDecrypt = (ciphertext: Buffer) => privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, ciphertext);

describe(`RSA PKCS#1 v1.5 unwrap on Node ${process.versions.node} (OpenSSL ${process.versions.openssl})`, () => {
  const aesKey = randomBytes(16);
  const wrapped = rsaEncryptPkcs1(aesKey, publicKey);
  const tampered = Buffer.from(wrapped);
  tampered[tampered.length - 1]! ^= 0x01;

  it("Node's privateDecrypt: refused without implicit rejection, silent on a tampered ciphertext with it", () => {
    expect(implicitRejection || refusesWithout, 'a Node older than the engines range').toBe(true);
    if (!implicitRejection) {
      expect(() => nodeDecrypt(wrapped)).toThrow(/RSA_PKCS1_PADDING is no longer supported/);
    } else {
      expect(nodeDecrypt(wrapped).equals(aesKey)).toBe(true);
      const garbage = nodeDecrypt(tampered); // implicit rejection: no error, bytes that are not the key
      expect(garbage.equals(aesKey)).toBe(false);
    }
  });

  it('rsaDecryptPkcs1 unwraps the key and rejects tampering with one uniform error, whatever Node does', () => {
    expect(rsaDecryptPkcs1(wrapped, privateKey, { expectedLengths: [16, 24, 32] }).equals(aesKey)).toBe(true);
    expect(() => rsaDecryptPkcs1(tampered, privateKey, { expectedLengths: [16, 24, 32] })).toThrow(DecryptionError);
  });
});
