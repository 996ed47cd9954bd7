#!/usr/bin/env node
// Per-call overhead of @zoloz-openapi/client (compiled dist) against a hand-rolled `fetch` + `crypto.sign` call,
// both talking to the same local node:http server. Not a test: prints figures; the LAST stdout line is one JSON
// object {"client":{"ratioVsRaw":…}}. After a warm-up, calls are interleaved one by one (order rotating) so
// machine drift hits both sides alike; the median of the per-round ratios of median call times is reported.
//
//   node packages/client/bench/client-bench.mjs [--rounds 15] [--calls 100]
// Needs the compiled packages (`npx tsc -b` at the repository root).
import { constants, generateKeyPairSync, sign, verify } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

let createZolozClient;
try {
  ({ createZolozClient } = await import('@zoloz-openapi/client'));
} catch {
  console.error('client-bench: cannot import @zoloz-openapi/client — build it first with `npx tsc -b` at the repository root');
  process.exit(2);
}

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, calls: { type: 'string', default: '100' } } });
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);
const WARMUP = 300;

const CLIENT_ID = '2089012345678900';
const PATH = '/api/v1/zoloz/realid/checkresult';
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const zoloz = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = (key) => ({ key, padding: constants.RSA_PKCS1_PADDING });

// The server answers every request with one precomputed, validly signed response (signing per response would
// only add the same constant to both sides).
const RESPONSE_TIME = '2024-06-01T12:00:00+0000';
const RESPONSE_BODY = JSON.stringify({
  result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'Success' },
  ekycResult: 'Success',
  extBasicInfo: { certType: '00000001003', docCategory: 'PASSPORT' },
});
const responseSig = sign('sha256', Buffer.from(`POST ${PATH}\n${CLIENT_ID}.${RESPONSE_TIME}.${RESPONSE_BODY}`), pkcs1(zoloz.privateKey));
const RESPONSE_HEADERS = {
  'Content-Type': 'application/json; charset=UTF-8',
  'Response-Time': RESPONSE_TIME,
  Signature: `algorithm=RSA256, signature=${encodeURIComponent(responseSig.toString('base64'))}`,
};
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, RESPONSE_HEADERS);
    res.end(RESPONSE_BODY);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const payload = { bizId: '2017839040588699', transactionId: 'G000000005FID20200304000000000001570702' };

// The client with its defaults (response verification on, validation off, retries only for checkresult), and
// the same client with verification explicitly off, which does exactly the raw baseline's protocol work.
const common = { baseUrl, clientId: CLIENT_ID, merchantPrivateKey: merchant.privateKey, zolozPublicKey: zoloz.publicKey };
const defaultClient = createZolozClient(common);
const unverifiedClient = createZolozClient({ ...common, verifyResponses: false });
const viaClient = () => defaultClient.realId.checkResult(payload);
const viaClientUnverified = () => unverifiedClient.realId.checkResult(payload);

// The hand-rolled baseline: format Request-Time, sign, fetch, read, parse.
const pad = (n) => String(n).padStart(2, '0');
function requestTime(d = new Date()) {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+0000`;
}
async function rawCall(verifyResponse) {
  const body = JSON.stringify(payload);
  const time = requestTime();
  const sig = sign('sha256', Buffer.from(`POST ${PATH}\n${CLIENT_ID}.${time}.${body}`), pkcs1(merchant.privateKey));
  const res = await fetch(baseUrl + PATH, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=UTF-8',
      'Client-Id': CLIENT_ID,
      'Request-Time': time,
      Signature: `algorithm=RSA256, signature=${encodeURIComponent(sig.toString('base64'))}`,
      'User-Agent': 'bench/1.0',
    },
    body,
  });
  const text = await res.text();
  if (verifyResponse) {
    const header = res.headers.get('signature');
    const s = Buffer.from(decodeURIComponent(header.slice(header.indexOf('signature=') + 10)), 'base64');
    const content = `POST ${PATH}\n${CLIENT_ID}.${res.headers.get('response-time')}.${text}`;
    if (!verify('sha256', Buffer.from(content), pkcs1(zoloz.publicKey), s)) throw new Error('bad signature');
  }
  return JSON.parse(text);
}
const viaRaw = () => rawCall(false);
const viaRawVerified = () => rawCall(true);

async function timeOne(fn) {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  const us = Number(process.hrtime.bigint() - t0) / 1e3;
  if (r.result.resultStatus !== 'S') throw new Error('unexpected result');
  return us;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const sides = { client: viaClient, clientUnverified: viaClientUnverified, raw: viaRaw, rawVerified: viaRawVerified };
const names = Object.keys(sides);
for (let i = 0; i < WARMUP; i++) for (const name of names) await timeOne(sides[name]);

// Interleaved call by call (the order rotating), so a burst of load on this machine hits every side alike;
// per round the median per-call time of each side, then the median over rounds of the per-round ratios.
const perRound = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < CALLS; i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      samples[name].push(await timeOne(sides[name]));
    }
  }
  for (const name of names) perRound[name].push(median(samples[name]));
}
server.close();

const ratios = (a, b) => perRound[a].map((x, i) => x / perRound[b][i]);
const round3 = (x) => Math.round(x * 1000) / 1000;
const figures = {
  // like for like: both sign, send, read and parse; neither verifies the response
  ratioVsRaw: round3(median(ratios('clientUnverified', 'raw'))),
  // like for like with the client's defaults: both also verify the response signature
  ratioVsRawVerified: round3(median(ratios('client', 'rawVerified'))),
  // the default client (which verifies) against the raw call (which does not): includes the verification cost
  ratioDefaultClientVsRaw: round3(median(ratios('client', 'raw'))),
  clientMedianUsPerCall: Math.round(median(perRound.client)),
  clientUnverifiedMedianUsPerCall: Math.round(median(perRound.clientUnverified)),
  rawMedianUsPerCall: Math.round(median(perRound.raw)),
  rawVerifiedMedianUsPerCall: Math.round(median(perRound.rawVerified)),
  rounds: ROUNDS,
  callsPerRound: CALLS,
  warmupCalls: WARMUP,
  node: process.versions.node,
};
console.log(
  `µs/call (median): client ${figures.clientMedianUsPerCall}, client unverified ${figures.clientUnverifiedMedianUsPerCall}, ` +
    `raw ${figures.rawMedianUsPerCall}, raw+verify ${figures.rawVerifiedMedianUsPerCall}`,
);
console.log(
  `ratio (target ≤ 1.1×): unverified client vs raw ${figures.ratioVsRaw}×, default client vs raw+verify ${figures.ratioVsRawVerified}×, ` +
    `default client vs raw ${figures.ratioDefaultClientVsRaw}×`,
);
console.log(JSON.stringify({ client: figures }));
