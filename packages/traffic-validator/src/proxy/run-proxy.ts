import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Recorder, type RecordedExchange } from '@zoloz-openapi/mock/record';
import { loadCoverageUniverse } from '../coverage.js';
import { CoverageRun } from '../coverage-output.js';
import { ExchangeValidator } from '../exchange-validator.js';
import { describeFsError, UnusableInputError } from '../input-stream.js';
import { pointerTokens, resolvePointer } from '../json-pointer.js';
import type { TrafficKeys } from '../keys.js';
import { exitCodeFor, SummaryCounter, type ReportMeta, type ReportSink } from '../report/sink.js';
import type { SpecRuntime } from '../spec-runtime.js';
import type { CaptureItem, CaptureSource, Exchange, HeaderMap } from '../types.js';
import { exchangeLine } from './exchange-line.js';
import { startForwarder, type ForwardedExchange, type RawHeaders } from './forwarder.js';
import { ProxyMetrics, serveMetrics } from './metrics.js';

export interface ProxyConfig {
  readonly target: URL;
  readonly host: string;
  readonly port: number;
  readonly keys?: TrafficKeys | undefined;
  readonly record?: string | undefined;
  readonly report?: string | undefined;
  readonly sink: ReportSink;
  readonly format: string;
  readonly coverage?: string | undefined;
  readonly metricsPort?: number | undefined;
  readonly showValues: boolean;
  readonly flow: boolean;
  readonly tool: { readonly name: string; readonly version: string };
}

export interface ProxyIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly spec: SpecRuntime;
  /** Aborting stops the proxy as SIGINT/SIGTERM do (tests); the process signals otherwise. */
  readonly signal?: AbortSignal | undefined;
}

/** Bodies up to this size are validated and recorded; larger ones are only forwarded (and reported unreadable). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** No byte from the target for this long fails the exchange. */
const UPSTREAM_TIMEOUT_MS = 120_000;

/** A report written aside and renamed into place at the end (never a half-written file), or stdout. */
class ReportOutput {
  private constructor(
    readonly stream: Writable,
    private readonly file: { readonly path: string; readonly aside: string } | undefined,
  ) {}

  static async open(path: string | undefined, stdout: Writable): Promise<ReportOutput> {
    if (path === undefined) return new ReportOutput(stdout, undefined);
    const aside = `${path}.${process.pid}.tmp`;
    const stream: WriteStream = createWriteStream(aside);
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new UnusableInputError(`--report ${path}: cannot write (${describeFsError(error)})`);
    }
    return new ReportOutput(stream, { path, aside });
  }

  write(text: string): void {
    if (text !== '') this.stream.write(text);
  }

  async close(): Promise<void> {
    if (!this.file) return;
    const { path, aside } = this.file;
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    try {
      renameSync(aside, path);
    } catch (error) {
      rmSync(aside, { force: true });
      throw new UnusableInputError(`--report ${path}: cannot write (${describeFsError(error)})`);
    }
  }
}

function headerMap(headers: RawHeaders): HeaderMap {
  const map = new Map<string, string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!map.has(lower)) map.set(lower, value);
  }
  return map;
}

/** What the validator reads: the same item a recording of this exchange gives back. */
function captureItem(x: ForwardedExchange, index: number, source: CaptureSource): CaptureItem {
  const over = [x.request.body === undefined && x.request.bytes > 0 ? 'request' : '', x.response && x.response.body === undefined ? 'response' : ''].filter(Boolean);
  if (over.length > 0) return { kind: 'unreadable', index, source, reason: `${over.join(' and ')} body over ${MAX_BODY_BYTES} bytes: forwarded, not validated` };
  const exchange: Exchange = {
    index,
    source,
    id: String(index + 1),
    request: { method: x.request.method.toUpperCase(), url: x.request.url, headers: headerMap(x.request.headers), body: x.request.body?.toString('utf8') },
    response: x.response ? { status: x.response.status, headers: headerMap(x.response.headers), body: x.response.body?.toString('utf8') } : undefined,
  };
  return { kind: 'exchange', exchange };
}

function recorded(x: ForwardedExchange): Omit<RecordedExchange, 'id'> {
  return {
    startedAt: x.startedAt,
    durationMs: Math.round(x.upstreamMs),
    request: { method: x.request.method, url: x.request.url, httpVersion: x.request.httpVersion, headers: x.request.headers, body: x.request.body?.toString('utf8') ?? '' },
    ...(x.response
      ? { response: { status: x.response.status, statusText: x.response.statusText, headers: x.response.headers, body: x.response.body?.toString('utf8') ?? '' } }
      : {}),
  };
}

function stopSignal(signal: AbortSignal | undefined, onSecond: () => void): Promise<string> {
  if (signal) return signal.aborted ? Promise.resolve('abort') : once(signal, 'abort').then(() => 'abort');
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (name: NodeJS.Signals) => {
      if (stopping) return onSecond();
      stopping = true;
      resolve(name);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

/**
 * `zoloz-openapi proxy`: forwards to the target, validates each exchange as validate-traffic would, logs one
 * redacted line per exchange, records, counts metrics; on SIGINT/SIGTERM drains, writes the report and the
 * coverage, and resolves to the exit code (0 all valid, 1 otherwise).
 */
export async function runProxy(config: ProxyConfig, io: ProxyIo): Promise<number> {
  const universe = await loadCoverageUniverse();
  const coverage = await CoverageRun.open({ json: config.coverage }, universe);
  const recorder = config.record === undefined ? undefined : await openRecorder(config.record, config.tool);
  const report = await ReportOutput.open(config.report, io.stdout);
  const sink = coverage ? coverage.withTable(config.sink, config.format) : config.sink;
  const metrics = config.metricsPort === undefined ? undefined : new ProxyMetrics(new Map(universe.map((u) => [u.operationId, new Set(u.resultCodes)])));
  const metricsServer = metrics && config.metricsPort !== undefined ? await serveMetrics(metrics, config.host, config.metricsPort) : undefined;

  // The result code of the exchange being validated, read by the validator's observer (validation is synchronous).
  const codeTokens = new Map<string, string[]>(universe.map((u) => [u.operationId, pointerTokens(u.resultCodePointer)]));
  let resultCode: string | undefined;
  const validator = new ExchangeValidator(io.spec, {
    keys: config.keys,
    showValues: config.showValues,
    flow: config.flow,
    observer: {
      observe(operationId, request, response) {
        const found = response === undefined ? undefined : resolvePointer(response, codeTokens.get(operationId) ?? []);
        resultCode = found?.found && typeof found.value === 'string' ? found.value : undefined;
        coverage?.collector.observe(operationId, request, response);
      },
    },
  });
  const counter = new SummaryCounter();
  const format = recorder?.format ?? 'jsonl';
  report.write(sink.start(meta(config, format)));

  const onExchange = (x: ForwardedExchange): void => {
    const index = counter.total;
    recorder?.write(recorded(x));
    const source: CaptureSource = format === 'har' ? { format: 'har', entry: index } : { format: 'jsonl', line: index + 1 };
    resultCode = undefined;
    const record = validator.validate(captureItem(x, index, source));
    counter.add(record);
    report.write(sink.record(record));
    metrics?.observe(record, resultCode, x.upstreamMs);
    io.stderr.write(exchangeLine(index + 1, record, resultCode, x.upstreamMs, x.error));
  };

  let forwarder;
  try {
    forwarder = await startForwarder({ target: config.target, host: config.host, port: config.port, maxBodyBytes: MAX_BODY_BYTES, timeoutMs: UPSTREAM_TIMEOUT_MS, onExchange });
  } catch (error) {
    await Promise.allSettled([recorder?.close(), metricsServer?.close(), report.close()]);
    throw new UnusableInputError(`cannot listen on ${config.host}:${config.port} (${describeFsError(error)})`);
  }
  io.stderr.write(
    `zoloz-openapi proxy: listening on ${forwarder.url} → ${config.target.origin}${config.target.pathname === '/' ? '' : config.target.pathname}` +
      `${recorder ? `, recording to ${recorder.path}` : ''}${metricsServer ? `, metrics on ${metricsServer.url}` : ''}\n`,
  );

  const stoppedBy = await stopSignal(io.signal, () => process.exit(1));
  io.stderr.write(`zoloz-openapi proxy: ${stoppedBy === 'abort' ? 'stopping' : `${stoppedBy}: stopping`} (finishing in-flight exchanges)\n`);
  await forwarder.close();
  const summary = counter.summary();
  report.write(sink.finish(summary));
  await Promise.all([report.close(), recorder?.close(), metricsServer?.close()]);
  coverage?.write(config.tool, config.record ?? config.target.origin);
  io.stderr.write(
    `zoloz-openapi proxy: ${summary.total} exchange(s): ${summary.valid} valid, ${summary.invalid} invalid, ${summary.undocumented} undocumented, ${summary.unreadable} unreadable` +
      `${config.report ? `; report ${config.report}` : ''}${config.coverage ? `; coverage ${config.coverage}` : ''}\n`,
  );
  return exitCodeFor(summary);
}

async function openRecorder(path: string, tool: ProxyConfig['tool']): Promise<Recorder> {
  try {
    return await Recorder.open({ path }, tool);
  } catch (error) {
    throw new UnusableInputError(`--record ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function meta(config: ProxyConfig, format: 'har' | 'jsonl'): ReportMeta {
  const keys = config.keys;
  return {
    tool: config.tool,
    input: config.record ?? config.target.origin,
    format,
    gzip: false,
    checks: {
      signatures: { request: keys?.merchantPublicKey !== undefined, response: keys?.zolozPublicKey !== undefined },
      decryption: keys?.merchantPrivateKey !== undefined || keys?.zolozPrivateKey !== undefined,
      flow: config.flow,
    },
    showValues: config.showValues,
  };
}
