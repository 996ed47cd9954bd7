// `zoloz-openapi proxy`, declared once: options, help and examples are this table.
import { EXIT, UsageError, type CommandDecl, type OptionDecl } from '@zoloz-openapi/gateway-protocol/command';
import { loadGeneratedSpec } from '../generated-spec.js';
import { loadKeysFile } from '../keys.js';
import { runProxy } from '../proxy/run-proxy.js';
import { TOOL_VERSION } from '../version.js';
import { REPORT_FORMATS, sinkFor, type ReportFormat } from './report-format.js';
import type { CliIo } from './io.js';

function fileOption(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`${option} needs a file name`);
  return value;
}

function portOption(value: unknown, option: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`${option} must be a port number 0-65535`);
  return port;
}

function targetOption(value: unknown): URL {
  if (typeof value !== 'string' || value === '')
    throw new UsageError('proxy needs --target <gateway-url> (e.g. https://sg-sandbox-api.zoloz.com or http://127.0.0.1:4010)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--target must be an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--target must be an http:// or https:// URL');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new UsageError('--target takes an origin and optional base path, without credentials, query or fragment');
  return url;
}

const OPTIONS: readonly OptionDecl[] = [
  {
    name: 'target',
    type: 'string',
    value: '<gateway-url>',
    description:
      'Where to forward: http(s)://host[:port][/base-path], e.g. https://sg-sandbox-api.zoloz.com, or http://127.0.0.1:4010 for npm run mock -- --gateway.',
  },
  { name: 'port', type: 'string', value: '<n>', default: '4020', description: 'Port to listen on (0: a free one, printed on stderr).' },
  { name: 'host', type: 'string', value: '<addr>', default: '127.0.0.1', description: 'Interface to listen on, also for --metrics-port.' },
  {
    name: 'keys',
    type: 'string',
    value: '<file>',
    description: 'As for validate-traffic: verify signatures, decrypt RSA_AES bodies before validating.',
  },
  {
    name: 'record',
    type: 'string',
    value: '<file>',
    description:
      'Record every exchange byte-exact: *.har as HAR 1.2, otherwise JSON Lines (validate-traffic --keys on the recording verifies every signature). A request the target did not answer is recorded without a response.',
  },
  { name: 'report', type: 'string', value: '<file>', default: 'stdout', description: 'Write the report there when stopping.' },
  {
    name: 'format',
    type: 'string',
    value: '<f>',
    choices: REPORT_FORMATS,
    default: 'pretty',
    description: 'Report format, as for validate-traffic.',
  },
  {
    name: 'coverage',
    type: 'string',
    value: '<file>',
    description: 'Write the coverage JSON when stopping (as validate-traffic --coverage).',
  },
  {
    name: 'metrics-port',
    type: 'string',
    value: '<n>',
    description:
      'Serve Prometheus metrics on GET /metrics: exchanges by operation, result code and validity; violations by category; upstream latency histogram.',
  },
  { name: 'show-values', type: 'boolean', description: 'Show values of personal fields in the report (redacted by default).' },
  { name: 'no-flow', type: 'boolean', description: 'Skip the cross-exchange checks.' },
];

const DETAILS = `It only observes: every byte is forwarded unchanged both ways (signatures still verify end to end), bodies
stream, connections are kept alive; a violation never alters, delays or blocks traffic.

Each exchange gives one line on stderr: sequence, operationId, HTTP status, result code, valid or the
number of violations, latency (no body, header or personal value). The target unreachable or silent for
120 s: the caller gets 502 and the exchange counts as invalid (no response).

Stop with Ctrl-C or SIGTERM: it stops accepting, finishes in-flight exchanges, writes the report, the
recording and the coverage, then exits 0 when every exchange was valid, 1 otherwise (2: bad arguments,
port in use, unwritable file).`;

export const proxyCommand: CommandDecl<CliIo> = {
  program: 'zoloz-openapi proxy',
  summary:
    'A validating reverse proxy in front of the gateway (or the mock): forwards every byte unchanged, validates each exchange as validate-traffic does, records, serves metrics.',
  version: TOOL_VERSION,
  positionals: [],
  options: OPTIONS,
  details: DETAILS,
  examples: [
    {
      args: [
        '--target',
        'http://127.0.0.1:4010',
        '--port',
        '0',
        '--record',
        'capture.jsonl',
        '--format',
        'json',
        '--report',
        'report.json',
      ],
      description:
        'In front of the local mock, recording; stopped with SIGTERM it writes the report and exits 0 when every exchange was valid.',
      exit: EXIT.ok,
    },
    { args: ['--port', '4020'], description: 'Without --target it cannot run: exit 2.', exit: EXIT.unusable },
  ],
  async run({ values }, io) {
    const target = targetOption(values.target);
    const format = (values.format as ReportFormat | undefined) ?? 'pretty';
    const keys = typeof values.keys === 'string' ? loadKeysFile(values.keys) : undefined;
    const spec = await (io.loadSpec ?? loadGeneratedSpec)();
    return runProxy(
      {
        target,
        host: typeof values.host === 'string' && values.host !== '' ? values.host : '127.0.0.1',
        port: portOption(values.port, '--port', 4020)!,
        keys,
        record: fileOption(values.record, '--record'),
        report: fileOption(values.report, '--report'),
        sink: sinkFor(format),
        format,
        coverage: fileOption(values.coverage, '--coverage'),
        metricsPort: portOption(values['metrics-port'], '--metrics-port', undefined),
        showValues: values['show-values'] === true,
        flow: values['no-flow'] !== true,
        tool: { name: 'zoloz-openapi proxy', version: TOOL_VERSION },
      },
      { stdout: io.stdout, stderr: io.stderr, spec, signal: io.signal },
    );
  },
};
