import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Compiles a package (and its references) with `tsc -b`. Serialised with flock because several test files
 * may build overlapping project graphs at the same time.
 */
export function buildDist(pkgDir: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync('flock', ['/tmp/zoloz-openapi-tsc.lock', process.execPath, tsc, '-b', pkgDir], { stdio: 'pipe' });
}
