import { beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeRecord } from '../src/types.js';
import {
  exampleCapture,
  exchangeRecord,
  requestExample,
  responseExample,
  schemaOf,
  spec,
  toHar,
  toJsonl,
  type TableOperation,
} from './support/fixtures.js';
import { renderJson, validateText } from './support/run.js';

let runtime: Awaited<ReturnType<typeof spec>>;
let ops: Record<string, TableOperation>;
beforeAll(async () => {
  runtime = await spec();
  ops = Object.fromEntries(runtime.operations.map((o) => [o.operationId, o]));
});

const byOp = (id: string) => ops[id]!;
const firstRequest = (id: string) => requestExample(byOp(id), byOp(id).examples.requests[0]!);
const successResponse = (id: string) => {
  const op = byOp(id);
  const example = op.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
  return responseExample(op, example.name, example.status);
};
async function one(record: Record<string, any>, options = {}): Promise<ExchangeRecord> {
  const { records } = await validateText(runtime, toJsonl([record]), 'jsonl', { flow: false, ...options });
  expect(records).toHaveLength(1);
  return records[0]!;
}
const pointers = (r: ExchangeRecord) => r.violations.map((v) => [v.direction, v.pointer, v.keyword]);

describe('exchanges built from the spec examples', () => {
  it('are all valid, in JSONL and in HAR, with every count adding up', async () => {
    const records = exampleCapture(runtime.operations);
    expect(records.length).toBe(runtime.operations.reduce((n, o) => n + o.examples.responses.length, 0));
    for (const [text, format] of [
      [toJsonl(records), 'jsonl'],
      [toHar(records), 'har'],
    ] as const) {
      const { records: out, summary } = await validateText(runtime, text, format);
      const invalid = out.filter((r) => r.status !== 'valid');
      expect(invalid.map((r) => [r.id, r.violations])).toEqual([]);
      expect(summary).toMatchObject({
        total: records.length,
        valid: records.length,
        invalid: 0,
        undocumented: 0,
        unreadable: 0,
        violations: 0,
      });
      expect(out.map((r) => r.operationId)).toEqual(records.map((r) => String(r.id).split('/')[0]));
      renderJson(out);
    }
  });

  it('matches behind a proxy base path and on any host', async () => {
    const op = byOp('realIdCheckResult');
    const r = await one(
      exchangeRecord(op, firstRequest('realIdCheckResult'), successResponse('realIdCheckResult'), { basePath: '/gw/zoloz' }),
    );
    expect([r.status, r.operationId, r.path]).toEqual(['valid', 'realIdCheckResult', `/gw/zoloz${op.path}`]);
  });
});

describe('mutated exchanges report the exact pointers', () => {
  it('a missing required request field, at the field itself', async () => {
    const op = byOp('realIdInitialize');
    const required: string[] = schemaOf(op.requestSchema).required;
    for (const field of required) {
      const request = firstRequest(op.operationId);
      delete request[field];
      const r = await one(exchangeRecord(op, request, successResponse(op.operationId)));
      expect(r.status).toBe('invalid');
      expect(pointers(r)).toEqual([['request', `/${field}`, 'required']]);
    }
  });

  it('every violation, not just the first', async () => {
    const op = byOp('realIdInitialize');
    const request = firstRequest(op.operationId);
    request.bizId = 12345;
    request.flowType = ['not', 'a', 'string'];
    delete request.metaInfo;
    const response = successResponse(op.operationId);
    response.result.resultStatus = 'X';
    const r = await one(exchangeRecord(op, request, response));
    expect(pointers(r)).toEqual(
      expect.arrayContaining([
        ['request', '/bizId', 'type'],
        ['request', '/flowType', 'type'],
        ['request', '/metaInfo', 'required'],
        ['response', '/result/resultStatus', 'enum'],
      ]),
    );
    const bizId = r.violations.find((v) => v.pointer === '/bizId')!;
    expect(bizId).toMatchObject({ category: 'schema', message: '/bizId must be string', value: { shown: 'value', value: 12345 } });
  });

  it('a nested response field', async () => {
    const op = byOp('realIdCheckResult');
    const response = successResponse(op.operationId);
    response.extFaceInfo.faceScore = 'high';
    const r = await one(exchangeRecord(op, firstRequest(op.operationId), response));
    expect(pointers(r)).toEqual([['response', '/extFaceInfo/faceScore', 'type']]);
  });

  it('undocumented fields are reported separately and do not invalidate', async () => {
    const op = byOp('connectInitialize');
    const request = { ...firstRequest(op.operationId), uiType: 'native', wirelessConfigGroup: 'x' };
    const response = successResponse(op.operationId);
    response.result.extra = 1;
    const r = await one(exchangeRecord(op, request, response));
    expect(r.status).toBe('valid');
    expect(r.undocumentedFields).toEqual([
      { direction: 'request', pointer: '/uiType' },
      { direction: 'request', pointer: '/wirelessConfigGroup' },
      { direction: 'response', pointer: '/result/extra' },
    ]);
  });

  it('gateway headers: presence and format', async () => {
    const op = byOp('connectCheckResult');
    const record = exchangeRecord(op, firstRequest(op.operationId), successResponse(op.operationId));
    delete record.request.headers['Client-Id'];
    record.request.headers['Request-Time'] = '2026-11-23T11:40:00Z';
    record.request.headers['Content-Type'] = 'text/html';
    record.response.headers.Signature = 'algorithm=SHA1, signature=abc';
    delete record.response.headers['Response-Time'];
    const r = await one(record);
    expect(pointers(r)).toEqual([
      ['request', '/headers/Content-Type', 'media-type'],
      ['request', '/headers/Client-Id', 'missing'],
      ['request', '/headers/Request-Time', 'format'],
      ['response', '/headers/Response-Time', 'missing'],
      ['response', '/headers/Signature', 'format'],
    ]);
    expect(r.violations.map((v) => v.category)).toEqual(['content-type', 'header', 'header', 'header', 'header']);
  });

  it('a body that is not JSON, a missing response, an undocumented status', async () => {
    const op = byOp('connectEnroll');
    const base = exchangeRecord(op, firstRequest(op.operationId), successResponse(op.operationId));
    const notJson = { ...base, request: { ...base.request, body: '{"bizId": ' } };
    expect(pointers(await one(notJson))).toEqual(expect.arrayContaining([['request', '', 'json']]));
    expect(pointers(await one({ ...base, response: null }))).toEqual([['response', '', 'missing']]);
    // Other statuses are validated against the operation's `default` response (a body with only `result`).
    const gatewayError = JSON.stringify({
      result: { resultStatus: 'F', resultCode: 'INVALID_ARGUMENT', resultMessage: 'Invalid argument.' },
    });
    const documented = await one({
      ...base,
      response: { status: 422, headers: { 'Content-Type': 'application/json' }, body: gatewayError },
    });
    expect([documented.status, documented.httpStatus, documented.violations]).toEqual(['valid', 422, []]);
    expect(pointers(await one({ ...base, response: { status: 502, headers: {}, body: '{}' } }))).toEqual([
      ['response', '/result', 'required'],
    ]);
  });

  it('unknown paths and methods are undocumented, never dropped', async () => {
    const op = byOp('connectEnroll');
    const base = exchangeRecord(op, firstRequest(op.operationId), successResponse(op.operationId));
    const { records, summary } = await validateText(
      runtime,
      toJsonl([
        { ...base, request: { ...base.request, url: 'https://h/api/v1/zoloz/facecapture/initialize' } },
        { ...base, request: { ...base.request, method: 'GET' } },
      ]),
    );
    expect(records.map((r) => [r.status, r.reason])).toEqual([
      ['undocumented', 'no documented operation for POST /api/v1/zoloz/facecapture/initialize'],
      ['undocumented', expect.stringContaining('method GET is not documented')],
    ]);
    expect(summary).toMatchObject({ total: 2, undocumented: 2 });
  });
});

describe('flow checks across the capture', () => {
  it('flags a checkresult whose transactionId no earlier initialize returned', async () => {
    const init = byOp('realIdInitialize');
    const check = byOp('realIdCheckResult');
    const initResponse = successResponse(init.operationId);
    const known = firstRequest(check.operationId);
    known.transactionId = initResponse.transactionId;
    const unknown = { ...firstRequest(check.operationId), transactionId: 'G000000005FID20990101000000000009999999' };
    const early = { ...known };
    const { records } = await validateText(
      runtime,
      toJsonl([
        exchangeRecord(check, early, successResponse(check.operationId)),
        exchangeRecord(init, firstRequest(init.operationId), initResponse),
        exchangeRecord(check, known, successResponse(check.operationId)),
        exchangeRecord(check, unknown, successResponse(check.operationId)),
      ]),
    );
    expect(records.map((r) => [r.status, pointers(r)])).toEqual([
      ['invalid', [['exchange', '/transactionId', 'unknown-transaction']]],
      ['valid', []],
      ['valid', []],
      ['invalid', [['exchange', '/transactionId', 'unknown-transaction']]],
    ]);
  });

  it('flags a repeated non-idempotent initialize, not a repeated idempotent checkresult', async () => {
    const init = byOp('connectInitialize');
    const check = byOp('connectCheckResult');
    expect([init.idempotent, check.idempotent]).toEqual([false, true]);
    const initResponse = successResponse(init.operationId);
    const checkRequest = { ...firstRequest(check.operationId), transactionId: initResponse.transactionId };
    const initRecord = exchangeRecord(init, firstRequest(init.operationId), initResponse);
    const checkRecord = exchangeRecord(check, checkRequest, successResponse(check.operationId));
    const { records } = await validateText(runtime, toJsonl([initRecord, checkRecord, checkRecord, initRecord]));
    expect(records.map((r) => pointers(r))).toEqual([[], [], [], [['exchange', '/bizId', 'repeated-non-idempotent']]]);
    const withoutFlow = await validateText(runtime, toJsonl([initRecord, initRecord]), 'jsonl', { flow: false });
    expect(withoutFlow.summary.valid).toBe(2);
  });
});
