// Stage 3: TypeScript types of the whole API (paths, operations, components) with openapi-typescript.
import openapiTS, { astToString } from 'openapi-typescript';
import { StageError } from '../lib/tool.mjs';

export const name = 'types';
export const needs = ['spec'];
export const provides = [];
export const inputs = ['generated/openapi.json'];
export const outputs = ['generated/types/openapi.d.ts'];

export async function run(ctx) {
  let ast;
  try {
    // A field with a default stays optional: the server applies the default, the caller may omit it.
    ast = await openapiTS(new URL(`file://${ctx.out.abs('generated/openapi.json')}`), {
      defaultNonNullable: false,
      silent: true,
    });
  } catch (error) {
    throw new StageError(`openapi-typescript failed: ${error.message}`);
  }
  const code = astToString(ast);
  await ctx.out.write('generated/types/openapi.d.ts', code);
  return `types/openapi.d.ts (${code.split('\n').length} lines)`;
}
