import type { ExchangeRecord, Summary, Violation } from '../types.js';
import { valueText } from './junit-report.js';
import { locationLabel, type ReportMeta, type ReportSink } from './sink.js';

const RULES = [
  ['schema', "A body departs from the operation's JSON Schema"],
  ['content-type', 'Content-Type does not match the body mode (JSON or RSA_AES-encrypted text)'],
  ['header', 'A gateway header (Client-Id, Request-Time, Response-Time, Signature, Encrypt) is missing or malformed'],
  ['signature', 'A signature does not verify'],
  ['encryption', 'An encrypted body cannot be decrypted, or encryption modes differ'],
  ['body', 'A body is missing or not JSON'],
  ['flow', 'A cross-exchange check failed (unknown transactionId, repeated non-idempotent call)'],
  ['http', 'No response, or an HTTP status the operation does not document'],
  ['undocumented-operation', 'The request matches no documented operation'],
  ['undocumented-field', 'A field the spec does not list (accepted; reported for information)'],
  ['unreadable', 'A capture line or HAR entry could not be read'],
] as const;

/**
 * SARIF 2.1.0, streamed: tool and rules first, then one result per violation, undocumented field,
 * undocumented operation and unreadable item. Valid exchanges produce no results.
 */
export class SarifReport implements ReportSink {
  private first = true;
  private meta: ReportMeta | undefined;

  start(meta: ReportMeta): string {
    this.meta = meta;
    const driver = {
      name: 'zoloz-openapi validate-traffic',
      version: meta.tool.version,
      informationUri: 'https://github.com/zoloz-openapi/zoloz-openapi/blob/main/docs/traffic-report-schema.md',
      rules: RULES.map(([id, text]) => ({ id, shortDescription: { text } })),
    };
    return `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":${JSON.stringify(driver)}},"results":[\n`;
  }

  record(record: ExchangeRecord): string {
    const results: object[] = [];
    const base = (ruleId: string, level: 'error' | 'warning' | 'note', text: string, properties: Record<string, unknown>): object => ({
      ruleId,
      ruleIndex: RULES.findIndex(([id]) => id === ruleId),
      level,
      message: { text },
      locations: [this.location(record)],
      properties: { exchange: record.index, ...(record.operationId ? { operationId: record.operationId } : {}), ...properties },
    });
    if (record.status === 'unreadable')
      results.push(base('unreadable', 'error', `${locationLabel(record.source)}: ${record.reason ?? 'unreadable'}`, {}));
    if (record.status === 'undocumented')
      results.push(
        base('undocumented-operation', 'error', record.reason ?? 'undocumented operation', { method: record.method, path: record.path }),
      );
    for (const v of record.violations)
      results.push(base(v.category, 'error', violationText(v), { direction: v.direction, pointer: v.pointer, keyword: v.keyword }));
    for (const f of record.undocumentedFields) {
      results.push(
        base('undocumented-field', 'note', `undocumented ${f.direction} field ${f.pointer}`, {
          direction: f.direction,
          pointer: f.pointer,
        }),
      );
    }
    if (results.length === 0) return '';
    const text = results.map((r) => JSON.stringify(r)).join(',\n');
    if (this.first) {
      this.first = false;
      return text;
    }
    return `,\n${text}`;
  }

  finish(summary: Summary): string {
    const invocation = { executionSuccessful: true, properties: { summary } };
    return `\n],"invocations":[${JSON.stringify(invocation)}]}]}\n`;
  }

  private location(record: ExchangeRecord): object {
    const uri = this.meta && this.meta.input !== '-' ? this.meta.input : 'stdin';
    const physicalLocation =
      record.source.format === 'jsonl'
        ? { artifactLocation: { uri }, region: { startLine: record.source.line } }
        : { artifactLocation: { uri } };
    return { physicalLocation, logicalLocations: [{ fullyQualifiedName: locationLabel(record.source), kind: 'element' }] };
  }
}

function violationText(v: Violation): string {
  return `${v.direction}: ${v.message}${v.value ? ` (${valueText(v.value)})` : ''}`;
}
