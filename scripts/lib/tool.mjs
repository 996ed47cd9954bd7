// Runs a command-line tool from node_modules/.bin and returns its output; the build reads
// tools through here so that failures carry the tool's own message and nothing else.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths.mjs';

export class StageError extends Error {}

// Redocly prints a Node 20 end-of-life banner on every command; it is noise in build logs.
const BANNER = /^\s*[╔║╚].*$/gmu;

export function runTool(bin, args, { cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', bin), args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = out
        .replace(BANNER, '')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      resolve({ code, output: text });
    });
  });
}
