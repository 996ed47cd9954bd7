import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Recorder, recordedBody, type RecordedExchange } from '@zoloz-openapi/gateway-protocol/record';
import { loadCoverageUniverse, type CoverageUniverse } from '../coverage.js';
import { CoverageRun } from '../coverage-output.js';
import { ExchangeValidator } from '../exchange-validator.js';
import { describeFsError, UnusableInputError } from '../input-stream.js';
import { pointerTokens, resolvePointer } from '../json-pointer.js';
import type { TrafficKeys } from '../keys.js';
import { exitCodeFor, SummaryCounter, type ReportMeta, type ReportSink } from '../report/sink.js';
import type { SpecRuntime } from '../spec-runtime.js';
import type { CaptureItem, CaptureSource, Exchange, HeaderMap, Summary } from '../types.js';
import { exchangeLine } from './exchange-line.js';
import { startForwarder, type ForwardedExchange, type Forwarder, type RawHeaders } from './forwarder.js';
import { ProxyMetrics, serveMetrics, type MetricsServer } from './metrics.js';

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
/** What all exchanges in flight may keep together (e.g. 200 callers × 1 MB bodies fit easily). */
const MAX_BUFFERED_BYTES = 512 * 1024 * 1024;
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
  const dropped = x.request.dropped ?? x.response?.dropped;
  if (dropped !== undefined) {
    const which = [x.request.dropped ? 'request' : '', x.response?.dropped ? 'response' : ''].filter(Boolean).join(' and ');
    const limit =
      dropped === 'size' ? `over ${MAX_BODY_BYTES} bytes` : `past the ${MAX_BUFFERED_BYTES}-byte budget of the exchanges in flight`;
    return { kind: 'unreadable', index, source, reason: `${which} body ${limit}: forwarded, not validated` };
  }
  const exchange: Exchange = {
    index,
    source,
    id: String(index + 1),
    request: {
      method: x.request.method.toUpperCase(),
      url: x.request.url,
      headers: headerMap(x.request.headers),
      body: x.request.body?.toString('utf8'),
    },
    response: x.response
      ? { status: x.response.status, headers: headerMap(x.response.headers), body: x.response.body?.toString('utf8') }
      : undefined,
  };
  return { kind: 'exchange', exchange };
}

function recorded(x: ForwardedExchange): Omit<RecordedExchange, 'id'> {
  return {
    startedAt: x.startedAt,
    durationMs: Math.round(x.upstreamMs),
    request: {
      method: x.request.method,
      url: x.request.url,
      httpVersion: x.request.httpVersion,
      headers: x.request.headers,
      ...recordedBody(x.request.body ?? Buffer.alloc(0)),
      bodyBytes: x.request.body?.length ?? 0,
    },
    ...(x.response
      ? {
          response: {
            status: x.response.status,
            statusText: x.response.statusText,
            headers: x.response.headers,
            body: x.response.body?.toString('utf8') ?? '',
          },
        }
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

/** Everything one proxy run writes to: validator, report, recording, coverage, metrics. */
class ProxySession {
  private readonly counter = new SummaryCounter();
  /** The result code of the exchange being validated, set by the validator's observer (validation is synchronous). */
  private resultCode: string | undefined;
  private readonly validator: ExchangeValidator;
  private readonly sink: ReportSink;
  readonly format: 'har' | 'jsonl';

  private constructor(
    private readonly config: ProxyConfig,
    private readonly io: ProxyIo,
    universe: CoverageUniverse,
    private readonly coverage: CoverageRun | undefined,
    readonly recorder: Recorder | undefined,
    private readonly report: ReportOutput,
    private readonly metrics: { readonly counts: ProxyMetrics; readonly server: MetricsServer } | undefined,
  ) {
    const codeTokens = new Map<string, string[]>(universe.map((u) => [u.operationId, pointerTokens(u.resultCodePointer)]));
    this.validator = new ExchangeValidator(io.spec, {
      keys: config.keys,
      showValues: config.showValues,
      flow: config.flow,
      observer: {
        observe: (operationId, request, response) => {
          const found = response === undefined ? undefined : resolvePointer(response, codeTokens.get(operationId) ?? []);
          this.resultCode = found?.found && typeof found.value === 'string' ? found.value : undefined;
          coverage?.collector.observe(operationId, request, response);
        },
      },
    });
    this.sink = coverage ? coverage.withTable(config.sink, config.format) : config.sink;
    this.format = recorder?.format ?? 'jsonl';
    report.write(this.sink.start(meta(config, this.format)));
  }

  /** Opens every output first, so a bad path or a busy port fails before any traffic flows (nothing left open). */
  static async open(config: ProxyConfig, io: ProxyIo): Promise<ProxySession> {
    const universe = await loadCoverageUniverse();
    const coverage = await CoverageRun.open({ json: config.coverage }, universe);
    const opened: Array<{ close(): Promise<void> }> = [];
    try {
      const recorder = config.record === undefined ? undefined : await openRecorder(config.record, config.tool);
      if (recorder) opened.push(recorder);
      const report = await ReportOutput.open(config.report, io.stdout);
      opened.push(report);
      let metrics: { counts: ProxyMetrics; server: MetricsServer } | undefined;
      if (config.metricsPort !== undefined) {
        const counts = new ProxyMetrics(new Map(universe.map((u) => [u.operationId, new Set(u.resultCodes)])));
        metrics = {
          counts,
          server: await listening(
            () => serveMetrics(counts, config.host, config.metricsPort!),
            config.host,
            config.metricsPort,
            '--metrics-port',
          ),
        };
      }
      return new ProxySession(config, io, universe, coverage, recorder, report, metrics);
    } catch (error) {
      await Promise.allSettled(opened.map((o) => o.close()));
      throw error;
    }
  }

  get metricsUrl(): string | undefined {
    return this.metrics?.server.url;
  }

  /** One finished exchange: recorded, validated, reported, counted, logged — in completion order. */
  readonly onExchange = (x: ForwardedExchange): void => {
    const index = this.counter.total;
    this.recorder?.write(recorded(x));
    const source: CaptureSource = this.format === 'har' ? { format: 'har', entry: index } : { format: 'jsonl', line: index + 1 };
    this.resultCode = undefined;
    const record = this.validator.validate(captureItem(x, index, source));
    this.counter.add(record);
    this.report.write(this.sink.record(record));
    this.metrics?.counts.observe(record, this.resultCode, x.upstreamMs);
    this.io.stderr.write(exchangeLine(index + 1, record, this.resultCode, x.upstreamMs, x.error));
  };

  /** Finishes the report, the recording and the coverage; the summary decides the exit code. */
  async finish(): Promise<Summary> {
    const summary = this.counter.summary();
    this.report.write(this.sink.finish(summary));
    await Promise.all([this.report.close(), this.recorder?.close(), this.metrics?.server.close()]);
    this.coverage?.write(this.config.tool, this.config.record ?? this.config.target.origin);
    return summary;
  }

  async abandon(): Promise<void> {
    await Promise.allSettled([this.report.close(), this.recorder?.close(), this.metrics?.server.close()]);
  }
}

/** Runs `start`; a port that cannot be listened on is a usage problem (exit 2), not an internal error. */
async function listening<T>(start: () => Promise<T>, host: string, port: number, option: string): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new UnusableInputError(`${option} ${port}: cannot listen on ${host} (${describeFsError(error)})`);
  }
}

/**
 * `zoloz-openapi proxy`: forwards to the target, validates each exchange as validate-traffic would, logs one
 * redacted line per exchange, records, counts metrics; on SIGINT/SIGTERM drains, writes the report and the
 * coverage, and resolves to the exit code (0 all valid, 1 otherwise).
 */
export async function runProxy(config: ProxyConfig, io: ProxyIo): Promise<number> {
  const session = await ProxySession.open(config, io);
  let forwarder: Forwarder;
  try {
    forwarder = await listening(
      () =>
        startForwarder({
          target: config.target,
          host: config.host,
          port: config.port,
          maxBodyBytes: MAX_BODY_BYTES,
          maxBufferedBytes: MAX_BUFFERED_BYTES,
          timeoutMs: UPSTREAM_TIMEOUT_MS,
          onExchange: session.onExchange,
        }),
      config.host,
      config.port,
      '--port',
    );
  } catch (error) {
    await session.abandon();
    throw error;
  }
  const target = `${config.target.origin}${config.target.pathname === '/' ? '' : config.target.pathname}`;
  const extras = `${session.recorder ? `, recording to ${session.recorder.path}` : ''}${session.metricsUrl ? `, metrics on ${session.metricsUrl}` : ''}`;
  io.stderr.write(`zoloz-openapi proxy: listening on ${forwarder.url} → ${target}${extras}\n`);

  const stoppedBy = await stopSignal(io.signal, () => process.exit(1));
  io.stderr.write(
    `zoloz-openapi proxy: ${stoppedBy === 'abort' ? 'stopping' : `${stoppedBy}: stopping`} (finishing in-flight exchanges)\n`,
  );
  await forwarder.close();
  const summary = await session.finish();
  const files = `${config.report ? `; report ${config.report}` : ''}${config.coverage ? `; coverage ${config.coverage}` : ''}`;
  io.stderr.write(
    `zoloz-openapi proxy: ${summary.total} exchange(s): ${summary.valid} valid, ${summary.invalid} invalid, ${summary.undocumented} undocumented, ${summary.unreadable} unreadable${files}\n`,
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
