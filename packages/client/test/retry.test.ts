import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZolozAbortedError, ZolozHttpError, ZolozTimeoutError } from '@zoloz-openapi/client';
import { okResponder, result, signedReply, startGateway, type Reply, type TestGateway } from './helpers/gateway.js';
import { checkResultBody, initializeBody, testClient } from './helpers/client.js';

// Behaviour only, no timing assertions: a hanging server plus a short per-attempt timeout stands in for
// "the gateway timed out"; the server counts what actually arrived.
const HANG: Reply = { hang: true };
let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.requests.length = 0;
  gw.respond = okResponder;
});

// A short per-attempt timeout only where the server hangs; elsewhere a generous one, so a loaded machine
// cannot turn a slow answer into an extra retry.
const fast = (timeoutMs = 10_000, maxAttempts = 3) =>
  testClient(gw.url, { timeoutMs, retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 2 } });

describe('initialize and enroll are never retried', () => {
  it('realId.initialize is sent exactly once when the server times out', async () => {
    gw.respond = () => HANG;
    const err = await fast(150)
      .realId.initialize(initializeBody)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozTimeoutError);
    expect((err as ZolozTimeoutError).attempts).toBe(1);
    expect(gw.requests).toHaveLength(1);
  });
  it('connect.initialize is sent once on HTTP 503, connect.enroll once on resultStatus U', async () => {
    gw.respond = () => ({ status: 503, body: '' });
    await expect(fast().connect.initialize({ bizId: 'b', userId: 'u', metaInfo: 'MOB_H5' } as never)).rejects.toBeInstanceOf(
      ZolozHttpError,
    );
    expect(gw.requests).toHaveLength(1);
    gw.requests.length = 0;
    gw.respond = (req) => signedReply({ path: req.path, body: result('U', 'SYSTEM_ERROR') });
    const u = await fast().connect.enroll({ bizId: 'b', userId: 'u', base64ImageContent: 'aGVsbG8=' } as never);
    expect(u.result.resultStatus).toBe('U');
    expect(gw.requests).toHaveLength(1);
  });
});

describe('checkresult is retried (idempotent in the spec)', () => {
  it('after timeouts, until it gets an answer', async () => {
    gw.respond = (req, n) => (n <= 2 ? HANG : signedReply({ path: req.path, body: result('S', 'SUCCESS', { ekycResult: 'Success' }) }));
    const res = await fast(400, 6).realId.checkResult(checkResultBody);
    expect(res.result.resultStatus).toBe('S');
    // two timed-out attempts, then answered (≥ 3: under heavy load an answer may itself time out once more)
    expect(gw.requests.length).toBeGreaterThanOrEqual(3);
    // every attempt is a freshly signed request that the gateway accepted
    expect(gw.requests.every((r) => r.openError === undefined && r.body === JSON.stringify(checkResultBody))).toBe(true);
  });
  it('gives up after maxAttempts with the last typed error', async () => {
    gw.respond = () => HANG;
    const err = await fast(150)
      .connect.checkResult(checkResultBody)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozTimeoutError);
    expect((err as ZolozTimeoutError).attempts).toBe(3);
    expect(gw.requests).toHaveLength(3);
  });
  it('on HTTP 5xx, but not on 4xx', async () => {
    gw.respond = (req, n) =>
      n === 1 ? { status: 502, body: 'bad gateway' } : signedReply({ path: req.path, body: result('S', 'SUCCESS') });
    expect((await fast().connect.checkResult(checkResultBody)).result.resultStatus).toBe('S');
    expect(gw.requests).toHaveLength(2);
    gw.requests.length = 0;
    gw.respond = () => ({ status: 400, body: '' });
    await expect(fast().connect.checkResult(checkResultBody)).rejects.toBeInstanceOf(ZolozHttpError);
    expect(gw.requests).toHaveLength(1);
  });
  it('on resultStatus U; the last U is returned as data', async () => {
    gw.respond = (req, n) => signedReply({ path: req.path, body: n < 2 ? result('U', 'SYSTEM_ERROR') : result('S', 'SUCCESS') });
    expect((await fast().realId.checkResult(checkResultBody)).result.resultCode).toBe('SUCCESS');
    expect(gw.requests).toHaveLength(2);
    gw.requests.length = 0;
    gw.respond = (req) => signedReply({ path: req.path, body: result('U', 'SYSTEM_ERROR') });
    expect((await fast().realId.checkResult(checkResultBody)).result.resultStatus).toBe('U');
    expect(gw.requests).toHaveLength(3);
  });
  it('not when retries are disabled', async () => {
    gw.respond = () => HANG;
    await expect(testClient(gw.url, { timeoutMs: 150, retry: false }).realId.checkResult(checkResultBody)).rejects.toBeInstanceOf(
      ZolozTimeoutError,
    );
    expect(gw.requests).toHaveLength(1);
  });
  it("not when the caller's own signal aborts", async () => {
    gw.respond = () => HANG;
    const ac = new AbortController();
    const p = testClient(gw.url, { timeoutMs: 5_000 }).realId.checkResult(checkResultBody, { signal: ac.signal });
    while (gw.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(ZolozAbortedError);
    expect(gw.requests).toHaveLength(1);
  });
  it('a per-call timeoutMs overrides the client default', async () => {
    gw.respond = () => HANG;
    const err = await testClient(gw.url, { timeoutMs: 60_000, retry: false })
      .realId.checkResult(checkResultBody, { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozTimeoutError);
    expect((err as ZolozTimeoutError).timeoutMs).toBe(100);
  });
});
