import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Compiles a package (and its references) with `tsc -b`; a no-op when dist is up to date (e.g. after `npm ci`).
 * Serialised with flock where available, because several test files may build overlapping project graphs at
 * once; without flock (macOS), tsc runs unlocked.
 */
export function buildDist(pkgDir: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync('flock', ['/tmp/zoloz-openapi-tsc.lock', process.execPath, tsc, '-b', pkgDir], { stdio: 'pipe' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    execFileSync(process.execPath, [tsc, '-b', pkgDir], { stdio: 'pipe' });
  }
}
