import { isRequestTime, parseEncryptHeader, parseSignatureHeader } from '@zoloz-openapi/gateway-protocol';
import type { Redactor } from './redaction.js';
import type { Direction, HeaderMap, Violation } from './types.js';

const CLIENT_ID = /^\d{16}$/;

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
export function checkGatewayHeaders(direction: Direction, headers: HeaderMap, encrypted: boolean, redactor: Redactor): Violation[] {
  const out: Violation[] = [];
  const problem = (name: string, keyword: string, message: string, value?: string): void => {
    const display = DISPLAY[name] ?? name;
    out.push({
      direction,
      category: name === 'content-type' ? 'content-type' : 'header',
      pointer: `/headers/${display}`,
      keyword,
      message: `${display} ${message}`,
      ...(value === undefined ? {} : { value: redactor.show(value, null) }),
    });
  };

  const contentType = headers.get('content-type');
  if (contentType === undefined) problem('content-type', 'missing', 'header is missing');
  else {
    const [media = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
    const want = encrypted ? 'text/plain' : 'application/json';
    if (media !== want) {
      problem('content-type', 'media-type', `is not ${want} (${encrypted ? 'the body is encrypted: Encrypt header present' : 'a plain JSON body'})`, contentType);
    }
    const charset = params.find((p) => p.startsWith('charset='));
    if (charset !== undefined && charset.replace(/^charset=\s*"?|"$/g, '') !== 'utf-8') problem('content-type', 'charset', 'charset is not UTF-8', contentType);
  }

  if (direction === 'request') {
    const clientId = headers.get('client-id');
    if (clientId === undefined) problem('client-id', 'missing', 'header is missing');
    else if (!CLIENT_ID.test(clientId)) problem('client-id', 'format', 'is not a 16-digit client id', clientId);
  }

  const timeName = direction === 'request' ? 'request-time' : 'response-time';
  const time = headers.get(timeName);
  if (time === undefined) problem(timeName, 'missing', 'header is missing');
  else if (!isRequestTime(time)) problem(timeName, 'format', "is not yyyy-MM-dd'T'HH:mm:ss±HHMM", time);

  const signature = headers.get('signature');
  if (signature === undefined) problem('signature', 'missing', 'header is missing');
  else {
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
