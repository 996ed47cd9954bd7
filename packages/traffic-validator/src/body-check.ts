import { isSafeShape, type UntrustedDisplay } from '@zoloz-openapi/gateway-protocol';
import { appendToken, escapeToken, pointerTokens, resolvePointer } from './json-pointer.js';
import { overflowLiteralAt } from './number-literal.js';
import { personalClassOf, type Redactor } from './redaction.js';
import type { AjvError, PersonalField, Validator } from './spec-runtime.js';
import type { Direction, UndocumentedField, Violation } from './types.js';

export interface BodyValidators {
  readonly normal: Validator;
  /** Same schema with `unevaluatedProperties: false` on documented objects. */
  readonly strict: Validator | undefined;
}

export interface BodyOutcome {
  readonly violations: Violation[];
  readonly undocumented: UndocumentedField[];
}

/**
 * Validates one parsed body. The strict validator runs first: when it passes (the common case) the body
 * is valid with nothing undocumented, at the cost of one validation. Otherwise its `unevaluatedProperties`
 * errors are the undocumented fields, and the normal validator gives the real violations — strict
 * errors are not reused for those, since an unknown field inside a oneOf branch can surface as a oneOf error.
 */
/** The outcome of a valid body with nothing undocumented: shared, never mutated (the common case allocates nothing). */
const CLEAN: BodyOutcome = Object.freeze({
  violations: Object.freeze([]) as unknown as Violation[],
  undocumented: Object.freeze([]) as unknown as UndocumentedField[],
});

export function checkBody(
  direction: Direction,
  data: unknown,
  /** The body's source text, for showing numbers JSON cannot carry (`1e400`). */
  text: string,
  validators: BodyValidators,
  marks: readonly PersonalField[] | undefined,
  redactor: Redactor,
): BodyOutcome {
  if (validators.strict?.(data)) return CLEAN;
  const undocumented: UndocumentedField[] = [];
  if (validators.strict) {
    let onlyUnevaluated = true;
    for (const error of validators.strict.errors ?? []) {
      if (error.keyword === 'unevaluatedProperties') {
        const field = error.params.unevaluatedProperty;
        if (typeof field === 'string')
          undocumented.push({ direction, pointer: shownPointer(appendToken(error.instancePath, field), redactor.display) });
      } else {
        onlyUnevaluated = false;
      }
    }
    if (onlyUnevaluated) return { violations: [], undocumented: dedupe(undocumented) };
  }
  if (validators.normal(data)) return { violations: [], undocumented: dedupe(undocumented) };
  // Ajv adds an `if` error beside the errors of the `then`/`else` branch that failed; it names no field and
  // would show the whole body, so only the branch's own errors are reported.
  const violations = (validators.normal.errors ?? [])
    .filter((error) => error.keyword !== 'if')
    .map((error) => toViolation(direction, data, text, error, marks, redactor));
  return { violations, undocumented: dedupe(undocumented) };
}

function toViolation(
  direction: Direction,
  data: unknown,
  text: string,
  error: AjvError,
  marks: readonly PersonalField[] | undefined,
  redactor: Redactor,
): Violation {
  // A missing or forbidden property is reported at the property itself, the pointer a reader looks for.
  const property =
    error.keyword === 'required'
      ? error.params.missingProperty
      : error.keyword === 'additionalProperties'
        ? error.params.additionalProperty
        : undefined;
  const pointer = typeof property === 'string' ? appendToken(error.instancePath, property) : error.instancePath;
  const tokens = pointerTokens(pointer);
  const shown = shownPointer(pointer, redactor.display);
  const base: Violation = { direction, category: 'schema', pointer: shown, keyword: error.keyword, message: plainMessage(error, shown) };
  if (error.keyword === 'required') return base;
  const resolved = resolvePointer(data, tokens);
  if (!resolved.found) return base;
  const literal = typeof resolved.value === 'number' && !Number.isFinite(resolved.value) ? overflowLiteralAt(text, tokens) : undefined;
  return { ...base, value: redactor.show(resolved.value, personalClassOf(marks, tokens), literal) };
}

/**
 * A pointer as reported: its tokens are the body's own keys, outside strings like any other, so each is shown by
 * the display rule (a field name: `[A-Za-z0-9_.-]`, at most 64 characters; array indexes), else redacted.
 */
function shownPointer(pointer: string, display: UntrustedDisplay): string {
  if (pointer === '') return pointer;
  const tokens = pointerTokens(pointer);
  if (tokens.every((t) => isSafeShape(t, 'parameterName'))) return pointer;
  return tokens.map((t) => `/${isSafeShape(t, 'parameterName') ? escapeToken(t) : display.text(t, 'parameterName')}`).join('');
}

/** Ajv's message with the field named; enum/const lists come from the schema, never from the data. */
function plainMessage(error: AjvError, pointer: string): string {
  const field = pointer === '' ? 'body' : pointer;
  const message = error.message ?? `fails ${error.keyword}`;
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
    return `${field} ${message}: ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (error.keyword === 'required') return `${field} is required but missing`;
  if (error.keyword === 'additionalProperties') return `${field} is not allowed here`;
  if (error.keyword === 'false schema') return `${field} must be absent here (a conditional rule of the contract)`;
  return `${field} ${message}`;
}

function dedupe(fields: UndocumentedField[]): UndocumentedField[] {
  if (fields.length < 2) return fields;
  const seen = new Set<string>();
  return fields.filter((f) => {
    if (seen.has(f.pointer)) return false;
    seen.add(f.pointer);
    return true;
  });
}
