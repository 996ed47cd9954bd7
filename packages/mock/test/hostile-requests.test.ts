import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMessage, sealMessage } from '@zoloz-openapi/gateway-protocol';
import { MOCK_LIMITS, startMock, type MockHandle } from '@zoloz-openapi/mock';
import { operationsUnderTest } from './helpers.js';

// The mock answers and records every request, refused ones included, and its recording is valid after every
// exchange (docs: packages/mock/README.md, "What the gateway does", "Recording", "Limits").
const tmp = mkdtempSync(join(tmpdir(), 'zoloz-mock-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const OP = operationsUnderTest().find((o) => o.operationId === 'realIdCheckResult')!;
const BODY = JSON.stringify(OP.requestBody);

/** Sends raw bytes (without half-closing, as HTTP clients do) and returns what came back until the server closed the connection. */
function raw(port: number, text: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(text);
  });
}

function statusOf(response: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
}

function bodyOf(response: string): string {
  return response.slice(response.indexOf('\r\n\r\n') + 4);
}

function headersOf(response: string): Record<string, string> {
  const head = response.slice(0, response.indexOf('\r\n\r\n')).split('\r\n').slice(1);
  return Object.fromEntries(head.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

/** POSTs a body of `size` zero bytes, streamed; resolves with the status and body of the answer. */
function postLarge(port: number, path: string, size: number): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(size) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function signedRequestText(mock: MockHandle, host: string, path = OP.path): string {
  const sealed = sealMessage({
    direction: 'request',
    path,
    clientId: mock.clientId!,
    body: BODY,
    signingKey: mock.keys!.merchantPrivateKey,
  });
  const headers = {
    ...sealed.headers,
    Host: host,
    'User-Agent': 'hostile-test',
    'Content-Length': String(Buffer.byteLength(sealed.body)),
    Connection: 'close',
  };
  return `POST ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([n, v]) => `${n}: ${v}`)
    .join('\r\n')}\r\n\r\n${sealed.body}`;
}

const verifyGatewayAnswer = (mock: MockHandle, path: string, headers: Record<string, string>, body: string) =>
  openMessage({ direction: 'response', path, clientId: mock.clientId!, headers, body, verifyWith: mock.keys!.zolozPublicKey });

describe.each(['har', 'jsonl'] as const)('gateway mode recording as %s: every request answered and recorded', (format) => {
  let mock: MockHandle;
  const recordPath = join(tmp, `hostile.${format}`);
  const read = (): Array<Record<string, any>> => {
    const text = readFileSync(recordPath, 'utf8');
    return format === 'har'
      ? JSON.parse(text).log.entries
      : text
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l));
  };
  const requestOf = (e: Record<string, any>) => e.request;
  const statusOfRecord = (e: Record<string, any>) => e.response.status as number;
  let sent = 0;

  beforeAll(async () => {
    mock = await startMock({ gateway: true, record: { path: recordPath } });
  });
  afterAll(() => mock?.close());

  it('a valid request is served and the file is already valid before the mock stops', async () => {
    const res = await raw(mock.port, signedRequestText(mock, `127.0.0.1:${mock.port}`));
    sent += 1;
    expect(statusOf(res)).toBe(200);
    await expect.poll(() => read().length, { timeout: 10_000 }).toBe(sent);
  });

  it.each(['a b', '[::1'])('a Host that is no authority (%s) gets HTTP 400 with a signed PARAM_ILLEGAL and is recorded', async (host) => {
    const res = await raw(mock.port, signedRequestText(mock, host));
    sent += 1;
    expect(statusOf(res)).toBe(400);
    const opened = verifyGatewayAnswer(mock, OP.path, headersOf(res), bodyOf(res));
    expect(JSON.parse(opened.body).result.resultCode).toBe('PARAM_ILLEGAL');
    await expect.poll(() => read().length, { timeout: 10_000 }).toBe(sent);
    const rec = read().at(-1)!;
    expect(statusOfRecord(rec)).toBe(400);
    expect(new URL(requestOf(rec).url).pathname).toBe(OP.path);
    expect(requestOf(rec).comment).toMatch(/Host/);
  });

  it('a body over the limit gets HTTP 413 with a signed result, is recorded without its body, and the run goes on', async () => {
    const size = MOCK_LIMITS.maxBodyBytes + 1024 * 1024;
    const res = await postLarge(mock.port, OP.path, size);
    sent += 1;
    expect(res.status).toBe(413);
    const opened = verifyGatewayAnswer(mock, OP.path, res.headers, res.body);
    expect(JSON.parse(opened.body).result.resultCode).toBe('PARAM_ILLEGAL');
    await expect.poll(() => read().length, { timeout: 10_000 }).toBe(sent);
    const rec = read().at(-1)!;
    expect(statusOfRecord(rec)).toBe(413);
    expect(requestOf(rec).comment).toContain(String(size));
    expect(format === 'har' ? requestOf(rec).postData : requestOf(rec).body).toBeUndefined();
  }, 60_000);

  it('a head over the limit gets HTTP 431 and is recorded with its request line', async () => {
    const res = await raw(
      mock.port,
      `POST ${OP.path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(MOCK_LIMITS.maxHeaderBytes + 10)}\r\n\r\n`,
    );
    sent += 1;
    expect(statusOf(res)).toBe(431);
    await expect.poll(() => read().length, { timeout: 10_000 }).toBe(sent);
    const rec = read().at(-1)!;
    expect(statusOfRecord(rec)).toBe(431);
    expect(requestOf(rec).comment).toMatch(/431/);
  });

  it('a request the HTTP parser refuses gets HTTP 400 and is recorded', async () => {
    const res = await raw(mock.port, 'P\x01ST / HTTP/1.1\r\nHost: x\r\n\r\n');
    sent += 1;
    expect(statusOf(res)).toBe(400);
    await expect.poll(() => read().length, { timeout: 10_000 }).toBe(sent);
    expect(requestOf(read().at(-1)!).method).toBe('-');
  });

  it('a dotted path is served as the documented one (the shared path rule)', async () => {
    const dotted = OP.path.replace('/realid/', '/realid/../realid/');
    const res = await raw(mock.port, signedRequestText(mock, `127.0.0.1:${mock.port}`, dotted));
    sent += 1;
    expect(statusOf(res)).toBe(200);
    const opened = verifyGatewayAnswer(mock, dotted, headersOf(res), bodyOf(res));
    expect(JSON.parse(opened.body).result.resultCode).toBe('SUCCESS');
  });

  it('a body that is not UTF-8 is recorded as base64, byte for byte', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7d]);
    const res = await raw(
      mock.port,
      Buffer.concat([
        Buffer.from(`POST ${OP.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`),
        bytes,
      ]),
    );
    sent += 1;
    expect(statusOf(res)).toBe(200); // PARAM_MISSING: no gateway headers
    await expect.poll(() => read().length, { timeout: 10_000 }).toBe(sent);
    const rec = requestOf(read().at(-1)!);
    const [text, encoding] = format === 'har' ? [rec.postData.text, rec.postData.encoding] : [rec.body, rec.bodyEncoding];
    expect(encoding).toBe('base64');
    expect(Buffer.from(text, 'base64')).toEqual(bytes);
  });

  it('stops with every request in the file and the count said', async () => {
    await mock.close();
    expect(read()).toHaveLength(sent);
    expect(mock.recorded()).toBe(sent);
  });
});
