// The build's one door to Redocly: the project configuration (redocly.yaml, with its plugin) loaded once,
// lint and bundle through @redocly/openapi-core, and problems as data (file, line, pointer, rule, severity)
// rather than the CLI's text.
import path from 'node:path';
import { bundle, getLineColLocation, lint, loadConfig, stringifyYaml } from '@redocly/openapi-core';
import { ROOT } from './paths.mjs';

export const CONFIG_FILE = path.join(ROOT, 'redocly.yaml');

/** Loads redocly.yaml (rules, plugin, apis). */
export function loadProjectConfig() {
  return loadConfig({ configPath: CONFIG_FILE });
}

/**
 * @typedef {{ severity: 'error' | 'warn', rule: string, message: string, file: string, line: number, column: number, pointer: string }} LintProblem
 */

// Paths inside the repository are shown relative to it; anything else (a spec copy elsewhere) in full.
function displayPath(file) {
  const rel = path.relative(ROOT, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** @returns {LintProblem} */
function describe(problem) {
  const [where] = problem.location;
  const { start } = getLineColLocation(where);
  return {
    severity: problem.severity,
    rule: problem.ruleId,
    message: problem.message,
    file: displayPath(where.source.absoluteRef),
    line: start.line,
    column: start.col,
    pointer: where.pointer ?? '#/',
  };
}

/** Every problem the configured rules find in `ref` (errors and warnings; ignored ones are left out). */
export async function lintProblems(ref, config) {
  const problems = await lint({ ref, config });
  return problems.filter((p) => !p.ignored).map(describe);
}

export function formatProblem(p) {
  return `${p.file}:${p.line}:${p.column}  ${p.pointer}  ${p.rule} (${p.severity})\n    ${p.message}`;
}

/** The bundled document (components hoisted by file name), optionally with every $ref inlined. */
export async function bundleSpec(ref, config, { dereference = false } = {}) {
  const result = await bundle({ ref, config, dereference });
  return { document: result.bundle.parsed, problems: result.problems.filter((p) => !p.ignored).map(describe) };
}

/** Serialisations as `redocly bundle` writes them. */
export const toYaml = (document) => stringifyYaml(document, { noRefs: true, lineWidth: -1 });
export const toJson = (document) => `${JSON.stringify(document, null, 2)}\n`;
