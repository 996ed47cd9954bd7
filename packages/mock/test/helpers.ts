import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { openMessage, sealMessage, type KeyInput } from '@zoloz-openapi/gateway-protocol';

const require = createRequire(import.meta.url);

export const GENERATED_DIR = dirname(realpathSync(require.resolve('@zoloz-openapi/generated/openapi.yaml')));

export function readGenerated<T = unknown>(file: string): T {
  const path = join(GENERATED_DIR, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

interface OperationsRow {
  operationId: string;
  path: string;
  examples?: { responses?: Array<{ name: string }> };
}

export interface OperationUnderTest {
  operationId: string;
  path: string;
  /** A valid request body (the operation's first named request example). */
  requestBody: Record<string, unknown>;
  /** Named response examples (names from generated/operations), with the response code they live under. */
  responseExamples: Array<{ name: string; code: string; value: unknown }>;
  /** The example Prism should answer by default (first under 200). */
  defaultExample: { name: string; value: unknown };
  /** The example of the `default` response (what an invalid request gets). */
  invalidExample: unknown;
}

function operationsTable(): OperationsRow[] {
  const raw = readGenerated<unknown>('operations.json');
  const rows = Array.isArray(raw) ? raw : (raw as { operations?: unknown }).operations;
  if (!Array.isArray(rows)) throw new Error('generated/operations.json: expected an array of operations');
  return rows as OperationsRow[];
}

type Json = Record<string, any>;

/** Every operation with its named examples, cross-checked between operations.json and the dereferenced spec. */
export function operationsUnderTest(): OperationUnderTest[] {
  const spec = readGenerated<Json>('openapi.dereferenced.json');
  return operationsTable().map((row) => {
    const op = spec.paths[row.path]?.post;
    if (!op) throw new Error(`${row.operationId}: ${row.path} not in the spec`);
    const reqExamples = op.requestBody.content['application/json'].examples as Json;
    const firstReq = Object.values(reqExamples)[0] as Json;
    const byName = new Map<string, { code: string; value: unknown }>();
    for (const [code, resp] of Object.entries(op.responses as Json)) {
      const ex = (resp as Json).content?.['application/json']?.examples as Json | undefined;
      for (const [name, e] of Object.entries(ex ?? {})) if (!byName.has(name)) byName.set(name, { code, value: (e as Json).value });
    }
    const names = (row.examples?.responses ?? []).map((r) => r.name);
    const responseExamples = names.map((name) => {
      const hit = byName.get(name);
      if (!hit) throw new Error(`${row.operationId}: example ${name} listed in operations.json is not in the spec`);
      return { name, ...hit };
    });
    const first200 = Object.entries(op.responses['200'].content['application/json'].examples as Json)[0]!;
    const def = op.responses.default?.content?.['application/json'];
    const invalidExample = def?.example ?? (Object.values(def?.examples ?? {})[0] as Json | undefined)?.value;
    return {
      operationId: row.operationId,
      path: row.path,
      requestBody: firstReq.value,
      responseExamples,
      defaultExample: { name: first200[0], value: (first200[1] as Json).value },
      invalidExample,
    };
  });
}

/** The gateway's security headers with dummy values: what Prism (plain mode) checks for presence. */
export const PLAIN_SECURITY_HEADERS = {
  'Client-Id': '0000000000000001',
  'Request-Time': '2026-01-01T00:00:00+0000',
  Signature: 'algorithm=RSA256, signature=bm90LWNoZWNrZWQtYnktcHJpc20%3D',
};

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=UTF-8', 'User-Agent': 'mock-test', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export interface SignedCallOptions {
  clientId: string;
  merchantPrivateKey: KeyInput;
  zolozPublicKey: KeyInput;
  encrypt?: boolean;
  headers?: Record<string, string>;
  /** Change the sealed headers/body before sending. */
  tamper?: (msg: { headers: Record<string, string>; body: string }) => void;
  /** Sign as this Client-Id instead. */
  signAs?: string;
}

/** A request sealed as a merchant would: signed (and encrypted), then the response opened and verified. */
export async function signedCall(baseUrl: string, path: string, body: string, o: SignedCallOptions) {
  const sealed = sealMessage({
    direction: 'request',
    path,
    clientId: o.signAs ?? o.clientId,
    body,
    signingKey: o.merchantPrivateKey,
    ...(o.encrypt ? { encryptFor: o.zolozPublicKey } : {}),
  });
  const msg = { headers: { ...sealed.headers, 'User-Agent': 'mock-test', ...o.headers }, body: sealed.body };
  o.tamper?.(msg);
  const res = await fetch(baseUrl + path, { method: 'POST', headers: msg.headers, body: msg.body });
  const text = await res.text();
  const opened = openMessage({
    direction: 'response',
    path,
    clientId: msg.headers['Client-Id'] ?? o.clientId,
    headers: res.headers,
    body: text,
    verifyWith: o.zolozPublicKey,
    decryptWith: o.merchantPrivateKey,
  });
  return { status: res.status, headers: res.headers, raw: text, opened, json: JSON.parse(opened.body) as Json };
}
