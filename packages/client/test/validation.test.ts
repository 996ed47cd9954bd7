import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZolozSchemaError, ZolozHttpError } from '@zoloz-openapi/client';
import { okResponder, result, signedReply, startGateway, type TestGateway } from './helpers/gateway.js';
import { checkResultBody, testClient } from './helpers/client.js';

const NAME = 'TAN AH KOW';
const ID_NUMBER = 'S1234567D';
const FACE = `iVBORw0KGgo${'A'.repeat(400)}`;

// A RealID checkresult whose personal fields are present AND whose schema is broken (ekycResult not an enum value,
// faceScore not a number): validation must report paths, never the values.
const brokenBody = result('S', 'SUCCESS', {
  ekycResult: 'Maybe',
  extBasicInfo: { certName: NAME, certNo: ID_NUMBER, certType: 42 },
  extFaceInfo: { faceImg: FACE, faceScore: 'high' },
});

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.requests.length = 0;
  gw.respond = okResponder;
});

const leaks = (text: string) => [NAME, ID_NUMBER, FACE.slice(0, 40)].filter((s) => text.includes(s));

describe('validateResponses', () => {
  it("'throw': a schema violation is a ZolozSchemaError listing paths and keywords only", async () => {
    gw.respond = (req) => signedReply({ path: req.path, body: brokenBody });
    const err = await testClient(gw.url, { validateResponses: 'throw' })
      .realId.checkResult(checkResultBody)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozSchemaError);
    const issues = (err as ZolozSchemaError).issues;
    expect(issues.map((i) => i.instancePath)).toEqual(expect.arrayContaining(['/ekycResult']));
    expect(issues.length).toBeGreaterThan(0);
    expect(leaks(JSON.stringify({ message: (err as Error).message, issues, stack: (err as Error).stack }))).toEqual([]);
  });
  it("'warn': the result is returned and a redacted warning is logged", async () => {
    gw.respond = (req) => signedReply({ path: req.path, body: brokenBody });
    const logs: unknown[] = [];
    const logger = { warn: (m: string, f: unknown) => logs.push([m, f]), debug: (m: string, f: unknown) => logs.push([m, f]) };
    const res = await testClient(gw.url, { validateResponses: 'warn', logger }).realId.checkResult(checkResultBody);
    expect(res.extBasicInfo?.certName).toBe(NAME); // the caller gets the data…
    const text = JSON.stringify(logs);
    expect(text).toMatch(/does not match the spec/);
    expect(text).toContain('[redacted:');
    expect(leaks(text)).toEqual([]); // …the logs do not
  });
  it("'off' (default): no validation", async () => {
    gw.respond = (req) => signedReply({ path: req.path, body: brokenBody });
    const res = await testClient(gw.url).realId.checkResult(checkResultBody);
    expect(res.ekycResult).toBe('Maybe');
  });
  it('a valid response passes in throw mode', async () => {
    gw.respond = (req) => signedReply({ path: req.path, body: result('S', 'SUCCESS', { ekycResult: 'Success' }) });
    const res = await testClient(gw.url, { validateResponses: 'throw' }).realId.checkResult(checkResultBody);
    expect(res.ekycResult).toBe('Success');
  });
});

describe('non-2xx answers', () => {
  it('a signed non-2xx answer that carries a result is returned as that result', async () => {
    gw.respond = (req) => ({ ...signedReply({ path: req.path, body: result('F', 'INVALID_ARGUMENT') }), status: 422 });
    const res = await testClient(gw.url).realId.checkResult(checkResultBody);
    expect(res.result).toMatchObject({ resultStatus: 'F', resultCode: 'INVALID_ARGUMENT' });
  });
  it('a signed non-2xx answer without a result is an HTTP error', async () => {
    gw.respond = (req) => ({ ...signedReply({ path: req.path, body: '{"error":"nope"}' }), status: 500 });
    const err = await testClient(gw.url, { retry: false })
      .realId.checkResult(checkResultBody)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZolozHttpError);
    expect((err as ZolozHttpError).status).toBe(500);
  });
});

describe('errors carry no personal data', () => {
  it('request bodies never appear in error messages (e.g. a transport failure during enroll)', async () => {
    gw.respond = () => ({ hang: true });
    const err = await testClient(gw.url, { timeoutMs: 100 })
      .connect.enroll({ bizId: 'b', userId: ID_NUMBER, base64ImageContent: FACE })
      .catch((e: unknown) => e);
    expect(leaks(`${(err as Error).message} ${(err as Error).stack} ${JSON.stringify(err)}`)).toEqual([]);
  });
});
