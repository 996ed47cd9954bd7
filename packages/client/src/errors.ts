/**
 * The client's typed errors. A ZOLOZ result with resultStatus `F` or `U` is NOT an error (it is returned as
 * data); these are for everything that prevents getting a trustworthy result. Messages carry no body, no
 * header value and no key material, so they can be logged as they are.
 */
export type ZolozErrorCode =
  | 'CONFIG'
  | 'REQUEST'
  | 'TRANSPORT'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'HTTP_STATUS'
  | 'SIGNATURE'
  | 'DECRYPTION'
  | 'RESPONSE_FORMAT'
  | 'SCHEMA';

export interface ZolozErrorContext {
  /** The operation, e.g. `realIdInitialize`. */
  readonly operationId?: string;
  /** How many attempts were made before giving up. */
  readonly attempts?: number;
  readonly cause?: unknown;
}

export abstract class ZolozError extends Error {
  abstract readonly code: ZolozErrorCode;
  readonly operationId: string | undefined;
  attempts: number | undefined;
  constructor(message: string, ctx: ZolozErrorContext = {}) {
    super(message, ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.name = new.target.name;
    this.operationId = ctx.operationId;
    this.attempts = ctx.attempts;
  }
}

/** Bad options to `createZolozClient` (e.g. a key that cannot be loaded). */
export class ZolozConfigError extends ZolozError {
  readonly code = 'CONFIG' as const;
}

/** The request cannot be sent (e.g. the body is not JSON-serialisable, or an unknown operation). */
export class ZolozRequestError extends ZolozError {
  readonly code = 'REQUEST' as const;
}

/** The network failed: connection refused/reset, DNS, TLS…; the message names the code and the gateway's host:port. */
export class ZolozTransportError extends ZolozError {
  readonly code = 'TRANSPORT' as const;
}

/** No complete response within `timeoutMs`. */
export class ZolozTimeoutError extends ZolozError {
  readonly code = 'TIMEOUT' as const;
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, ctx: ZolozErrorContext = {}) {
    super(message, ctx);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's own AbortSignal fired. */
export class ZolozAbortedError extends ZolozError {
  readonly code = 'ABORTED' as const;
}

/** The gateway answered with a non-2xx HTTP status (ZOLOZ reports business failures in a 200 body). */
export class ZolozHttpError extends ZolozError {
  readonly code = 'HTTP_STATUS' as const;
  readonly status: number;
  constructor(message: string, status: number, ctx: ZolozErrorContext = {}) {
    super(message, ctx);
    this.status = status;
  }
}

export type ZolozSignatureFailure = 'missing-signature' | 'missing-time' | 'malformed-signature' | 'malformed-time' | 'mismatch';

/**
 * The response's signature is missing, malformed or does not verify with ZOLOZ's public key, or its (signed)
 * `Response-Time` is not a gateway time. The message is fixed per `reason`: nothing from the response is quoted.
 */
export class ZolozSignatureError extends ZolozError {
  readonly code = 'SIGNATURE' as const;
  readonly reason: ZolozSignatureFailure;
  constructor(message: string, reason: ZolozSignatureFailure, ctx: ZolozErrorContext = {}) {
    super(message, ctx);
    this.reason = reason;
  }
}

/** An encrypted response could not be decrypted (bad `Encrypt` header, wrong key, corrupt body). */
export class ZolozDecryptionError extends ZolozError {
  readonly code = 'DECRYPTION' as const;
}

/** The (verified) response body is not a JSON object with a `result` object. */
export class ZolozResponseFormatError extends ZolozError {
  readonly code = 'RESPONSE_FORMAT' as const;
}

/** One schema violation, described without the offending value. */
export interface SchemaIssue {
  /** JSON pointer into the body, e.g. `/result/resultStatus`. */
  readonly instancePath: string;
  readonly keyword: string;
  readonly message: string;
}

/** The response does not match the spec's schema (only with `validateResponses: 'throw'`). */
export class ZolozSchemaError extends ZolozError {
  readonly code = 'SCHEMA' as const;
  readonly issues: readonly SchemaIssue[];
  constructor(message: string, issues: readonly SchemaIssue[], ctx: ZolozErrorContext = {}) {
    super(message, ctx);
    this.issues = issues;
  }
}
