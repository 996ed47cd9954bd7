// The breaking-change gate (scripts/spec-diff.mjs, policy in docs/versioning.md): breaking, minor and patch
// changes made to a copy of the bundled spec are each found, with their direction, operation and pointer,
// and classified; the CLI bundles a copy of openapi/ with one change and compares it with HEAD.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module of the build scripts, no declarations
import { diffSpecs, gate } from '../scripts/lib/spec-diff.mjs';

interface Change {
  level: 'breaking' | 'minor' | 'patch';
  kind: string;
  operation: string;
  direction: 'request' | 'response';
  where: string;
  pointer: string;
  detail?: string;
}

const root = path.resolve(import.meta.dirname, '..');
const bundled = JSON.parse(fs.readFileSync(path.join(root, 'generated', 'openapi.dereferenced.json'), 'utf8'));
const INIT = '/api/v1/zoloz/connect/initialize';
const REALID_CHECK = '/api/v1/zoloz/realid/checkresult';

const requestOf = (spec: any, p = INIT) => spec.paths[p].post.requestBody.content['application/json'].schema;
const responseOf = (spec: any, p = INIT) => spec.paths[p].post.responses['200'].content['application/json'].schema;
/** The response's `result.resultStatus` schema, wherever the result schema keeps it (its own properties or an allOf branch). */
const resultStatusOf = (spec: any) => {
  const result = responseOf(spec).properties.result;
  return result.properties?.resultStatus ?? result.allOf.find((b: any) => b.properties?.resultStatus).properties.resultStatus;
};

/** The changes after applying `change` to a copy of the bundled spec. */
function changesAfter(change: (spec: any) => void): Change[] {
  const copy = structuredClone(bundled);
  change(copy);
  return diffSpecs(bundled, copy) as Change[];
}

const essentials = (c: Change) => ({ level: c.level, kind: c.kind, operation: c.operation, direction: c.direction, pointer: c.pointer });

describe('spec diff on a copy of the bundled spec', () => {
  it('finds nothing when nothing changed', () => {
    expect(changesAfter(() => {})).toEqual([]);
  });

  it('reads const and a one-value enum as the same constraint, and a note on a security scheme as documentation', () => {
    const changes = changesAfter((s) => {
      const st = resultStatusOf(s);
      delete st.enum;
      st.const = 'S';
      for (const scheme of Object.values<any>(s.components.securitySchemes)) scheme['x-source'] = 'a note';
    });
    // enum [S, F, U] -> const S removes two values; the const itself is not a new constraint.
    expect(changes.filter((c) => c.kind === 'enum value removed').length).toBeGreaterThan(0);
    expect(changes.some((c) => /const/.test(c.detail ?? ''))).toBe(false);
    expect(changes.filter((c) => c.operation === '(document)')).toEqual([
      expect.objectContaining({ level: 'patch', kind: 'documentation' }),
    ]);
  });

  it('finds nothing when an enum of one value becomes the same const', () => {
    const base = structuredClone(bundled);
    resultStatusOf(base).enum = ['S'];
    const rev = structuredClone(base);
    delete resultStatusOf(rev).enum;
    resultStatusOf(rev).const = 'S';
    expect(diffSpecs(base, rev)).toEqual([]);
  });

  describe('breaking', () => {
    it.each<[string, (s: any) => void, Partial<Change>]>([
      [
        'a removed response field',
        (s) => delete responseOf(s).properties.clientCfg,
        { kind: 'field removed', direction: 'response', pointer: '/clientCfg' },
      ],
      [
        'a removed request field',
        (s) => delete requestOf(s).properties.sceneCode,
        { kind: 'field removed', direction: 'request', pointer: '/sceneCode' },
      ],
      [
        'a new required request field',
        (s) => {
          requestOf(s).properties.newField = { type: 'string' };
          requestOf(s).required.push('newField');
        },
        { kind: 'required field added', direction: 'request', pointer: '/newField' },
      ],
      [
        'an optional request field made required',
        (s) => requestOf(s).required.push('sceneCode'),
        { kind: 'field made required', direction: 'request', pointer: '/sceneCode' },
      ],
      [
        'a removed response enum value',
        (s) => {
          const st = resultStatusOf(s);
          st.enum = st.enum.filter((v: string) => v !== 'U');
        },
        { kind: 'enum value removed', direction: 'response' },
      ],
      [
        'a new response enum value (a widened response)',
        (s) => resultStatusOf(s).enum.push('X'),
        { kind: 'enum value added', direction: 'response' },
      ],
      [
        'a removed request enum value',
        (s) => {
          requestOf(s).properties.serviceLevel.enum.pop();
        },
        { kind: 'enum value removed', direction: 'request', pointer: '/serviceLevel' },
      ],
      [
        'a tightened request constraint',
        (s) => (requestOf(s).properties.bizId.maxLength = 16),
        { kind: 'constraint tightened', direction: 'request', pointer: '/bizId' },
      ],
      [
        'a narrowed request type',
        (s) => (requestOf(s).properties.bizId.type = 'integer'),
        { kind: 'type changed', direction: 'request', pointer: '/bizId' },
      ],
      [
        'a loosened response constraint',
        (s) => (responseOf(s).properties.transactionId.maxLength = 4096),
        { kind: 'constraint loosened', direction: 'response', pointer: '/transactionId' },
      ],
      [
        'a widened response type',
        (s) => (responseOf(s).properties.transactionId.type = ['string', 'null']),
        { kind: 'type widened', direction: 'response', pointer: '/transactionId' },
      ],
      [
        'a response field made optional',
        (s) => (responseOf(s).required = []),
        { kind: 'field made optional', direction: 'response', pointer: '/result' },
      ],
      ['a removed operation', (s) => delete s.paths[REALID_CHECK], { kind: 'operation removed', operation: 'realIdCheckResult' }],
      [
        'a renamed operation',
        (s) => (s.paths[REALID_CHECK].post.operationId = 'realIdCheck'),
        { kind: 'operation renamed', operation: 'realIdCheckResult' },
      ],
      ['a removed response', (s) => delete s.paths[INIT].post.responses.default, { kind: 'response removed', direction: 'response' }],
      [
        'a removed response header',
        (s) => delete s.paths[INIT].post.responses['200'].headers.Signature,
        { kind: 'field removed', direction: 'response', pointer: '/headers/Signature' },
      ],
    ])('%s', (_name, change, expected) => {
      const changes = changesAfter(change);
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.map(essentials)).toContainEqual(expect.objectContaining({ level: 'breaking', ...expected }));
    });
  });

  describe('minor', () => {
    it.each<[string, (s: any) => void, Partial<Change>]>([
      [
        'a new optional request field',
        (s) => (requestOf(s).properties.newField = { type: 'string' }),
        { kind: 'optional field added', direction: 'request', pointer: '/newField' },
      ],
      [
        'a new response field',
        (s) => (responseOf(s).properties.newField = { type: 'string' }),
        { kind: 'optional field added', direction: 'response', pointer: '/newField' },
      ],
      [
        'a new request enum value',
        (s) => requestOf(s).properties.serviceLevel.enum.push('CONNECT0004'),
        { kind: 'enum value added', direction: 'request', pointer: '/serviceLevel' },
      ],
      [
        'a loosened request constraint',
        (s) => (requestOf(s).properties.bizId.maxLength = 64),
        { kind: 'constraint loosened', direction: 'request', pointer: '/bizId' },
      ],
      [
        'a tightened response constraint',
        (s) => (responseOf(s).properties.transactionId.maxLength = 16),
        { kind: 'constraint tightened', direction: 'response', pointer: '/transactionId' },
      ],
      [
        'a new operation',
        (s) =>
          (s.paths['/api/v1/zoloz/connect/delete'] = { post: { ...structuredClone(s.paths[INIT].post), operationId: 'connectDelete' } }),
        { kind: 'operation added', operation: 'connectDelete' },
      ],
      ['a deprecated operation', (s) => (s.paths[INIT].post.deprecated = true), { kind: 'deprecated', operation: 'connectInitialize' }],
    ])('%s', (_name, change, expected) => {
      const changes = changesAfter(change);
      expect(changes.map(essentials)).toContainEqual(expect.objectContaining({ level: 'minor', ...expected }));
      expect(changes.filter((c) => c.level === 'breaking')).toEqual([]);
    });
  });

  describe('patch', () => {
    it.each<[string, (s: any) => void]>([
      ['a field description', (s) => (responseOf(s).properties.clientCfg.description += ' More.')],
      ['an example', (s) => (requestOf(s).properties.bizId.examples = ['1'])],
      ['a vendor extension', (s) => (requestOf(s).properties.serviceLevel['x-enumDescriptions'].CONNECT0001 = 'Garfield.')],
      ['an operation summary', (s) => (s.paths[INIT].post.summary = 'Start a Connect verification')],
      ['the info description', (s) => (s.info.description = 'Shorter.')],
    ])('%s', (_name, change) => {
      const changes = changesAfter(change);
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.every((c) => c.level === 'patch' && c.kind === 'documentation')).toBe(true);
    });
  });

  it('reports a change to a shared component once per operation and direction that uses it', () => {
    const changes = changesAfter((s) => {
      for (const item of Object.values<any>(s.paths))
        item.post.requestBody.content['application/json'].schema.properties.bizId.maxLength = 8;
    });
    expect(changes.map((c) => c.operation).sort()).toEqual([
      'connectCheckResult',
      'connectEnroll',
      'connectInitialize',
      'realIdCheckResult',
      'realIdInitialize',
    ]);
  });
});

describe('version gate', () => {
  const breaking = [{ level: 'breaking' }];
  const minor = [{ level: 'minor' }];
  it.each([
    ['breaking without a bump', breaking, '1.0.0', '1.0.0', false, 'major'],
    ['breaking with a minor bump', breaking, '1.0.0', '1.1.0', false, 'major'],
    ['breaking with a major bump', breaking, '1.0.0', '2.0.0', true, 'major'],
    ['minor without a bump (not enforced)', minor, '1.0.0', '1.0.0', true, 'minor'],
    ['nothing', [], '1.0.0', '1.0.0', true, 'none'],
    ['a version that is not semver', [], '1.0.0', '1.0', false, 'none'],
    ['a version that goes back', [], '1.2.0', '1.1.9', false, 'none'],
  ])('%s', (_name, changes, from, to, ok, needed) => {
    expect(gate(changes, from, to)).toMatchObject({ ok, needed });
  });
});

describe('npm run spec:diff (the CLI, bundling a copy of openapi/)', () => {
  const run = promisify(execFile);
  const cli = path.join(root, 'scripts', 'spec-diff.mjs');
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /**
   * A copy of openapi/ as committed at HEAD (so uncommitted work does not count as a change), with `edits`
   * applied to some of its files (paths relative to openapi/).
   */
  function specCopy(edits: Record<string, (text: string) => string>): string {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'zoloz-spec-copy-'));
    dirs.push(parent);
    execFileSync('tar', ['-x', '-C', parent], {
      input: execFileSync('git', ['archive', 'HEAD', 'openapi'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }),
    });
    const dir = path.join(parent, 'openapi');
    for (const [file, edit] of Object.entries(edits)) {
      const full = path.join(dir, file);
      const before = fs.readFileSync(full, 'utf8');
      const after = edit(before);
      expect(after, `${file} edited`).not.toBe(before);
      fs.writeFileSync(full, after);
    }
    return path.join(dir, 'openapi.yaml');
  }
  async function specDiff(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: root });
      return { code: 0, stdout, stderr };
    } catch (error: any) {
      return { code: error.code, stdout: error.stdout, stderr: error.stderr };
    }
  }
  const removeClientCfg = (t: string) => t.replace('  clientCfg:\n    $ref: ./ClientCfg.yaml\n', '');
  // Whatever the description's version is now, the next major.
  const majorBump = (t: string) => t.replace(/^( {2}version: )(\d+)\.\d+\.\d+$/m, (_, head, major) => `${head}${Number(major) + 1}.0.0`);

  it('HEAD against the spec as it is: exit 0', async () => {
    const r = await specDiff(['HEAD', '--spec', specCopy({})]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/0 breaking, 0 minor, 0 patch; needs none/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('a response field removed without a major bump: exit 1, the change named', async () => {
    const r = await specDiff(['HEAD', '--spec', specCopy({ 'components/schemas/ConnectInitializeResponse.yaml': removeClientCfg })]);
    expect(r.stdout).toMatch(/^BREAKING +connectInitialize +response 200 application\/json +\/clientCfg +field removed$/m);
    const version = bundled.info.version as string;
    expect(r.stdout).toContain(`FAIL — breaking changes need a major version: ${version} → ${Number(version.split('.')[0]) + 1}.0.0`);
    expect(r.code).toBe(1);
  }, 60_000);

  it('the same with a major bump of info.version: exit 0', async () => {
    const r = await specDiff([
      'HEAD',
      '--spec',
      specCopy({ 'components/schemas/ConnectInitializeResponse.yaml': removeClientCfg, 'openapi.yaml': majorBump }),
    ]);
    expect(r.stdout).toMatch(/1 breaking.*made major: ok/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('a minor and a patch change, as JSON: exit 0', async () => {
    const r = await specDiff([
      'HEAD',
      '--format',
      'json',
      '--spec',
      specCopy({
        'components/schemas/ClientCfg.yaml': (t) => t.replace('  Client configuration', '  The client configuration'),
        'components/schemas/ConnectInitializeResponse.yaml': (t) =>
          `${t}  note:\n    type: string\n    description: A new response field.\n`,
      }),
    ]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.verdict).toMatchObject({ ok: true, needed: 'minor' });
    expect(report.changes).toContainEqual(
      expect.objectContaining({ level: 'minor', kind: 'optional field added', operation: 'connectInitialize', pointer: '/note' }),
    );
    expect(report.changes).toContainEqual(expect.objectContaining({ level: 'patch', kind: 'documentation', pointer: '/clientCfg' }));
    expect(r.code).toBe(0);
  }, 60_000);

  it('unusable input: exit 2 with one line, no stack trace', async () => {
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zoloz-spec-bad-')), 'bad.json');
    dirs.push(path.dirname(bad));
    fs.writeFileSync(bad, '{"paths": ');
    for (const args of [['no-such-ref-xyz'], ['--base', bad], [], ['HEAD', '--format', 'xml']]) {
      const r = await specDiff(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^spec:diff: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
