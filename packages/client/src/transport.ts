import createClient from 'openapi-fetch';
import type { paths } from '@zoloz-openapi/generated/types';
import type { FetchLike } from './options.js';

/** One POST as the gateway protocol sends it: sealed headers and body, the raw answer text kept. */
export interface PostRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly signal: AbortSignal;
}

export interface PostResult {
  readonly response: Response;
  /** The body exactly as received (signatures cover the raw text). */
  readonly raw: string;
}

export type Post = (request: PostRequest) => Promise<PostResult>;

/**
 * openapi-fetch builds a WHATWG Request for every call, and undici's fetch(Request) then copies it again —
 * about 0.1–0.2 ms per call on Node 20, more than everything else the client adds except the RSA signature.
 * openapi-fetch's `Request` option lets it build this carrier instead (it only reads `method` from it), and
 * the fetch below calls fetch(url, init) directly.
 */
class PendingRequest {
  readonly method: string;
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {
    this.method = String(init.method ?? 'GET');
  }
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** The openapi-fetch client over `fetch`, reduced to the one call the gateway protocol needs. */
export function createTransport(o: { readonly baseUrl: string; readonly fetch: FetchLike | undefined }): Post {
  // openapi-fetch parses a non-2xx body as JSON and drops the raw text, but a signature covers the raw text:
  // keep a copy of non-2xx bodies (2xx bodies come back raw through parseAs: 'text').
  const baseFetch: FetchLike = o.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const errorBodies = new WeakMap<Response, string>();
  const api = createClient<paths>({
    baseUrl: o.baseUrl,
    Request: PendingRequest as unknown as typeof Request,
    fetch: async (req: Request) => {
      const pending = req as unknown as PendingRequest;
      const res = await baseFetch(pending.url, pending.init);
      if (res.ok) return res;
      const text = await res.text();
      const copy = new Response(NULL_BODY_STATUS.has(res.status) ? null : text, res);
      errorBodies.set(copy, text);
      return copy;
    },
  });
  // The typed surface is ZolozClient; inside, operations are dispatched by the table's path, so openapi-fetch's
  // per-path generics are bypassed at this single point.
  const post = api.POST as unknown as (
    path: string,
    init: Record<string, unknown>,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  return async (request) => {
    const r = await post(request.path, {
      body: request.body,
      bodySerializer: () => request.body,
      headers: request.headers,
      parseAs: 'text',
      signal: request.signal,
    });
    const response = r.response;
    const raw = response.ok ? (typeof r.data === 'string' ? r.data : '') : (errorBodies.get(response) ?? '');
    return { response, raw };
  };
}
