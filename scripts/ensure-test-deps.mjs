#!/usr/bin/env node
// Makes sure the system dependencies the test suite needs are present.
// Today that is one thing: Debian's `chromium` at /usr/bin/chromium, used by the docs
// browser test through playwright-core. We never download a browser (`npx playwright
// install` cannot work here and would pull an unpinned binary); we install the
// distribution package instead. A no-op when chromium is already there.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';

function fail(message) {
  process.stderr.write(`ensure-test-deps: ${message}\n`);
  process.exit(1);
}

if (existsSync(CHROMIUM)) process.exit(0);

if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
  fail(
    `${CHROMIUM} is missing and this is not a Debian/Ubuntu system with apt-get; ` +
      `install Chromium so that ${CHROMIUM} exists, then re-run the tests.`,
  );
}
if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  fail(
    `${CHROMIUM} is missing and installing it needs root. Run:\n` +
      `  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium`,
  );
}

const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
function run(args, what) {
  process.stdout.write(`ensure-test-deps: ${what}…\n`);
  const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.error) fail(`could not run apt-get (${r.error.message})`);
  if (r.status !== 0) {
    const tail = (r.stderr || '').trim().split('\n').slice(-8).join('\n');
    fail(`\`apt-get ${args.join(' ')}\` exited with ${r.status}${tail ? `:\n${tail}` : ''}`);
  }
}

process.stdout.write(`ensure-test-deps: ${CHROMIUM} not found; installing Debian's chromium (needed by test/docs-browser.test.ts)\n`);
run(['-qq', 'update'], 'apt-get update');
run(['-qq', '-y', '--no-install-recommends', '-o', 'Dpkg::Options::=--force-confold', 'install', 'chromium'], 'apt-get install chromium');
if (!existsSync(CHROMIUM)) fail(`apt-get reported success but ${CHROMIUM} is still missing`);
const v = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' });
process.stdout.write(`ensure-test-deps: installed ${(v.stdout || 'chromium').trim()}\n`);
