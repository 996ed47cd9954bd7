import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentToSign, formatSignatureHeader, isRequestTime, parseSignatureHeader, verifyContent } from '@zoloz-openapi/gateway-protocol';
import {
  ZolozConfigError,
  ZolozDecryptionError,
  ZolozHttpError,
  ZolozResponseFormatError,
  ZolozSignatureError,
  ZolozTransportError,
  type ZolozSignatureFailure,
} from '@zoloz-openapi/client';
import { describeNetworkFailure } from '../src/network-error.js';
import { okResponder, result, signedReply, startGateway, type TestGateway } from './helpers/gateway.js';
import { CLIENT_ID, merchant, stranger, zoloz } from './helpers/keys.js';
import { checkResultBody, initializeBody, testClient } from './helpers/client.js';

const CHECK = '/api/v1/zoloz/realid/checkresult';
let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.requests.length = 0;
  gw.respond = okResponder;
});

async function signatureFailure(p: Promise<unknown>): Promise<ZolozSignatureFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ZolozSignatureError);
  return (err as ZolozSignatureError).reason;
}

describe('requests on the wire', () => {
  it('sends Client-Id, Request-Time, a verifiable Signature, JSON Content-Type and a non-empty User-Agent', async () => {
    const res = await testClient(gw.url).realId.checkResult(checkResultBody);
    expect(res.result.resultStatus).toBe('S');
    const [req] = gw.requests;
    expect(req?.openError).toBeUndefined();
    expect(req?.path).toBe(CHECK);
    expect(req?.headers['client-id']).toBe(CLIENT_ID);
    expect(req?.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(req?.headers['user-agent']).toMatch(/^zoloz-openapi-client\/\d+\.\d+\.\d+ node\/\d+/);
    const time = String(req?.headers['request-time']);
    expect(isRequestTime(time)).toBe(true);
    expect(time.endsWith('+0000')).toBe(true);
    expect(req?.rawBody).toBe(JSON.stringify(checkResultBody));
    const sig = parseSignatureHeader(String(req?.headers.signature));
    const content = contentToSign({ path: CHECK, clientId: CLIENT_ID, time, body: req!.rawBody });
    expect(verifyContent(content, sig.signature, merchant.publicKey)).toBe(true);
    expect(req?.headers.encrypt).toBeUndefined();
  });

  it('honours timeOffset, userAgent and extra per-call headers (which cannot override protocol headers)', async () => {
    const client = testClient(gw.url, { timeOffset: '+0530', userAgent: 'merchant-app/2.0' });
    await client.realId.checkResult(checkResultBody, { headers: { Prefer: 'example=x', 'Client-Id': 'evil' } });
    const req = gw.requests[0]!;
    expect(String(req.headers['request-time'])).toMatch(/\+0530$/);
    expect(req.headers['user-agent']).toBe('merchant-app/2.0');
    expect(req.headers.prefer).toBe('example=x');
    expect(req.headers['client-id']).toBe(CLIENT_ID);
    expect(req.openError).toBeUndefined();
  });

  for (const bits of [256, 128] as const) {
    it(`RSA_AES (AES-${bits}): encrypts the request and decrypts the encrypted response`, async () => {
      gw.respond = (req) =>
        signedReply({ path: req.path, body: result('S', 'SUCCESS', { ekycResult: 'Success' }), encryptFor: merchant.publicKey });
      const res = await testClient(gw.url, { encrypt: { aesKeyBits: bits } }).realId.checkResult(checkResultBody);
      expect(res.result.resultCode).toBe('SUCCESS');
      expect(res.ekycResult).toBe('Success');
      const req = gw.requests[0]!;
      expect(req.headers['content-type']).toBe('text/plain; charset=UTF-8');
      expect(req.headers.encrypt).toMatch(/^algorithm=RSA_AES, symmetricKey=/);
      expect(req.rawBody).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(req.body).toBe(JSON.stringify(checkResultBody));
      expect(req.aesKey?.length).toBe(bits / 8);
    });
  }
});

describe('injected fetch', () => {
  it('is called as fetch(url, init) for every request; globals stay untouched', async () => {
    const seen: { url: string; method: string | undefined }[] = [];
    const recordingFetch = (url: string, init: RequestInit) => {
      seen.push({ url, method: init.method });
      return fetch(url, init);
    };
    const res = await testClient(gw.url, { fetch: recordingFetch }).connect.checkResult(checkResultBody);
    expect(res.result.resultStatus).toBe('S');
    expect(seen).toEqual([{ url: `${gw.url}/api/v1/zoloz/connect/checkresult`, method: 'POST' }]);
    expect(gw.requests[0]?.openError).toBeUndefined();
  });
});

describe('results are data', () => {
  it('F and U come back as typed results, not exceptions', async () => {
    gw.respond = (req) => signedReply({ path: req.path, body: result('F', 'HIGH_RISK') });
    const f = await testClient(gw.url).realId.initialize(initializeBody);
    expect(f.result).toMatchObject({ resultStatus: 'F', resultCode: 'HIGH_RISK' });
    gw.respond = (req) => signedReply({ path: req.path, body: result('U', 'SYSTEM_ERROR') });
    const u = await testClient(gw.url, { retry: false }).connect.checkResult(checkResultBody);
    expect(u.result).toMatchObject({ resultStatus: 'U', resultCode: 'SYSTEM_ERROR' });
  });
});

describe('response verification (on by default)', () => {
  it('rejects a tampered body', async () => {
    gw.respond = (req) => {
      const r = signedReply({ path: req.path, body: result('F', 'HIGH_RISK') });
      return { ...r, body: r.body!.replace('"F"', '"S"') };
    };
    expect(await signatureFailure(testClient(gw.url).realId.checkResult(checkResultBody))).toBe('mismatch');
  });
  it('rejects a tampered signature', async () => {
    gw.respond = (req) => {
      const r = signedReply({ path: req.path, body: result('S', 'SUCCESS') });
      // flip one bit of the signature bytes (editing the percent-encoded text could hit an escape)
      const bytes = Buffer.from(parseSignatureHeader(r.headers!.Signature!).signature);
      bytes[100] ^= 0x01;
      return { ...r, headers: { ...r.headers, Signature: formatSignatureHeader(bytes) } };
    };
    expect(await signatureFailure(testClient(gw.url).realId.checkResult(checkResultBody))).toBe('mismatch');
  });
  it('rejects a response signed with another key', async () => {
    gw.respond = (req) => signedReply({ path: req.path, body: result('S', 'SUCCESS'), signingKey: stranger.privateKey });
    expect(await signatureFailure(testClient(gw.url).realId.checkResult(checkResultBody))).toBe('mismatch');
  });
  it('rejects a response without Signature, and one without Response-Time', async () => {
    gw.respond = () => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: result('S', 'SUCCESS') });
    expect(await signatureFailure(testClient(gw.url).realId.checkResult(checkResultBody))).toBe('missing-signature');
    gw.respond = (req) => {
      const { 'Response-Time': _t, ...headers } = signedReply({ path: req.path, body: result('S', 'SUCCESS') }).headers!;
      return { status: 200, headers, body: result('S', 'SUCCESS') };
    };
    expect(await signatureFailure(testClient(gw.url).realId.checkResult(checkResultBody))).toBe('missing-time');
  });
  it('rejects a malformed Signature header', async () => {
    gw.respond = (req) => {
      const r = signedReply({ path: req.path, body: result('S', 'SUCCESS') });
      return { ...r, headers: { ...r.headers, Signature: 'algorithm=RSA256, signature=%%%' } };
    };
    expect(await signatureFailure(testClient(gw.url).realId.checkResult(checkResultBody))).toBe('malformed-signature');
  });
  it('rejects a validly signed response whose Response-Time is malformed', async () => {
    for (const time of ['JOHNDOE', '2026-11-23 11:40:01+0000', '2026-11-23T11:40:01Z']) {
      gw.respond = (req) => signedReply({ path: req.path, body: result('S', 'SUCCESS'), time });
      const p = testClient(gw.url).realId.checkResult(checkResultBody);
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZolozSignatureError);
      expect((err as ZolozSignatureError).reason).toBe('malformed-time');
      expect((err as Error).message).not.toContain(time);
    }
  });
  it('never quotes a Signature parameter name from the response', async () => {
    const planted = 'JOHNDOE_S1234567A';
    gw.respond = (req) => {
      const r = signedReply({ path: req.path, body: result('S', 'SUCCESS') });
      return { ...r, headers: { ...r.headers, Signature: `${r.headers!.Signature}, ${planted}=1, ${planted}=2` } };
    };
    const err = await testClient(gw.url)
      .realId.checkResult(checkResultBody)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozSignatureError);
    expect((err as ZolozSignatureError).reason).toBe('malformed-signature');
    expect(`${(err as Error).message} ${String((err as Error).stack)}`).not.toContain(planted);
  });
  it('signature failures are not retried, even for checkresult', async () => {
    gw.respond = () => ({ status: 200, body: result('S', 'SUCCESS') });
    await expect(testClient(gw.url).connect.checkResult(checkResultBody)).rejects.toBeInstanceOf(ZolozSignatureError);
    expect(gw.requests).toHaveLength(1);
  });
  it('verifyResponses: false is the explicit opt-out: unsigned responses are accepted', async () => {
    gw.respond = () => ({ status: 200, body: result('S', 'SUCCESS') });
    const client = testClient(gw.url, { verifyResponses: false, zolozPublicKey: undefined } as never);
    expect((await client.realId.checkResult(checkResultBody)).result.resultStatus).toBe('S');
  });
});

describe('other failures are distinct typed errors', () => {
  it('HTTP 4xx → ZolozHttpError with the status', async () => {
    gw.respond = () => ({ status: 422, body: '{"result":{"resultStatus":"F","resultCode":"PARAM_ILLEGAL"}}' });
    const err = await testClient(gw.url)
      .realId.initialize(initializeBody)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozHttpError);
    expect((err as ZolozHttpError).status).toBe(422);
  });
  it('a signed body that is not JSON, or has no result → ZolozResponseFormatError', async () => {
    gw.respond = (req) => signedReply({ path: req.path, body: '<html>' });
    await expect(testClient(gw.url).realId.initialize(initializeBody)).rejects.toBeInstanceOf(ZolozResponseFormatError);
    gw.respond = (req) => signedReply({ path: req.path, body: '{"transactionId":"x"}' });
    await expect(testClient(gw.url).realId.initialize(initializeBody)).rejects.toBeInstanceOf(ZolozResponseFormatError);
  });
  it('an encrypted response whose key was wrapped for someone else → ZolozDecryptionError', async () => {
    gw.respond = (req) => signedReply({ path: req.path, body: result('S', 'SUCCESS'), encryptFor: stranger.publicKey });
    await expect(testClient(gw.url, { encrypt: true }).realId.checkResult(checkResultBody)).rejects.toBeInstanceOf(ZolozDecryptionError);
  });
  it('connection refused → ZolozTransportError naming the code and host:port, no request data', async () => {
    const dead = await startGateway();
    const url = dead.url;
    await dead.close();
    const err = await testClient(url, { retry: false })
      .realId.initialize(initializeBody)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozTransportError);
    const { host } = new URL(url);
    expect((err as Error).message).toBe(`realIdInitialize: request failed: connection refused by ${host} (ECONNREFUSED)`);
    expect((err as Error).message).not.toContain(initializeBody.userId);
  });
  it('a host that does not resolve → ZolozTransportError naming the DNS code and host:port', async () => {
    const err = await testClient('http://no-such-host.invalid:8443', { retry: false })
      .realId.initialize(initializeBody)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozTransportError);
    expect((err as Error).message).toMatch(
      /^realIdInitialize: request failed: host name not found: no-such-host\.invalid:8443 \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
  });
});

describe('describeNetworkFailure: what failed, without request data', () => {
  const fetchFailed = (code: unknown) => new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code }) });
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'connect timeout to gw.example:443 (UND_ERR_CONNECT_TIMEOUT)'],
    ['ETIMEDOUT', 'connect timeout to gw.example:443 (ETIMEDOUT)'],
    ['UND_ERR_HEADERS_TIMEOUT', 'response timeout from gw.example:443 (UND_ERR_HEADERS_TIMEOUT)'],
    ['ECONNRESET', 'connection closed by gw.example:443 (ECONNRESET)'],
    ['UND_ERR_SOCKET', 'connection closed by gw.example:443 (UND_ERR_SOCKET)'],
    ['CERT_HAS_EXPIRED', 'TLS failure talking to gw.example:443 (CERT_HAS_EXPIRED)'],
    ['John Doe S1234567A', 'network error talking to gw.example:443 (TypeError)'],
    [undefined, 'network error talking to gw.example:443 (TypeError)'],
  ])('%s → %s', (code, text) => {
    expect(describeNetworkFailure(fetchFailed(code), 'https://gw.example/base')).toBe(text);
  });
});

describe('configuration errors', () => {
  it('a bad key is a ZolozConfigError that does not quote the key', () => {
    const bad = merchant.privateDerB64.slice(0, 500);
    try {
      testClient(gw.url, { merchantPrivateKey: bad });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ZolozConfigError);
      expect((err as Error).message).toMatch(/merchantPrivateKey/);
      expect((err as Error).message).not.toContain(bad.slice(100, 140));
    }
  });
  it('verification needs zolozPublicKey unless explicitly switched off', () => {
    expect(() => testClient(gw.url, { zolozPublicKey: undefined } as never)).toThrow(/zolozPublicKey is required/);
    expect(() => testClient(gw.url, { zolozPublicKey: zoloz.privatePem })).toThrow(ZolozConfigError);
  });
  it('rejects bad baseUrl, timeoutMs, validateResponses and retry options', () => {
    expect(() => testClient('sg-sandbox-api.zoloz.com')).toThrow(ZolozConfigError);
    expect(() => testClient(gw.url, { timeoutMs: 0 })).toThrow(ZolozConfigError);
    expect(() => testClient(gw.url, { validateResponses: 'loud' as never })).toThrow(ZolozConfigError);
    expect(() => testClient(gw.url, { retry: { maxAttempts: 0 } })).toThrow(ZolozConfigError);
    expect(() => testClient(gw.url, { userAgent: ' ' })).toThrow(ZolozConfigError);
  });
});
