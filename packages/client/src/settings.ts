import type { KeyObject } from 'node:crypto';
import { GatewayProtocolError, loadPrivateKey, loadPublicKey, parseTimeOffset, type TimeOffset } from '@zoloz-openapi/gateway-protocol';
import { ZolozConfigError } from './errors.js';
import type { ZolozLogger } from './logger.js';
import type { ValidationMode, ZolozClientOptions } from './options.js';
import { retryPolicy, type RetryPolicy } from './retry.js';
import { CLIENT_VERSION } from './version.js';

/** Options checked and normalised once, at client creation: bad ones fail fast with a ZolozConfigError. */
export interface Settings {
  readonly clientId: string;
  readonly merchantKey: KeyObject;
  readonly zolozKey: KeyObject | undefined;
  readonly verify: boolean;
  readonly encrypt: false | { readonly aesKeyBits: 128 | 256 };
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly validate: ValidationMode;
  readonly logger: ZolozLogger | undefined;
  readonly userAgent: string;
  readonly timeOffset: TimeOffset;
  readonly clock: () => Date;
}

const DEFAULT_USER_AGENT = `zoloz-openapi-client/${CLIENT_VERSION} node/${process.versions.node}`;

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one check per option, in the order the README lists them; each branch is a one-line rule
export function settingsFrom(options: ZolozClientOptions): Settings {
  if (options === null || typeof options !== 'object') throw new ZolozConfigError('options must be an object');
  const { baseUrl, clientId } = options;
  if (typeof baseUrl !== 'string' || !/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new ZolozConfigError('baseUrl must be an http(s) URL such as https://sg-sandbox-api.zoloz.com');
  }
  if (typeof clientId !== 'string' || !/^[^\s.]+$/.test(clientId)) {
    throw new ZolozConfigError('clientId must be a non-empty string without whitespace or "."');
  }
  const verify = options.verifyResponses !== false;
  const wantsEncrypt = options.encrypt !== undefined && options.encrypt !== false;
  let merchantKey: KeyObject;
  let zolozKey: KeyObject | undefined;
  try {
    merchantKey = loadPrivateKey(options.merchantPrivateKey, 'merchantPrivateKey');
    if (options.zolozPublicKey !== undefined) zolozKey = loadPublicKey(options.zolozPublicKey, 'zolozPublicKey');
  } catch (err) {
    throw new ZolozConfigError(err instanceof GatewayProtocolError ? err.message : 'a key could not be loaded');
  }
  if (!zolozKey && verify) {
    throw new ZolozConfigError('zolozPublicKey is required to verify responses (or set verifyResponses: false explicitly)');
  }
  if (!zolozKey && wantsEncrypt) throw new ZolozConfigError('zolozPublicKey is required for encrypt');
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ZolozConfigError('timeoutMs must be a positive number');
  const timeOffset = options.timeOffset ?? '+0000';
  const validate = options.validateResponses ?? 'off';
  if (!['off', 'warn', 'throw'].includes(validate)) throw new ZolozConfigError("validateResponses must be 'off', 'warn' or 'throw'");
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  if (typeof userAgent !== 'string' || userAgent.trim() === '') throw new ZolozConfigError('userAgent must be a non-empty string');
  let retry: RetryPolicy;
  try {
    parseTimeOffset(timeOffset);
    retry = retryPolicy(options.retry);
  } catch (err) {
    throw new ZolozConfigError(err instanceof Error ? err.message : 'invalid option');
  }
  const aesKeyBits = typeof options.encrypt === 'object' ? (options.encrypt.aesKeyBits ?? 256) : 256;
  return {
    clientId,
    merchantKey,
    zolozKey,
    verify,
    encrypt: wantsEncrypt ? { aesKeyBits } : false,
    timeoutMs,
    retry,
    validate,
    logger: options.logger,
    userAgent,
    timeOffset,
    clock: options.clock ?? (() => new Date()),
  };
}
