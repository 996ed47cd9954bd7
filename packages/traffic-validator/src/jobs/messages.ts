// What the reader thread and the checking threads (`--jobs`) say to each other: one definition for both sides.
import type { InputLimits } from '@zoloz-openapi/gateway-protocol';
import type { CaptureFormat, RawCaptureItem } from '../capture-reader.js';
import type { CoverageCounts } from '../coverage.js';
import { buildRecord, type CheckedItem } from '../exchange-validator.js';
import { isCleanRecord } from '../report/json-report.js';
import type { TrafficKeys } from '../keys.js';
import type { FlowFacts } from '../flow-tracker.js';
import type { CaptureSource, CheckOutcome, ExchangeRecord } from '../types.js';

/** The first message to a worker: everything that decides a record, so every thread checks alike. */
export interface WorkerInit {
  readonly format: CaptureFormat;
  readonly limits: InputLimits;
  readonly keys: TrafficKeys | undefined;
  readonly showValues: boolean;
  /** The run's one hash key: equal values hash alike whichever thread shows them. */
  readonly hashKey: Uint8Array;
  readonly flow: boolean;
  readonly coverage: boolean;
}

/**
 * Cut items, bytes end to end in one transferred buffer (no copy across threads); per item three numbers:
 * its index, its line (JSONL) or entry (HAR), and where its bytes end.
 */
export interface BatchMessage {
  readonly seq: number;
  readonly bytes: ArrayBuffer;
  readonly meta: Float64Array;
}

export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly reason: string }
  | {
      readonly kind: 'checked';
      readonly seq: number;
      /** The batch's CheckedItems (cheaper to send and read than a structured clone of each). */
      readonly encoded: EncodedChecked;
      /** Coverage counted for this batch (with --coverage), merged by the reader thread. */
      readonly coverage: CoverageCounts | undefined;
    };

const FIELDS = 3;

/** Packs the cut items of a batch (the unreadable ones stay with the reader). */
export function packBatch(seq: number, items: readonly Extract<RawCaptureItem, { kind: 'raw' }>[]): BatchMessage {
  let total = 0;
  for (const item of items) total += item.bytes.length;
  // Its own ArrayBuffer (never Node's shared pool): transferring it must detach nothing else.
  const bytes = new Uint8Array(total);
  const meta = new Float64Array(items.length * FIELDS);
  let at = 0;
  items.forEach((item, i) => {
    bytes.set(item.bytes, at);
    at += item.bytes.length;
    meta[i * FIELDS] = item.index;
    meta[i * FIELDS + 1] = item.source.format === 'har' ? item.source.entry : item.source.line;
    meta[i * FIELDS + 2] = at;
  });
  return { seq, bytes: bytes.buffer, meta };
}

export function unpackBatch(batch: BatchMessage, format: CaptureFormat): Extract<RawCaptureItem, { kind: 'raw' }>[] {
  const all = Buffer.from(batch.bytes);
  const out: Extract<RawCaptureItem, { kind: 'raw' }>[] = [];
  let from = 0;
  for (let i = 0; i < batch.meta.length; i += FIELDS) {
    const position = batch.meta[i + 1]!;
    const end = batch.meta[i + 2]!;
    const source: CaptureSource = format === 'har' ? { format: 'har', entry: position } : { format: 'jsonl', line: position };
    out.push({ kind: 'raw', index: batch.meta[i]!, source, bytes: all.subarray(from, end) });
    from = end;
  }
  return out;
}

const OUTCOMES: readonly CheckOutcome[] = ['passed', 'failed', 'skipped', 'not-applicable'];
const ROW = 6;
const ENCRYPTED = 1;
const HAS_FLOW = 2;
const REFUSED = 4;
const AS_JSON = 8;
const CHECKS_SHIFT = 4;

/**
 * A batch's CheckedItems, encoded for the way back. Most records of a capture are clean (valid, nothing found):
 * those travel as one row of numbers each (index, position, HTTP status, flags with the check outcomes, flow
 * value counts) plus their strings (method, path, operationId, flow values) in one JSON array; any other record
 * travels as JSON. Decoding builds the very records the checks built (same members, same order), cheaply.
 */
export interface EncodedChecked {
  readonly rows: Float64Array;
  /** JSON array: per clean item method, path, operationId, then its flow values (key, carried, returned). */
  readonly strings: string;
  /** JSON array of the other CheckedItems, in order. */
  readonly json: string;
}

export function encodeChecked(checked: readonly CheckedItem[]): EncodedChecked {
  const rows = new Float64Array(checked.length * ROW);
  const strings: (string | null)[] = [];
  let json = '';
  checked.forEach(({ record, flow }, i) => {
    const at = i * ROW;
    const clean = isCleanRecord(record) && record.status === 'valid';
    rows[at] = record.index;
    rows[at + 1] = record.source.format === 'har' ? record.source.entry : record.source.line;
    if (!clean) {
      rows[at + 3] = AS_JSON;
      json += `${json === '' ? '' : ','}{"record":${JSON.stringify(record)},"flow":${flow ? JSON.stringify(flow) : 'null'}}`;
      return;
    }
    const { checks } = record;
    rows[at + 2] = record.httpStatus!;
    rows[at + 3] =
      (record.encrypted ? ENCRYPTED : 0) |
      (flow ? HAS_FLOW : 0) |
      (flow?.refused ? REFUSED : 0) |
      ((OUTCOMES.indexOf(checks.requestSignature) |
        (OUTCOMES.indexOf(checks.responseSignature) << 2) |
        (OUTCOMES.indexOf(checks.decryption) << 4)) <<
        CHECKS_SHIFT);
    strings.push(record.method!, record.path!, record.operationId!);
    if (flow) {
      rows[at + 4] = flow.carried.length;
      rows[at + 5] = flow.returned.length;
      strings.push(flow.key, ...flow.carried, ...flow.returned);
    }
  });
  return { rows, strings: JSON.stringify(strings), json: `[${json}]` };
}

export function decodeChecked(encoded: EncodedChecked, format: CaptureFormat): CheckedItem[] {
  const { rows } = encoded;
  const strings = JSON.parse(encoded.strings) as (string | null)[];
  const others = JSON.parse(encoded.json) as { record: ExchangeRecord; flow: FlowFacts | null }[];
  const out: CheckedItem[] = [];
  let s = 0;
  let o = 0;
  for (let at = 0; at < rows.length; at += ROW) {
    const flags = rows[at + 3]!;
    if (flags & AS_JSON) {
      const item = others[o++]!;
      out.push({ record: item.record, flow: item.flow ?? undefined });
      continue;
    }
    const position = rows[at + 1]!;
    const checks = flags >> CHECKS_SHIFT;
    const operationId = strings[s + 2]!;
    const record = buildRecord({
      index: rows[at]!,
      source: format === 'har' ? { format: 'har', entry: position } : { format: 'jsonl', line: position },
      status: 'valid',
      method: strings[s]!,
      path: strings[s + 1]!,
      operationId,
      httpStatus: rows[at + 2]!,
      encrypted: (flags & ENCRYPTED) !== 0,
      checks: {
        requestSignature: OUTCOMES[checks & 3]!,
        responseSignature: OUTCOMES[(checks >> 2) & 3]!,
        decryption: OUTCOMES[(checks >> 4) & 3]!,
      },
      violations: [],
      undocumentedFields: [],
    });
    s += 3;
    let flow: FlowFacts | undefined;
    if (flags & HAS_FLOW) {
      const carried = rows[at + 4]!;
      const returned = rows[at + 5]!;
      flow = {
        operationId,
        carried: strings.slice(s + 1, s + 1 + carried),
        key: strings[s]!,
        refused: (flags & REFUSED) !== 0,
        returned: strings.slice(s + 1 + carried, s + 1 + carried + returned),
      };
      s += 1 + carried + returned;
    }
    out.push({ record, flow });
  }
  return out;
}
