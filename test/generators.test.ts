// Issue 8 part 3: platform teams generate clients with the generator they already use. Each of the six
// mainstream TypeScript generators runs on the bundled spec; its output, with a typed call per operation, must
// pass `tsc --strict --noEmit` (TypeScript 5.9) and import cleanly; the zod client must parse the spec's examples.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATORS, type CallOperation, type Generator } from './support/generators.js';
import { examplesOf, operations } from './support/spec.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SPEC = path.join(ROOT, 'generated', 'openapi.yaml');
const run = promisify(execFile);
// Inside the repository (.tmp/ is ignored) so that generated code resolves zod, @zodios/core, openapi-fetch.
const scratch = path.join(ROOT, '.tmp', `generators-${process.pid}`);

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    // hey-api's fetch client iterates Headers (DOM.Iterable).
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    skipLibCheck: true,
    types: [],
  },
  include: ['**/*.ts'],
};

const callOperations: CallOperation[] = operations.map((op) => ({
  operationId: op.operationId,
  path: op.path,
  namespace: op.clientNamespace,
  body: JSON.stringify(examplesOf(op.operationId, 'request')[0]![1]),
}));

interface Outcome {
  generated: { ok: boolean; output: string };
  typeErrors: string[];
}
const outcomes = new Map<string, Outcome>();

async function generate(g: Generator): Promise<Outcome['generated']> {
  const out = path.join(scratch, g.id);
  await fs.mkdir(out, { recursive: true }); // openapi-zod-client needs the folder to exist
  const { bin, args } = g.command(SPEC, out);
  try {
    // A bin named by its package path runs that package's script: two packages install a bin called `openapi`.
    const [file, argv] = bin.includes('/')
      ? [process.execPath, [path.join(ROOT, 'node_modules', bin), ...args]]
      : [path.join(ROOT, 'node_modules', '.bin', bin), args];
    const r = await run(file, argv, { cwd: scratch, maxBuffer: 64 << 20, timeout: 240_000 });
    await fs.writeFile(path.join(out, 'calls.ts'), g.calls(callOperations));
    return { ok: true, output: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** One tsc over every generator's folder; diagnostics grouped by the folder they are in. */
async function typeCheck(): Promise<Map<string, string[]>> {
  await fs.writeFile(path.join(scratch, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  let output: string;
  try {
    const r = await run(process.execPath, [tsc, '-p', scratch, '--pretty', 'false'], { cwd: scratch, maxBuffer: 64 << 20 });
    output = r.stdout;
  } catch (error) {
    output = (error as { stdout?: string }).stdout ?? String(error);
  }
  const byFolder = new Map<string, string[]>();
  for (const line of output.split('\n').filter((l) => /error TS\d+/.test(l))) {
    const folder = line.split(/[\\/]/)[0]!;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), line]);
  }
  return byFolder;
}

beforeAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
  await fs.mkdir(scratch, { recursive: true });
  const generated = new Map<string, Outcome['generated']>();
  for (const g of GENERATORS) generated.set(g.id, await generate(g)); // one at a time: the machine is shared
  const errors = await typeCheck();
  for (const g of GENERATORS) outcomes.set(g.id, { generated: generated.get(g.id)!, typeErrors: errors.get(g.id) ?? [] });
}, 600_000);

afterAll(() => fs.rm(scratch, { recursive: true, force: true }));

describe.each(GENERATORS.map((g) => [g.id, g] as const))('%s on generated/openapi.yaml', (_id, g) => {
  it('generates', () => {
    const { generated } = outcomes.get(g.id)!;
    expect(generated.ok, generated.output).toBe(true);
  });

  const title = g.pending
    ? `compiles under tsc --strict --noEmit with a typed call per operation (pending: ${g.pending.reason})`
    : 'compiles under tsc --strict --noEmit with a typed call per operation';
  it(title, () => {
    const { typeErrors } = outcomes.get(g.id)!;
    const unexplained = g.pending ? typeErrors.filter((e) => !g.pending!.allowed.test(e)) : typeErrors;
    expect(unexplained).toEqual([]);
  });

  it('imports cleanly', async () => {
    // Importing runs the module's top level (openapi-zod-client builds its zod schemas there).
    await expect(import(path.join(scratch, g.id, g.entry))).resolves.toBeTypeOf('object');
    const { calls } = (await import(path.join(scratch, g.id, 'calls.ts'))) as { calls: unknown[] };
    expect(calls.map((c) => typeof c)).toEqual([...callOperations, 'mistyped'].map(() => 'function'));
  });
});

describe('openapi-zod-client: the zod schemas accept the spec examples', () => {
  type Schemas = Record<string, { safeParse(v: unknown): { success: boolean; error?: unknown } }>;
  const load = async (): Promise<Schemas> =>
    ((await import(path.join(scratch, 'openapi-zod-client', 'client.ts'))) as { schemas: Schemas }).schemas;

  const cases = operations.flatMap((op) =>
    (['request', 'response'] as const).flatMap((where) =>
      examplesOf(op.operationId, where).map(
        ([name, value]) => [name, where === 'request' ? op.requestSchema : op.responseSchema, value] as const,
      ),
    ),
  );

  it.each(cases)('%s parses as %s', async (_name, schemaName, value) => {
    const schema = (await load())[schemaName];
    expect(schema, `schemas.${schemaName}`).toBeDefined();
    const parsed = schema!.safeParse(value);
    expect(parsed.success, JSON.stringify(parsed.error)).toBe(true);
  });

  it('rejects a mistyped request (the parse can fail)', async () => {
    const [, value] = examplesOf('realIdInitialize', 'request')[0]!;
    const parsed = (await load()).RealIdInitializeRequest!.safeParse({ ...(value as object), bizId: 1 });
    expect(parsed.success).toBe(false);
  });
});
