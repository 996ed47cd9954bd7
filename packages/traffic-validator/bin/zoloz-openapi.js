#!/usr/bin/env node
// Committed entry point: npm links bins at install time, before `tsc -b` has built dist/.
import { runCli } from '../dist/cli.js';

process.stdout.on('error', (error) => {
  // `… | head` closes the pipe: stop quietly.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});
process.exitCode = await runCli(process.argv.slice(2));
