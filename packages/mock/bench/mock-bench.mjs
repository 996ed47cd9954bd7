#!/usr/bin/env node
// Throughput of the mock on this machine: requests/s in plain mode ("plain": the request check in front of
// Prism) and through the signing gateway ("gateway", signed JSON; also "gateway, encrypted"). Each mock runs as `npm run mock` would (the
// compiled CLI in its own process); this process only drives keep-alive load to 127.0.0.1, bounded in time and
// count. Baseline: the same Prism at its default log level. Not a test.
// Last line: {"mock":{"plainRps":…,"gatewayRps":…,"gatewayEncryptedRps":…,"prismDefaultLoggingRps":…}}.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { freePort, startPrism } from '../dist/index.js';
import { openMessage, sealMessage } from '@zoloz-openapi/gateway-protocol';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const require = createRequire(import.meta.url);
const GENERATED = join(require.resolve('@zoloz-openapi/generated/openapi.yaml'), '..');
const SPEC = process.env.MOCK_BENCH_SPEC ?? join(GENERATED, 'openapi.yaml');
const SPEC_JSON = process.env.MOCK_BENCH_SPEC_JSON ?? join(GENERATED, 'openapi.dereferenced.json');
const CONCURRENCY = 16;
const MAX_SECONDS = Number(process.env.MOCK_BENCH_SECONDS ?? 4);
const MAX_REQUESTS = 20_000;
const WARMUP = 200;
const CLIENT_ID = '0000000000000001';

function fail(msg) {
  process.stderr.write(`mock-bench: ${msg}\n`);
  process.exit(1);
}

// The bench request: realIdInitialize's native request example (a typical ~1 KB body).
const PATH = '/api/v1/zoloz/realid/initialize';
let BODY;
try {
  const spec = JSON.parse(readFileSync(SPEC_JSON, 'utf8'));
  BODY = JSON.stringify(Object.values(spec.paths[PATH].post.requestBody.content['application/json'].examples)[0].value);
} catch (err) {
  fail(`cannot read the request example from ${SPEC_JSON} (${err.message}); run \`npm run build\` first`);
}

function startCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock did not start:\n${out}`));
    }, 60_000);
    const onData = (c) => {
      out += c.toString();
      if (/listening on/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => {
      out += c.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock exited ${code}:\n${out}`));
    });
  });
}

function stopCli(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

function post(agent, port, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: PATH, method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Bounded closed-loop load: CONCURRENCY workers, until MAX_SECONDS or MAX_REQUESTS. */
async function load(port, headers, body, check) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  for (let i = 0; i < WARMUP; i++) await post(agent, port, headers, body);
  const first = await post(agent, port, headers, body);
  check(first);
  let sent = 0;
  let errors = 0;
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + MAX_SECONDS * 1000;
  const worker = async () => {
    while (sent < MAX_REQUESTS && Date.now() < deadline) {
      sent++;
      const r = await post(agent, port, headers, body).catch(() => ({ status: 0 }));
      if (r.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  if (errors) fail(`${errors} of ${sent} requests failed`);
  return { rps: Math.round(sent / seconds), sent, seconds };
}

const tmp = mkdtempSync(join(tmpdir(), 'zoloz-mock-bench-'));
const children = [];
const cleanup = async () => {
  await Promise.all(children.map(stopCli));
  rmSync(tmp, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  void cleanup().then(() => process.exit(130));
});

try {
  // plain: Prism alone (the gateway's security headers are only checked for presence by Prism)
  const plainPort = await freePort();
  children.push(await startCli(['--spec', SPEC, '--port', String(plainPort)]));
  const plainHeaders = {
    'Content-Type': 'application/json; charset=UTF-8',
    'Client-Id': CLIENT_ID,
    'Request-Time': '2026-01-01T00:00:00+0000',
    Signature: 'algorithm=RSA256, signature=x',
    'User-Agent': 'mock-bench',
  };
  const plain = await load(plainPort, plainHeaders, BODY, (r) => {
    if (r.status !== 200 || !/"SUCCESS"/.test(r.body)) fail(`plain mode answered ${r.status}: ${r.body.slice(0, 200)}`);
  });
  await stopCli(children.pop());

  // baseline: the same Prism at its default log level (`info`, what a bare `prism mock` does), output consumed
  const noisy = await startPrism({ spec: SPEC, logLevel: 'info', onLog: () => {} });
  let prismInfo;
  try {
    prismInfo = await load(noisy.port, plainHeaders, BODY, (r) => {
      if (r.status !== 200) fail(`Prism (info logging) answered ${r.status}`);
    });
  } finally {
    await noisy.close();
  }

  // gateway: every request's signature verified, every response signed (the request is sealed once and replayed:
  // the gateway checks no replay window by default, so the client side costs no RSA here)
  const gwPort = await freePort();
  const keysDir = join(tmp, 'keys');
  children.push(await startCli(['--spec', SPEC, '--port', String(gwPort), '--gateway', '--keys-dir', keysDir]));
  const merchantPrivateKey = readFileSync(join(keysDir, 'THROWAWAY-merchant-private-key.pem'), 'utf8');
  const zolozPublicKey = readFileSync(join(keysDir, 'THROWAWAY-zoloz-public-key.pem'), 'utf8');
  const verify = (label) => (r) => {
    const opened = openMessage({
      direction: 'response',
      path: PATH,
      clientId: CLIENT_ID,
      headers: r.headers,
      body: r.body,
      verifyWith: zolozPublicKey,
      decryptWith: merchantPrivateKey,
    });
    if (r.status !== 200 || !/"SUCCESS"/.test(opened.body)) fail(`${label} answered ${r.status}: ${opened.body.slice(0, 200)}`);
  };
  const signed = sealMessage({ direction: 'request', path: PATH, clientId: CLIENT_ID, body: BODY, signingKey: merchantPrivateKey });
  const gateway = await load(gwPort, { ...signed.headers, 'User-Agent': 'mock-bench' }, signed.body, verify('gateway mode'));
  const encrypted = sealMessage({
    direction: 'request',
    path: PATH,
    clientId: CLIENT_ID,
    body: BODY,
    signingKey: merchantPrivateKey,
    encryptFor: zolozPublicKey,
  });
  const gatewayEnc = await load(
    gwPort,
    { ...encrypted.headers, 'User-Agent': 'mock-bench' },
    encrypted.body,
    verify('gateway mode (encrypted)'),
  );
  await cleanup();

  const line = (label, r) => `  ${label.padEnd(22)} ${String(r.rps).padStart(6)} req/s  (${r.sent} requests in ${r.seconds.toFixed(2)} s)`;
  console.log(
    `mock throughput, ${CONCURRENCY} keep-alive connections to 127.0.0.1, ${Buffer.byteLength(BODY)}-byte realIdInitialize request:`,
  );
  console.log(line('plain (check + Prism)', plain));
  console.log(`${line('Prism, default logging', prismInfo)}  → quiet logging is ${(plain.rps / prismInfo.rps).toFixed(1)}× faster`);
  console.log(`${line('gateway (signed)', gateway)}  = ${(gateway.rps / plain.rps).toFixed(2)}× plain`);
  console.log(line('gateway (encrypted)', gatewayEnc));
  console.log(
    JSON.stringify({
      mock: { plainRps: plain.rps, gatewayRps: gateway.rps, gatewayEncryptedRps: gatewayEnc.rps, prismDefaultLoggingRps: prismInfo.rps },
    }),
  );
} catch (err) {
  await cleanup();
  fail(err instanceof Error ? err.message : String(err));
}
