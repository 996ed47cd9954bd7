#!/usr/bin/env node
// Benchmark of @zoloz-openapi/traffic-validator (compiled dist). Not a test: prints a table, and as its LAST
// stdout line one JSON object {"traffic":{…}}. Every figure is a ratio against a baseline measured in this
// same run, or a rate on this machine. Total run ≈ 4–5 minutes here (`--quick` ≈ 1).
//
//   node packages/traffic-validator/bench/traffic-bench.mjs [--quick]
//
// Shapes (captures generated from the spec's own examples, realIdCheckResult success, one exchange per line):
//   small  ≈ 5 KB line    (the example, with small images)
//   field  ≈ 50 KB line   (field-heavy: ocrResult / ocrResultDetail with hundreds of keys)
//   image  ≈ 2 MB line    (image-heavy: face and document images of 0.2–0.6 MB base64)
//   field-heavy (section 5, bench/field-heavy.mjs): all five operations, no images, ≈ 2.5 KB, 50,000 exchanges,
//                JSONL and HAR, json and pretty report, vs the floor (read + parse each exchange and both bodies)
// Baselines:
//   parse      = JSON.parse of the line AND of the two body texts inside it (the JSON any consumer must parse)
//   line-parse = JSON.parse of the line only
//   validation = line → exchange → every check (headers, matching, body validation with the strict and
//                normal validators, undocumented fields, flow), records built; no keys (no RSA).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sealMessage } from '@zoloz-openapi/gateway-protocol';
import { ExchangeValidator, JsonReport, exchangeFromJsonlRecord, loadGeneratedSpec, runTrafficReport } from '../dist/index.js';
import { benchFieldHeavy } from './field-heavy.mjs';
import { harEntryOf } from './har-entry.mjs';

const QUICK = process.argv.includes('--quick');
const require = createRequire(import.meta.url);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const bundled = JSON.parse(readFileSync(require.resolve('@zoloz-openapi/generated/openapi.json'), 'utf8'));
const spec = await loadGeneratedSpec();
const op = (id) => spec.operations.find((o) => o.operationId === id);

// ---------- captures from the spec's examples ----------
const deref = (node) => {
  let n = node;
  while (n && typeof n.$ref === 'string')
    n = n.$ref
      .slice(2)
      .split('/')
      .reduce((x, k) => x?.[k], bundled);
  return n;
};
const requestExample = (o) =>
  structuredClone(
    deref(deref(bundled.paths[o.path][o.method].requestBody).content['application/json'].examples[o.examples.requests[0]]).value,
  );
const successExample = (o) => {
  const name = o.examples.responses.find((r) => r.resultCode === 'SUCCESS').name;
  return structuredClone(deref(deref(bundled.paths[o.path][o.method].responses['200']).content['application/json'].examples[name]).value);
};
const { generateKeyPairSync } = await import('node:crypto');
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const zoloz = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (bytes) =>
  randomBytes(Math.ceil((bytes * 3) / 4))
    .toString('base64')
    .slice(0, bytes);

function line(o, request, response) {
  const time = '2026-11-23T11:40:00+0000';
  const clientId = '2089012345678900';
  const req = sealMessage({
    direction: 'request',
    path: o.path,
    clientId,
    body: JSON.stringify(request),
    signingKey: merchant.privateKey,
    time,
  });
  const res = sealMessage({
    direction: 'response',
    path: o.path,
    clientId,
    body: JSON.stringify(response),
    signingKey: zoloz.privateKey,
    time,
  });
  return JSON.stringify({
    request: {
      method: 'POST',
      url: `https://sg-production-api.zoloz.com${o.path}`,
      headers: { ...req.headers, 'User-Agent': 'bench/1.0' },
      body: req.body,
    },
    response: { status: 200, headers: res.headers, body: res.body },
  });
}

const init = op('realIdInitialize');
const check = op('realIdCheckResult');
const initResponse = successExample(init);
const checkRequest = { ...requestExample(check), transactionId: initResponse.transactionId };
const initLine = line(init, requestExample(init), initResponse);

function shape(kind) {
  const r = successExample(check);
  if (kind === 'small') {
    r.extFaceInfo.faceImg = b64(900);
    r.extIdInfo.frontPageImg = b64(900);
    r.extIdInfo.backPageImg = b64(600);
  } else if (kind === 'field') {
    r.extIdInfo.ocrResult = {};
    r.extIdInfo.ocrResultDetail = {};
    for (let i = 0; i < 420; i += 1) {
      r.extIdInfo.ocrResult[`FIELD_${i}`] = `value ${i}`;
      r.extIdInfo.ocrResultDetail[`FIELD_${i}`] = { name: `Field ${i}`, source: i % 2 ? 'MRZ' : 'VIZ', value: `value ${i}` };
    }
  } else {
    r.extFaceInfo.faceImg = b64(400_000);
    r.extIdInfo.frontPageImg = b64(600_000);
    r.extIdInfo.backPageImg = b64(600_000);
    r.extIdInfo.extraImages = { CROPPED_FRONT: b64(200_000), CROPPED_BACK: b64(200_000) };
  }
  return line(check, checkRequest, r);
}
const shapes = { small: shape('small'), field: shape('field'), image: shape('image') };

// ---------- 1. in-memory: validation vs JSON.parse on the same lines ----------
function parseAll(lines) {
  let n = 0;
  for (const l of lines) {
    const rec = JSON.parse(l);
    n += JSON.parse(rec.request.body) ? 1 : 0;
    n += JSON.parse(rec.response.body) ? 1 : 0;
  }
  return n;
}
function parseLines(lines) {
  let n = 0;
  for (const l of lines) n += JSON.parse(l) ? 1 : 0;
  return n;
}
function validateAll(lines) {
  const validator = new ExchangeValidator(spec, {});
  validator.validateExchange(exchangeFromJsonlRecord(JSON.parse(initLine), 0, { format: 'jsonl', line: 1 }));
  let invalid = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const ex = exchangeFromJsonlRecord(JSON.parse(lines[i]), i + 1, { format: 'jsonl', line: i + 2 });
    if (validator.validateExchange(ex).status !== 'valid') invalid += 1;
  }
  return invalid;
}
function time(fn, arg) {
  const t0 = performance.now();
  const out = fn(arg);
  return { ms: performance.now() - t0, out };
}
// The fastest of interleaved rounds: the least disturbed by other load on the machine (same rule both sides).
const best = (xs) => Math.min(...xs);

const inMemory = {};
for (const [name, l] of Object.entries(shapes)) {
  const targetBytes = QUICK ? 8e6 : 40e6;
  const count = Math.max(8, Math.round(targetBytes / l.length));
  const lines = Array.from({ length: count }, () => l);
  const invalid = validateAll(lines.slice(0, 2)); // a sanity check that the shape is valid
  if (invalid !== 0) throw new Error(`bench shape ${name} is not valid against the spec`);
  // Warm up (JIT tiers) on both sides: long captures run in steady state.
  for (let w = 0; w < 2; w += 1) {
    parseAll(lines);
    parseLines(lines);
    validateAll(lines);
  }
  const p = [];
  const lp = [];
  const v = [];
  for (let round = 0; round < (QUICK ? 3 : 9); round += 1) {
    p.push(time(parseAll, lines).ms);
    lp.push(time(parseLines, lines).ms);
    v.push(time(validateAll, lines).ms);
  }
  const [mp, mlp, mv] = [best(p), best(lp), best(v)];
  inMemory[name] = {
    lineBytes: l.length,
    exchanges: count,
    parseMs: mp,
    lineParseMs: mlp,
    validateMs: mv,
    ratioVsParse: mv / mp,
    ratioVsLineParse: mv / mlp,
    exchangesPerSecond: (count / mv) * 1000,
  };
}

// ---------- 2. end to end on files: the library's streaming pipeline vs read + split + parse ----------
const dir = mkdtempSync(join(tmpdir(), 'traffic-bench-'));
function writeCapture(path, bytesTarget, pattern) {
  const fd = openSync(path, 'w');
  let bytes = 0;
  let exchanges = 0;
  writeSync(fd, `${initLine}\n`);
  bytes += initLine.length + 1;
  exchanges += 1;
  const block = `${pattern.join('\n')}\n`;
  while (bytes < bytesTarget) {
    writeSync(fd, block);
    bytes += Buffer.byteLength(block);
    exchanges += pattern.length;
  }
  closeSync(fd);
  return { path, bytes, exchanges };
}
async function readAndParse(path) {
  let n = 0;
  for await (const l of createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) {
    if (l === '') continue;
    const rec = JSON.parse(l);
    JSON.parse(rec.request.body);
    JSON.parse(rec.response.body);
    n += 1;
  }
  return n;
}
async function pipeline(path) {
  const run = await runTrafficReport(path, spec, { sink: new JsonReport(), write: () => undefined, tool: { name: 'bench', version: '0' } });
  return run.summary;
}
const endToEnd = {};
for (const [name, l] of Object.entries(shapes)) {
  const cap = writeCapture(join(dir, `${name}.jsonl`), QUICK ? 20e6 : 80e6, [l]);
  const base = [];
  const ours = [];
  let summary;
  for (let round = 0; round < 3; round += 1) {
    let t0 = performance.now();
    await readAndParse(cap.path);
    base.push(performance.now() - t0);
    t0 = performance.now();
    summary = await pipeline(cap.path);
    ours.push(performance.now() - t0);
  }
  if (summary.valid !== cap.exchanges) throw new Error(`${name}: ${summary.valid}/${cap.exchanges} valid`);
  endToEnd[name] = {
    bytes: cap.bytes,
    exchanges: cap.exchanges,
    baselineMs: best(base),
    validateMs: best(ours),
    ratio: best(ours) / best(base),
    exchangesPerSecond: (cap.exchanges / best(ours)) * 1000,
    mbPerSecond: cap.bytes / 1e6 / (best(ours) / 1000),
  };
  rmSync(cap.path);
}

// ---------- 3. peak RSS of the real CLI on a ≥ 1 GB capture ----------
const bigTarget = QUICK ? 200e6 : 1.05e9;
// The mixed capture's repeating pattern: 40 small exchanges, 8 field-heavy, 1 image-heavy.
const MIXED = [...Array(40).fill(shapes.small), ...Array(8).fill(shapes.field), shapes.image];
const big = writeCapture(join(dir, 'big.jsonl'), bigTarget, MIXED);
/** One CLI process: wall time, and from /usr/bin/time its peak RSS and CPU time (user + system, every thread). */
function runCli(args) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const [rssKb, user, system] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { code: r.status, ms, rssMB: rssKb / 1024, cpuMs: (user + system) * 1000, stdout: r.stdout };
}
// The same CLI on a 20 MB capture: the memory floor (node + the compiled validators), to show flatness.
const smallCap = writeCapture(join(dir, 'floor.jsonl'), 20e6, MIXED);
const floor = runCli(['validate-traffic', smallCap.path, '--format', 'json', '-o', '/dev/null']);
rmSync(smallCap.path);
const rssRuns = {};
for (const format of ['json', 'pretty']) {
  const r = runCli(['validate-traffic', big.path, '--format', format, '-o', '/dev/null']);
  if (r.code !== 0) throw new Error(`CLI exit ${r.code} on the big capture (${format})`);
  rssRuns[format] = {
    rssMB: r.rssMB,
    cpuMs: r.cpuMs,
    seconds: r.ms / 1000,
    exchangesPerSecond: big.exchanges / (r.ms / 1000),
    mbPerSecond: big.bytes / 1e6 / (r.ms / 1000),
  };
}
// ---------- 3b. --jobs on the same capture: worker threads vs one thread, and what this machine allows ----------
// The ceiling: two single-thread CLI processes, each on half the capture (same mix), run at once — no sharing
// at all — against one process on the whole. What --jobs 2 gets is read against it (shared, noisy machines).
const halves = [0, 1].map((i) => writeCapture(join(dir, `half-${i}.jsonl`), bigTarget / 2, MIXED));
function runConcurrently(runs) {
  const t0 = performance.now();
  return Promise.all(
    runs.map(
      (args) =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`CLI exit ${code} (${args.join(' ')})`))));
        }),
    ),
  ).then(() => performance.now() - t0);
}
// Interleaved rounds, best of each: one thread (the RSS run above is round 0's), two threads, the halves at once.
const jobsTimes = { one: [rssRuns.json.seconds * 1000], two: [], halves: [], oneCpu: [rssRuns.json.cpuMs], twoCpu: [] };
let jobsRss = 0;
const jsonArgs = ['validate-traffic', big.path, '--format', 'json', '-o', '/dev/null'];
for (let round = 0; round < (QUICK ? 1 : 2); round += 1) {
  if (round > 0) {
    const one = runCli(jsonArgs);
    jobsTimes.one.push(one.ms);
    jobsTimes.oneCpu.push(one.cpuMs);
  }
  const r = runCli([...jsonArgs, '--jobs', '2']);
  if (r.code !== 0) throw new Error(`CLI --jobs 2 exit ${r.code} on the big capture`);
  jobsTimes.two.push(r.ms);
  jobsTimes.twoCpu.push(r.cpuMs);
  jobsRss = Math.max(jobsRss, r.rssMB);
  jobsTimes.halves.push(await runConcurrently(halves.map((h) => ['validate-traffic', h.path, '--format', 'json', '-o', '/dev/null'])));
}
const jobs = {
  oneMs: best(jobsTimes.one),
  twoMs: best(jobsTimes.two),
  halvesMs: best(jobsTimes.halves),
  peakRssMB: jobsRss,
  // CPU time of the whole process, all threads: what splitting the work costs in core-seconds. On two cores
  // the speedup cannot pass 2 / this ratio.
  cpuRatio: best(jobsTimes.twoCpu) / best(jobsTimes.oneCpu),
};
jobs.speedup = jobs.oneMs / jobs.twoMs;
jobs.ceiling = jobs.oneMs / jobs.halvesMs;
for (const h of halves) rmSync(h.path);
rmSync(big.path);

// ---------- 4. redocly drift on the same capture, if available ----------
let drift = null;
const redoclyBin = (() => {
  try {
    return join(require.resolve('@redocly/cli/package.json').replace(/package\.json$/, ''), 'bin', 'cli.js');
  } catch {
    return undefined;
  }
})();
const help = redoclyBin ? spawnSync(process.execPath, [redoclyBin, '--help'], { encoding: 'utf8', cwd: ROOT }) : undefined;
if (help && /\bdrift\b/.test(help.stdout + help.stderr)) {
  const count = QUICK ? 300 : 3000;
  const entries = [initLine, ...Array(count).fill(shapes.small)].map((l) => harEntryOf(JSON.parse(l)));
  const harPath = join(dir, 'drift.har');
  writeFileSync(harPath, JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1' }, entries } }));
  const apiPath = require.resolve('@zoloz-openapi/generated/openapi.json');
  const t0 = performance.now();
  const d = spawnSync(
    process.execPath,
    [redoclyBin, 'drift', harPath, '--api', apiPath, '--format', 'json', '--match-mode', 'basepath', '-o', join(dir, 'drift.json')],
    { encoding: 'utf8', cwd: ROOT, timeout: 120_000 },
  );
  const driftMs = performance.now() - t0;
  const ours = runCli(['validate-traffic', harPath, '--format', 'json', '-o', '/dev/null']);
  if (d.status !== null && ours.code === 0) {
    drift = { exchanges: entries.length, redoclyMs: driftMs, redoclyExit: d.status, oursMs: ours.ms, ratio: driftMs / ours.ms };
  }
}
// ---------- 5. field-heavy shape (all five operations, no images, ≈ 2.5 KB) vs the parse floor ----------
const fieldHeavy = await benchFieldHeavy({ spec, bundled, keys: { merchant, zoloz }, dir, quick: QUICK });
rmSync(dir, { recursive: true, force: true });

// ---------- report ----------
const f = (x, d = 2) => (typeof x === 'number' ? x.toFixed(d) : String(x));
const pad = (s, n) => String(s).padEnd(n);
console.log(`traffic-validator benchmark (node ${process.version}, ${QUICK ? 'quick' : 'full'} run)\n`);
console.log('In memory: line → exchange → all checks, vs JSON.parse on the same bytes (fastest of interleaved rounds)');
console.log(
  `${pad('shape', 8)}${pad('line', 10)}${pad('exchanges', 11)}${pad('parse ms', 10)}${pad('validate ms', 13)}${pad('× parse', 9)}${pad('× line-parse', 14)}exchanges/s`,
);
for (const [name, r] of Object.entries(inMemory)) {
  console.log(
    `${pad(name, 8)}${pad(`${f(r.lineBytes / 1024, 1)} KB`, 10)}${pad(r.exchanges, 11)}${pad(f(r.parseMs, 1), 10)}${pad(f(r.validateMs, 1), 13)}${pad(f(r.ratioVsParse), 9)}${pad(f(r.ratioVsLineParse), 14)}${f(r.exchangesPerSecond, 0)}`,
  );
}
console.log('\nEnd to end (library, streamed from a file, JSON report) vs read + readline + JSON.parse of the same file');
console.log(
  `${pad('shape', 8)}${pad('file MB', 10)}${pad('exchanges', 11)}${pad('base ms', 10)}${pad('ours ms', 10)}${pad('× base', 9)}${pad('MB/s', 8)}exchanges/s`,
);
for (const [name, r] of Object.entries(endToEnd)) {
  console.log(
    `${pad(name, 8)}${pad(f(r.bytes / 1e6, 0), 10)}${pad(r.exchanges, 11)}${pad(f(r.baselineMs, 0), 10)}${pad(f(r.validateMs, 0), 10)}${pad(f(r.ratio), 9)}${pad(f(r.mbPerSecond, 0), 8)}${f(r.exchangesPerSecond, 0)}`,
  );
}
console.log(`\nCLI on a ${f(big.bytes / 1e9, 2)} GB JSONL capture (${big.exchanges} exchanges, mixed shapes), peak RSS via /usr/bin/time:`);
console.log(`  (same CLI on a 20 MB capture: peak RSS ${f(floor.rssMB, 0)} MB)`);
for (const [format, r] of Object.entries(rssRuns))
  console.log(
    `  --format ${pad(format, 7)} peak RSS ${f(r.rssMB, 0)} MB, ${f(r.seconds, 1)} s, ${f(r.mbPerSecond, 0)} MB/s, ${f(r.exchangesPerSecond, 0)} exchanges/s`,
  );
console.log(
  `\n--jobs 2 on the same ${f(big.bytes / 1e9, 2)} GB capture: ${f(jobs.twoMs / 1000, 1)} s vs ${f(jobs.oneMs / 1000, 1)} s on one thread → ${f(jobs.speedup)}×, peak RSS ${f(jobs.peakRssMB, 0)} MB`,
);
console.log(
  `  this machine's ceiling: two single-thread processes on the two halves at once: ${f(jobs.halvesMs / 1000, 1)} s → ${f(jobs.ceiling)}×`,
);
console.log(
  `  CPU time (user + system, all threads): --jobs 2 uses ${f(jobs.cpuRatio)}× the core-seconds of one thread → at most ${f(2 / jobs.cpuRatio)}× on two cores`,
);
console.log(
  '\nField-heavy shape (5 operations in flow order, no images, signed headers) vs the floor (read + JSON.parse of each exchange and both bodies)',
);
console.log(
  `${pad('input', 8)}${pad('exchanges', 11)}${pad('B/exchange', 12)}${pad('floor ms', 10)}${pad('schema floor', 14)}${pad('json ms', 10)}${pad('× floor', 9)}${pad('pretty ms', 11)}${pad('× floor', 9)}json --jobs 2`,
);
for (const [format, r] of Object.entries(fieldHeavy)) {
  console.log(
    `${pad(format, 8)}${pad(r.exchanges, 11)}${pad(r.bytesPerExchange, 12)}${pad(f(r.floorMs, 0), 10)}${pad(`${f(r.schemaFloorRatio)}× floor`, 14)}${pad(f(r.jsonMs, 0), 10)}${pad(f(r.jsonRatio), 9)}${pad(f(r.prettyMs, 0), 11)}${pad(f(r.prettyRatio), 9)}${f(r.jobsSpeedup)}× with --jobs 2`,
  );
}
console.log('  schema floor = the floor plus the generated strict validator on each body, once: what schema validation alone costs');
console.log(
  drift
    ? `\nredocly drift (experimental, @redocly/cli) on a ${drift.exchanges}-entry HAR: ${f(drift.redoclyMs, 0)} ms (exit ${drift.redoclyExit}); validate-traffic: ${f(drift.oursMs, 0)} ms → ${f(drift.ratio)}× faster (both whole CLI processes)`
    : '\nredocly drift: not available',
);

const worst = Math.max(...Object.values(inMemory).map((r) => r.ratioVsParse));
const result = {
  traffic: {
    ratioVsParse: Number(worst.toFixed(3)),
    ratioVsParseByShape: Object.fromEntries(Object.entries(inMemory).map(([k, r]) => [k, Number(r.ratioVsParse.toFixed(3))])),
    ratioVsLineParseByShape: Object.fromEntries(Object.entries(inMemory).map(([k, r]) => [k, Number(r.ratioVsLineParse.toFixed(3))])),
    endToEndRatioByShape: Object.fromEntries(Object.entries(endToEnd).map(([k, r]) => [k, Number(r.ratio.toFixed(3))])),
    exchangesPerSecond: Math.round(endToEnd.small.exchangesPerSecond),
    exchangesPerSecondByShape: Object.fromEntries(Object.entries(endToEnd).map(([k, r]) => [k, Math.round(r.exchangesPerSecond)])),
    peakRssMB: Math.round(Math.max(...Object.values(rssRuns).map((r) => r.rssMB))),
    peakRssCaptureGB: Number((big.bytes / 1e9).toFixed(2)),
    peakRssOn20MBCaptureMB: Math.round(floor.rssMB),
    bigCaptureMBPerSecond: Math.round(rssRuns.json.mbPerSecond),
    ratioVsRedoclyDrift: drift ? Number(drift.ratio.toFixed(2)) : null,
    // --jobs 2 vs one thread (whole CLI processes) on the big mixed capture; the ceiling: two processes on halves.
    jobsSpeedup: Number(jobs.speedup.toFixed(3)),
    jobsCeiling: Number(jobs.ceiling.toFixed(3)),
    jobsPeakRssMB: Math.round(jobs.peakRssMB),
    jobsCpuRatio: Number(jobs.cpuRatio.toFixed(3)),
    jobsSpeedupFieldHeavy: Number(fieldHeavy.jsonl.jobsSpeedup.toFixed(3)),
    // The worst of JSONL/HAR × json/pretty report on the field-heavy shape.
    fieldHeavyRatioVsParse: Number(Math.max(...Object.values(fieldHeavy).flatMap((r) => [r.jsonRatio, r.prettyRatio])).toFixed(3)),
    fieldHeavyRatioByCase: Object.fromEntries(
      Object.entries(fieldHeavy).flatMap(([format, r]) => [
        [`${format}-json`, Number(r.jsonRatio.toFixed(3))],
        [`${format}-pretty`, Number(r.prettyRatio.toFixed(3))],
      ]),
    ),
    // The floor plus only the strict validators, per input format: the part of the ratio that is schema work.
    fieldHeavySchemaFloorRatioByFormat: Object.fromEntries(
      Object.entries(fieldHeavy).map(([format, r]) => [format, Number(r.schemaFloorRatio.toFixed(3))]),
    ),
  },
};
console.log(JSON.stringify(result));
