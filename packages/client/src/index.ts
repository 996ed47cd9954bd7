/**
 * @zoloz-openapi/client — a typed ZOLOZ Connect / RealID client on openapi-fetch, speaking the gateway protocol
 * (signing, response verification, optional RSA_AES). See README.md.
 */
export { createZolozClient, type ZolozClient } from './client.js';
export type { ZolozClientOptions, ValidationMode, FetchLike } from './options.js';
export type { ZolozLogger } from './logger.js';
export type { RetryOptions } from './retry.js';
export type {
  CallOptions,
  OperationId,
  OperationMethod,
  Product,
  ProductMethods,
  ZolozRequest,
  ZolozResponse,
  ZolozResult,
} from './types.js';
export * from './errors.js';
export { redact, type PersonalField } from './redact.js';
export { personalFields } from './personal-data.js';
