import {
  DecryptionError,
  GatewayProtocolError,
  HEADER,
  SignatureVerificationError,
  getHeader,
  isRequestTime,
  openMessage,
  sealMessage,
  type SealedMessage,
} from '@zoloz-openapi/gateway-protocol';
import {
  ZolozAbortedError,
  ZolozDecryptionError,
  ZolozError,
  ZolozHttpError,
  ZolozResponseFormatError,
  ZolozSignatureError,
  ZolozTimeoutError,
  ZolozTransportError,
  type ZolozSignatureFailure,
} from './errors.js';
import { describeNetworkFailure } from './network-error.js';
import { personalFields } from './personal-data.js';
import { redact } from './redact.js';
import type { Settings } from './settings.js';
import type { Post, PostResult } from './transport.js';
import type { CallOptions } from './types.js';
import type { responseValidation } from './validation.js';

/** What the client reads from the generated operations table. */
export interface OperationEntry {
  readonly operationId: string;
  readonly path: string; // every ZOLOZ gateway operation is a POST
  readonly idempotent: boolean;
  readonly responseValidator?: string;
}

/** Everything one attempt needs, by name. */
export interface AttemptInput {
  readonly operation: OperationEntry;
  /** The request body, serialised once for all attempts. */
  readonly json: string;
  readonly callOptions: CallOptions | undefined;
  /** 1 for the first attempt. */
  readonly attemptNo: number;
  readonly settings: Settings;
  readonly baseUrl: string;
  readonly post: Post;
  readonly validate: ReturnType<typeof responseValidation>;
}

type Context = { readonly operationId: string; readonly attempts: number };

/** One attempt: seal, send, open, parse, validate. Throws a ZolozError for anything but a trustworthy result. */
export async function attempt(a: AttemptInput): Promise<unknown> {
  const ctx: Context = { operationId: a.operation.operationId, attempts: a.attemptNo };
  const sealed = sealRequest(a);
  const started = a.settings.logger?.debug ? performance.now() : 0;
  logRequest(a);
  const { response, raw } = await send(a, sealed, ctx);
  // A non-2xx answer is a result only if it carries one and (with verification on) is signed; anything else —
  // a proxy's 502 page, an unsigned error — is an HTTP error, retryable when 5xx.
  if (!response.ok && ((a.settings.verify && !response.headers.has(HEADER.signature)) || !raw.trimStart().startsWith('{'))) {
    throw httpError(response, ctx);
  }
  const body = openResponse(a, response, raw, ctx);
  let data: unknown;
  try {
    data = parseResult(body, ctx);
  } catch (err) {
    throw response.ok ? err : httpError(response, ctx);
  }
  logResponse(a, response.status, data, started);
  await a.validate(a.operation.operationId, a.operation.responseValidator, data, ctx);
  return data;
}

function sealRequest({ operation, json, settings: s }: AttemptInput): SealedMessage {
  return sealMessage({
    direction: 'request',
    path: operation.path,
    clientId: s.clientId,
    body: json,
    signingKey: s.merchantKey,
    ...(s.encrypt && s.zolozKey ? { encryptFor: s.zolozKey, aesKeyBits: s.encrypt.aesKeyBits } : {}),
    timeOffset: s.timeOffset,
    now: s.clock(),
  });
}

/** Sends within the timeout; a failure to get an answer becomes a timeout, abort or transport error. */
async function send(a: AttemptInput, sealed: SealedMessage, ctx: Context): Promise<PostResult> {
  const { operation, callOptions, settings: s } = a;
  const timeoutMs = callOptions?.timeoutMs ?? s.timeoutMs;
  // An AbortController + timer rather than AbortSignal.timeout(): on Node 20 the latter creates a
  // transferable signal, which costs ~40 µs per call (measured with the benchmark's profile).
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const signal = callOptions?.signal ? AbortSignal.any([callOptions.signal, timeout.signal]) : timeout.signal;
  try {
    return await a.post({
      path: operation.path,
      headers: { ...callOptions?.headers, ...sealed.headers, 'User-Agent': s.userAgent },
      body: sealed.body,
      signal,
    });
  } catch (err) {
    if (err instanceof ZolozError) throw err;
    const id = operation.operationId;
    if (callOptions?.signal?.aborted) throw new ZolozAbortedError(`${id}: aborted by the caller`, { ...ctx, cause: err });
    if (timeout.signal.aborted) throw new ZolozTimeoutError(`${id}: no response within ${timeoutMs} ms`, timeoutMs, ctx);
    throw new ZolozTransportError(`${id}: request failed: ${describeNetworkFailure(err, a.baseUrl)}`, { ...ctx, cause: err });
  } finally {
    clearTimeout(timer); // the body has been read by now (parseAs: 'text'), so the timeout covered it
  }
}

const SIGNATURE_FAILURES: Readonly<Record<ZolozSignatureFailure, string>> = {
  'missing-signature': 'the response has no Signature header',
  'missing-time': 'the response has no Response-Time header',
  'malformed-signature': 'the response Signature header is malformed',
  'malformed-time': "the response Response-Time is not yyyy-MM-dd'T'HH:mm:ss±HHMM",
  mismatch: 'the response signature does not verify',
};

/**
 * Verifies (and decrypts) the response. Messages are fixed per failure: nothing from the response (a header
 * parameter name, a value) is quoted.
 */
function openResponse(a: AttemptInput, response: Response, raw: string, ctx: Context): string {
  const { operation, settings: s } = a;
  const verifying = s.verify && s.zolozKey !== undefined;
  const rejected = (reason: ZolozSignatureFailure) =>
    new ZolozSignatureError(`${operation.operationId}: response rejected — ${SIGNATURE_FAILURES[reason]}`, reason, ctx);
  let body: string;
  try {
    body = openMessage({
      direction: 'response',
      path: operation.path,
      clientId: s.clientId,
      headers: response.headers,
      body: raw,
      verifyWith: verifying ? s.zolozKey! : false,
      decryptWith: s.merchantKey,
      // a plain request gets a plain response; an encrypted one usually an encrypted one (errors may be plain)
      ...(s.encrypt ? {} : { expectEncrypted: false }),
    }).body;
  } catch (err) {
    if (err instanceof SignatureVerificationError) throw rejected(err.reason);
    if (err instanceof DecryptionError || err instanceof GatewayProtocolError) {
      throw new ZolozDecryptionError(`${operation.operationId}: response could not be decrypted (${err.name})`, ctx);
    }
    throw err;
  }
  // The signature covers the Response-Time text, not its shape: a signed but malformed time is still rejected.
  if (verifying && !isRequestTime(getHeader(response.headers, HEADER.responseTime) ?? '')) throw rejected('malformed-time');
  return body;
}

function httpError(response: Response, ctx: Context): ZolozHttpError {
  return new ZolozHttpError(`${ctx.operationId}: HTTP ${response.status} from the gateway`, response.status, ctx);
}

function parseResult(body: string, ctx: Context): unknown {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new ZolozResponseFormatError(`${ctx.operationId}: response body is not JSON`, ctx);
  }
  const result = (data as { result?: unknown } | null)?.result;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || typeof result !== 'object' || result === null) {
    throw new ZolozResponseFormatError(`${ctx.operationId}: response has no result object`, ctx);
  }
  return data;
}

function logRequest({ operation, json, attemptNo, settings: s }: AttemptInput): void {
  if (!s.logger?.debug) return;
  s.logger.debug('zoloz request', {
    operationId: operation.operationId,
    path: operation.path,
    attempt: attemptNo,
    encrypted: Boolean(s.encrypt),
    body: redact(JSON.parse(json), personalFields(operation.operationId, 'request')),
  });
}

function logResponse({ operation, attemptNo, settings: s }: AttemptInput, status: number, data: unknown, started: number): void {
  if (!s.logger?.debug) return;
  const result = (data as { result: { resultStatus?: unknown; resultCode?: unknown } }).result;
  s.logger.debug('zoloz response', {
    operationId: operation.operationId,
    status,
    attempt: attemptNo,
    resultStatus: result.resultStatus,
    resultCode: result.resultCode,
    ms: Math.round(performance.now() - started),
    body: redact(data, personalFields(operation.operationId, 'response')),
  });
}
