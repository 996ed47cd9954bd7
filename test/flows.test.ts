// Issue 8 part 4: the flows are described once, in openapi/zoloz.arazzo.yaml. `redocly respect` runs them against
// the plain mock, and the flows table the traffic validator reads is derived from them by the build.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '@zoloz-openapi/mock';
import { flows } from '@zoloz-openapi/generated/flows';
// @ts-expect-error the build's stages are plain ES modules without declarations
import { flowsTable } from '../scripts/stages/flows.mjs';
import { operations } from './support/spec.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARAZZO = path.join(ROOT, 'openapi', 'zoloz.arazzo.yaml');
const run = promisify(execFile);
const arazzo = async () => parse(await fs.readFile(ARAZZO, 'utf8'));
const table = flowsTable as (doc: unknown, ops: typeof operations) => typeof flows;

describe('the flows table (generated/flows) is derived from the Arazzo description', () => {
  it('describes the Connect flow and the RealID native and H5 flows', () => {
    expect(flows.workflows.map((w) => [w.workflowId, w.steps.map((s) => s.operationId)])).toEqual([
      ['connectFaceVerification', ['connectEnroll', 'connectInitialize', 'connectCheckResult']],
      ['realIdNativeVerification', ['realIdInitialize', 'realIdCheckResult']],
      ['realIdH5Verification', ['realIdInitialize', 'realIdCheckResult']],
    ]);
    expect(
      flows.carried.map((c) => `${c.operationId}${c.requestPointer} ← ${c.sources.map((s) => s.operationId + s.responsePointer)}`),
    ).toEqual([
      'connectCheckResult/transactionId ← connectInitialize/transactionId',
      'realIdCheckResult/transactionId ← realIdInitialize/transactionId',
    ]);
  });

  it('is what the build derives from the file today', async () => {
    expect(table(await arazzo(), operations)).toEqual(flows);
  });

  it('grows with a new workflow, and nothing else changes (no validator code per flow)', async () => {
    const doc = await arazzo();
    doc.workflows.push({
      workflowId: 'reenroll',
      steps: [
        {
          stepId: 'first',
          operationId: '$sourceDescriptions.zoloz.realIdInitialize',
          requestBody: { payload: { bizId: '$inputs.bizId' } },
          outputs: { id: '$response.body#/transactionId' },
        },
        {
          stepId: 'again',
          operationId: '$sourceDescriptions.zoloz.connectInitialize',
          requestBody: { payload: { bizId: '$inputs.bizId', userId: '$steps.first.outputs.id' } },
        },
      ],
    });
    const grown = table(doc, operations);
    expect(grown.carried).toContainEqual({
      operationId: 'connectInitialize',
      requestPointer: '/userId',
      sources: [{ operationId: 'realIdInitialize', responsePointer: '/transactionId' }],
    });
    expect(grown.workflows).toHaveLength(flows.workflows.length + 1);
  });

  it.each([
    ['an unknown operation', { stepId: 'x', operationId: '$sourceDescriptions.zoloz.nope' }, /names no operation/],
    [
      'a later step',
      {
        stepId: 'x',
        operationId: 'connectCheckResult',
        requestBody: { replacements: [{ target: '/transactionId', value: '$steps.y.outputs.id' }] },
      },
      /names no earlier step/,
    ],
    [
      'a non-idempotent step bound to no input',
      { stepId: 'x', operationId: 'connectEnroll', requestBody: { payload: { bizId: '1' } } },
      /binds no request field/,
    ],
  ])('refuses %s', async (_what, step, message) => {
    const doc = await arazzo();
    doc.workflows = [{ workflowId: 'broken', steps: [step] }];
    expect(() => table(doc, operations)).toThrow(message);
  });
});

describe('redocly respect runs the Arazzo flows against the plain mock', () => {
  let mock: MockHandle;
  const scratch = path.join(ROOT, '.tmp', `respect-${process.pid}`);
  beforeAll(async () => {
    mock = await startMock();
    await fs.mkdir(scratch, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await mock?.close();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  const respect = (file: string) =>
    run(
      path.join(ROOT, 'node_modules', '.bin', 'redocly'),
      ['respect', file, '--server', `zoloz=${mock.url}`, '--json-output', path.join(scratch, 'out.json')],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        timeout: 240_000,
      },
    ).then(
      () => 0,
      (e: { code: number }) => e.code,
    );

  it('passes every workflow and step', async () => {
    expect(await respect(ARAZZO)).toBe(0);
    interface Step {
      stepId: string;
      status: string;
      request: { body: any };
      response: { statusCode: number; body: any };
      checks: { passed: boolean }[];
    }
    const report = JSON.parse(await fs.readFile(path.join(scratch, 'out.json'), 'utf8'));
    expect(report.status).toBe('success');
    const [file] = Object.values(
      report.files as Record<string, { executedWorkflows: { workflowId: string; status: string; executedSteps: Step[] }[] }>,
    );
    const workflows = file!.executedWorkflows;
    expect(workflows.map((w) => [w.workflowId, w.status, w.executedSteps.map((s) => s.stepId)])).toEqual(
      flows.workflows.map((w) => [w.workflowId, 'success', w.steps.map((s) => s.stepId)]),
    );
    for (const w of workflows) {
      const byId = Object.fromEntries(w.executedSteps.map((s) => [s.stepId, s]));
      for (const s of w.executedSteps)
        expect(
          s.checks.every((c) => c.passed),
          `${w.workflowId}/${s.stepId}`,
        ).toBe(true);
      // The value the flow carries: checkresult sends what initialize returned, and every step the run's bizId.
      expect(byId.checkResult!.request.body.transactionId).toBe(byId.initialize!.response.body.transactionId);
      expect(new Set(w.executedSteps.map((s) => s.request.body.bizId)).size).toBe(1);
    }
  }, 240_000);

  it('fails when a step breaks the contract (the run can fail)', async () => {
    // A copy whose Connect checkresult sends a transactionId of the wrong type: Prism answers 422.
    const text = (await fs.readFile(ARAZZO, 'utf8'))
      .replace('url: ./openapi.yaml', `url: ${path.join(ROOT, 'openapi', 'openapi.yaml')}`)
      .replaceAll('$ref: ./components/', `$ref: ${path.join(ROOT, 'openapi', 'components')}/`)
      .replace('value: $steps.initialize.outputs.transactionId', 'value: 12345');
    const broken = path.join(scratch, 'broken.arazzo.yaml');
    await fs.writeFile(broken, text);
    expect(await respect(broken)).not.toBe(0);
  }, 240_000);
});
