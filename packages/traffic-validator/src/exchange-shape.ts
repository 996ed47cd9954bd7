import type { CaptureSource, CapturedRequest, CapturedResponse, Exchange, HeaderMap } from './types.js';

/** A capture item whose JSON is fine but whose shape is not an exchange; the message says which field. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function need(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ShapeError(`${where} is ${value === undefined ? 'missing' : 'not an object'}`);
  return value;
}

/** Headers as a HAR list of {name, value} or a plain object; names lower-cased, first value wins. */
function headersFrom(value: unknown, where: string): HeaderMap {
  const map = new Map<string, string>();
  if (value === undefined || value === null) return map;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (!isRecord(item) || typeof item.name !== 'string') throw new ShapeError(`${where}[${i}] is not a {name, value} header`);
      const name = item.name.toLowerCase();
      if (!map.has(name)) map.set(name, headerValue(item.value, `${where}[${i}].value`));
    });
    return map;
  }
  if (isRecord(value)) {
    let position = 0;
    for (const name in value) {
      const raw = value[name];
      const lower = name.toLowerCase();
      const first = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw[0] : raw;
      // The name came from the capture: the message gives its position, never the name.
      if (!map.has(lower)) map.set(lower, typeof first === 'string' ? first : headerValue(first, `${where} (header #${position + 1})`));
      position += 1;
    }
    return map;
  }
  throw new ShapeError(`${where} is neither a list of {name, value} nor an object`);
}

function headerValue(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ShapeError(`${where} is not a string`);
}

function bodyFrom(body: unknown, encoding: unknown, where: string): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    if (encoding === undefined || encoding === null || encoding === '' || encoding === 'utf8' || encoding === 'utf-8') return body;
    if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
    throw new ShapeError(`${where} has an unsupported encoding (only "base64" is)`);
  }
  // An already-parsed body (JSONL only): its exact bytes are gone, so signatures over it cannot verify.
  if (typeof body === 'object') return JSON.stringify(body);
  throw new ShapeError(`${where} is neither text nor JSON`);
}

function methodFrom(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new ShapeError(`${where} is missing`);
  return value.toUpperCase();
}

function statusFrom(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ShapeError(`${where} is not an integer HTTP status`);
  return value;
}

/** HAR 1.2 entry → Exchange. A response with status 0 (browsers: no response received) counts as none. */
export function exchangeFromHarEntry(entry: unknown, index: number, source: CaptureSource): Exchange {
  const e = need(entry, 'entry');
  const req = need(e.request, 'entry.request');
  if (typeof req.url !== 'string') throw new ShapeError('entry.request.url is missing');
  const postData = req.postData === undefined || req.postData === null ? undefined : need(req.postData, 'entry.request.postData');
  const request: CapturedRequest = {
    method: methodFrom(req.method, 'entry.request.method'),
    url: req.url,
    headers: headersFrom(req.headers, 'entry.request.headers'),
    body: postData ? bodyFrom(postData.text, postData.encoding, 'entry.request.postData.text') : undefined,
  };
  let response: CapturedResponse | undefined;
  if (e.response !== undefined && e.response !== null) {
    const res = need(e.response, 'entry.response');
    const status = statusFrom(res.status, 'entry.response.status');
    if (status !== 0) {
      const content = res.content === undefined || res.content === null ? undefined : need(res.content, 'entry.response.content');
      response = {
        status,
        headers: headersFrom(res.headers, 'entry.response.headers'),
        body: content ? bodyFrom(content.text, content.encoding, 'entry.response.content.text') : undefined,
      };
    }
  }
  const id = typeof e._id === 'string' ? e._id : undefined;
  return { index, source, ...(id === undefined ? {} : { id }), request, response };
}

/** JSONL record (docs/traffic-jsonl-format.md) → Exchange. */
export function exchangeFromJsonlRecord(record: unknown, index: number, source: CaptureSource): Exchange {
  const r = need(record, 'line');
  const req = need(r.request, 'request');
  const url = typeof req.url === 'string' ? req.url : typeof req.path === 'string' ? req.path : undefined;
  if (url === undefined) throw new ShapeError('request.url (or request.path) is missing');
  const request: CapturedRequest = {
    method: methodFrom(req.method, 'request.method'),
    url,
    headers: headersFrom(req.headers, 'request.headers'),
    body: bodyFrom(req.body, req.bodyEncoding, 'request.body'),
  };
  let response: CapturedResponse | undefined;
  if (r.response !== undefined && r.response !== null) {
    const res = need(r.response, 'response');
    response = {
      status: statusFrom(res.status, 'response.status'),
      headers: headersFrom(res.headers, 'response.headers'),
      body: bodyFrom(res.body, res.bodyEncoding, 'response.body'),
    };
  }
  const id = typeof r.id === 'string' ? r.id : typeof r.id === 'number' ? String(r.id) : undefined;
  return { index, source, ...(id === undefined ? {} : { id }), request, response };
}
