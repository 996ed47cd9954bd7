import type { ExchangeRecord, ShownValue, Summary, Violation } from '../types.js';
import { locationLabel, type ReportMeta, type ReportSink } from './sink.js';

const EXAMPLES = 3;
/** Bound on distinct groups kept, so a pathological capture cannot grow the report without limit. */
const MAX_GROUPS = 5000;

interface Group {
  readonly title: string;
  readonly detail: string;
  count: number;
  readonly examples: string[];
  value?: ShownValue | undefined;
}

/** Human-readable report: grouped, deduplicated, with counts and a few locations per group. */
export class PrettyReport implements ReportSink {
  private meta: ReportMeta | undefined;
  private readonly violations = new Map<string, Group>();
  private readonly undocumentedOps = new Map<string, Group>();
  private readonly undocumentedFields = new Map<string, Group>();
  private readonly unreadable = new Map<string, Group>();
  private overflow = 0;
  private notDecrypted = 0;
  private requestSigSkipped = 0;
  private responseSigSkipped = 0;
  private readonly passed = { requestSignature: 0, responseSignature: 0, decryption: 0 };

  start(meta: ReportMeta): string {
    this.meta = meta;
    return '';
  }

  record(record: ExchangeRecord): string {
    const where = locationLabel(record.source);
    if (record.status === 'unreadable') {
      this.add(this.unreadable, record.reason ?? 'unreadable', record.reason ?? 'unreadable', '', where);
    } else if (record.status === 'undocumented') {
      this.add(this.undocumentedOps, `${record.method} ${record.path}`, `${record.method} ${record.path}`, record.reason ?? '', where);
    }
    const op = record.operationId ?? '';
    for (const v of record.violations) {
      const pointer = generalise(v.pointer);
      const key = `${op}\u0000${v.direction}\u0000${v.category}\u0000${pointer}\u0000${v.keyword}\u0000${v.message.split(v.pointer).join(pointer)}`;
      const group = this.add(this.violations, key, `${op} ${v.direction}`, describe(v, pointer), where);
      if (group && group.value === undefined && v.value) group.value = v.value;
    }
    for (const f of record.undocumentedFields) {
      const pointer = generalise(f.pointer);
      this.add(this.undocumentedFields, `${op}\u0000${f.direction}\u0000${pointer}`, `${op} ${f.direction}`, pointer, where);
    }
    if (record.checks) {
      if (record.checks.decryption === 'skipped') this.notDecrypted += 1;
      if (record.checks.requestSignature === 'skipped') this.requestSigSkipped += 1;
      if (record.checks.responseSignature === 'skipped') this.responseSigSkipped += 1;
      if (record.checks.requestSignature === 'passed') this.passed.requestSignature += 1;
      if (record.checks.responseSignature === 'passed') this.passed.responseSignature += 1;
      if (record.checks.decryption === 'passed') this.passed.decryption += 1;
    }
    return '';
  }

  finish(summary: Summary): string {
    const lines: string[] = [];
    const meta = this.meta;
    if (meta)
      lines.push(
        `${meta.tool.name} ${meta.tool.version}: ${meta.input === '-' ? 'stdin' : meta.input} (${meta.format}${meta.gzip ? ', gzip' : ''})`,
        '',
      );
    section(lines, 'Violations', this.violations, true);
    section(lines, 'Undocumented operations (not in the spec; bodies not validated)', this.undocumentedOps, false);
    section(lines, 'Undocumented fields (accepted, reported: the spec does not list them)', this.undocumentedFields, false);
    section(lines, 'Unreadable items', this.unreadable, false);
    if (this.overflow > 0)
      lines.push(`(${this.overflow} further occurrences fell outside the first ${MAX_GROUPS} distinct groups; see --format json)`, '');
    const skipped: string[] = [];
    if (this.notDecrypted > 0)
      skipped.push(
        `${this.notDecrypted} exchange(s) with encrypted bodies were not decrypted, so not validated (give --keys with merchantPrivateKey)`,
      );
    if (this.requestSigSkipped > 0)
      skipped.push(`${this.requestSigSkipped} request signature(s) not verified (give --keys with merchantPublicKey)`);
    if (this.responseSigSkipped > 0)
      skipped.push(`${this.responseSigSkipped} response signature(s) not verified (give --keys with zolozPublicKey)`);
    if (skipped.length > 0) lines.push('Not checked', ...skipped.map((s) => `  - ${s}`), '');
    const { requestSignature, responseSignature, decryption } = this.passed;
    if (requestSignature + responseSignature + decryption > 0) {
      lines.push(
        `Verified: ${requestSignature} request signature(s), ${responseSignature} response signature(s); decrypted: ${decryption} exchange(s)`,
        '',
      );
    }
    if (meta && !meta.showValues)
      lines.push('Values of personal fields are redacted (type, length, keyed hash); --show-values shows them.');
    lines.push(
      `Summary: ${summary.total} exchange(s): ${summary.valid} valid, ${summary.invalid} invalid, ${summary.undocumented} undocumented, ${summary.unreadable} unreadable` +
        ` (${summary.violations} violation(s), ${summary.undocumentedFields} undocumented field(s))`,
    );
    return `${lines.join('\n')}\n`;
  }

  private add(map: Map<string, Group>, key: string, title: string, detail: string, where: string): Group | undefined {
    let group = map.get(key);
    if (!group) {
      if (map.size >= MAX_GROUPS) {
        this.overflow += 1;
        return undefined;
      }
      group = { title, detail, count: 0, examples: [] };
      map.set(key, group);
    }
    group.count += 1;
    if (group.examples.length < EXAMPLES) group.examples.push(where);
    return group;
  }
}

/** Array indices become `*` so `/items/0` and `/items/7` group together. */
function generalise(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}

function describe(v: Violation, pointer: string): string {
  const message = v.message.split(v.pointer).join(pointer);
  return `[${v.category}/${v.keyword}] ${message}`;
}

function showValue(value: ShownValue): string {
  if (value.shown === 'value') return `value ${JSON.stringify(value.value)}`;
  const parts = [`${value.type}`, `length ${value.length}`];
  if (value.hash) parts.push(`hash ${value.hash}`);
  if (value.personal) parts.push(`personal: ${value.personal}`);
  return `value redacted (${parts.join(', ')})`;
}

function section(lines: string[], heading: string, groups: Map<string, Group>, withValues: boolean): void {
  if (groups.size === 0) return;
  const total = [...groups.values()].reduce((n, g) => n + g.count, 0);
  lines.push(`${heading}: ${groups.size} distinct, ${total} occurrence(s)`);
  const byTitle = new Map<string, Group[]>();
  for (const group of groups.values()) byTitle.set(group.title, [...(byTitle.get(group.title) ?? []), group]);
  for (const [title, list] of [...byTitle.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (title.trim() !== '' && list.some((g) => g.detail !== '')) lines.push(`  ${title}`);
    for (const group of list.sort((a, b) => b.count - a.count)) {
      const label = group.detail === '' ? group.title : group.detail;
      const more = group.count > group.examples.length ? ` (+${group.count - group.examples.length} more)` : '';
      lines.push(`    x${group.count}  ${label}`);
      lines.push(`         at ${group.examples.join(', ')}${more}${withValues && group.value ? `; first ${showValue(group.value)}` : ''}`);
    }
  }
  lines.push('');
}
