import { UnusableInputError } from '@zoloz-openapi/gateway-protocol/command';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { DEFAULT_LIMITS, type InputLimits } from '@zoloz-openapi/gateway-protocol';
import { inflateGzipMembers } from './gzip-members.js';

// One class for "cannot use this input" across every command (exit 2): the command mechanism's.
export { UnusableInputError };

export interface OpenedInput {
  /** Decompressed bytes. */
  readonly stream: Readable;
  /** The first bytes of the decompressed stream, for format sniffing (already included in `stream`). */
  readonly head: Buffer;
  readonly gzip: boolean;
  /** After the stream ended: why the input ended early (corrupt or trailing gzip data, a limit), or undefined. */
  problem(): string | undefined;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Opens a file (or `-` for stdin), gunzipping when the bytes start with the gzip magic, whatever the name. */
export async function openInput(path: string, limits: Pick<InputLimits, 'decompressedBytes'> = DEFAULT_LIMITS): Promise<OpenedInput> {
  let raw: Readable;
  if (path === '-') {
    raw = process.stdin;
  } else {
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw new UnusableInputError(`${path}: is a directory, not a capture file`);
    } catch (error) {
      if (error instanceof UnusableInputError) throw error;
      throw new UnusableInputError(`${path}: cannot read (${describeFsError(error)})`);
    }
    raw = createReadStream(path, { highWaterMark: 1 << 20 });
  }
  const label = path === '-' ? 'stdin' : path;
  const first = await readFirstChunk(raw, label);
  const gzip = first.length >= 2 && first[0] === GZIP_MAGIC[0] && first[1] === GZIP_MAGIC[1];
  const replayed = replay(raw, first, (error) => new UnusableInputError(`${label}: read failed (${describeFsError(error)})`));
  if (!gzip) return { stream: replayed, head: first, gzip, problem: () => undefined };
  const inflated = inflateGzipMembers(replayed, limits.decompressedBytes);
  const head = await readFirstChunk(inflated.stream, label);
  // Nothing readable at all: the input is unusable, not a capture with a bad tail.
  if (head.length === 0) throw new UnusableInputError(`${label}: ${inflated.problem() ?? 'the gzip data holds nothing'}`);
  return { stream: replay(inflated.stream, head, (error) => error), head, gzip, problem: inflated.problem };
}

/** Puts a peeked chunk back in front of the rest, without buffering the whole input. */
function replay(stream: Readable, first: Buffer, mapError: (error: unknown) => unknown): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  out.write(first);
  stream.on('error', (error) => out.destroy(mapError(error) as Error));
  stream.pipe(out);
  return out;
}

function readFirstChunk(stream: Readable, label: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onReadable = (): void => {
      const chunk = stream.read() as Buffer | string | null;
      if (chunk === null) return;
      cleanup();
      stream.pause();
      resolve(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.alloc(0));
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(error instanceof UnusableInputError ? error : new UnusableInputError(`${label}: read failed (${describeFsError(error)})`));
    };
    const cleanup = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

export function describeFsError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const code = error.code;
    const known: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      Z_DATA_ERROR: 'corrupt gzip data',
      Z_BUF_ERROR: 'truncated gzip data',
    };
    return known[code] ?? code;
  }
  return error instanceof Error ? error.message : String(error);
}
