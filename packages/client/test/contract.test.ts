// Contract tests against a REAL Prism mock of generated/openapi.yaml: every named example of every operation
// (from the generated operations table) fetched through the client and decoded to the right typed result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationId, ZolozClient } from '@zoloz-openapi/client';
import { startGateway, signedReply, type TestGateway } from './helpers/gateway.js';
import { merchant } from './helpers/keys.js';
import { startPrism, type PrismMock } from './helpers/prism.js';
import { testClient } from './helpers/client.js';
import { leaves, operations, requestExample, responseExample, valuesAt } from './helpers/spec.js';
import { personalData } from '@zoloz-openapi/generated/personal-data';

let prism: PrismMock;
let proxy: TestGateway;

beforeAll(async () => {
  prism = await startPrism();
  // A tiny signing proxy: checks the client's signature (the helper's gateway does), forwards the plaintext
  // to Prism, signs Prism's answer with the test "ZOLOZ" key — encrypted back if the request was.
  proxy = await startGateway(async (req) => {
    if (req.openError) return { status: 400, body: req.openError };
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    for (const h of ['client-id', 'request-time', 'signature', 'prefer']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const r = await fetch(prism.url + req.path, { method: 'POST', headers, body: req.body! });
    const body = await r.text();
    const reply = signedReply({ path: req.path, body, ...(req.aesKey ? { encryptFor: merchant.publicKey, aesKey: req.aesKey } : {}) });
    return { ...reply, status: r.status };
  });
});
afterAll(async () => {
  await proxy?.close();
  await prism?.stop();
});

// Prism finds a bare example name only under the success response; one kept under `default` needs a code too.
const prefer = (ex: { name: string; status: number | string }) =>
  ex.status === 200 ? `example=${ex.name}` : `code=422, example=${ex.name}`;

type AnyCall = (
  id: OperationId,
  body: unknown,
  opts?: { headers?: Record<string, string> },
) => Promise<{ result: { resultStatus: string; resultCode: string } }>;
const callOf = (c: ZolozClient) => c.call as unknown as AnyCall;

describe('every named example of every operation, through the client', () => {
  it('the operations table covers the five operations', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual([
      'connectCheckResult',
      'connectEnroll',
      'connectInitialize',
      'realIdCheckResult',
      'realIdInitialize',
    ]);
  });

  for (const op of operations) {
    const body = requestExample(op.path, op.examples.requests[0]!);
    describe(op.operationId, () => {
      for (const ex of op.examples.responses) {
        it(`${ex.name} (HTTP ${ex.status}) → ${ex.resultStatus}/${ex.resultCode} (signed, verified, schema-validated)`, async () => {
          const client = testClient(proxy.url, { validateResponses: 'throw' });
          const res = await callOf(client)(op.operationId, body, { headers: { Prefer: prefer(ex) } });
          expect(res.result.resultStatus).toBe(ex.resultStatus);
          expect(res.result.resultCode).toBe(ex.resultCode);
          expect(res).toEqual(responseExample(op.path, ex.name, ex.status));
        });
      }
      it('directly against Prism, with verification explicitly off', async () => {
        const client = testClient(prism.url, { verifyResponses: false, validateResponses: 'throw' });
        const ex = op.examples.responses[op.examples.responses.length - 1]!;
        const res = await callOf(client)(op.operationId, body, { headers: { Prefer: prefer(ex) } });
        expect(res.result.resultCode).toBe(ex.resultCode);
      });
      it('encrypted end to end (RSA_AES through the proxy)', async () => {
        const client = testClient(proxy.url, { encrypt: true, validateResponses: 'throw' });
        const ex = op.examples.responses[0]!;
        const res = await callOf(client)(op.operationId, body, { headers: { Prefer: prefer(ex) } });
        expect(res).toEqual(responseExample(op.path, ex.name, ex.status));
      });
    });
  }

  it('a request Prism finds invalid gets the spec’s INVALID_ARGUMENT result (HTTP 422, returned as data)', async () => {
    const client = testClient(proxy.url, { validateResponses: 'throw' });
    for (const op of operations) {
      const body = { ...(requestExample(op.path, op.examples.requests[0]!) as object), bizId: 12345 };
      const res = await callOf(client)(op.operationId, body);
      expect(res.result).toMatchObject({ resultStatus: 'F', resultCode: 'INVALID_ARGUMENT' });
    }
  });

  it('the typed methods reach the same operations', async () => {
    const client = testClient(proxy.url);
    const rid = await client.realId.initialize(requestExample('/api/v1/zoloz/realid/initialize', 'realIdInitialize-h5') as never, {
      headers: { Prefer: 'example=realIdInitialize-h5-200' },
    });
    expect(rid.result.resultStatus).toBe('S');
    expect(typeof rid.transactionId).toBe('string');
  });
});

describe('debug logs are redacted by the spec’s personal-data marks', () => {
  for (const op of operations) {
    it(`${op.operationId}: no marked request or response value reaches the logger`, async () => {
      const logs: unknown[] = [];
      const logger = { debug: (m: string, f: unknown) => logs.push([m, f]), warn: (m: string, f: unknown) => logs.push([m, f]) };
      const client = testClient(proxy.url, { logger, validateResponses: 'warn' });
      const body = requestExample(op.path, op.examples.requests[0]!);
      const secrets: string[] = [];
      for (const f of personalData[op.operationId].request) secrets.push(...valuesAt(body, f.path).flatMap(leaves));
      for (const ex of op.examples.responses) {
        const expected = responseExample(op.path, ex.name, ex.status);
        for (const f of personalData[op.operationId].response) secrets.push(...valuesAt(expected, f.path).flatMap(leaves));
        await callOf(client)(op.operationId, body, { headers: { Prefer: prefer(ex) } });
      }
      const text = JSON.stringify(logs);
      expect(logs.length).toBeGreaterThan(0);
      expect(text).toContain('[redacted:');
      for (const s of secrets.filter((v) => v.length >= 6)) expect(text).not.toContain(s);
    });
  }
});
