import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { readCaptureStream, type CaptureFormat } from '../../src/capture-reader.js';
import { ExchangeValidator, type ValidatorOptions } from '../../src/exchange-validator.js';
import { JsonReport } from '../../src/report/json-report.js';
import { SummaryCounter, type ReportMeta, type ReportSink } from '../../src/report/sink.js';
import type { SpecRuntime } from '../../src/spec-runtime.js';
import type { ExchangeRecord, Summary } from '../../src/types.js';
import { chunkedStream } from './streams.js';

export async function validateText(
  spec: SpecRuntime,
  text: string,
  format: CaptureFormat = 'jsonl',
  options: ValidatorOptions = {},
): Promise<{ records: ExchangeRecord[]; summary: Summary }> {
  const validator = new ExchangeValidator(spec, options);
  const counter = new SummaryCounter();
  const records: ExchangeRecord[] = [];
  for await (const item of readCaptureStream(chunkedStream(text, [8191]), format)) {
    const record = validator.validate(item);
    counter.add(record);
    records.push(record);
  }
  return { records, summary: counter.summary() };
}

export const META: ReportMeta = {
  tool: { name: 'zoloz-openapi validate-traffic', version: '0.1.0' },
  input: 'capture.jsonl',
  format: 'jsonl',
  gzip: false,
  checks: { signatures: { request: false, response: false }, decryption: false, flow: true },
  showValues: false,
};

export function render(sink: ReportSink, records: readonly ExchangeRecord[], meta: ReportMeta = META): string {
  const counter = new SummaryCounter();
  let out = sink.start(meta);
  for (const r of records) {
    counter.add(r);
    out += sink.record(r);
  }
  return out + sink.finish(counter.summary());
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
export const validateReport = ajv.compile(
  JSON.parse(readFileSync(new URL('../../schema/traffic-report.schema.json', import.meta.url), 'utf8')),
);

export function renderJson(records: readonly ExchangeRecord[], meta: ReportMeta = META): any {
  const report = JSON.parse(render(new JsonReport(), records, meta));
  if (!validateReport(report)) throw new Error(`report breaks its schema: ${JSON.stringify(validateReport.errors?.slice(0, 3))}`);
  return report;
}
