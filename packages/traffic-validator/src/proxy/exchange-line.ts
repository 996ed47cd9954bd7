import type { ExchangeRecord } from '../types.js';

const CODE_SHAPE = /^[A-Z][A-Z0-9_]{0,63}$/;
const PATH_SHAPE = /^\/[A-Za-z0-9/_.-]{0,100}$/;

/**
 * The one stderr line per exchange: operationId, HTTP status, result code, valid or the violation count,
 * latency. Nothing from a body or a header but the result code, and that only when shaped like one.
 */
export function exchangeLine(
  sequence: number,
  record: ExchangeRecord,
  resultCode: string | undefined,
  latencyMs: number,
  error: string | undefined,
): string {
  const what =
    record.operationId ??
    (record.path !== undefined && PATH_SHAPE.test(record.path) ? `${record.method ?? ''} ${record.path}`.trim() : '(unmatched request)');
  const status = record.httpStatus === undefined ? (error ? '502' : '-') : String(record.httpStatus);
  const code = resultCode !== undefined && CODE_SHAPE.test(resultCode) ? ` ${resultCode}` : '';
  const verdict =
    record.status === 'valid'
      ? 'valid'
      : record.status === 'invalid'
        ? `invalid (${record.violations.length} violation${record.violations.length === 1 ? '' : 's'})`
        : record.status;
  const note = error ? ` — ${error}` : record.status === 'unreadable' && record.reason ? ` — ${record.reason}` : '';
  return `#${sequence} ${what} ${status}${code} ${verdict} ${Math.round(latencyMs)} ms${note}\n`;
}
