#!/usr/bin/env node
// `zoloz-openapi <command>`: the commands are declarations (src/commands/); this file only dispatches.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeArgument, EXIT, runCommand, write, type CommandDecl } from '@zoloz-openapi/gateway-protocol/command';
import { proxyCommand } from './commands/proxy.js';
import { validateBodyCommand } from './commands/validate-body.js';
import { validateTrafficCommand } from './commands/validate-traffic.js';
import type { CliIo } from './commands/io.js';
import { TOOL_VERSION } from './version.js';

export type { CliIo } from './commands/io.js';

/** Every command of `zoloz-openapi`, by the name typed after it. */
export const COMMANDS: Readonly<Record<string, CommandDecl<CliIo>>> = {
  'validate-traffic': validateTrafficCommand,
  'validate-body': validateBodyCommand,
  proxy: proxyCommand,
};

export function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 3;
  const lines = [
    'zoloz-openapi — tools for the ZOLOZ identity APIs (Connect, RealID)',
    '',
    'Usage:',
    '  zoloz-openapi <command> [options]     zoloz-openapi <command> --help',
    '  zoloz-openapi help [command]          zoloz-openapi --version',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${COMMANDS[n]!.summary}`),
    '',
    'Exit codes (every command; docs/exit-codes.md): 0 ok, 1 findings in the input, 2 bad arguments or',
    'unusable input, 3 internal error.',
    '',
    "Personal data (faces, ID numbers, names…) is redacted by default in every report format, driven by the spec's",
    'x-zoloz-personal-data marks: a violation on a personal field shows its type, length and a short keyed hash,',
    'never its value. --show-values opts in.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI and resolves to its exit code; never throws, never prints a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : COMMANDS[topic];
    if (topic !== undefined && command) return runCommand(command, ['--help'], io);
    await write(io.stdout, mainHelp());
    // Nothing asked for at all is a usage error; asking for help is not.
    return name === undefined ? EXIT.unusable : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    await write(io.stdout, `${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    await write(
      io.stderr,
      `zoloz-openapi: unknown command ${describeArgument(name)} (commands: ${Object.keys(COMMANDS).join(', ')})\nRun "zoloz-openapi --help" for usage.\n`,
    );
    return EXIT.unusable;
  }
  return runCommand(command, rest, io);
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
  process.exitCode = await runCli(process.argv.slice(2));
}
