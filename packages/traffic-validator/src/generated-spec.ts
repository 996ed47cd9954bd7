import { UnusableInputError } from './input-stream.js';
import type { OperationInfo, PersonalDataMarks, SpecRuntime } from './spec-runtime.js';

// Specifiers kept in variables while generated/ is being written; replaced by static imports once it exists.
const MODULES = {
  validators: '@zoloz-openapi/generated/validators',
  strict: '@zoloz-openapi/generated/validators/strict',
  operations: '@zoloz-openapi/generated/operations',
  personalData: '@zoloz-openapi/generated/personal-data',
};

let cached: Promise<SpecRuntime> | undefined;

/** The spec as the build emitted it under generated/ (validators, operations table, personal-data marks). */
export function loadGeneratedSpec(): Promise<SpecRuntime> {
  cached ??= load();
  return cached;
}

async function load(): Promise<SpecRuntime> {
  try {
    const [validators, strictValidators, operationsModule, personalModule] = (await Promise.all([
      import(MODULES.validators),
      import(MODULES.strict),
      import(MODULES.operations),
      import(MODULES.personalData),
    ])) as Record<string, unknown>[];
    const operations = (operationsModule!.operations ?? operationsModule!.default) as readonly OperationInfo[];
    const personalData = (personalModule!.personalData ?? personalModule!.default) as PersonalDataMarks;
    return { operations, validators: validators!, strictValidators: strictValidators!, personalData };
  } catch {
    throw new UnusableInputError('the generated spec (@zoloz-openapi/generated) is missing or incomplete: run `npm run build` in the repository');
  }
}
