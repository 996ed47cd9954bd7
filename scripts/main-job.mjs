#!/usr/bin/env node
// The main job (`npm start`): build, start the mock in gateway mode with recording, run the typed client through
// the real ZOLOZ flows (signed, responses verified, some calls RSA_AES-encrypted), validate the recorded traffic
// with the traffic validator, print a short summary, stop the mock. Exits non-zero when any step fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const OUT = join(ROOT, '.tmp', 'main-job');
const rel = (p) => relative(process.cwd(), p) || '.';
const t0 = Date.now();

function step(name) {
  process.stdout.write(`▸ ${name}\n`);
}
function fail(message) {
  process.stderr.write(`✖ main job failed: ${message}\n`);
  process.exitCode = 1;
}

/** Runs a command; output shown only when it fails (or its last line as a one-line summary). */
function run(label, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) {
    process.stderr.write((r.stdout ?? '') + (r.stderr ?? ''));
    throw new Error(`${label} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
  }
  return r.stdout;
}

const bizId = (tag) => `mj${tag}${randomBytes(8).toString('hex')}`.slice(0, 32);

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the main job is a script read top to bottom: each block prints one step of the story
async function main() {
  // 1. Build: the spec → generated/ and docs/, then the packages' dist/ (the job imports compiled code).
  step('build: npm run build (spec → generated/, docs/index.html)');
  const buildOut = run('npm run build', process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
  process.stdout.write(
    buildOut
      .split('\n')
      .filter((l) => /^✔/.test(l))
      .map((l) => `    ${l}\n`)
      .join(''),
  );
  step('build: tsc -b (packages → dist/)');
  run('tsc -b', process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']);

  const { startMock } = await import('@zoloz-openapi/mock');
  const { createZolozClient } = await import('@zoloz-openapi/client');
  const spec = JSON.parse(readFileSync(join(ROOT, 'generated', 'openapi.dereferenced.json'), 'utf8'));
  const requestExample = (path, name) => {
    const examples = spec.paths[path].post.requestBody.content['application/json'].examples;
    const ex = name ? examples[name] : Object.values(examples)[0];
    if (!ex) throw new Error(`no request example ${name ?? ''} for ${path}`);
    return structuredClone(ex.value);
  };

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const capture = join(OUT, 'traffic.jsonl');

  // 2. The mock, in gateway mode (throwaway keys, generated in memory), recording what goes over the wire.
  step('mock: starting Prism + gateway (throwaway keys) with recording');
  const mock = await startMock({ gateway: true, record: { path: capture } });
  const calls = [];
  try {
    process.stdout.write(`    listening on ${mock.url} (Prism behind it on ${mock.prismUrl}); recording to ${rel(capture)}\n`);
    const common = {
      baseUrl: mock.url,
      clientId: mock.clientId,
      merchantPrivateKey: mock.keys.merchantPrivateKey,
      zolozPublicKey: mock.keys.zolozPublicKey,
      validateResponses: 'throw',
      userAgent: 'zoloz-openapi-main-job/0.1.0',
    };
    const plain = createZolozClient(common);
    const encrypted = createZolozClient({ ...common, encrypt: true });

    const call = async (flow, client, operation, fn, body, options) => {
      const res = await fn(body, options);
      const r = res?.result ?? {};
      calls.push({ flow, operation, encrypted: client === encrypted, resultStatus: r.resultStatus, resultCode: r.resultCode });
      if (r.resultStatus !== 'S' || r.resultCode !== 'SUCCESS') throw new Error(`${flow} ${operation}: ${r.resultStatus}/${r.resultCode}`);
      return res;
    };

    // 3. The flows, as a merchant server runs them.
    step('client: Connect enroll → initialize → checkresult');
    const enrollBody = { ...requestExample('/api/v1/zoloz/connect/enroll'), bizId: bizId('ce') };
    await call('Connect', plain, 'connectEnroll', plain.connect.enroll, enrollBody);
    const cInit = await call('Connect', encrypted, 'connectInitialize', encrypted.connect.initialize, {
      ...requestExample('/api/v1/zoloz/connect/initialize'),
      bizId: bizId('ci'),
      userId: enrollBody.userId ?? 'main-job-user',
    });
    await call('Connect', plain, 'connectCheckResult', plain.connect.checkResult, {
      bizId: bizId('cc'),
      transactionId: cInit.transactionId,
    });

    step('client: RealID native initialize → checkresult');
    const rNative = await call('RealID native', plain, 'realIdInitialize', plain.realId.initialize, {
      ...requestExample('/api/v1/zoloz/realid/initialize', 'realIdInitialize-native'),
      bizId: bizId('rn'),
    });
    await call('RealID native', encrypted, 'realIdCheckResult', encrypted.realId.checkResult, {
      ...requestExample('/api/v1/zoloz/realid/checkresult'),
      bizId: bizId('rnc'),
      transactionId: rNative.transactionId,
    });

    step('client: RealID H5 initialize → checkresult');
    const rH5 = await call(
      'RealID H5',
      encrypted,
      'realIdInitialize',
      encrypted.realId.initialize,
      { ...requestExample('/api/v1/zoloz/realid/initialize', 'realIdInitialize-h5'), bizId: bizId('rh') },
      { headers: { Prefer: 'example=realIdInitialize-h5-200' } },
    );
    await call('RealID H5', plain, 'realIdCheckResult', plain.realId.checkResult, {
      ...requestExample('/api/v1/zoloz/realid/checkresult'),
      bizId: bizId('rhc'),
      transactionId: rH5.transactionId,
    });
  } finally {
    // 4. Stop the mock (finishes the recording) whatever happened.
    await mock.close();
  }
  const recorded = mock.recorded();
  if (recorded !== calls.length) throw new Error(`recorded ${recorded} exchanges, made ${calls.length} calls`);

  // 5. Validate the recording with the traffic validator CLI, all protocol checks on (keys of both sides).
  step('validate: zoloz-openapi validate-traffic (schemas, headers, signatures, decryption, flow)');
  const keysFile = join(OUT, 'keys.json');
  writeFileSync(
    keysFile,
    JSON.stringify({
      clientId: mock.clientId,
      merchantPublicKey: mock.keys.merchantPublicKey,
      zolozPublicKey: mock.keys.zolozPublicKey,
      merchantPrivateKey: mock.keys.merchantPrivateKey,
      zolozPrivateKey: mock.keys.zolozPrivateKey,
    }),
    { mode: 0o600 },
  );
  const reportFile = join(OUT, 'report.json');
  const cli = join(ROOT, 'packages', 'traffic-validator', 'dist', 'cli.js');
  const v = spawnSync(process.execPath, [cli, 'validate-traffic', capture, '--keys', keysFile, '--format', 'json', '-o', reportFile], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (v.status === 2 || v.error) throw new Error(`validate-traffic could not run: ${(v.stderr || v.error?.message || '').trim()}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const s = report.summary;
  const checks = (name) => report.exchanges.filter((e) => e.checks?.[name] === 'passed').length;

  // 6. Summary.
  const docs = join(ROOT, 'docs', 'index.html');
  const docsKiB = Math.round(statSync(docs).size / 1024);
  process.stdout.write('\nOperations called (through the mock gateway; requests signed, responses verified):\n');
  for (const c of calls) {
    process.stdout.write(
      `  ${c.flow.padEnd(13)} ${c.operation.padEnd(19)} ${c.encrypted ? 'RSA_AES' : 'plain  '}  ${c.resultStatus} ${c.resultCode}\n`,
    );
  }
  process.stdout.write(
    `\nTraffic validation of ${rel(capture)}: ${s.total} exchanges — ${s.valid} valid, ${s.invalid} invalid, ` +
      `${s.undocumented} undocumented, ${s.unreadable} unreadable; ${s.violations} violations, ${s.undocumentedFields} undocumented fields\n` +
      `  request signatures verified: ${checks('requestSignature')}, response signatures verified: ${checks('responseSignature')}, ` +
      `bodies decrypted: ${checks('decryption')}  (report: ${rel(reportFile)})\n` +
      `Docs: ${rel(docs)} (${docsKiB} KiB, offline Redoc)\n`,
  );
  if (v.status !== 0 || s.valid !== s.total || s.total !== calls.length) {
    for (const e of report.exchanges.filter((x) => x.status !== 'valid')) {
      process.stderr.write(
        `  #${e.index} ${e.operationId ?? e.path}: ${e.status} ${e.violations.map((x) => `${x.category}:${x.pointer} ${x.message}`).join('; ')}\n`,
      );
    }
    throw new Error(`the recorded traffic did not validate (validate-traffic exit ${v.status})`);
  }
  const encryptedCalls = calls.filter((c) => c.encrypted).length;
  if (checks('requestSignature') !== s.total || checks('responseSignature') !== s.total || checks('decryption') !== encryptedCalls) {
    throw new Error('not every signature was verified / encrypted body decrypted by the validator');
  }
  process.stdout.write(`\n✔ main job passed in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
