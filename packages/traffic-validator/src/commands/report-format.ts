// The report formats every command that writes a traffic report offers, and the sink of each.
import { JsonReport } from '../report/json-report.js';
import { JunitReport } from '../report/junit-report.js';
import { PrettyReport } from '../report/pretty-report.js';
import { SarifReport } from '../report/sarif-report.js';
import type { ReportSink } from '../report/sink.js';

export const REPORT_FORMATS = ['pretty', 'json', 'junit', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function sinkFor(format: ReportFormat): ReportSink {
  if (format === 'json') return new JsonReport();
  if (format === 'junit') return new JunitReport();
  if (format === 'sarif') return new SarifReport();
  return new PrettyReport();
}
