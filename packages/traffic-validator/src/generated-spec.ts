import type { FlowTable } from './flow-tracker.js';
import type { OperationInfo, PersonalDataMarks, SpecRuntime } from './spec-runtime.js';
import { UnusableInputError } from './input-stream.js';

let cached: Promise<SpecRuntime> | undefined;

/**
 * The spec as the build emitted it under generated/: validators, strict validators, the operations
 * table and the personal-data marks. Loaded lazily so `--help` and argument errors work without it.
 */
export function loadGeneratedSpec(): Promise<SpecRuntime> {
  cached ??= load();
  return cached;
}

async function load(): Promise<SpecRuntime> {
  try {
    const [validators, strictValidators, { operations }, { personalData }, { flows }] = await Promise.all([
      import('@zoloz-openapi/generated/validators'),
      import('@zoloz-openapi/generated/validators/strict'),
      import('@zoloz-openapi/generated/operations'),
      import('@zoloz-openapi/generated/personal-data'),
      import('@zoloz-openapi/generated/flows'),
    ]);
    return {
      // Non-200 statuses (e.g. `default`: a body with only `result`) and their validators, from the build.
      otherResponseValidators: Object.fromEntries(operations.map((o) => [o.operationId, o.otherResponseValidators])),
      operations: operations as unknown as readonly OperationInfo[],
      gatewayErrorCodes: gatewayErrorCodesOf(operations),
      validators: validators as unknown as Record<string, unknown>,
      strictValidators: strictValidators as unknown as Record<string, unknown>,
      personalData: personalData as PersonalDataMarks,
      flows: flows as FlowTable,
    };
  } catch {
    cached = undefined;
    throw new UnusableInputError(
      'the generated spec (@zoloz-openapi/generated) is missing or incomplete: run `npm run build` in the repository',
    );
  }
}

/** The spec's common result codes (every operation lists the same ones) other than SUCCESS. */
function gatewayErrorCodesOf(
  operations: ReadonlyArray<{ readonly resultCodes: ReadonlyArray<{ readonly code: string; readonly source: string }> }>,
): string[] {
  return (operations[0]?.resultCodes ?? []).filter((c) => c.source === 'common' && c.code !== 'SUCCESS').map((c) => c.code);
}
