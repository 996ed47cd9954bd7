import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { exampleCapture, spec, toJsonl } from './support/fixtures.js';

class Sink extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

let capture: string;
beforeAll(async () => {
  const records = exampleCapture((await spec()).operations);
  const lines: unknown[] = [];
  while (lines.length < 1100) lines.push(...records);
  capture = join(mkdtempSync(join(tmpdir(), 'tv-progress-')), 'c.jsonl');
  writeFileSync(capture, toJsonl(lines.slice(0, 1100)));
});

describe('progress', () => {
  it('goes to stderr when it is a terminal, and is cleared at the end', async () => {
    const stdout = new Sink(false);
    const stderr = new Sink(true);
    const code = await runCli(['validate-traffic', capture, '--format', 'json', '--no-flow'], { stdout, stderr });
    expect(code).toBe(0);
    expect(stderr.text).toContain('\rvalidated 1024 exchange(s)…');
    expect(stderr.text.endsWith('\r\u001b[K')).toBe(true);
    expect(JSON.parse(stdout.text).summary.total).toBe(1100);
  });

  it('stays silent when stderr is not a terminal', async () => {
    const stdout = new Sink(false);
    const stderr = new Sink(false);
    expect(await runCli(['validate-traffic', capture, '--no-flow'], { stdout, stderr })).toBe(0);
    expect(stderr.text).toBe('');
  });
});
