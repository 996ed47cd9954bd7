// `zoloz-openapi validate-traffic`, declared once: options, help and examples are this table.
import { availableParallelism } from 'node:os';
import { EXIT, UsageError, type CommandDecl, type OptionDecl } from '@zoloz-openapi/gateway-protocol/command';
import { loadGeneratedSpec } from '../generated-spec.js';
import { loadKeysFile, type TrafficKeys } from '../keys.js';
import { CoverageRun } from '../coverage-output.js';
import { exitCodeFor } from '../report/sink.js';
import { runTrafficReport } from '../validate-traffic.js';
import { TOOL_VERSION } from '../version.js';
import { openOutput, Progress, write, type CliIo } from './io.js';
import { limitOptions, limitsFrom } from './limit-options.js';
import { REPORT_FORMATS, sinkFor, type ReportFormat } from './report-format.js';

const LIMITS = ['itemBytes', 'depth', 'decompressedBytes'] as const;

const OPTIONS: readonly OptionDecl[] = [
  {
    name: 'format',
    type: 'string',
    value: '<f>',
    choices: REPORT_FORMATS,
    default: 'pretty',
    description:
      'pretty (grouped, deduplicated, with counts); json (a summary and one record per exchange; schema: docs/traffic-report-schema.md); junit (JUnit XML, one test case per exchange, one suite per operation); sarif (SARIF 2.1.0).',
  },
  { name: 'keys', type: 'string', value: '<file>', description: 'JSON keys file enabling the protocol checks (format below).' },
  { name: 'show-values', type: 'boolean', description: 'Show values of personal fields in violations (off by default; see Redaction).' },
  { name: 'input-format', type: 'string', value: '<f>', choices: ['har', 'jsonl'], description: 'Override format detection.' },
  { name: 'no-flow', type: 'boolean', description: 'Skip the cross-exchange checks (for captures that start mid-flow).' },
  { name: 'output', type: 'string', short: 'o', value: '<file>', description: 'Write the report to a file instead of stdout.' },
  {
    name: 'coverage',
    type: 'string',
    value: '<file>',
    description:
      'Also write what the capture covered of the spec, as JSON: per operation the exchanges, the result codes, request/response fields (JSON pointers, array items and map keys as /*) and enum values seen and documented, then "totals" (covered/total of each). The pretty report then ends with a coverage table.',
  },
  {
    name: 'coverage-html',
    type: 'string',
    value: '<file>',
    description: 'The same as one self-contained offline HTML page (a table per operation).',
  },
  {
    name: 'jobs',
    type: 'string',
    value: '<n>',
    default: '1',
    description:
      'Checking threads: this thread reads the capture, n worker threads parse and check it, and the report is the one --jobs 1 writes (records in input order, flow checks in order). "auto": one per core.',
  },
  ...limitOptions(LIMITS),
];

/** At most this many checking threads, whatever is asked: each holds the compiled validators. */
const MAX_JOBS = 64;

function jobsOption(value: unknown): number {
  if (value === undefined) return 1;
  if (value === 'auto') return Math.min(MAX_JOBS, availableParallelism());
  const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) throw new UsageError(`--jobs needs a whole number from 1 to ${MAX_JOBS}, or auto`);
  return n;
}

const DETAILS = `Keys file (--keys): JSON with any subset of
  { "clientId":           "2089012345678900",  (default: each request's Client-Id)
    "merchantPublicKey":  …,  verifies request signatures
    "zolozPublicKey":     …,  verifies response signatures
    "merchantPrivateKey": …,  decrypts RSA_AES response bodies (and request bodies: the gateway
                              answers with the request's AES key)
    "zolozPrivateKey":    … } decrypts request bodies directly (mock / test set-ups)
Each key is PEM text, base64 DER (as the ZOLOZ portal gives it) or a path to a file holding either
(relative to the keys file). Without a key, its check is reported as skipped, and encrypted bodies are
not validated. Key material is never printed, not even in part.

What is checked, per exchange:
  - matching: by method and path against the spec's operations, whatever the host or a base-path
    prefix; an unknown path or method is reported as "undocumented" (never dropped).
  - bodies: request and response against the operation's precompiled JSON Schema validators; every
    violation, each with its JSON pointer, the schema keyword and a plain message.
  - content types: application/json (plain) or text/plain (RSA_AES-encrypted), charset UTF-8.
  - gateway headers: Client-Id (16 digits), Request-Time / Response-Time (yyyy-MM-dd'T'HH:mm:ss±HHMM),
    Signature (algorithm=RSA256, signature=…), Encrypt (algorithm=RSA_AES, symmetricKey=…). A missing
    response is a violation; a status other than 200 is checked against the operation's response for it
    (the spec's "default": only "result"), and is a violation when the operation documents none.
  - with --keys: signatures verified over the raw bytes, encrypted bodies decrypted before validation.
  - undocumented fields (not listed by the spec; the real gateway sends some) are reported separately
    and do not make an exchange invalid.
  - flow across the capture (the flows of the spec's Arazzo description): a checkresult whose
    transactionId no earlier initialize (same product) returned; a non-idempotent operation repeated
    with the same bizId (not when the gateway refused the earlier call, e.g. SIGNATURE_INVALID).

Nothing is lost: every item of the input appears in the report as valid, invalid, undocumented or
unreadable, and the summary's counts add up to the input's (blank JSONL lines are not items). A malformed
line or HAR entry, or one over a limit, is reported with its line number (JSONL, 1-based) or entry index
(log.entries[i], 0-based) and the run goes on. A HAR cut short, or a gzip stream with a bad tail, adds one
unreadable record saying where the input ends; what came before is read as usual. Memory is bounded by the
limits, not by the input. Progress is shown on stderr when it is a terminal.
Exit 1 for any invalid, undocumented or unreadable exchange; an empty capture is unusable input (exit 2):
nothing to validate is not "all valid".

Redaction: a violation on a field the spec marks personal (x-zoloz-personal-data), and any value that is
an object, an array or a string not short and safe by shape (printable ASCII, at most 64 characters), shows
only its type, length and a 12-hex-digit HMAC (per-run random key: equal values match within one report,
nothing can be looked up across runs). Methods, paths, ids and names from the capture follow the same rule.
Values of undocumented fields and of the keys file are never shown. --show-values shows values (long ones
cut at 1000 characters).`;

function fileOption(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${option} needs a file name`);
  return value;
}

export const validateTrafficCommand: CommandDecl<CliIo> = {
  program: 'zoloz-openapi validate-traffic',
  summary:
    'Check every exchange of a recorded capture (HAR 1.2 or JSON Lines, optionally gzipped) against the OpenAPI contract and the gateway protocol; report exchange by exchange.',
  version: TOOL_VERSION,
  positionals: [
    {
      name: 'capture',
      required: true,
      description:
        'A file or - (stdin). HAR 1.2 (browsers, Charles, mitmproxy, proxies) or JSON Lines, one exchange per line (docs/traffic-jsonl-format.md). Gzip is detected from the bytes. The format comes from the name (.har, .jsonl, .ndjson, optionally .gz), else from the first bytes.',
    },
  ],
  options: OPTIONS,
  details: DETAILS,
  examples: [
    { args: ['capture.har'], description: 'Pretty report of a HAR capture; exit 0 when every exchange is valid.', exit: EXIT.ok },
    {
      args: ['capture.jsonl', '--keys', 'keys.json', '--format', 'sarif', '-o', 'report.sarif'],
      description: 'Verify signatures and decrypt with the keys; SARIF for code scanning.',
      exit: EXIT.ok,
    },
    {
      args: ['broken.jsonl', '--format', 'json'],
      description: 'A capture with a violation: JSON report on stdout, exit 1.',
      exit: EXIT.findings,
    },
    {
      args: ['capture.har', '--coverage', 'coverage.json', '--coverage-html', 'coverage.html'],
      description: 'Also what the capture covered of the spec, as JSON and as an offline page.',
      exit: EXIT.ok,
    },
  ],
  async run({ values, positionals }, io) {
    const limits = limitsFrom(LIMITS, values);
    const jobs = jobsOption(values.jobs);
    const keys: TrafficKeys | undefined = typeof values.keys === 'string' ? loadKeysFile(values.keys) : undefined;
    const spec = await (io.loadSpec ?? loadGeneratedSpec)();
    const inputFormat = values['input-format'] as 'har' | 'jsonl' | undefined;
    const coverage = await CoverageRun.open({
      json: fileOption(values.coverage, '--coverage'),
      html: fileOption(values['coverage-html'], '--coverage-html'),
    });
    const format = (values.format as ReportFormat | undefined) ?? 'pretty';
    const sink = coverage ? coverage.withTable(sinkFor(format), format) : sinkFor(format);
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
        limits,
        jobs,
        onThreadLost: (reason: string) =>
          io.stderr.write(`zoloz-openapi validate-traffic: ${reason}; its exchanges are checked by the main thread\n`),
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
  },
};
