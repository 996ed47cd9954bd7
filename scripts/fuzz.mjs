#!/usr/bin/env node
// `npm run fuzz`: the hostile-input properties (issue 11) at full length, and the memory cases at the issue's
// sizes, then the total number of generated inputs checked. The same tests run lightly in `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'zoloz-fuzz-'));
const tallyFile = join(dir, 'tally.jsonl');
const files = ['packages/traffic-validator/test/hostile/', 'packages/traffic-validator/test/fuzz.test.ts'];
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...files, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ZOLOZ_FUZZ: 'long', ZOLOZ_FUZZ_TALLY: tallyFile },
});
let total = 0;
try {
  for (const line of readFileSync(tallyFile, 'utf8').split('\n').filter(Boolean)) {
    const { property, inputs } = JSON.parse(line);
    total += inputs;
    console.log(`fuzz: ${property}${inputs ? `: ${inputs} inputs` : ''}`);
  }
} catch {
  // No tally: the run failed before any property finished.
}
console.log(`fuzz: ${total} generated inputs in all`);
rmSync(dir, { recursive: true, force: true });
process.exitCode = run.status ?? 1;
