// The build's stages declare what they read and write; the runner holds them to it.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module without types
import { planProblems, stageContext, missingProvisions } from '../scripts/lib/context.mjs';
// @ts-expect-error plain ES module without types
import { Output } from '../scripts/lib/output.mjs';
import * as lint from '../scripts/stages/lint.mjs';
import * as bundle from '../scripts/stages/bundle.mjs';
import * as types from '../scripts/stages/types.mjs';
import * as models from '../scripts/stages/models.mjs';
import * as validators from '../scripts/stages/validators.mjs';
import * as operations from '../scripts/stages/operations.mjs';
import * as flows from '../scripts/stages/flows.mjs';
import * as personalData from '../scripts/stages/personal-data.mjs';
import * as examples from '../scripts/stages/examples.mjs';
import * as coverage from '../scripts/stages/coverage.mjs';
import * as docs from '../scripts/stages/docs.mjs';
import * as pkg from '../scripts/stages/package.mjs';
import * as manifest from '../scripts/stages/manifest.mjs';

const STAGES = [lint, bundle, types, models, validators, operations, flows, personalData, examples, coverage, docs, pkg, manifest];
const stage = (over: object) => ({ name: 's', needs: [], provides: [], outputs: [], run: async () => '', ...over });

describe('build stages', () => {
  it('declare needs, provides and outputs, and the order satisfies every need and input', () => {
    for (const s of STAGES) {
      expect(Array.isArray(s.needs) && Array.isArray(s.provides) && Array.isArray(s.outputs), s.name).toBe(true);
    }
    expect(planProblems(STAGES)).toEqual([]);
  });

  it('finds a stage that needs what no earlier stage provides, or reads a file no earlier stage writes', () => {
    expect(planProblems([bundle, lint])).toEqual(['bundle needs ctx.redocly, which no earlier stage provides']);
    expect(planProblems([lint, types])).toContain('types reads generated/openapi.json, which no earlier stage writes');
  });

  it('refuses an undeclared read, set or file write, naming the stage', async () => {
    const ctx = { out: new Output('/nonexistent-root'), specEntry: 'x', spec: {} };
    const view = stageContext(ctx, stage({ name: 'docs', needs: ['spec'], outputs: ['docs/index.html'] }));
    expect(view.spec).toBe(ctx.spec);
    expect(() => view.operations).toThrow('stage docs read ctx.operations, which it does not declare in `needs`');
    expect(() => {
      view.counts = {};
    }).toThrow('stage docs set ctx.counts, which it does not declare in `provides`');
    expect(() => view.out.write('generated/openapi.json', '{}')).toThrow(
      'stage docs wrote generated/openapi.json, which it does not declare in `outputs`',
    );
  });

  it('reports a promised key that was not provided', () => {
    expect(missingProvisions({ spec: {} }, stage({ provides: ['spec', 'counts'] }))).toEqual(['counts']);
  });
});
