/**
 * Captures built from the spec itself: the generated operations table names each operation's
 * request and response examples, and the bundled spec (generated/openapi.json) holds their values.
 * No body is written by hand here.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { sealMessage } from '@zoloz-openapi/gateway-protocol';
import { requestExample as generatedRequestExample, responseExample as generatedResponseExample } from '@zoloz-openapi/generated/examples';
import type { OperationId } from '@zoloz-openapi/generated/operations';
import { loadGeneratedSpec } from '../../src/generated-spec.js';
import type { OperationInfo, SpecRuntime } from '../../src/spec-runtime.js';

import { CLIENT_ID, SANDBOX_URL } from '../../../../test/support/ids.js';

export { CLIENT_ID };
export const HOST = SANDBOX_URL;

interface Bundled {
  paths: Record<string, Record<string, any>>;
  components: { examples: Record<string, { value: unknown }>; schemas: Record<string, any> };
}

export const bundled: Bundled = createRequire(import.meta.url)('@zoloz-openapi/generated/openapi.json');

export interface TableOperation extends OperationInfo {
  readonly requestSchema: string;
  readonly responseSchema: string;
  readonly examples: {
    readonly requests: readonly string[];
    readonly responses: readonly { name: string; status: number | string; resultCode: string }[];
  };
}

export async function spec(): Promise<SpecRuntime & { operations: readonly TableOperation[] }> {
  return (await loadGeneratedSpec()) as SpecRuntime & { operations: readonly TableOperation[] };
}

function deref(node: any): any {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((n: any, k: string) => n?.[k], bundled);
  }
  return current;
}

/** An example's value by the name the operation gives it (the generated examples table; a fresh copy). */
export function requestExample(op: TableOperation, name: string): any {
  return generatedRequestExample(op.operationId as OperationId, name);
}

export function responseExample(op: TableOperation, name: string, status: number | string = 200): any {
  return generatedResponseExample(op.operationId as OperationId, name, status);
}

export function schemaOf(name: string): any {
  return deref(bundled.components.schemas[name]);
}

export interface TestKeys {
  merchant: { publicKey: KeyObject; privateKey: KeyObject };
  zoloz: { publicKey: KeyObject; privateKey: KeyObject };
}

let keys: TestKeys | undefined;
/** Throw-away 2048-bit pairs made per test run. */
export function testKeys(): TestKeys {
  keys ??= {
    merchant: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    zoloz: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  };
  return keys;
}

export interface RecordOptions {
  readonly encrypt?: boolean;
  /** The gateway answers with the request's AES key (default true), or a fresh one. */
  readonly echoKey?: boolean;
  readonly time?: string;
  readonly id?: string;
  /** Prefix in front of the documented path (a proxy's base path). */
  readonly basePath?: string;
}

/** A JSONL record (docs/traffic-jsonl-format.md) of one exchange, signed (and optionally encrypted) as the gateway would. */
export function exchangeRecord(op: TableOperation, request: unknown, response: unknown, options: RecordOptions = {}): Record<string, any> {
  const k = testKeys();
  const time = options.time ?? '2026-11-23T11:40:00+0000';
  const req = sealMessage({
    direction: 'request',
    path: op.path,
    clientId: CLIENT_ID,
    body: JSON.stringify(request),
    signingKey: k.merchant.privateKey,
    time,
    ...(options.encrypt ? { encryptFor: k.zoloz.publicKey } : {}),
  });
  const res = sealMessage({
    direction: 'response',
    path: op.path,
    clientId: CLIENT_ID,
    body: JSON.stringify(response),
    signingKey: k.zoloz.privateKey,
    time: time.replace(':00+', ':01+'),
    ...(options.encrypt && req.aesKey
      ? { encryptFor: k.merchant.publicKey, ...(options.echoKey === false ? {} : { aesKey: req.aesKey }) }
      : {}),
  });
  return {
    ...(options.id === undefined ? {} : { id: options.id }),
    request: {
      method: op.method.toUpperCase(),
      url: `${HOST}${options.basePath ?? ''}${op.path}`,
      headers: { ...req.headers, 'User-Agent': 'fixture/1.0' },
      body: req.body,
    },
    response: { status: 200, headers: res.headers, body: res.body },
  };
}

/**
 * Every operation × every named response example, with a request example: a capture where every exchange is
 * valid, including the flow checks (each initialize gets its own bizId; each checkresult asks for a
 * transactionId an earlier initialize returned).
 */
export function exampleCapture(operations: readonly TableOperation[], options: RecordOptions = {}): Record<string, any>[] {
  const records: Record<string, any>[] = [];
  const returned = new Map<string, string>();
  const product = (op: TableOperation) => op.path.slice(0, op.path.lastIndexOf('/'));
  const order = [...operations].sort((a, b) => Number(a.path.endsWith('/checkresult')) - Number(b.path.endsWith('/checkresult')));
  let n = 0;
  for (const op of order) {
    op.examples.responses.forEach((example, i) => {
      const request = requestExample(op, op.examples.requests[i % op.examples.requests.length]!);
      const response = responseExample(op, example.name, example.status);
      n += 1;
      if (typeof request.bizId === 'string') request.bizId = `${request.bizId.slice(0, 24)}-${n}`;
      if (op.path.endsWith('/initialize') && typeof response.transactionId === 'string') returned.set(product(op), response.transactionId);
      if (op.path.endsWith('/checkresult') && typeof request.transactionId === 'string') {
        const known = returned.get(product(op));
        if (known) request.transactionId = known;
      }
      records.push(exchangeRecord(op, request, response, { ...options, id: `${op.operationId}/${example.name}` }));
    });
  }
  return records;
}

export const toJsonl = (records: readonly unknown[]): string => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** The same records as a HAR 1.2 document. */
export function toHar(records: readonly Record<string, any>[]): string {
  const headers = (h: Record<string, string> | undefined) => Object.entries(h ?? {}).map(([name, value]) => ({ name, value }));
  const entries = records.map((r) => ({
    startedDateTime: '2026-11-23T11:40:00.000Z',
    time: 1,
    request: {
      method: r.request.method,
      url: r.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headers(r.request.headers),
      queryString: [],
      postData: { mimeType: r.request.headers?.['Content-Type'] ?? '', text: r.request.body },
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: r.response.status,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headers(r.response.headers),
      content: { size: -1, mimeType: r.response.headers['Content-Type'], text: r.response.body },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
    ...(r.id ? { _id: r.id } : {}),
  }));
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'fixture', version: '1' }, entries } }, null, 1);
}
