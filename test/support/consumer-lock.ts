// A package-lock.json for a throwaway consumer project that installs the packed workspace tarballs, so
// `npm ci --offline` installs exactly the dependency versions the repository is tested with, from the npm
// cache that `npm ci` filled (no registry metadata needed, no network). The tree is the repository's own
// (package-lock.json), cut down to what the tarballs and the consumer's extra dependencies reach.
import fs from 'node:fs';
import path from 'node:path';

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

export interface PackedWorkspace {
  /** package name, e.g. @zoloz-openapi/client */
  name: string;
  /** where the workspace lives in the repository, e.g. packages/client */
  location: string;
  /** the tarball, relative to the consumer project (e.g. tarballs/zoloz-openapi-client-0.1.0.tgz) */
  tarball: string;
  integrity: string;
}

const FLAGS = ['dev', 'devOptional', 'peer', 'extraneous', 'inBundle'];

/** Where Node would find `dep` when required from the package at `from` (a lock location; '' = the root). */
function resolveIn(packages: Record<string, LockEntry>, from: string, dep: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

function dependencyNames(entry: LockEntry): { name: string; optional: boolean }[] {
  const optionalPeers = new Set(
    Object.entries(entry.peerDependenciesMeta ?? {})
      .filter(([, m]) => m.optional)
      .map(([d]) => d),
  );
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...Object.keys(entry.peerDependencies ?? {}).map((name) => ({ name, optional: optionalPeers.has(name) })),
  ];
}

/**
 * The consumer's lock: its root (`dependencies` on each tarball, `devDependencies` as given), each tarball
 * at node_modules/<name>, and every package of the repository's lock they reach, where the repository has
 * it (the hoisted layout carries over: node_modules/x/node_modules/y stays there).
 */
export function consumerLock(
  repoRoot: string,
  consumerName: string,
  packed: PackedWorkspace[],
  devDependencies: Record<string, string>,
): object {
  const repo = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> })
    .packages;
  const tarballs = new Set(packed.map((p) => p.name));
  const out: Record<string, LockEntry> = {
    '': { name: consumerName, dependencies: Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`])), devDependencies },
  };
  for (const p of packed) {
    const { name: _name, ...manifest } = repo[p.location]!;
    out[`node_modules/${p.name}`] = { ...manifest, resolved: `file:${p.tarball}`, integrity: p.integrity };
  }
  // Locations in the repository lock whose dependencies are still to be followed.
  const queue: Array<{ from: string; entry: LockEntry }> = [
    ...packed.map((p) => ({ from: p.location, entry: repo[p.location]! })),
    { from: '', entry: { dependencies: devDependencies } },
  ];
  while (queue.length) {
    const { from, entry } = queue.shift()!;
    for (const dep of dependencyNames(entry)) {
      if (tarballs.has(dep.name)) continue;
      const found = resolveIn(repo, from, dep.name);
      if (!found) {
        if (dep.optional) continue;
        throw new Error(`package-lock.json has no ${dep.name} for ${from || 'the root'}`);
      }
      if (!found.startsWith('node_modules/') || repo[found]!.link) {
        throw new Error(`${dep.name} (for ${from}) is nested in a workspace or is a link: the consumer lock does not handle it`);
      }
      if (out[found]) continue;
      const copy: LockEntry = { ...repo[found]! };
      for (const flag of FLAGS) delete copy[flag];
      out[found] = copy;
      queue.push({ from: found, entry: repo[found]! });
    }
  }
  return { name: consumerName, lockfileVersion: 3, requires: true, packages: out };
}
