#!/usr/bin/env node
// The breaking-change gate (docs/versioning.md): compares the spec bundled from openapi/ now with the bundled
// spec committed at a git ref (generated/openapi.dereferenced.json there), prints every change with its class
// and direction, and fails when a breaking change is not matched by a major bump of info.version.
//
//   npm run spec:diff -- <git-ref>            e.g. HEAD, main, v1.0.0, $(git merge-base HEAD main)
//   npm run spec:diff -- --base <file>        compare with a bundled, dereferenced spec file instead
//   --spec <openapi.yaml>                     the entry file to bundle (default openapi/openapi.yaml)
//   --format text|json                        text (default): one line per change; json: one document
//
// Exit codes: 0 no breaking change, or one with a major bump; 1 a breaking change without a major bump (or an
// info.version that is not semver or goes back); 2 unusable arguments or input.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, SPEC_ENTRY } from './lib/paths.mjs';
import { diffSpecs, gate, show } from './lib/spec-diff.mjs';
import { bundleSpec, formatProblem, loadProjectConfig, toJson } from './lib/redocly.mjs';

const BUNDLED = 'generated/openapi.dereferenced.json';
const MAX_SPEC_BYTES = 32 * 1024 * 1024; // the bundled spec is ~0.5 MB; anything past this is not ours
const USAGE = 'usage: npm run spec:diff -- <git-ref> | --base <file>  [--spec <openapi.yaml>] [--format text|json]';

class UsageError extends Error {}

function parseArgs(argv) {
  const args = { ref: undefined, base: undefined, spec: SPEC_ENTRY, format: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--base') args.base = path.resolve(value());
    else if (a === '--spec') args.spec = path.resolve(value());
    else if (a === '--format') args.format = value();
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (args.ref === undefined) args.ref = a;
    else throw new UsageError(`unexpected argument ${show(a)}`);
  }
  if (!args.help && (args.ref === undefined) === (args.base === undefined))
    throw new UsageError('give a git ref or --base <file> (one of them)');
  if (!['text', 'json'].includes(args.format)) throw new UsageError(`--format must be text or json, not ${show(args.format)}`);
  return args;
}

function parseSpec(text, source) {
  let spec;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON (${error.message.replace(/ in JSON.*$/s, '')})`);
  }
  if (typeof spec !== 'object' || spec === null || typeof spec.paths !== 'object')
    throw new UsageError(`${source} is not an OpenAPI document (no paths)`);
  return spec;
}

const git = promisify(execFile);

/** The bundled spec as committed at `ref`. */
async function specAtRef(ref) {
  const run = (args) => git('git', args, { cwd: ROOT, maxBuffer: MAX_SPEC_BYTES, encoding: 'utf8' });
  let commit;
  try {
    commit = (await run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).stdout.trim();
  } catch {
    throw new UsageError(`${show(ref)} is not a commit in this repository`);
  }
  try {
    return {
      spec: parseSpec((await run(['show', `${commit}:${BUNDLED}`])).stdout, `${BUNDLED} at ${ref}`),
      label: `${ref} (${commit.slice(0, 12)})`,
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (/maxBuffer/i.test(String(error?.message))) throw new UsageError(`${BUNDLED} at ${ref} is over ${MAX_SPEC_BYTES} bytes`);
    throw new UsageError(`${ref} has no ${BUNDLED} (was it built before this commit?)`);
  }
}

async function readBounded(file) {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new UsageError(`${file} is not a file`);
  if (stat.size > MAX_SPEC_BYTES) throw new UsageError(`${file} is over ${MAX_SPEC_BYTES} bytes (${stat.size})`);
  return fs.readFile(file, 'utf8');
}

/** The spec bundled and dereferenced now from the entry file, as the build bundles it (@redocly/openapi-core). */
async function bundleNow(entry) {
  const { document, problems } = await bundleSpec(entry, await loadProjectConfig(), { dereference: true });
  if (problems.length) throw new UsageError(`bundling ${path.relative(ROOT, entry)} failed:\n${problems.map(formatProblem).join('\n')}`);
  // Through JSON text, as the committed file is read: the same values, nothing shared by reference.
  return parseSpec(toJson(document), `the bundle of ${path.relative(ROOT, entry)}`);
}

function printText(changes, verdict, baseLabel, revLabel, base, rev) {
  const where = (c) => [c.direction, c.where].filter(Boolean).join(' ');
  for (const c of changes) {
    const detail = c.detail ? `  (${c.detail})` : '';
    console.log(`${c.level.toUpperCase().padEnd(8)}  ${c.operation}  ${where(c)}  ${c.pointer || '/'}  ${c.kind}${detail}`);
  }
  const count = (level) => changes.filter((c) => c.level === level).length;
  console.log(
    `spec:diff: ${baseLabel} (info.version ${base.info?.version}) → ${revLabel} (${rev.info?.version}): ` +
      `${count('breaking')} breaking, ${count('minor')} minor, ${count('patch')} patch; needs ${verdict.needed}, made ${verdict.made}: ` +
      `${verdict.ok ? 'ok' : 'FAIL'} — ${verdict.reason}`,
  );
}

async function main(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { spec: base, label } = args.base
    ? { spec: parseSpec(await readBounded(args.base), args.base), label: path.relative(process.cwd(), args.base) || args.base }
    : await specAtRef(args.ref);
  const rev = await bundleNow(args.spec);
  const changes = diffSpecs(base, rev);
  const verdict = gate(changes, base.info?.version, rev.info?.version);
  if (args.format === 'json') {
    console.log(
      JSON.stringify(
        {
          base: { source: label, version: base.info?.version ?? null },
          revision: { source: path.relative(process.cwd(), args.spec) || args.spec, version: rev.info?.version ?? null },
          changes,
          verdict,
        },
        null,
        2,
      ),
    );
  } else {
    printText(changes, verdict, label, path.relative(process.cwd(), args.spec) || args.spec, base, rev);
  }
  return verdict.ok ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // One line, never a stack trace: usage and input problems with the usage, anything else as itself.
  console.error(
    error instanceof UsageError ? `spec:diff: ${error.message}\n${USAGE}` : `spec:diff: internal error: ${error?.message ?? error}`,
  );
  process.exitCode = 2;
}
