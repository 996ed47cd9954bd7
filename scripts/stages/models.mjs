// Stage 4: one named TypeScript type per component schema, with json-schema-to-typescript
// (a second view of the same components, for code that works with models rather than paths).
import { compile } from 'json-schema-to-typescript';
import { componentDefs, mapSchema, schemaDocument } from '../lib/json-schema.mjs';
import { StageError } from '../lib/tool.mjs';
import { GENERATED_HEADER } from '../lib/output.mjs';

export const name = 'models';
export const needs = ['spec'];
export const provides = [];
export const outputs = ['generated/models/index.d.ts'];

export async function run(ctx) {
  // A `$ref` with sibling keywords (a property's own description) would become a new, numbered type.
  const defs = Object.fromEntries(
    Object.entries(componentDefs(ctx.spec)).map(([n, s]) => [n, mapSchema(s, (node) => (node.$ref ? { $ref: node.$ref } : node))]),
  );
  const names = Object.keys(defs);
  // A root that references every component, so each is emitted once under its own name.
  const root = {
    ...schemaDocument(defs),
    title: 'ZolozModels',
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, { $ref: `#/$defs/${n}` }])),
    additionalProperties: false,
  };
  let code;
  try {
    code = await compile(root, 'ZolozModels', {
      bannerComment: `// ${GENERATED_HEADER}`,
      additionalProperties: false, // like openapi-typescript: only documented fields type-check
      declareExternallyReferenced: true,
      unreachableDefinitions: true,
      strictIndexSignatures: true,
      enableConstEnums: false,
      format: true,
      cwd: ctx.out.root,
    });
  } catch (error) {
    throw new StageError(`json-schema-to-typescript failed: ${error.message}`);
  }
  const missing = names.filter((n) => !new RegExp(`export (interface|type) ${n}\\b`).test(code));
  if (missing.length) throw new StageError(`json-schema-to-typescript emitted no type for: ${missing.join(', ')}`);
  await ctx.out.write('generated/models/index.d.ts', code, { raw: true });
  return `${names.length} model types`;
}
