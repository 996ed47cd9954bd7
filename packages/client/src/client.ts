import { operations as operationTable } from '@zoloz-openapi/generated/operations';
import { attempt, type OperationEntry } from './attempt.js';
import { ZolozAbortedError, ZolozError, ZolozHttpError, ZolozRequestError, ZolozTimeoutError, ZolozTransportError } from './errors.js';
import type { ZolozClientOptions } from './options.js';
import { backoffDelay, sleep } from './retry.js';
import { settingsFrom, type Settings } from './settings.js';
import { createTransport, type Post } from './transport.js';
import type { CallOptions, OperationId, Product, ProductMethods, ZolozRequest, ZolozResponse } from './types.js';
import { responseValidation } from './validation.js';

export type ZolozClient = { readonly [P in Product]: ProductMethods<P> } & {
  /** Calls any operation by operationId (the product methods are shortcuts to this). */
  call<K extends OperationId>(operationId: K, body: ZolozRequest<K>, options?: CallOptions): Promise<ZolozResponse<K>>;
};

/** What every call of one client shares. */
interface ClientParts {
  readonly settings: Settings;
  readonly baseUrl: string;
  readonly post: Post;
  readonly validate: ReturnType<typeof responseValidation>;
  readonly table: ReadonlyMap<string, OperationEntry>;
}

/** Creates a typed ZOLOZ client: one method per operation, gateway protocol handled, results returned as data. */
export function createZolozClient(options: ZolozClientOptions): ZolozClient {
  const settings = settingsFrom(options);
  const parts: ClientParts = {
    settings,
    baseUrl: options.baseUrl,
    post: createTransport({ baseUrl: options.baseUrl, fetch: options.fetch }),
    validate: responseValidation(settings.validate, settings.logger),
    table: new Map((operationTable as readonly OperationEntry[]).map((op) => [op.operationId, op])),
  };
  return clientSurface((operationId, body, callOptions) => call(parts, { operationId, body, callOptions }));
}

type Call = (operationId: string, body: unknown, callOptions?: CallOptions) => Promise<unknown>;

/** One operation call: check the body, then attempt it — retrying only what may be retried. */
async function call(
  parts: ClientParts,
  o: { readonly operationId: string; readonly body: unknown; readonly callOptions: CallOptions | undefined },
): Promise<unknown> {
  const operation = parts.table.get(o.operationId);
  if (!operation) throw new ZolozRequestError(`unknown operation ${JSON.stringify(String(o.operationId).slice(0, 64))}`);
  const json = requestJson(o.operationId, o.body);
  const { settings: s } = parts;
  // Only operations the spec marks idempotent (checkresult) are ever retried.
  const maxAttempts = operation.idempotent ? s.retry.maxAttempts : 1;
  for (let n = 1; ; n++) {
    let retryable: string | undefined;
    try {
      const data = await attempt({ ...parts, operation, json, callOptions: o.callOptions, attemptNo: n });
      const status = (data as { result: { resultStatus?: unknown } }).result.resultStatus;
      if (status !== 'U' || !s.retry.retryOnUnknownResult || n >= maxAttempts) return data;
      retryable = 'resultStatus U';
    } catch (err) {
      if (err instanceof ZolozError) err.attempts = n;
      retryable = n < maxAttempts ? retryReason(err) : undefined;
      if (retryable === undefined) throw err;
    }
    await backOff(s, { operationId: o.operationId, attemptNo: n, reason: retryable, signal: o.callOptions?.signal });
  }
}

function requestJson(operationId: string, body: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch {
    json = undefined;
  }
  if (json === undefined || !json.startsWith('{')) {
    throw new ZolozRequestError(`${operationId}: the request body must be a JSON-serialisable object`, { operationId });
  }
  return json;
}

async function backOff(
  s: Settings,
  o: { operationId: string; attemptNo: number; reason: string; signal: AbortSignal | undefined },
): Promise<void> {
  const delay = backoffDelay(s.retry, o.attemptNo);
  s.logger?.debug?.('zoloz retry', { operationId: o.operationId, attempt: o.attemptNo, reason: o.reason, delayMs: Math.round(delay) });
  try {
    await sleep(delay, o.signal);
  } catch (err) {
    throw new ZolozAbortedError(`${o.operationId}: aborted by the caller`, {
      operationId: o.operationId,
      attempts: o.attemptNo,
      cause: err,
    });
  }
}

function retryReason(err: unknown): string | undefined {
  if (err instanceof ZolozTimeoutError) return 'timeout';
  if (err instanceof ZolozTransportError) return 'transport';
  if (err instanceof ZolozHttpError && (err.status >= 500 || err.status === 429)) return `HTTP ${err.status}`;
  return undefined;
}

/** `client.call` plus one frozen namespace per product; names come from the operations table (`connect.checkResult`). */
function clientSurface(callOperation: Call): ZolozClient {
  const namespaces: Record<string, Record<string, unknown>> = {};
  for (const op of operationTable) {
    namespaces[op.clientNamespace] ??= {};
    const methods = namespaces[op.clientNamespace]!;
    methods[op.clientMethod] = (body: unknown, callOpts?: CallOptions) => callOperation(op.operationId, body, callOpts);
  }
  const client: Record<string, unknown> = { call: callOperation };
  for (const [namespace, methods] of Object.entries(namespaces)) client[namespace] = Object.freeze(methods);
  return Object.freeze(client) as unknown as ZolozClient;
}
