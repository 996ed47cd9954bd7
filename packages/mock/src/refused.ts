import { plainTextAnswer, type Answer } from './seal.js';
import type { IncomingRequest } from './incoming.js';
import type { MockLimits } from './limits.js';

/**
 * A request Node's HTTP parser refused, as the mock answers and records it: 431 when the head is over
 * `maxHeaderBytes`, 408 when it did not arrive in time, 400 for anything else malformed. Only what the parser
 * had read is known: the request line when it was complete and well-formed, never the headers. Undefined for
 * socket errors that are no request at all (a reset idle connection).
 */
export function refusedRequest(
  err: NodeJS.ErrnoException & { rawPacket?: Buffer },
  limits: Pick<MockLimits, 'maxHeaderBytes' | 'maxRefusedRequestLineBytes'>,
): { request: IncomingRequest; answer: Answer } | undefined {
  const code = err.code ?? '';
  if (!code.startsWith('HPE_') && code !== 'ERR_HTTP_REQUEST_TIMEOUT') return undefined;
  const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const line = requestLine(err.rawPacket, limits.maxRefusedRequestLineBytes);
  const why =
    status === 431
      ? `request head over the mock's limit of ${limits.maxHeaderBytes} bytes (HTTP 431)`
      : status === 408
        ? 'request head not received in time (HTTP 408)'
        : `request refused by the HTTP parser (${code}, HTTP 400)`;
  const request: IncomingRequest = {
    startedAt: new Date(),
    method: line?.method ?? '-',
    target: line?.target ?? '/',
    path: line?.path ?? '',
    query: line?.query ?? '',
    httpVersion: line?.httpVersion ?? '1.1',
    headers: [],
    nodeHeaders: {},
    authority: undefined,
    badHost: false,
    body: undefined,
    bodyBytes: 0,
    refusal: `${why}; headers and body not kept${line ? '' : ', request line unreadable'}`,
  };
  return { request, answer: plainTextAnswer(status, `${status} ${statusText(status)}`) };
}

function statusText(status: number): string {
  return status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
}

const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]{1,16}) (\/[\x21-\x7e]*) HTTP\/(1\.[01])\r?\n/;

function requestLine(raw: Buffer | undefined, maxBytes: number) {
  if (!raw) return undefined;
  const m = REQUEST_LINE.exec(raw.subarray(0, maxBytes).toString('latin1'));
  if (!m) return undefined;
  const target = m[2]!;
  const q = target.search(/[?#]/);
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 || target[q] === '#' ? '' : target.slice(q).replace(/#.*$/, '');
  return { method: m[1]!, target, path, query, httpVersion: m[3]! };
}
