#!/usr/bin/env node
// The one build: openapi/ -> generated/ and docs/index.html, in ordered stages that fail fast.
//
//   node scripts/build.mjs          regenerate generated/ and docs/index.html
//   node scripts/build.mjs --check  regenerate into a scratch folder and fail, naming the files,
//                                   when anything committed differs (CI runs this)
//   --spec <openapi.yaml>           build another entry file (default openapi/openapi.yaml)
//   --out <dir>                     write the output under <dir> instead of the repository
import fs from 'node:fs/promises';
import path from 'node:path';
import { Output } from './lib/output.mjs';
import { ROOT, SPEC_ENTRY } from './lib/paths.mjs';
import { StageError } from './lib/tool.mjs';
import { missingProvisions, planProblems, stageContext } from './lib/context.mjs';
import * as lint from './stages/lint.mjs';
import * as bundle from './stages/bundle.mjs';
import * as types from './stages/types.mjs';
import * as models from './stages/models.mjs';
import * as validators from './stages/validators.mjs';
import * as operations from './stages/operations.mjs';
import * as flows from './stages/flows.mjs';
import * as personalData from './stages/personal-data.mjs';
import * as examples from './stages/examples.mjs';
import * as coverage from './stages/coverage.mjs';
import * as docs from './stages/docs.mjs';
import * as pkg from './stages/package.mjs';
import * as manifest from './stages/manifest.mjs';

const STAGES = [lint, bundle, types, models, validators, operations, flows, personalData, examples, coverage, docs, pkg, manifest];
const OWNED_DIRS = ['generated']; // every file in these is build output
const USAGE = 'usage: node scripts/build.mjs [--check] [--spec <openapi.yaml>] [--out <dir>]';

function parseArgs(argv) {
  const args = { check: false, spec: SPEC_ENTRY, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') args.check = true;
    else if ((a === '--spec' || a === '--out') && argv[i + 1] && !argv[i + 1].startsWith('--')) args[a.slice(2)] = path.resolve(argv[++i]);
    else return { error: a === '--spec' || a === '--out' ? `${a} needs a path` : `Unknown argument ${a}` };
  }
  if (args.check && args.out) return { error: '--check compares with the repository; it takes no --out' };
  return args;
}

async function listFiles(dir) {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(ROOT, path.join(e.parentPath ?? e.path, e.name)));
}

async function drift(out) {
  const problems = [];
  for (const rel of out.files.keys()) {
    const [fresh, committed] = await Promise.all([fs.readFile(out.abs(rel)), fs.readFile(path.join(ROOT, rel)).catch(() => null)]);
    if (committed === null) problems.push(`missing   ${rel}`);
    else if (!fresh.equals(committed)) problems.push(`differs   ${rel}`);
  }
  for (const dir of OWNED_DIRS) {
    for (const rel of await listFiles(path.join(ROOT, dir))) {
      if (!out.files.has(rel) && !rel.includes('node_modules')) problems.push(`stale     ${rel} (not produced by the build)`);
    }
  }
  return problems;
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the stage loop with its check and drift modes; to split into run and check steps next time it changes
async function main(argv) {
  const args = parseArgs(argv);
  if (args.error) {
    console.error(`${args.error}\n${USAGE}`);
    return 2;
  }
  const { check } = args;
  const outRoot = check ? path.join(ROOT, '.tmp', 'build-check') : (args.out ?? ROOT);
  if (check) await fs.rm(outRoot, { recursive: true, force: true });
  const plan = planProblems(STAGES);
  if (plan.length) {
    console.error(`✖ build: the stages' declarations do not add up:\n  ${plan.join('\n  ')}`);
    return 1;
  }
  /** @type {import('./lib/context.mjs').BuildContext} */
  const ctx = { out: new Output(outRoot), specEntry: args.spec };
  const started = performance.now();

  for (const stage of STAGES) {
    const t0 = performance.now();
    try {
      const summary = await stage.run(stageContext(ctx, stage));
      const missing = missingProvisions(ctx, stage);
      if (missing.length) throw new StageError(`it did not provide ${missing.map((k) => `ctx.${k}`).join(', ')}`);
      console.log(`✔ ${stage.name.padEnd(13)} ${String(Math.round(performance.now() - t0)).padStart(5)} ms  ${summary}`);
    } catch (error) {
      // Exit codes as docs/exit-codes.md: 1 when the spec breaks a rule, 3 for a bug in the build itself.
      if (error instanceof StageError) {
        console.error(`✖ ${stage.name}: ${error.message}`);
        return 1;
      }
      console.error(`✖ ${stage.name}: internal error (${error?.name ?? typeof error}): ${String(error?.message ?? error).split('\n')[0]}`);
      return 3;
    }
  }

  if (!check && outRoot === ROOT) {
    // A file the build no longer produces must not linger in generated/.
    for (const dir of OWNED_DIRS) {
      for (const rel of await listFiles(path.join(ROOT, dir))) {
        if (!ctx.out.files.has(rel) && !rel.includes('node_modules')) await fs.rm(path.join(ROOT, rel));
      }
    }
  }
  const total = Math.round(performance.now() - started);
  if (check) {
    const problems = await drift(ctx.out);
    await fs.rm(outRoot, { recursive: true, force: true });
    if (problems.length) {
      console.error(
        `✖ build:check: committed output differs from a fresh build (run \`npm run build\` and commit):\n  ${problems.join('\n  ')}`,
      );
      return 1;
    }
    console.log(`✔ build:check: ${ctx.out.files.size} generated files match the committed ones (${total} ms)`);
    return 0;
  }
  console.log(`Built ${ctx.out.files.size} files in ${total} ms.`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
