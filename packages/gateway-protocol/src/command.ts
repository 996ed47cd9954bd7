/**
 * One shape for every command line of the toolkit (`zoloz-openapi <command>`, `zoloz-openapi-mock`):
 * a command is declared once, as data — its options, positionals and examples — and the parser
 * configuration, the `--help` text and the help test are all derived from that declaration.
 * `runCommand(command, argv, io)` resolves to the exit code and never throws, so every CLI can be
 * tested in-process.
 */
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';

/** The exit codes of every command (docs/exit-codes.md is the one place they are explained). */
export const EXIT = {
  /** Ran and found nothing wrong (or: stopped cleanly). */
  ok: 0,
  /** Ran and found something wrong in its input: violations, invalid bodies or exchanges. */
  findings: 1,
  /** Could not run: bad arguments, an unreadable or unusable input, keys or environment (port in use). */
  unusable: 2,
  /** A bug in the tool: an error nothing anticipated. The message says so, in one line. */
  internal: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad arguments: the message, then a pointer to `--help`; exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The input, keys or environment cannot be used: the message alone; exit 2. */
export class UnusableInputError extends Error {
  override readonly name = 'UnusableInputError';
}

export interface OptionDecl {
  /** Long name without dashes: `format` for `--format`. */
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder shown in help for a string option: `<file>`. */
  readonly value?: string;
  readonly description: string;
  /** Allowed values of a string option; anything else is a usage error. */
  readonly choices?: readonly string[];
  /** Shown in help; the handler applies it. */
  readonly default?: string;
}

export interface PositionalDecl {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}

export interface ExampleDecl {
  /** The arguments after the program name, as a user types them. */
  readonly args: readonly string[];
  readonly description: string;
  /** The exit code the example gives on the fixtures the help test provides. */
  readonly exit: ExitCode;
}

export interface CommandIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

export interface CommandDecl<Io extends CommandIo = CommandIo> {
  /** As typed: `zoloz-openapi validate-traffic`, `zoloz-openapi-mock`. */
  readonly program: string;
  readonly summary: string;
  readonly positionals: readonly PositionalDecl[];
  readonly options: readonly OptionDecl[];
  readonly examples: readonly ExampleDecl[];
  /** More help text, after the options (what is checked, formats…). */
  readonly details?: string;
  readonly version: string;
  readonly run: (args: ParsedArgs, io: Io) => Promise<number>;
}

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Every command answers these two; they are added to each declaration's help. */
export const STANDARD_OPTIONS: readonly OptionDecl[] = [
  { name: 'help', type: 'boolean', short: 'h', description: 'Show this help and exit.' },
  { name: 'version', type: 'boolean', description: 'Print the version and exit.' },
];

const allOptions = (command: CommandDecl<never>): OptionDecl[] => [...command.options, ...STANDARD_OPTIONS];

/** The node:util parseArgs configuration of a declaration. */
export function parserConfig(command: CommandDecl<never>): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  return Object.fromEntries(allOptions(command).map((o) => [o.name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
}

/** Reads `argv` into option values and positionals; throws UsageError with parseArgs' own precise message. */
export function parseTokens(command: CommandDecl<never>, argv: readonly string[]): ParsedArgs {
  try {
    const parsed = parseArgs({ args: [...argv], options: parserConfig(command), allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    // Its messages are exact ("Unknown option '--x'"); its hint about positionals is not ours to give.
    throw new UsageError(
      error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '') : String(error),
    );
  }
}

/** Checks what the declaration states: choices of string options, the number of positionals. */
export function checkArguments(command: CommandDecl<never>, args: ParsedArgs): void {
  for (const option of command.options) {
    const value = args.values[option.name];
    if (option.choices && typeof value === 'string' && !option.choices.includes(value)) {
      throw new UsageError(`--${option.name} must be one of ${option.choices.join(', ')} (got ${describeArgument(value)})`);
    }
  }
  const max = command.positionals.length;
  const min = command.positionals.filter((p) => p.required).length;
  const given = args.positionals.length;
  if (given < min)
    throw new UsageError(
      `${command.program} needs ${command.positionals
        .slice(given, min)
        .map((p) => `<${p.name}>`)
        .join(' ')}`,
    );
  if (given > max)
    throw new UsageError(`${command.program} takes ${max === 0 ? 'no arguments' : `at most ${max} argument(s)`}, got ${given}`);
}

/** parseTokens, then checkArguments. */
export function parseCommand(command: CommandDecl<never>, argv: readonly string[]): ParsedArgs {
  const args = parseTokens(command, argv);
  checkArguments(command, args);
  return args;
}

/** An argument echoed back in a usage message: short and plain, or only its length (it may be a key). */
export function describeArgument(value: string): string {
  return /^[\w.,:/@+-]{1,40}$/.test(value) ? `"${value}"` : `a ${value.length}-character value`;
}

function optionLabel(o: OptionDecl): string {
  const long = `--${o.name}${o.type === 'string' ? ` ${o.value ?? (o.choices ? `<${o.choices.join('|')}>` : '<value>')}` : ''}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

/** The `--help` text of a declaration. */
export function renderHelp(command: CommandDecl<never>): string {
  const usage = [command.program, ...command.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)), '[options]'].join(' ');
  const options = allOptions(command);
  const labels = options.map(optionLabel);
  const pad = Math.min(34, Math.max(...labels.map((l) => l.length)) + 2);
  const out = [`Usage: ${usage}`, '', ...wrap(command.summary, 100, ''), ''];
  if (command.positionals.length) {
    out.push('Arguments:');
    for (const p of command.positionals) out.push(`  <${p.name}>`, ...wrap(p.description, 96, '    ').map((l) => `    ${l.trimStart()}`));
    out.push('');
  }
  out.push('Options:');
  options.forEach((o, i) => {
    const label = labels[i]!;
    const listed = o.choices && !(o.value ?? '').includes('|') ? ` One of: ${o.choices.join(', ')}.` : '';
    const text = `${o.description}${listed}${o.default !== undefined ? ` Default: ${o.default}.` : ''}`;
    const body = wrap(text, 100 - pad, ' '.repeat(pad + 2));
    if (label.length + 2 > pad) out.push(`  ${label}`, `${' '.repeat(pad + 2)}${body.join('\n')}`);
    else out.push(`  ${label.padEnd(pad)}${body.join('\n')}`);
  });
  if (command.details) out.push('', command.details.trimEnd());
  if (command.examples.length) {
    out.push('', 'Examples:');
    for (const e of command.examples) out.push(`  ${[command.program, ...e.args].join(' ')}`, `      ${e.description}`);
  }
  out.push('', 'Exit codes: 0 ok, 1 findings in the input, 2 bad arguments or unusable input, 3 internal error.');
  return `${out.join('\n')}\n`;
}

export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

/** The one-line message and exit code of an error that reached the top of a command. */
export function describeFailure(command: CommandDecl<never>, error: unknown): { message: string; exit: ExitCode } {
  if (error instanceof UsageError) return { message: `${error.message}\nRun "${command.program} --help" for usage.`, exit: EXIT.unusable };
  if (error instanceof UnusableInputError) return { message: error.message, exit: EXIT.unusable };
  // Only the class and the first line: messages of unexpected errors can quote their input.
  const kind = error instanceof Error ? error.name : typeof error;
  return { message: `internal error (${kind}); please report it with the command line that caused it`, exit: EXIT.internal };
}

/** Runs a declared command: `-h`/`--help` and `--version` first, then the handler. Never throws. */
export async function runCommand<Io extends CommandIo>(command: CommandDecl<Io>, argv: readonly string[], io: Io): Promise<number> {
  const decl = command as unknown as CommandDecl<never>;
  try {
    const args = parseTokens(decl, argv);
    if (args.values.help === true) {
      await write(io.stdout, renderHelp(decl));
      return EXIT.ok;
    }
    if (args.values.version === true) {
      await write(io.stdout, `${command.version}\n`);
      return EXIT.ok;
    }
    checkArguments(decl, args);
    return await command.run(args, io);
  } catch (error) {
    const { message, exit } = describeFailure(decl, error);
    await write(io.stderr, `${command.program.split(' ')[0]}: ${message}\n`).catch(() => undefined);
    return exit;
  }
}
