import { describe, expect, it } from 'vitest';
import { OperationMatcher, pathOf } from '../src/operation-matcher.js';
import { Redactor, personalClassOf } from '../src/redaction.js';
import type { OperationInfo } from '../src/spec-runtime.js';

const op = (operationId: string, path: string, method = 'post'): OperationInfo => ({
  operationId,
  method,
  path,
  idempotent: false,
  requestValidator: `validate${operationId}Request`,
  responseValidator: `validate${operationId}Response`,
});

describe('OperationMatcher', () => {
  const matcher = new OperationMatcher([
    op('Init', '/api/v1/zoloz/realid/initialize'),
    op('Check', '/api/v1/zoloz/realid/checkresult'),
    op('Item', '/api/v1/things/{id}', 'get'),
  ]);

  it.each([
    ['https://sg-production-api.zoloz.com/api/v1/zoloz/realid/initialize', 'Init'],
    ['http://127.0.0.1:4010/api/v1/zoloz/realid/initialize?x=1#f', 'Init'],
    ['/proxy/zoloz/api/v1/zoloz/realid/checkresult', 'Check'],
    ['/api/v1/zoloz/realid/checkresult/', 'Check'],
  ])('matches %s whatever the host or base path', (url, operationId) => {
    const m = matcher.match('POST', url);
    expect(m.kind === 'operation' && m.operation.operationId).toBe(operationId);
  });

  it.each([
    ['/api/v1/zoloz/realid/../realid/checkresult', 'Check'],
    ['http://h//api/v1/zoloz//realid/initialize', 'Init'],
    ['/api/v1/zoloz/realid/%2e/check%72esult', 'Check'],
  ])('reads %s with the shared path rule (as the mock routes it)', (url, operationId) => {
    const m = matcher.match('POST', url);
    expect(m.kind === 'operation' && m.operation.operationId).toBe(operationId);
  });

  it('does not take an encoded slash for a separator', () => {
    expect(matcher.match('POST', '/api/v1/zoloz/realid%2Fcheckresult').kind).toBe('undocumented');
  });

  it('matches templated segments', () => {
    const m = matcher.match('GET', 'https://x/base/api/v1/things/42');
    expect(m.kind === 'operation' && m.operation.operationId).toBe('Item');
  });

  it('reports unknown paths and undocumented methods as undocumented, naming the operation of a path documented for another method', () => {
    expect(matcher.match('POST', 'https://h/api/v1/zoloz/realid/delete')).toEqual({
      kind: 'undocumented',
      path: '/api/v1/zoloz/realid/delete',
    });
    const wrongMethod = matcher.match('GET', '/api/v1/zoloz/realid/initialize');
    expect(wrongMethod.kind).toBe('undocumented');
    expect(wrongMethod.kind === 'undocumented' && wrongMethod.samePath?.operationId).toBe('Init');
    expect(matcher.match('POST', '/v1/zoloz/realid/initialize').kind).toBe('undocumented');
  });

  it('extracts paths', () => {
    expect(pathOf('https://a.b:8443')).toBe('/');
    expect(pathOf('/x?y')).toBe('/x');
  });
});

describe('redaction', () => {
  const marks = [
    { path: ['extBasicInfo', 'certNo'], class: 'national-id' },
    { path: ['extIdInfo', 'ocrResult', '*'], class: 'document-data' },
    { path: ['images', '*', 'data'], class: 'biometric' },
  ];

  it('finds the class of a marked field, its descendants and the containers holding it', () => {
    expect(personalClassOf(marks, ['extBasicInfo', 'certNo'])).toBe('national-id');
    expect(personalClassOf(marks, ['extIdInfo', 'ocrResult', 'NAME'])).toBe('document-data');
    expect(personalClassOf(marks, ['extIdInfo', 'ocrResult'])).toBe('document-data');
    expect(personalClassOf(marks, ['images', '3', 'data'])).toBe('biometric');
    expect(personalClassOf(marks, ['extBasicInfo', 'certType'])).toBeNull();
    expect(personalClassOf(marks, ['images', '3', 'kind'])).toBeNull();
    expect(personalClassOf(undefined, ['x'])).toBeNull();
  });

  it('shows type, length and a keyed hash of personal values, never the value', () => {
    const redactor = new Redactor({ hashKey: 'k' });
    const shown = redactor.show('A12345678', 'national-id');
    expect(shown).toEqual({
      shown: 'redacted',
      type: 'string',
      length: 9,
      hash: expect.stringMatching(/^[0-9a-f]{12}$/),
      personal: 'national-id',
    });
    expect(JSON.stringify(shown)).not.toContain('A12345678');
    expect(redactor.show('A12345678', 'x')).toMatchObject({ hash: (shown as { hash: string }).hash });
    expect(new Redactor({ hashKey: 'other' }).show('A12345678', 'x')).not.toMatchObject({ hash: (shown as { hash: string }).hash });
  });

  it('shows short non-personal scalars, but never containers or long text', () => {
    const redactor = new Redactor();
    expect(redactor.show('S', null)).toEqual({ shown: 'value', value: 'S' });
    expect(redactor.show(12.5, null)).toEqual({ shown: 'value', value: 12.5 });
    expect(redactor.show({ certNo: 'A1' }, null)).toEqual({ shown: 'redacted', type: 'object', length: 1, personal: null });
    expect(redactor.show('x'.repeat(65), null)).toMatchObject({ shown: 'redacted', type: 'string', length: 65 });
  });

  it('shows values with --show-values, cutting long ones', () => {
    const redactor = new Redactor({ showValues: true });
    expect(redactor.show('A12345678', 'national-id')).toEqual({ shown: 'value', value: 'A12345678' });
    const long = redactor.show('y'.repeat(5000), 'biometric');
    expect(long.shown === 'value' && String(long.value).length).toBe(1001);
  });
});
