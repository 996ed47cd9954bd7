// The repository is self-contained: no tracked file outside the docs (*.md) refers to the reference
// material beside the checkout (the sibling `shared/` folder with the seed pages and reference notes).
// What the tests need from there is copied in as fixtures (test/fixtures/seed-samples/).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

// The folder named as a path (dot-dot then the folder, or the folder then seeds or reference) or as
// quoted path segments in code. Built from parts so that this file does not match itself.
const DOTS = '\\.\\.';
const NAME = 'shared';
const INNER = '(?:seeds|reference)';
const SEP = '[\\\\/]';
const Q = `['"\`]`;
const COMMA = `${Q}\\s*,\\s*${Q}`;
const REFERS_TO_SHARED = new RegExp(
  [`${DOTS}${SEP}${NAME}\\b`, `\\b${NAME}${SEP}${INNER}`, `${Q}${DOTS}${COMMA}${NAME}${Q}`, `${Q}${NAME}${COMMA}${INNER}${Q}`].join('|'),
);

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
    .split('\0')
    .filter((f) => f !== '' && !f.endsWith('.md'));
}

describe('self-contained repository', () => {
  it('the pattern catches each way of naming the folder, and not the word', () => {
    const [dots, name] = ['.'.repeat(2), NAME];
    const hits = [
      `${dots}/${name}/seeds`,
      `${dots}\\${name}`,
      `see ${name}/reference/enums.md`,
      `path.resolve(dir, '${dots}', '${name}', 'seeds')`,
      `join(root, "${name}", "reference")`,
    ];
    for (const hit of hits) expect(REFERS_TO_SHARED.test(hit), hit).toBe(true);
    for (const miss of ['shared by the stages', 'a shared empty outcome', 'sharedKey/seed', 'unshared/seedling']) {
      expect(REFERS_TO_SHARED.test(miss), miss).toBe(false);
    }
  });

  it('no tracked file outside *.md refers to the shared folder (tests, scripts, packages, .ci)', () => {
    const files = trackedFiles();
    for (const dir of ['.ci/', 'scripts/', 'packages/', 'test/']) {
      expect(
        files.some((f) => f.startsWith(dir)),
        dir,
      ).toBe(true);
    }
    const offenders = files.filter((f) => {
      const full = path.join(root, f);
      return fs.existsSync(full) && REFERS_TO_SHARED.test(fs.readFileSync(full, 'latin1'));
    });
    expect(offenders).toEqual([]);
  });
});
