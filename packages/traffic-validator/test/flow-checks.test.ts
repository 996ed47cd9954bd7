// The cross-exchange checks come from the flows table (generated/flows, derived from the Arazzo description):
// a refused call is not a repeat (issue 11 §7), the table alone decides what is checked, and values are bounded.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowTable } from '../src/flow-tracker.js';
import type { ExchangeRecord } from '../src/types.js';
import { exchangeRecord, requestExample, responseExample, spec, toJsonl, type TableOperation } from './support/fixtures.js';
import { validateText } from './support/run.js';

let runtime: Awaited<ReturnType<typeof spec>>;
let ops: Record<string, TableOperation>;
beforeAll(async () => {
  runtime = await spec();
  ops = Object.fromEntries(runtime.operations.map((o) => [o.operationId, o]));
});

const byOp = (id: string) => ops[id]!;
const firstRequest = (id: string) => requestExample(byOp(id), byOp(id).examples.requests[0]!);
const answer = (id: string, code: string) => {
  const example = byOp(id).examples.responses.find((r) => r.status === 200 && r.resultCode === code)!;
  return responseExample(byOp(id), example.name, 200);
};
const flowViolations = (r: ExchangeRecord) => r.violations.filter((v) => v.category === 'flow').map((v) => [v.pointer, v.keyword]);
const REPEATED = [['/bizId', 'repeated-non-idempotent']];

describe('a repeated non-idempotent call', () => {
  it('is not a repeat when the gateway refused the earlier call (F with a gateway code)', async () => {
    const table = runtime.flows!.nonRepeatable.find((n) => n.operationId === 'connectInitialize')!;
    expect(table.refusedBy).toEqual(expect.arrayContaining(['SIGNATURE_INVALID', 'MSG_PARSE_ERROR', 'PARAM_ILLEGAL']));
    const init = byOp('connectInitialize');
    const request = firstRequest(init.operationId);
    const { records } = await validateText(
      runtime,
      toJsonl([
        exchangeRecord(init, request, answer(init.operationId, 'SIGNATURE_INVALID')),
        exchangeRecord(init, request, answer(init.operationId, 'MSG_PARSE_ERROR')),
        exchangeRecord(init, request, answer(init.operationId, 'SUCCESS')),
        exchangeRecord(init, request, answer(init.operationId, 'SUCCESS')),
      ]),
    );
    expect(records.map(flowViolations)).toEqual([[], [], [], REPEATED]);
  });

  it('is a repeat when the earlier call was answered by the API or with an unknown outcome', async () => {
    const init = byOp('realIdInitialize');
    const request = firstRequest(init.operationId);
    for (const earlier of ['INVALID_ARGUMENT', 'SYSTEM_ERROR']) {
      const { records } = await validateText(
        runtime,
        toJsonl([
          exchangeRecord(init, request, answer(init.operationId, earlier)),
          exchangeRecord(init, request, answer(init.operationId, 'SUCCESS')),
        ]),
      );
      expect(records.map(flowViolations), earlier).toEqual([[], REPEATED]);
    }
  });

  it('covers every non-idempotent step of the Arazzo flows, enroll included', async () => {
    expect(runtime.flows!.nonRepeatable.map((n) => n.operationId).sort()).toEqual(
      runtime.operations
        .filter((o) => !o.idempotent)
        .map((o) => o.operationId)
        .sort(),
    );
    const enroll = byOp('connectEnroll');
    const record = exchangeRecord(enroll, firstRequest(enroll.operationId), answer(enroll.operationId, 'SUCCESS'));
    const { records } = await validateText(runtime, toJsonl([record, record]));
    expect(records.map(flowViolations)).toEqual([[], REPEATED]);
  });
});

describe('the flows table alone decides what is checked', () => {
  const run = async (flows: FlowTable, records: Record<string, any>[]) =>
    (await validateText({ ...runtime, flows }, toJsonl(records))).records.map(flowViolations);

  it('checks nothing with an empty table, and a carried value named only by the table', async () => {
    const check = byOp('connectCheckResult');
    const enroll = byOp('connectEnroll');
    const enrolled = answer(enroll.operationId, 'SUCCESS');
    const stray = exchangeRecord(
      check,
      { ...firstRequest(check.operationId), transactionId: 'T-never-returned' },
      answer(check.operationId, 'SUCCESS'),
    );
    expect(await run({ carried: [], nonRepeatable: [] }, [stray])).toEqual([[]]);

    // A made-up flow: checkresult's bizId must be one an earlier enroll answered with (a result code, for the test).
    const table: FlowTable = {
      carried: [
        {
          operationId: check.operationId,
          requestPointer: '/bizId',
          sources: [{ operationId: enroll.operationId, responsePointer: '/result/resultCode' }],
        },
      ],
      nonRepeatable: [],
    };
    const before = exchangeRecord(check, { ...firstRequest(check.operationId), bizId: 'SUCCESS' }, answer(check.operationId, 'SUCCESS'));
    const enrollRecord = exchangeRecord(enroll, firstRequest(enroll.operationId), enrolled);
    expect(await run(table, [before, enrollRecord, before])).toEqual([[['/bizId', 'unknown-transaction']], [], []]);
  });
});

describe('bounded values', () => {
  it('handles megabyte ids: an unknown one is flagged, a repeated one is recognised', async () => {
    const init = byOp('realIdInitialize');
    const check = byOp('realIdCheckResult');
    const huge = 'x'.repeat(1 << 20);
    const request = { ...firstRequest(init.operationId), bizId: huge };
    const { records } = await validateText(
      runtime,
      toJsonl([
        exchangeRecord(check, { ...firstRequest(check.operationId), transactionId: huge }, answer(check.operationId, 'SUCCESS')),
        exchangeRecord(init, request, answer(init.operationId, 'SUCCESS')),
        exchangeRecord(init, { ...request, bizId: `${huge}y` }, answer(init.operationId, 'SUCCESS')),
        exchangeRecord(init, request, answer(init.operationId, 'SUCCESS')),
      ]),
    );
    expect(records.map(flowViolations)).toEqual([[['/transactionId', 'unknown-transaction']], [], [], REPEATED]);
  }, 60_000);
});
