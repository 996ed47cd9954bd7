// Stage 1: lint with the project's rules (redocly.yaml and its plugin), on the OpenAPI description and the
// Arazzo description of its flows beside it. Any problem, error or warning, fails.
import { arazzoEntryFor } from '../lib/paths.mjs';
import { formatProblem, lintProblems, loadProjectConfig } from '../lib/redocly.mjs';
import { StageError } from '../lib/tool.mjs';

export const name = 'lint';
export const needs = ['specEntry'];
export const provides = ['redocly'];
export const outputs = [];

export async function run(ctx) {
  const config = await loadProjectConfig();
  const problems = [...(await lintProblems(ctx.specEntry, config)), ...(await lintProblems(arazzoEntryFor(ctx.specEntry), config))];
  if (problems.length) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    throw new StageError(
      `redocly lint reported problems (${errors} errors, ${problems.length - errors} warnings; file:line:column, JSON pointer, rule):\n${problems.map(formatProblem).join('\n')}`,
    );
  }
  ctx.redocly = config;
  return 'redocly lint: 0 problems (OpenAPI and Arazzo)';
}
