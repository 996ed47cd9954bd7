// The field-heavy shape of the traffic benchmark (issue 10): all five operations' success exchanges, in flow
// order (enroll, initialize, checkresult per product), no images (fields the spec marks faceImage /
// documentImage are dropped from the examples), signed headers present, ≈ 2–3 KB per exchange, 50,000
// exchanges, as JSONL and as HAR, each validated with the json and the pretty report.
// Floor = read the file, JSON.parse each exchange (HAR: the whole document) and both bodies, nothing else.
// Schema floor = the floor plus the generated strict validator of each body, once (no headers, records or flow):
// the least any validation with these validators costs, so the share of the gap that is schema work is measured.
// Run alone: node packages/traffic-validator/bench/field-heavy.mjs [--quick]
import { closeSync, createReadStream, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sealMessage } from '@zoloz-openapi/gateway-protocol';
import { JsonReport, PrettyReport, runTrafficReport } from '../dist/index.js';
import { harEntryOf } from './har-entry.mjs';

const require = createRequire(import.meta.url);
// Each timed run starts from a collected heap, on every side: garbage of the previous run is nobody's cost.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const IMAGE_CLASSES = new Set(['faceImage', 'documentImage']);
const BIZ = 'BENCHBIZIDPLACEHOLDER0000000'; // replaced per exchange: non-idempotent calls need distinct bizIds
/** The operations of the lines, in this order, repeated: exchange n is `FLOW_ORDER[n % 5]`. */
const FLOW_ORDER = ['connectEnroll', 'connectInitialize', 'connectCheckResult', 'realIdInitialize', 'realIdCheckResult'];

function examples(bundled, operation) {
  const deref = (n) => {
    while (n && typeof n.$ref === 'string')
      n = n.$ref
        .slice(2)
        .split('/')
        .reduce((x, k) => x?.[k], bundled);
    return n;
  };
  const item = bundled.paths[operation.path][operation.method];
  const request = structuredClone(
    deref(deref(item.requestBody).content['application/json'].examples[operation.examples.requests[0]]).value,
  );
  const success = operation.examples.responses.find((r) => r.resultCode === 'SUCCESS' && r.status === 200).name;
  const response = structuredClone(deref(deref(item.responses['200']).content['application/json'].examples[success]).value);
  return { request, response };
}

/** Drops image fields (by the spec's personal-data classes) that are optional; keeps required ones tiny. */
function withoutImages(body, marks) {
  for (const mark of marks ?? []) {
    if (!IMAGE_CLASSES.has(mark.class)) continue;
    const parent = mark.path.slice(0, -1).reduce((n, k) => (n && typeof n === 'object' ? n[k] : undefined), body);
    const last = mark.path.at(-1);
    if (parent && typeof parent === 'object') {
      if (last === '*') for (const k of Object.keys(parent)) delete parent[k];
      else if (typeof parent[last] === 'string' && parent[last].length > 64) delete parent[last];
    }
  }
  return body;
}

/** One JSONL line per operation, with signed headers (signed once: the bench runs without keys) and a bizId slot. */
export function fieldHeavyLines(spec, bundled, keys) {
  const time = '2026-11-23T11:40:00+0000';
  const clientId = '2089012345678900';
  const initTx = {};
  return FLOW_ORDER.map((id) => {
    const operation = spec.operations.find((o) => o.operationId === id);
    const marks = spec.personalData[id];
    const { request, response } = examples(bundled, operation);
    withoutImages(request, marks?.request);
    withoutImages(response, marks?.response);
    request.bizId = BIZ;
    const product = operation.path.split('/')[4];
    if (id.endsWith('Initialize')) initTx[product] = response.transactionId;
    if (id.endsWith('CheckResult')) request.transactionId = initTx[product];
    const req = sealMessage({
      direction: 'request',
      path: operation.path,
      clientId,
      body: JSON.stringify(request),
      signingKey: keys.merchant.privateKey,
      time,
    });
    const res = sealMessage({
      direction: 'response',
      path: operation.path,
      clientId,
      body: JSON.stringify(response),
      signingKey: keys.zoloz.privateKey,
      time,
    });
    return JSON.stringify({
      request: {
        method: 'POST',
        url: `https://sg-production-api.zoloz.com${operation.path}`,
        headers: { ...req.headers, 'User-Agent': 'bench/1.0' },
        body: req.body,
      },
      response: { status: 200, headers: res.headers, body: res.body },
    });
  });
}

const bizFor = (i) => `B${String(i).padStart(BIZ.length - 1, '0')}`;

function writeJsonl(path, lines, count) {
  const fd = openSync(path, 'w');
  let bytes = 0;
  let chunk = '';
  for (let i = 0; i < count; i += 1) {
    chunk += `${lines[i % lines.length].replace(BIZ, bizFor(i))}\n`;
    if (chunk.length > 1 << 20 || i === count - 1) {
      writeSync(fd, chunk);
      bytes += Buffer.byteLength(chunk);
      chunk = '';
    }
  }
  closeSync(fd);
  return bytes;
}

function writeHar(path, lines, count) {
  const fd = openSync(path, 'w');
  writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[\n');
  let bytes = 0;
  let chunk = '';
  for (let i = 0; i < count; i += 1) {
    const r = JSON.parse(lines[i % lines.length].replace(BIZ, bizFor(i)));
    const entry = harEntryOf(r);
    chunk += `${i > 0 ? ',\n' : ''}${JSON.stringify(entry)}`;
    if (chunk.length > 1 << 20 || i === count - 1) {
      writeSync(fd, chunk);
      bytes += Buffer.byteLength(chunk);
      chunk = '';
    }
  }
  writeSync(fd, '\n]}}\n');
  closeSync(fd);
  return bytes;
}

/** Per exchange of the capture (by its place in FLOW_ORDER), the strict validators of its request and 200 response. */
function strictInFlowOrder(spec) {
  return FLOW_ORDER.map((id) => {
    const operation = spec.operations.find((o) => o.operationId === id);
    return { request: spec.strictValidators[operation.requestValidator], response: spec.strictValidators[operation.responseValidator] };
  });
}

/** Both bodies parsed; with `validators` (of this exchange), each also run through its strict validator (must pass). */
function parseBodies(requestText, responseText, validators) {
  const request = JSON.parse(requestText);
  const response = JSON.parse(responseText);
  if (validators === undefined) return;
  if (!validators.request(request) || !validators.response(response))
    throw new Error('field-heavy: the schema floor found an invalid body');
}

async function floorJsonl(path, validators) {
  let n = 0;
  for await (const l of createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
    if (l === '') continue;
    const rec = JSON.parse(l);
    parseBodies(rec.request.body, rec.response.body, validators?.[n % FLOW_ORDER.length]);
    n += 1;
  }
  return n;
}

async function floorHar(path, validators) {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  let n = 0;
  for (const e of doc.log.entries) {
    parseBodies(e.request.postData.text, e.response.content.text, validators?.[n % FLOW_ORDER.length]);
    n += 1;
  }
  return n;
}

async function ours(path, spec, Sink, jobs = 1) {
  let bytes = 0;
  const run = await runTrafficReport(path, spec, {
    jobs,
    sink: new Sink(),
    write: (t) => void (bytes += t.length),
    tool: { name: 'bench', version: '0' },
  });
  return { summary: run.summary, reportChars: bytes };
}

/** Runs the field-heavy shape; returns per format × report the best-of-rounds times and ratios vs the floor. */
export async function benchFieldHeavy({ spec, bundled, keys, dir, quick }) {
  const count = quick ? 10_000 : 50_000;
  const rounds = quick ? 2 : 5;
  const lines = fieldHeavyLines(spec, bundled, keys);
  const validators = strictInFlowOrder(spec);
  const files = { jsonl: join(dir, 'field-heavy.jsonl'), har: join(dir, 'field-heavy.har') };
  const bytes = { jsonl: writeJsonl(files.jsonl, lines, count), har: writeHar(files.har, lines, count) };
  const results = {};
  for (const format of ['jsonl', 'har']) {
    const floor = format === 'jsonl' ? floorJsonl : floorHar;
    const times = { floor: [], schemaFloor: [], json: [], pretty: [], jobs: [] };
    for (let round = 0; round <= rounds; round += 1) {
      // Round 0 warms up (JIT tiers, page cache) on every side and is not counted.
      gc();
      let t0 = performance.now();
      if ((await floor(files[format])) !== count) throw new Error(`field-heavy ${format}: floor parsed a different count`);
      if (round > 0) times.floor.push(performance.now() - t0);
      gc();
      t0 = performance.now();
      if ((await floor(files[format], validators)) !== count) throw new Error(`field-heavy ${format}: schema floor, a different count`);
      if (round > 0) times.schemaFloor.push(performance.now() - t0);
      for (const [name, Sink] of [
        ['json', JsonReport],
        ['pretty', PrettyReport],
      ]) {
        gc();
        t0 = performance.now();
        const { summary } = await ours(files[format], spec, Sink);
        if (round > 0) times[name].push(performance.now() - t0);
        if (summary.valid !== count)
          throw new Error(`field-heavy ${format}/${name}: ${summary.valid}/${count} valid (${JSON.stringify(summary)})`);
      }
      // The JSON report again with two checking threads (startup included).
      gc();
      t0 = performance.now();
      const { summary } = await ours(files[format], spec, JsonReport, 2);
      if (round > 0) times.jobs.push(performance.now() - t0);
      if (summary.valid !== count) throw new Error(`field-heavy ${format}/jobs: ${summary.valid}/${count} valid`);
    }
    const best = (xs) => Math.min(...xs);
    const floorMs = best(times.floor);
    results[format] = {
      bytes: bytes[format],
      exchanges: count,
      bytesPerExchange: Math.round(bytes[format] / count),
      floorMs,
      schemaFloorMs: best(times.schemaFloor),
      schemaFloorRatio: best(times.schemaFloor) / floorMs,
      jsonMs: best(times.json),
      prettyMs: best(times.pretty),
      jsonRatio: best(times.json) / floorMs,
      jobsMs: best(times.jobs),
      jobsSpeedup: best(times.json) / best(times.jobs),
      prettyRatio: best(times.pretty) / floorMs,
    };
  }
  for (const f of Object.values(files)) rmSync(f, { force: true });
  return results;
}

// Standalone run.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { generateKeyPairSync } = await import('node:crypto');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { loadGeneratedSpec } = await import('../dist/index.js');
  const spec = await loadGeneratedSpec();
  const bundled = JSON.parse(readFileSync(require.resolve('@zoloz-openapi/generated/openapi.json'), 'utf8'));
  const keys = {
    merchant: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    zoloz: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'field-heavy-'));
  const r = await benchFieldHeavy({ spec, bundled, keys, dir, quick: process.argv.includes('--quick') });
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(r, null, 1));
}
