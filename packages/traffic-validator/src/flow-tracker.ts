import { createHash } from 'node:crypto';
import type { OperationInfo } from './spec-runtime.js';
import type { Violation } from './types.js';

/**
 * The flows table (`@zoloz-openapi/generated/flows`), derived by the build from the Arazzo description
 * (`openapi/zoloz.arazzo.yaml`): what the cross-exchange checks need, so a new flow needs no code here.
 */
export interface FlowTable {
  /** A request value that a step takes from an earlier step's response (checkresult's `transactionId`). */
  readonly carried: readonly {
    readonly operationId: string;
    readonly requestPointer: string;
    readonly sources: readonly { readonly operationId: string; readonly responsePointer: string }[];
  }[];
  /** A non-idempotent step, keyed by the request fields bound to its workflow's inputs (`/bizId`). */
  readonly nonRepeatable: readonly {
    readonly operationId: string;
    readonly keyPointers: readonly string[];
    /** Result codes of an `F` answer that mean the gateway refused the call (it is then no call to repeat). */
    readonly refusedBy: readonly string[];
  }[];
}

const NONE: readonly Violation[] = Object.freeze([]);
const EMPTY_TABLE: FlowTable = { carried: [], nonRepeatable: [] };
// Values are kept as they are up to this length, else as a digest: memory per value is bounded.
const MAX_KEPT_VALUE = 128;

type Carried = FlowTable['carried'][number];
type NonRepeatable = FlowTable['nonRepeatable'][number];

/**
 * Checks across the capture, in input order, from the flows table:
 * - a request value a flow carries (e.g. `transactionId`) that no earlier response of its source operations returned;
 * - a non-idempotent operation sent again with the same key (e.g. `bizId`) — a retry that starts a second
 *   transaction — unless the gateway refused the earlier call (`F` with a gateway code such as `SIGNATURE_INVALID`).
 * Memory grows with the number of distinct values seen (each bounded), not with the bytes.
 */
export class FlowTracker {
  private readonly carriedBy = new Map<string, Carried[]>();
  private readonly sourcesOf = new Map<string, string[]>();
  private readonly nonRepeatable = new Map<string, NonRepeatable>();
  /** Per source (`operationId pointer`): the values its responses returned. */
  private readonly returned = new Map<string, Set<string>>();
  /** Per non-idempotent operation: key → the exchange that first sent it. */
  private readonly sent = new Map<string, Map<string, number>>();

  constructor(table: FlowTable = EMPTY_TABLE) {
    for (const c of table.carried) {
      this.carriedBy.set(c.operationId, [...(this.carriedBy.get(c.operationId) ?? []), c]);
      for (const s of c.sources) this.sourcesOf.set(s.operationId, [...(this.sourcesOf.get(s.operationId) ?? []), s.responsePointer]);
    }
    for (const n of table.nonRepeatable) this.nonRepeatable.set(n.operationId, n);
  }

  check(operation: OperationInfo, index: number, request: unknown, response: unknown, responseOk: boolean): readonly Violation[] {
    let out: Violation[] | undefined;
    for (const c of this.carriedBy.get(operation.operationId) ?? []) {
      const v = this.unknownCarried(c, request);
      if (v) {
        out ??= [];
        out.push(v);
      }
    }
    const step = this.nonRepeatable.get(operation.operationId);
    if (step) {
      const v = this.repeated(step, index, request, responseOk ? response : undefined);
      if (v) {
        out ??= [];
        out.push(v);
      }
    }
    if (responseOk) this.remember(operation.operationId, response);
    return out ?? NONE;
  }

  private unknownCarried(c: Carried, request: unknown): Violation | undefined {
    const value = stringAt(request, c.requestPointer);
    if (value === undefined) return undefined;
    const kept = keep(value);
    if (c.sources.some((s) => this.returned.get(sourceKey(s.operationId, s.responsePointer))?.has(kept))) return undefined;
    const field = c.requestPointer.slice(1);
    return {
      direction: 'exchange',
      category: 'flow',
      pointer: c.requestPointer,
      keyword: 'unknown-transaction',
      message: `${c.operationId}: ${field} was not returned by any earlier ${c.sources.map((s) => s.operationId).join(' or ')} in this capture`,
    };
  }

  private repeated(step: NonRepeatable, index: number, request: unknown, response: unknown): Violation | undefined {
    const parts = step.keyPointers.map((p) => stringAt(request, p));
    if (parts.some((p) => p === undefined)) return undefined;
    const key = keep(JSON.stringify(parts));
    const seen = this.sent.get(step.operationId) ?? new Map<string, number>();
    this.sent.set(step.operationId, seen);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      return {
        direction: 'exchange',
        category: 'flow',
        pointer: step.keyPointers[0]!,
        keyword: 'repeated-non-idempotent',
        message: `${step.operationId} is not idempotent and was already sent with the same ${step.keyPointers.map((p) => p.slice(1)).join(', ')} (exchange #${earlier})`,
      };
    }
    // A call the gateway refused started nothing: sending it again is not a repeat.
    if (!refused(response, step.refusedBy)) seen.set(key, index);
    return undefined;
  }

  private remember(operationId: string, response: unknown): void {
    for (const pointer of this.sourcesOf.get(operationId) ?? []) {
      const value = stringAt(response, pointer);
      if (value === undefined) continue;
      const k = sourceKey(operationId, pointer);
      const set = this.returned.get(k) ?? new Set<string>();
      this.returned.set(k, set);
      set.add(keep(value));
    }
  }
}

function refused(response: unknown, codes: readonly string[]): boolean {
  const result = fieldOf(response, 'result');
  return fieldOf(result, 'resultStatus') === 'F' && codes.includes(fieldOf(result, 'resultCode') as string);
}

const sourceKey = (operationId: string, pointer: string): string => `${operationId} ${pointer}`;

function keep(value: string): string {
  return value.length <= MAX_KEPT_VALUE ? value : `sha256:${createHash('sha256').update(value).digest('base64')}`;
}

function fieldOf(node: unknown, name: string): unknown {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, name)
    ? (node as Record<string, unknown>)[name]
    : undefined;
}

/** The string at a JSON pointer (`/a/b`) inside a parsed body, else undefined. */
function stringAt(body: unknown, pointer: string): string | undefined {
  let node = body;
  for (const raw of pointer.split('/').slice(1)) node = fieldOf(node, raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  return typeof node === 'string' ? node : undefined;
}
