import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  CONTENT_TYPE_JSON,
  HEADER,
  displayUntrusted,
  getHeader,
  loadPrivateKey,
  loadPublicKey,
  normalizePath,
  type KeyInput,
} from '@zoloz-openapi/gateway-protocol';
import { recordedBody, type Recorder } from '@zoloz-openapi/gateway-protocol/record';
import { MOCK_LIMITS } from './limits.js';
import { checkRequest, type AcceptedRequest, type GatewayCheckConfig } from './request-check.js';
import { Forwarder, endToEndHeaders, preferFor, type UpstreamAnswer } from './forward.js';
import {
  gatewayErrorAnswer,
  plainTextAnswer,
  sealedUpstreamAnswer,
  unsealedUpstreamAnswer,
  type Answer,
  type SealingKeys,
} from './seal.js';
import { readIncoming, recordedUrl, type IncomingRequest } from './incoming.js';
import { refusedRequest } from './refused.js';

export { GATEWAY_RESULTS, type GatewayResultCode } from './results.js';
import { checkRawRequestRules, checkRequestRules } from './request-rules.js';

/**
 * A check between the gateway's own checks and Prism — the one place a pre-Prism check plugs in (e.g. request
 * rules Prism cannot evaluate). Return an answer to send instead of Prism's (it is signed, and encrypted for an
 * encrypted request, like Prism's), or undefined to forward the request to Prism.
 */
export type PreForwardCheck = (request: AcceptedRequest) => UpstreamAnswer | undefined | Promise<UpstreamAnswer | undefined>;

export interface GatewayOptions {
  /** Base URL of the Prism mock to forward to, e.g. `http://127.0.0.1:4010`. */
  readonly upstream: string;
  /**
   * `gateway` (default): check and sign as ZOLOZ's gateway does. `passthrough`: forward untouched (used to
   * record plain-mode traffic).
   */
  readonly mode?: 'gateway' | 'passthrough';
  /** The merchant Client-Id the gateway accepts (gateway mode). */
  readonly clientId?: string;
  /** Verifies request signatures; wraps response AES keys. */
  readonly merchantPublicKey?: KeyInput;
  /** Signs responses; unwraps request AES keys. */
  readonly zolozPrivateKey?: KeyInput;
  /** API paths the gateway knows; others get NO_INTERFACE_DEF. Absent: Prism's "no path matched" decides. */
  readonly paths?: Iterable<string>;
  /**
   * Example names living under a non-2xx response, per path: `Prefer: example=<name>` is forwarded as
   * `Prefer: code=<status>, example=<name>` so that Prism finds them.
   */
  readonly exampleStatus?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /**
   * Reject a Request-Time further than this from the gateway's clock (PARAM_ILLEGAL). ZOLOZ's window is not
   * documented; default: no check (recorded traffic stays replayable).
   */
  readonly maxClockSkewSeconds?: number;
  /** See {@link PreForwardCheck} (gateway mode). */
  readonly preForward?: PreForwardCheck;
  readonly recorder?: Recorder;
  readonly host?: string;
  readonly port?: number;
  /**
   * Refuse a JSON request body that breaks the bundled contract before Prism sees it (request-rules.ts), in both
   * modes (in gateway mode after the gateway's checks). Only meaningful when Prism serves the bundled spec.
   */
  readonly checkRequests?: boolean;
  /** Largest body accepted, bytes (default {@link MOCK_LIMITS}.maxBodyBytes, 20 MiB); larger → HTTP 413. */
  readonly maxBodyBytes?: number;
  /** One line per exchange (method, path, status, result code); never bodies, keys or headers. */
  readonly onExchange?: (line: string) => void;
}

export interface GatewayHandle {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/** Request headers never forwarded to Prism in gateway mode (it gets the opened JSON, as `application/json`). */
const NOT_FORWARDED = new Set(['content-type', 'encrypt', 'accept']);

/** Starts the gateway (or passthrough recorder) in front of Prism: answers and records every request. */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: startGateway is now wiring only (the checks, forwarding and sealing are their own modules); its inner steps share the server closure
export async function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const maxBodyBytes = options.maxBodyBytes ?? MOCK_LIMITS.maxBodyBytes;
  const keys = options.mode === 'passthrough' ? undefined : sealingKeys(options);
  const config = keys ? checkConfig(options, keys) : undefined;
  const forwarder = new Forwarder(options.upstream, MOCK_LIMITS.maxUpstreamBytes);
  const host = options.host ?? '127.0.0.1';
  const knownPaths = options.paths ? new Set(options.paths) : undefined;
  let ownAuthority = host;

  /** The answer for one request: HTTP-level refusals, then the gateway's checks, then Prism. */
  async function answerFor(request: IncomingRequest): Promise<Answer> {
    const requestClientId = getHeader(request.nodeHeaders, HEADER.clientId);
    const refuse = (status: number): Answer =>
      gatewayErrorAnswer({ code: 'PARAM_ILLEGAL', path: request.path, requestClientId, keys, status });
    if (request.badHost) return refuse(400);
    if (request.body === undefined) return refuse(413);
    if (!config || !keys) return passThrough(request, request.body);
    const result = checkRequest(
      { method: request.method, path: request.path, headers: request.nodeHeaders, body: request.body.toString('utf8') },
      config,
    );
    if (!result.ok) return gatewayErrorAnswer({ code: result.code, path: request.path, requestClientId, keys });
    const accepted = result.request;
    const upstream =
      (await options.preForward?.(accepted)) ??
      (options.checkRequests ? checkRequestRules(accepted.route, accepted.json) : undefined) ??
      (await forwardAccepted(request, accepted));
    if (upstream.status === 404 && /NO_PATH_MATCHED/.test(upstream.body)) {
      return gatewayErrorAnswer({ code: 'NO_INTERFACE_DEF', path: request.path, requestClientId, keys });
    }
    return sealedUpstreamAnswer({ upstream, opened: accepted.opened, path: request.path, keys });
  }

  function forwardAccepted(request: IncomingRequest, accepted: AcceptedRequest): Promise<UpstreamAnswer> {
    // Headers the spec may declare as parameters travel on to Prism so it validates them too.
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPE_JSON,
      Accept: 'application/json',
      ...endToEndHeaders(request.headers, NOT_FORWARDED),
    };
    const prefer = preferFor(accepted.route, request.nodeHeaders, options.exampleStatus);
    if (prefer !== undefined) headers.Prefer = prefer;
    return forwarder.forward({ method: 'POST', target: accepted.route, headers, body: accepted.opened.body });
  }

  async function passThrough(request: IncomingRequest, body: Buffer): Promise<Answer> {
    const headers = endToEndHeaders(request.headers);
    const route = request.path ? normalizePath(request.path) : '/';
    const prefer = preferFor(route, request.nodeHeaders, options.exampleStatus);
    if (prefer !== undefined) headers.Prefer = prefer;
    const refused =
      options.checkRequests && request.method === 'POST'
        ? checkRawRequestRules(route, getHeader(request.nodeHeaders, HEADER.contentType), body)
        : undefined;
    const upstream = refused ?? (await forwarder.forward({ method: request.method, target: route + request.query, headers, body }));
    return unsealedUpstreamAnswer(upstream, new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readIncoming(req, maxBodyBytes);
    let answer: Answer;
    try {
      answer = await answerFor(request);
    } catch {
      answer = plainTextAnswer(502, 'mock gateway: the Prism mock behind it did not answer');
    }
    const sent = send(res, answer, request.body === undefined);
    report(request, sent);
  }

  function report(request: IncomingRequest, answer: SentAnswer): void {
    const durationMs = Date.now() - request.startedAt.getTime();
    options.onExchange?.(
      `${logMethod(request.method)} ${logPath(request.path, knownPaths)} → ${answer.status}${answer.resultCode ? ` ${answer.resultCode}` : ''} (${durationMs} ms)`,
    );
    options.recorder?.write({
      startedAt: request.startedAt,
      durationMs,
      request: {
        method: request.method,
        url: recordedUrl(request, ownAuthority),
        httpVersion: request.httpVersion,
        headers: request.headers,
        ...recordedBody(request.body),
        bodyBytes: request.bodyBytes,
        ...requestComment(request, maxBodyBytes),
      },
      response: { status: answer.status, statusText: STATUS_CODES[answer.status] ?? '', headers: answer.headers, body: answer.body },
    });
  }

  const server = createServer({ maxHeaderSize: MOCK_LIMITS.maxHeaderBytes }, (req, res) => {
    serve(req, res).catch(() => res.destroy());
  });
  // Requests Node's parser refuses (431 headers too large, 400 malformed) are answered and recorded too.
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    const refused = refusedRequest(err, MOCK_LIMITS);
    if (!refused || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(rawResponse(refused.answer));
    report(refused.request, {
      ...refused.answer,
      headers: [...refused.answer.headers, ['Content-Length', String(Buffer.byteLength(refused.answer.body))]],
    });
  });
  server.keepAliveTimeout = 5000;

  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  ownAuthority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${ownAuthority}`,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
        forwarder.close();
      });
      return closing;
    },
  };
}

interface SentAnswer extends Answer {
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** Writes the answer with its Content-Length; returns what was sent (for the log and the recording). */
function send(res: ServerResponse, answer: Answer, closeAfter: boolean): SentAnswer {
  const body = Buffer.from(answer.body, 'utf8');
  const headers: Array<readonly [string, string]> = [...answer.headers, ['Content-Length', String(body.length)]];
  if (closeAfter) headers.push(['Connection', 'close']);
  try {
    res.writeHead(answer.status, headers.flat() as string[]);
    res.end(body);
    return { ...answer, headers };
  } catch {
    // Prism sent a header Node will not repeat (invalid characters): answer 502 rather than nothing.
    const fallback = plainTextAnswer(502, 'mock gateway: the Prism answer could not be relayed');
    if (!res.headersSent) return send(res, fallback, true);
    res.destroy();
    return fallback;
  }
}

function rawResponse(answer: Answer): string {
  const body = Buffer.from(answer.body, 'utf8');
  const head = [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}`,
    ...answer.headers.map(([n, v]) => `${n}: ${v}`),
    `Content-Length: ${body.length}`,
  ];
  return `${head.join('\r\n')}\r\n\r\n${answer.body}`;
}

/** The body as recorded: its text when it is UTF-8, else its base64 (so no byte is lost). */
function requestComment(request: IncomingRequest, maxBodyBytes: number): { comment?: string } {
  if (request.refusal) return { comment: request.refusal };
  if (request.body === undefined)
    return { comment: `body not kept: ${request.bodyBytes} bytes, over the mock's limit of ${maxBodyBytes} bytes (HTTP 413)` };
  if (request.badHost) return { comment: "Host header missing or not a valid authority (HTTP 400); the URL uses the mock's own address" };
  return {};
}

function sealingKeys(options: GatewayOptions): SealingKeys {
  if (!options.clientId) throw new TypeError('gateway mode needs a clientId');
  if (!options.merchantPublicKey || !options.zolozPrivateKey)
    throw new TypeError('gateway mode needs merchantPublicKey and zolozPrivateKey');
  return {
    clientId: options.clientId,
    merchantKey: loadPublicKey(options.merchantPublicKey, 'merchant public key'),
    zolozKey: loadPrivateKey(options.zolozPrivateKey, 'ZOLOZ private key'),
  };
}

function checkConfig(options: GatewayOptions, keys: SealingKeys): GatewayCheckConfig {
  return {
    clientId: keys.clientId,
    merchantKey: keys.merchantKey,
    zolozKey: keys.zolozKey,
    ...(options.paths ? { paths: new Set(options.paths) } : {}),
    ...(options.maxClockSkewSeconds !== undefined ? { maxClockSkewSeconds: options.maxClockSkewSeconds } : {}),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The one-line log shows a method only when it is a short token, and a path only when the spec documents it. */
function logMethod(method: string): string {
  return displayUntrusted(method, 'method');
}

function logPath(path: string, known: ReadonlySet<string> | undefined): string {
  const route = path ? normalizePath(path) : '';
  return known?.has(route) ? route : `(undocumented path, ${path.length} chars)`;
}
