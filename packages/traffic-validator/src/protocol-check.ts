import type { KeyObject } from 'node:crypto';
import { contentToSign, decryptBody, parseSignatureHeader, unwrapSymmetricKey, verifyContent } from '@zoloz-openapi/gateway-protocol';
import type { TrafficKeys } from './keys.js';
import type { CheckOutcome, Exchange, Violation } from './types.js';

export interface ProtocolOutcome {
  /** Plaintext bodies to validate; undefined when the body is encrypted and could not be decrypted. */
  readonly requestBody: string | undefined;
  readonly responseBody: string | undefined;
  readonly requestSignature: CheckOutcome;
  readonly responseSignature: CheckOutcome;
  readonly decryption: CheckOutcome;
  readonly violations: Violation[];
}

/**
 * With keys: verifies both signatures over the raw bytes (gateway-protocol.md §3) and decrypts RSA_AES
 * bodies (§4) before validation. Without the needed key a check is `skipped`, never guessed.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: request and response signature and decryption, in the order they depend on each other; to split per direction next time it changes
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the same function, by length
export function checkProtocol(exchange: Exchange, signedPath: string, keys: TrafficKeys | undefined): ProtocolOutcome {
  const { request, response } = exchange;
  // The common case without keys: nothing to verify or decrypt.
  if (keys === undefined && !request.headers.has('encrypt') && response?.headers.has('encrypt') !== true) {
    return {
      requestBody: request.body,
      responseBody: response?.body,
      requestSignature: 'skipped',
      responseSignature: response ? 'skipped' : 'not-applicable',
      decryption: 'not-applicable',
      violations: [],
    };
  }
  const violations: Violation[] = [];
  const clientId = keys?.clientId ?? request.headers.get('client-id') ?? '';
  const requestEncrypted = request.headers.has('encrypt');
  const responseEncrypted = response?.headers.has('encrypt') === true;

  const verify = (direction: 'request' | 'response', key: KeyObject | undefined): CheckOutcome => {
    const message = direction === 'request' ? request : response;
    if (!message) return 'not-applicable';
    if (!key) return 'skipped';
    const header = message.headers.get('signature');
    const time = message.headers.get(direction === 'request' ? 'request-time' : 'response-time');
    // Missing or malformed headers are already reported by the header check.
    if (header === undefined || time === undefined) return 'failed';
    let signature: Buffer;
    try {
      signature = parseSignatureHeader(header).signature;
    } catch {
      return 'failed';
    }
    const content = contentToSign({ path: signedPath, clientId, time, body: message.body ?? '' });
    if (verifyContent(content, signature, key)) return 'passed';
    violations.push({
      direction,
      category: 'signature',
      pointer: '/headers/Signature',
      keyword: 'signature',
      message: `${direction} signature does not verify with the ${direction === 'request' ? 'merchant' : 'ZOLOZ'} public key (signed over POST ${signedPath}, Client-Id, ${direction === 'request' ? 'Request-Time' : 'Response-Time'} and the raw body)`,
    });
    return 'failed';
  };
  const requestSignature = verify('request', keys?.merchantPublicKey);
  const responseSignature = verify('response', keys?.zolozPublicKey);

  if (!requestEncrypted && !responseEncrypted) {
    return {
      requestBody: request.body,
      responseBody: response?.body,
      requestSignature,
      responseSignature,
      decryption: 'not-applicable',
      violations,
    };
  }

  let requestBody = requestEncrypted ? undefined : request.body;
  let responseBody = responseEncrypted ? undefined : response?.body;
  let failed = false;
  let skipped = false;
  const unwrap = (header: string | undefined, key: KeyObject | undefined): Buffer | undefined => {
    if (header === undefined || key === undefined) return undefined;
    try {
      return unwrapSymmetricKey(header, key);
    } catch {
      return undefined;
    }
  };
  const tryDecrypt = (body: string | undefined, aesKey: Buffer | undefined): string | undefined => {
    if (body === undefined || aesKey === undefined) return undefined;
    try {
      return decryptBody(body, aesKey);
    } catch {
      return undefined;
    }
  };
  const requestKey = requestEncrypted ? unwrap(request.headers.get('encrypt'), keys?.zolozPrivateKey) : undefined;
  const responseKey = responseEncrypted ? unwrap(response?.headers.get('encrypt'), keys?.merchantPrivateKey) : undefined;

  const decryptionFailed = (direction: 'request' | 'response', why: string): void => {
    failed = true;
    violations.push({
      direction,
      category: 'encryption',
      pointer: '/headers/Encrypt',
      keyword: 'decrypt',
      message: `${direction} body could not be decrypted: ${why}`,
    });
  };

  if (requestEncrypted) {
    // The gateway answers with the request's AES key (re-wrapped for the merchant), so the merchant key opens both.
    requestBody = tryDecrypt(request.body, requestKey) ?? tryDecrypt(request.body, responseKey);
    if (requestBody === undefined) {
      if (keys?.zolozPrivateKey && requestKey === undefined)
        decryptionFailed('request', 'the Encrypt header does not unwrap with the ZOLOZ private key');
      else if (requestKey !== undefined) decryptionFailed('request', 'the AES key does not decrypt the body');
      // Only the response's key was at hand, and this gateway did not echo the request's: not a departure, just unknown.
      else skipped = true;
    }
  }
  if (responseEncrypted && response) {
    responseBody = tryDecrypt(response.body, responseKey) ?? tryDecrypt(response.body, requestKey);
    if (responseBody === undefined) {
      if (keys?.merchantPrivateKey && responseKey === undefined)
        decryptionFailed('response', 'the Encrypt header does not unwrap with the merchant private key');
      else if (responseKey !== undefined || requestKey !== undefined) decryptionFailed('response', 'the AES key does not decrypt the body');
      else skipped = true;
    }
  }
  const decryption: CheckOutcome = failed ? 'failed' : skipped ? 'skipped' : 'passed';
  return { requestBody, responseBody, requestSignature, responseSignature, decryption, violations };
}
