// The bundled spec and the operations table, as the packages see them (through generated/).
import { createRequire } from 'node:module';
import { operations, type OperationId } from '@zoloz-openapi/generated/operations';
import { examples } from '@zoloz-openapi/generated/examples';

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

/** The example values of an operation's request or 200 response, by name (the generated examples table). */
export function examplesOf(operationId: OperationId, where: 'request' | 'response'): Array<[string, unknown]> {
  const op = examples[operationId];
  return Object.entries(where === 'request' ? op.request : (op.responses['200'] ?? {}));
}
