import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { formatEncryptHeader, generateAesKey, loadPublicKey, rsaEncryptPkcs1 } from '@zoloz-openapi/gateway-protocol';
import { startMock, type MockHandle } from '@zoloz-openapi/mock';
import { GENERATED_DIR, PLAIN_SECURITY_HEADERS, operationsUnderTest, postJson, signedCall, type SignedCallOptions } from './helpers.js';
import { CLIENT_ID } from '../../../test/support/ids.js';

const SPEC = join(GENERATED_DIR, 'openapi.yaml');
const OPS = operationsUnderTest();
const tmp = mkdtempSync(join(tmpdir(), 'zoloz-mock-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const exampleCases = OPS.flatMap((op) => op.responseExamples.map((ex) => ({ op, ex })));

describe('the operations table and spec', () => {
  it('lists named response examples for all five operations', () => {
    expect(OPS.map((o) => o.operationId).sort()).toEqual([
      'connectCheckResult',
      'connectEnroll',
      'connectInitialize',
      'realIdCheckResult',
      'realIdInitialize',
    ]);
    for (const op of OPS) expect(op.responseExamples.length).toBeGreaterThan(1);
  });
});

describe('plain mode (Prism on the bundled spec)', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    mock = await startMock(); // the bundled spec, resolved through @zoloz-openapi/generated
  });
  afterAll(() => mock?.close());

  it('listens on a free local port, with the request check in front of Prism, on the bundled spec', () => {
    expect(realpathSync(mock.spec)).toBe(realpathSync(SPEC));
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.url).not.toBe(mock.prismUrl);
  });

  it.each(OPS.map((op) => [op.operationId, op] as const))('%s answers the success example by default', async (_id, op) => {
    const res = await postJson(mock.url + op.path, op.requestBody, PLAIN_SECURITY_HEADERS);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body).toEqual(op.defaultExample.value);
    expect(body.result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
  });

  // Examples under a 2xx response are reachable with `Prefer: example=<name>` alone. Prism only searches the
  // success response for a bare example name, so one kept under `default` needs `code=422` as well (the
  // gateway adds it by itself; see the gateway tests).
  it.each(exampleCases.map(({ op, ex }) => [op.operationId, ex.name, op, ex] as const))(
    '%s: example %s is reachable',
    async (_id, name, op, ex) => {
      const prefer = /^2\d\d$/.test(ex.code) ? `example=${name}` : `code=422, example=${name}`;
      const res = await postJson(mock.url + op.path, op.requestBody, { ...PLAIN_SECURITY_HEADERS, Prefer: prefer });
      expect(res.status).toBe(/^2\d\d$/.test(ex.code) ? Number(ex.code) : 422);
      expect(JSON.parse(res.text)).toEqual(ex.value);
    },
  );

  it.each(OPS.map((op) => [op.operationId, op] as const))(
    '%s: an invalid request gets the INVALID_ARGUMENT answer the spec defines',
    async (_id, op) => {
      const { bizId: _dropped, ...withoutBizId } = op.requestBody;
      const res = await postJson(mock.url + op.path, { ...withoutBizId, bizId: 12345 }, PLAIN_SECURITY_HEADERS);
      expect(res.status).toBe(422);
      const body = JSON.parse(res.text);
      expect(body).toEqual(op.invalidExample);
      expect(body.result).toMatchObject({ resultStatus: 'F', resultCode: 'INVALID_ARGUMENT' });
    },
  );
});

describe('gateway mode', () => {
  let mock: MockHandle;
  let call: (path: string, body: string, extra?: Partial<SignedCallOptions>) => ReturnType<typeof signedCall>;
  const recordPath = join(tmp, 'gateway.jsonl');
  let requestsSent = 0;

  beforeAll(async () => {
    mock = await startMock({ spec: SPEC, gateway: true, record: { path: recordPath } });
    call = (path, body, extra = {}) => {
      requestsSent += 1;
      return signedCall(mock.url, path, body, {
        clientId: mock.clientId!,
        merchantPrivateKey: mock.keys!.merchantPrivateKey,
        zolozPublicKey: mock.keys!.zolozPublicKey,
        ...extra,
      });
    };
  });
  afterAll(() => mock?.close());

  const op = () => OPS.find((o) => o.operationId === 'realIdInitialize')!;
  const gatewayError = (code: string) => ({ result: { resultStatus: 'F', resultCode: code, resultMessage: expect.any(String) } });

  it('uses throwaway keys marked as such, and its own port in front of Prism', () => {
    expect(mock.keys!.merchantPrivateKey).toMatch(/^THROWAWAY KEY/);
    expect(mock.keys!.zolozPublicKey).toMatch(/^THROWAWAY KEY/);
    expect(mock.url).not.toBe(mock.prismUrl);
  });

  it('passes a correctly signed request and signs its response (Response-Time + Signature verify)', async () => {
    const res = await call(op().path, JSON.stringify(op().requestBody));
    expect(res.status).toBe(200);
    expect(res.opened.verified).toBe(true);
    expect(res.opened.encrypted).toBe(false);
    expect(res.headers.get('response-time')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$/);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(res.json).toEqual(op().defaultExample.value);
  });

  it('round-trips an RSA_AES-encrypted request: the response is encrypted, signed over its ciphertext', async () => {
    const res = await call(op().path, JSON.stringify(op().requestBody), { encrypt: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(res.headers.get('encrypt')).toMatch(/^algorithm=RSA_AES, symmetricKey=/);
    expect(res.raw).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(res.opened).toMatchObject({ verified: true, encrypted: true });
    expect(res.json).toEqual(op().defaultExample.value);
  });

  it.each(exampleCases.map(({ op, ex }) => [op.operationId, ex.name, op, ex] as const))(
    '%s: example %s is reachable with Prefer: example=<name> alone',
    async (_id, name, o, ex) => {
      const res = await call(o.path, JSON.stringify(o.requestBody), { headers: { Prefer: `example=${name}` } });
      expect(res.status).toBe(/^2\d\d$/.test(ex.code) ? Number(ex.code) : 422);
      expect(res.json).toEqual(ex.value);
    },
  );

  it("answers an invalid (but correctly signed) request with the spec's INVALID_ARGUMENT answer, signed", async () => {
    const res = await call(op().path, JSON.stringify({ ...op().requestBody, bizId: 12345 }));
    expect(res.status).toBe(422);
    expect(res.json).toEqual(op().invalidExample);
  });

  it('answers a wrong signature with SIGNATURE_INVALID (HTTP 200, signed)', async () => {
    const res = await call(op().path, JSON.stringify(op().requestBody), {
      tamper: (m) => {
        m.body = m.body.replace('"bizId":"', '"bizId":"x');
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      result: { resultStatus: 'F', resultCode: 'SIGNATURE_INVALID', resultMessage: 'Unauthorized. The signature is invalid.' },
    });
  });

  it('answers a request signed with another merchant key with SIGNATURE_INVALID', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const res = await call(op().path, JSON.stringify(op().requestBody), { merchantPrivateKey: privateKey });
    expect(res.json).toEqual(gatewayError('SIGNATURE_INVALID'));
  });

  it.each(['Client-Id', 'Request-Time', 'Signature'])('answers a request without %s with PARAM_MISSING', async (header) => {
    const res = await call(op().path, JSON.stringify(op().requestBody), {
      tamper: (m) => {
        delete m.headers[header];
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(gatewayError('PARAM_MISSING'));
  });

  it('answers a malformed Request-Time with PARAM_ILLEGAL', async () => {
    const res = await call(op().path, JSON.stringify(op().requestBody), {
      tamper: (m) => {
        m.headers['Request-Time'] = '2026-01-01T00:00:00Z';
      },
    });
    expect(res.json).toEqual(gatewayError('PARAM_ILLEGAL'));
  });

  it('answers an unknown Client-Id with MERCHANT_NOT_FOUND (signed for the Client-Id it sent)', async () => {
    const res = await call(op().path, JSON.stringify(op().requestBody), { signAs: '9999999999999999' });
    expect(res.json).toEqual(gatewayError('MERCHANT_NOT_FOUND'));
  });

  it('answers an unknown API path with NO_INTERFACE_DEF', async () => {
    const res = await call('/api/v1/zoloz/authentication/test', '{"foo":"bar"}');
    expect(res.json).toEqual(gatewayError('NO_INTERFACE_DEF'));
  });

  it('answers a signed body that is not JSON with MSG_PARSE_ERROR', async () => {
    const res = await call(op().path, '{"bizId":');
    expect(res.json).toEqual(gatewayError('MSG_PARSE_ERROR'));
  });

  it('answers an encrypted body that does not decrypt with MSG_PARSE_ERROR', async () => {
    const zolozPub = loadPublicKey(mock.keys!.zolozPublicKey);
    const res = await call(op().path, JSON.stringify(op().requestBody), {
      encrypt: true,
      // The signature covers the body, not the Encrypt header: wrap a different AES key than the body's.
      tamper: (m) => {
        m.headers.Encrypt = formatEncryptHeader(rsaEncryptPkcs1(generateAesKey(), zolozPub));
      },
    });
    expect(res.json).toEqual(gatewayError('MSG_PARSE_ERROR'));
  });

  it('answers an Encrypt header wrapped for another key with MSG_PARSE_ERROR', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const res = await call(op().path, JSON.stringify(op().requestBody), {
      encrypt: true,
      tamper: (m) => {
        m.headers.Encrypt = formatEncryptHeader(rsaEncryptPkcs1(generateAesKey(), publicKey));
      },
    });
    expect(res.json).toEqual(gatewayError('MSG_PARSE_ERROR'));
  });

  it('records every exchange it served as JSON Lines, as it went over the wire', async () => {
    await mock.close();
    const lines = readFileSync(recordPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(requestsSent);
    for (const [i, rec] of lines.entries()) {
      expect(rec.id).toBe(String(i + 1));
      expect(rec.request).toMatchObject({ method: 'POST', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\//) });
      expect(typeof rec.request.body).toBe('string');
      expect(rec.response).toMatchObject({ status: expect.any(Number), body: expect.any(String) });
      expect(rec.response.headers.Signature).toMatch(/^algorithm=RSA256, signature=/);
      expect(rec.response.headers['Response-Time']).toBeTruthy();
    }
    const encrypted = lines.filter((l) => l.request.headers.Encrypt);
    expect(encrypted.length).toBeGreaterThan(0);
    // the ciphertext, not the plaintext, is what was recorded
    expect(encrypted[0].request.body).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(encrypted[0].response.body).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});

describe('recording plain mode as HAR', () => {
  it('writes a HAR 1.2 log of the exchanges', async () => {
    const harPath = join(tmp, 'plain.har');
    const mock = await startMock({ spec: SPEC, record: { path: harPath } });
    const op = OPS[0]!;
    try {
      expect(mock.url).not.toBe(mock.prismUrl);
      const a = await postJson(mock.url + op.path, op.requestBody, PLAIN_SECURITY_HEADERS);
      const b = await postJson(mock.url + op.path, op.requestBody, {
        ...PLAIN_SECURITY_HEADERS,
        Prefer: `example=${op.responseExamples[1]!.name}`,
      });
      expect(a.status).toBe(200);
      expect(JSON.parse(b.text)).toEqual(op.responseExamples[1]!.value);
    } finally {
      await mock.close();
    }
    const har = JSON.parse(readFileSync(harPath, 'utf8'));
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator.name).toBe('@zoloz-openapi/mock');
    expect(har.log.entries).toHaveLength(2);
    const [e1] = har.log.entries;
    expect(e1.request).toMatchObject({ method: 'POST', httpVersion: 'HTTP/1.1' });
    expect(e1.request.postData.text).toBe(JSON.stringify(op.requestBody));
    expect(JSON.parse(e1.response.content.text)).toEqual(op.defaultExample.value);
    expect(e1.response.status).toBe(200);
  });
});

describe('recordings read by the traffic validator', () => {
  it('a gateway-mode HAR recording validates with `zoloz-openapi validate-traffic --keys` (signatures, decryption)', async () => {
    const harPath = join(tmp, 'gateway.har');
    const mock = await startMock({ spec: SPEC, gateway: true, record: { path: harPath } });
    const keys = mock.keys!;
    const op = OPS.find((o) => o.operationId === 'connectEnroll')!;
    try {
      const opts = { clientId: mock.clientId!, merchantPrivateKey: keys.merchantPrivateKey, zolozPublicKey: keys.zolozPublicKey };
      await signedCall(mock.url, op.path, JSON.stringify(op.requestBody), opts);
      await signedCall(mock.url, op.path, JSON.stringify({ ...op.requestBody, bizId: 'another-biz-id' }), { ...opts, encrypt: true });
    } finally {
      await mock.close();
    }
    const keysFile = join(tmp, 'keys.json');
    writeFileSync(
      keysFile,
      JSON.stringify({
        clientId: mock.clientId,
        merchantPublicKey: keys.merchantPublicKey,
        zolozPublicKey: keys.zolozPublicKey,
        merchantPrivateKey: keys.merchantPrivateKey,
        zolozPrivateKey: keys.zolozPrivateKey,
      }),
    );
    const cli = fileURLToPath(new URL('../../traffic-validator/dist/cli.js', import.meta.url));
    const r = spawnSync(process.execPath, [cli, 'validate-traffic', harPath, '--keys', keysFile, '--format', 'json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.input.format).toBe('har');
    expect(report.summary).toMatchObject({ total: 2, valid: 2, invalid: 0, unreadable: 0 });
    expect(report.exchanges.map((e: { checks: unknown }) => e.checks)).toEqual([
      { requestSignature: 'passed', responseSignature: 'passed', decryption: 'not-applicable' },
      { requestSignature: 'passed', responseSignature: 'passed', decryption: 'passed' },
    ]);
    expect(r.status).toBe(0);
  });
});

describe('the mock and the validator agree: gateway errors to an encrypted request are plain', () => {
  it('the mock answers them in plain JSON and `validate-traffic --keys` does not flag encryption/mode on its recording', async () => {
    const jsonlPath = join(tmp, 'encrypted-errors.jsonl');
    const mock = await startMock({ spec: SPEC, gateway: true, record: { path: jsonlPath } });
    const keys = mock.keys!;
    const op = OPS.find((o) => o.operationId === 'realIdCheckResult')!;
    const body = JSON.stringify(op.requestBody);
    const opts = {
      clientId: mock.clientId!,
      merchantPrivateKey: keys.merchantPrivateKey,
      zolozPublicKey: keys.zolozPublicKey,
      encrypt: true,
    };
    const codes: string[] = [];
    try {
      const tampered = await signedCall(mock.url, op.path, body, {
        ...opts,
        tamper: (m) => {
          m.body = `${m.body.slice(0, -4)}AAA=`;
        },
      });
      const unknown = await signedCall(mock.url, op.path, body, { ...opts, headers: { 'Client-Id': '9999999999999999' } });
      const served = await signedCall(mock.url, op.path, body, opts);
      for (const r of [tampered, unknown]) {
        expect(r.opened.encrypted).toBe(false);
        expect(r.headers.get('content-type')).toMatch(/^application\/json/);
        codes.push(r.json.result.resultCode);
      }
      expect(served.opened.encrypted).toBe(true);
    } finally {
      await mock.close();
    }
    expect(codes).toEqual(['SIGNATURE_INVALID', 'MERCHANT_NOT_FOUND']);
    const keysFile = join(tmp, 'keys-encrypted-errors.json');
    writeFileSync(
      keysFile,
      JSON.stringify({
        clientId: mock.clientId,
        merchantPublicKey: keys.merchantPublicKey,
        zolozPublicKey: keys.zolozPublicKey,
        merchantPrivateKey: keys.merchantPrivateKey,
      }),
    );
    const cli = fileURLToPath(new URL('../../traffic-validator/dist/cli.js', import.meta.url));
    const r = spawnSync(process.execPath, [cli, 'validate-traffic', jsonlPath, '--keys', keysFile, '--format', 'json', '--no-flow'], {
      encoding: 'utf8',
    });
    const report = JSON.parse(r.stdout);
    expect(report.summary.total).toBe(3);
    const modeViolations = report.exchanges
      .flatMap((e: { violations: Array<{ category: string; keyword: string }> }) => e.violations)
      .filter((v: { category: string; keyword: string }) => v.category === 'encryption' && v.keyword === 'mode');
    expect(modeViolations).toEqual([]);
    expect(report.exchanges[2].status).toBe('valid');
  });
});

describe('gateway mode with keys and Client-Id supplied by the caller', () => {
  it('verifies with the given merchant key, signs with the given ZOLOZ key, accepts only the given Client-Id', async () => {
    const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const zoloz = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clientId = CLIENT_ID;
    const mock = await startMock({
      spec: SPEC,
      gateway: { clientId, merchantPublicKey: merchant.publicKey, zolozPrivateKey: zoloz.privateKey },
    });
    try {
      expect(mock.keys).toBeUndefined();
      expect(mock.clientId).toBe(clientId);
      const op = OPS.find((o) => o.operationId === 'connectCheckResult')!;
      const opts = { clientId, merchantPrivateKey: merchant.privateKey, zolozPublicKey: zoloz.publicKey };
      const ok = await signedCall(mock.url, op.path, JSON.stringify(op.requestBody), { ...opts, encrypt: true });
      expect(ok.json).toEqual(op.defaultExample.value);
      const other = await signedCall(mock.url, op.path, JSON.stringify(op.requestBody), { ...opts, signAs: '0000000000000001' });
      expect(other.json.result.resultCode).toBe('MERCHANT_NOT_FOUND');
    } finally {
      await mock.close();
    }
  });
});
