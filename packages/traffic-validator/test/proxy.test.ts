// `zoloz-openapi proxy` with real processes: the typed client → the proxy (dist CLI) → `zoloz-openapi-mock
// --gateway` (Prism + the signing gateway), both products, plain and RSA_AES. Then SIGTERM: report, coverage
// and recording written; the recording validates with every signature verified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createZolozClient } from '@zoloz-openapi/client';
import { freePort, KEY_FILES } from '@zoloz-openapi/mock';
import { bundled } from './support/fixtures.js';
import { validateReport } from './support/run.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MOCK_CLI = fileURLToPath(new URL('../../mock/dist/cli.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'zoloz-proxy-test-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  err(): string;
  out(): string;
}

/** Starts a node process and resolves once `ready` matches its stdout+stderr. */
async function start(args: string[], ready: RegExp): Promise<Started & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${stdout}\n${stderr}`)), 60_000);
    const check = () => {
      const m = (stdout + stderr).match(ready);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on('data', (c: Buffer) => ((stdout += c.toString()), check()));
    child.stderr!.on('data', (c: Buffer) => ((stderr += c.toString()), check()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${stdout}\n${stderr}`));
    });
  });
  return { child, exited, match, err: () => stderr, out: () => stdout };
}

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)[^\n]*?(?:metrics on (http:\/\/\S+\/metrics))?\n/;

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=UTF-8' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const bizId = (tag: string) => `px${tag}${randomBytes(8).toString('hex')}`.slice(0, 32);

describe('zoloz-openapi proxy in front of the mock gateway', () => {
  let mock: Started;
  let mockUrl: string;
  const keysDir = join(tmp, 'keys');
  const keysFile = join(tmp, 'keys.json');
  const requestExample = (path: string, name?: string): any => {
    const examples = (bundled.paths[path] as any).post.requestBody.content['application/json'].examples;
    const ex = name ? examples[name] : Object.values<any>(examples)[0];
    const value = ex.$ref ? (bundled.components.examples as any)[ex.$ref.split('/').pop()].value : ex.value;
    return structuredClone(value);
  };

  beforeAll(async () => {
    const port = await freePort();
    mock = await start([MOCK_CLI, '--gateway', '--port', String(port), '--keys-dir', keysDir], /listening on (http:\/\/\S+)/);
    mockUrl = `http://127.0.0.1:${port}`;
    // Key paths in a keys file are relative to it: all four, so every check runs.
    writeFileSync(
      keysFile,
      JSON.stringify(Object.fromEntries(Object.entries(KEY_FILES).map(([role, file]) => [role, join('keys', file)]))),
    );
  }, 90_000);

  afterAll(async () => {
    mock?.child.kill('SIGTERM');
    await mock?.exited;
  });

  const client = (baseUrl: string, encrypt: boolean) =>
    createZolozClient({
      baseUrl,
      clientId: '0000000000000001',
      merchantPrivateKey: readFileSync(join(keysDir, KEY_FILES.merchantPrivateKey), 'utf8'),
      zolozPublicKey: readFileSync(join(keysDir, KEY_FILES.zolozPublicKey), 'utf8'),
      validateResponses: 'throw',
      timeoutMs: 60_000,
      encrypt,
    });

  it('carries both products, plain and encrypted; on SIGTERM writes report, coverage and a recording that validates with every signature verified', async () => {
    const record = join(tmp, 'capture.jsonl');
    const reportFile = join(tmp, 'report.json');
    const coverageFile = join(tmp, 'coverage.json');
    const proxy = await start(
      [
        CLI,
        'proxy',
        '--target',
        mockUrl,
        '--port',
        '0',
        '--keys',
        keysFile,
        '--record',
        record,
        '--report',
        reportFile,
        '--format',
        'json',
        '--coverage',
        coverageFile,
        '--metrics-port',
        '0',
      ],
      LISTENING,
    );
    const [, proxyUrl, metricsUrl] = proxy.match;
    let calls = 0;
    for (const encrypt of [false, true]) {
      const zoloz = client(proxyUrl!, encrypt);
      const enroll = { ...requestExample('/api/v1/zoloz/connect/enroll'), bizId: bizId('ce') };
      expect((await zoloz.connect.enroll(enroll)).result.resultCode).toBe('SUCCESS');
      const init = await zoloz.connect.initialize({ ...requestExample('/api/v1/zoloz/connect/initialize'), bizId: bizId('ci') });
      await zoloz.connect.checkResult({ bizId: bizId('cc'), transactionId: init.transactionId! });
      const rInit = await zoloz.realId.initialize({
        ...requestExample('/api/v1/zoloz/realid/initialize', 'realIdInitialize-native'),
        bizId: bizId('ri'),
      });
      const rCheck = await zoloz.realId.checkResult({
        ...requestExample('/api/v1/zoloz/realid/checkresult'),
        bizId: bizId('rc'),
        transactionId: rInit.transactionId!,
      });
      expect(rCheck.result.resultStatus).toBe('S');
      calls += 5;
    }

    // 200 concurrent clients: count in = count out.
    const zoloz = client(proxyUrl!, false);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        zoloz.connect.enroll({ ...requestExample('/api/v1/zoloz/connect/enroll'), bizId: bizId(`l${i}`) }),
      ),
    );
    expect(results.every((r) => r.result.resultCode === 'SUCCESS')).toBe(true);
    calls += 200;

    const metrics = await get(metricsUrl!);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/zoloz_proxy_exchanges_total\{operation="connectEnroll",result_code="SUCCESS",validity="valid"\} 202/);
    expect(metrics.body).toMatch(/zoloz_proxy_upstream_latency_seconds_count\{operation="realIdCheckResult"\} 2/);

    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(0);
    const lines = proxy
      .err()
      .split('\n')
      .filter((l) => /^#\d+ /.test(l));
    expect(lines).toHaveLength(calls);
    expect(lines.filter((l) => / connectEnroll 200 SUCCESS valid \d+ ms$/.test(l))).toHaveLength(202);
    // Nothing from a body or a key in the log: no bizId, no base64 runs.
    expect(proxy.err()).not.toMatch(/px[a-z]+[0-9a-f]{6}|[A-Za-z0-9+/]{40,}/);

    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(validateReport(report), JSON.stringify(validateReport.errors?.slice(0, 3))).toBe(true);
    expect(report.summary).toMatchObject({ total: calls, valid: calls, invalid: 0 });
    expect(
      report.exchanges.filter((e: any) => e.checks.requestSignature === 'passed' && e.checks.responseSignature === 'passed'),
    ).toHaveLength(calls);
    const recorded = readFileSync(record, 'utf8').trim().split('\n');
    expect(recorded).toHaveLength(calls);
    const coverage = JSON.parse(readFileSync(coverageFile, 'utf8'));
    expect(coverage.totals.operations).toEqual({ covered: 5, total: 5 });
    expect(coverage.operations.find((o: any) => o.operationId === 'connectEnroll').exchanges).toBe(202);

    const check = spawnSync(process.execPath, [CLI, 'validate-traffic', record, '--keys', keysFile, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(check.status, check.stderr).toBe(0);
    const replay = JSON.parse(check.stdout);
    expect(replay.summary.total).toBe(calls);
    const passed = (name: string) => replay.exchanges.filter((e: any) => e.checks?.[name] === 'passed').length;
    expect(passed('requestSignature')).toBe(calls);
    expect(passed('responseSignature')).toBe(calls);
    expect(passed('decryption')).toBe(5);
  }, 240_000);

  it('forwards every byte unchanged: an undocumented, unsigned request gets what the gateway answers, and exits 1', async () => {
    const proxy = await start([CLI, 'proxy', '--target', mockUrl, '--port', '0', '--format', 'json'], LISTENING);
    const body = '{"bizId": "x" ,  "spaces":   true}';
    const [direct, proxied] = [
      await post(`${mockUrl}/api/v1/zoloz/connect/initialize`, body),
      await post(`${proxy.match[1]}/api/v1/zoloz/connect/initialize`, body),
    ];
    expect(proxied.status).toBe(direct.status);
    expect(proxied.body).toBe(direct.body);
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(1);
    const report = JSON.parse(proxy.out());
    expect(report.summary).toMatchObject({ total: 1, invalid: 1 });
  }, 120_000);

  it('target unreachable: 502 to the caller, a clear log line, the exchange recorded without a response', async () => {
    const closed = await freePort();
    const record = join(tmp, 'unreachable.har');
    const proxy = await start(
      [
        CLI,
        'proxy',
        '--target',
        `http://127.0.0.1:${closed}`,
        '--port',
        '0',
        '--record',
        record,
        '--report',
        join(tmp, 'u.json'),
        '--format',
        'json',
      ],
      LISTENING,
    );
    const answer = await post(`${proxy.match[1]}/api/v1/zoloz/realid/initialize`, '{}');
    expect(answer.status).toBe(502);
    proxy.child.kill('SIGINT');
    expect(await proxy.exited).toBe(1);
    expect(proxy.err()).toMatch(/#1 realIdInitialize 502 invalid \(\d+ violations?\) \d+ ms — target unreachable \(ECONNREFUSED\)/);
    const har = JSON.parse(readFileSync(record, 'utf8'));
    expect(har.log.entries).toHaveLength(1);
    expect(har.log.entries[0].response.status).toBe(0);
    const report = JSON.parse(readFileSync(join(tmp, 'u.json'), 'utf8'));
    expect(report.exchanges[0].violations.some((v: any) => v.category === 'http' && v.keyword === 'missing')).toBe(true);
  }, 120_000);

  it('refuses bad arguments with exit 2', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'proxy', ...args], { encoding: 'utf8', timeout: 20_000 });
    expect(run([]).status).toBe(2);
    expect(run(['--target', 'ftp://x']).status).toBe(2);
    expect(run(['--target', mockUrl, '--port', '99999']).status).toBe(2);
    const busy = run(['--target', mockUrl, '--port', new URL(mockUrl).port]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toMatch(/--port \d+: cannot listen on 127\.0\.0\.1 \(EADDRINUSE\)/);
    expect(run(['--target', mockUrl, '--port', '0', '--record', join(keysFile, 'under-a-file.jsonl')]).status).toBe(2);
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const flag of ['--target', '--port', '--host', '--keys', '--record', '--report', '--format', '--coverage', '--metrics-port'])
      expect(help.stdout).toContain(flag);
  });
});
