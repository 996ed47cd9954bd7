import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { pairs } from './forward.js';

/** One request as received: what the checks, the answer and the recorder need, read once. */
export interface IncomingRequest {
  readonly startedAt: Date;
  readonly method: string;
  /** The request target as sent (`req.url`). */
  readonly target: string;
  /** The target's path as sent, no query ('' for a target that has no path, e.g. `*`). */
  readonly path: string;
  /** The target's query with its `?`, or ''. */
  readonly query: string;
  readonly httpVersion: string;
  /** Header [name, value] pairs in arrival order, names as sent. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly nodeHeaders: IncomingHttpHeaders;
  /** The Host header when it is a valid authority (RFC 3986 §3.2); undefined when absent or not. */
  readonly authority: string | undefined;
  /** HTTP/1.1 requires a Host, and any Host sent must be a valid authority. */
  readonly badHost: boolean;
  /** The body, or undefined when it was over the limit (then only its size is kept). */
  readonly body: Buffer | undefined;
  readonly bodyBytes: number;
  /** Set when Node's parser refused the request (see refused.ts): why, and what was not kept. */
  readonly refusal?: string;
}

/** Reads a request; a body over `maxBodyBytes` is drained and counted, not kept. */
export function readIncoming(req: IncomingMessage, maxBodyBytes: number, startedAt = new Date()): Promise<IncomingRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBodyBytes) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('error', reject);
    req.on('end', () => {
      const target = req.url ?? '/';
      const host = req.headers.host;
      const authority = host !== undefined && isValidAuthority(host) ? host : undefined;
      resolve({
        startedAt,
        method: req.method ?? 'GET',
        target,
        ...targetParts(target),
        httpVersion: req.httpVersion,
        headers: pairs(req.rawHeaders),
        nodeHeaders: req.headers,
        authority,
        badHost: host === undefined ? req.httpVersion === '1.1' : authority === undefined,
        body: size <= maxBodyBytes ? Buffer.concat(chunks) : undefined,
        bodyBytes: size,
      });
    });
  });
}

/** Path and query of a request target: origin-form (`/p?q`) or absolute-form (`http://h/p?q`). */
export function targetParts(target: string): { path: string; query: string } {
  let rest = target;
  if (!rest.startsWith('/')) {
    const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
    if (!scheme) return { path: '', query: '' };
    rest = rest.slice(scheme[0].length) || '/';
  }
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  return q === -1 ? { path: rest, query: '' } : { path: rest.slice(0, q), query: rest.slice(q) };
}

// host = IP-literal / IPv4address / reg-name, then an optional port (RFC 3986 §3.2.2-3).
const IP_LITERAL = String.raw`\[(?:[0-9A-Fa-f:.]{2,45}|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]`;
const REG_NAME = String.raw`(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*`;
const AUTHORITY = new RegExp(`^(?:${IP_LITERAL}|${REG_NAME})(?::\\d{0,5})?$`);

/** Whether a Host header value is a valid authority that a URL can be built on. */
export function isValidAuthority(host: string): boolean {
  if (host.length === 0 || host.length > 255 || !AUTHORITY.test(host)) return false;
  try {
    new URL(`http://${host}/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute URL to record: the client's Host when valid, else the mock's own address (the Host header itself
 * is recorded as sent), so the URL always parses.
 */
export function recordedUrl(request: Pick<IncomingRequest, 'authority' | 'path' | 'query'>, ownAuthority: string): string {
  const base = `http://${request.authority ?? ownAuthority}`;
  const url = `${base}${request.path || '/'}${request.query}`;
  try {
    new URL(url);
    return url;
  } catch {
    return `${base}/`;
  }
}
