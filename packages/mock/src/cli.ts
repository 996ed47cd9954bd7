#!/usr/bin/env node
/**
 * zoloz-openapi-mock (root: `npm run mock -- [options]`): Prism on the bundled ZOLOZ spec, quietly; optionally
 * the signing gateway in front and a recording of every exchange. The command is declared once (options, help,
 * examples); `runCli(argv, io)` resolves to the exit code when the mock stops, so it runs in-process in tests.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidKeyError, loadPrivateKey, loadPublicKey } from '@zoloz-openapi/gateway-protocol';
import { RecordingError } from '@zoloz-openapi/gateway-protocol/record';
import {
  EXIT,
  runCommand,
  UnusableInputError,
  UsageError,
  type CommandDecl,
  type CommandIo,
  type ParsedArgs,
} from '@zoloz-openapi/gateway-protocol/command';
import { DEFAULT_CLIENT_ID, MockError, startMock, type MockGatewayOptions, type MockHandle } from './index.js';
import { bundledSpecPath } from './spec.js';
import { ensureThrowawayKeys, throwawayWarning } from './keys.js';
import type { PrismLogLevel } from './prism.js';
import { stopWhenAsked, type StopReason } from './lifecycle.js';
import { MOCK_VERSION } from './version.js';

export interface MockCliIo extends CommandIo {
  /** Resolves when the mock should stop (the bin: a signal, or the launcher gone). */
  readonly stopRequested: Promise<string>;
  readonly env?: NodeJS.ProcessEnv;
}

type Values = ParsedArgs['values'];
const GATEWAY_ONLY = ['client-id', 'merchant-public-key', 'zoloz-private-key', 'keys-dir', 'max-clock-skew'] as const;

function listenAddress(values: Values, env: NodeJS.ProcessEnv): { port: number; host: string } {
  const portText = (values.port as string | undefined) ?? env.MOCK_PORT ?? '4010';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535)
    throw new UsageError(
      `--port must be a number from 1 to 65535, got ${/^\d{1,12}$/.test(portText) ? `"${portText}"` : 'something else'}`,
    );
  return { port, host: (values.host as string | undefined) ?? '127.0.0.1' };
}

function specToServe(values: Values): string {
  let bundled = '';
  try {
    bundled = bundledSpecPath();
  } catch {
    bundled = '';
  }
  const spec = resolve((values.spec as string | undefined) ?? (bundled || 'generated/openapi.yaml'));
  if (!existsSync(spec)) {
    throw new UnusableInputError(
      values.spec ? `spec not found: ${values.spec}` : `the bundled spec ${spec} does not exist yet; run \`npm run build\` first`,
    );
  }
  return spec;
}

function readKeyFile(path: string, role: string, kind: 'public' | 'private'): string {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UnusableInputError(`${role} file not found: ${path}`);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new UnusableInputError(`cannot read ${role} file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    if (kind === 'public') loadPublicKey(text, role);
    else loadPrivateKey(text, role);
  } catch (err) {
    if (err instanceof InvalidKeyError) throw new UnusableInputError(`${path}: ${err.message}`);
    throw err;
  }
  return text;
}

/** The gateway's settings, or undefined in plain mode; the banner announces throwaway keys. */
async function gatewaySettings(values: Values): Promise<{ gateway?: MockGatewayOptions; banner: string }> {
  const misplaced = GATEWAY_ONLY.find((f) => values[f] !== undefined);
  if (!values.gateway) {
    if (misplaced) throw new UsageError(`--${misplaced} only applies with --gateway`);
    return { banner: '' };
  }
  const clientId = (values['client-id'] as string | undefined) ?? DEFAULT_CLIENT_ID;
  if (!/^[^\s.]{1,64}$/.test(clientId))
    throw new UsageError('--client-id must be 1-64 characters without spaces or dots (ZOLOZ issues 16 digits)');
  let skew: number | undefined;
  if (values['max-clock-skew'] !== undefined) {
    skew = Number(values['max-clock-skew']);
    if (!Number.isFinite(skew) || skew <= 0) throw new UsageError('--max-clock-skew must be a positive number of seconds');
  }
  const withSkew = skew !== undefined ? { maxClockSkewSeconds: skew } : {};
  const mpk = values['merchant-public-key'] as string | undefined;
  const zpk = values['zoloz-private-key'] as string | undefined;
  if ((mpk === undefined) !== (zpk === undefined))
    throw new UsageError('give both --merchant-public-key and --zoloz-private-key, or neither (throwaway keys)');
  if (mpk !== undefined && zpk !== undefined) {
    if (values['keys-dir'] !== undefined)
      throw new UsageError('--keys-dir is for throwaway keys; not with --merchant-public-key/--zoloz-private-key');
    const gateway = {
      clientId,
      merchantPublicKey: readKeyFile(mpk, 'merchant public key', 'public'),
      zolozPrivateKey: readKeyFile(zpk, 'ZOLOZ private key', 'private'),
      ...withSkew,
    };
    return { gateway, banner: '' };
  }
  try {
    const { keys, created } = await ensureThrowawayKeys((values['keys-dir'] as string | undefined) ?? '.zoloz-mock-keys');
    return { gateway: { clientId, throwawayKeys: keys, ...withSkew }, banner: throwawayWarning(keys, created) };
  } catch (err) {
    if (err instanceof InvalidKeyError) throw new UnusableInputError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new UnusableInputError(`cannot prepare throwaway keys (${code})`);
    throw err;
  }
}

/** Starts the mock; a port in use, a recording that cannot be written or Prism failing is unusable environment. */
async function start(options: NonNullable<Parameters<typeof startMock>[0]>): Promise<MockHandle> {
  try {
    return await startMock(options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UnusableInputError(`port ${options.port} on ${options.host} is already in use; choose another with --port`);
    if (code === 'EACCES') throw new UnusableInputError(`not allowed to listen on ${options.host}:${options.port}`);
    if (err instanceof MockError || err instanceof RecordingError) throw new UnusableInputError(err.message);
    throw err;
  }
}

async function serve({ values }: ParsedArgs, io: MockCliIo): Promise<number> {
  const { port, host } = listenAddress(values, io.env ?? process.env);
  const spec = specToServe(values);
  const record = values.record as string | undefined;
  if (record !== undefined && record.trim() === '') throw new UsageError('--record needs a file name (*.jsonl or *.har)');
  const { gateway, banner } = await gatewaySettings(values);
  const verbose = values.verbose === true;
  const log = (line: string) => io.stdout.write(`${line}\n`);
  const mock = await start({
    port,
    host,
    spec,
    ...(gateway ? { gateway } : {}),
    ...(record ? { record: { path: record } } : {}),
    prismLogLevel: (verbose ? 'warn' : 'error') as PrismLogLevel,
    ...(verbose ? { onPrismLog: (l: string) => log(`[prism] ${l}`), onExchange: (l: string) => log(l) } : {}),
  });
  if (banner) io.stderr.write(banner);
  log(`ZOLOZ mock listening on ${mock.url}  (${gateway ? `gateway mode, Client-Id ${mock.clientId}` : 'plain Prism'})`);
  log(`  spec: ${spec}`);
  if (mock.prismUrl !== mock.url) log(`  Prism behind it: ${mock.prismUrl}`);
  if (mock.recordPath) log(`  recording to: ${mock.recordPath}`);
  log('  Ctrl-C to stop.');

  const prismDied = mock.prismExited.then((code) => `prism-exit:${code}`);
  const reason = await Promise.race([io.stopRequested, prismDied]);
  if (reason.startsWith('prism-exit:'))
    io.stderr.write(`zoloz-openapi-mock: Prism exited unexpectedly (code ${reason.slice(11)}); stopping\n`);
  log(`\nStopping (${reason.startsWith('prism-exit:') ? 'Prism exited' : reason})…`);
  await mock.close();
  if (mock.recordPath) log(`Recorded ${mock.recorded()} exchange(s) to ${mock.recordPath}`);
  return reason.startsWith('prism-exit:') ? EXIT.unusable : EXIT.ok;
}

export const mockCommand: CommandDecl<MockCliIo> = {
  program: 'zoloz-openapi-mock',
  summary:
    "Serves the ZOLOZ Connect and RealID APIs from the bundled OpenAPI spec with Prism. Named examples are chosen with 'Prefer: example=<name>' (the success example is the default). Also: npm run mock -- [options]. Stop with Ctrl-C or any of SIGINT, SIGTERM, SIGHUP.",
  version: MOCK_VERSION,
  positionals: [],
  options: [
    { name: 'port', type: 'string', value: '<n>', default: '4010, or $MOCK_PORT', description: 'Port clients connect to.' },
    { name: 'host', type: 'string', value: '<addr>', default: '127.0.0.1', description: 'Interface to listen on.' },
    {
      name: 'spec',
      type: 'string',
      value: '<file>',
      default: 'the bundled generated/openapi.yaml',
      description: 'OpenAPI document to serve.',
    },
    {
      name: 'gateway',
      type: 'boolean',
      description:
        'Put a ZOLOZ-like gateway in front: checks Client-Id, Request-Time and the request Signature, decrypts RSA_AES requests, signs (and encrypts) responses.',
    },
    { name: 'client-id', type: 'string', value: '<id>', default: DEFAULT_CLIENT_ID, description: 'Gateway: the Client-Id it accepts.' },
    {
      name: 'merchant-public-key',
      type: 'string',
      value: '<file>',
      description: 'Gateway: merchant public key (PEM or base64 DER) it verifies requests with.',
    },
    {
      name: 'zoloz-private-key',
      type: 'string',
      value: '<file>',
      description: 'Gateway: "ZOLOZ" private key (PEM or base64 DER) it signs responses with.',
    },
    {
      name: 'keys-dir',
      type: 'string',
      value: '<dir>',
      default: '.zoloz-mock-keys',
      description: 'Gateway, without the two key options: where throwaway keys are generated or reused.',
    },
    {
      name: 'max-clock-skew',
      type: 'string',
      value: '<seconds>',
      default: 'no check',
      description: 'Gateway: reject a Request-Time further off than this.',
    },
    {
      name: 'record',
      type: 'string',
      value: '<file>',
      description: 'Write every exchange served, rejected ones included: *.har as HAR 1.2, otherwise JSON Lines.',
    },
    { name: 'verbose', type: 'boolean', description: "One line per exchange (no bodies, headers or keys) and Prism's warnings." },
  ],
  examples: [
    {
      args: ['--gateway', '--record', 'capture.har'],
      description: 'The signing gateway with throwaway keys, recording every exchange; Ctrl-C stops it (exit 0).',
      exit: EXIT.ok,
    },
    {
      args: ['--client-id', '2089012345678900'],
      description: 'A gateway option without --gateway is a usage error (exit 2).',
      exit: EXIT.unusable,
    },
  ],
  run: serve,
};

/** Runs the mock CLI; resolves to its exit code when the mock has stopped. Never throws. */
export function runCli(argv: readonly string[], io: MockCliIo): Promise<number> {
  return runCommand(mockCommand, argv, io);
}

// Run only as the bin (also through npm's .bin symlink), not when imported by tests.
const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();

/** The CLI as a process: signals and a vanished launcher stop it; exits with the CLI's code. */
export async function runAsProcess(argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  let asked = false;
  const stopRequested = new Promise<string>((resolveStop) => {
    stopWhenAsked((reason: StopReason) => {
      if (asked) {
        process.stderr.write(`zoloz-openapi-mock: ${reason} again; exiting now\n`);
        process.exit(EXIT.unusable);
      }
      asked = true;
      // Whatever happens while closing, never outlive the stop by long (Prism gets SIGKILL after 3 s).
      setTimeout(() => process.exit(EXIT.unusable), 10_000).unref();
      resolveStop(reason === 'parent-exit' ? 'the process that started it exited' : reason);
    });
  });
  process.exit(await runCli(argv, { stdout: process.stdout, stderr: process.stderr, stopRequested }));
}

if (invokedDirectly) await runAsProcess();
