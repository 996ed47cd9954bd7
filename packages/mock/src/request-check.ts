import type { KeyObject } from 'node:crypto';
import {
  DecryptionError,
  HEADER,
  MalformedHeaderError,
  SignatureVerificationError,
  UnsupportedAlgorithmError,
  getHeader,
  isRequestTime,
  normalizePath,
  openMessage,
  parseRequestTime,
  type HeaderSource,
  type OpenedMessage,
} from '@zoloz-openapi/gateway-protocol';
import type { GatewayResultCode } from './results.js';

/** A request as the gateway checks it: pure data, no sockets (unit-tested without Prism). */
export interface GatewayRequest {
  readonly method: string;
  /** The path as sent (no query); signatures cover it byte for byte. */
  readonly path: string;
  readonly headers: HeaderSource;
  /** The raw body text (the base64 ciphertext when encrypted). */
  readonly body: string;
}

/** What the gateway is configured with. */
export interface GatewayCheckConfig {
  /** The one Client-Id the gateway knows. */
  readonly clientId: string;
  /** Verifies request signatures. */
  readonly merchantKey: KeyObject;
  /** Unwraps request AES keys. */
  readonly zolozKey: KeyObject;
  /** Documented API paths; absent: any path passes here and Prism's "no path matched" decides. */
  readonly paths?: ReadonlySet<string>;
  /** Reject a Request-Time further than this from `now` (PARAM_ILLEGAL); absent: no check. */
  readonly maxClockSkewSeconds?: number;
  /** The gateway's clock, ms since the epoch (default Date.now). */
  readonly now?: () => number;
}

/** A request that passed every check: what goes on to Prism. */
export interface AcceptedRequest {
  /** The documented path the request addresses (the shared path rule, `normalizePath`). */
  readonly route: string;
  /** The verified (and decrypted) message. */
  readonly opened: OpenedMessage;
  /** Its body, parsed: always a JSON object. */
  readonly json: Record<string, unknown>;
}

export type CheckResult =
  | { readonly ok: true; readonly request: AcceptedRequest }
  | { readonly ok: false; readonly code: GatewayResultCode; readonly check: string };

/** State threaded through the checks: each may read what earlier ones established. */
interface CheckState {
  readonly request: GatewayRequest;
  readonly config: GatewayCheckConfig;
  readonly route: string;
  opened?: OpenedMessage;
  json?: Record<string, unknown>;
}

interface GatewayCheck {
  /** What is checked (the README's table, row for row). */
  readonly check: string;
  /** undefined: passed; otherwise the result code the gateway answers with. */
  readonly run: (state: CheckState) => GatewayResultCode | undefined;
}

/**
 * The gateway's checks, in the order it applies them; the first failure decides the answer. Keep this table and
 * the README's "What the gateway does" table the same.
 */
export const GATEWAY_CHECKS: readonly GatewayCheck[] = [
  { check: 'POST to a path the spec defines', run: documentedEndpoint },
  { check: 'Client-Id, Request-Time, Signature present (and Encrypt when the body is text/plain)', run: requiredHeaders },
  { check: 'Request-Time is yyyy-MM-ddTHH:mm:ss±HHMM (and within --max-clock-skew)', run: wellFormedRequestTime },
  { check: 'Client-Id is the configured one', run: knownMerchant },
  { check: 'Signature verifies; Encrypt well-formed; an RSA_AES body decrypts', run: openedMessage },
  { check: 'the (decrypted) body is a JSON object', run: jsonObjectBody },
];

/** Runs {@link GATEWAY_CHECKS} over one request: the first failing check's result code, or the accepted request. */
export function checkRequest(request: GatewayRequest, config: GatewayCheckConfig): CheckResult {
  const state: CheckState = { request, config, route: normalizePath(request.path) };
  for (const { check, run } of GATEWAY_CHECKS) {
    const code = run(state);
    if (code !== undefined) return { ok: false, code, check };
  }
  return { ok: true, request: { route: state.route, opened: state.opened!, json: state.json! } };
}

function documentedEndpoint({ request, config, route }: CheckState): GatewayResultCode | undefined {
  if (request.method !== 'POST' || !request.path.startsWith('/')) return 'NO_INTERFACE_DEF';
  return config.paths && !config.paths.has(route) ? 'NO_INTERFACE_DEF' : undefined;
}

function requiredHeaders({ request }: CheckState): GatewayResultCode | undefined {
  const h = request.headers;
  const contentType = getHeader(h, HEADER.contentType) ?? '';
  const needsEncrypt = /^\s*text\/plain/i.test(contentType);
  const missing = !getHeader(h, HEADER.clientId) || !getHeader(h, HEADER.requestTime) || !getHeader(h, HEADER.signature);
  return missing || (needsEncrypt && !getHeader(h, HEADER.encrypt)) ? 'PARAM_MISSING' : undefined;
}

function wellFormedRequestTime({ request, config }: CheckState): GatewayResultCode | undefined {
  const time = getHeader(request.headers, HEADER.requestTime)!;
  if (!isRequestTime(time)) return 'PARAM_ILLEGAL';
  if (config.maxClockSkewSeconds === undefined) return undefined;
  const now = (config.now ?? Date.now)();
  return Math.abs(now - parseRequestTime(time).date.getTime()) <= config.maxClockSkewSeconds * 1000 ? undefined : 'PARAM_ILLEGAL';
}

function knownMerchant({ request, config }: CheckState): GatewayResultCode | undefined {
  return getHeader(request.headers, HEADER.clientId) === config.clientId ? undefined : 'MERCHANT_NOT_FOUND';
}

function openedMessage(state: CheckState): GatewayResultCode | undefined {
  const { request, config } = state;
  try {
    state.opened = openMessage({
      direction: 'request',
      path: request.path,
      clientId: config.clientId,
      headers: request.headers,
      body: request.body,
      verifyWith: config.merchantKey,
      decryptWith: config.zolozKey,
    });
    return undefined;
  } catch (err) {
    if (err instanceof SignatureVerificationError) return 'SIGNATURE_INVALID';
    if (err instanceof DecryptionError) return 'MSG_PARSE_ERROR';
    if (err instanceof UnsupportedAlgorithmError || err instanceof MalformedHeaderError) return 'PARAM_ILLEGAL';
    throw err;
  }
}

function jsonObjectBody(state: CheckState): GatewayResultCode | undefined {
  let json: unknown;
  try {
    json = JSON.parse(state.opened!.body);
  } catch {
    return 'MSG_PARSE_ERROR';
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return 'MSG_PARSE_ERROR';
  state.json = json as Record<string, unknown>;
  return undefined;
}
