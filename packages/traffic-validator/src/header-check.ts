import {
  CONTENT_TYPE_ENCRYPTED,
  CONTENT_TYPE_JSON,
  isRequestTime,
  parseEncryptHeader,
  parseSignatureHeader,
} from '@zoloz-openapi/gateway-protocol';
import type { Redactor } from './redaction.js';
import type { Direction, HeaderMap, Violation } from './types.js';

const CLIENT_ID = /^\d{16}$/;

/**
 * The exact shape every official SDK sends (`algorithm=RSA256, signature=<percent-encoded base64>`). Matching it
 * (plus a length check) implies the protocol parser accepts the header, without decoding ~350 characters per
 * exchange; anything else goes through the parser, which also explains what is wrong.
 */
const CANONICAL_PREFIX = 'algorithm=RSA256, signature=';
// Unambiguous (each repetition starts with an escape), so no catastrophic backtracking on hostile input.
const CANONICAL_SIGNATURE = /^algorithm=RSA256, signature=[A-Za-z0-9]*(?:%2[BbFf][A-Za-z0-9]*)*(?:%3[Dd]){0,2}$/;

export function canonicalSignature(value: string): boolean {
  if (!CANONICAL_SIGNATURE.test(value)) return false;
  // Decoded base64 length: each escape is one character; trailing `=` padding does not count.
  let escapes = 0;
  for (let i = value.indexOf('%', CANONICAL_PREFIX.length); i !== -1; i = value.indexOf('%', i + 1)) escapes += 1;
  let padding = 0;
  for (let end = value.length; value.charCodeAt(end - 3) === 37 && value.charCodeAt(end - 2) === 51; end -= 3) padding += 1;
  const length = value.length - CANONICAL_PREFIX.length - 2 * escapes - padding;
  return length > 0 && length % 4 !== 1;
}

/** Time headers repeat (one-second resolution): remember recent verdicts, bounded in count and key length. */
const timeVerdicts = new Map<string, boolean>();
/** A real time header is 24 characters; a hostile one may be megabytes, and is never kept. */
const MAX_CACHED_TIME = 64;
function validTime(value: string): boolean {
  if (value.length > MAX_CACHED_TIME) return isRequestTime(value);
  let verdict = timeVerdicts.get(value);
  if (verdict === undefined) {
    verdict = isRequestTime(value);
    if (timeVerdicts.size >= 4096) timeVerdicts.clear();
    timeVerdicts.set(value, verdict);
  }
  return verdict;
}

/** Header names as the gateway writes them, for reports. */
const DISPLAY: Record<string, string> = {
  'content-type': 'Content-Type',
  'client-id': 'Client-Id',
  'request-time': 'Request-Time',
  'response-time': 'Response-Time',
  signature: 'Signature',
  encrypt: 'Encrypt',
};

/**
 * The gateway headers' presence and format (gateway-protocol.md §2.2, §2.4): Content-Type matching the
 * body's mode, Client-Id, Request-Time / Response-Time, Signature, Encrypt. Signatures are only
 * parsed here; verifying them needs keys (protocol-check).
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one branch per gateway header, as the help lists them; to become a table of header checks next time it changes
export function checkGatewayHeaders(
  direction: Direction,
  headers: HeaderMap,
  encrypted: boolean,
  redactor: Redactor,
  out: Violation[] = [],
): Violation[] {
  const problem = (name: string, keyword: string, message: string, value?: string): void =>
    report(out, direction, redactor, name, keyword, message, value);

  const contentType = headers.get('content-type');
  if (contentType === undefined) problem('content-type', 'missing', 'header is missing');
  else if (contentType !== (encrypted ? CONTENT_TYPE_ENCRYPTED : CONTENT_TYPE_JSON)) {
    const [media = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
    const want = encrypted ? 'text/plain' : 'application/json';
    if (media !== want) {
      problem(
        'content-type',
        'media-type',
        `is not ${want} (${encrypted ? 'the body is encrypted: Encrypt header present' : 'a plain JSON body'})`,
        contentType,
      );
    }
    const charset = params.find((p) => p.startsWith('charset='));
    if (charset !== undefined && charset.replace(/^charset=\s*"?|"$/g, '') !== 'utf-8')
      problem('content-type', 'charset', 'charset is not UTF-8', contentType);
  }

  if (direction === 'request') {
    const clientId = headers.get('client-id');
    if (clientId === undefined) problem('client-id', 'missing', 'header is missing');
    else if (!CLIENT_ID.test(clientId)) problem('client-id', 'format', 'is not a 16-digit client id', clientId);
  }

  const timeName = direction === 'request' ? 'request-time' : 'response-time';
  const time = headers.get(timeName);
  if (time === undefined) problem(timeName, 'missing', 'header is missing');
  else if (!validTime(time)) problem(timeName, 'format', "is not yyyy-MM-dd'T'HH:mm:ss±HHMM", time);

  const signature = headers.get('signature');
  if (signature === undefined) problem('signature', 'missing', 'header is missing');
  else if (!canonicalSignature(signature)) {
    const error = parseError(() => parseSignatureHeader(signature));
    if (error !== undefined) problem('signature', 'format', `is malformed: ${error}`, signature);
  }

  const encrypt = headers.get('encrypt');
  if (encrypt !== undefined) {
    const error = parseError(() => parseEncryptHeader(encrypt));
    if (error !== undefined) problem('encrypt', 'format', `is malformed: ${error}`, encrypt);
  }
  return out;
}

function report(
  out: Violation[],
  direction: Direction,
  redactor: Redactor,
  name: string,
  keyword: string,
  message: string,
  value?: string,
): void {
  const display = DISPLAY[name] ?? name;
  out.push({
    direction,
    category: name === 'content-type' ? 'content-type' : 'header',
    pointer: `/headers/${display}`,
    keyword,
    message: `${display} ${message}`,
    ...(value === undefined ? {} : { value: redactor.show(value, null) }),
  });
}

/** The protocol library's messages never quote header values, keys or bodies; strip its header prefix. */
function parseError(parse: () => unknown): string | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unparsable';
    return message.replace(/^(Signature|Encrypt) header: /, '');
  }
}
