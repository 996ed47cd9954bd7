import { DEFAULT_LIMITS, type InputLimits } from '@zoloz-openapi/gateway-protocol';
import { checkBody, type BodyValidators } from './body-check.js';
import { type FlowFacts, FlowTracker } from './flow-tracker.js';
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

  /** Every check of one item, the cross-exchange ones included; never throws (a failing check costs its item only). */
  validate(item: CaptureItem): ExchangeRecord {
    return this.withFlow(this.check(item));
  }

  /** One exchange through every check; throws if a check fails on it. */
  validateExchange(exchange: Exchange): ExchangeRecord {
    return this.withFlow(this.checkExchange(exchange));
  }

  /**
   * Every check that needs only the item itself (all but the flow), and the flow facts cut from its bodies. Holds
   * no state across items, so items may be checked anywhere (worker threads) and judged by `withFlow` in order.
   */
  check(item: CaptureItem): CheckedItem {
    if (item.kind === 'unreadable') return { record: unreadable(item.index, item.source, item.reason), flow: undefined };
    try {
      return this.checkExchange(item.exchange);
    } catch (error) {
      return { record: internalError(item.exchange.index, item.exchange.source, error), flow: undefined };
    }
  }

  /** The cross-exchange checks (flows table) of a checked item, in input order: its record, with their violations. */
  withFlow(checked: CheckedItem): ExchangeRecord {
    const { record, flow } = checked;
    if (!this.flow || !flow) return record;
    let found: readonly Violation[];
    try {
      found = this.flow.check(flow, record.index);
    } catch (error) {
      return internalError(record.index, record.source, error);
    }
    if (found.length === 0) return record;
    return { ...record, status: 'invalid', violations: [...record.violations, ...found] };
  }

  /** Every check but the flow; throws if a check fails on the exchange. */
  checkExchange(exchange: Exchange): CheckedItem {
    const { request } = exchange;
    const match = this.matcher.match(request.method, request.url);
    if (match.kind === 'undocumented') {
      const display = this.redactor.display;
      const method = display.text(request.method, 'method');
      const reason = match.samePath
        ? `method ${method} is not documented for ${match.samePath.path} (documented: ${match.samePath.method.toUpperCase()})`
        : `no documented operation for ${method} ${display.path(match.path)}`;
      return { record: this.record({ exchange, status: 'undocumented', path: match.path, reason }), flow: undefined };
    }
    const prepared = this.prepared.get(match.operation.operationId)!;
    const operationId = prepared.operation.operationId;
    const found: Findings = { violations: [], undocumented: [] };
    const encrypted = request.headers.has('encrypt');
    this.checkHeaders(exchange, encrypted, found);
    const protocol = checkProtocol(exchange, signedPathOf(request.url, prepared.operation.path), this.options.keys);
    for (const v of protocol.violations) found.violations.push(v);
    const bodies = this.checkBodies(exchange, protocol, prepared, found);
    this.options.observer?.observe(operationId, bodies.request, bodies.response);
    const record = this.record({
      exchange,
      status: found.violations.length === 0 ? 'valid' : 'invalid',
      path: match.path,
      operationId,
      encrypted,
      checks: {
        requestSignature: protocol.requestSignature,
        responseSignature: protocol.responseSignature,
        decryption: protocol.decryption,
      },
      found,
    });
    // The flow needs the request body; it may trust only a readable 200 response.
    const flow =
      this.flow && bodies.request !== undefined
        ? this.flow.rules.facts(operationId, bodies.request, bodies.responseOk ? bodies.response : undefined)
        : undefined;
    return { record, flow };
  }

  /** The gateway headers both ways, and whether the response is encrypted as its request asks. */
  private checkHeaders(exchange: Exchange, encrypted: boolean, found: Findings): void {
    const { request, response } = exchange;
    checkGatewayHeaders('request', request.headers, encrypted, this.redactor, found.violations);
    if (response?.status !== 200) return;
    const responseEncrypted = response.headers.has('encrypt');
    checkGatewayHeaders('response', response.headers, responseEncrypted, this.redactor, found.violations);
    const mode = encryptionModeViolation({
      requestEncrypted: encrypted,
      responseEncrypted,
      responseBody: response.body,
      gatewayErrorCodes: this.gatewayErrorCodes,
    });
    if (mode) found.violations.push(mode);
  }

  /** Both bodies against the operation's validators (the response's by its HTTP status); their parsed values. */
  private checkBodies(
    exchange: Exchange,
    protocol: ReturnType<typeof checkProtocol>,
    prepared: PreparedOperation,
    found: Findings,
  ): ParsedBodies {
    const { request, response } = exchange;
    const requestData = this.checkBodyText({
      direction: 'request',
      text: protocol.requestBody,
      recorded: request.body !== undefined,
      prepared,
      found,
    });
    if (!response) {
      found.violations.push({
        direction: 'response',
        category: 'http',
        pointer: '',
        keyword: 'missing',
        message: 'no response was recorded for this request',
      });
      return { request: requestData, response: undefined, responseOk: false };
    }
    // A 200 is checked against the operation's response; another status only through the operation's own entry
    // for it or `default` (a body with just `result`).
    const ok = response.status === 200;
    const validators = ok
      ? prepared.response
      : (prepared.otherResponses.get(String(response.status)) ?? prepared.otherResponses.get('default'));
    if (!validators) {
      const message = `HTTP status ${response.status} is not documented for this operation`;
      found.violations.push({ direction: 'response', category: 'http', pointer: '', keyword: 'status', message });
      return { request: requestData, response: undefined, responseOk: false };
    }
    const recorded = response.body !== undefined;
    const responseData = this.checkBodyText({ direction: 'response', text: protocol.responseBody, recorded, prepared, found, validators });
    return { request: requestData, response: responseData, responseOk: ok && responseData !== undefined };
  }

  /** Parses and validates one body; returns the parsed value (undefined when absent, unreadable or encrypted). */
  private checkBodyText({ direction, text, recorded, prepared, found, validators }: BodyTextCheck): unknown {
    if (text === undefined) {
      // Recorded but still encrypted: decryption was skipped (no keys) or already reported as failed.
      if (!recorded)
        found.violations.push({ direction, category: 'body', pointer: '', keyword: 'missing', message: `the ${direction} has no body` });
      return undefined;
    }
    const parsed = parseJsonSafely(text, this.options.limits?.depth ?? DEFAULT_LIMITS.depth);
    if (!parsed.ok) {
      found.violations.push({
        direction,
        category: 'body',
        pointer: '',
        keyword: 'json',
        message: `the ${direction} body is ${parsed.error}`,
      });
      return undefined;
    }
    const marks = direction === 'request' ? prepared.requestMarks : prepared.responseMarks;
    const outcome = checkBody(
      direction,
      parsed.value,
      text,
      validators ?? (direction === 'request' ? prepared.request : prepared.response),
      marks,
      this.redactor,
    );
    for (const v of outcome.violations) found.violations.push(v);
    for (const f of outcome.undocumented) found.undocumented.push(f);
    return parsed.value;
  }

  /** Every record has the same shape (absent members are undefined, which JSON leaves out): cheap to build. Method and path come from the capture: shown by the display rule. */
  private record({ exchange, status, path, operationId, encrypted, checks, found, reason }: RecordFields): ExchangeRecord {
    return buildRecord({
      index: exchange.index,
      source: exchange.source,
      id: exchange.id === undefined ? undefined : this.redactor.display.text(exchange.id, 'text'),
      status,
      method: this.redactor.display.text(exchange.request.method, 'method'),
      path: this.redactor.display.path(path),
      operationId,
      httpStatus: exchange.response?.status,
      encrypted,
      checks,
      violations: found?.violations ?? [],
      undocumentedFields: found?.undocumented ?? [],
      reason,
    });
  }
}

/** An item checked by everything but the flow (see `ExchangeValidator.check`). */
export interface CheckedItem {
  readonly record: ExchangeRecord;
  /** What the flow checks need of it; undefined when they do not apply (no operation, no readable request). */
  readonly flow: FlowFacts | undefined;
}

/** What the checks of one exchange found, collected as they run. */
interface Findings {
  readonly violations: Violation[];
  readonly undocumented: UndocumentedField[];
}

/** The parsed bodies of one exchange (undefined when absent, unreadable or still encrypted). */
interface ParsedBodies {
  readonly request: unknown;
  readonly response: unknown;
  /** The response is a 200 whose body could be read: the flow checks may trust it. */
  readonly responseOk: boolean;
}

interface BodyTextCheck {
  readonly direction: Direction;
  readonly text: string | undefined;
  /** A body was recorded (it may still be encrypted). */
  readonly recorded: boolean;
  readonly prepared: PreparedOperation;
  readonly found: Findings;
  /** Default: the operation's own request or 200-response validators. */
  readonly validators?: BodyValidators;
}

interface RecordFields {
  readonly exchange: Exchange;
  readonly status: ExchangeRecord['status'];
  readonly path: string;
  readonly operationId?: string;
  readonly encrypted?: boolean;
  readonly checks?: ExchangeRecord['checks'];
  readonly found?: Findings;
  readonly reason?: string;
}

/** A failing check costs its item only; the error's message is not shown (it may quote the input), its kind is. */
function internalError(index: number, source: Exchange['source'], error: unknown): ExchangeRecord {
  return unreadable(index, source, `could not be checked: internal error (${error instanceof Error ? error.name : typeof error})`);
}

function unreadable(index: number, source: Exchange['source'], reason: string): ExchangeRecord {
  return buildRecord({ index, source, status: 'unreadable', violations: [], undocumentedFields: [], reason });
}

/**
 * The one record builder: every record has the same members in the same order (absent ones undefined, which JSON
 * leaves out), so records are cheap to build and the JSON report's template (`cleanRecordJson`) and the worker
 * threads' decoding (`jobs/messages.ts`) can rely on the layout.
 */
export function buildRecord(
  r: Pick<ExchangeRecord, 'index' | 'source' | 'status' | 'violations' | 'undocumentedFields'> & Partial<ExchangeRecord>,
): ExchangeRecord {
  return {
    index: r.index,
    source: r.source,
    id: r.id,
    status: r.status,
    method: r.method,
    path: r.path,
    operationId: r.operationId,
    httpStatus: r.httpStatus,
    encrypted: r.encrypted,
    checks: r.checks,
    violations: r.violations,
    undocumentedFields: r.undocumentedFields,
    reason: r.reason,
  };
}
