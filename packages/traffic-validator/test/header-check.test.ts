import fc from 'fast-check';
import { parseSignatureHeader } from '@zoloz-openapi/gateway-protocol';
import { describe, expect, it } from 'vitest';
import { canonicalSignature, checkGatewayHeaders } from '../src/header-check.js';
import { Redactor } from '../src/redaction.js';
import { CLIENT_ID } from '../../../test/support/ids.js';

const PREFIX = 'algorithm=RSA256, signature=';
const parses = (value: string) => {
  try {
    parseSignatureHeader(value);
    return true;
  } catch {
    return false;
  }
};

describe('gateway header checks', () => {
  it('the fast signature check accepts only what the protocol parser accepts', () => {
    const piece = fc.constantFrom('A', 'z', '9', '%2B', '%2F', '%2b', '%2f', '%3D', '%3d', '+', '/', '=', '%', '%2', '-', '_', ' ', '%41');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const value = PREFIX + pieces.join('');
        if (canonicalSignature(value)) expect(parses(value)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    const real = Buffer.from('x'.repeat(256)).toString('base64');
    expect(canonicalSignature(PREFIX + encodeURIComponent(real))).toBe(true);
    expect(canonicalSignature(`${PREFIX}abc`)).toBe(true);
    expect(canonicalSignature(`${PREFIX}abcde`)).toBe(false);
  });

  it('still accepts, through the parser, what SDKs send besides the canonical form', () => {
    const sig = encodeURIComponent(Buffer.from('y'.repeat(256)).toString('base64'));
    const headers = (signature: string) =>
      new Map([
        ['content-type', 'application/json; charset=utf-8'],
        ['client-id', CLIENT_ID],
        ['request-time', '2019-04-04T12:08:56+0530'],
        ['signature', signature],
      ]);
    const redactor = new Redactor();
    expect(checkGatewayHeaders('request', headers(`algorithm=RSA256, keyVersion=v1, signature=${sig}`), false, redactor)).toEqual([]);
    expect(checkGatewayHeaders('request', headers(`algorithm=RSA256, signature=${decodeURIComponent(sig)}`), false, redactor)).toEqual([]);
    const bad = checkGatewayHeaders('request', headers('algorithm=RSA256, signature=%zz'), false, redactor);
    expect(bad.map((v) => [v.pointer, v.keyword])).toEqual([['/headers/Signature', 'format']]);
  });

  it('checks Content-Type against the body mode and the charset', () => {
    const base = new Map([
      ['client-id', CLIENT_ID],
      ['request-time', '2019-04-04T12:08:56+0530'],
      ['signature', `${PREFIX}abcd`],
    ]);
    const redactor = new Redactor();
    const with_ = (ct: string, encrypted: boolean) =>
      checkGatewayHeaders('request', new Map([...base, ['content-type', ct]]), encrypted, redactor).map((v) => v.keyword);
    expect(with_('text/plain', true)).toEqual([]);
    expect(with_('application/json', true)).toEqual(['media-type']);
    expect(with_('application/json; charset=ISO-8859-1', false)).toEqual(['charset']);
    expect(with_('Application/JSON;charset="utf-8"', false)).toEqual([]);
  });

  it('rejects an impossible Request-Time', () => {
    const v = checkGatewayHeaders(
      'response',
      new Map([
        ['content-type', 'application/json; charset=UTF-8'],
        ['response-time', '2019-02-30T12:08:56+0530'],
        ['signature', `${PREFIX}abcd`],
      ]),
      false,
      new Redactor(),
    );
    expect(v.map((x) => [x.pointer, x.keyword, x.value])).toEqual([
      ['/headers/Response-Time', 'format', { shown: 'value', value: '2019-02-30T12:08:56+0530' }],
    ]);
  });
});
