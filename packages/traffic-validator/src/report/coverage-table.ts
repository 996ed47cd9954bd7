import type { CoverageReport, Covered } from '../coverage.js';

const percent = ({ covered, total }: Covered): string => (total === 0 ? '-' : `${Math.floor((covered / total) * 100)}%`);
const cell = (c: Covered): string => `${c.covered}/${c.total} ${percent(c)}`;

/** The coverage section of the pretty report: one row per operation, then the totals. */
export function coverageTable(report: CoverageReport): string {
  const header = ['operation', 'exchanges', 'result codes', 'fields', 'enum values'];
  const rows = report.operations.map((o) => [o.operationId, String(o.exchanges), cell(o.resultCodes), cell(o.fields), cell(o.enumValues)]);
  const { totals } = report;
  rows.push([
    `total (${totals.operations.covered}/${totals.operations.total} operations)`,
    String(report.operations.reduce((n, o) => n + o.exchanges, 0)),
    cell(totals.resultCodes),
    cell(totals.fields),
    cell(totals.enumValues),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return `${['Coverage (documented items seen at least once; --coverage writes the lists)', line(header), ...rows.map(line), ''].join('\n')}\n`;
}
