import { DEFAULT_LIMITS } from '@zoloz-openapi/gateway-protocol';

/**
 * The mock's limits, in one place (documented in the README); the two on requests are the project's shared
 * input limits (gateway-protocol `DEFAULT_LIMITS`). A request over a limit is still answered and recorded (see
 * gateway.ts); the recorder keeps what it can within them.
 */
export const MOCK_LIMITS = {
  /** Largest request body the gateway reads (and records); larger ones get HTTP 413. 20 MiB. */
  maxBodyBytes: DEFAULT_LIMITS.requestBodyBytes,
  /** Largest request head (request line + headers) Node's parser accepts; larger ones get HTTP 431. 16 KiB. */
  maxHeaderBytes: DEFAULT_LIMITS.headerBytes,
  /** Largest answer read from Prism; a larger one is treated as Prism failing (HTTP 502). */
  maxUpstreamBytes: 64 * 1024 * 1024,
  /** Longest request line the recorder keeps from a request Node's parser refused. */
  maxRefusedRequestLineBytes: 8 * 1024,
} as const;

export type MockLimits = typeof MOCK_LIMITS;
