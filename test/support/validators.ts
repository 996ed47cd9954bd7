// The two validator sets every schema test runs against: compiled at run time from the bundled spec
// with the build's own Ajv configuration, and the precompiled standalone modules in generated/.
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import * as standaloneContract from '@zoloz-openapi/generated/validators';
import * as standaloneStrict from '@zoloz-openapi/generated/validators/strict';
// @ts-expect-error -- build helpers are plain ESM without declarations
import { createAjv, refFor } from '../../scripts/lib/ajv.mjs';
// @ts-expect-error -- build helpers are plain ESM without declarations
import { strictDefs, validationDefs } from '../../scripts/lib/json-schema.mjs';
import { spec } from './spec.js';

export interface ValidateFn {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
export type ValidatorSet = Record<string, ValidateFn>;

function runtime(defs: Record<string, unknown>): ValidatorSet {
  const ajv = createAjv(defs);
  return Object.fromEntries(Object.keys(defs).map((name) => [`validate${name}`, ajv.getSchema(refFor(name))]));
}

export const validatorSets: ReadonlyArray<readonly [string, { contract: ValidatorSet; strict: ValidatorSet }]> = [
  ['runtime-compiled', { contract: runtime(validationDefs(spec)), strict: runtime(strictDefs(spec)) }],
  [
    'standalone',
    {
      contract: standaloneContract as unknown as ValidatorSet,
      strict: standaloneStrict as unknown as ValidatorSet,
    },
  ],
];

export function validate(set: ValidatorSet, schema: string, data: unknown): ErrorObject[] {
  const fn = set[`validate${schema}`];
  if (!fn) throw new Error(`no validator for ${schema}`);
  return fn(data) ? [] : [...(fn.errors ?? [])];
}

export const requireFromRoot = createRequire(new URL('../../package.json', import.meta.url));
