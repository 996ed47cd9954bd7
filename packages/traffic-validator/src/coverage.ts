import type { OperationUniverse } from '@zoloz-openapi/generated/coverage-universe';
import type { ExchangeObserver } from './exchange-validator.js';
import { UnusableInputError } from './input-stream.js';
import { pointerTokens, resolvePointer } from './json-pointer.js';
import type { Direction } from './types.js';

export type CoverageUniverse = readonly OperationUniverse[];
type EnumValue = string | number | boolean;

/** The coverage universe the build emitted (generated/coverage-universe.json). */
export async function loadCoverageUniverse(): Promise<CoverageUniverse> {
  try {
    return (await import('@zoloz-openapi/generated/coverage-universe')).coverageUniverse;
  } catch {
    throw new UnusableInputError(
      'the generated coverage universe (@zoloz-openapi/generated/coverage-universe) is missing: run `npm run build` in the repository',
    );
  }
}

export interface Covered {
  readonly covered: number;
  readonly total: number;
}

export interface CoverageTotals {
  readonly operations: Covered;
  readonly resultCodes: Covered;
  readonly fields: Covered;
  readonly enumValues: Covered;
}

export interface DirectionFieldCoverage {
  /** Documented fields seen, with the number of occurrences. */
  readonly seen: readonly { readonly pointer: string; readonly count: number }[];
  readonly missing: readonly string[];
}

export interface OperationCoverage {
  readonly operationId: string;
  readonly exchanges: number;
  readonly resultCodes: Covered & {
    readonly seen: readonly { readonly code: string; readonly count: number }[];
    readonly missing: readonly string[];
    /** Codes the operation does not document (shown only when shaped like a code; others counted as `otherUndocumented`). */
    readonly undocumented: readonly { readonly code: string; readonly count: number }[];
    readonly otherUndocumented: number;
  };
  readonly fields: Covered & { readonly request: DirectionFieldCoverage; readonly response: DirectionFieldCoverage };
  readonly enumValues: Covered & {
    readonly seen: readonly {
      readonly direction: Direction;
      readonly pointer: string;
      readonly value: EnumValue;
      readonly count: number;
    }[];
    readonly missing: readonly { readonly direction: Direction; readonly pointer: string; readonly value: EnumValue }[];
  };
}

export interface CoverageReport {
  readonly totals: CoverageTotals;
  readonly operations: readonly OperationCoverage[];
}

interface DirectionCounts {
  readonly fields: Uint32Array;
  readonly enums: Uint32Array;
}

interface OperationCounts {
  readonly exchanges: number;
  readonly codes: readonly (readonly [string, number])[];
  readonly undocumentedCodes: readonly (readonly [string, number])[];
  readonly otherUndocumented: number;
  readonly request: DirectionCounts;
  readonly response: DirectionCounts;
}

/** A collector's counts as plain data: per operation that saw an exchange (see `CoverageCollector.takeCounts`). */
export type CoverageCounts = Readonly<Record<string, OperationCounts>>;

/** A documented field: its index in the direction's list, children by token, `*` for any item or key. */
interface FieldNode {
  readonly index: number;
  readonly children: Map<string, FieldNode>;
  any: FieldNode | undefined;
  values: Map<EnumValue, number> | undefined;
}

interface DirectionTally {
  readonly fields: readonly string[];
  readonly enums: readonly { readonly pointer: string; readonly value: EnumValue }[];
  readonly root: FieldNode;
  readonly fieldCounts: Uint32Array;
  readonly enumCounts: Uint32Array;
}

interface OperationTally {
  readonly universe: OperationUniverse;
  readonly resultCodeTokens: readonly string[];
  readonly request: DirectionTally;
  readonly response: DirectionTally;
  readonly codes: Map<string, number>;
  readonly undocumentedCodes: Map<string, number>;
  otherUndocumented: number;
  exchanges: number;
}

/** Shapes a result code may have to be shown; anything else is only counted (outside strings are not echoed). */
const CODE_SHAPE = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Bound on distinct undocumented codes kept per operation. */
const MAX_UNDOCUMENTED_CODES = 100;

const newNode = (index: number): FieldNode => ({ index, children: new Map(), any: undefined, values: undefined });

function tallyFor(universe: OperationUniverse['request']): DirectionTally {
  const root = newNode(-1);
  const byPointer = new Map<string, FieldNode>([['', root]]);
  universe.fields.forEach((pointer, index) => {
    const tokens = pointerTokens(pointer);
    let node = root;
    tokens.forEach((token, i) => {
      const last = i === tokens.length - 1;
      const existing = token === '*' ? node.any : node.children.get(token);
      // Fields are listed parents first (sorted), so an intermediate node always exists already.
      const next = existing ?? newNode(last ? index : -1);
      if (!existing) {
        if (token === '*') node.any = next;
        else node.children.set(token, next);
      }
      node = next;
    });
    byPointer.set(pointer, node);
  });
  const enums: { pointer: string; value: EnumValue }[] = [];
  for (const { pointer, values } of universe.enums) {
    const node = byPointer.get(pointer);
    if (!node) continue;
    node.values ??= new Map();
    for (const value of values) {
      node.values.set(value, enums.length);
      enums.push({ pointer, value });
    }
  }
  return {
    fields: universe.fields,
    enums,
    root,
    fieldCounts: new Uint32Array(universe.fields.length),
    enumCounts: new Uint32Array(enums.length),
  };
}

/** Counts documented fields and enum values in one body, walking only along documented fields (depth bounded by the schema). */
function countBody(tally: DirectionTally, node: FieldNode, value: unknown): void {
  if (node.values !== undefined && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    const i = node.values.get(value);
    if (i !== undefined) tally.enumCounts[i]! += 1;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const item = node.any;
    if (item === undefined) return;
    for (const element of value) {
      if (item.index >= 0) tally.fieldCounts[item.index]! += 1;
      countBody(tally, item, element);
    }
    return;
  }
  if (node.children.size === 0 && node.any === undefined) return;
  for (const key in value) {
    const child = node.children.get(key) ?? node.any;
    if (child === undefined) continue;
    if (child.index >= 0) tally.fieldCounts[child.index]! += 1;
    countBody(tally, child, (value as Record<string, unknown>)[key]);
  }
}

/**
 * Counts what a stream of validated exchanges covered of the spec: operations, result codes, fields and enum
 * values. Fed as the validator's observer; memory is fixed by the spec (plus a bounded set of unknown codes).
 */
export class CoverageCollector implements ExchangeObserver {
  private readonly operations = new Map<string, OperationTally>();

  constructor(universe: CoverageUniverse) {
    for (const op of universe) {
      this.operations.set(op.operationId, {
        universe: op,
        resultCodeTokens: pointerTokens(op.resultCodePointer),
        request: tallyFor(op.request),
        response: tallyFor(op.response),
        codes: new Map(op.resultCodes.map((c) => [c, 0])),
        undocumentedCodes: new Map(),
        otherUndocumented: 0,
        exchanges: 0,
      });
    }
  }

  observe(operationId: string, request: unknown, response: unknown): void {
    const tally = this.operations.get(operationId);
    if (!tally) return;
    tally.exchanges += 1;
    if (request !== undefined) countBody(tally.request, tally.request.root, request);
    if (response === undefined) return;
    countBody(tally.response, tally.response.root, response);
    const code = resolvePointer(response, tally.resultCodeTokens);
    if (code.found && typeof code.value === 'string') countCode(tally, code.value);
  }

  /** What was counted since the last call, as plain data (to send to another thread); the counts restart at zero. */
  takeCounts(): CoverageCounts {
    const out: Record<string, OperationCounts> = {};
    for (const [operationId, tally] of this.operations) {
      if (tally.exchanges === 0) continue;
      out[operationId] = {
        exchanges: tally.exchanges,
        codes: [...tally.codes].filter(([, n]) => n > 0),
        undocumentedCodes: [...tally.undocumentedCodes],
        otherUndocumented: tally.otherUndocumented,
        request: { fields: tally.request.fieldCounts.slice(), enums: tally.request.enumCounts.slice() },
        response: { fields: tally.response.fieldCounts.slice(), enums: tally.response.enumCounts.slice() },
      };
      tally.exchanges = 0;
      for (const code of tally.codes.keys()) tally.codes.set(code, 0);
      tally.undocumentedCodes.clear();
      tally.otherUndocumented = 0;
      for (const d of [tally.request, tally.response]) {
        d.fieldCounts.fill(0);
        d.enumCounts.fill(0);
      }
    }
    return out;
  }

  /** Adds counts another collector of the same universe took (`takeCounts`). */
  addCounts(counts: CoverageCounts): void {
    for (const [operationId, c] of Object.entries(counts)) {
      const tally = this.operations.get(operationId);
      if (!tally) continue;
      tally.exchanges += c.exchanges;
      for (const [code, n] of c.codes) countCode(tally, code, n);
      for (const [code, n] of c.undocumentedCodes) countCode(tally, code, n);
      tally.otherUndocumented += c.otherUndocumented;
      addInto(tally.request, c.request);
      addInto(tally.response, c.response);
    }
  }

  report(): CoverageReport {
    const operations = [...this.operations.values()].map(operationReport);
    const sum = (pick: (o: OperationCoverage) => Covered): Covered => ({
      covered: operations.reduce((n, o) => n + pick(o).covered, 0),
      total: operations.reduce((n, o) => n + pick(o).total, 0),
    });
    return {
      totals: {
        operations: { covered: operations.filter((o) => o.exchanges > 0).length, total: operations.length },
        resultCodes: sum((o) => o.resultCodes),
        fields: sum((o) => o.fields),
        enumValues: sum((o) => o.enumValues),
      },
      operations,
    };
  }
}

function addInto(tally: DirectionTally, counts: DirectionCounts): void {
  for (let i = 0; i < tally.fieldCounts.length; i += 1) tally.fieldCounts[i]! += counts.fields[i] ?? 0;
  for (let i = 0; i < tally.enumCounts.length; i += 1) tally.enumCounts[i]! += counts.enums[i] ?? 0;
}

function countCode(tally: OperationTally, code: string, count = 1): void {
  const known = tally.codes.get(code);
  if (known !== undefined) {
    tally.codes.set(code, known + count);
    return;
  }
  const seen = tally.undocumentedCodes.get(code);
  if (seen !== undefined) {
    tally.undocumentedCodes.set(code, seen + count);
    return;
  }
  if (!CODE_SHAPE.test(code)) {
    tally.otherUndocumented += count;
    return;
  }
  // The codes kept are the smallest (in code order) seen, whatever the order of the exchanges: so counts merged
  // from worker threads (`--jobs`) equal one thread's. Any other code is counted in otherUndocumented.
  if (tally.undocumentedCodes.size >= MAX_UNDOCUMENTED_CODES) {
    let largest = code;
    for (const kept of tally.undocumentedCodes.keys()) if (kept > largest) largest = kept;
    if (largest === code) {
      tally.otherUndocumented += count;
      return;
    }
    tally.otherUndocumented += tally.undocumentedCodes.get(largest)!;
    tally.undocumentedCodes.delete(largest);
  }
  tally.undocumentedCodes.set(code, count);
}

function fieldReport(tally: DirectionTally): DirectionFieldCoverage {
  const seen: { pointer: string; count: number }[] = [];
  const missing: string[] = [];
  tally.fields.forEach((pointer, i) => {
    const count = tally.fieldCounts[i]!;
    if (count > 0) seen.push({ pointer, count });
    else missing.push(pointer);
  });
  return { seen, missing };
}

function enumReport(
  direction: Direction,
  tally: DirectionTally,
  seen: OperationCoverage['enumValues']['seen'][number][],
  missing: OperationCoverage['enumValues']['missing'][number][],
): void {
  tally.enums.forEach(({ pointer, value }, i) => {
    const count = tally.enumCounts[i]!;
    if (count > 0) seen.push({ direction, pointer, value, count });
    else missing.push({ direction, pointer, value });
  });
}

function operationReport(tally: OperationTally): OperationCoverage {
  const codesSeen = [...tally.codes].filter(([, n]) => n > 0).map(([code, count]) => ({ code, count }));
  const request = fieldReport(tally.request);
  const response = fieldReport(tally.response);
  const enumSeen: OperationCoverage['enumValues']['seen'][number][] = [];
  const enumMissing: OperationCoverage['enumValues']['missing'][number][] = [];
  enumReport('request', tally.request, enumSeen, enumMissing);
  enumReport('response', tally.response, enumSeen, enumMissing);
  return {
    operationId: tally.universe.operationId,
    exchanges: tally.exchanges,
    resultCodes: {
      covered: codesSeen.length,
      total: tally.codes.size,
      seen: codesSeen,
      missing: [...tally.codes].filter(([, n]) => n === 0).map(([code]) => code),
      undocumented: [...tally.undocumentedCodes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, count]) => ({ code, count })),
      otherUndocumented: tally.otherUndocumented,
    },
    fields: {
      covered: request.seen.length + response.seen.length,
      total: tally.request.fields.length + tally.response.fields.length,
      request,
      response,
    },
    enumValues: { covered: enumSeen.length, total: enumSeen.length + enumMissing.length, seen: enumSeen, missing: enumMissing },
  };
}
