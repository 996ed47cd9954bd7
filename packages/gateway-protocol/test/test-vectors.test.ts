import { describe, expect, it } from 'vitest';
import {
  aesDecrypt,
  aesEncrypt,
  contentToSign,
  formatSignatureHeader,
  loadPrivateKey,
  loadPublicKey,
  openMessage,
  sealMessage,
  signContent,
  unwrapSymmetricKey,
} from '@zoloz-openapi/gateway-protocol';
import * as V from './vectors.js';

const key = loadPrivateKey(V.VECTOR_KEY_PEM);
const pub = loadPublicKey(key);

describe('gateway-protocol.md §9 test vectors', () => {
  it('builds the content string of the Go-H vector', () => {
    expect(
      contentToSign({
        path: '/api/v1/zoloz/authentication/test',
        clientId: '9999999999999999',
        time: '2018-01-18T08:30:22+0700',
        body: '{"description":"just for demonstration.","title":"hello"}',
      }),
    ).toBe(
      'POST /api/v1/zoloz/authentication/test\n9999999999999999.2018-01-18T08:30:22+0700.{"description":"just for demonstration.","title":"hello"}',
    );
  });

  it('V1: plain request signature matches byte for byte', () => {
    const content = `POST ${V.PATH}\n${V.CLIENT_ID}.${V.REQUEST_TIME}.${V.PLAIN_BODY}`;
    expect(formatSignatureHeader(signContent(content, key))).toBe(V.V1_SIGNATURE_HEADER);
    const sealed = sealMessage({
      direction: 'request',
      path: V.PATH,
      clientId: V.CLIENT_ID,
      body: V.PLAIN_BODY,
      signingKey: key,
      time: V.REQUEST_TIME,
    });
    expect(sealed.headers).toEqual({
      'Content-Type': 'application/json; charset=UTF-8',
      'Client-Id': V.CLIENT_ID,
      'Request-Time': V.REQUEST_TIME,
      Signature: V.V1_SIGNATURE_HEADER,
    });
    expect(sealed.body).toBe(V.PLAIN_BODY);
  });

  it('V2: AES-256 ciphertext and the signature over it match; the symmetricKey unwraps to 00..1f', () => {
    expect(aesEncrypt(V.PLAIN_BODY, V.AES_KEY_256)).toBe(V.V2_BODY);
    const sealed = sealMessage({
      direction: 'request',
      path: V.PATH,
      clientId: V.CLIENT_ID,
      body: V.PLAIN_BODY,
      signingKey: key,
      encryptFor: pub,
      aesKey: V.AES_KEY_256,
      time: V.REQUEST_TIME,
    });
    expect(sealed.body).toBe(V.V2_BODY);
    expect(sealed.headers.Signature).toBe(V.V2_SIGNATURE_HEADER);
    expect(sealed.headers['Content-Type']).toBe('text/plain; charset=UTF-8');
    // RSA PKCS#1 v1.5 encryption is randomised: ours differs from the vector but must unwrap to the same key.
    expect(sealed.headers.Encrypt).toMatch(/^algorithm=RSA_AES, symmetricKey=[A-Za-z0-9%]+$/);
    expect(unwrapSymmetricKey(sealed.headers.Encrypt!, key).toString('hex')).toBe(V.AES_KEY_256.toString('hex'));
    expect(unwrapSymmetricKey(V.V2_ENCRYPT_HEADER, key).toString('hex')).toBe(
      '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    );
  });

  it('V2 seen from the gateway: the request verifies and decrypts', () => {
    const opened = openMessage({
      direction: 'request',
      path: V.PATH,
      clientId: V.CLIENT_ID,
      body: V.V2_BODY,
      headers: { 'Request-Time': V.REQUEST_TIME, Signature: V.V2_SIGNATURE_HEADER, Encrypt: V.V2_ENCRYPT_HEADER },
      verifyWith: pub,
      decryptWith: key,
    });
    expect(opened).toMatchObject({ body: V.PLAIN_BODY, encrypted: true, verified: true, time: V.REQUEST_TIME });
  });

  it('AES-128 variant matches and decrypts', () => {
    expect(aesEncrypt(V.PLAIN_BODY, V.AES_KEY_128)).toBe(V.AES128_BODY);
    expect(aesDecrypt(V.AES128_BODY, V.AES_KEY_128).toString('utf8')).toBe(V.PLAIN_BODY);
  });

  it('V3: the encrypted response verifies (request path, merchant Client-Id, Response-Time) and decrypts', () => {
    const headers = new Headers({
      'response-time': V.V3_RESPONSE_TIME,
      signature: V.V3_SIGNATURE_HEADER,
      encrypt: V.V2_ENCRYPT_HEADER, // the vector's AES key 00..1f, wrapped for the merchant key
    });
    const opened = openMessage({
      direction: 'response',
      path: V.PATH,
      clientId: V.CLIENT_ID,
      headers,
      body: V.V3_BODY,
      verifyWith: pub,
      decryptWith: key,
    });
    expect(opened.body).toBe(V.V3_PLAINTEXT);
    expect(opened.verified).toBe(true);
    expect(opened.aesKey?.equals(V.AES_KEY_256)).toBe(true);
  });
});
