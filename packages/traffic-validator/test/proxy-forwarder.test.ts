// The forwarder alone, in front of a plain node:http server that records exactly what it received: bytes and
// header names unchanged both ways, streamed (chunked) bodies, keep-alive on the caller's side, one report per
// request, a clean drain on close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, Agent, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startForwarder, type ForwardedExchange, type Forwarder } from '../src/proxy/forwarder.js';

interface Seen {
  rawHeaders: string[];
  body: Buffer;
  url: string;
}

let upstream: Server;
let upstreamUrl: URL;
let forwarder: Forwarder;
const seen: Seen[] = [];
const reported: ForwardedExchange[] = [];
// Bytes no text decoding would keep: a UTF-8 multi-byte character split across chunks, and odd spacing.
const REPLY_CHUNKS = [Buffer.from('{"a": "caf'), Buffer.from([0xc3]), Buffer.from([0xa9]), Buffer.from('" ,\n "b":1}')];

beforeAll(async () => {
  upstream = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      seen.push({ rawHeaders: req.rawHeaders, body: Buffer.concat(chunks), url: req.url ?? '' });
      // Streamed reply (no Content-Length: chunked), headers with their own casing.
      res.writeHead(200, [
        'X-Odd-CASE',
        'v1',
        'content-type',
        'application/json; charset=UTF-8',
        'Signature',
        'algorithm=RSA256, signature=a%2Bb',
      ]);
      for (const chunk of REPLY_CHUNKS) {
        res.write(chunk);
        await new Promise((r) => setTimeout(r, 5));
      }
      res.end();
    });
  });
  await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
  upstreamUrl = new URL(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/base`);
  forwarder = await startForwarder({
    target: upstreamUrl,
    host: '127.0.0.1',
    port: 0,
    maxBodyBytes: 1 << 20,
    maxBufferedBytes: 1 << 24,
    timeoutMs: 10_000,
    onExchange: (x) => reported.push(x),
  });
});

afterAll(async () => {
  await forwarder?.close();
  await new Promise<void>((ok) => upstream?.close(() => ok()));
});

function send(
  agent: Agent,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; rawHeaders: string[]; body: Buffer; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${forwarder.url}/api/v1/zoloz/connect/enroll?x=1`, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks), reused: req.reusedSocket }),
      );
    });
    req.on('error', reject);
    // Written in pieces: the request body is streamed through too.
    req.write(body.subarray(0, 7));
    setTimeout(() => req.end(body.subarray(7)), 5);
  });
}

describe('forwarder', () => {
  it('forwards bytes and header names unchanged both ways, keeps the caller connection alive, reports each exchange once', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.from('{"bizId" : "1",\t"x":"\u00e9"}');
    const headers = {
      'Content-Type': 'application/json; charset=UTF-8',
      'Client-Id': '2089012345678900',
      SIGNATURE: 'algorithm=RSA256, signature=x%2Fy',
    };
    const first = await send(agent, body, headers);
    const second = await send(agent, body, headers);
    agent.destroy();

    expect(second.reused).toBe(true);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(200);
      expect(answer.body.equals(Buffer.concat(REPLY_CHUNKS))).toBe(true);
      const names = answer.rawHeaders.filter((_, i) => i % 2 === 0);
      expect(names.slice(0, 3)).toEqual(['X-Odd-CASE', 'content-type', 'Signature']);
      expect(answer.rawHeaders[answer.rawHeaders.indexOf('Signature') + 1]).toBe('algorithm=RSA256, signature=a%2Bb');
    }
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s.body.equals(body)).toBe(true);
      expect(s.url).toBe('/base/api/v1/zoloz/connect/enroll?x=1');
      expect(s.rawHeaders).toContain('SIGNATURE');
      expect(s.rawHeaders[s.rawHeaders.indexOf('SIGNATURE') + 1]).toBe('algorithm=RSA256, signature=x%2Fy');
      expect(s.rawHeaders[s.rawHeaders.indexOf('Host') + 1]).toBe(upstreamUrl.host);
    }
    expect(reported).toHaveLength(2);
    const x = reported[0]!;
    expect(x.request.body!.equals(body)).toBe(true);
    expect(x.response!.body!.equals(Buffer.concat(REPLY_CHUNKS))).toBe(true);
    expect(x.request.url).toBe(`${upstreamUrl.origin}/base/api/v1/zoloz/connect/enroll?x=1`);
    expect(x.error).toBeUndefined();
  });

  it('keeps no body over the limit (still forwarded), and close() waits for in-flight exchanges', async () => {
    const small = await startForwarder({
      target: upstreamUrl,
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 8,
      maxBufferedBytes: 1 << 24,
      timeoutMs: 10_000,
      onExchange: (x) => reported.push(x),
    });
    const before = reported.length;
    const seenBefore = seen.length;
    const pending = new Promise<number>((resolve, reject) => {
      const req = request(`${small.url}/x`, { method: 'POST' }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end('0123456789abcdef');
    });
    // Ask to close once the upstream has the request and is streaming its reply (it pauses between chunks).
    await expect.poll(() => seen.length, { timeout: 20_000, interval: 1 }).toBe(seenBefore + 1);
    const closed = small.close();
    expect(await pending).toBe(200);
    await closed;
    expect(reported.length).toBe(before + 1);
    const x = reported.at(-1)!;
    expect(x.request.body).toBeUndefined();
    expect(x.request.dropped).toBe('size');
    expect(x.request.bytes).toBe(16);
    expect(x.response?.body).toBeUndefined();
    expect(seen.at(-1)!.body.toString()).toBe('0123456789abcdef');
  });

  it('keeps bodies only within the shared budget of the exchanges in flight, and gives it back when they end', async () => {
    // An upstream that answers only once two requests are in: both bodies are held at the same time.
    const waiting: Array<() => void> = [];
    const gate = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        waiting.push(() => res.end('ok'));
        if (waiting.length >= 2) for (const release of waiting.splice(0)) release();
      });
    });
    await new Promise<void>((ok) => gate.listen(0, '127.0.0.1', ok));
    const got: ForwardedExchange[] = [];
    const tight = await startForwarder({
      target: new URL(`http://127.0.0.1:${(gate.address() as AddressInfo).port}`),
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 100,
      maxBufferedBytes: 10,
      timeoutMs: 10_000,
      onExchange: (x) => got.push(x),
    });
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${tight.url}/x`, { method: 'POST' }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect(await Promise.all([post('aaaaaaaa'), post('bbbbbbbb')])).toEqual([200, 200]);
      expect(got.map((x) => x.request.dropped).sort()).toEqual(['memory', undefined]);
      // Both ended: the budget is whole again, so the next two are kept or dropped the same way, not both dropped.
      expect(await Promise.all([post('cccccccc'), post('dddddddd')])).toEqual([200, 200]);
      expect(got.slice(2).filter((x) => x.request.body?.length === 8)).toHaveLength(1);
    } finally {
      await tight.close();
      await new Promise<void>((ok) => gate.close(() => ok()));
    }
  });
});
