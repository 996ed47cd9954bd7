/**
 * Typed errors of the gateway protocol. Messages name the header, parameter or check that failed,
 * never a key, a signature value or a body: callers may log them as they are.
 */
export type GatewayProtocolErrorCode =
  | 'INVALID_REQUEST_TIME'
  | 'MALFORMED_HEADER'
  | 'UNSUPPORTED_ALGORITHM'
  | 'INVALID_KEY'
  | 'DECRYPTION_FAILED'
  | 'SIGNATURE_INVALID'
  | 'INVALID_ARGUMENT';

export class GatewayProtocolError extends Error {
  readonly code: GatewayProtocolErrorCode;
  constructor(code: GatewayProtocolErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A `Request-Time` / `Response-Time` value (or a time-zone offset) that is not `yyyy-MM-dd'T'HH:mm:ss±HHMM`. */
export class InvalidRequestTimeError extends GatewayProtocolError {
  constructor(message: string) {
    super('INVALID_REQUEST_TIME', message);
  }
}

/** A `Signature` / `Encrypt` header that cannot be parsed (missing parameter, bad escape, bad base64…). */
export class MalformedHeaderError extends GatewayProtocolError {
  /** Which header was being parsed, e.g. `Signature`. */
  readonly header: string;
  constructor(header: string, message: string) {
    super('MALFORMED_HEADER', `${header} header: ${message}`);
    this.header = header;
  }
}

/** A well-formed header naming an algorithm this protocol does not define (only `RSA256` and `RSA_AES` exist). */
export class UnsupportedAlgorithmError extends GatewayProtocolError {
  readonly header: string;
  constructor(header: string, expected: string) {
    super('UNSUPPORTED_ALGORITHM', `${header} header: algorithm is not ${expected}`);
    this.header = header;
  }
}

/** A key that is not an RSA key in one of the accepted encodings. The key itself is never quoted. */
export class InvalidKeyError extends GatewayProtocolError {
  constructor(message: string) {
    super('INVALID_KEY', message);
  }
}

/**
 * Decryption failed. Deliberately uniform: it does not say whether the RSA padding, the unwrapped key length
 * or the AES padding was wrong (no padding oracle).
 */
export class DecryptionError extends GatewayProtocolError {
  constructor(message = 'decryption failed') {
    super('DECRYPTION_FAILED', message);
  }
}

export type SignatureFailureReason =
  /** no `Signature` header */
  | 'missing-signature'
  /** no `Response-Time` / `Request-Time` header */
  | 'missing-time'
  /** the `Signature` header could not be parsed, or names another algorithm */
  | 'malformed-signature'
  /** well-formed, but does not verify over the content with the given key */
  | 'mismatch';

/** A message whose signature is missing, malformed or wrong. */
export class SignatureVerificationError extends GatewayProtocolError {
  readonly reason: SignatureFailureReason;
  constructor(reason: SignatureFailureReason, message: string) {
    super('SIGNATURE_INVALID', message);
    this.reason = reason;
  }
}

/** A caller passed something unusable (e.g. an empty path or a client id containing a newline). */
export class InvalidArgumentError extends GatewayProtocolError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}
