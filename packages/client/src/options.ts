import type { KeyInput, TimeOffset } from '@zoloz-openapi/gateway-protocol';
import type { ZolozLogger } from './logger.js';
import type { RetryOptions } from './retry.js';

/** The part of the fetch signature the client uses; `globalThis.fetch` and undici's `fetch` fit. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type ValidationMode = 'off' | 'warn' | 'throw';

interface BaseOptions {
  /** e.g. `https://sg-sandbox-api.zoloz.com` (no trailing path). */
  readonly baseUrl: string;
  /** The 16-digit Client-Id ZOLOZ issued. */
  readonly clientId: string;
  /** The merchant's RSA private key: PKCS#8 PEM, or base64 DER as ZOLOZ's portal gives it. Signs requests. */
  readonly merchantPrivateKey: KeyInput;
  /** `RSA_AES`-encrypt requests (and decrypt responses). Default false. `{ aesKeyBits: 128 }` for AES-128. */
  readonly encrypt?: boolean | { readonly aesKeyBits?: 128 | 256 };
  /** Per-attempt timeout; default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Retries of idempotent operations (checkresult); `false` to disable. initialize/enroll are never retried. */
  readonly retry?: RetryOptions | false;
  /** A fetch implementation, called as `fetch(url, init)` (default: the global fetch). */
  readonly fetch?: FetchLike;
  /** Validate responses against the spec: `'off'` (default), `'warn'` (log), `'throw'` (ZolozSchemaError). */
  readonly validateResponses?: ValidationMode;
  /** Receives debug logs and validation warnings, redacted. */
  readonly logger?: ZolozLogger;
  /** Sent as User-Agent (ZOLOZ's WAF requires a non-empty one); default `zoloz-openapi-client/<version> node/<version>`. */
  readonly userAgent?: string;
  /** Offset written in Request-Time; default `+0000`. */
  readonly timeOffset?: TimeOffset;
  /** Source of the current time for Request-Time (default `() => new Date()`); for fixed test vectors. */
  readonly clock?: () => Date;
}

export type ZolozClientOptions = BaseOptions &
  (
    | {
        /** ZOLOZ's RSA public key for this merchant (SPKI PEM or base64 DER). Verifies responses; encrypts requests. */
        readonly zolozPublicKey: KeyInput;
        /** Verify response signatures (default true). */
        readonly verifyResponses?: true;
      }
    | {
        readonly zolozPublicKey?: KeyInput;
        /** `false` accepts unsigned or wrongly signed responses — an explicit opt-out, e.g. for a Prism mock. */
        readonly verifyResponses: false;
      }
  );
