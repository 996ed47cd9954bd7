/**
 * @zoloz-openapi/gateway-protocol — the ZOLOZ gateway's wire protocol (2-way auth, RSA keys), node:crypto only.
 * See README.md for the API list and gateway-protocol.md §1–4 for the protocol itself.
 */
export * from './errors.js';
export * from './time.js';
export * from './content.js';
export { percentEncode, percentDecode, decodeBase64Lenient } from './encoding.js';
export * from './headers.js';
export * from './keys.js';
export * from './signature.js';
export * from './aes.js';
export { rsaEncryptPkcs1, rsaDecryptPkcs1, type RsaDecryptOptions } from './rsa.js';
export * from './message.js';
export * from './untrusted.js';
export * from './limits.js';
export { normalizePath } from './path.js';
