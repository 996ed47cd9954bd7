/**
 * @zoloz-openapi/mock — Prism on the bundled ZOLOZ spec, optionally behind a gateway that checks and signs
 * like ZOLOZ's, optionally recording every exchange (JSON Lines or HAR) for the traffic validator.
 */
import { startPrism, MockError, type PrismLogLevel } from './prism.js';
import { startGateway, type GatewayHandle } from './gateway.js';
import { Recorder, type RecordFormat } from '@zoloz-openapi/gateway-protocol/record';
import { MOCK_VERSION } from './version.js';
import { bundledSpecPath, isBundledSpec, readSpecFacts } from './spec.js';
import { generateThrowawayKeys, type ThrowawayKeys } from './keys.js';
import type { KeyInput } from '@zoloz-openapi/gateway-protocol';

export { startPrism, prismBin, MockError, type PrismOptions, type PrismHandle, type PrismLogLevel } from './prism.js';
export {
  startGateway,
  GATEWAY_RESULTS,
  type GatewayOptions,
  type GatewayHandle,
  type GatewayResultCode,
  type PreForwardCheck,
} from './gateway.js';
export {
  checkRequest,
  GATEWAY_CHECKS,
  type GatewayRequest,
  type GatewayCheckConfig,
  type AcceptedRequest,
  type CheckResult,
} from './request-check.js';
export { MOCK_LIMITS, type MockLimits } from './limits.js';
export type { UpstreamAnswer } from './forward.js';
export {
  Recorder,
  RecordingError,
  toJsonLine,
  toHarEntry,
  recordFormatOf,
  type RecordedExchange,
  type RecordFormat,
  type RecordOptions,
} from '@zoloz-openapi/gateway-protocol/record';
export { bundledSpecPath, isBundledSpec, readSpecFacts, factsFromDocument, type SpecFacts } from './spec.js';
export { checkRequestRules, type RequestRefusal } from './request-rules.js';
export {
  generateThrowawayKeys,
  ensureThrowawayKeys,
  throwawayWarning,
  THROWAWAY_BANNER,
  KEY_FILES,
  type GatewayKeys,
  type ThrowawayKeys,
} from './keys.js';
export { freePort } from './net.js';

/** The Client-Id the gateway accepts when none is configured (16 digits, obviously not a real one). */
export const DEFAULT_CLIENT_ID = '0000000000000001';

export interface MockGatewayOptions {
  /** Client-Id to accept; default {@link DEFAULT_CLIENT_ID}. */
  readonly clientId?: string;
  /** Merchant public key (verifies requests). With `zolozPrivateKey`; both absent → throwaway keys. */
  readonly merchantPublicKey?: KeyInput;
  /** ZOLOZ private key (signs responses). */
  readonly zolozPrivateKey?: KeyInput;
  /** Use these throwaway keys (e.g. from `ensureThrowawayKeys`) instead of generating fresh ones. */
  readonly throwawayKeys?: ThrowawayKeys;
  /** See {@link GatewayOptions.maxClockSkewSeconds}. */
  readonly maxClockSkewSeconds?: number;
}

export interface MockOptions {
  /** Port clients connect to (the gateway's in gateway mode/recording, else Prism's); 0/absent: a free one. */
  readonly port?: number;
  readonly host?: string;
  /** OpenAPI document; default the bundled `generated/openapi.yaml`. */
  readonly spec?: string;
  /** Gateway mode: `true` for throwaway keys and the default Client-Id, or explicit settings. */
  readonly gateway?: boolean | MockGatewayOptions;
  /** Record served exchanges: `.har` → HAR 1.2, else JSON Lines. */
  readonly record?: { readonly path: string; readonly format?: RecordFormat };
  /** Prism's log level (default `warn`). */
  readonly prismLogLevel?: PrismLogLevel;
  /** Prism's output lines (default: dropped). */
  readonly onPrismLog?: (line: string) => void;
  /** One line per exchange served by the gateway/recorder (no bodies, headers or keys). */
  readonly onExchange?: (line: string) => void;
}

export interface MockHandle {
  /** Where clients send requests. */
  readonly url: string;
  readonly port: number;
  /** Prism's own URL (same as `url` only for another spec in plain mode without recording). */
  readonly prismUrl: string;
  readonly spec: string;
  /** In gateway mode: the Client-Id accepted. */
  readonly clientId?: string;
  /** In gateway mode with throwaway keys: both key pairs (the client needs merchantPrivateKey and zolozPublicKey). */
  readonly keys?: ThrowawayKeys;
  /** The recording file, when recording. */
  readonly recordPath?: string;
  /** Resolves when Prism's process ends (expectedly after close(), or because it died). */
  readonly prismExited: Promise<number | null>;
  /** Number of exchanges recorded so far. */
  recorded(): number;
  /** Stops the gateway, Prism (whole process tree) and finishes the recording. Idempotent. */
  close(): Promise<void>;
}

/** Starts Prism on the spec and, when asked, the gateway and/or recorder in front of it. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: option defaults and the start order of Prism, gateway and recorder; to split into start steps next time it changes
export async function startMock(options: MockOptions = {}): Promise<MockHandle> {
  const spec = options.spec ?? bundledSpecPath();
  const host = options.host ?? '127.0.0.1';
  // On the bundled spec a front server runs the request check (request-check.ts) before Prism, in plain mode
  // too; another spec is not the contract the generated validators check, so Prism alone judges it.
  const checkRequests = isBundledSpec(spec);
  const front = checkRequests || Boolean(options.gateway) || Boolean(options.record);
  const gw: MockGatewayOptions | undefined = options.gateway === true ? {} : options.gateway === false ? undefined : options.gateway;

  let keys: ThrowawayKeys | undefined;
  if (gw && (gw.merchantPublicKey === undefined || gw.zolozPrivateKey === undefined)) {
    if (gw.merchantPublicKey !== undefined || gw.zolozPrivateKey !== undefined) {
      throw new MockError('gateway mode needs both merchantPublicKey and zolozPrivateKey, or neither (throwaway keys)');
    }
    keys = gw.throwawayKeys ?? (await generateThrowawayKeys());
  }

  const prism = await startPrism({
    spec,
    host: '127.0.0.1',
    ...(front ? {} : { host, ...(options.port ? { port: options.port } : {}) }),
    logLevel: options.prismLogLevel ?? 'warn',
    ...(options.onPrismLog ? { onLog: options.onPrismLog } : {}),
  });

  let recorder: Recorder | undefined;
  let gateway: GatewayHandle | undefined;
  try {
    if (options.record) recorder = await Recorder.open(options.record, { name: '@zoloz-openapi/mock', version: MOCK_VERSION });
    if (front) {
      const facts = await readSpecFacts(spec);
      gateway = await startGateway({
        upstream: prism.url,
        mode: gw ? 'gateway' : 'passthrough',
        host,
        ...(options.port ? { port: options.port } : {}),
        ...(facts.paths ? { paths: facts.paths } : {}),
        exampleStatus: facts.exampleStatus,
        checkRequests,
        ...(recorder ? { recorder } : {}),
        ...(options.onExchange ? { onExchange: options.onExchange } : {}),
        ...(gw
          ? {
              clientId: gw.clientId ?? DEFAULT_CLIENT_ID,
              merchantPublicKey: gw.merchantPublicKey ?? keys!.merchantPublicKey,
              zolozPrivateKey: gw.zolozPrivateKey ?? keys!.zolozPrivateKey,
              ...(gw.maxClockSkewSeconds !== undefined ? { maxClockSkewSeconds: gw.maxClockSkewSeconds } : {}),
            }
          : {}),
      });
    }
  } catch (err) {
    await recorder?.close().catch(() => {});
    await prism.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    url: gateway?.url ?? prism.url,
    port: gateway?.port ?? prism.port,
    prismUrl: prism.url,
    spec,
    ...(gw ? { clientId: gw.clientId ?? DEFAULT_CLIENT_ID } : {}),
    ...(keys ? { keys } : {}),
    ...(recorder ? { recordPath: recorder.path } : {}),
    prismExited: prism.exited,
    recorded: () => recorder?.count ?? 0,
    close() {
      closing ??= (async () => {
        await gateway?.close();
        await Promise.all([prism.close(), recorder?.close()]);
      })();
      return closing;
    },
  };
}
