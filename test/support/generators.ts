// The six mainstream TypeScript generators the bundled spec must work in (issue 8 part 3): how each is run
// on generated/openapi.yaml, and a typed call per product in the code it generates.
import path from 'node:path';

export interface Generator {
  /** Folder name under the scratch dir, and the test's name. */
  readonly id: string;
  /**
   * The command line: a bin from node_modules/.bin and its arguments, run from the scratch folder (openapi-typescript
   * would otherwise lint with the project's redocly.yaml). Enums as string unions where the generator offers the
   * choice (its TypeScript `enum`s would not accept the spec's examples as literals).
   */
  command(spec: string, outDir: string): { bin: string; args: string[] };
  /** Where the generated code is, relative to outDir (what `calls.ts` imports and the test imports). */
  readonly entry: string;
  /**
   * `calls.ts`: a typed call per product (Connect, RealID), from the spec's request examples; each with a
   * mistyped copy marked `@ts-expect-error`, so code typed as `any` fails the check too.
   */
  calls(bodies: CallBodies): string;
  /**
   * A cause outside this branch that still makes the generated code fail, or undefined. While set, the only
   * type errors allowed are those matching `allowed`; the merger removes the entry once the cause is fixed.
   */
  readonly pending?: { readonly reason: string; readonly allowed: RegExp };
}

/** JSON literals of a Connect and a RealID request example (the spec's own), and their type names. */
export interface CallBodies {
  readonly connect: string;
  readonly realId: string;
}

const mistyped = (body: string): string => `{ ...${body}, bizId: 1 }`;

export const GENERATORS: readonly Generator[] = [
  {
    id: 'openapi-typescript',
    entry: 'schema.ts',
    command: (spec, out) => ({ bin: 'openapi-typescript', args: [spec, '-o', path.join(out, 'schema.ts'), '--default-non-nullable', 'false'] }),
    calls: (b) => `
import createClient from 'openapi-fetch';
import type { paths } from './schema';
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:4010' });
export const calls = [
  () => client.POST('/api/v1/zoloz/connect/initialize', { body: ${b.connect} }),
  () => client.POST('/api/v1/zoloz/realid/initialize', { body: ${b.realId} }),
  // @ts-expect-error bizId is a string
  () => client.POST('/api/v1/zoloz/realid/initialize', { body: ${mistyped(b.realId)} }),
];
`,
  },
  {
    id: 'hey-api',
    entry: 'index.ts',
    command: (spec, out) => ({ bin: 'openapi-ts', args: ['-i', spec, '-o', out, '-c', '@hey-api/client-fetch'] }),
    calls: (b) => `
import { connectInitialize, realIdInitialize } from './index';
export const calls = [
  () => connectInitialize({ body: ${b.connect} }),
  () => realIdInitialize({ body: ${b.realId} }),
  // @ts-expect-error bizId is a string
  () => realIdInitialize({ body: ${mistyped(b.realId)} }),
];
`,
  },
  {
    id: 'orval',
    entry: 'api.ts',
    command: (spec, out) => ({ bin: 'orval', args: ['--input', spec, '--output', path.join(out, 'api.ts'), '--client', 'fetch'] }),
    calls: (b) => `
import { connectInitialize, realIdInitialize } from './api';
export const calls = [
  () => connectInitialize(${b.connect}),
  () => realIdInitialize(${b.realId}),
  // @ts-expect-error bizId is a string
  () => realIdInitialize(${mistyped(b.realId)}),
];
`,
    pending: {
      reason:
        'each *ResultCode is anyOf of its own enum and CommonResultCode, repeating SUCCESS and SYSTEM_ERROR, so orval ' +
        "emits duplicate object keys (TS2783); the ResultCode schemas are restructured on branch issue-8-rules",
      allowed: /error TS2783: '(SUCCESS|SYSTEM_ERROR)' is specified more than once/,
    },
  },
  {
    id: 'openapi-typescript-codegen',
    entry: 'index.ts',
    command: (spec, out) => ({ bin: 'openapi', args: ['--input', spec, '--output', out, '--client', 'fetch', '--useUnionTypes'] }),
    calls: (b) => `
import { ConnectService, RealIdService } from './index';
export const calls = [
  () => ConnectService.connectInitialize(${b.connect}),
  () => RealIdService.realIdInitialize(${b.realId}),
  // @ts-expect-error bizId is a string
  () => RealIdService.realIdInitialize(${mistyped(b.realId)}),
];
`,
  },
  {
    id: 'swagger-typescript-api',
    entry: 'api.ts',
    command: (spec, out) => ({ bin: 'swagger-typescript-api', args: ['generate', '-p', spec, '-o', out, '-n', 'api.ts', '--enum-style=union'] }),
    calls: (b) => `
import { Api } from './api';
const client = new Api({ baseUrl: 'http://127.0.0.1:4010' });
export const calls = [
  () => client.api.connectInitialize(${b.connect}),
  () => client.api.realIdInitialize(${b.realId}),
  // @ts-expect-error bizId is a string
  () => client.api.realIdInitialize(${mistyped(b.realId)}),
];
`,
  },
  {
    id: 'openapi-zod-client',
    entry: 'client.ts',
    command: (spec, out) => ({ bin: 'openapi-zod-client', args: [spec, '-o', path.join(out, 'client.ts')] }),
    calls: (b) => `
import { createApiClient } from './client';
const client = createApiClient('http://127.0.0.1:4010');
export const calls = [
  () => client.connectInitialize(${b.connect}),
  () => client.realIdInitialize(${b.realId}),
  // @ts-expect-error bizId is a string
  () => client.realIdInitialize(${mistyped(b.realId)}),
];
`,
  },
];
