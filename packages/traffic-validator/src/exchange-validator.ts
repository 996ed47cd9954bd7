import { DEFAULT_LIMITS, type InputLimits } from '@zoloz-openapi/gateway-protocol';
import { checkBody, type BodyValidators } from './body-check.js';
import { FlowTracker } from './flow-tracker.js';
import { encryptionModeViolation } from './encryption-mode.js';
import { checkGatewayHeaders } from './header-check.js';
import type { TrafficKeys } from './keys.js';
import { OperationMatcher, signedPathOf } from './operation-matcher.js';
import { checkProtocol } from './protocol-check.js';
import { Redactor, type RedactionOptions } from './redaction.js';
import { parseJsonSafely } from './safe-json.js';
import { validatorNamed, type OperationInfo, type PersonalField, type SpecRuntime } from './spec-runtime.js';
import type { CaptureItem, Direction, Exchange, ExchangeRecord, UndocumentedField, Violation } from './types.js';

export interface ValidatorOptions extends RedactionOptions {
  /** Input limits (nesting depth of bodies; the readers' item and decompression limits); the defaults otherwise. */
  readonly limits?: InputLimits | undefined;
  readonly keys?: TrafficKeys | undefined;
  /** Cross-exchange checks (unknown transactionId, repeated non-idempotent calls); on by default. */
  readonly flow?: boolean;
  /** Sees the parsed (decrypted) bodies of every exchange that matched an operation, e.g. to count coverage. */
  readonly observer?: ExchangeObserver | undefined;
}

export interface ExchangeObserver {
  /** Bodies are undefined when absent, unreadable or still encrypted. */
  observe(operationId: string, request: unknown, response: unknown): void;
}

interface PreparedOperation {
  readonly operation: OperationInfo;
  readonly request: BodyValidators;
  readonly response: BodyValidators;
  /** Validators for documented non-200 statuses (`default` included). */
  readonly otherResponses: ReadonlyMap<string, BodyValidators>;
  readonly requestMarks: readonly PersonalField[] | undefined;
  readonly responseMarks: readonly PersonalField[] | undefined;
}

/** Turns capture items into report records, one for one, in order. Stateful only for the flow checks. */
export class ExchangeValidator {
  private readonly matcher: OperationMatcher;
  private readonly prepared = new Map<string, PreparedOperation>();
  private readonly flow: FlowTracker | undefined;
  private readonly gatewayErrorCodes: ReadonlySet<string>;
  readonly redactor: Redactor;

  constructor(
    private readonly spec: SpecRuntime,
    private readonly options: ValidatorOptions = {},
  ) {
    this.matcher = new OperationMatcher(spec.operations);
    this.redactor = new Redactor(options);
    this.flow = options.flow === false ? undefined : new FlowTracker(spec.flows);
    this.gatewayErrorCodes = new Set(spec.gatewayErrorCodes ?? []);
    for (const operation of spec.operations) this.prepared.set(operation.operationId, this.prepare(operation));
  }

  private prepare(operation: OperationInfo): PreparedOperation {
    const pick = (name: string): BodyValidators => {
      const normal = validatorNamed(this.spec.validators, name);
      if (!normal) throw new Error(`the generated validators have no ${name} (operations table and validators disagree)`);
      return { normal, strict: validatorNamed(this.spec.strictValidators, name) };
    };
    const marks = this.spec.personalData[operation.operationId];
    const otherResponses = new Map<string, BodyValidators>();
    for (const [status, name] of Object.entries(this.spec.otherResponseValidators?.[operation.operationId] ?? {})) {
      if (validatorNamed(this.spec.validators, name)) otherResponses.set(status, pick(name));
    }
    return {
      operation,
      request: pick(operation.requestValidator),
      response: pick(operation.responseValidator),
      otherResponses,
      requestMarks: marks?.request,
      responseMarks: marks?.response,
    };
  }

  operation(operationId: string): PreparedOperation | undefined {
    return this.prepared.get(operationId);
  }

  validate(item: CaptureItem): ExchangeRecord {
    if (item.kind === 'unreadable') return unreadable(item.index, item.source, item.reason);
    try {
      return this.validateExchange(item.exchange);
    } catch (error) {
      // A check that fails on some input must cost that item only, never the report: it is reported, not thrown.
      // The error's message is not shown (it may quote the input); its kind is.
      return unreadable(item.exchange.index, item.exchange.source, `could not be checked: internal error (${error instanceof Error ? error.name : typeof error})`);
    }
  }

  validateExchange(exchange: Exchange): ExchangeRecord {
    const { request, response } = exchange;
    const match = this.matcher.match(request.method, request.url);
    const httpStatus = response?.status;
    if (match.kind === 'undocumented') {
      const display = this.redactor.display;
      const method = display.text(request.method, 'method');
      const reason = match.samePath
        ? `method ${method} is not documented for ${match.samePath.path} (documented: ${match.samePath.method.toUpperCase()})`
        : `no documented operation for ${method} ${display.path(match.path)}`;
      return this.record(exchange, 'undocumented', match.path, undefined, httpStatus, undefined, undefined, [], [], reason);
    }
    const prepared = this.prepared.get(match.operation.operationId)!;
    const operation = prepared.operation;
    const violations: Violation[] = [];
    const undocumented: UndocumentedField[] = [];
    const encrypted = request.headers.has('encrypt');

    checkGatewayHeaders('request', request.headers, encrypted, this.redactor, violations);
    if (response && response.status === 200) {
      const responseEncrypted = response.headers.has('encrypt');
      checkGatewayHeaders('response', response.headers, responseEncrypted, this.redactor, violations);
      const mode = encryptionModeViolation({ requestEncrypted: encrypted, responseEncrypted, responseBody: response.body, gatewayErrorCodes: this.gatewayErrorCodes });
      if (mode) violations.push(mode);
    }

    const protocol = checkProtocol(exchange, signedPathOf(request.url, operation.path), this.options.keys);
    for (const v of protocol.violations) violations.push(v);

    const requestData = this.checkBodyText('request', protocol.requestBody, request.body !== undefined, prepared, violations, undocumented);
    let responseData: unknown;
    let responseOk = false;
    if (!response) {
      violations.push({ direction: 'response', category: 'http', pointer: '', keyword: 'missing', message: 'no response was recorded for this request' });
    } else if (response.status === 200) {
      responseData = this.checkBodyText('response', protocol.responseBody, response.body !== undefined, prepared, violations, undocumented, prepared.response);
      responseOk = responseData !== undefined;
    } else {
      // Another status is documented only through the operation's own entry or `default` (a body with just `result`).
      const other = prepared.otherResponses.get(String(response.status)) ?? prepared.otherResponses.get('default');
      if (other) responseData = this.checkBodyText('response', protocol.responseBody, response.body !== undefined, prepared, violations, undocumented, other);
      else violations.push({ direction: 'response', category: 'http', pointer: '', keyword: 'status', message: `HTTP status ${response.status} is not documented for this operation` });
    }

    if (this.flow && requestData !== undefined) {
      for (const v of this.flow.check(operation, exchange.index, requestData, responseData, responseOk)) violations.push(v);
    }
    this.options.observer?.observe(operation.operationId, requestData, responseData);
    const checks = { requestSignature: protocol.requestSignature, responseSignature: protocol.responseSignature, decryption: protocol.decryption };
    return this.record(exchange, violations.length === 0 ? 'valid' : 'invalid', match.path, operation.operationId, httpStatus, encrypted, checks, violations, undocumented, undefined);
  }

  /** Parses and validates one body; returns the parsed value (undefined when absent, unreadable or encrypted). */
  private checkBodyText(
    direction: Direction,
    text: string | undefined,
    recorded: boolean,
    prepared: PreparedOperation,
    violations: Violation[],
    undocumented: UndocumentedField[],
    validators: BodyValidators = direction === 'request' ? prepared.request : prepared.response,
  ): unknown {
    if (text === undefined) {
      // Recorded but still encrypted: decryption was skipped (no keys) or already reported as failed.
      if (!recorded) violations.push({ direction, category: 'body', pointer: '', keyword: 'missing', message: `the ${direction} has no body` });
      return undefined;
    }
    const parsed = parseJsonSafely(text, this.options.limits?.depth ?? DEFAULT_LIMITS.depth);
    if (!parsed.ok) {
      violations.push({ direction, category: 'body', pointer: '', keyword: 'json', message: `the ${direction} body is ${parsed.error}` });
      return undefined;
    }
    const outcome = checkBody(
      direction,
      parsed.value,
      text,
      validators,
      direction === 'request' ? prepared.requestMarks : prepared.responseMarks,
      this.redactor,
    );
    for (const v of outcome.violations) violations.push(v);
    for (const f of outcome.undocumented) undocumented.push(f);
    return parsed.value;
  }

  /** Every record has the same shape (absent members are undefined, which JSON leaves out): cheap to build. Method and path come from the capture: shown by the display rule. */
  private record(
    exchange: Exchange,
    status: ExchangeRecord['status'],
    path: string,
    operationId: string | undefined,
    httpStatus: number | undefined,
    encrypted: boolean | undefined,
    checks: ExchangeRecord['checks'],
    violations: Violation[],
    undocumentedFields: UndocumentedField[],
    reason: string | undefined,
  ): ExchangeRecord {
    return {
      index: exchange.index,
      source: exchange.source,
      id: exchange.id === undefined ? undefined : this.redactor.display.text(exchange.id, 'text'),
      status,
      method: this.redactor.display.text(exchange.request.method, 'method'),
      path: this.redactor.display.path(path),
      operationId,
      httpStatus,
      encrypted,
      checks,
      violations,
      undocumentedFields,
      reason,
    };
  }
}

function unreadable(index: number, source: Exchange['source'], reason: string): ExchangeRecord {
  return {
    index,
    source,
    id: undefined,
    status: 'unreadable',
    method: undefined,
    path: undefined,
    operationId: undefined,
    httpStatus: undefined,
    encrypted: undefined,
    checks: undefined,
    violations: [],
    undocumentedFields: [],
    reason,
  };
}
