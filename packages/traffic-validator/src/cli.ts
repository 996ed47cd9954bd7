#!/usr/bin/env node
import { createWriteStream, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { CoverageRun } from './coverage-output.js';
import { loadGeneratedSpec } from './generated-spec.js';
import { MAIN_HELP, PROXY_HELP, VALIDATE_BODY_HELP, VALIDATE_TRAFFIC_HELP } from './help.js';
import { runProxy } from './proxy/run-proxy.js';
import { describeFsError, UnusableInputError } from './input-stream.js';
import { loadKeysFile, type TrafficKeys } from './keys.js';
import { JsonReport } from './report/json-report.js';
import { JunitReport, valueText } from './report/junit-report.js';
import { PrettyReport } from './report/pretty-report.js';
import { SarifReport } from './report/sarif-report.js';
import { exitCodeFor, type ReportSink } from './report/sink.js';
import type { SpecRuntime } from './spec-runtime.js';
import { runTrafficReport } from './validate-traffic.js';
import { UnknownOperationError, validateBody, type BodyReport } from './validate-body.js';
import { TOOL_VERSION } from './version.js';

/** Wrong arguments: the message, then a pointer to --help; exit 2. */
class UsageError extends Error {}

export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  /** Injected in tests; the generated spec otherwise. */
  readonly loadSpec?: () => Promise<SpecRuntime>;
  /** `proxy` only: aborting stops it as SIGINT/SIGTERM do (in-process tests). */
  readonly signal?: AbortSignal;
}

/** Runs the CLI and resolves to its exit code; never throws, never prints a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        await write(io.stdout, helpFor(rest[0]));
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        await write(io.stdout, `${TOOL_VERSION}\n`);
        return 0;
      case 'validate-traffic':
        return await validateTrafficCommand(rest, io);
      case 'validate-body':
        return await validateBodyCommand(rest, io);
      case 'proxy':
        return await proxyCommand(rest, io);
      default:
        throw new UsageError(`unknown command "${command}" (commands: validate-traffic, validate-body, proxy)`);
    }
  } catch (error) {
    const message =
      error instanceof UsageError
        ? `${error.message}\nRun "zoloz-openapi ${command === 'validate-body' || command === 'validate-traffic' || command === 'proxy' ? `${command} ` : ''}--help" for usage.`
        : error instanceof UnusableInputError || error instanceof UnknownOperationError
          ? error.message
          : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    await write(io.stderr, `zoloz-openapi: ${message}\n`).catch(() => undefined);
    return 2;
  }
}

function helpFor(topic: string | undefined): string {
  if (topic === 'validate-traffic') return VALIDATE_TRAFFIC_HELP;
  if (topic === 'validate-body') return VALIDATE_BODY_HELP;
  if (topic === 'proxy') return PROXY_HELP;
  return MAIN_HELP;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse(args: readonly string[], options: OptionSpec): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    // parseArgs' messages are precise ("Unknown option '--x'"); drop its own usage hints.
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '') : String(error));
  }
}

function stringOption(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${option} needs a file name`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${String(value)}")`);
}

async function validateTrafficCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    keys: { type: 'string' },
    'show-values': { type: 'boolean' },
    'input-format': { type: 'string' },
    'no-flow': { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    coverage: { type: 'string' },
    'coverage-html': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    await write(io.stdout, VALIDATE_TRAFFIC_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'validate-traffic needs a capture file (or - for stdin)' : `validate-traffic takes one capture, got ${positionals.length}`);
  const format = oneOf(values.format, ['pretty', 'json', 'junit', 'sarif'] as const, '--format', 'pretty');
  const inputFormat = values['input-format'] === undefined ? undefined : oneOf(values['input-format'], ['har', 'jsonl'] as const, '--input-format', 'jsonl');
  const keys: TrafficKeys | undefined = typeof values.keys === 'string' ? loadKeysFile(values.keys) : undefined;
  const spec = await (io.loadSpec ?? loadGeneratedSpec)();
  const coverage = await CoverageRun.open({ json: stringOption(values.coverage, '--coverage'), html: stringOption(values['coverage-html'], '--coverage-html') });
  const plainSink = reportSink(format);
  const sink = coverage ? coverage.withTable(plainSink, format) : plainSink;

  const output = await openOutput(values.output, io);
  const progress = io.stderr.isTTY === true ? new Progress(io.stderr) : undefined;
  try {
    const run = await runTrafficReport(positionals[0]!, spec, {
      sink,
      write: (text) => write(output.stream, text),
      tool: { name: 'zoloz-openapi validate-traffic', version: TOOL_VERSION },
      ...(keys === undefined ? {} : { keys }),
      ...(inputFormat === undefined ? {} : { format: inputFormat }),
      showValues: values['show-values'] === true,
      flow: values['no-flow'] !== true,
      ...(coverage ? { observer: coverage.collector } : {}),
      ...(progress ? { onProgress: (n: number) => progress.update(n) } : {}),
    });
    progress?.done();
    await output.close();
    coverage?.write({ name: 'zoloz-openapi validate-traffic', version: TOOL_VERSION }, positionals[0]!);
    return exitCodeFor(run.summary);
  } catch (error) {
    progress?.done();
    await output.close().catch(() => undefined);
    throw error;
  }
}

function reportSink(format: 'pretty' | 'json' | 'junit' | 'sarif'): ReportSink {
  return format === 'json' ? new JsonReport() : format === 'junit' ? new JunitReport() : format === 'sarif' ? new SarifReport() : new PrettyReport();
}

function portOption(value: unknown, option: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`${option} must be a port number 0-65535 (got "${String(value)}")`);
  return port;
}

function targetOption(value: unknown): URL {
  if (typeof value !== 'string' || value === '') throw new UsageError('proxy needs --target <gateway-url> (e.g. https://sg-sandbox-api.zoloz.com or http://127.0.0.1:4010)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--target must be an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--target must be an http:// or https:// URL');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') throw new UsageError('--target takes an origin and optional base path, without credentials, query or fragment');
  return url;
}

async function proxyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    target: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    keys: { type: 'string' },
    record: { type: 'string' },
    report: { type: 'string' },
    format: { type: 'string' },
    coverage: { type: 'string' },
    'metrics-port': { type: 'string' },
    'show-values': { type: 'boolean' },
    'no-flow': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    await write(io.stdout, PROXY_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`proxy takes no positional arguments (got ${positionals.length})`);
  const target = targetOption(values.target);
  const format = oneOf(values.format, ['pretty', 'json', 'junit', 'sarif'] as const, '--format', 'pretty');
  const keys: TrafficKeys | undefined = typeof values.keys === 'string' ? loadKeysFile(values.keys) : undefined;
  const spec = await (io.loadSpec ?? loadGeneratedSpec)();
  return runProxy(
    {
      target,
      host: typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1',
      port: portOption(values.port, '--port', 4020)!,
      keys,
      record: stringOption(values.record, '--record'),
      report: stringOption(values.report, '--report'),
      sink: reportSink(format),
      format,
      coverage: stringOption(values.coverage, '--coverage'),
      metricsPort: portOption(values['metrics-port'], '--metrics-port', undefined),
      showValues: values['show-values'] === true,
      flow: values['no-flow'] !== true,
      tool: { name: 'zoloz-openapi proxy', version: TOOL_VERSION },
    },
    { stdout: io.stdout, stderr: io.stderr, spec, signal: io.signal },
  );
}

async function validateBodyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    operation: { type: 'string' },
    request: { type: 'boolean' },
    response: { type: 'boolean' },
    format: { type: 'string' },
    'show-values': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    await write(io.stdout, VALIDATE_BODY_HELP);
    return 0;
  }
  if (typeof values.operation !== 'string' || values.operation === '') throw new UsageError('validate-body needs --operation <operationId>');
  if (values.request === values.response) throw new UsageError('validate-body needs exactly one of --request or --response');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'validate-body needs a body file (or - for stdin)' : `validate-body takes one body, got ${positionals.length}`);
  const format = oneOf(values.format, ['pretty', 'json'] as const, '--format', 'pretty');
  const file = positionals[0]!;
  const text = await readBody(file);
  const spec = await (io.loadSpec ?? loadGeneratedSpec)();
  const direction = values.request ? 'request' : 'response';
  const report = validateBody(spec, values.operation, direction, text, { showValues: values['show-values'] === true });
  const unusable = report.violations.find((v) => v.category === 'body');
  if (unusable) throw new UnusableInputError(`${file === '-' ? 'stdin' : file}: ${unusable.message.replace(/^the \w+ body is /, '')}`);
  await write(io.stdout, format === 'json' ? `${JSON.stringify(report)}\n` : prettyBody(report));
  return report.valid ? 0 : 1;
}

async function readBody(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new UnusableInputError(`${file}: cannot read (${describeFsError(error)})`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function prettyBody(report: BodyReport): string {
  const lines = [`${report.operationId} ${report.direction}: ${report.valid ? 'valid' : `${report.violations.length} violation(s)`}`];
  for (const v of report.violations) lines.push(`  x ${v.pointer === '' ? '(body)' : v.pointer}  [${v.keyword}]  ${v.message}${v.value ? `  (${valueText(v.value)})` : ''}`);
  if (report.undocumentedFields.length > 0) {
    lines.push(`  undocumented fields (accepted): ${report.undocumentedFields.length}`);
    for (const f of report.undocumentedFields) lines.push(`  ? ${f.pointer}`);
  }
  return `${lines.join('\n')}\n`;
}

async function openOutput(path: unknown, io: CliIo): Promise<{ stream: Writable; close: () => Promise<void> }> {
  if (typeof path !== 'string') return { stream: io.stdout, close: async () => undefined };
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new UnusableInputError(`--output ${path}: cannot write (${describeFsError(error)})`);
  }
  return {
    stream,
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(new UnusableInputError(`--output ${path}: write failed`)) : resolve()));
      }),
  };
}

/** Writes with backpressure: waits for 'drain' when the stream's buffer is full. */
async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

class Progress {
  private last = 0;
  constructor(private readonly stream: Writable) {}
  update(done: number): void {
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    this.stream.write(`\rvalidated ${done} exchange(s)…`);
  }
  done(): void {
    if (this.last !== 0) this.stream.write('\r\u001b[K');
  }
}

// Run only as the bin (also through npm's .bin symlink), not when imported by tests.
const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // `… | head` closes the pipe: stop quietly.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
}
