// Stage 5: precompiled Ajv validators as standalone ES modules: one named export per component
// (`validate<Component>`), which covers every request and response body (`validate<OperationId>Request`).
// Two sets: the contract (`index.mjs`) and the strict set that rejects undocumented fields (`strict.mjs`).
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createAjv, refFor } from '../lib/ajv.mjs';
import { strictDefs, validationDefs } from '../lib/json-schema.mjs';
import { StageError } from '../lib/tool.mjs';

export const name = 'validators';
export const needs = ['spec'];
export const provides = [];
export const outputs = ['generated/validators/'];

// Ajv's standalone "ESM" output still calls require() for its runtime helpers.
const ESM_PRELUDE = "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n";

export function validatorName(schemaName) {
  return `validate${schemaName}`;
}

function compile(defs) {
  const ajv = createAjv(defs, { standalone: true });
  const exports = Object.fromEntries(Object.keys(defs).map((n) => [validatorName(n), refFor(n)]));
  return ESM_PRELUDE + standaloneCode(ajv, exports);
}

function declarations(spec) {
  const lines = [
    "import type { ErrorObject } from 'ajv';",
    "import type { components } from '../types/openapi.js';",
    '',
    '/** A precompiled validator: a type guard whose `errors` hold every violation of the last call. */',
    'export interface Validator<T> {',
    '  (data: unknown): data is T;',
    '  errors?: ErrorObject[] | null;',
    '}',
    '',
  ];
  for (const name of Object.keys(spec.components.schemas)) {
    lines.push(`export declare const ${validatorName(name)}: Validator<components['schemas']['${name}']>;`);
  }
  return `${lines.join('\n')}\n`;
}

export async function run(ctx) {
  const { spec, out } = ctx;
  let contract;
  let strict;
  try {
    contract = compile(validationDefs(spec));
    strict = compile(strictDefs(spec));
  } catch (error) {
    throw new StageError(`Ajv could not compile the component schemas: ${error.message}`);
  }
  await out.write('generated/validators/index.mjs', contract);
  await out.write('generated/validators/strict.mjs', strict);
  const dts = declarations(spec);
  await out.write('generated/validators/index.d.ts', dts);
  await out.write('generated/validators/strict.d.ts', "export * from './index.js';\n");
  return `${Object.keys(spec.components.schemas).length} validators x 2 (contract ${(contract.length / 1024).toFixed(0)} KiB, strict ${(strict.length / 1024).toFixed(0)} KiB)`;
}
