// The six mainstream TypeScript generators the bundled spec must work in (issue 8 part 3): how each is run
// on generated/openapi.yaml, and a typed call per product in the code it generates.
import path from 'node:path';

export interface Generator {
  /** Folder name under the scratch dir, and the test's name. */
  readonly id: string;
  /**
   * The command line: a bin from node_modules/.bin (or a package's script, `pkg/bin/x.js`) and its arguments, run from the scratch folder (openapi-typescript
   * would otherwise lint with the project's redocly.yaml). Enums as string unions where the generator offers the
   * choice (its TypeScript `enum`s would not accept the spec's examples as literals).
   */
  command(spec: string, outDir: string): { bin: string; args: string[] };
  /** Where the generated code is, relative to outDir (what `calls.ts` imports and the test imports). */
  readonly entry: string;
  /**
   * `calls.ts`: a typed call per operation (both products), each with the spec's first request example as its body,
   * and a mistyped copy of one marked `@ts-expect-error`, so code typed as `any` fails the check too.
   */
  calls(ops: readonly CallOperation[]): string;
  /**
   * A cause outside this branch that still makes the generated code fail, or undefined. While set, the only
   * type errors allowed are those matching `allowed`; the merger removes the entry once the cause is fixed.
   */
  readonly pending?: { readonly reason: string; readonly allowed: RegExp };
}

/** What a call needs, from the operations table and the spec's request examples. */
export interface CallOperation {
  readonly operationId: string;
  readonly path: string;
  /** The client namespace of the operations table (`connect`, `realId`). */
  readonly namespace: string;
  /** The body as a JSON literal. */
  readonly body: string;
}

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `export const calls = [...]`: one entry per operation, then the mistyped copy of the first. */
function callList(ops: readonly CallOperation[], call: (op: CallOperation, body: string) => string): string {
  const lines = ops.map((op) => `  () => ${call(op, op.body)},`);
  const first = ops[0]!;
  lines.push('  // @ts-expect-error bizId is a string', `  () => ${call(first, `{ ...${first.body}, bizId: 1 }`)},`);
  return `export const calls = [\n${lines.join('\n')}\n];\n`;
}

export const GENERATORS: readonly Generator[] = [
  {
    id: 'openapi-typescript',
    entry: 'schema.ts',
    command: (spec, out) => ({
      bin: 'openapi-typescript',
      args: [spec, '-o', path.join(out, 'schema.ts'), '--default-non-nullable', 'false'],
    }),
    calls: (ops) =>
      "import createClient from 'openapi-fetch';\nimport type { paths } from './schema';\n" +
      "const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:4010' });\n" +
      callList(ops, (op, body) => `client.POST('${op.path}', { body: ${body} })`),
  },
  {
    id: 'hey-api',
    entry: 'index.ts',
    command: (spec, out) => ({ bin: 'openapi-ts', args: ['-i', spec, '-o', out, '-c', '@hey-api/client-fetch'] }),
    calls: (ops) =>
      `import { ${ops.map((o) => o.operationId).join(', ')} } from './index';\n` +
      callList(ops, (op, body) => `${op.operationId}({ body: ${body} })`),
  },
  {
    id: 'orval',
    entry: 'api.ts',
    command: (spec, out) => ({ bin: 'orval', args: ['--input', spec, '--output', path.join(out, 'api.ts'), '--client', 'fetch'] }),
    calls: (ops) =>
      `import { ${ops.map((o) => o.operationId).join(', ')} } from './api';\n${callList(ops, (op, body) => `${op.operationId}(${body})`)}`,
  },
  {
    id: 'openapi-typescript-codegen',
    entry: 'index.ts',
    // Its bin is called `openapi`, as @redocly/cli's is: which one node_modules/.bin holds depends on install order.
    command: (spec, out) => ({
      bin: 'openapi-typescript-codegen/bin/index.js',
      args: ['--input', spec, '--output', out, '--client', 'fetch', '--useUnionTypes'],
    }),
    calls: (ops) =>
      `import { ${[...new Set(ops.map((o) => `${pascal(o.namespace)}Service`))].join(', ')} } from './index';\n` +
      callList(ops, (op, body) => `${pascal(op.namespace)}Service.${op.operationId}(${body})`),
  },
  {
    id: 'swagger-typescript-api',
    entry: 'api.ts',
    command: (spec, out) => ({
      bin: 'swagger-typescript-api',
      args: ['generate', '-p', spec, '-o', out, '-n', 'api.ts', '--enum-style=union'],
    }),
    calls: (ops) =>
      "import { Api } from './api';\nconst client = new Api({ baseUrl: 'http://127.0.0.1:4010' });\n" +
      callList(ops, (op, body) => `client.api.${op.operationId}(${body})`),
  },
  {
    id: 'openapi-zod-client',
    entry: 'client.ts',
    command: (spec, out) => ({ bin: 'openapi-zod-client', args: [spec, '-o', path.join(out, 'client.ts')] }),
    calls: (ops) =>
      "import { createApiClient } from './client';\nconst client = createApiClient('http://127.0.0.1:4010');\n" +
      callList(ops, (op, body) => `client.${op.operationId}(${body})`),
  },
];
