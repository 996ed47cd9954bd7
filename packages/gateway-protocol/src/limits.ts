/**
 * The one set of limits on input read from outside (captures, requests), with defaults. Memory is bounded by
 * these, not by the input: an item over a limit is reported with the limit named (and the flag that raises it),
 * and reading goes on.
 */
export interface InputLimits {
  /** Bytes of one item: a JSON Lines line or a HAR entry. */
  readonly itemBytes: number;
  /** Bytes a gzipped input may inflate to in all. */
  readonly decompressedBytes: number;
  /** Nesting depth of a JSON value (objects and arrays). */
  readonly depth: number;
  /** Bytes of one HTTP request body. */
  readonly requestBodyBytes: number;
  /** Bytes of one HTTP request's header section. */
  readonly headerBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_LIMITS: InputLimits = Object.freeze({
  // A 20 MiB body (the gateway's) with its response and headers fits, and memory stays well under 300 MB.
  itemBytes: 32 * MiB,
  decompressedBytes: 16 * GiB,
  // ZOLOZ bodies nest about 5 deep, HAR entries about 6 more.
  depth: 64,
  requestBodyBytes: 20 * MiB,
  // Node's own default (--max-http-header-size).
  headerBytes: 16 * 1024,
});

export type LimitName = keyof InputLimits;

/** Each limit's command-line flag and what it bounds, for help texts and for messages naming the limit. */
export const LIMIT_INFO: Readonly<Record<LimitName, { readonly flag: string; readonly what: string; readonly unit: 'bytes' | 'levels' }>> =
  Object.freeze({
    itemBytes: { flag: '--max-item-bytes', what: 'bytes per JSON Lines line or HAR entry', unit: 'bytes' },
    decompressedBytes: { flag: '--max-decompressed-bytes', what: 'bytes a gzipped input may inflate to', unit: 'bytes' },
    depth: { flag: '--max-depth', what: 'JSON nesting depth', unit: 'levels' },
    requestBodyBytes: { flag: '--max-body-bytes', what: 'bytes per request body', unit: 'bytes' },
    headerBytes: { flag: '--max-header-bytes', what: 'bytes of request headers', unit: 'bytes' },
  });

/** `32 MiB (--max-item-bytes)`: how a message names a limit. */
export function describeLimit(name: LimitName, value: number): string {
  const info = LIMIT_INFO[name];
  return `${info.unit === 'bytes' ? formatBytes(value) : `${value} levels`} (${info.flag})`;
}

export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', GiB],
    ['MiB', MiB],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** A limit value that is not a positive whole number (or size such as `64MiB`, `2G`). */
export class InvalidLimitError extends Error {
  override readonly name = 'InvalidLimitError';
}

const SIZE = /^(\d+)\s*(k|ki|kb|kib|m|mi|mb|mib|g|gi|gb|gib)?$/i;

/** Parses `1048576`, `64k`, `64KiB`, `32M`, `2GiB` (binary multiples, whatever the spelling) for the named limit. */
export function parseLimit(name: LimitName, text: string): number {
  const match = SIZE.exec(text.trim());
  const unit = match?.[2]?.[0]?.toLowerCase();
  if (!match || (LIMIT_INFO[name].unit === 'levels' && unit !== undefined)) {
    throw new InvalidLimitError(
      `${LIMIT_INFO[name].flag} must be a positive whole number${LIMIT_INFO[name].unit === 'bytes' ? ' of bytes (suffixes K, M, G allowed)' : ''}`,
    );
  }
  const value = Number(match[1]) * (unit === 'k' ? 1024 : unit === 'm' ? MiB : unit === 'g' ? GiB : 1);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidLimitError(`${LIMIT_INFO[name].flag} must be a positive whole number within range`);
  return value;
}

/** The defaults with some limits raised or lowered; each given value must be a positive safe integer. */
export function resolveLimits(overrides: Partial<InputLimits> = {}): InputLimits {
  const out: Record<LimitName, number> = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS) as LimitName[]) {
    const value = overrides[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidLimitError(`${LIMIT_INFO[name].flag} must be a positive whole number`);
    out[name] = value;
  }
  return Object.freeze(out);
}
