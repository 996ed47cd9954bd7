import type { CaptureSource, ExchangeRecord, Summary } from '../types.js';

/** What a report knows about the run besides the records. */
export interface ReportMeta {
  readonly tool: { readonly name: string; readonly version: string };
  /** The capture as named on the command line (`-` for stdin). */
  readonly input: string;
  readonly format: 'har' | 'jsonl';
  readonly gzip: boolean;
  readonly checks: {
    readonly signatures: { readonly request: boolean; readonly response: boolean };
    readonly decryption: boolean;
    readonly flow: boolean;
  };
  readonly showValues: boolean;
}

/**
 * A report writer fed one record at a time. `record` and `finish` return text to emit, so a streaming
 * format (JSON, SARIF) keeps memory flat; grouped formats keep only their groups.
 */
export interface ReportSink {
  start(meta: ReportMeta): string;
  record(record: ExchangeRecord): string;
  finish(summary: Summary): string;
}

export function locationLabel(source: CaptureSource): string {
  return source.format === 'jsonl' ? `line ${source.line}` : `log.entries[${source.entry}]`;
}

export class SummaryCounter {
  total = 0;
  valid = 0;
  invalid = 0;
  undocumented = 0;
  unreadable = 0;
  violations = 0;
  undocumentedFields = 0;

  add(record: ExchangeRecord): void {
    this.total += 1;
    this[record.status] += 1;
    this.violations += record.violations.length;
    this.undocumentedFields += record.undocumentedFields.length;
  }

  summary(): Summary {
    const { total, valid, invalid, undocumented, unreadable, violations, undocumentedFields } = this;
    return { total, valid, invalid, undocumented, unreadable, violations, undocumentedFields };
  }
}

/** 0 when every exchange is valid (undocumented fields alone do not fail), 1 otherwise. */
export function exitCodeFor(summary: Summary): 0 | 1 {
  return summary.invalid + summary.undocumented + summary.unreadable === 0 ? 0 : 1;
}
