import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli.js';
import type { SpecRuntime } from '../../src/spec-runtime.js';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process (the spec loaded once), as `zoloz-openapi <args>` would run. */
export async function cli(args: readonly string[], spec: SpecRuntime): Promise<CliRun> {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await runCli(args, { stdout, stderr, loadSpec: async () => spec });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export const FORMATS = ['json', 'pretty', 'junit', 'sarif'] as const;

/** The validate-traffic run in all four formats. */
export async function everyFormat(
  file: string,
  spec: SpecRuntime,
  extra: readonly string[] = [],
): Promise<Record<(typeof FORMATS)[number], CliRun>> {
  const out = {} as Record<(typeof FORMATS)[number], CliRun>;
  for (const format of FORMATS) out[format] = await cli(['validate-traffic', file, '--format', format, ...extra], spec);
  return out;
}

let dir: string | undefined;
/** A file in a per-run scratch folder. */
export function scratch(name: string, content: string | Buffer): string {
  dir ??= mkdtempSync(join(tmpdir(), 'tv-hostile-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** What a stack trace or an internal error looks like on stderr. */
export const CRASH = /internal error|\n\s+at .+\(|RangeError|TypeError|Maximum call stack/;
