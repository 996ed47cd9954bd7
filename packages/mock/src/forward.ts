import { Agent, request as httpRequest } from 'node:http';
import { getHeader } from '@zoloz-openapi/gateway-protocol';

/** Prism's answer (or an answer given in its place by a pre-Prism check). */
export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

export interface ForwardRequest {
  readonly method: string;
  /** Path and query as Prism should see them. */
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
}

/** Headers that describe one hop and are never copied to the next. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

/** Sends requests to Prism over kept-alive connections; answers larger than `maxAnswerBytes` are an UpstreamError. */
export class Forwarder {
  readonly #upstream: URL;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64 });
  readonly #maxAnswerBytes: number;

  constructor(upstream: string, maxAnswerBytes: number) {
    this.#upstream = new URL(upstream);
    this.#maxAnswerBytes = maxAnswerBytes;
  }

  forward(request: ForwardRequest): Promise<UpstreamAnswer> {
    const { protocol, hostname, port } = this.#upstream;
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { protocol, hostname, port, path: request.target, method: request.method, headers: request.headers, agent: this.#agent },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > this.#maxAnswerBytes) res.destroy(new UpstreamError(`Prism's answer is over ${this.#maxAnswerBytes} bytes`));
            else chunks.push(c);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: pairs(res.rawHeaders), body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** `[name, value]` pairs from Node's flat raw header list. */
export function pairs(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/**
 * The `Prefer` header for Prism: an example name living under a non-2xx response (`exampleStatus`, per path)
 * gets the `code=<status>` Prism needs to find it.
 */
export function preferFor(
  route: string,
  headers: Parameters<typeof getHeader>[0],
  exampleStatus: ReadonlyMap<string, ReadonlyMap<string, number>> | undefined,
): string | undefined {
  const prefer = getHeader(headers, 'prefer');
  if (!prefer) return undefined;
  const byName = exampleStatus?.get(route);
  if (!byName || /(^|[,;\s])code\s*=/.test(prefer)) return prefer;
  const m = /(?:^|[,;\s])example\s*=\s*"?([^",;\s]+)"?/.exec(prefer);
  const status = m ? byName.get(m[1]!) : undefined;
  return status === undefined ? prefer : `code=${status}, ${prefer}`;
}

/** The request's end-to-end headers, minus `drop` (lower-case names). */
export function endToEndHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  drop: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [n, v] of headers) {
    const k = n.toLowerCase();
    if (!HOP_BY_HOP.has(k) && !drop.has(k)) out[n] = v;
  }
  return out;
}
