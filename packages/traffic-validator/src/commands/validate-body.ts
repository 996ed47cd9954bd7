// `zoloz-openapi validate-body`, declared once: options, help and examples are this table.
import { readFile, stat } from 'node:fs/promises';
import { formatBytes } from '@zoloz-openapi/gateway-protocol';
import { EXIT, UnusableInputError, UsageError, type CommandDecl } from '@zoloz-openapi/gateway-protocol/command';
import { operations } from '@zoloz-openapi/generated/operations';
import { loadGeneratedSpec } from '../generated-spec.js';
import { describeFsError } from '../input-stream.js';
import { valueText } from '../report/junit-report.js';
import { validateBody, type BodyReport } from '../validate-body.js';
import { TOOL_VERSION } from '../version.js';
import { write, type CliIo } from './io.js';
import { limitOptions, limitsFrom } from './limit-options.js';

const LIMITS = ['itemBytes', 'depth'] as const;
const OPERATION_IDS = operations.map((o) => o.operationId);

/** The body file (or stdin), never read past `maxBytes`. */
async function readBody(file: string, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new UnusableInputError(`${file === '-' ? 'stdin' : file}: larger than ${formatBytes(maxBytes)} (--max-item-bytes)`);
  if (file !== '-') {
    try {
      if ((await stat(file)).size > maxBytes) throw tooLarge();
      return await readFile(file, 'utf8');
    } catch (error) {
      if (error instanceof UnusableInputError) throw error;
      throw new UnusableInputError(`${file}: cannot read (${describeFsError(error)})`);
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function prettyBody(report: BodyReport): string {
  const lines = [`${report.operationId} ${report.direction}: ${report.valid ? 'valid' : `${report.violations.length} violation(s)`}`];
  for (const v of report.violations)
    lines.push(`  x ${v.pointer === '' ? '(body)' : v.pointer}  [${v.keyword}]  ${v.message}${v.value ? `  (${valueText(v.value)})` : ''}`);
  if (report.undocumentedFields.length > 0) {
    lines.push(`  undocumented fields (accepted): ${report.undocumentedFields.length}`);
    for (const f of report.undocumentedFields) lines.push(`  ? ${f.pointer}`);
  }
  return `${lines.join('\n')}\n`;
}

export const validateBodyCommand: CommandDecl<CliIo> = {
  program: 'zoloz-openapi validate-body',
  summary:
    "Check one JSON body against one operation's request or response schema: every violation with its JSON pointer, schema keyword and a plain message; fields the spec does not list are reported as undocumented (which does not fail the check).",
  version: TOOL_VERSION,
  positionals: [{ name: 'body', required: true, description: 'A JSON file, or - for stdin.' }],
  options: [
    {
      name: 'operation',
      type: 'string',
      value: '<operationId>',
      choices: OPERATION_IDS,
      description: 'The operation whose schema applies.',
    },
    { name: 'request', type: 'boolean', description: 'Validate against the request schema.' },
    { name: 'response', type: 'boolean', description: 'Validate against the response schema (the 200 response).' },
    {
      name: 'format',
      type: 'string',
      value: '<f>',
      choices: ['pretty', 'json'],
      default: 'pretty',
      description:
        'pretty, or json: {"operationId","direction","valid","violations":[…],"undocumentedFields":[…]} (violation records as in docs/traffic-report-schema.md).',
    },
    { name: 'show-values', type: 'boolean', description: 'Show values of personal fields (redacted by default, as for validate-traffic).' },
    ...limitOptions(LIMITS),
  ],
  examples: [
    {
      args: ['--operation', 'connectInitialize', '--request', 'request.json'],
      description: 'A valid Connect initialize request: exit 0.',
      exit: EXIT.ok,
    },
    {
      args: ['--operation', 'realIdCheckResult', '--response', '--format', 'json', 'response.json'],
      description: 'A RealID checkresult response with a violation, as JSON: exit 1.',
      exit: EXIT.findings,
    },
  ],
  async run({ values, positionals }, io) {
    const operationId = values.operation;
    if (typeof operationId !== 'string')
      throw new UsageError(`validate-body needs --operation <operationId> (one of ${OPERATION_IDS.join(', ')})`);
    if (values.request === values.response) throw new UsageError('validate-body needs exactly one of --request or --response');
    const limits = limitsFrom(LIMITS, values);
    const file = positionals[0]!;
    const text = await readBody(file, limits.itemBytes);
    const spec = await (io.loadSpec ?? loadGeneratedSpec)();
    const direction = values.request ? 'request' : 'response';
    const report = validateBody(spec, operationId, direction, text, { showValues: values['show-values'] === true, limits });
    const unusable = report.violations.find((v) => v.category === 'body');
    if (unusable) throw new UnusableInputError(`${file === '-' ? 'stdin' : file}: ${unusable.message.replace(/^the \w+ body is /, '')}`);
    await write(io.stdout, values.format === 'json' ? `${JSON.stringify(report)}\n` : prettyBody(report));
    return report.valid ? EXIT.ok : EXIT.findings;
  },
};
