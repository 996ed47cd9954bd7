import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';

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
    /** The body text exactly as received (ciphertext when encrypted). */
    readonly body: string;
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

export function recordFormatOf(options: RecordOptions): RecordFormat {
  if (options.format) return options.format;
  return /\.har$/i.test(options.path) ? 'har' : 'jsonl';
}

/** Writes exchanges as they are served. `close()` finishes the file (HAR needs its closing brackets). */
export class Recorder {
  readonly path: string;
  readonly format: RecordFormat;
  #stream: WriteStream;
  #count = 0;
  #closed: Promise<void> | undefined;
  #creator: { name: string; version: string };

  private constructor(path: string, format: RecordFormat, stream: WriteStream, creator: { name: string; version: string }) {
    this.path = path;
    this.format = format;
    this.#stream = stream;
    this.#creator = creator;
  }

  static async open(options: RecordOptions, creator = { name: '@zoloz-openapi/mock', version: '0.1.0' }): Promise<Recorder> {
    const path = resolve(options.path);
    const format = recordFormatOf(options);
    mkdirSync(dirname(path), { recursive: true });
    const stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
    await Promise.race([
      once(stream, 'open'),
      once(stream, 'error').then(([err]) => {
        throw new Error(`cannot write recording ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }),
    ]);
    const rec = new Recorder(path, format, stream, creator);
    if (format === 'har') {
      stream.write(`{"log":{"version":"1.2","creator":${JSON.stringify(creator)},"pages":[],"entries":[\n`);
    }
    return rec;
  }

  /** Number of exchanges written so far. */
  get count(): number {
    return this.#count;
  }

  nextId(): number {
    return this.#count + 1;
  }

  write(exchange: Omit<RecordedExchange, 'id'>): void {
    if (this.#closed) return;
    this.#count += 1;
    const full: RecordedExchange = { id: this.#count, ...exchange };
    if (this.format === 'har') {
      this.#stream.write((this.#count > 1 ? ',\n' : '') + JSON.stringify(toHarEntry(full)));
    } else {
      this.#stream.write(JSON.stringify(toJsonLine(full)) + '\n');
    }
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolveClose, reject) => {
      if (this.format === 'har') this.#stream.write('\n]}}\n');
      this.#stream.end((err?: Error | null) => (err ? reject(err) : resolveClose()));
    });
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
      body: x.request.body,
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

/** A HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/). */
export function toHarEntry(x: RecordedExchange): Record<string, unknown> {
  const url = new URL(x.request.url);
  const reqType = headerValue(x.request.headers, 'content-type') ?? '';
  // HAR has no "no response": browsers write status 0, which readers take as none.
  const response = x.response ?? { status: 0, statusText: '', headers: [], body: '' };
  const resType = headerValue(response.headers, 'content-type') ?? '';
  const httpVersion = `HTTP/${x.request.httpVersion}`;
  const reqSize = Buffer.byteLength(x.request.body, 'utf8');
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
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(x.request.body !== '' || x.request.method !== 'GET'
        ? { postData: { mimeType: reqType, params: [], text: x.request.body } }
        : {}),
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
