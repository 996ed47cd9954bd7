// The version policy as written (docs/versioning.md) is the one the gate applies (POLICY in
// scripts/lib/spec-diff.mjs), info.version is semver, and CHANGELOG.md records the current versions.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module of the build scripts, no declarations
import { POLICY, parseVersion } from '../scripts/lib/spec-diff.mjs';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const spec = JSON.parse(read('generated/openapi.json')) as { info: { version: string } };
const packageVersion = (JSON.parse(read('package.json')) as { version: string }).version;

describe('versioning', () => {
  it("docs/versioning.md's table is the gate's policy, kind for kind", () => {
    const section = read('docs/versioning.md').split('## Kinds of change and their class')[1]!;
    const rows = [...section.matchAll(/^\| ([a-z][a-z ]+?) \| (breaking|minor|patch) \| (breaking|minor|patch) \|$/gm)].map((m) => [
      m[1],
      [m[2], m[3]],
    ]);
    expect(Object.fromEntries(rows)).toEqual(POLICY);
  });

  it('info.version is semver', () => {
    expect(parseVersion(spec.info.version)).toBeDefined();
    expect(parseVersion('1.0')).toBeUndefined();
  });

  it('CHANGELOG.md has an entry for the current description and package versions', () => {
    const headings = read('CHANGELOG.md')
      .split('\n')
      .filter((l) => l.startsWith('## '));
    expect(headings.some((h) => h.includes(`description ${spec.info.version}`) || h.includes(`Description ${spec.info.version}`))).toBe(
      true,
    );
    expect(headings.some((h) => h.includes(`packages ${packageVersion}`))).toBe(true);
  });
});
