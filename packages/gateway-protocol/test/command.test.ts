// The command mechanism every CLI is declared with: parsing, help, version and exit codes.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT, renderHelp, runCommand, UnusableInputError, UsageError, type CommandDecl } from '@zoloz-openapi/gateway-protocol/command';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = (s: PassThrough) => () => s.read()?.toString() ?? '';
  return { io: { stdout, stderr }, out: text(stdout), err: text(stderr) };
}

const seen: unknown[] = [];
const demo: CommandDecl = {
  program: 'demo check',
  summary: 'Checks a file.',
  version: '9.9.9',
  positionals: [{ name: 'file', description: 'The file to check.', required: true }],
  options: [
    { name: 'format', type: 'string', value: '<f>', choices: ['pretty', 'json'], default: 'pretty', description: 'Report format.' },
    { name: 'output', type: 'string', short: 'o', value: '<file>', description: 'Write the report to a file.' },
    { name: 'strict', type: 'boolean', description: 'Fail on warnings too.' },
  ],
  examples: [{ args: ['capture.jsonl', '--format', 'json'], description: 'JSON report on stdout.', exit: EXIT.ok }],
  run: async (args) => {
    seen.push(args);
    if (args.positionals[0] === 'boom') throw new TypeError('secret-value-9f8e7d in a message');
    if (args.positionals[0] === 'missing') throw new UnusableInputError('missing: cannot read (ENOENT)');
    if (args.positionals[0] === 'bad') throw new UsageError('--format json needs a file');
    return args.values.strict ? EXIT.findings : EXIT.ok;
  },
};

describe('runCommand', () => {
  it('runs the handler with parsed values and returns its exit code', async () => {
    const t = io();
    expect(await runCommand(demo, ['a.jsonl', '--strict', '-o', 'r.json'], t.io)).toBe(EXIT.findings);
    expect(seen.at(-1)).toEqual({ values: { strict: true, output: 'r.json' }, positionals: ['a.jsonl'] });
  });

  it('answers -h, --help and --version with exit 0, even without the required argument', async () => {
    for (const flag of ['-h', '--help']) {
      const t = io();
      expect(await runCommand(demo, [flag], t.io)).toBe(EXIT.ok);
      expect(t.out()).toBe(renderHelp(demo));
    }
    const t = io();
    expect(await runCommand(demo, ['--version'], t.io)).toBe(EXIT.ok);
    expect(t.out()).toBe('9.9.9\n');
  });

  it.each([
    [['a', '--frob'], "Unknown option '--frob'"],
    [['a', '--format', 'xml'], '--format must be one of pretty, json (got "xml")'],
    [[], 'demo check needs <file>'],
    [['a', 'b'], 'demo check takes at most 1 argument(s), got 2'],
    [['bad'], '--format json needs a file'],
  ])('exits 2 on bad arguments %j, with the reason and a pointer to --help', async (argv, reason) => {
    const t = io();
    expect(await runCommand(demo, argv, t.io)).toBe(EXIT.unusable);
    expect(t.err()).toBe(`demo: ${reason}\nRun "demo check --help" for usage.\n`);
  });

  it('does not echo a long or odd argument value (it may be a key)', async () => {
    const t = io();
    const key = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'.repeat(3);
    expect(await runCommand(demo, ['a', '--format', key], t.io)).toBe(EXIT.unusable);
    const err = t.err();
    expect(err).not.toContain(key.slice(0, 12));
    expect(err).toContain(`a ${key.length}-character value`);
  });

  it('exits 2 on unusable input with the message alone', async () => {
    const t = io();
    expect(await runCommand(demo, ['missing'], t.io)).toBe(EXIT.unusable);
    expect(t.err()).toBe('demo: missing: cannot read (ENOENT)\n');
  });

  it('exits 3 on an unexpected error, in one line, without its message or a stack', async () => {
    const t = io();
    expect(await runCommand(demo, ['boom'], t.io)).toBe(EXIT.internal);
    const err = t.err();
    expect(err).toBe('demo: internal error (TypeError); please report it with the command line that caused it\n');
    expect(err).not.toContain('secret-value');
  });
});

describe('renderHelp', () => {
  it('lists every declared option with its value, choices and default, the standard options and each example', () => {
    const help = renderHelp(demo);
    expect(help).toMatch(/^Usage: demo check <file> \[options\]\n/);
    expect(help).toMatch(/ {4}--format <f> +Report format\. One of: pretty, json\. Default: pretty\./);
    expect(help).toMatch(/-o, --output <file> +Write the report/);
    expect(help).toMatch(/-h, --help +Show this help/);
    expect(help).toMatch(/--version +Print the version/);
    expect(help).toContain('  demo check capture.jsonl --format json\n      JSON report on stdout.');
    expect(help).toContain('Exit codes: 0 ok, 1 findings in the input, 2 bad arguments or unusable input, 3 internal error.');
  });
});
