// Compile every package once before any test file runs: the CLI and plain-Node tests exercise dist/,
// and one build here avoids test files racing each other to rebuild it (a no-op when up to date).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: root, stdio: 'inherit' });
}
