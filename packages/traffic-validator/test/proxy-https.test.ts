// An HTTPS target: the proxy (dist CLI, its own process) forwards over TLS to a node:https server whose
// certificate real openssl made; the proxy trusts it the ordinary Node way (NODE_EXTRA_CA_CERTS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'zoloz-proxy-https-'));
let server: Server;
let targetUrl: string;
const received: { host: string | undefined; body: string }[] = [];

beforeAll(async () => {
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(tmp, 'key.pem'),
      '-out',
      join(tmp, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  server = createServer({ key: readFileSync(join(tmp, 'key.pem')), cert: readFileSync(join(tmp, 'cert.pem')) }, (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ host: req.headers.host, body });
      res
        .writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8' })
        .end('{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"Success"}}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  targetUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((ok) => server?.close(() => ok()));
  rmSync(tmp, { recursive: true, force: true });
});

describe('zoloz-openapi proxy with an HTTPS target', () => {
  it('forwards over TLS, answers the caller in plain HTTP, records the https URL', async () => {
    const record = join(tmp, 'capture.jsonl');
    const child = spawn(process.execPath, [CLI, 'proxy', '--target', targetUrl, '--port', '0', '--record', record, '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tmp, 'cert.pem') },
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const proxyUrl = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
    });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${proxyUrl}/api/v1/zoloz/connect/checkresult`,
        { method: 'POST', headers: { 'Content-Type': 'application/json; charset=UTF-8' } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end('{"bizId":"1","transactionId":"2"}');
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).result.resultCode).toBe('SUCCESS');
    expect(received).toEqual([{ host: new URL(targetUrl).host, body: '{"bizId":"1","transactionId":"2"}' }]);
    child.kill('SIGTERM');
    expect(await exited).toBe(1); // unsigned, so invalid: but forwarded untouched
    const line = JSON.parse(readFileSync(record, 'utf8').trim());
    expect(line.request.url).toBe(`${targetUrl}/api/v1/zoloz/connect/checkresult`);
    expect(line.response.status).toBe(200);
  }, 60_000);
});
