import { describe, expect, it } from 'vitest';
import { InvalidRequestTimeError, formatRequestTime, isRequestTime, parseRequestTime } from '@zoloz-openapi/gateway-protocol';

const instant = new Date(Date.UTC(2019, 3, 4, 5, 8, 56, 789)); // 2019-04-04T05:08:56.789Z

describe('formatRequestTime', () => {
  it('UTC is +0000, never Z, and milliseconds are dropped', () => {
    expect(formatRequestTime(instant)).toBe('2019-04-04T05:08:56+0000');
    expect(formatRequestTime(instant, '+0000')).toBe('2019-04-04T05:08:56+0000');
  });
  it('formats positive, half-hour and negative offsets', () => {
    expect(formatRequestTime(instant, '+0530')).toBe('2019-04-04T10:38:56+0530');
    expect(formatRequestTime(instant, '-0230')).toBe('2019-04-04T02:38:56-0230');
    expect(formatRequestTime(instant, '+05:45')).toBe('2019-04-04T10:53:56+0545');
    expect(formatRequestTime(instant, -150)).toBe('2019-04-04T02:38:56-0230');
  });
  it('matches the Go-H vector (unix 1554354536 in +0700)', () => {
    expect(formatRequestTime(new Date(1554354536 * 1000), '+0700')).toBe('2019-04-04T12:08:56+0700');
  });
  it('crosses the date line correctly', () => {
    expect(formatRequestTime(new Date(Date.UTC(2023, 11, 31, 20, 0, 0)), '+0530')).toBe('2024-01-01T01:30:00+0530');
    expect(formatRequestTime(new Date(Date.UTC(2024, 2, 1, 1, 0, 0)), '-0230')).toBe('2024-02-29T22:30:00-0230');
  });
  it("'local' uses this machine's offset", () => {
    expect(formatRequestTime(instant, 'local')).toBe(formatRequestTime(instant, -instant.getTimezoneOffset()));
  });
  it('rejects bad offsets and invalid dates with InvalidRequestTimeError', () => {
    for (const off of ['Z', '+5', '+0560', 'UTC', '+1900', 17.5]) {
      expect(() => formatRequestTime(instant, off)).toThrow(InvalidRequestTimeError);
    }
    expect(() => formatRequestTime(new Date(Number.NaN))).toThrow(InvalidRequestTimeError);
  });
});

describe('parseRequestTime / isRequestTime', () => {
  it('round-trips the instant and the offset', () => {
    for (const off of ['+0000', '+0530', '-0230', '+1400', '-1200']) {
      const s = formatRequestTime(instant, off);
      const parsed = parseRequestTime(s);
      expect(parsed.date.getTime()).toBe(Math.floor(instant.getTime() / 1000) * 1000);
      expect(formatRequestTime(parsed.date, parsed.offsetMinutes)).toBe(s);
    }
    expect(parseRequestTime('2020-01-01T08:00:00+0800').date.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(parseRequestTime('2024-02-29T23:59:59-0230').offsetMinutes).toBe(-150);
  });
  const invalid = [
    '2019-04-04T12:08:56Z',
    '2019-04-04T12:08:56+05:30',
    '2019-04-04T12:08:56.123+0530',
    '2019-04-04 12:08:56+0530',
    '2019-04-04T12:08+0530',
    '2023-02-29T00:00:00+0000',
    '2019-13-01T00:00:00+0000',
    '2019-04-31T00:00:00+0000',
    '2019-04-04T24:00:00+0000',
    '2019-04-04T12:60:00+0000',
    '2019-04-04T12:08:56+0060',
    '2019-04-04T12:08:56+1900',
    ' 2019-04-04T12:08:56+0530',
    '',
  ];
  for (const s of invalid) {
    it(`rejects ${JSON.stringify(s)}`, () => {
      expect(isRequestTime(s)).toBe(false);
      expect(() => parseRequestTime(s)).toThrow(InvalidRequestTimeError);
    });
  }
  it('accepts valid values', () => {
    expect(isRequestTime('2019-04-04T12:08:56+0530')).toBe(true);
    expect(isRequestTime('2000-02-29T00:00:00-0000')).toBe(true);
    expect(isRequestTime(42)).toBe(false);
  });
});
