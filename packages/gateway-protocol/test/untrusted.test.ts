import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  InvalidLimitError,
  UntrustedDisplay,
  describeLimit,
  displayedText,
  isSafeShape,
  looksLikeKeyMaterial,
  parseLimit,
  resolveLimits,
} from '@zoloz-openapi/gateway-protocol';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const display = new UntrustedDisplay({ hashKey: 'test-key' });
const PEM = readFileSync(fileURLToPath(new URL('./fixtures/vector-key.pem', import.meta.url)), 'utf8');
const DER_BASE64 = PEM.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

describe('the display rule for outside strings', () => {
  it('shows short values of a safe shape as themselves', () => {
    expect(display.show('POST', 'method')).toEqual({ shown: 'value', value: 'POST' });
    expect(display.show('Content-Type', 'headerName')).toEqual({ shown: 'value', value: 'Content-Type' });
    expect(display.show('keyVersion', 'parameterName')).toEqual({ shown: 'value', value: 'keyVersion' });
    expect(display.text('realid', 'pathSegment')).toBe('realid');
  });
  it('redacts values past the shape length to type, length and a keyed hash', () => {
    const method = 'P'.repeat(17);
    const shown = display.show(method, 'method');
    expect(shown).toEqual({ shown: 'redacted', type: 'string', length: 17, hash: display.hash(method) });
    const name = 'x.'.repeat(33);
    expect(display.text(name, 'headerName')).toBe(`<redacted string, 66 chars, hash ${display.hash(name)}>`);
  });
  it('redacts values with a character outside the shape', () => {
    for (const [value, shape] of [
      ['GET /', 'method'],
      ['Na me', 'headerName'],
      ['a:b', 'headerName'],
      ['sig=x', 'parameterName'],
      ['JOHN DOE', 'pathSegment'],
      ['a<b', 'text'],
      ['line\nbreak', 'text'],
      ['', 'text'],
    ] as const) {
      expect(display.show(value, shape).shown, `${JSON.stringify(value)} as ${shape}`).toBe('redacted');
    }
  });
  it('never shows key material, not even a prefix: only type, length and the keyed hash', () => {
    for (const value of [PEM, DER_BASE64, DER_BASE64.slice(1), DER_BASE64.replace(/\+/g, '-').replace(/\//g, '_')]) {
      expect(looksLikeKeyMaterial(value)).toBe(true);
      const shown = display.show(value, 'text');
      expect(shown).toEqual({ shown: 'redacted', type: 'string', length: value.length, hash: display.hash(value) });
      expect(displayedText(shown)).not.toContain(value.slice(0, 8));
      expect(displayedText(shown)).not.toContain(value.slice(-8));
    }
    expect(display.quoted('merchantKey', 'parameterName')).toBe('"merchantKey"');
    expect(display.quoted(DER_BASE64, 'parameterName')).toMatch(/^<redacted string, \d+ chars, hash [0-9a-f]{12}>$/);
    // A 40-character run of one base64 alphabet is treated as key material even inside a safe-looking short text;
    // an id or path mixing the alphabets is not.
    expect(isSafeShape('A'.repeat(40), 'text')).toBe(false);
    expect(isSafeShape(`x ${'a-'.repeat(25)}`, 'text')).toBe(false);
    expect(isSafeShape('realIdCheckResult/realIdCheckResult-success-200', 'text')).toBe(true);
  });
  it('hashes with the instance key: equal values compare equal, other keys give other hashes', () => {
    const other = new UntrustedDisplay({ hashKey: 'another-key' });
    expect(display.hash('JOHNDOE')).toBe(display.hash('JOHNDOE'));
    expect(display.hash('JOHNDOE')).not.toBe(other.hash('JOHNDOE'));
    expect(display.hash('JOHNDOE')).toMatch(/^[0-9a-f]{12}$/);
  });
  it('shows a path segment by segment, and redacts a long path whole', () => {
    expect(display.path('/api/v1/zoloz/realid/initialize')).toBe('/api/v1/zoloz/realid/initialize');
    const secret = 'JOHN DOE 123';
    expect(display.path(`/api/${secret}/initialize`)).toBe(
      `/api/<redacted string, ${secret.length} chars, hash ${display.hash(secret)}>/initialize`,
    );
    const long = `/${'a./'.repeat(40)}`;
    expect(display.path(long)).toBe(`<redacted string, ${long.length} chars, hash ${display.hash(long)}>`);
    expect(display.path('/x.'.repeat(300))).toMatch(/^<redacted string, 900 chars, hash [0-9a-f]{12}>$/);
    const huge = 'a'.repeat(1 << 20);
    expect(display.path(`/api/${huge}/initialize`)).toBe(
      `/api/<redacted string, ${huge.length} chars, hash ${display.hash(huge)}>/initialize`,
    );
  });
  it('describes non-strings by type and size only', () => {
    expect(display.show(42, 'method')).toEqual({ shown: 'redacted', type: 'number', length: 2 });
    expect(display.show({ a: 1 }, 'text')).toEqual({ shown: 'redacted', type: 'object', length: 1 });
  });
});

describe('the limit set', () => {
  it('has documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      itemBytes: 32 * 2 ** 20,
      decompressedBytes: 16 * 2 ** 30,
      depth: 64,
      requestBodyBytes: 20 * 2 ** 20,
      headerBytes: 16 * 1024,
    });
    expect(describeLimit('itemBytes', DEFAULT_LIMITS.itemBytes)).toBe('32 MiB (--max-item-bytes)');
    expect(describeLimit('depth', 64)).toBe('64 levels (--max-depth)');
    expect(describeLimit('itemBytes', 1000)).toBe('1000 bytes (--max-item-bytes)');
  });
  it('parses sizes with binary suffixes and rejects the rest', () => {
    expect(parseLimit('itemBytes', '64MiB')).toBe(64 * 2 ** 20);
    expect(parseLimit('itemBytes', '2g')).toBe(2 * 2 ** 30);
    expect(parseLimit('itemBytes', '10k')).toBe(10240);
    expect(parseLimit('depth', '200')).toBe(200);
    for (const bad of ['0', '-1', '1.5', 'lots', '10 parsecs', '']) expect(() => parseLimit('itemBytes', bad)).toThrow(InvalidLimitError);
    expect(() => parseLimit('depth', '10k')).toThrow(InvalidLimitError);
    expect(() => parseLimit('itemBytes', '99999999999999999999')).toThrow(InvalidLimitError);
  });
  it('resolves overrides over the defaults', () => {
    expect(resolveLimits({ depth: 5 })).toEqual({ ...DEFAULT_LIMITS, depth: 5 });
    expect(() => resolveLimits({ itemBytes: 0 })).toThrow(InvalidLimitError);
  });
});
