import type { OperationInfo } from './spec-runtime.js';
import type { Violation } from './types.js';

/**
 * Checks across the capture, in input order:
 * - a `…/checkresult` whose `transactionId` no earlier `…/initialize` of the same product returned;
 * - a non-idempotent operation (per the operations table) repeated with the same `bizId` — a retry that
 *   starts a second transaction.
 * The product is the operation path without its last segment (`/api/v1/zoloz/realid`).
 * Memory grows with the number of distinct transaction ids and bizIds, not with the bytes.
 */
const NONE: readonly Violation[] = Object.freeze([]);

export class FlowTracker {
  private readonly transactions = new Map<string, Set<string>>();
  private readonly nonIdempotentSeen = new Map<string, Map<string, number>>();

  private readonly places = new Map<string, { product: string; action: string }>();

  check(operation: OperationInfo, index: number, request: unknown, response: unknown, responseOk: boolean): readonly Violation[] {
    let out: Violation[] | undefined;
    let place = this.places.get(operation.operationId);
    if (!place) {
      place = { product: productOf(operation.path), action: lastSegment(operation.path) };
      this.places.set(operation.operationId, place);
    }
    const { product, action } = place;
    if (action === 'checkresult') {
      const id = stringField(request, 'transactionId');
      if (id !== undefined && !this.transactions.get(product)?.has(id)) {
        (out ??= []).push({
          direction: 'exchange',
          category: 'flow',
          pointer: '/transactionId',
          keyword: 'unknown-transaction',
          message: `${operation.operationId}: transactionId was not returned by any earlier ${product}/initialize in this capture`,
        });
      }
    }
    if (!operation.idempotent) {
      const bizId = stringField(request, 'bizId');
      if (bizId !== undefined) {
        const seen = this.nonIdempotentSeen.get(operation.operationId) ?? new Map<string, number>();
        this.nonIdempotentSeen.set(operation.operationId, seen);
        const earlier = seen.get(bizId);
        if (earlier !== undefined) {
          (out ??= []).push({
            direction: 'exchange',
            category: 'flow',
            pointer: '/bizId',
            keyword: 'repeated-non-idempotent',
            message: `${operation.operationId} is not idempotent and was already sent with the same bizId (exchange #${earlier})`,
          });
        } else {
          seen.set(bizId, index);
        }
      }
    }
    if (action === 'initialize' && responseOk) {
      const id = stringField(response, 'transactionId');
      if (id !== undefined) {
        const set = this.transactions.get(product) ?? new Set<string>();
        this.transactions.set(product, set);
        set.add(id);
      }
    }
    return out ?? NONE;
  }
}

function productOf(path: string): string {
  const cut = path.replace(/\/+$/, '').lastIndexOf('/');
  return cut <= 0 ? '' : path.slice(0, cut);
}

function lastSegment(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
