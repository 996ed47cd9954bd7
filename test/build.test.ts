// The build: byte-stable output that matches what is committed, and precise failures (file, line,
// JSON pointer, rule) with a non-zero exit and no stack trace when the spec breaks a rule.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'zoloz-build-'));
afterAll(() => fs.rm(scratch, { recursive: true, force: true }));

async function build(args: string[]) {
  return promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** A copy of openapi/ with one file edited, to build from. */
async function brokenSpec(file: string, edit: (text: string) => string) {
  const dir = await fs.mkdtemp(path.join(scratch, 'spec-'));
  await fs.cp(path.join(ROOT, 'openapi'), dir, { recursive: true });
  const target = path.join(dir, file);
  await fs.writeFile(target, edit(await fs.readFile(target, 'utf8')));
  return path.join(dir, 'openapi.yaml');
}

describe('build', () => {
  it('regenerates byte-identical output: build:check is clean', async () => {
    const result = await build(['--check']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/build:check: \d+ generated files match/);
  }, 120_000);

  it.each([
    [
      'a missing x-idempotent',
      'paths/api_v1_zoloz_realid_checkresult.yaml',
      (t: string) => t.replace(/ {2}x-idempotent: true\n/, ''),
      /x-idempotent/,
      'zoloz/operation-idempotent',
    ],
    [
      'an example that breaks its schema',
      'components/examples/connectCheckResult-success-200.yaml',
      (t: string) => t.replace('faceScore: 89.1', 'faceScore: "89.1"'),
      /#\/value\/extFaceInfo\/faceScore/,
      'no-invalid-media-type-examples',
    ],
    [
      'a schema file whose title is not its name',
      'components/schemas/TimeWindow.yaml',
      (t: string) => t.replace('title: TimeWindow', 'title: Window'),
      /TimeWindow\.yaml:\d+/,
      'zoloz/component-file-name',
    ],
    [
      'a pattern on an image',
      'components/schemas/FaceImage.yaml',
      (t: string) => `${t}pattern: "^[A-Za-z0-9+/=]*$"\n`,
      /FaceImage\.yaml/,
      'zoloz/no-pattern-on-images',
    ],
    [
      'an unknown personal-data class',
      'components/schemas/UserId.yaml',
      (t: string) => t.replace('userIdentifier', 'secret'),
      /UserId\.yaml/,
      'zoloz/personal-data-class',
    ],
    [
      'a request body not named after its operation',
      'paths/api_v1_zoloz_connect_initialize.yaml',
      (t: string) => t.replace('schemas/ConnectInitializeRequest.yaml', 'schemas/RealIdInitializeRequest.yaml'),
      /api_v1_zoloz_connect_initialize\.yaml:\d+:\d+ {2}#\/post\/requestBody /,
      'zoloz/operation-body-naming',
    ],
    [
      'an info without contact',
      'openapi.yaml',
      (t: string) => t.replace(/ {2}contact:\n(?: {4}.*\n)+/, ''),
      /openapi\.yaml:\d+/,
      'info-contact',
    ],
    [
      'a malformed Arazzo workflow',
      'zoloz.arazzo.yaml',
      (t: string) => t.replace('  - workflowId: realIdH5Verification', '  - workflowid: realIdH5Verification'),
      /zoloz\.arazzo\.yaml:\d+/,
      'struct',
    ],
  ])(
    'fails the lint stage on %s, naming the file, pointer and rule',
    async (_what, file, edit, where, rule) => {
      const spec = await brokenSpec(file, edit);
      const result = await build(['--spec', spec, '--out', path.join(scratch, 'out')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/✖ lint: redocly lint reported problems/);
      expect(result.stderr).toMatch(where);
      expect(result.stderr).toContain(rule);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
    },
    60_000,
  );

  it('fails the flows stage on an Arazzo step that names no operation of the spec', async () => {
    const spec = await brokenSpec('zoloz.arazzo.yaml', (t) => t.replace('zoloz.connectEnroll\n', 'zoloz.connectEnrol\n'));
    const result = await build(['--spec', spec, '--out', path.join(scratch, 'out')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /✖ flows: workflow connectFaceVerification, step enroll: operationId \$sourceDescriptions\.zoloz\.connectEnrol names no operation/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  }, 60_000);

  it('rejects unknown arguments with exit code 2 and its usage', async () => {
    const result = await build(['--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown argument --frobnicate\nusage:/);
  });
});
