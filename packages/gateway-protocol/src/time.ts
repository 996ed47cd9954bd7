import { InvalidRequestTimeError } from './errors.js';

/**
 * `Request-Time` / `Response-Time`: `yyyy-MM-dd'T'HH:mm:ss±HHMM` — what Java's `ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")`
 * prints: seconds only, offset without a colon, UTC as `+0000` (never `Z`).
 */
export const REQUEST_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2})(\d{2})$/;

/** A time-zone offset: minutes east of UTC, `±HHMM` / `±HH:MM`, or `'local'` (this machine's offset at that instant). */
export type TimeOffset = number | string;

const MAX_OFFSET_MINUTES = 18 * 60; // java.time.ZoneOffset's range

/** Offset in minutes east of UTC for `offset` at instant `date`. */
export function parseTimeOffset(offset: TimeOffset, date: Date = new Date()): number {
  let minutes: number;
  if (typeof offset === 'number') {
    minutes = offset;
  } else if (offset === 'local') {
    minutes = -date.getTimezoneOffset();
  } else {
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
    if (!m) throw new InvalidRequestTimeError('time offset must be ±HHMM (e.g. +0000, +0530, -0230), minutes, or "local"');
    const mm = Number(m[3]);
    if (mm > 59) throw new InvalidRequestTimeError('time offset minutes must be 00-59');
    minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + mm);
  }
  if (!Number.isInteger(minutes) || Math.abs(minutes) > MAX_OFFSET_MINUTES) {
    throw new InvalidRequestTimeError('time offset must be a whole number of minutes within ±18:00');
  }
  return minutes;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Formats an offset in minutes as `±HHMM` (`+0000` for UTC). */
export function formatTimeOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/**
 * Formats `date` (default: now) as a `Request-Time` value in the given offset (default `+0000`).
 * Milliseconds are dropped (truncated), as Java does.
 */
export function formatRequestTime(date: Date = new Date(), offset: TimeOffset = '+0000'): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new InvalidRequestTimeError('cannot format an invalid Date');
  const minutes = parseTimeOffset(offset, date);
  // Shift the instant, then read the UTC fields: they are the wall-clock fields in that offset.
  const shifted = new Date(ms + minutes * 60_000);
  const year = shifted.getUTCFullYear();
  if (year < 0 || year > 9999) throw new InvalidRequestTimeError('year must be 0000-9999');
  return (
    `${pad(year, 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}` +
    formatTimeOffset(minutes)
  );
}

export interface ParsedRequestTime {
  /** The instant. */
  readonly date: Date;
  /** Offset in minutes east of UTC, as written. */
  readonly offsetMinutes: number;
}

/** Parses and validates a `Request-Time` / `Response-Time` value; throws {@link InvalidRequestTimeError}. */
export function parseRequestTime(value: string): ParsedRequestTime {
  const m = typeof value === 'string' ? REQUEST_TIME_PATTERN.exec(value) : null;
  if (!m) throw new InvalidRequestTimeError("time must look like yyyy-MM-dd'T'HH:mm:ss±HHMM, e.g. 2019-04-04T12:08:56+0530");
  const [year, month, day, hour, minute, second, , oh, om] = m.slice(1).map(Number) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(2000, month, 0)).getUTCDate() : 0;
  const leapAdjusted = month === 2 && daysInMonth === 29 && !isLeapYear(year) ? 28 : daysInMonth;
  if (month < 1 || month > 12 || day < 1 || day > leapAdjusted || hour > 23 || minute > 59 || second > 59) {
    throw new InvalidRequestTimeError('time has an out-of-range date or time field');
  }
  if (om > 59) throw new InvalidRequestTimeError('time offset minutes must be 00-59');
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (oh * 60 + om);
  if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) throw new InvalidRequestTimeError('time offset must be within ±18:00');
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years < 100 literal
  utc.setUTCHours(hour, minute, second, 0);
  return { date: new Date(utc.getTime() - offsetMinutes * 60_000), offsetMinutes };
}

/** True when `value` is a valid `Request-Time` / `Response-Time`. */
export function isRequestTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseRequestTime(value);
    return true;
  } catch {
    return false;
  }
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
