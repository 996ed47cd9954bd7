import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { JsonReport } from '../src/report/json-report.js';
import { JunitReport } from '../src/report/junit-report.js';
import { PrettyReport } from '../src/report/pretty-report.js';
import { SarifReport } from '../src/report/sarif-report.js';
import type { ReportSink } from '../src/report/sink.js';
import { exchangeRecord, requestExample, responseExample, spec, toHar, toJsonl, type TableOperation } from './support/fixtures.js';
import { META, render, validateText } from './support/run.js';

const ID_NUMBER = 'K98765432Z1';
const IMAGE = randomBytes(3000).toString('base64');

let capture: Record<string, any>[];
let runtime: Awaited<ReturnType<typeof spec>>;
beforeAll(async () => {
  runtime = await spec();
  const op = (id: string) => runtime.operations.find((o) => o.operationId === id)! as TableOperation;
  const check = op('realIdCheckResult');
  const init = op('realIdInitialize');
  const success = (o: TableOperation) => {
    const e = o.examples.responses.find((r) => r.resultCode === 'SUCCESS')!;
    return responseExample(o, e.name, e.status);
  };
  const request = (o: TableOperation) => requestExample(o, o.examples.requests[0]!);

  // Personal fields holding the planted values, each failing validation.
  const r1 = success(check);
  r1.extBasicInfo = ID_NUMBER; // wrong type where the ID number's object belongs
  r1.extFaceInfo.faceImg = { data: IMAGE }; // an image where a string belongs
  r1.extFaceInfo.copyOfFace = IMAGE; // undocumented field
  const r2 = success(check);
  r2.extBasicInfo.certNo = [ID_NUMBER];
  r2.extFaceInfo.faceImg = 42;
  const initRequest = { ...request(init), userId: `${ID_NUMBER}${'0'.repeat(200)}`, undocumentedImage: IMAGE };
  const broken = exchangeRecord(init, request(init), success(init));
  broken.request.body = `{"userId":"${ID_NUMBER}","faceImg":"${IMAGE}"`; // not JSON
  capture = [
    exchangeRecord(check, request(check), r1),
    exchangeRecord(check, request(check), r2),
    exchangeRecord(init, initRequest, success(init)),
    broken,
    {
      ...exchangeRecord(init, request(init), success(init)),
      request: { method: 'POST', url: '/api/v1/zoloz/idrecognition/recognize', body: JSON.stringify({ certNo: ID_NUMBER, img: IMAGE }) },
    },
  ];
});

const sinks: Record<string, () => ReportSink> = {
  json: () => new JsonReport(),
  pretty: () => new PrettyReport(),
  junit: () => new JunitReport(),
  sarif: () => new SarifReport(),
};

describe('redaction', () => {
  it('the planted ID number and image appear in no report format', async () => {
    const lines = `${toJsonl(capture)}{"broken": "${ID_NUMBER} ${IMAGE}\n`;
    for (const [text, format] of [
      [lines, 'jsonl'],
      [toHar(capture), 'har'],
    ] as const) {
      const { records, summary } = await validateText(runtime, text, format);
      expect(summary.invalid).toBeGreaterThanOrEqual(3);
      for (const [name, make] of Object.entries(sinks)) {
        const out = render(make(), records, { ...META, format });
        expect(out.length, name).toBeGreaterThan(100);
        expect(out, name).not.toContain(ID_NUMBER);
        expect(out, name).not.toContain(IMAGE.slice(0, 24));
      }
      // The violations on those fields are there, redacted to type, length and hash.
      const flat = records.flatMap((r) => r.violations);
      expect(flat.find((v) => v.pointer === '/extBasicInfo')?.value).toMatchObject({
        shown: 'redacted',
        type: 'string',
        length: ID_NUMBER.length,
        personal: 'idNumber',
      });
      expect(flat.find((v) => v.pointer === '/extFaceInfo/faceImg' && v.keyword === 'type')?.value).toMatchObject({
        shown: 'redacted',
        type: 'object',
      });
      expect(flat.find((v) => v.pointer === '/userId')?.value).toMatchObject({
        shown: 'redacted',
        personal: expect.any(String),
        hash: expect.stringMatching(/^[0-9a-f]{12}$/),
      });
    }
  });

  it('--show-values opts in', async () => {
    const { records } = await validateText(runtime, toJsonl(capture), 'jsonl', { showValues: true });
    for (const [name, make] of Object.entries(sinks)) expect(render(make(), records), name).toContain(ID_NUMBER);
  });
});
