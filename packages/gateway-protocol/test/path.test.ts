import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePath } from '@zoloz-openapi/gateway-protocol';

describe('normalizePath (the path rule shared by the mock and the validator)', () => {
  it.each([
    ['/api/v1/zoloz/realid/../realid/checkresult', '/api/v1/zoloz/realid/checkresult'],
    ['/api/v1/zoloz/./realid/checkresult', '/api/v1/zoloz/realid/checkresult'],
    ['//api///v1/zoloz/realid//checkresult', '/api/v1/zoloz/realid/checkresult'],
    ['/api/v1/zoloz/realid/check%72esult', '/api/v1/zoloz/realid/checkresult'],
    ['/api/v1/zoloz/realid/%2e%2E/connect/enroll', '/api/v1/zoloz/connect/enroll'],
    ['/api/v1/zoloz/realid%2fcheckresult', '/api/v1/zoloz/realid%2Fcheckresult'],
    ['/a/%zz/%4', '/a/%zz/%4'],
    ['/a/%2525', '/a/%2525'],
    ['/../../etc', '/etc'],
    ['/a/b/..', '/a/'],
    ['/a/b/.', '/a/b/'],
    ['/a/', '/a/'],
    ['', '/'],
    ['/', '/'],
    ['a/b', '/a/b'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  const segment = fc.oneof(
    fc.constantFrom('', '.', '..', '%2e', '%2E%2e', 'api', 'v1', 'zoloz', '%72', '%2f', '%zz', '~x'),
    fc.string({ maxLength: 6 }).filter((s) => !s.includes('/')),
  );
  const anyPath = fc.array(segment, { maxLength: 12 }).map((s) => s.join('/'));

  it('is idempotent and leaves no dot segment, empty inner segment or lower-case escape', () => {
    fc.assert(
      fc.property(anyPath, (raw) => {
        const once = normalizePath(raw);
        expect(normalizePath(once)).toBe(once);
        expect(once.startsWith('/')).toBe(true);
        const inner = once.split('/').slice(1, -1);
        expect(inner.filter((s) => s === '' || s === '.' || s === '..')).toEqual([]);
        expect(once).not.toMatch(/%[0-9a-f][a-f]|%[a-f][0-9a-f]/);
      }),
      { numRuns: 2000 },
    );
  });
});
