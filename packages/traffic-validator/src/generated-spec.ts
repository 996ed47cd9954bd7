import { createRequire } from 'node:module';
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
    const [validators, strictValidators, { operations }, { personalData }] = await Promise.all([
      import('@zoloz-openapi/generated/validators'),
      import('@zoloz-openapi/generated/validators/strict'),
      import('@zoloz-openapi/generated/operations'),
      import('@zoloz-openapi/generated/personal-data'),
    ]);
    const require = createRequire(import.meta.url);
    const bundled = require('@zoloz-openapi/generated/openapi.json') as BundledSpec;
    return {
      otherResponseValidators: otherResponseValidators(bundled, operations as unknown as readonly OperationInfo[]),
      operations: operations as unknown as readonly OperationInfo[],
      validators: validators as unknown as Record<string, unknown>,
      strictValidators: strictValidators as unknown as Record<string, unknown>,
      personalData: personalData as PersonalDataMarks,
    };
  } catch {
    cached = undefined;
    throw new UnusableInputError('the generated spec (@zoloz-openapi/generated) is missing or incomplete: run `npm run build` in the repository');
  }
}

interface BundledSpec {
  readonly paths?: Record<string, Record<string, { responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
  readonly components?: { readonly responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };
}

/** Non-200 responses (e.g. `default`: a body with only `result`) and their validators, by the build's naming rule. */
function otherResponseValidators(spec: BundledSpec, operations: readonly OperationInfo[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const op of operations) {
    const responses = spec.paths?.[op.path]?.[op.method.toLowerCase()]?.responses ?? {};
    for (const [status, declared] of Object.entries(responses)) {
      if (status === '200') continue;
      const response = declared.$ref?.startsWith('#/components/responses/') ? spec.components?.responses?.[declared.$ref.slice(23)] : declared;
      const ref = response?.content?.['application/json']?.schema?.$ref;
      if (ref?.startsWith('#/components/schemas/')) (out[op.operationId] ??= {})[status] = `validate${ref.slice(21)}`;
    }
  }
  return out;
}
