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
    const text = JSON.stringify(record);
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
