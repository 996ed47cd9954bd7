// Interop of the whole client with the openssl binary (no mocks): the "gateway" below does its crypto with
// openssl only — it verifies the client's signature, unwraps and decrypts its request, and answers with
// openssl-made ciphertext, key wrap and signature that the client must accept.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZolozSignatureError } from '@zoloz-openapi/client';
import { startGateway, type ReceivedRequest, type Reply, type TestGateway } from './helpers/gateway.js';
import { CLIENT_ID, merchant, zoloz } from './helpers/keys.js';
import { OpensslWorkdir } from '../../gateway-protocol/test/openssl.js';
import { checkResultBody, testClient } from './helpers/client.js';

let wd: OpensslWorkdir;
let gw: TestGateway;
const files = { merchantPub: '', zolozKey: '' };

beforeAll(async () => {
  wd = new OpensslWorkdir();
  files.merchantPub = wd.file('merchant.pub.pem', merchant.publicPem);
  files.zolozKey = wd.file('zoloz.pem', zoloz.privatePem);
  gw = await startGateway();
});
afterAll(async () => {
  await gw.close();
  wd.cleanup();
});

const param = (header: string, name: string) => decodeURIComponent(new RegExp(`${name}=([^,]*)`).exec(header)![1]!);

/** openssl verifies the request signature the client sent; returns whether it printed "Verified OK". */
function opensslVerifiesRequest(req: ReceivedRequest, n: number): boolean {
  const content = `POST ${req.path}\n${req.headers['client-id']}.${req.headers['request-time']}.${req.rawBody}`;
  const sig = Buffer.from(param(String(req.headers.signature), 'signature'), 'base64');
  try {
    const out = wd.run([
      'dgst',
      '-sha256',
      '-verify',
      files.merchantPub,
      '-signature',
      wd.file(`req${n}.sig`, sig),
      wd.file(`req${n}.txt`, content),
    ]);
    return /Verified OK/.test(out.toString());
  } catch {
    return false;
  }
}

/** A response made entirely with openssl: AES-256-ECB body, PKCS#1 key wrap, SHA256withRSA signature. */
function opensslResponse(path: string, plaintext: string, n: number, encrypt: boolean): Reply {
  const time = '2024-06-01T12:00:00+0800';
  const headers: Record<string, string> = { 'Response-Time': time };
  let body = plaintext;
  if (encrypt) {
    const aesKey = wd.run(['rand', '32']);
    body = wd
      .run(['enc', '-aes-256-ecb', '-K', aesKey.toString('hex'), '-base64', '-A'], plaintext)
      .toString()
      .trim();
    const wrapped = wd.run([
      'pkeyutl',
      '-encrypt',
      '-pubin',
      '-inkey',
      files.merchantPub,
      '-pkeyopt',
      'rsa_padding_mode:pkcs1',
      '-in',
      wd.file(`k${n}.bin`, aesKey),
    ]);
    headers.Encrypt = `algorithm=RSA_AES, symmetricKey=${encodeURIComponent(wrapped.toString('base64'))}`;
    headers['Content-Type'] = 'text/plain; charset=UTF-8';
  }
  const content = `POST ${path}\n${CLIENT_ID}.${time}.${body}`;
  const sig = wd.run(['dgst', '-sha256', '-sign', files.zolozKey, wd.file(`res${n}.txt`, content)]);
  headers.Signature = `algorithm=RSA256, signature=${encodeURIComponent(sig.toString('base64'))}`;
  return { status: 200, headers, body };
}

const RESULT = '{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"Success"},"connectResult":"Success"}';

describe('client ↔ openssl', () => {
  it('the client’s request signature verifies with `openssl dgst -sha256 -verify`; an openssl-signed response verifies in the client', async () => {
    let verified = false;
    gw.respond = (req, n) => {
      verified = opensslVerifiesRequest(req, n);
      return opensslResponse(req.path, RESULT, n, false);
    };
    const res = await testClient(gw.url).connect.checkResult(checkResultBody);
    expect(verified).toBe(true);
    expect(res).toEqual(JSON.parse(RESULT));
  });

  it('an encrypted request is unwrapped and decrypted by openssl; an openssl-encrypted response is decrypted by the client', async () => {
    let plaintext = '';
    let verified = false;
    gw.respond = (req, n) => {
      verified = opensslVerifiesRequest(req, n);
      const zolozKeyPath = files.zolozKey;
      const wrapped = Buffer.from(param(String(req.headers.encrypt), 'symmetricKey'), 'base64');
      const aesKey = wd.run([
        'pkeyutl',
        '-decrypt',
        '-inkey',
        zolozKeyPath,
        '-pkeyopt',
        'rsa_padding_mode:pkcs1',
        '-in',
        wd.file(`w${n}.bin`, wrapped),
      ]);
      plaintext = wd
        .run(['enc', '-d', `-aes-${aesKey.length * 8}-ecb`, '-K', aesKey.toString('hex'), '-base64', '-A'], req.rawBody)
        .toString();
      return opensslResponse(req.path, RESULT, n, true);
    };
    const res = await testClient(gw.url, { encrypt: true }).connect.checkResult(checkResultBody);
    expect(verified).toBe(true);
    expect(plaintext).toBe(JSON.stringify(checkResultBody));
    expect(res.connectResult).toBe('Success');
  });

  it('an openssl-signed response over a different body is rejected', async () => {
    gw.respond = (req, n) => {
      const reply = opensslResponse(req.path, RESULT, n, false);
      return { ...reply, body: RESULT.replace('Success"}', 'Failure"}') };
    };
    await expect(testClient(gw.url).connect.checkResult(checkResultBody)).rejects.toBeInstanceOf(ZolozSignatureError);
  });
});

describe('fixed test vector (gateway-protocol.md §9 key, fixed clock)', () => {
  // Computed independently with: printf 'POST /api/v1/zoloz/realid/checkresult\n2089012345678900.2020-01-01T08:00:00+0800.<body>'
  //   | openssl dgst -sha256 -sign vector-key.pem | base64 -w0, then percent-encoded.
  const EXPECTED_SIGNATURE =
    'algorithm=RSA256, signature=SijPly%2F9FneF5AR8ls0iQ4%2FeLPrLUF85RLzL3MpC8OrmXy84U78QkYbeP3ynIrdvXiaGnWdJFMHhjBpgo429WP944q7Rg0tUXG%2FKwCZj2SlcYNef4PdXrBOlzG4NMyN2pSRx1VqKTQITlATtoNPWWCad1SHAcgMv8o2HARZWbcMxXtbhbS%2BbhmJt9zKWfmQ1Lv6pKyO2A4suB6d7FS3INtvdUl9wEygwkpKzLWzAqZd3zla0ZeKjJ7BwNPwvKQpqiS50A4GWhGKd8PXwFnkR%2FQ15tRv8brw0TDibw0YZxco8pbTF3uqVSqYuVdSSGQYttF19Cq7rJ4NVkT7%2BEZMEMg%3D%3D';

  it('the client sends exactly the expected Request-Time and Signature', async () => {
    const vectorKey = readFileSync(new URL('./fixtures/vector-key.pem', import.meta.url), 'utf8');
    const vectorPub = wd.run(['pkey', '-pubout', '-in', wd.file('vector.pem', vectorKey)]).toString();
    gw.respond = (req, n) => {
      const reply = opensslResponse(req.path, RESULT, n, false);
      // re-sign with the vector key: the response must verify with the vector public key
      const content = `POST ${req.path}\n${CLIENT_ID}.${reply.headers!['Response-Time']}.${RESULT}`;
      const sig = wd.run(['dgst', '-sha256', '-sign', wd.file('vector.pem'), wd.file(`v${n}.txt`, content)]);
      return {
        ...reply,
        headers: { ...reply.headers, Signature: `algorithm=RSA256, signature=${encodeURIComponent(sig.toString('base64'))}` },
      };
    };
    const client = testClient(gw.url, {
      merchantPrivateKey: vectorKey,
      zolozPublicKey: vectorPub,
      clock: () => new Date('2020-01-01T00:00:00.456Z'),
      timeOffset: '+0800',
    });
    const res = await client.realId.checkResult(checkResultBody);
    expect(res.result.resultStatus).toBe('S');
    const req = gw.requests.at(-1)!;
    expect(req.headers['request-time']).toBe('2020-01-01T08:00:00+0800');
    expect(req.rawBody).toBe('{"bizId":"2017839040588699","transactionId":"G000000005FID20200304000000000001570702"}');
    expect(req.headers.signature).toBe(EXPECTED_SIGNATURE);
  });
});
