import { DEFAULT_LIMITS, quoteUntrusted } from '@zoloz-openapi/gateway-protocol';
import { ExchangeValidator, type ValidatorOptions } from './exchange-validator.js';
import { checkBody } from './body-check.js';
import { parseJsonSafely } from './safe-json.js';
import type { SpecRuntime } from './spec-runtime.js';
import type { Direction, UndocumentedField, Violation } from './types.js';

export class UnknownOperationError extends Error {
  override readonly name = 'UnknownOperationError';
}

export interface BodyReport {
  readonly operationId: string;
  readonly direction: Direction;
  readonly valid: boolean;
  readonly violations: readonly Violation[];
  readonly undocumentedFields: readonly UndocumentedField[];
}

/**
 * Validates one JSON body against one operation's request or response schema. Throws
 * UnknownOperationError for an operationId the spec does not have; a body that is not JSON is a
 * `body/json` violation, so callers decide whether that is unusable input.
 */
export function validateBody(
  spec: SpecRuntime,
  operationId: string,
  direction: Direction,
  text: string,
  options: ValidatorOptions = {},
): BodyReport {
  const validator = new ExchangeValidator(spec, { ...options, flow: false });
  const prepared = validator.operation(operationId);
  if (!prepared) {
    const known = spec.operations.map((o) => o.operationId).join(', ');
    throw new UnknownOperationError(`unknown operation ${quoteUntrusted(operationId, 'text')} (the spec has: ${known})`);
  }
  const parsed = parseJsonSafely(text, options.limits?.depth ?? DEFAULT_LIMITS.depth);
  if (!parsed.ok) {
    const violation: Violation = {
      direction,
      category: 'body',
      pointer: '',
      keyword: 'json',
      message: `the ${direction} body is ${parsed.error}`,
    };
    return { operationId, direction, valid: false, violations: [violation], undocumentedFields: [] };
  }
  const outcome = checkBody(
    direction,
    parsed.value,
    text,
    direction === 'request' ? prepared.request : prepared.response,
    direction === 'request' ? prepared.requestMarks : prepared.responseMarks,
    validator.redactor,
  );
  return {
    operationId,
    direction,
    valid: outcome.violations.length === 0,
    violations: outcome.violations,
    undocumentedFields: outcome.undocumented,
  };
}
