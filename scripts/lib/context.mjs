// The build context: one object the stages share, in which each stage may read only what it declares
// (`needs`: context keys; `inputs`: files an earlier stage wrote) and write only what it declares
// (`provides`: context keys; `outputs`: files, or folders ending in `/`). A stage that reaches for anything
// else fails at once, naming itself, so the order of the stages is a checked fact rather than a habit.
import { StageError } from './tool.mjs';

/**
 * @typedef {object} BuildContext
 * @property {import('./output.mjs').Output} out       where files are written (repository or scratch root)
 * @property {string} specEntry                       the spec's entry file
 * @property {import('@redocly/openapi-core').Config} [redocly]  redocly.yaml, loaded once (lint)
 * @property {object} [spec]                          the bundled spec as parsed from generated/openapi.json (bundle)
 * @property {{operations:number, schemas:number, examples:number}} [counts]  (bundle)
 * @property {object[]} [operations]                  the operations table (operations)
 *
 * @typedef {object} Stage
 * @property {string} name
 * @property {(keyof BuildContext)[]} needs
 * @property {(keyof BuildContext)[]} provides
 * @property {string[]} [inputs]
 * @property {string[]} outputs
 * @property {(ctx: BuildContext) => Promise<string>} run   resolves to a one-line summary
 */

/** Keys every stage may read: they exist before the first stage runs. */
export const GIVEN = ['out', 'specEntry'];

const covers = (outputs, file) => outputs.some((o) => (o.endsWith('/') ? file.startsWith(o) : file === o));

/** Problems with the declared order: a need no earlier stage provides, an input no earlier stage writes. */
export function planProblems(stages) {
  const problems = [];
  const available = new Set(GIVEN);
  const written = [];
  for (const stage of stages) {
    for (const key of stage.needs)
      if (!available.has(key)) problems.push(`${stage.name} needs ctx.${key}, which no earlier stage provides`);
    for (const file of stage.inputs ?? [])
      if (!covers(written, file)) problems.push(`${stage.name} reads ${file}, which no earlier stage writes`);
    for (const key of stage.provides) available.add(key);
    written.push(...stage.outputs);
  }
  return problems;
}

function scopedOutput(out, stage) {
  const check = (rel) => {
    if (!covers(stage.outputs, rel)) throw new StageError(`stage ${stage.name} wrote ${rel}, which it does not declare in \`outputs\``);
  };
  return {
    root: out.root,
    files: out.files,
    abs: (rel) => out.abs(rel),
    write: (rel, content, options) => {
      check(rel);
      return out.write(rel, content, options);
    },
    writeJson: (rel, value) => {
      check(rel);
      return out.writeJson(rel, value);
    },
  };
}

/** The context as `stage` may see it. */
export function stageContext(ctx, stage) {
  const readable = new Set([...GIVEN, ...stage.needs, ...stage.provides]);
  const out = scopedOutput(ctx.out, stage);
  return new Proxy(ctx, {
    get(target, key) {
      if (typeof key !== 'string') return Reflect.get(target, key);
      if (!readable.has(key)) throw new StageError(`stage ${stage.name} read ctx.${key}, which it does not declare in \`needs\``);
      return key === 'out' ? out : target[key];
    },
    set(target, key, value) {
      if (!stage.provides.includes(key))
        throw new StageError(`stage ${stage.name} set ctx.${String(key)}, which it does not declare in \`provides\``);
      target[key] = value;
      return true;
    },
  });
}

/** After a stage: everything it promised is there. */
export function missingProvisions(ctx, stage) {
  return stage.provides.filter((key) => ctx[key] === undefined);
}
