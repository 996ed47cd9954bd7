// Every workspace package is publishable and versioned in lockstep: not private, `files`, `exports` with
// types for every code entry, the project's `engines`, `license`, `repository` (with its directory), a README,
// one version for all (the root's), and internal dependencies pinned to that version.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const rootPackage = read('package.json');
const workspaces = ['generated', ...fs.readdirSync(path.join(root, 'packages')).map((d) => `packages/${d}`)];
const manifests = workspaces.map((dir) => [dir, read(`${dir}/package.json`)] as const);
const names = new Set(manifests.map(([, m]) => m.name as string));

type ExportTarget = string | { types?: string; default?: string; [condition: string]: string | undefined };

describe.each(manifests)('%s/package.json', (dir, pkg) => {
  it('is publishable: public, files, license, repository, engines, README', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.publishConfig).toEqual({ access: 'public' });
    expect(pkg.files?.length).toBeGreaterThan(0);
    expect(pkg.license).toBe(rootPackage.license);
    expect(pkg.repository).toEqual({ ...rootPackage.repository, directory: dir });
    expect(pkg.engines).toEqual(rootPackage.engines);
    expect(fs.existsSync(path.join(root, dir, 'README.md'))).toBe(true);
  });

  it('exports types with every code entry, and its package.json', () => {
    const exports = pkg.exports as Record<string, ExportTarget>;
    expect(exports['./package.json']).toBe('./package.json');
    for (const [subpath, target] of Object.entries(exports)) {
      if (typeof target === 'string') {
        expect(target, subpath).toMatch(/\.(json|yaml)$/); // data files; code is always conditional
        continue;
      }
      expect(Object.keys(target)[0], `${subpath}: types first`).toBe('types');
      expect(fs.existsSync(path.join(root, dir, target.types!)), `${subpath}: ${target.types}`).toBe(true); // dist/ is built by the global setup
    }
  });

  it('has the one version and pins the other workspaces to it', () => {
    expect(pkg.version).toBe(rootPackage.version);
    for (const [dep, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (names.has(dep)) expect(range, dep).toBe(rootPackage.version);
    }
  });
});

describe('root package.json', () => {
  it('has a semver version, and pins the workspaces it uses to it', () => {
    expect(rootPackage.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const [dep, range] of Object.entries(rootPackage.devDependencies as Record<string, string>)) {
      if (names.has(dep)) expect(range, dep).toBe(rootPackage.version);
    }
  });

  it('states a Node range that the running Node satisfies (each alternative ^x.y.z or >=x.y.z)', () => {
    const [major, minor, patch] = process.versions.node.split('.').map(Number) as [number, number, number];
    const at = (v: string) => v.split('.').map(Number) as [number, number, number];
    const geq = ([a, b, c]: number[]) => (major !== a ? major > a! : minor !== b ? minor > b! : patch >= c!);
    const satisfied = (rootPackage.engines.node as string).split('||').some((alt) => {
      const m = /^\s*(\^|>=)(\d+\.\d+\.\d+)\s*$/.exec(alt);
      if (!m) throw new Error(`engines alternative not understood: ${alt}`);
      const min = at(m[2]!);
      return geq(min) && (m[1] === '>=' || major === min[0]);
    });
    expect(satisfied).toBe(true);
  });
});
