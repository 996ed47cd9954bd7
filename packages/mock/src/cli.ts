#!/usr/bin/env node
/**
 * zoloz-openapi-mock (root: `npm run mock -- [options]`): Prism on the bundled ZOLOZ spec, quietly; optionally
 * the signing gateway in front and a recording of every exchange. Ctrl-C / SIGTERM stop everything cleanly.
 */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidKeyError, loadPrivateKey, loadPublicKey } from '@zoloz-openapi/gateway-protocol';
import { DEFAULT_CLIENT_ID, MockError, startMock, type MockGatewayOptions, type MockHandle } from './index.js';
import { bundledSpecPath } from './spec.js';
import { ensureThrowawayKeys, throwawayWarning } from './keys.js';
import type { PrismLogLevel } from './prism.js';
import { stopWhenAsked } from './lifecycle.js';

const HELP = `Usage: npm run mock -- [options]      (or: zoloz-openapi-mock [options])

Serves the ZOLOZ Connect and RealID APIs from the bundled OpenAPI spec with Prism.

Options:
  --port <n>                    port clients connect to (default 4010)
  --host <addr>                 interface to listen on (default 127.0.0.1)
  --spec <file>                 OpenAPI document to serve (default: the bundled generated/openapi.yaml)
  --gateway                     put a ZOLOZ-like gateway in front: checks Client-Id, Request-Time and the
                                request Signature, decrypts RSA_AES requests, signs (and encrypts) responses
  --client-id <id>              Client-Id the gateway accepts (default ${DEFAULT_CLIENT_ID})
  --merchant-public-key <file>  merchant public key (PEM or base64 DER) the gateway verifies requests with
  --zoloz-private-key <file>    "ZOLOZ" private key (PEM or base64 DER) the gateway signs responses with
  --keys-dir <dir>              without the two key flags: where throwaway keys are generated/reused
                                (default .zoloz-mock-keys)
  --max-clock-skew <seconds>    gateway: reject a Request-Time further off than this (default: no check)
  --record <file>               write every exchange served: *.har → HAR 1.2, otherwise JSON Lines
  --verbose                     one line per exchange (no bodies, headers or keys) and Prism's warnings
  --help                        show this help

Examples from the spec: send 'Prefer: example=<name>' (the success example is the default).
Stop with Ctrl-C.
`;

class UsageError extends Error {}

function fail(message: string, code = 2): never {
  process.stderr.write(`zoloz-openapi-mock: ${message}\n`);
  if (code === 2) process.stderr.write(`Run with --help for usage.\n`);
  process.exit(code);
}

function readKeyFile(path: string, role: string, kind: 'public' | 'private'): string {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UsageError(`${role} file not found: ${path}`);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${role} file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    if (kind === 'public') loadPublicKey(text, role);
    else loadPrivateKey(text, role);
  } catch (err) {
    if (err instanceof InvalidKeyError) throw new UsageError(`${path}: ${err.message}`);
    throw err;
  }
  return text;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        spec: { type: 'string' },
        gateway: { type: 'boolean' },
        'client-id': { type: 'string' },
        'merchant-public-key': { type: 'string' },
        'zoloz-private-key': { type: 'string' },
        'keys-dir': { type: 'string' },
        'max-clock-skew': { type: 'string' },
        record: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values['help']) {
    process.stdout.write(HELP);
    return;
  }

  const portText = (values['port'] as string | undefined) ?? process.env['MOCK_PORT'] ?? '4010';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) fail(`--port must be a number from 1 to 65535, got "${portText}"`);
  const host = (values['host'] as string | undefined) ?? '127.0.0.1';
  let bundled = '';
  try {
    bundled = bundledSpecPath();
  } catch {
    bundled = '';
  }
  const spec = resolve((values['spec'] as string | undefined) ?? (bundled || 'generated/openapi.yaml'));
  if (!existsSync(spec)) {
    fail(values['spec'] ? `spec not found: ${values['spec']}` : `the bundled spec ${spec} does not exist yet; run \`npm run build\` first`);
  }
  const gatewayFlags = ['client-id', 'merchant-public-key', 'zoloz-private-key', 'keys-dir', 'max-clock-skew'].filter((f) => values[f] !== undefined);
  if (!values['gateway'] && gatewayFlags.length) fail(`--${gatewayFlags[0]} only applies with --gateway`);
  const record = values['record'] as string | undefined;
  if (record !== undefined && record.trim() === '') fail('--record needs a file name (*.jsonl or *.har)');

  let gateway: MockGatewayOptions | undefined;
  let banner = '';
  if (values['gateway']) {
    const clientId = (values['client-id'] as string | undefined) ?? DEFAULT_CLIENT_ID;
    if (!/^[^\s.]{1,64}$/.test(clientId)) fail('--client-id must be 1-64 characters without spaces or dots (ZOLOZ issues 16 digits)');
    let skew: number | undefined;
    if (values['max-clock-skew'] !== undefined) {
      skew = Number(values['max-clock-skew']);
      if (!Number.isFinite(skew) || skew <= 0) fail('--max-clock-skew must be a positive number of seconds');
    }
    const mpk = values['merchant-public-key'] as string | undefined;
    const zpk = values['zoloz-private-key'] as string | undefined;
    if ((mpk === undefined) !== (zpk === undefined)) fail('give both --merchant-public-key and --zoloz-private-key, or neither (throwaway keys)');
    if (mpk !== undefined && values['keys-dir'] !== undefined) fail('--keys-dir is for throwaway keys; not with --merchant-public-key/--zoloz-private-key');
    try {
      if (mpk !== undefined && zpk !== undefined) {
        gateway = {
          clientId,
          merchantPublicKey: readKeyFile(mpk, 'merchant public key', 'public'),
          zolozPrivateKey: readKeyFile(zpk, 'ZOLOZ private key', 'private'),
          ...(skew !== undefined ? { maxClockSkewSeconds: skew } : {}),
        };
      } else {
        const dir = (values['keys-dir'] as string | undefined) ?? '.zoloz-mock-keys';
        const { keys, created } = await ensureThrowawayKeys(dir);
        gateway = { clientId, throwawayKeys: keys, ...(skew !== undefined ? { maxClockSkewSeconds: skew } : {}) };
        banner = throwawayWarning(keys, created);
      }
    } catch (err) {
      if (err instanceof UsageError) fail(err.message);
      if (err instanceof InvalidKeyError) fail(err.message);
      const code = (err as NodeJS.ErrnoException).code;
      if (code) fail(`cannot prepare throwaway keys (${code})`, 1);
      throw err;
    }
  }

  const verbose = Boolean(values['verbose']);
  const log = (line: string) => process.stdout.write(line + '\n');
  let mock: MockHandle;
  try {
    mock = await startMock({
      port,
      host,
      spec,
      ...(gateway ? { gateway } : {}),
      ...(record ? { record: { path: record } } : {}),
      prismLogLevel: (verbose ? 'warn' : 'error') as PrismLogLevel,
      ...(verbose ? { onPrismLog: (l: string) => log(`[prism] ${l}`), onExchange: (l: string) => log(l) } : {}),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use; choose another with --port`, 1);
    if (code === 'EACCES') fail(`not allowed to listen on ${host}:${port}`, 1);
    if (err instanceof MockError) fail(err.message, 1); // includes RecordingError
    throw err;
  }

  if (banner) process.stderr.write(banner);
  log(`ZOLOZ mock listening on ${mock.url}  (${gateway ? `gateway mode, Client-Id ${mock.clientId}` : 'plain Prism'})`);
  log(`  spec: ${spec}`);
  if (mock.prismUrl !== mock.url) log(`  Prism behind it: ${mock.prismUrl}`);
  if (mock.recordPath) log(`  recording to: ${mock.recordPath}`);
  log('  Ctrl-C to stop.');

  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) {
      process.stderr.write(`zoloz-openapi-mock: ${reason} again; exiting now\n`);
      process.exit(exitCode || 1);
    }
    stopping = true;
    // Whatever happens while closing, never outlive the stop by long (Prism gets SIGKILL after 3 s).
    setTimeout(() => process.exit(exitCode || 1), 10_000).unref();
    log(`\nStopping (${reason})…`);
    await mock.close();
    if (mock.recordPath) log(`Recorded ${mock.recorded()} exchange(s) to ${mock.recordPath}`);
    process.exit(exitCode);
  };
  stopWhenAsked((reason) => void stop(reason === 'parent-exit' ? 'the process that started it exited' : reason, 0));
  void mock.prismExited.then(async (code) => {
    if (stopping) return;
    process.stderr.write(`zoloz-openapi-mock: Prism exited unexpectedly (code ${code}); stopping\n`);
    await stop('prism-exit', 1);
  });
}

main().catch((err: unknown) => {
  // Unexpected: keep it to one line (no stack, no key material in our messages).
  fail(`unexpected error: ${err instanceof Error ? err.message : String(err)}`, 1);
});
