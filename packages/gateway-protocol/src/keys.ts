import { KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { InvalidKeyError } from './errors.js';

/** A key as the caller has it: PEM text, base64 DER text (as ZOLOZ's portal shows it), DER bytes, or a KeyObject. */
export type KeyInput = string | Uint8Array | KeyObject;

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----/;

function derFromText(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  return Buffer.from(compact, 'base64');
}

// KeyObjects already checked: sealMessage/openMessage accept KeyObjects on every call, keep that cheap.
const checked = new WeakSet<KeyObject>();

function assertRsa(key: KeyObject, role: string): KeyObject {
  if (checked.has(key)) return key;
  if (key.asymmetricKeyType !== 'rsa') throw new InvalidKeyError(`${role} is not an RSA key`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) throw new InvalidKeyError(`${role} is shorter than 1024 bits`);
  checked.add(key);
  return key;
}

/**
 * Loads an RSA private key: PKCS#8 PEM (`BEGIN PRIVATE KEY`), PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), base64 of
 * PKCS#8 DER, or DER bytes. Errors name the role only; node's own messages are not forwarded (no key material).
 */
export function loadPrivateKey(input: KeyInput, role = 'private key'): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type !== 'private') throw new InvalidKeyError(`${role} is a ${input.type} key, not a private key`);
    return assertRsa(input, role);
  }
  let key: KeyObject;
  try {
    if (typeof input === 'string' && PEM.test(input)) {
      key = createPrivateKey({ key: input, format: 'pem' });
    } else {
      const der = typeof input === 'string' ? derFromText(input) : Buffer.from(input);
      if (!der) throw new Error('not base64');
      key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    }
  } catch {
    throw new InvalidKeyError(`${role} is not a PKCS#8 PEM or base64 DER RSA private key`);
  }
  return assertRsa(key, role);
}

/**
 * Loads an RSA public key: SPKI PEM (`BEGIN PUBLIC KEY`), PKCS#1 PEM (`BEGIN RSA PUBLIC KEY`), base64 of SPKI
 * DER, DER bytes, or a private KeyObject (its public half).
 */
export function loadPublicKey(input: KeyInput, role = 'public key'): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type === 'secret') throw new InvalidKeyError(`${role} is a secret key, not an RSA public key`);
    return assertRsa(input.type === 'private' ? createPublicKey(input) : input, role);
  }
  let key: KeyObject;
  try {
    if (typeof input === 'string' && PEM.test(input)) {
      if (/PRIVATE KEY/.test(PEM.exec(input)?.[1] ?? '')) throw new Error('private');
      key = createPublicKey({ key: input, format: 'pem' });
    } else {
      const der = typeof input === 'string' ? derFromText(input) : Buffer.from(input);
      if (!der) throw new Error('not base64');
      key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    }
  } catch {
    throw new InvalidKeyError(`${role} is not an SPKI PEM or base64 DER RSA public key`);
  }
  return assertRsa(key, role);
}
