import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  MalformedHeaderError,
  SignatureVerificationError,
  formatSignatureHeader,
  openMessage,
  parseSignatureHeader,
  sealMessage,
  type OpenOptions,
} from '@zoloz-openapi/gateway-protocol';
import { CLIENT_ID } from '../../../test/support/ids.js';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const zoloz = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PATH = '/api/v1/zoloz/connect/checkresult';
const BODY = '{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"Success"},"connectResult":"Success"}';

function gatewayResponse(encrypt: boolean) {
  return sealMessage({
    direction: 'response',
    path: PATH,
    clientId: CLIENT_ID,
    body: BODY,
    signingKey: zoloz.privateKey,
    ...(encrypt ? { encryptFor: merchant.publicKey } : {}),
    now: new Date('2024-05-01T00:00:00Z'),
    timeOffset: '+0800',
  });
}

function open(sealed: { headers: Record<string, string>; body: string }, over: Partial<OpenOptions> = {}) {
  return openMessage({
    direction: 'response',
    path: PATH,
    clientId: CLIENT_ID,
    headers: sealed.headers,
    body: sealed.body,
    verifyWith: zoloz.publicKey,
    decryptWith: merchant.privateKey,
    ...over,
  });
}

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SignatureVerificationError);
    return (err as SignatureVerificationError).reason;
  }
  throw new Error('expected a SignatureVerificationError');
}

describe('sealMessage / openMessage', () => {
  it('response headers: Response-Time in the configured offset, no Client-Id', () => {
    const sealed = gatewayResponse(false);
    expect(sealed.headers['Response-Time']).toBe('2024-05-01T08:00:00+0800');
    expect(sealed.headers['Client-Id']).toBeUndefined();
  });
  for (const encrypt of [false, true]) {
    const label = encrypt ? 'encrypted' : 'plain';
    it(`${label}: a genuine response opens to the original JSON`, () => {
      const opened = open(gatewayResponse(encrypt));
      expect(opened).toMatchObject({ body: BODY, verified: true, encrypted: encrypt });
    });
    it(`${label}: tampered body is rejected`, () => {
      const sealed = gatewayResponse(encrypt);
      const body = encrypt ? (sealed.body[0] === 'A' ? 'B' : 'A') + sealed.body.slice(1) : sealed.body.replace('"S"', '"F"');
      expect(reason(() => open({ ...sealed, body }))).toBe('mismatch');
    });
    it(`${label}: tampered signature is rejected`, () => {
      const sealed = gatewayResponse(encrypt);
      // flip one bit of the signature bytes (editing the percent-encoded text could hit an escape)
      const bytes = Buffer.from(parseSignatureHeader(sealed.headers.Signature!).signature);
      bytes[20] ^= 0x01;
      const flipped = formatSignatureHeader(bytes);
      expect(reason(() => open({ ...sealed, headers: { ...sealed.headers, Signature: flipped } }))).toBe('mismatch');
    });
    it(`${label}: a signature by another key is rejected`, () => {
      expect(reason(() => open(gatewayResponse(encrypt), { verifyWith: stranger.publicKey }))).toBe('mismatch');
    });
  }
  it('the signature covers the request path, the client id and the time', () => {
    const sealed = gatewayResponse(false);
    expect(reason(() => open(sealed, { path: '/api/v1/zoloz/connect/initialize' }))).toBe('mismatch');
    expect(reason(() => open(sealed, { clientId: '2089012345678901' }))).toBe('mismatch');
    const h = { ...sealed.headers, 'Response-Time': '2024-05-01T08:00:01+0800' };
    expect(reason(() => open({ ...sealed, headers: h }))).toBe('mismatch');
  });
  it('missing Signature, missing Response-Time and malformed Signature have their own reasons', () => {
    const { Signature, ...noSig } = gatewayResponse(false).headers;
    expect(Signature).toBeDefined();
    const sealed = gatewayResponse(false);
    expect(reason(() => open({ ...sealed, headers: noSig }))).toBe('missing-signature');
    const { 'Response-Time': t, ...noTime } = sealed.headers;
    expect(t).toBeDefined();
    expect(reason(() => open({ ...sealed, headers: noTime }))).toBe('missing-time');
    expect(reason(() => open({ ...sealed, headers: { ...sealed.headers, Signature: 'algorithm=RSA256' } }))).toBe('malformed-signature');
    expect(reason(() => open({ ...sealed, headers: { ...sealed.headers, Signature: 'algorithm=MD5, signature=abcd' } }))).toBe(
      'malformed-signature',
    );
  });
  it('verification can be switched off explicitly, and then reports verified: false', () => {
    const sealed = gatewayResponse(false);
    const { Signature: _s, ...noSig } = sealed.headers;
    expect(open({ ...sealed, headers: noSig }, { verifyWith: false })).toMatchObject({ body: BODY, verified: false });
  });
  it('decryption with the wrong private key, or without one, is a DecryptionError', () => {
    const sealed = gatewayResponse(true);
    expect(() => open(sealed, { decryptWith: stranger.privateKey })).toThrow(DecryptionError);
    expect(() =>
      openMessage({
        direction: 'response',
        path: PATH,
        clientId: CLIENT_ID,
        headers: sealed.headers,
        body: sealed.body,
        verifyWith: zoloz.publicKey,
      }),
    ).toThrow(/no decryption key/);
  });
  it('a malformed Encrypt header is a MalformedHeaderError; expectEncrypted: true rejects a plain message', () => {
    const sealed = gatewayResponse(false);
    expect(() => open({ ...sealed, headers: { ...sealed.headers, Encrypt: 'algorithm=RSA_AES' } })).toThrow(MalformedHeaderError);
    expect(() => open(sealed, { expectEncrypted: true })).toThrow(DecryptionError);
  });
  it('expectEncrypted: false ignores an Encrypt header on a plain body (a mock’s example header)', () => {
    const sealed = gatewayResponse(false);
    const headers = { ...sealed.headers, Encrypt: 'algorithm=RSA_AES, symmetricKey=JQ2qNPdaOf...' };
    expect(() => open({ ...sealed, headers })).toThrow(MalformedHeaderError);
    expect(open({ ...sealed, headers }, { expectEncrypted: false })).toMatchObject({ body: BODY, encrypted: false, verified: true });
  });
  it('a gateway can echo the request AES key and sign with keyVersion', () => {
    const req = sealMessage({
      direction: 'request',
      path: PATH,
      clientId: CLIENT_ID,
      body: '{"bizId":"b"}',
      signingKey: merchant.privateKey,
      encryptFor: zoloz.publicKey,
      aesKeyBits: 128,
    });
    const atGateway = openMessage({
      direction: 'request',
      path: PATH,
      clientId: CLIENT_ID,
      headers: req.headers,
      body: req.body,
      verifyWith: merchant.publicKey,
      decryptWith: zoloz.privateKey,
    });
    expect(atGateway.body).toBe('{"bizId":"b"}');
    expect(atGateway.aesKey?.length).toBe(16);
    const res = sealMessage({
      direction: 'response',
      path: PATH,
      clientId: CLIENT_ID,
      body: BODY,
      signingKey: zoloz.privateKey,
      encryptFor: merchant.publicKey,
      aesKey: atGateway.aesKey!,
      keyVersion: 'v1',
    });
    expect(res.headers.Signature).toMatch(/^algorithm=RSA256, keyVersion=v1, signature=/);
    const opened = open(res);
    expect(opened.body).toBe(BODY);
    expect(opened.aesKey?.equals(req.aesKey!)).toBe(true);
  });
});
