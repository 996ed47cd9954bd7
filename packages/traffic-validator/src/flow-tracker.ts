import { createHash } from 'node:crypto';
import { pointerTokens, resolvePointer } from './json-pointer.js';
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

/**
 * What the flow checks need of one exchange: a few bounded strings cut from its parsed bodies. Cutting them
 * (`FlowRules.facts`) needs no state, so it runs wherever the bodies were parsed (a worker thread with
 * `--jobs`); judging them (`FlowTracker.check`) needs the whole capture in input order, so it runs in one place.
 */
export interface FlowFacts {
  readonly operationId: string;
  /** Per carried rule of the operation, in table order: the request's value (kept form), or null. */
  readonly carried: readonly (string | null)[];
  /** The non-idempotent key (kept form), when the operation has one and the request has all its fields; else null. */
  readonly key: string | null;
  /** The gateway refused the call (`F` with one of the step's refusing codes). */
  readonly refused: boolean;
  /** Per response pointer the operation is a source of, in table order: the value returned (kept form), or null. */
  readonly returned: readonly (string | null)[];
}

const NONE: readonly Violation[] = Object.freeze([]);
const NO_VALUES: readonly (string | null)[] = Object.freeze([]);
const EMPTY_TABLE: FlowTable = { carried: [], nonRepeatable: [] };
// Values are kept as they are up to this length, else as a digest: memory per value is bounded.
const MAX_KEPT_VALUE = 128;

type Carried = FlowTable['carried'][number] & {
  readonly tokens: readonly string[];
  /** `sourceKey` of each source, in order: where `remember` keeps what it returned. */
  readonly sourceKeys: readonly string[];
};
type NonRepeatable = FlowTable['nonRepeatable'][number] & { readonly tokens: readonly (readonly string[])[] };
interface Source {
  readonly key: string;
  readonly tokens: readonly string[];
}

/** The flows table compiled per operation: pointers split once, not per exchange. */
export class FlowRules {
  readonly carriedBy = new Map<string, readonly Carried[]>();
  readonly sourcesOf = new Map<string, readonly Source[]>();
  readonly nonRepeatable = new Map<string, NonRepeatable>();

  constructor(table: FlowTable = EMPTY_TABLE) {
    const carried = new Map<string, Carried[]>();
    const sources = new Map<string, Source[]>();
    for (const c of table.carried) {
      const compiled = {
        ...c,
        tokens: pointerTokens(c.requestPointer),
        sourceKeys: c.sources.map((s) => sourceKey(s.operationId, s.responsePointer)),
      };
      carried.set(c.operationId, [...(carried.get(c.operationId) ?? []), compiled]);
      for (const s of c.sources) {
        const list = sources.get(s.operationId) ?? [];
        const key = sourceKey(s.operationId, s.responsePointer);
        if (!list.some((x) => x.key === key)) list.push({ key, tokens: pointerTokens(s.responsePointer) });
        sources.set(s.operationId, list);
      }
    }
    for (const [id, list] of carried) this.carriedBy.set(id, list);
    for (const [id, list] of sources) this.sourcesOf.set(id, list);
    for (const n of table.nonRepeatable) this.nonRepeatable.set(n.operationId, { ...n, tokens: n.keyPointers.map(pointerTokens) });
  }

  /** The facts of one exchange whose request body was read; `response` only when it is a readable 200. */
  facts(operationId: string, request: unknown, response: unknown): FlowFacts {
    const carried = this.carriedBy.get(operationId);
    const step = this.nonRepeatable.get(operationId);
    const sources = this.sourcesOf.get(operationId);
    // Absent values are null, not undefined: facts travel between threads as JSON.
    let key: string | null = null;
    if (step) {
      const parts = step.tokens.map((t) => stringAt(request, t));
      // One field (every step today) is its own key; several are joined unambiguously.
      if (!parts.includes(undefined)) key = keep(parts.length === 1 ? parts[0]! : JSON.stringify(parts));
    }
    return {
      operationId,
      carried: carried ? carried.map((c) => keptAt(request, c.tokens)) : NO_VALUES,
      key,
      refused: step !== undefined && response !== undefined && refused(response, step.refusedBy),
      returned: sources && response !== undefined ? sources.map((s) => keptAt(response, s.tokens)) : NO_VALUES,
    };
  }
}

/**
 * Checks across the capture, in input order, from the flows table:
 * - a request value a flow carries (e.g. `transactionId`) that no earlier response of its source operations returned;
 * - a non-idempotent operation sent again with the same key (e.g. `bizId`) — a retry that starts a second
 *   transaction — unless the gateway refused the earlier call (`F` with a gateway code such as `SIGNATURE_INVALID`).
 * Memory grows with the number of distinct values seen (each bounded), not with the bytes.
 */
export class FlowTracker {
  readonly rules: FlowRules;
  /** Per source (`operationId pointer`): the values its responses returned. */
  private readonly returned = new Map<string, Set<string>>();
  /** Per non-idempotent operation: key → the exchange that first sent it. */
  private readonly sent = new Map<string, Map<string, number>>();

  constructor(table: FlowTable = EMPTY_TABLE) {
    this.rules = new FlowRules(table);
  }

  check(facts: FlowFacts, index: number): readonly Violation[] {
    const out: Violation[] = [];
    const carried = this.rules.carriedBy.get(facts.operationId) ?? [];
    for (let i = 0; i < carried.length; i += 1) {
      const v = this.unknownCarried(carried[i]!, facts.carried[i]);
      if (v) out.push(v);
    }
    const step = this.rules.nonRepeatable.get(facts.operationId);
    if (step && facts.key !== null) {
      const v = this.repeated(step, index, facts.key, facts.refused);
      if (v) out.push(v);
    }
    this.remember(facts);
    return out.length === 0 ? NONE : out;
  }

  private unknownCarried(c: Carried, value: string | null | undefined): Violation | undefined {
    if (value === null || value === undefined) return undefined;
    if (c.sourceKeys.some((k) => this.returned.get(k)?.has(value))) return undefined;
    const field = c.requestPointer.slice(1);
    return {
      direction: 'exchange',
      category: 'flow',
      pointer: c.requestPointer,
      keyword: 'unknown-transaction',
      message: `${c.operationId}: ${field} was not returned by any earlier ${c.sources.map((s) => s.operationId).join(' or ')} in this capture`,
    };
  }

  private repeated(step: NonRepeatable, index: number, key: string, wasRefused: boolean): Violation | undefined {
    let seen = this.sent.get(step.operationId);
    if (!seen) {
      seen = new Map<string, number>();
      this.sent.set(step.operationId, seen);
    }
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
    if (!wasRefused) seen.set(key, index);
    return undefined;
  }

  private remember(facts: FlowFacts): void {
    const sources = this.rules.sourcesOf.get(facts.operationId);
    if (!sources) return;
    for (let i = 0; i < facts.returned.length; i += 1) {
      const value = facts.returned[i];
      if (value === null || value === undefined) continue;
      const k = sources[i]!.key;
      let set = this.returned.get(k);
      if (!set) {
        set = new Set<string>();
        this.returned.set(k, set);
      }
      set.add(value);
    }
  }
}

const RESULT_STATUS = ['result', 'resultStatus'];
const RESULT_CODE = ['result', 'resultCode'];

function refused(response: unknown, codes: readonly string[]): boolean {
  const code = stringAt(response, RESULT_CODE);
  return stringAt(response, RESULT_STATUS) === 'F' && code !== undefined && codes.includes(code);
}

const sourceKey = (operationId: string, pointer: string): string => `${operationId} ${pointer}`;

function keep(value: string): string {
  return value.length <= MAX_KEPT_VALUE ? value : `sha256:${createHash('sha256').update(value).digest('base64')}`;
}

/** The string at a JSON pointer (as tokens) inside a parsed body, else undefined: the one pointer rule. */
function stringAt(body: unknown, tokens: readonly string[]): string | undefined {
  const at = resolvePointer(body, tokens);
  return at.found && typeof at.value === 'string' ? at.value : undefined;
}

function keptAt(body: unknown, tokens: readonly string[]): string | null {
  const value = stringAt(body, tokens);
  return value === undefined ? null : keep(value);
}
