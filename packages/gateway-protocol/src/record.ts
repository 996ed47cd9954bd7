import { isUtf8 } from 'node:buffer';
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** One exchange as it went over the wire between the client and the mock (gateway side). */
export interface RecordedExchange {
  /** Sequence number in this recording, from 1. */
  readonly id: number;
  /** When the request arrived. */
  readonly startedAt: Date;
  /** Milliseconds from request arrival to the response being written. */
  readonly durationMs: number;
  readonly request: {
    readonly method: string;
    /** Absolute URL as the client addressed it, e.g. `http://127.0.0.1:4010/api/v1/zoloz/connect/enroll`. */
    readonly url: string;
    readonly httpVersion: string;
    /** Header [name, value] pairs in arrival order, names as sent. */
    readonly headers: ReadonlyArray<readonly [string, string]>;
    /** The body text exactly as received (ciphertext when encrypted); absent when it was not kept (over a limit). */
    readonly body: string | undefined;
    /** `base64`: the body bytes were not UTF-8, so `body` is their base64 (nothing lost to U+FFFD). */
    readonly bodyEncoding?: 'base64';
    /** The body's size in bytes as received. */
    readonly bodyBytes: number;
    /** Why something was not kept or the request was refused, e.g. "body not kept: … over the mock's limit". */
    readonly comment?: string;
  };
  /** Absent when no response came (e.g. a proxy's target was unreachable): JSONL `null`, HAR status 0. */
  readonly response?: {
    readonly status: number;
    readonly statusText: string;
    readonly headers: ReadonlyArray<readonly [string, string]>;
    /** The body text exactly as sent (ciphertext when encrypted). */
    readonly body: string;
  };
}

export type RecordFormat = 'jsonl' | 'har';

export interface RecordOptions {
  /** File to write; `.har` selects HAR 1.2, anything else JSON Lines unless `format` says otherwise. */
  readonly path: string;
  readonly format?: RecordFormat;
}

/** The recording file cannot be opened or written (exit 1 in the CLI). */
export class RecordingError extends Error {
  override name = 'RecordingError';
}

export function recordFormatOf(options: RecordOptions): RecordFormat {
  if (options.format) return options.format;
  return /\.har$/i.test(options.path) ? 'har' : 'jsonl';
}

const HAR_TRAILER = '\n]}}\n';

/**
 * Writes exchanges as they are served, so that the file is valid JSON Lines or HAR after every write — even if
 * the process is killed: each HAR entry is written over the closing `]}}` together with a new one (positional
 * writes, one at a time, in order). `count` is the number of exchanges in the file.
 */
export class Recorder {
  readonly path: string;
  readonly format: RecordFormat;
  readonly #file: FileHandle;
  readonly #trailer: Buffer;
  /** Where the next record goes (the trailer starts here). */
  #end: number;
  #queued = 0;
  #count = 0;
  #queue: Promise<void> = Promise.resolve();
  #failure: string | undefined;
  #closed: Promise<void> | undefined;

  private constructor(path: string, format: RecordFormat, file: FileHandle, end: number) {
    this.path = path;
    this.format = format;
    this.#file = file;
    this.#end = end;
    this.#trailer = Buffer.from(format === 'har' ? HAR_TRAILER : '', 'utf8');
  }

  /** `creator`: the HAR `log.creator` (the tool that records: the mock, the proxy). */
  static async open(options: RecordOptions, creator: { readonly name: string; readonly version: string }): Promise<Recorder> {
    const path = resolve(options.path);
    const format = recordFormatOf(options);
    let file: FileHandle;
    try {
      mkdirSync(dirname(path), { recursive: true });
      file = await open(path, 'w');
    } catch (err) {
      throw new RecordingError(`cannot write recording ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const head = format === 'har' ? `{"log":{"version":"1.2","creator":${JSON.stringify(creator)},"pages":[],"entries":[\n` : '';
    const rec = new Recorder(path, format, file, 0);
    rec.#append(head);
    await rec.#queue;
    if (rec.#failure) throw new RecordingError(rec.#failure);
    rec.#end = Buffer.byteLength(head);
    return rec;
  }

  /** Number of exchanges in the file so far (written, not just queued). */
  get count(): number {
    return this.#count;
  }

  /** Why recording stopped early (a write failed), if it did; the file keeps the exchanges before. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** Queues one exchange; never throws (a failure stops the recording and is kept in `failure`). */
  write(exchange: Omit<RecordedExchange, 'id'>): void {
    if (this.#closed || this.#failure) return;
    const id = this.#queued + 1;
    let text: string;
    try {
      const full: RecordedExchange = { id, ...exchange };
      text = this.format === 'har' ? (id > 1 ? ',\n' : '') + JSON.stringify(toHarEntry(full)) : `${JSON.stringify(toJsonLine(full))}\n`;
    } catch (err) {
      this.#failure = `exchange ${id} could not be serialised (${err instanceof Error ? err.name : 'error'})`;
      return;
    }
    this.#queued = id;
    this.#append(text, () => (this.#count = id));
  }

  #append(text: string, done?: () => void): void {
    const record = Buffer.from(text, 'utf8');
    this.#queue = this.#queue.then(async () => {
      if (this.#failure) return;
      const at = this.#end;
      try {
        await this.#file.write(Buffer.concat([record, this.#trailer]), 0, record.length + this.#trailer.length, at);
        this.#end = at + record.length;
        done?.();
      } catch (err) {
        this.#failure = `cannot write recording ${this.path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`;
        await this.#restoreTrailer(at);
      }
    });
  }

  /** After a failed write: put the trailer back where the last good record ended and cut what follows. */
  async #restoreTrailer(at: number): Promise<void> {
    try {
      await this.#file.write(this.#trailer, 0, this.#trailer.length, at);
      await this.#file.truncate(at + this.#trailer.length);
    } catch {
      // Nothing more can be done: the disk refuses writes.
    }
  }

  /** Waits for queued exchanges and closes the file (valid as it stands). Idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#queue.then(() => this.#file.close());
    return this.#closed;
  }
}

function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/**
 * One JSON Lines record: the format documented in docs/traffic-jsonl-format.md and read by
 * `@zoloz-openapi/traffic-validator`.
 */
export function toJsonLine(x: RecordedExchange): Record<string, unknown> {
  return {
    id: String(x.id),
    startedDateTime: x.startedAt.toISOString(),
    request: {
      method: x.request.method,
      url: x.request.url,
      headers: Object.fromEntries(firstValues(x.request.headers)),
      ...(x.request.body !== undefined ? { body: x.request.body } : {}),
      ...(x.request.bodyEncoding ? { bodyEncoding: x.request.bodyEncoding } : {}),
      ...(x.request.comment ? { comment: x.request.comment } : {}),
    },
    response: x.response
      ? {
          status: x.response.status,
          headers: Object.fromEntries(firstValues(x.response.headers)),
          body: x.response.body,
        }
      : null,
  };
}

function firstValues(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const [n, v] of headers) {
    const k = n.toLowerCase();
    if (!seen.has(k)) seen.set(k, [n, v]);
  }
  return [...seen.values()];
}

/** A body as recorded: its text when it is UTF-8, else its base64 with `bodyEncoding` (so no byte is lost). */
export function recordedBody(body: Buffer | undefined): { body: string | undefined; bodyEncoding?: 'base64' } {
  if (body === undefined) return { body: undefined };
  return isUtf8(body) ? { body: body.toString('utf8') } : { body: body.toString('base64'), bodyEncoding: 'base64' };
}

/** A HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/). */
export function toHarEntry(x: RecordedExchange): Record<string, unknown> {
  const query = queryOf(x.request.url);
  const reqType = headerValue(x.request.headers, 'content-type') ?? '';
  // HAR has no "no response": browsers write status 0, which readers take as none.
  const response = x.response ?? { status: 0, statusText: '', headers: [], body: '' };
  const resType = headerValue(response.headers, 'content-type') ?? '';
  const httpVersion = `HTTP/${x.request.httpVersion}`;
  const reqSize = x.request.bodyBytes;
  const resSize = Buffer.byteLength(response.body, 'utf8');
  return {
    startedDateTime: x.startedAt.toISOString(),
    time: x.durationMs,
    request: {
      method: x.request.method,
      url: x.request.url,
      httpVersion,
      cookies: [],
      headers: x.request.headers.map(([name, value]) => ({ name, value })),
      queryString: query,
      ...(x.request.body !== undefined && (x.request.body !== '' || x.request.method !== 'GET')
        ? {
            postData: {
              mimeType: reqType,
              params: [],
              text: x.request.body,
              ...(x.request.bodyEncoding ? { encoding: x.request.bodyEncoding } : {}),
            },
          }
        : {}),
      ...(x.request.comment ? { comment: x.request.comment } : {}),
      headersSize: -1,
      bodySize: reqSize,
    },
    response: {
      status: response.status,
      statusText: response.statusText,
      httpVersion,
      cookies: [],
      headers: response.headers.map(([name, value]) => ({ name, value })),
      content: { size: resSize, mimeType: resType, text: response.body },
      redirectURL: '',
      headersSize: -1,
      bodySize: resSize,
    },
    cache: {},
    timings: { send: 0, wait: x.durationMs, receive: 0 },
    _id: String(x.id),
  };
}

function queryOf(url: string): Array<{ name: string; value: string }> {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}
