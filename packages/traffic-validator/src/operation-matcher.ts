import { normalizePath } from '@zoloz-openapi/gateway-protocol';
import type { OperationInfo } from './spec-runtime.js';

export type MatchResult =
  | { readonly kind: 'operation'; readonly operation: OperationInfo; readonly path: string }
  /** `samepath`: an operation documented for this path with another method. No input text is kept in a reason here: the caller shows it by the display rule. */
  | { readonly kind: 'undocumented'; readonly path: string; readonly samePath?: OperationInfo };

/** Longest `method url` kept as a cache key (real gateway URLs are under 200 characters). */
const MAX_CACHED_KEY = 1024;

interface Candidate {
  readonly segments: readonly string[];
  readonly operation: OperationInfo;
}

/**
 * Matches requests to operations by method and path, whatever the host or a base-path prefix in front
 * (proxies, gateways): the operation's path must equal the last segments of the request path.
 * Templated segments (`{id}`) match any one segment; the longest documented path wins. The request path is
 * read with the shared path rule (`normalizePath`: dot segments, double slashes, percent-encoding), the one the
 * mock routes by.
 */
export class OperationMatcher {
  private readonly byLastSegment = new Map<string, Candidate[]>();
  private readonly templatedLast: Candidate[] = [];

  constructor(operations: readonly OperationInfo[]) {
    for (const operation of operations) {
      const segments = splitPath(operation.path);
      const last = segments[segments.length - 1] ?? '';
      const candidate = { segments, operation };
      if (isTemplate(last)) this.templatedLast.push(candidate);
      else this.byLastSegment.set(last, [...(this.byLastSegment.get(last) ?? []), candidate]);
    }
    for (const list of this.byLastSegment.values()) list.sort((a, b) => b.segments.length - a.segments.length);
  }

  /** Captures repeat a handful of URLs: remember recent results, bounded in count and in key length. */
  private readonly recent = new Map<string, MatchResult>();

  match(method: string, url: string): MatchResult {
    // A hostile capture's URLs can be megabytes each: those are matched every time, never kept.
    if (method.length + url.length > MAX_CACHED_KEY) return this.lookup(method, url);
    const key = `${method} ${url}`;
    let result = this.recent.get(key);
    if (result === undefined) {
      result = this.lookup(method, url);
      if (this.recent.size >= 4096) this.recent.clear();
      this.recent.set(key, result);
    }
    return result;
  }

  private lookup(method: string, url: string): MatchResult {
    const path = pathOf(url);
    const segments = splitPath(normalizePath(path));
    const last = segments[segments.length - 1] ?? '';
    const candidates = [...(this.byLastSegment.get(last) ?? []), ...this.templatedLast];
    let pathMatched: Candidate | undefined;
    for (const candidate of candidates) {
      if (!endsWith(segments, candidate.segments)) continue;
      if (candidate.operation.method.toUpperCase() === method) return { kind: 'operation', operation: candidate.operation, path };
      pathMatched ??= candidate;
    }
    return pathMatched ? { kind: 'undocumented', path, samePath: pathMatched.operation } : { kind: 'undocumented', path };
  }
}

/** The path of an absolute URL, a path-only URL, or a path with a query; no host, no query, no fragment. */
export function pathOf(url: string): string {
  let rest = url;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const cut = rest.search(/[?#]/);
  if (cut !== -1) rest = rest.slice(0, cut);
  return rest === '' ? '/' : rest;
}

/**
 * The path a request's signature covers: the path as sent when it is the documented path under the shared path
 * rule (dot segments and all: the client signed what it sent, and the mock verifies so), else the documented
 * path (a proxy's base-path prefix in front is not part of what the client signed).
 */
export function signedPathOf(url: string, documentedPath: string): string {
  const sent = pathOf(url);
  return sent !== documentedPath && normalizePath(sent) === documentedPath ? sent : documentedPath;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function isTemplate(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function endsWith(actual: readonly string[], documented: readonly string[]): boolean {
  if (documented.length > actual.length) return false;
  const offset = actual.length - documented.length;
  for (let i = 0; i < documented.length; i += 1) {
    const want = documented[i]!;
    if (!isTemplate(want) && want !== actual[offset + i]) return false;
  }
  return true;
}
