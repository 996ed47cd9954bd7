import { constants, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { DecryptionError, InvalidArgumentError } from './errors.js';

/** RSAES-PKCS1-v1_5 encryption (how the AES key is wrapped). Public-key encryption is unaffected by CVE-2023-46809. */
export function rsaEncryptPkcs1(data: Uint8Array, publicKey: KeyObject): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, data);
}

/*
 * RSAES-PKCS1-v1_5 DECRYPTION, done here rather than by `crypto.privateDecrypt`.
 *
 * Why: Node 20.x (≥ 20.11.1 security release) throws "RSA_PKCS1_PADDING is no longer supported for private
 * decryption" unless its OpenSSL does implicit rejection (CVE-2023-46809, the Marvin attack). Node versions
 * differ (checked, see test/node-versions.test.ts): Node 20.20.2 (OpenSSL 3.0) throws; Node 22.23.5 and
 * 24.22.3 (OpenSSL 3.5) decrypt, but with implicit rejection: a tampered ciphertext yields random bytes, not an
 * error; only `--security-revert=CVE-2023-46809` restores the old behaviour on 20. Depending on either would
 * make the unwrap's failure mode depend on the Node version, so this code uses neither, and works the same on
 * 20, 22 and 24. The protocol has no alternative padding, and both the client (unwrapping a response's
 * AES key) and the mock gateway (unwrapping a request's) need it. Options weighed: `--security-revert` (a
 * process-wide flag every user would have to set: no), a crypto dependency such as node-forge (the team's
 * rules: node:crypto only), skipping the response Encrypt header and reusing the request's AES key (only the
 * 2019 SDKs do that; current Java uses the header). So: RSA with BigInt from the key's own JWK components (CRT),
 * with base blinding, then a strict PKCS#1 v1.5 unpadding that scans every byte and fails with ONE uniform
 * error. Residual risk, documented: JS BigInt arithmetic is not constant-time; blinding decorrelates timing
 * from the ciphertext, and the uniform error removes the explicit padding oracle. Cost: a few ms per call.
 */

interface RsaCrt {
  readonly n: bigint;
  readonly e: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dp: bigint;
  readonly dq: bigint;
  readonly qi: bigint;
  readonly k: number; // modulus length in bytes
}

const crtCache = new WeakMap<KeyObject, RsaCrt>();

const b64uToBig = (s: string | undefined): bigint => {
  if (!s) throw new InvalidArgumentError('RSA private key lacks CRT components');
  return BigInt(`0x${Buffer.from(s, 'base64url').toString('hex') || '0'}`);
};

function crtOf(privateKey: KeyObject): RsaCrt {
  let crt = crtCache.get(privateKey);
  if (crt) return crt;
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new InvalidArgumentError('RSA decryption needs an RSA private key');
  }
  const jwk = privateKey.export({ format: 'jwk' });
  const n = b64uToBig(jwk.n);
  crt = {
    n,
    e: b64uToBig(jwk.e),
    p: b64uToBig(jwk.p),
    q: b64uToBig(jwk.q),
    dp: b64uToBig(jwk.dp),
    dq: b64uToBig(jwk.dq),
    qi: b64uToBig(jwk.qi),
    k: Math.ceil(n.toString(16).length / 2),
  };
  crtCache.set(privateKey, crt);
  return crt;
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) return undefined;
  return ((oldS % m) + m) % m;
}

const bytesToBig = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

function bigToBytes(x: bigint, length: number): Buffer {
  return Buffer.from(x.toString(16).padStart(length * 2, '0'), 'hex');
}

function randomBlinder(n: bigint, k: number): { r: bigint; rInv: bigint } {
  for (;;) {
    const r = bytesToBig(randomBytes(k)) % n;
    if (r < 2n) continue;
    const rInv = modInverse(r, n);
    if (rInv !== undefined) return { r, rInv };
  }
}

/** The raw RSA private operation m = c^d mod n, via CRT, blinded. */
function rsaPrivateRaw(c: bigint, key: RsaCrt): bigint {
  const { n, e, p, q, dp, dq, qi, k } = key;
  const { r, rInv } = randomBlinder(n, k);
  const blinded = (c * modPow(r, e, n)) % n;
  const m1 = modPow(blinded % p, dp, p);
  const m2 = modPow(blinded % q, dq, q);
  const h = (((((m1 - m2) % p) + p) % p) * qi) % p;
  const mBlinded = m2 + h * q;
  return (mBlinded * rInv) % n;
}

export interface RsaDecryptOptions {
  /** Accepted plaintext lengths (e.g. `[16, 24, 32]` for an AES key); anything else is the same uniform error. */
  readonly expectedLengths?: readonly number[];
}

/**
 * RSAES-PKCS1-v1_5 decryption with the private key (see the comment above for why not `privateDecrypt`).
 * Every failure — wrong length, c ≥ n, bad padding, unexpected plaintext length — throws the same
 * {@link DecryptionError}.
 */
export function rsaDecryptPkcs1(ciphertext: Uint8Array, privateKey: KeyObject, opts: RsaDecryptOptions = {}): Buffer {
  const key = crtOf(privateKey);
  const fail = (): never => {
    throw new DecryptionError();
  };
  if (ciphertext.length !== key.k) fail();
  const c = bytesToBig(ciphertext);
  if (c >= key.n) fail();
  const em = bigToBytes(rsaPrivateRaw(c, key), key.k);

  // EM = 0x00 || 0x02 || PS (≥ 8 non-zero bytes) || 0x00 || M. Scan every byte; decide once at the end.
  let bad = em[0]! | (em[1]! ^ 0x02);
  let sep = 0;
  let found = 0;
  for (let i = 2; i < em.length; i++) {
    const isZero = em[i] === 0 ? 1 : 0;
    const firstZero = isZero & (found ^ 1);
    sep = firstZero ? i : sep;
    found |= isZero;
  }
  bad |= found ^ 1;
  bad |= sep < 10 ? 1 : 0; // PS shorter than 8 bytes
  const message = em.subarray(sep + 1);
  if (opts.expectedLengths && !opts.expectedLengths.includes(message.length)) bad |= 1;
  if (bad !== 0) fail();
  return Buffer.from(message);
}
