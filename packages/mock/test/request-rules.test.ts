// Both mock modes answer a request that breaks a rule of the contract with the spec's invalid-request answer
// (INVALID_ARGUMENT, status F), never a success example: the request rules come from the spec's own
// `x-zoloz-rules` (through generated/), so a new rule is covered without a new test.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '@zoloz-openapi/mock';
import { bodySchemaOf, broken, rules } from '../../../test/support/rules.js';
import { GENERATED_DIR, PLAIN_SECURITY_HEADERS, operationsUnderTest, postJson, signedCall } from './helpers.js';

const OPS = operationsUnderTest();
const requestRules = rules
  .map((rule) => ({ rule, body: bodySchemaOf(rule.example) }))
  .filter(({ body }) => body.where === 'request')
  .map(({ rule, body }) => ({ rule, op: OPS.find((o) => o.operationId === body.operationId)! }));
// An unknown ConsistencyCheckItem type (the contract's discriminator).
const unknownCheckType = (() => {
  const op = OPS.find((o) => o.operationId === 'realIdInitialize')!;
  const body = structuredClone(op.requestBody) as any;
  body.productConfig.consistencyCheck[0].type = 'faceConsistencyCheck';
  return { op, body };
})();

describe('request rules in front of Prism', () => {
  let plain: MockHandle;
  let gateway: MockHandle;
  beforeAll(async () => {
    [plain, gateway] = await Promise.all([startMock(), startMock({ gateway: true })]);
  });
  afterAll(() => Promise.all([plain?.close(), gateway?.close()]));

  it('has request rules to check', () => {
    expect(requestRules.length).toBeGreaterThanOrEqual(4);
  });

  it.each(requestRules.map(({ rule, op }) => [rule.rule, rule, op] as const))('plain mode refuses: %s', async (_l, rule, op) => {
    const res = await postJson(plain.url + op.path, broken(rule), PLAIN_SECURITY_HEADERS);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text)).toEqual(op.invalidExample);
    expect(JSON.parse(res.text).result).toMatchObject({ resultStatus: 'F', resultCode: 'INVALID_ARGUMENT' });
  });

  it.each(requestRules.map(({ rule, op }) => [rule.rule, rule, op] as const))('gateway mode refuses (signed): %s', async (_l, rule, op) => {
    const res = await signedCall(gateway.url, op.path, JSON.stringify(broken(rule)), {
      clientId: gateway.clientId!,
      merchantPrivateKey: gateway.keys!.merchantPrivateKey,
      zolozPublicKey: gateway.keys!.zolozPublicKey,
      encrypt: true,
    });
    expect(res.status).toBe(422);
    expect(res.opened.verified).toBe(true);
    expect(res.json).toEqual(op.invalidExample);
  });

  it('refuses even when a success example is asked for', async () => {
    const { rule, op } = requestRules[0]!;
    const res = await postJson(plain.url + op.path, broken(rule), {
      ...PLAIN_SECURITY_HEADERS,
      Prefer: `example=${op.defaultExample.name}`,
    });
    expect(JSON.parse(res.text).result.resultCode).toBe('INVALID_ARGUMENT');
  });

  it('refuses an unknown ConsistencyCheckItem type', async () => {
    const res = await postJson(plain.url + unknownCheckType.op.path, unknownCheckType.body, PLAIN_SECURITY_HEADERS);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text)).toEqual(unknownCheckType.op.invalidExample);
  });

  it('still answers every request example that keeps the rules with its success example', async () => {
    for (const op of OPS) {
      const res = await postJson(plain.url + op.path, op.requestBody, PLAIN_SECURITY_HEADERS);
      expect(res.status, op.operationId).toBe(200);
      expect(JSON.parse(res.text).result.resultCode).toBe('SUCCESS');
    }
  });
});

describe('another spec', () => {
  it('is served by Prism alone in plain mode: the generated validators check only the bundled contract', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoloz-mock-other-'));
    const other = join(dir, 'other.yaml');
    copyFileSync(join(GENERATED_DIR, 'openapi.yaml'), other);
    const mock = await startMock({ spec: other });
    try {
      expect(mock.url).toBe(mock.prismUrl);
    } finally {
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
