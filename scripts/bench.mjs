#!/usr/bin/env node
// npm run bench: runs each package's benchmark (each measures its own baseline in the same run and
// reports ratios), shows their tables, and prints one JSON object as the last line for CI jobs.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib/paths.mjs';

const BENCHES = [
  ['client', 'packages/client/bench/client-bench.mjs'],
  ['traffic', 'packages/traffic-validator/bench/traffic-bench.mjs'],
  ['mock', 'packages/mock/bench/mock-bench.mjs'],
  ['proxy', 'packages/traffic-validator/bench/proxy-bench.mjs'],
];

function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, file)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

const summary = {};
let failed = false;
for (const [name, file] of BENCHES) {
  console.log(`\n── ${name} (${file}) ──`);
  const { code, out } = await run(file);
  const last = out.trim().split('\n').pop() ?? '';
  try {
    Object.assign(summary, JSON.parse(last));
  } catch {
    summary[name] = { error: `benchmark exited ${code} without a JSON result line` };
    failed = true;
  }
  if (code !== 0) failed = true;
}
console.log('');
console.log(JSON.stringify(summary));
process.exitCode = failed ? 1 : 0;
