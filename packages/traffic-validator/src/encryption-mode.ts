import type { Violation } from './types.js';

/** Bodies this long or longer are no gateway error (a `result` alone is ~150 bytes); never parsed for this check. */
const MAX_GATEWAY_ERROR_BYTES = 4096;

/**
 * The `encryption/mode` check: a response is encrypted exactly when its request was — except that a gateway
 * error to an encrypted request is plain JSON (the gateway answers before it has, or while it cannot trust, the
 * request's AES key; ZOLOZ's Java SDK and shell client read such an answer as it is). The mock follows the same
 * rule: packages/mock/README.md, "Errors to an encrypted request are not encrypted".
 */
export function encryptionModeViolation(o: {
  readonly requestEncrypted: boolean;
  readonly responseEncrypted: boolean;
  readonly responseBody: string | undefined;
  /** The result codes the gateway itself answers with (the spec's common codes other than SUCCESS). */
  readonly gatewayErrorCodes: ReadonlySet<string>;
}): Violation | undefined {
  if (o.requestEncrypted === o.responseEncrypted) return undefined;
  if (o.requestEncrypted && isPlainGatewayError(o.responseBody, o.gatewayErrorCodes)) return undefined;
  return {
    direction: 'response',
    category: 'encryption',
    pointer: '/headers/Encrypt',
    keyword: 'mode',
    message: o.requestEncrypted
      ? 'the request was encrypted but the response is not (and is no gateway error)'
      : 'the response is encrypted but the request was not',
  };
}

function isPlainGatewayError(body: string | undefined, codes: ReadonlySet<string>): boolean {
  if (body === undefined || body.length >= MAX_GATEWAY_ERROR_BYTES) return false;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return false;
  }
  const result = (json as { result?: { resultStatus?: unknown; resultCode?: unknown } } | null)?.result;
  return typeof result?.resultCode === 'string' && codes.has(result.resultCode) && result.resultStatus !== 'S';
}
