import { randomBytes } from 'node:crypto';
import { DEFAULT_LIMITS } from '@zoloz-openapi/gateway-protocol';
import { type CaptureFormat, decodeCaptureItem, detectFormat, type RawCaptureItem, readCapture, readRawBatches } from './capture-reader.js';
import { CoverageCollector } from './coverage.js';
import { type CheckedItem, ExchangeValidator, type ValidatorOptions } from './exchange-validator.js';
import { openInput, UnusableInputError } from './input-stream.js';
import { CheckThreads } from './jobs/check-threads.js';
import type { ReportMeta, ReportSink } from './report/sink.js';
import { SummaryCounter } from './report/sink.js';
import type { SpecRuntime } from './spec-runtime.js';
import type { ExchangeRecord, Summary } from './types.js';

export interface ValidateTrafficOptions extends ValidatorOptions {
  /** Force the input format instead of detecting it from the name or the first bytes. */
  readonly format?: CaptureFormat;
}

/** Validates a capture file (or `-` for stdin) and yields one record per input item, in order. */
export async function* validateTraffic(
  path: string,
  spec: SpecRuntime,
  options: ValidateTrafficOptions = {},
): AsyncGenerator<ExchangeRecord> {
  const validator = new ExchangeValidator(spec, options);
  for await (const item of readCapture(path, { format: options.format, limits: options.limits })) yield validator.validate(item);
}

export interface ReportRun {
  readonly summary: Summary;
  readonly format: CaptureFormat;
  readonly gzip: boolean;
}

export interface ReportRunOptions extends ValidateTrafficOptions {
  readonly sink: ReportSink;
  /** Receives report text as it is produced; may return a promise (backpressure). */
  readonly write: (text: string) => void | Promise<void>;
  readonly tool: ReportMeta['tool'];
  readonly onProgress?: (done: number) => void;
  /**
   * Checking threads (`--jobs`): 1 (default) checks on this thread. With more, this thread reads and cuts the
   * input, worker threads (each loading the generated spec) parse and check it, and the records come back in
   * input order, the flow judged here: the report is the one a single thread writes. An observer other than a
   * CoverageCollector cannot be split across threads: the run then uses one.
   */
  readonly jobs?: number;
  /** A checking thread could not start or stopped; its items were checked on this thread. */
  readonly onThreadLost?: (reason: string) => void;
}

/** Streams a capture through the validator into a report sink. Throws UnusableInputError before any output if the input is unusable. */
export async function runTrafficReport(path: string, spec: SpecRuntime, options: ReportRunOptions): Promise<ReportRun> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const input = await openInput(path, limits);
  const format = options.format ?? detectFormat(path, input.head);
  const coverage = options.observer instanceof CoverageCollector ? options.observer : undefined;
  const threads = options.observer === undefined || coverage ? Math.max(1, Math.floor(options.jobs ?? 1)) : 1;
  // Every thread must hash alike: one key for the run.
  const hashKey = options.hashKey ?? (threads > 1 ? randomBytes(32) : undefined);
  const validator = new ExchangeValidator(spec, { ...options, ...(hashKey === undefined ? {} : { hashKey }) });
  const keys = options.keys;
  const meta: ReportMeta = {
    tool: options.tool,
    input: path,
    format,
    gzip: input.gzip,
    checks: {
      signatures: { request: keys?.merchantPublicKey !== undefined, response: keys?.zolozPublicKey !== undefined },
      decryption: keys?.merchantPrivateKey !== undefined || keys?.zolozPrivateKey !== undefined,
      flow: options.flow !== false,
    },
    showValues: options.showValues === true,
  };
  const raw = readRawBatches(input.stream, format, { limits, inputProblem: input.problem });
  // Read the first items before writing anything, so an unusable input fails without a half-written report.
  const first = await raw.next();
  // An empty capture is almost always a broken recording or a wrong path: never let it pass a CI gate as "all valid".
  if (first.done)
    throw new UnusableInputError(
      `${path === '-' ? 'stdin' : path}: no exchanges in the capture (empty ${format === 'har' ? 'log.entries' : 'input'})`,
    );
  const checkHere = (item: RawCaptureItem): CheckedItem => validator.check(decodeCaptureItem(item, format, limits.depth));
  const pool =
    threads > 1
      ? CheckThreads.start({
          threads,
          init: {
            format,
            limits,
            keys,
            showValues: options.showValues === true,
            hashKey: Buffer.from(hashKey ?? ''),
            flow: options.flow !== false,
            coverage: coverage !== undefined,
          },
          checkHere,
          onCoverage: (counts) => coverage?.addCounts(counts),
          onThreadLost: options.onThreadLost,
        })
      : undefined;
  try {
    const counter = new SummaryCounter();
    await emit(options, options.sink.start(meta));
    for await (const batch of checkedBatches(prepend(first.value, raw), checkHere, pool)) {
      let text = '';
      for (const checked of batch) {
        const record = validator.withFlow(checked);
        counter.add(record);
        text += options.sink.record(record);
        if (options.onProgress && (counter.total & 1023) === 0) options.onProgress(counter.total);
      }
      // One write per batch, not per record.
      await emit(options, text);
    }
    const summary = counter.summary();
    await emit(options, options.sink.finish(summary));
    return { summary, format, gzip: input.gzip };
  } finally {
    await pool?.close();
  }
}

/** Batches sent to the threads: about this many bytes of input, or this many items, whichever comes first. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_ITEMS = 1024;
/** Batches in flight per thread: one being checked, one waiting (bounds memory whatever the capture's size). */
const IN_FLIGHT_PER_THREAD = 2;

/** Checked items, batch by batch, in input order: on this thread, or through the checking threads. */
async function* checkedBatches(
  raw: AsyncIterable<RawCaptureItem[]>,
  checkHere: (item: RawCaptureItem) => CheckedItem,
  pool: CheckThreads | undefined,
): AsyncGenerator<CheckedItem[]> {
  if (!pool) {
    for await (const batch of raw) yield batch.map(checkHere);
    return;
  }
  const inFlight: Promise<CheckedItem[]>[] = [];
  let pending: RawCaptureItem[] = [];
  let bytes = 0;
  for await (const batch of raw) {
    for (const item of batch) {
      pending.push(item);
      if (item.kind === 'raw') bytes += item.bytes.length;
      if (bytes >= BATCH_BYTES || pending.length >= BATCH_ITEMS) {
        inFlight.push(pool.check(pending));
        pending = [];
        bytes = 0;
      }
    }
    while (inFlight.length >= Math.max(1, pool.size) * IN_FLIGHT_PER_THREAD) yield await inFlight.shift()!;
  }
  if (pending.length > 0) inFlight.push(pool.check(pending));
  while (inFlight.length > 0) yield await inFlight.shift()!;
}

async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function emit(options: ReportRunOptions, text: string): Promise<void> {
  if (text !== '') await options.write(text);
}
