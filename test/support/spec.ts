// The bundled spec and the operations table, as the packages see them (through generated/).
import { createRequire } from 'node:module';
import { operations } from '@zoloz-openapi/generated/operations';

const require = createRequire(import.meta.url);

export interface SchemaNode {
  [key: string]: unknown;
}
export const spec = require('@zoloz-openapi/generated/openapi.json') as {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, SchemaNode>; examples: Record<string, { value: unknown }> };
};
export const dereferenced = require('@zoloz-openapi/generated/openapi.dereferenced.json') as typeof spec;
export { operations };

/** The example objects of an operation's request or 200 response, by name, from the bundled spec. */
export function examplesOf(operationId: string, where: 'request' | 'response'): Array<[string, unknown]> {
  const op = operations.find((o) => o.operationId === operationId)!;
  const pathItem = spec.paths[op.path]![op.method];
  const media = where === 'request' ? pathItem.requestBody.content['application/json'] : pathItem.responses['200'].content['application/json'];
  return Object.entries(media.examples as Record<string, { $ref?: string; value?: unknown }>).map(([name, ex]) => {
    const target = ex.$ref ? spec.components.examples[ex.$ref.split('/').pop()!]! : ex;
    return [name, target.value];
  });
}
