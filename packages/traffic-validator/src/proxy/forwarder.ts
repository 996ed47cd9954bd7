import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1): never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
]);

const IDLE_UPSTREAM_MS = 4_000;

export type RawHeaders = ReadonlyArray<readonly [string, string]>;

/** One exchange as it passed through, bytes as they went over the wire (a body over the limit is not kept). */
export interface ForwardedExchange {
  readonly startedAt: Date;
  readonly request: {
    readonly method: string;
    /** The target URL the request went to. */
    readonly url: string;
    readonly httpVersion: string;
    /** As the caller sent them (names as sent, in order). */
    readonly headers: RawHeaders;
    readonly body: Buffer | undefined;
    readonly bytes: number;
    readonly dropped: DroppedBody | undefined;
  };
  readonly response:
    | {
        readonly status: number;
        readonly statusText: string;
        readonly headers: RawHeaders;
        readonly body: Buffer | undefined;
        readonly bytes: number;
        readonly dropped: DroppedBody | undefined;
      }
    | undefined;
  /** Why there is no (complete) response: the target unreachable, a timeout, a reset. */
  readonly error: string | undefined;
  /** From the request's arrival to the target's last response byte. */
  readonly upstreamMs: number;
}

export interface ForwarderOptions {
  readonly target: URL;
  readonly host: string;
  readonly port: number;
  /** Bodies up to this size are kept for validation and recording; larger ones are forwarded only. */
  readonly maxBodyBytes: number;
  /** What all exchanges in flight may keep together; a body that would pass it is forwarded only. */
  readonly maxBufferedBytes: number;
  /** No byte from the target for this long: the exchange fails (502 when nothing was sent yet). */
  readonly timeoutMs: number;
  /** Called once per request, after its response was forwarded (or failed). */
  readonly onExchange: (exchange: ForwardedExchange) => void;
}

export interface Forwarder {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight exchanges finish (each reported), then closes every connection. */
  close(): Promise<void>;
}

/** Bytes of body kept across every exchange in flight: bounds memory however many callers there are. */
class TapBudget {
  private used = 0;
  constructor(readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  give(bytes: number): void {
    this.used -= bytes;
  }
}

/** Why a body was not kept: over the per-body limit, or over what all exchanges in flight may keep. */
export type DroppedBody = 'size' | 'memory';

/** Keeps a body's bytes up to the per-body limit and while the shared budget allows; past that, only counts. */
class BodyTap {
  private chunks: Buffer[] | undefined = [];
  private kept = 0;
  bytes = 0;
  dropped: DroppedBody | undefined;
  constructor(
    private readonly limit: number,
    private readonly budget: TapBudget,
  ) {}
  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.chunks === undefined) return;
    if (this.bytes > this.limit) this.drop('size');
    else if (!this.budget.take(chunk.length)) this.drop('memory');
    else {
      this.kept += chunk.length;
      this.chunks.push(chunk);
    }
  }
  private drop(why: DroppedBody): void {
    this.dropped = why;
    this.chunks = undefined;
    this.release();
  }
  /** The body (undefined when dropped); its bytes go back to the budget. */
  take(): Buffer | undefined {
    const body = this.chunks === undefined ? undefined : Buffer.concat(this.chunks);
    this.release();
    return body;
  }
  private release(): void {
    this.budget.give(this.kept);
    this.kept = 0;
  }
}

function pairs(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** End-to-end headers in order, names as sent; those the Connection header names are hop-by-hop too. */
function endToEnd(headers: RawHeaders): Array<[string, string]> {
  const named = new Set<string>();
  for (const [name, value] of headers) {
    if (name.toLowerCase() === 'connection') for (const token of value.split(',')) named.add(token.trim().toLowerCase());
  }
  return headers.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()) && !named.has(name.toLowerCase())) as Array<[string, string]>;
}

/** The request's headers for the target: end-to-end ones unchanged, Host naming the target (virtual hosting, TLS). */
function upstreamHeaders(headers: RawHeaders, target: URL): string[] {
  const out: string[] = [];
  for (const [name, value] of endToEnd(headers)) {
    if (name.toLowerCase() === 'host') continue;
    out.push(name, value);
  }
  out.push('Host', target.host);
  return out;
}

function targetPath(target: URL, requestUrl: string): string {
  const base = target.pathname.endsWith('/') ? target.pathname.slice(0, -1) : target.pathname;
  return `${base}${requestUrl.startsWith('/') ? requestUrl : `/${requestUrl}`}`;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Where and how requests go on: shared by every exchange of one forwarder. */
interface Upstream {
  readonly target: URL;
  readonly secure: boolean;
  readonly agent: HttpAgent;
  readonly options: ForwarderOptions;
  readonly budget: TapBudget;
}

/** One request on its way through: both directions forwarded as they stream, bodies tapped, reported once. */
class PassingExchange {
  private readonly startedAt = new Date();
  private readonly t0 = performance.now();
  private readonly requestHeaders: Array<[string, string]>;
  private readonly requestTap: BodyTap;
  private readonly path: string;
  private response: IncomingMessage | undefined;
  private responseTap: BodyTap | undefined;
  private upstreamMs = 0;
  private reported = false;
  private settle: () => void = () => undefined;
  /** Resolves once the exchange was handed to `onExchange`. */
  readonly done = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly via: Upstream,
  ) {
    this.requestHeaders = pairs(req.rawHeaders);
    this.requestTap = new BodyTap(via.options.maxBodyBytes, via.budget);
    this.path = targetPath(via.target, req.url ?? '/');
    const upstream = this.openUpstream();
    res.on('finish', () => this.report(undefined));
    res.on('close', () => this.onCallerClose(upstream));
    req.on('data', (chunk: Buffer) => this.requestTap.add(chunk));
    req.on('error', () => upstream.destroy());
    req.pipe(upstream);
  }

  private openUpstream(): ClientRequest {
    const { target, secure, agent, options } = this.via;
    const upstream = (secure ? httpsRequest : httpRequest)({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port || (secure ? 443 : 80),
      method: this.req.method,
      path: this.path,
      headers: upstreamHeaders(this.requestHeaders, target),
      agent,
      timeout: options.timeoutMs,
    });
    upstream.on('timeout', () => upstream.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    upstream.on('error', (error) => this.onUpstreamError(error));
    upstream.on('response', (response) => this.onUpstreamResponse(response));
    return upstream;
  }

  /** Nothing sent yet: the caller gets a 502. Mid-response: its connection is cut (a truncated body must not pass as whole). */
  private onUpstreamError(error: unknown): void {
    const reason = describeError(error);
    if (!this.res.headersSent) {
      this.res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      this.res.end(`zoloz-openapi proxy: the target did not answer (${reason})\n`);
    } else {
      this.res.destroy();
    }
    this.report(this.response ? `the target broke off the response (${reason})` : `target unreachable (${reason})`);
  }

  private onUpstreamResponse(response: IncomingMessage): void {
    this.response = response;
    const tap = new BodyTap(this.via.options.maxBodyBytes, this.via.budget);
    this.responseTap = tap;
    this.res.sendDate = false; // the target's headers only: no Date added
    this.res.writeHead(response.statusCode ?? 502, response.statusMessage, endToEnd(pairs(response.rawHeaders)).flat());
    response.on('data', (chunk: Buffer) => tap.add(chunk));
    response.on('end', () => {
      this.upstreamMs = performance.now() - this.t0;
    });
    response.on('error', () => undefined); // reported through the request's 'error'
    response.pipe(this.res);
  }

  /** The caller went away before its response was complete: stop the upstream side too. */
  private onCallerClose(upstream: ClientRequest): void {
    if (this.res.writableFinished) return;
    upstream.destroy();
    this.report(this.response?.complete ? undefined : 'the caller closed the connection');
  }

  private report(error: string | undefined): void {
    if (this.reported) return;
    this.reported = true;
    const { req, response, responseTap, requestTap } = this;
    const requestBody = requestTap.take();
    const responseBody = responseTap?.take();
    try {
      this.via.options.onExchange({
        startedAt: this.startedAt,
        request: {
          method: req.method ?? 'GET',
          url: `${this.via.target.origin}${this.path}`,
          httpVersion: req.httpVersion,
          headers: this.requestHeaders,
          body: requestBody,
          bytes: requestTap.bytes,
          dropped: requestTap.dropped,
        },
        response:
          error === undefined && response && responseTap
            ? {
                status: response.statusCode ?? 0,
                statusText: response.statusMessage ?? '',
                headers: pairs(response.rawHeaders),
                body: responseBody,
                bytes: responseTap.bytes,
                dropped: responseTap.dropped,
              }
            : undefined,
        error,
        upstreamMs: this.upstreamMs || performance.now() - this.t0,
      });
    } finally {
      this.settle();
    }
  }
}

/**
 * An observe-only reverse proxy: every byte forwarded unchanged both ways and streamed (bodies are tapped,
 * not buffered before forwarding), keep-alive on both sides, HTTP or HTTPS targets. Whatever the report
 * says, traffic is never altered, delayed or blocked: the exchange is handed on only once it is over.
 */
export async function startForwarder(options: ForwarderOptions): Promise<Forwarder> {
  const { target } = options;
  const secure = target.protocol === 'https:';
  // Idle upstream sockets are dropped after 4 s, before common server keep-alive timeouts (Node's 5 s): reusing
  // one the server is closing would reset a request that never reached it, and the caller would see a 502.
  const pool = { keepAlive: true, timeout: IDLE_UPSTREAM_MS };
  const via: Upstream = {
    target,
    secure,
    agent: secure ? new HttpsAgent(pool) : new HttpAgent(pool),
    options,
    budget: new TapBudget(options.maxBufferedBytes),
  };
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const { done } = new PassingExchange(req, res, via);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await closed;
        via.agent.destroy();
      })();
      return closing;
    },
  };
}
