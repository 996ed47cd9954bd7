import type { ExchangeRecord, ShownValue, Summary, Violation } from '../types.js';
import { locationLabel, type ReportMeta, type ReportSink } from './sink.js';
import { escapeXml } from './xml.js';

/**
 * JUnit XML: one <testsuite> per operation (plus "undocumented" and "unreadable"), one <testcase> per
 * exchange. Suite counts go in the opening tags, so test cases are kept (one short string each) until
 * the end; this is the one format whose memory grows with the number of exchanges.
 */
export class JunitReport implements ReportSink {
  private readonly suites = new Map<string, { cases: string[]; failures: number; errors: number }>();
  private meta: ReportMeta | undefined;

  start(meta: ReportMeta): string {
    this.meta = meta;
    return '';
  }

  record(record: ExchangeRecord): string {
    const suiteName =
      record.status === 'unreadable'
        ? 'unreadable'
        : record.status === 'undocumented'
          ? 'undocumented-operations'
          : (record.operationId ?? 'unknown');
    const suite = this.suites.get(suiteName) ?? { cases: [], failures: 0, errors: 0 };
    this.suites.set(suiteName, suite);
    const where = locationLabel(record.source);
    const name = escapeXml(`${where}${record.method ? ` ${record.method} ${record.path}` : ''}${record.id ? ` (${record.id})` : ''}`);
    const open = `    <testcase classname="${escapeXml(`zoloz.${suiteName}`)}" name="${name}"`;
    if (record.status === 'unreadable') {
      suite.errors += 1;
      suite.cases.push(`${open}>\n      <error type="unreadable" message="${escapeXml(record.reason ?? 'unreadable')}"/>\n    </testcase>`);
    } else if (record.status === 'undocumented') {
      suite.failures += 1;
      suite.cases.push(
        `${open}>\n      <failure type="undocumented-operation" message="${escapeXml(record.reason ?? '')}"/>\n    </testcase>`,
      );
    } else if (record.status === 'invalid') {
      suite.failures += 1;
      const body = record.violations.map(violationLine).join('\n');
      const extra = undocumentedOut(record);
      suite.cases.push(
        `${open}>\n      <failure type="invalid" message="${record.violations.length} violation(s)">${escapeXml(body)}</failure>${extra}\n    </testcase>`,
      );
    } else {
      const extra = undocumentedOut(record);
      suite.cases.push(extra === '' ? `${open}/>` : `${open}>${extra}\n    </testcase>`);
    }
    return '';
  }

  finish(summary: Summary): string {
    const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
    const toolName = escapeXml(this.meta ? `${this.meta.tool.name} ${this.meta.input}` : 'validate-traffic');
    out.push(
      `<testsuites name="${toolName}" tests="${summary.total}" failures="${summary.invalid + summary.undocumented}" errors="${summary.unreadable}">`,
    );
    for (const [name, suite] of [...this.suites.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(
        `  <testsuite name="${escapeXml(name)}" tests="${suite.cases.length}" failures="${suite.failures}" errors="${suite.errors}" skipped="0">`,
      );
      out.push(...suite.cases);
      out.push('  </testsuite>');
    }
    out.push('</testsuites>');
    return `${out.join('\n')}\n`;
  }
}

function violationLine(v: Violation): string {
  return `${v.direction} ${v.pointer === '' ? '(body)' : v.pointer} [${v.category}/${v.keyword}] ${v.message}${v.value ? ` (${valueText(v.value)})` : ''}`;
}

function undocumentedOut(record: ExchangeRecord): string {
  if (record.undocumentedFields.length === 0) return '';
  const text = record.undocumentedFields.map((f) => `undocumented ${f.direction} field ${f.pointer}`).join('\n');
  return `\n      <system-out>${escapeXml(text)}</system-out>`;
}

export function valueText(value: ShownValue): string {
  if (value.shown === 'value') return `value ${JSON.stringify(value.value)}`;
  return `redacted ${value.type}, length ${value.length}${value.hash ? `, hash ${value.hash}` : ''}${value.personal ? `, personal: ${value.personal}` : ''}`;
}
