import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKeysFile, type TrafficKeys } from '../src/keys.js';
import { UnusableInputError } from '../src/input-stream.js';
import type { ExchangeRecord } from '../src/types.js';
import { sealMessage } from '@zoloz-openapi/gateway-protocol';
import {
  CLIENT_ID,
  HOST,
  exchangeRecord,
  requestExample,
  responseExample,
  spec,
  testKeys,
  toJsonl,
  type TableOperation,
} from './support/fixtures.js';
import { validateText } from './support/run.js';

let runtime: Awaited<ReturnType<typeof spec>>;
let op: TableOperation;
let request: any;
let response: any;
let allKeys: TrafficKeys;
beforeAll(async () => {
  runtime = await spec();
  op = runtime.operations.find((o) => o.operationId === 'realIdCheckResult')!;
  request = requestExample(op, op.examples.requests[0]!);
  const success = op.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
  response = responseExample(op, success.name, success.status);
  const k = testKeys();
  allKeys = { merchantPublicKey: k.merchant.publicKey, zolozPublicKey: k.zoloz.publicKey, merchantPrivateKey: k.merchant.privateKey };
});

async function check(record: Record<string, any>, keys: TrafficKeys | undefined): Promise<ExchangeRecord> {
  const { records } = await validateText(runtime, toJsonl([record]), 'jsonl', { flow: false, ...(keys ? { keys } : {}) });
  return records[0]!;
}

describe('with keys: signatures verified, encrypted bodies decrypted before validation', () => {
  it('passes a correctly signed plain exchange, and says what was skipped without keys', async () => {
    const record = exchangeRecord(op, request, response);
    expect((await check(record, allKeys)).checks).toEqual({
      requestSignature: 'passed',
      responseSignature: 'passed',
      decryption: 'not-applicable',
    });
    expect((await check(record, undefined)).checks).toEqual({
      requestSignature: 'skipped',
      responseSignature: 'skipped',
      decryption: 'not-applicable',
    });
  });

  it('fails a signature over changed bytes, or checked with the wrong key', async () => {
    const record = exchangeRecord(op, request, response);
    record.request.body = record.request.body.replace('"Y"', '"N"');
    const tampered = await check(record, allKeys);
    expect(tampered.status).toBe('invalid');
    expect(tampered.violations.map((v) => [v.direction, v.category, v.pointer])).toEqual([['request', 'signature', '/headers/Signature']]);
    expect(tampered.checks?.responseSignature).toBe('passed');
    const k = testKeys();
    const swapped = await check(exchangeRecord(op, request, response), {
      merchantPublicKey: k.zoloz.publicKey,
      zolozPublicKey: k.merchant.publicKey,
    });
    expect(swapped.checks).toMatchObject({ requestSignature: 'failed', responseSignature: 'failed' });
  });

  it('decrypts RSA_AES bodies with the merchant private key and validates the plaintext', async () => {
    const broken = structuredClone(response);
    broken.extFaceInfo.faceScore = 'high';
    const record = exchangeRecord(op, { ...request, isReturnImage: 12 }, broken, { encrypt: true });
    expect(record.request.headers['Content-Type']).toMatch(/^text\/plain/);
    const withKeys = await check(record, allKeys);
    expect(withKeys.encrypted).toBe(true);
    expect(withKeys.checks).toEqual({ requestSignature: 'passed', responseSignature: 'passed', decryption: 'passed' });
    expect(withKeys.violations.map((v) => [v.direction, v.pointer, v.keyword])).toEqual([
      ['request', '/isReturnImage', 'type'],
      ['request', '/isReturnImage', 'enum'],
      ['response', '/extFaceInfo/faceScore', 'type'],
    ]);
    // Without keys the ciphertext cannot be validated: reported as skipped, not as a violation.
    const withoutKeys = await check(record, undefined);
    expect([withoutKeys.status, withoutKeys.checks?.decryption]).toEqual(['valid', 'skipped']);
  });

  it('does not blame the capture when the response key does not open the request (no echo)', async () => {
    const record = exchangeRecord(op, request, response, { encrypt: true, echoKey: false });
    const r = await check(record, allKeys);
    expect([r.status, r.checks?.decryption, r.violations]).toEqual(['valid', 'skipped', []]);
    const k = testKeys();
    const both = await check(record, { ...allKeys, zolozPrivateKey: k.zoloz.privateKey });
    expect([both.status, both.checks?.decryption]).toEqual(['valid', 'passed']);
  });

  it('reports an encrypted body that does not decrypt with the given key', async () => {
    const record = exchangeRecord(op, request, response, { encrypt: true });
    const k = testKeys();
    const r = await check(record, { merchantPrivateKey: k.zoloz.privateKey });
    expect(r.checks?.decryption).toBe('failed');
    // The request body is opened with the key the response carries, so only the response unwrap is reported.
    expect(r.violations.map((v) => [v.direction, v.category, v.message])).toEqual([
      ['response', 'encryption', 'response body could not be decrypted: the Encrypt header does not unwrap with the merchant private key'],
    ]);
  });

  it('flags a response whose encryption mode differs from its request', async () => {
    const plain = exchangeRecord(op, request, response);
    const encrypted = exchangeRecord(op, request, response, { encrypt: true });
    const r = await check({ ...plain, response: encrypted.response }, undefined);
    expect(r.violations.map((v) => [v.direction, v.pointer, v.keyword])).toEqual([['response', '/headers/Encrypt', 'mode']]);
  });
});

describe('encryption/mode: the rule the mock follows (gateway errors to an encrypted request are plain)', () => {
  const gatewayError = (code: string) => ({
    result: { resultStatus: 'F', resultCode: code, resultMessage: 'Unauthorized. The signature is invalid.' },
  });
  const plainAnswerTo = (encryptedRequest: Record<string, any>, body: unknown) => ({
    ...encryptedRequest,
    response: exchangeRecord(op, request, body).response,
  });

  it.each(['SIGNATURE_INVALID', 'MSG_PARSE_ERROR', 'MERCHANT_NOT_FOUND', 'PARAM_MISSING'])(
    'accepts a plain %s answer to an encrypted request',
    async (code) => {
      const r = await check(plainAnswerTo(exchangeRecord(op, request, response, { encrypt: true }), gatewayError(code)), allKeys);
      expect(r.violations.filter((v) => v.keyword === 'mode')).toEqual([]);
    },
  );

  it('still flags a plain success, or a plain answer with an API code, to an encrypted request', async () => {
    const encrypted = exchangeRecord(op, request, response, { encrypt: true });
    for (const body of [
      response,
      { result: { resultStatus: 'F', resultCode: 'INVALID_ARGUMENT', resultMessage: 'x' } },
      { result: { resultStatus: 'S', resultCode: 'SIGNATURE_INVALID', resultMessage: 'x' } },
    ]) {
      const r = await check(plainAnswerTo(encrypted, body), undefined);
      expect(r.violations.filter((v) => v.keyword === 'mode').map((v) => v.pointer)).toEqual(['/headers/Encrypt']);
    }
  });
});

describe('a request sent on a dotted path (the shared path rule)', () => {
  it('is matched to its operation and its signature verified over the path as sent, as the mock verifies it', async () => {
    const k = testKeys();
    const dotted = op.path.replace('/realid/', '/realid/./../realid/');
    const req = sealMessage({
      direction: 'request',
      path: dotted,
      clientId: CLIENT_ID,
      body: JSON.stringify(request),
      signingKey: k.merchant.privateKey,
    });
    const res = sealMessage({
      direction: 'response',
      path: dotted,
      clientId: CLIENT_ID,
      body: JSON.stringify(response),
      signingKey: k.zoloz.privateKey,
    });
    const record = {
      request: { method: 'POST', url: `${HOST}${dotted}`, headers: { ...req.headers, 'User-Agent': 'fixture/1.0' }, body: req.body },
      response: { status: 200, headers: res.headers, body: res.body },
    };
    const r = await check(record, allKeys);
    expect(r.operationId).toBe(op.operationId);
    expect(r.checks).toEqual({ requestSignature: 'passed', responseSignature: 'passed', decryption: 'not-applicable' });
    expect(r.status).toBe('valid');
  });
});

describe('keys file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tv-keys-'));
  it('reads PEM text, base64 DER and file paths relative to the keys file', () => {
    const k = testKeys();
    writeFileSync(join(dir, 'zoloz.pem'), k.zoloz.publicKey.export({ type: 'spki', format: 'pem' }));
    const file = join(dir, 'keys.json');
    writeFileSync(
      file,
      JSON.stringify({
        clientId: CLIENT_ID,
        merchantPublicKey: k.merchant.publicKey.export({ type: 'spki', format: 'pem' }),
        merchantPrivateKey: (k.merchant.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64'),
        zolozPublicKey: 'zoloz.pem',
      }),
    );
    const keys = loadKeysFile(file);
    expect(keys.clientId).toBe(CLIENT_ID);
    expect(keys.zolozPublicKey?.asymmetricKeyType).toBe('rsa');
    expect(keys.merchantPrivateKey?.type).toBe('private');
  });

  it.each([
    ['{"merchantPublicKey": "nope.pem"}', /neither key material nor an existing file/],
    ['{"merchantPublicKey": "-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----"}', /merchantPublicKey is not a usable RSA key/],
    ['{"merchantKey": "x"}', /unknown field "merchantKey"/],
    ['[1]', /must be a JSON object/],
    ['{', /not valid JSON/],
  ])('refuses %s as unusable, without quoting key material', (text, message) => {
    const file = join(dir, `bad-${Math.random()}.json`);
    writeFileSync(file, text);
    expect(() => loadKeysFile(file)).toThrow(UnusableInputError);
    expect(() => loadKeysFile(file)).toThrow(message);
    try {
      loadKeysFile(file);
    } catch (error) {
      expect(String(error)).not.toContain('AAAA');
    }
  });
});
