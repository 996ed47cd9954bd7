import { DEFAULT_LIMITS } from '@zoloz-openapi/gateway-protocol';
import { readCapture, readCaptureBatches, type CaptureFormat } from './capture-reader.js';
import { ExchangeValidator, type ValidatorOptions } from './exchange-validator.js';
import { openInput, UnusableInputError } from './input-stream.js';
import { detectFormat } from './capture-reader.js';
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
}

/** Streams a capture through the validator into a report sink. Throws UnusableInputError before any output if the input is unusable. */
export async function runTrafficReport(path: string, spec: SpecRuntime, options: ReportRunOptions): Promise<ReportRun> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const input = await openInput(path, limits);
  const format = options.format ?? detectFormat(path, input.head);
  const validator = new ExchangeValidator(spec, options);
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
  const counter = new SummaryCounter();
  const batches = readCaptureBatches(input.stream, format, { limits, inputProblem: input.problem });
  // Read the first items before writing anything, so an unusable input fails without a half-written report.
  let next = await batches.next();
  // An empty capture is almost always a broken recording or a wrong path: never let it pass a CI gate as "all valid".
  if (next.done)
    throw new UnusableInputError(
      `${path === '-' ? 'stdin' : path}: no exchanges in the capture (empty ${format === 'har' ? 'log.entries' : 'input'})`,
    );
  await emit(options, options.sink.start(meta));
  while (!next.done) {
    let text = '';
    for (const item of next.value) {
      const record = validator.validate(item);
      counter.add(record);
      text += options.sink.record(record);
      if (options.onProgress && (counter.total & 1023) === 0) options.onProgress(counter.total);
    }
    // One write per chunk of input, not per record: the report's text for a chunk is about the chunk's size.
    await emit(options, text);
    next = await batches.next();
  }
  const summary = counter.summary();
  await emit(options, options.sink.finish(summary));
  return { summary, format, gzip: input.gzip };
}

async function emit(options: ReportRunOptions, text: string): Promise<void> {
  if (text !== '') await options.write(text);
}
