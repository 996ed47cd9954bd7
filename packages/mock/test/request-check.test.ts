import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { formatRequestTime, sealMessage } from '@zoloz-openapi/gateway-protocol';
import { GATEWAY_CHECKS, checkRequest, type GatewayCheckConfig, type GatewayRequest } from '@zoloz-openapi/mock';
import { operationsUnderTest } from './helpers.js';

// The gateway's checks as a pure function: headers, body and configuration in, a result code or the opened
// message out. No Prism, no sockets.
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = pair();
const zoloz = pair();
const other = pair();
const OP = operationsUnderTest().find((o) => o.operationId === 'realIdInitialize')!;
const BODY = JSON.stringify(OP.requestBody);
const CLIENT_ID = '0000000000000001';
const config: GatewayCheckConfig = {
  clientId: CLIENT_ID,
  merchantKey: merchant.publicKey,
  zolozKey: zoloz.privateKey,
  paths: new Set(operationsUnderTest().map((o) => o.path)),
};

function sealed(
  o: { body?: string; path?: string; encrypt?: boolean; signWith?: typeof merchant.privateKey; clientId?: string } = {},
): GatewayRequest {
  const path = o.path ?? OP.path;
  const msg = sealMessage({
    direction: 'request',
    path,
    clientId: o.clientId ?? CLIENT_ID,
    body: o.body ?? BODY,
    signingKey: o.signWith ?? merchant.privateKey,
    ...(o.encrypt ? { encryptFor: zoloz.publicKey } : {}),
  });
  return { method: 'POST', path, headers: { ...msg.headers }, body: msg.body };
}

const withHeaders = (req: GatewayRequest, change: Record<string, string | undefined>): GatewayRequest => {
  const headers: Record<string, string> = { ...(req.headers as Record<string, string>) };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  return { ...req, headers };
};

const codeOf = (req: GatewayRequest, cfg = config) => {
  const r = checkRequest(req, cfg);
  return r.ok ? 'ACCEPTED' : r.code;
};

describe('checkRequest: each row of the gateway table', () => {
  it('accepts a correctly signed request and returns the opened JSON and its documented route', () => {
    const r = checkRequest(sealed(), config);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.request.json).toEqual(OP.requestBody);
      expect(r.request.route).toBe(OP.path);
      expect(r.request.opened.encrypted).toBe(false);
    }
  });

  it('decrypts an RSA_AES request', () => {
    const r = checkRequest(sealed({ encrypt: true }), config);
    expect(r.ok && r.request.opened.encrypted && r.request.json).toEqual(OP.requestBody);
  });

  it('NO_INTERFACE_DEF: another method, an unknown path, a target without a path', () => {
    expect(codeOf({ ...sealed(), method: 'GET' })).toBe('NO_INTERFACE_DEF');
    expect(codeOf(sealed({ path: '/api/v1/zoloz/realid/delete' }))).toBe('NO_INTERFACE_DEF');
    expect(codeOf({ ...sealed(), path: '' })).toBe('NO_INTERFACE_DEF');
  });

  it('routes by the shared path rule; the signature stays over the path as sent', () => {
    const dotted = OP.path.replace('/realid/', '/realid/../realid/');
    expect(codeOf(sealed({ path: dotted }))).toBe('ACCEPTED');
    // Signed over the documented path but sent dotted: the signature does not cover what was sent.
    expect(codeOf({ ...sealed(), path: dotted })).toBe('SIGNATURE_INVALID');
  });

  it('PARAM_MISSING: Client-Id, Request-Time or Signature absent, or text/plain without Encrypt', () => {
    for (const name of ['Client-Id', 'Request-Time', 'Signature'])
      expect(codeOf(withHeaders(sealed(), { [name]: undefined }))).toBe('PARAM_MISSING');
    expect(codeOf(withHeaders(sealed({ encrypt: true }), { Encrypt: undefined }))).toBe('PARAM_MISSING');
  });

  it('PARAM_ILLEGAL: a malformed Request-Time, or one outside the allowed skew', () => {
    expect(codeOf(withHeaders(sealed(), { 'Request-Time': 'JOHNDOE' }))).toBe('PARAM_ILLEGAL');
    const req = sealed();
    const skewed = { ...config, maxClockSkewSeconds: 60, now: () => Date.now() + 3_600_000 };
    expect(codeOf(req, skewed)).toBe('PARAM_ILLEGAL');
    expect(codeOf(req, { ...skewed, now: () => Date.now() + 30_000 })).toBe('ACCEPTED');
  });

  it('MERCHANT_NOT_FOUND: a Client-Id the gateway does not know', () => {
    expect(codeOf(sealed({ clientId: '9999999999999999' }))).toBe('MERCHANT_NOT_FOUND');
  });

  it('SIGNATURE_INVALID: another key, a changed body, a malformed Signature header', () => {
    expect(codeOf(sealed({ signWith: other.privateKey }))).toBe('SIGNATURE_INVALID');
    expect(codeOf({ ...sealed(), body: BODY.replace('{', '{ ') })).toBe('SIGNATURE_INVALID');
    expect(codeOf(withHeaders(sealed(), { Signature: 'algorithm=RSA256' }))).toBe('SIGNATURE_INVALID');
  });

  it('PARAM_ILLEGAL for an unsupported Encrypt algorithm; MSG_PARSE_ERROR when the key does not unwrap', () => {
    const enc = sealed({ encrypt: true });
    const header = (enc.headers as Record<string, string>).Encrypt!;
    expect(codeOf(withHeaders(enc, { Encrypt: header.replace('RSA_AES', 'ROT13') }))).toBe('PARAM_ILLEGAL');
    const forOther = sealMessage({
      direction: 'request',
      path: OP.path,
      clientId: CLIENT_ID,
      body: BODY,
      signingKey: merchant.privateKey,
      encryptFor: other.publicKey,
    });
    expect(codeOf({ method: 'POST', path: OP.path, headers: forOther.headers, body: forOther.body })).toBe('MSG_PARSE_ERROR');
  });

  it('MSG_PARSE_ERROR: a signed body that is not a JSON object', () => {
    for (const body of ['not json', '[1,2]', '"text"', 'null']) expect(codeOf(sealed({ body }))).toBe('MSG_PARSE_ERROR');
  });

  it('applies the checks in the table order: the first failure decides', () => {
    // Wrong method AND no headers → NO_INTERFACE_DEF (row 1) before PARAM_MISSING (row 2).
    expect(codeOf({ method: 'GET', path: OP.path, headers: {}, body: '' })).toBe('NO_INTERFACE_DEF');
    // Bad Request-Time AND unknown Client-Id → PARAM_ILLEGAL (row 3) before MERCHANT_NOT_FOUND (row 4).
    expect(codeOf(withHeaders(sealed({ clientId: '9999999999999999' }), { 'Request-Time': formatRequestTime().replace('T', ' ') }))).toBe(
      'PARAM_ILLEGAL',
    );
    // Unknown Client-Id AND a bad signature → MERCHANT_NOT_FOUND (row 4) before SIGNATURE_INVALID (row 5).
    expect(codeOf(sealed({ clientId: '9999999999999999', signWith: other.privateKey }))).toBe('MERCHANT_NOT_FOUND');
  });
});

describe('the README table is the code table', () => {
  it('lists every check of GATEWAY_CHECKS, in order', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (?:\d+\. )?(.+?) \| .+ \|$/gm)].map((m) => m[1]);
    const positions = GATEWAY_CHECKS.map((c) => rows.indexOf(c.check));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
