// What the commands share: their I/O, the report file, progress on a terminal.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { UnusableInputError, type CommandIo } from '@zoloz-openapi/gateway-protocol/command';
import { describeFsError } from '../input-stream.js';
import type { SpecRuntime } from '../spec-runtime.js';

export interface CliIo extends CommandIo {
  /** Injected in tests; the generated spec otherwise. */
  readonly loadSpec?: () => Promise<SpecRuntime>;
  /** `proxy` only: aborting stops it as SIGINT/SIGTERM do (in-process tests). */
  readonly signal?: AbortSignal;
}

/** Writes with backpressure: waits for 'drain' when the stream's buffer is full. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** `-o <file>`, or the command's stdout. */
export async function openOutput(path: unknown, io: CliIo): Promise<{ stream: Writable; close: () => Promise<void> }> {
  if (typeof path !== 'string') return { stream: io.stdout, close: async () => undefined };
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new UnusableInputError(`--output ${path}: cannot write (${describeFsError(error)})`);
  }
  return {
    stream,
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(new UnusableInputError(`--output ${path}: write failed`)) : resolve()));
      }),
  };
}

/** A progress line on stderr, at most four times a second, erased at the end. */
export class Progress {
  private last = 0;
  constructor(private readonly stream: Writable) {}
  update(done: number): void {
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    this.stream.write(`\rvalidated ${done} exchange(s)…`);
  }
  done(): void {
    if (this.last !== 0) this.stream.write('\r\u001b[K');
  }
}
