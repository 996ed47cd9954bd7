import type { ExchangeRecord, Summary } from '../types.js';
import type { ReportMeta, ReportSink } from './sink.js';

export const REPORT_SCHEMA_ID = 'https://zoloz-openapi.dev/schemas/traffic-report.schema.json';

/**
 * `--format json`: one document, written as it goes — `exchanges` streams one record per input item,
 * `summary` comes last (docs/traffic-report-schema.md). Memory does not grow with the capture.
 */
export class JsonReport implements ReportSink {
  private first = true;

  start(meta: ReportMeta): string {
    return `{"$schema":${JSON.stringify(REPORT_SCHEMA_ID)},"reportVersion":1,"tool":${JSON.stringify(meta.tool)},"input":${JSON.stringify({
      path: meta.input,
      format: meta.format,
      gzip: meta.gzip,
    })},"checks":${JSON.stringify(meta.checks)},"valuesShown":${meta.showValues},"exchanges":[\n`;
  }

  record(record: ExchangeRecord): string {
    const text = cleanRecordJson(record) ?? JSON.stringify(record);
    if (this.first) {
      this.first = false;
      return text;
    }
    return `,\n${text}`;
  }

  finish(summary: Summary): string {
    return `\n],"summary":${JSON.stringify(summary)}}\n`;
  }
}

/** A record with nothing found, no id and no reason, every other member present: the shape `cleanRecordJson` writes. */
export function isCleanRecord(
  record: ExchangeRecord,
): record is ExchangeRecord & { readonly checks: NonNullable<ExchangeRecord['checks']> } {
  return (
    record.violations.length === 0 &&
    record.undocumentedFields.length === 0 &&
    record.id === undefined &&
    record.reason === undefined &&
    record.checks !== undefined &&
    typeof record.method === 'string' &&
    typeof record.path === 'string' &&
    typeof record.operationId === 'string' &&
    Number.isInteger(record.httpStatus) &&
    typeof record.encrypted === 'boolean'
  );
}

/**
 * JSON.stringify's text for the common record (nothing found, no id, no reason), built without walking the
 * object: most records of a healthy capture are this one shape (members in the order ExchangeValidator.record
 * builds them). Any other record returns undefined.
 * `test/json-report-fast-path.test.ts` checks it against JSON.stringify.
 */
export function cleanRecordJson(record: ExchangeRecord): string | undefined {
  if (!isCleanRecord(record)) return undefined;
  const { source, checks } = record;
  const at = source.format === 'jsonl' ? `{"format":"jsonl","line":${source.line}}` : `{"format":"har","entry":${source.entry}}`;
  return `{"index":${record.index},"source":${at},"status":"${record.status}","method":${JSON.stringify(record.method)},"path":${JSON.stringify(record.path)},"operationId":${JSON.stringify(record.operationId)},"httpStatus":${record.httpStatus},"encrypted":${record.encrypted},"checks":{"requestSignature":"${checks.requestSignature}","responseSignature":"${checks.responseSignature}","decryption":"${checks.decryption}"},"violations":[],"undocumentedFields":[]}`;
}
