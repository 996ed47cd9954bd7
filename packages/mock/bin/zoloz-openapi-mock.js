#!/usr/bin/env node
// Committed entry point: npm links bins at install time, before `tsc -b` has built dist/.
import { runAsProcess } from '../dist/cli.js';

await runAsProcess();
