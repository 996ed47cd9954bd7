import type { KeyObject } from 'node:crypto';
import { HEADER, sealMessage, type OpenedMessage } from '@zoloz-openapi/gateway-protocol';
import { gatewayResultBody, type GatewayResultCode } from './results.js';
import type { UpstreamAnswer } from './forward.js';

/** What the mock sends back: status, headers (without Content-Length) and body text. */
export interface Answer {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  /** The `result.resultCode` sent, when known (for the one-line log). */
  readonly resultCode?: string;
}

export interface SealingKeys {
  /** The configured Client-Id (signed over when the request's own is unusable). */
  readonly clientId: string;
  /** Wraps response AES keys. */
  readonly merchantKey: KeyObject;
  /** Signs responses. */
  readonly zolozKey: KeyObject;
}

/**
 * A gateway error, as ZOLOZ answers one: the spec's `result` body, signed over the Client-Id the request carried
 * (so a client that verifies responses can still read the code), never encrypted — the gateway answers before it
 * has (or while it cannot trust) the request's AES key; see the README, "Errors to an encrypted request".
 * Without keys (recording plain mode) the same body goes unsigned.
 */
export function gatewayErrorAnswer(o: {
  readonly code: GatewayResultCode;
  /** The request path as sent (the client verifies over it). */
  readonly path: string;
  readonly requestClientId: string | undefined;
  readonly keys: SealingKeys | undefined;
  /** HTTP status: 200 for the gateway's checks (as ZOLOZ); 400/413 for requests refused at the HTTP level. */
  readonly status?: number;
}): Answer {
  const body = gatewayResultBody(o.code);
  const status = o.status ?? 200;
  if (!o.keys) return { status, headers: [[HEADER.contentType, 'application/json; charset=UTF-8']], body, resultCode: o.code };
  const signAs = o.requestClientId && /^[^\s.]{1,64}$/.test(o.requestClientId) ? o.requestClientId : o.keys.clientId;
  const path = /^\/[^\s?#]*$/.test(o.path) ? o.path : '/';
  const sealed = sealMessage({ direction: 'response', path, clientId: signAs, body, signingKey: o.keys.zolozKey });
  return { status, headers: Object.entries(sealed.headers), body: sealed.body, resultCode: o.code };
}

/**
 * Prism's answer to an accepted request, signed; encrypted with the request's own AES key (re-wrapped for the
 * merchant key in `Encrypt`) when the request was encrypted. A body that is not JSON (e.g. Prism's problem+json
 * for an unknown example) goes back as Prism wrote it, with Prism's Content-Type when not encrypted.
 */
export function sealedUpstreamAnswer(o: {
  readonly upstream: UpstreamAnswer;
  readonly opened: OpenedMessage;
  readonly path: string;
  readonly keys: SealingKeys;
}): Answer {
  const { upstream, opened, keys } = o;
  const json = isJson(upstream);
  const sealed = sealMessage({
    direction: 'response',
    path: o.path,
    clientId: keys.clientId,
    body: upstream.body,
    signingKey: keys.zolozKey,
    ...(opened.encrypted ? { encryptFor: keys.merchantKey, aesKey: opened.aesKey! } : {}),
  });
  let headers: Array<[string, string]> = Object.entries(sealed.headers);
  const prismType = upstream.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  if (!json && prismType && !opened.encrypted) headers = headers.map(([n, v]) => (n === HEADER.contentType ? [n, prismType] : [n, v]));
  return { status: upstream.status, headers, body: sealed.body, ...resultCodeField(upstream.body) };
}

/** Prism's answer as it is (passthrough: recording plain mode). */
export function unsealedUpstreamAnswer(upstream: UpstreamAnswer, dropHeaders: ReadonlySet<string>): Answer {
  return {
    status: upstream.status,
    headers: upstream.headers.filter(([n]) => !dropHeaders.has(n.toLowerCase())),
    body: upstream.body,
    ...resultCodeField(upstream.body),
  };
}

/** An answer for a request refused before any check could run (Node's parser refused it): plain text, no result. */
export function plainTextAnswer(status: number, text: string): Answer {
  return {
    status,
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Connection', 'close'],
    ],
    body: `${text}\n`,
  };
}

function isJson(up: UpstreamAnswer): boolean {
  const ct = up.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  return /^application\/json/i.test(ct);
}

function resultCodeField(body: string): { resultCode?: string } {
  const m = /"resultCode"\s*:\s*"([A-Z0-9_]{1,64})"/.exec(body.slice(0, 4096));
  return m ? { resultCode: m[1]! } : {};
}
