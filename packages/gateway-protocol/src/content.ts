import { InvalidArgumentError } from './errors.js';

export interface ContentToSignInput {
  /** The REQUEST path, e.g. `/api/v1/zoloz/realid/initialize` (no host, no query) — also for responses. */
  readonly path: string;
  /** The merchant's Client-Id — also for responses. */
  readonly clientId: string;
  /** The `Request-Time` header (request) or `Response-Time` header (response), verbatim. */
  readonly time: string;
  /** The body exactly as sent / received: JSON text, or the base64 ciphertext when encrypted. */
  readonly body: string;
}

/**
 * The string both sides sign: `"POST " + path + "\n" + clientId + "." + time + "." + body`.
 * The gateway only accepts POST; a single LF; no trailing newline.
 */
export function contentToSign({ path, clientId, time, body }: ContentToSignInput): string {
  if (typeof path !== 'string' || !path.startsWith('/') || /[\s?#]/.test(path)) {
    throw new InvalidArgumentError('path must start with "/" and contain no whitespace, query or fragment');
  }
  if (typeof clientId !== 'string' || clientId === '' || /[\s.]/.test(clientId)) {
    throw new InvalidArgumentError('clientId must be a non-empty string without whitespace or "."');
  }
  if (typeof time !== 'string' || /[\r\n]/.test(time)) throw new InvalidArgumentError('time must be a single-line string');
  if (typeof body !== 'string') throw new InvalidArgumentError('body must be a string');
  return `POST ${path}\n${clientId}.${time}.${body}`;
}
