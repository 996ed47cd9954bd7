// Stage 1: redocly lint with the project's rules (redocly.yaml), on the OpenAPI description and the Arazzo
// description of its flows beside it. Any problem, error or warning, fails.
import { arazzoEntryFor } from '../lib/paths.mjs';
import { runTool, StageError } from '../lib/tool.mjs';

export const name = 'lint';

export async function run(ctx) {
  const { code, output } = await runTool('redocly', ['lint', ctx.specEntry, arazzoEntryFor(ctx.specEntry), '--format=codeframe']);
  const clean = code === 0 && /Your API descriptions? (is|are) valid/.test(output) && !/warning/i.test(output.replace(/Deprecat\w+ \w+ format detected: \w+/g, ''));
  if (!clean) throw new StageError(`redocly lint reported problems (file:line, JSON pointer, rule):\n${output}`);
  return 'redocly lint: 0 problems (OpenAPI and Arazzo)';
}
