#!/usr/bin/env node
// What `zoloz-openapi proxy` adds: the same signed requests (realIdInitialize's request example, a distinct
// bizId each) sent to `zoloz-openapi-mock --gateway` directly and through the proxy (as users run it: --keys,
// so every signature is verified, --record, a json report). Both are the compiled CLIs in their own processes;
// this process only drives keep-alive load on 127.0.0.1. Rounds interleave direct and proxied; each figure is
// the best round. Not a test. Last stdout line: {"proxy":{"ratioVsDirect":…,…}}.
//   ratioVsDirect       median latency through the proxy / direct, one request at a time
//   addedMs             the difference of those medians
//   throughputRatio     requests/s through the proxy / direct, 16 concurrent clients
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sealMessage } from '@zoloz-openapi/gateway-protocol';
import { freePort, KEY_FILES } from '@zoloz-openapi/mock';

const QUICK = process.argv.includes('--quick');
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MOCK_CLI = fileURLToPath(new URL('../../mock/dist/cli.js', import.meta.url));
const require = createRequire(import.meta.url);
const PATH = '/api/v1/zoloz/realid/initialize';
const CLIENT_ID = '0000000000000001';
const SEQUENTIAL = QUICK ? 150 : 400;
const CONCURRENT = QUICK ? 600 : 2000;
const CONCURRENCY = 16;
const ROUNDS = QUICK ? 2 : 3;

const dir = mkdtempSync(join(tmpdir(), 'proxy-bench-'));
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(args, ready) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready: ${text}`)), 60_000);
    const check = () => {
      const m = text.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m });
      }
    };
    child.stdout.on('data', (c) => ((text += c), check()));
    child.stderr.on('data', (c) => ((text += c), check()));
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
}

const spec = JSON.parse(readFileSync(require.resolve('@zoloz-openapi/generated/openapi.dereferenced.json'), 'utf8'));
const example = Object.values(spec.paths[PATH].post.requestBody.content['application/json'].examples)[0].value;

const mockPort = await freePort();
const keysDir = join(dir, 'keys');
const mock = await start([MOCK_CLI, '--gateway', '--port', String(mockPort), '--keys-dir', keysDir], /listening on/);
const merchantKey = readFileSync(join(keysDir, KEY_FILES.merchantPrivateKey), 'utf8');
writeFileSync(
  join(dir, 'keys.json'),
  JSON.stringify(Object.fromEntries(Object.entries(KEY_FILES).map(([role, file]) => [role, join('keys', file)]))),
);
const proxy = await start(
  [
    CLI,
    'proxy',
    '--target',
    `http://127.0.0.1:${mockPort}`,
    '--port',
    '0',
    '--keys',
    join(dir, 'keys.json'),
    '--record',
    join(dir, 'capture.jsonl'),
    '--format',
    'json',
    '--report',
    join(dir, 'report.json'),
  ],
  /listening on (http:\/\/127\.0\.0\.1:\d+)/,
);
const targets = { direct: `http://127.0.0.1:${mockPort}`, proxied: proxy.match[1] };
// The proxy's lines about failed exchanges, shown if a request fails (no body or header is in them).
const proxyProblems = [];
proxy.child.stderr.on('data', (c) => {
  for (const l of String(c).split('\n'))
    if (/ invalid | unreadable | undocumented |target/.test(l) && proxyProblems.length < 20) proxyProblems.push(l);
});
mock.child.stdout.resume();

let n = 0;
/** A freshly signed request (distinct bizId: the proxy's flow checks see no repeated initialize). */
function signed() {
  n += 1;
  const body = JSON.stringify({ ...example, bizId: `pb${String(n).padStart(20, '0')}` });
  return sealMessage({ direction: 'request', path: PATH, clientId: CLIENT_ID, body, signingKey: merchantKey });
}

// A fresh keep-alive pool per phase: a socket left idle across phases could meet the server's keep-alive
// timeout just as it is reused (a reset no real client would count against the server).
let agent;
function send(base, message) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      `${base}${PATH}`,
      { method: 'POST', agent, headers: { ...message.headers, 'Content-Length': Buffer.byteLength(message.body) } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - t0)
            : reject(
                new Error(
                  `HTTP ${res.statusCode} from ${base === targets.direct ? 'the mock' : 'the proxy'}; proxy log:\n${proxyProblems.join('\n')}`,
                ),
              ),
        );
      },
    );
    req.on('error', reject);
    req.end(message.body);
  });
}

async function sequential(base, count) {
  const messages = Array.from({ length: count }, signed);
  const times = [];
  agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  for (const m of messages) times.push(await send(base, m));
  agent.destroy();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function concurrent(base, count) {
  const messages = Array.from({ length: count }, signed);
  let next = 0;
  agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < messages.length) await send(base, messages[next++]);
    }),
  );
  const ms = performance.now() - t0;
  agent.destroy();
  return (count / ms) * 1000;
}

await sequential(targets.direct, 50);
await sequential(targets.proxied, 50);
const median = { direct: [], proxied: [] };
const rps = { direct: [], proxied: [] };
for (let round = 0; round < ROUNDS; round += 1) {
  for (const side of ['direct', 'proxied']) median[side].push(await sequential(targets[side], SEQUENTIAL));
  for (const side of ['direct', 'proxied']) rps[side].push(await concurrent(targets[side], CONCURRENT));
}
proxy.child.kill('SIGTERM');
const proxyExit = await new Promise((resolve) => proxy.child.once('exit', resolve));
const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
mock.child.kill('SIGTERM');
await new Promise((resolve) => mock.child.once('exit', resolve));

const best = {
  directMs: Math.min(...median.direct),
  proxiedMs: Math.min(...median.proxied),
  directRps: Math.max(...rps.direct),
  proxiedRps: Math.max(...rps.proxied),
};
const proxiedCount = 50 + ROUNDS * (SEQUENTIAL + CONCURRENT);
if (report.summary.total !== proxiedCount || report.summary.valid !== proxiedCount || proxyExit !== 0) {
  process.stderr.write(
    `proxy-bench: the proxy reported ${JSON.stringify(report.summary)} (exit ${proxyExit}) for ${proxiedCount} exchanges\n`,
  );
  process.exitCode = 1;
}
const f = (x, d = 2) => x.toFixed(d);
console.log(
  `proxy benchmark (node ${process.version}, ${QUICK ? 'quick' : 'full'} run): realIdInitialize, signed, to zoloz-openapi-mock --gateway`,
);
console.log(
  `  one at a time, median latency: direct ${f(best.directMs)} ms, through the proxy ${f(best.proxiedMs)} ms → ×${f(best.proxiedMs / best.directMs)} (+${f(best.proxiedMs - best.directMs)} ms)`,
);
console.log(
  `  ${CONCURRENCY} concurrent: direct ${f(best.directRps, 0)} req/s, through the proxy ${f(best.proxiedRps, 0)} req/s → ×${f(best.proxiedRps / best.directRps)}`,
);
console.log(`  the proxy validated ${report.summary.total} exchanges (${report.summary.valid} valid; signatures verified, recorded)`);
console.log(
  JSON.stringify({
    proxy: {
      ratioVsDirect: Number((best.proxiedMs / best.directMs).toFixed(3)),
      addedMs: Number((best.proxiedMs - best.directMs).toFixed(3)),
      directMedianMs: Number(best.directMs.toFixed(3)),
      proxiedMedianMs: Number(best.proxiedMs.toFixed(3)),
      throughputRatio: Number((best.proxiedRps / best.directRps).toFixed(3)),
      directRps: Math.round(best.directRps),
      proxiedRps: Math.round(best.proxiedRps),
      exchangesValidated: report.summary.total,
    },
  }),
);
