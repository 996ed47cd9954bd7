import type { CoverageReport, Covered, OperationCoverage } from '../coverage.js';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));

const percent = ({ covered, total }: Covered): string => (total === 0 ? '–' : `${Math.floor((covered / total) * 100)}%`);

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1b1f24}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.2rem .6rem;text-align:left}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.covered td.s{background:#dafbe1}tr.missing td.s{background:#ffebe9}tr.undocumented td.s{background:#fff8c5}
code{font:12px ui-monospace,monospace}`;

interface Row {
  readonly kind: string;
  readonly item: string;
  readonly count: number;
  readonly state: 'covered' | 'missing' | 'undocumented';
}

function rowsOf(op: OperationCoverage): Row[] {
  const rows: Row[] = [];
  for (const s of op.resultCodes.seen) rows.push({ kind: 'result code', item: s.code, count: s.count, state: 'covered' });
  for (const code of op.resultCodes.missing) rows.push({ kind: 'result code', item: code, count: 0, state: 'missing' });
  for (const s of op.resultCodes.undocumented) rows.push({ kind: 'result code', item: s.code, count: s.count, state: 'undocumented' });
  for (const direction of ['request', 'response'] as const) {
    for (const s of op.fields[direction].seen) rows.push({ kind: `${direction} field`, item: s.pointer, count: s.count, state: 'covered' });
    for (const pointer of op.fields[direction].missing)
      rows.push({ kind: `${direction} field`, item: pointer, count: 0, state: 'missing' });
  }
  for (const s of op.enumValues.seen)
    rows.push({ kind: `${s.direction} enum`, item: `${s.pointer} = ${JSON.stringify(s.value)}`, count: s.count, state: 'covered' });
  for (const m of op.enumValues.missing)
    rows.push({ kind: `${m.direction} enum`, item: `${m.pointer} = ${JSON.stringify(m.value)}`, count: 0, state: 'missing' });
  return rows;
}

function summaryRow(label: string, exchanges: string, cells: readonly Covered[]): string {
  const tds = cells.map((c) => `<td class="n">${c.covered}/${c.total}</td><td class="n">${percent(c)}</td>`).join('');
  return `<tr><th scope="row">${escapeHtml(label)}</th><td class="n">${exchanges}</td>${tds}</tr>`;
}

function operationSection(op: OperationCoverage): string {
  const rows = rowsOf(op)
    .map(
      (r) =>
        `<tr class="${r.state}"><td>${escapeHtml(r.kind)}</td><td><code>${escapeHtml(r.item)}</code></td><td class="n">${r.count}</td><td class="s">${r.state}</td></tr>`,
    )
    .join('\n');
  return `<section id="op-${escapeHtml(op.operationId)}" data-operation="${escapeHtml(op.operationId)}">
<h2>${escapeHtml(op.operationId)} — ${op.exchanges} exchange(s)</h2>
<table class="items"><thead><tr><th>kind</th><th>item</th><th>seen</th><th>state</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
}

/** One self-contained offline page (no scripts, no external resources): totals, then a table per operation. */
export function coverageHtml(report: CoverageReport, title: string): string {
  const { totals } = report;
  const summary = [
    ...report.operations.map((o) => summaryRow(o.operationId, String(o.exchanges), [o.resultCodes, o.fields, o.enumValues])),
    summaryRow(
      `total (${totals.operations.covered}/${totals.operations.total} operations)`,
      String(report.operations.reduce((n, o) => n + o.exchanges, 0)),
      [totals.resultCodes, totals.fields, totals.enumValues],
    ),
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<table class="summary"><thead><tr><th>operation</th><th>exchanges</th><th colspan="2">result codes</th><th colspan="2">fields</th><th colspan="2">enum values</th></tr></thead><tbody>
${summary}
</tbody></table>
${report.operations.map(operationSection).join('\n')}
</body></html>
`;
}
