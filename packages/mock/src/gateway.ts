import { createServer, request as httpRequest, Agent, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import {
  CONTENT_TYPE_JSON,
  DecryptionError,
  HEADER,
  MalformedHeaderError,
  SignatureVerificationError,
  UnsupportedAlgorithmError,
  getHeader,
  isRequestTime,
  parseRequestTime,
  loadPrivateKey,
  loadPublicKey,
  openMessage,
  sealMessage,
  type KeyInput,
} from '@zoloz-openapi/gateway-protocol';
import { operations, type Operation } from '@zoloz-openapi/generated/operations';
import type { Recorder } from './record.js';
import { checkRawRequest, checkRequest } from './request-check.js';

/**
 * The common gateway result codes, with the status and message the spec gives them (from the generated
 * operations table; every operation lists the same common codes). A wrong Client-Id gets
 * MERCHANT_NOT_FOUND: the gateway finds no merchant (and so no key) for it. ZOLOZ documents no
 * CLIENT_INVALID code.
 */
type CommonCode = Extract<Operation['resultCodes'][number], { source: 'common' }>;
export type GatewayResultCode = CommonCode['code'];
export const GATEWAY_RESULTS: ReadonlyMap<GatewayResultCode, { readonly status: string; readonly message: string }> = new Map(
  (operations[0].resultCodes as readonly Operation['resultCodes'][number][])
    .filter((c): c is CommonCode => c.source === 'common')
    .map((c) => [c.code, { status: c.status, message: c.description }]),
);

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
  readonly recorder?: Recorder;
  readonly host?: string;
  readonly port?: number;
  /**
   * Refuse a JSON request body that breaks the bundled contract before Prism sees it (request-check.ts).
   * Only meaningful when Prism serves the bundled spec; default false.
   */
  readonly checkRequests?: boolean;
  /** Largest body accepted, bytes (default 20 MiB). */
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

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length']);

interface UpstreamResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export async function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const mode = options.mode ?? 'gateway';
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const maxBody = options.maxBodyBytes ?? 20 * 1024 * 1024;
  const paths = options.paths ? new Set(options.paths) : undefined;

  let merchantKey: KeyObject | undefined;
  let zolozKey: KeyObject | undefined;
  let clientId = '';
  if (mode === 'gateway') {
    if (!options.clientId) throw new TypeError('gateway mode needs a clientId');
    if (!options.merchantPublicKey || !options.zolozPrivateKey) throw new TypeError('gateway mode needs merchantPublicKey and zolozPrivateKey');
    clientId = options.clientId;
    merchantKey = loadPublicKey(options.merchantPublicKey, 'merchant public key');
    zolozKey = loadPrivateKey(options.zolozPrivateKey, 'ZOLOZ private key');
  }

  const forward = (path: string, method: string, headers: Record<string, string>, body: string | Buffer): Promise<UpstreamResponse> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, path, method, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const out: Array<[string, string]> = [];
            for (let i = 0; i < res.rawHeaders.length; i += 2) out.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
            resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const preferFor = (path: string, prefer: string | undefined): string | undefined => {
    if (!prefer) return undefined;
    const byName = options.exampleStatus?.get(path);
    if (!byName || /(^|[,;\s])code\s*=/.test(prefer)) return prefer;
    const m = /(?:^|[,;\s])example\s*=\s*"?([^",;\s]+)"?/.exec(prefer);
    const status = m ? byName.get(m[1]!) : undefined;
    return status === undefined ? prefer : `code=${status}, ${prefer}`;
  };

  async function handle(req: IncomingMessage, res: ServerResponse, rawBody: Buffer, startedAt: Date): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const reqHeaders: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) reqHeaders.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const bodyText = rawBody.toString('utf8');

    let status = 200;
    let outHeaders: Array<[string, string]>;
    let outBody: string;
    let resultCode: string | undefined;

    if (mode === 'passthrough') {
      const fwd: Record<string, string> = {};
      for (const [n, v] of reqHeaders) if (!HOP_BY_HOP.has(n.toLowerCase())) fwd[n] = v;
      const pref = preferFor(path, getHeader(req.headers, 'prefer'));
      if (pref !== undefined) fwd['Prefer'] = pref;
      const refused = options.checkRequests && method === 'POST' ? checkRawRequest(path, getHeader(req.headers, HEADER.contentType), rawBody) : undefined;
      const up = refused ?? (await forward(req.url ?? '/', method, fwd, rawBody));
      status = up.status;
      outHeaders = up.headers.filter(([n]) => !HOP_BY_HOP.has(n.toLowerCase()));
      outBody = up.body;
      resultCode = resultCodeOf(outBody);
    } else {
      const reqClientId = getHeader(req.headers, HEADER.clientId);
      // Gateway errors are answered like ZOLOZ does: HTTP 200, a `result` body, signed (so a client that verifies
      // responses can still read the code) over the Client-Id the request carried.
      const gatewayError = (code: GatewayResultCode): void => {
        resultCode = code;
        const { status: resultStatus, message } = GATEWAY_RESULTS.get(code)!;
        const body = JSON.stringify({ result: { resultStatus, resultCode: code, resultMessage: message } });
        const signAs = reqClientId && /^[^\s.]+$/.test(reqClientId) ? reqClientId : clientId;
        const sealed = sealMessage({ direction: 'response', path: safePath(path), clientId: signAs, body, signingKey: zolozKey! });
        status = 200;
        outHeaders = Object.entries(sealed.headers);
        outBody = sealed.body;
      };
      if (method !== 'POST' || (paths && !paths.has(path)) || !isSafePath(path)) {
        gatewayError('NO_INTERFACE_DEF');
      } else {
        const requestTime = getHeader(req.headers, HEADER.requestTime);
        const signature = getHeader(req.headers, HEADER.signature);
        const contentType = getHeader(req.headers, HEADER.contentType) ?? '';
        const encryptHeader = getHeader(req.headers, HEADER.encrypt);
        if (!reqClientId || !requestTime || !signature || (/^\s*text\/plain/i.test(contentType) && !encryptHeader)) {
          gatewayError('PARAM_MISSING');
        } else if (!isRequestTime(requestTime) || !withinSkew(requestTime, options.maxClockSkewSeconds)) {
          gatewayError('PARAM_ILLEGAL');
        } else if (reqClientId !== clientId) {
          gatewayError('MERCHANT_NOT_FOUND');
        } else {
          let opened: ReturnType<typeof openMessage> | undefined;
          try {
            opened = openMessage({
              direction: 'request', path, clientId, headers: req.headers, body: bodyText,
              verifyWith: merchantKey!, decryptWith: zolozKey!,
            });
          } catch (err) {
            if (err instanceof SignatureVerificationError) gatewayError('SIGNATURE_INVALID');
            else if (err instanceof DecryptionError) gatewayError('MSG_PARSE_ERROR');
            else if (err instanceof UnsupportedAlgorithmError || err instanceof MalformedHeaderError) gatewayError('PARAM_ILLEGAL');
            else throw err;
          }
          if (opened) {
            let json: unknown;
            try {
              json = JSON.parse(opened.body);
            } catch {
              json = undefined;
            }
            if (json === null || typeof json !== 'object' || Array.isArray(json)) {
              gatewayError('MSG_PARSE_ERROR');
            } else {
              const fwd: Record<string, string> = {
                'Content-Type': CONTENT_TYPE_JSON,
                Accept: 'application/json',
              };
              // Headers the spec may declare as parameters travel on to Prism so it validates them too.
              for (const [n, v] of reqHeaders) {
                const k = n.toLowerCase();
                if (HOP_BY_HOP.has(k) || k === 'content-type' || k === 'encrypt' || k === 'accept') continue;
                fwd[n] = v;
              }
              const pref = preferFor(path, getHeader(req.headers, 'prefer'));
              if (pref !== undefined) fwd['Prefer'] = pref;
              const up = (options.checkRequests ? checkRequest(path, json) : undefined) ?? (await forward(path, 'POST', fwd, opened.body));
              const upJson = isJsonResponse(up) ? up.body : undefined;
              if (up.status === 404 && /NO_PATH_MATCHED/.test(up.body)) {
                gatewayError('NO_INTERFACE_DEF');
              } else {
                // A body that is not JSON (e.g. Prism's problem+json for an unknown example) goes back as Prism wrote it.
                const body = upJson ?? up.body;
                const sealed = sealMessage({
                  direction: 'response', path, clientId, body, signingKey: zolozKey!,
                  ...(opened.encrypted ? { encryptFor: merchantKey!, aesKey: opened.aesKey! } : {}),
                });
                status = up.status;
                outHeaders = Object.entries(sealed.headers);
                if (!upJson) {
                  const ct = up.headers.find(([n]) => n.toLowerCase() === 'content-type');
                  if (ct && !opened.encrypted) outHeaders = outHeaders.map(([n, v]) => (n === HEADER.contentType ? [n, ct[1]] : [n, v]));
                }
                outBody = sealed.body;
                resultCode = resultCodeOf(body);
              }
            }
          }
        }
      }
    }

    const bodyBuf = Buffer.from(outBody!, 'utf8');
    const finalHeaders: Array<[string, string]> = [...outHeaders!, ['Content-Length', String(bodyBuf.length)]];
    res.writeHead(status, finalHeaders.flat());
    res.end(bodyBuf);
    const durationMs = Date.now() - startedAt.getTime();
    options.onExchange?.(`${method} ${path} → ${status}${resultCode ? ` ${resultCode}` : ''} (${durationMs} ms)`);
    options.recorder?.write({
      startedAt,
      durationMs,
      request: {
        method,
        url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
        httpVersion: req.httpVersion,
        headers: reqHeaders,
        body: bodyText,
      },
      response: { status, statusText: STATUS_CODES[status] ?? '', headers: finalHeaders, body: outBody! },
    });
  }

  const server = createServer((req, res) => {
    const startedAt = new Date();
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        tooLarge = true;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) {
        res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
        res.end('request body too large for the mock gateway\n');
        return;
      }
      handle(req, res, Buffer.concat(chunks), startedAt).catch((err: unknown) => {
        options.onExchange?.(`${req.method} ${req.url} → 502 (${err instanceof Error ? err.message : 'upstream error'})`);
        if (!res.headersSent) {
          res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('mock gateway: the Prism mock behind it did not answer\n');
        } else {
          res.destroy();
        }
      });
    });
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 5000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
        agent.destroy();
      });
      return closing;
    },
  };
}

function isSafePath(path: string): boolean {
  return path.startsWith('/') && !/[\s?#]/.test(path);
}

function safePath(path: string): string {
  return isSafePath(path) ? path : '/';
}

function withinSkew(requestTime: string, maxSkewSeconds: number | undefined): boolean {
  if (maxSkewSeconds === undefined) return true;
  return Math.abs(Date.now() - parseRequestTime(requestTime).date.getTime()) <= maxSkewSeconds * 1000;
}

function isJsonResponse(up: UpstreamResponse): boolean {
  const ct = up.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
  return /^application\/json/i.test(ct);
}

function resultCodeOf(body: string): string | undefined {
  const m = /"resultCode"\s*:\s*"([A-Z0-9_]{1,64})"/.exec(body.slice(0, 4096));
  return m?.[1];
}
