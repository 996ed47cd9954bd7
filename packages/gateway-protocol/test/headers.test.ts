import { describe, expect, it } from 'vitest';
import {
  MalformedHeaderError,
  UnsupportedAlgorithmError,
  formatEncryptHeader,
  formatSignatureHeader,
  getHeader,
  parseEncryptHeader,
  parseHeaderParams,
  parseSignatureHeader,
} from '@zoloz-openapi/gateway-protocol';

// 0xfb 0xff 0xbf → base64 "+/+/" exercises both special characters; 0xfb 0xff → "+/8=" has padding.
const SIG = Buffer.from([0xfb, 0xff, 0xbf, 0xfb, 0xff]);
const STD = SIG.toString('base64'); // "+/+/+/8="

describe('formatSignatureHeader / formatEncryptHeader', () => {
  it('percent-encodes standard base64 (+ / =) with upper-case hex', () => {
    expect(STD).toBe('+/+/+/8=');
    expect(formatSignatureHeader(SIG)).toBe('algorithm=RSA256, signature=%2B%2F%2B%2F%2B%2F8%3D');
    expect(formatEncryptHeader(SIG)).toBe('algorithm=RSA_AES, symmetricKey=%2B%2F%2B%2F%2B%2F8%3D');
  });
  it('adds keyVersion only when asked', () => {
    expect(formatSignatureHeader(SIG, { keyVersion: 'v1' })).toBe('algorithm=RSA256, keyVersion=v1, signature=%2B%2F%2B%2F%2B%2F8%3D');
  });
});

describe('parseSignatureHeader tolerates what real peers send', () => {
  const cases: Record<string, string> = {
    'percent-encoded (Java, Python, PHP)': 'algorithm=RSA256, signature=%2B%2F%2B%2F%2B%2F8%3D',
    'lower-case hex escapes (shell script)': 'algorithm=RSA256, signature=%2b%2f%2b%2f%2b%2f8%3d',
    'raw base64 as in the docs example': 'algorithm=RSA256, signature=+/+/+/8=',
    'missing padding': 'algorithm=RSA256, signature=%2B%2F%2B%2F%2B%2F8',
    'URL-safe alphabet': 'algorithm=RSA256, signature=-_-_-_8',
    'keyVersion before signature (PHP)': 'algorithm=RSA256, keyVersion=v1, signature=%2B%2F%2B%2F%2B%2F8%3D',
    'empty keyVersion (JS sample)': 'algorithm=RSA256, signature=%2B%2F%2B%2F%2B%2F8%3D, keyVersion=',
    'no spaces, trailing comma': 'signature=%2B%2F%2B%2F%2B%2F8%3D,algorithm=RSA256,',
    'extra whitespace': '  algorithm = RSA256 ,   signature =  %2B%2F%2B%2F%2B%2F8%3D  ',
  };
  for (const [name, value] of Object.entries(cases)) {
    it(name, () => {
      const parsed = parseSignatureHeader(value);
      expect(parsed.algorithm).toBe('RSA256');
      expect(parsed.signature.equals(SIG)).toBe(true);
    });
  }
  it('does not turn a raw + into a space', () => {
    expect(parseSignatureHeader('algorithm=RSA256, signature=+/8=').signature.equals(Buffer.from([0xfb, 0xff]))).toBe(true);
  });
  it('returns keyVersion when present', () => {
    expect(parseSignatureHeader(cases['keyVersion before signature (PHP)']!).keyVersion).toBe('v1');
    expect(parseSignatureHeader(cases['empty keyVersion (JS sample)']!).keyVersion).toBe('');
    expect(parseSignatureHeader(cases['percent-encoded (Java, Python, PHP)']!).keyVersion).toBeUndefined();
  });
  it('round-trips what it formats', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 31) & 0xff));
    expect(parseSignatureHeader(formatSignatureHeader(bytes)).signature.equals(bytes)).toBe(true);
    expect(parseEncryptHeader(formatEncryptHeader(bytes, { keyVersion: 'v1' })).symmetricKey.equals(bytes)).toBe(true);
  });
});

describe('malformed headers get clear typed errors', () => {
  const bad: Record<string, string> = {
    empty: '   ',
    'no signature parameter': 'algorithm=RSA256',
    'no algorithm parameter': 'signature=abcd',
    'a pair without "="': 'algorithm=RSA256, signature',
    'duplicate parameter': 'algorithm=RSA256, signature=abcd, signature=abcd',
    'bad percent escape': 'algorithm=RSA256, signature=ab%zzcd',
    'non-base64 character': 'algorithm=RSA256, signature=ab!cd',
    'impossible base64 length': 'algorithm=RSA256, signature=abcde',
    'empty signature': 'algorithm=RSA256, signature=',
  };
  for (const [name, value] of Object.entries(bad)) {
    it(name, () => {
      expect(() => parseSignatureHeader(value)).toThrow(MalformedHeaderError);
      try {
        parseSignatureHeader(value);
      } catch (err) {
        expect((err as MalformedHeaderError).code).toBe('MALFORMED_HEADER');
        expect((err as Error).message).toMatch(/^Signature header: /);
      }
    });
  }
  it('another algorithm is UnsupportedAlgorithmError', () => {
    expect(() => parseSignatureHeader('algorithm=RSA512, signature=abcd')).toThrow(UnsupportedAlgorithmError);
    expect(() => parseEncryptHeader('algorithm=RSA_OAEP, symmetricKey=abcd')).toThrow(UnsupportedAlgorithmError);
  });
  it('Encrypt header without symmetricKey', () => {
    expect(() => parseEncryptHeader('algorithm=RSA_AES')).toThrow(/Encrypt header: has no symmetricKey parameter/);
  });
  it('error messages do not echo the header value', () => {
    try {
      parseSignatureHeader('algorithm=RSA256, signature=SECRETVALUE!');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('SECRETVALUE');
    }
  });
});

describe('parseHeaderParams and getHeader', () => {
  it('splits at the first "=" only', () => {
    expect(Object.fromEntries(parseHeaderParams('a=b==, c=d=e'))).toEqual({ a: 'b==', c: 'd=e' });
  });
  it('reads headers case-insensitively from records, node headers and fetch Headers', () => {
    expect(getHeader({ signature: 'x' }, 'Signature')).toBe('x');
    expect(getHeader({ 'RESPONSE-TIME': ['t1', 't2'] }, 'Response-Time')).toBe('t1');
    expect(getHeader(new Headers({ Encrypt: 'e' }), 'encrypt')).toBe('e');
    expect(getHeader({}, 'Signature')).toBeUndefined();
  });
});
