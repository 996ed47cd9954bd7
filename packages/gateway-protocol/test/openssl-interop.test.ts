import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aesDecrypt,
  aesEncrypt,
  contentToSign,
  formatSignatureHeader,
  loadPrivateKey,
  loadPublicKey,
  openMessage,
  rsaDecryptPkcs1,
  rsaEncryptPkcs1,
  sealMessage,
  signContent,
  verifyContent,
} from '@zoloz-openapi/gateway-protocol';
import { OpensslWorkdir } from './openssl.js';
import { CLIENT_ID } from '../../../test/support/ids.js';

const PATH = '/api/v1/zoloz/realid/checkresult';

let wd: OpensslWorkdir;
let keys: ReturnType<OpensslWorkdir['genRsa']>;

beforeAll(() => {
  wd = new OpensslWorkdir();
  keys = wd.genRsa('merchant');
});
afterAll(() => wd.cleanup());

describe('openssl interop: signatures', () => {
  it('our RSA256 signature verifies with `openssl dgst -sha256 -verify`', () => {
    const content = contentToSign({ path: PATH, clientId: CLIENT_ID, time: '2024-05-01T10:00:00+0000', body: '{"bizId":"ünï-cödé"}' });
    const sig = signContent(content, loadPrivateKey(keys.privatePem));
    const out = wd.run(['dgst', '-sha256', '-verify', keys.publicPath, '-signature', wd.file('sig.bin', sig), wd.file('c.txt', content)]);
    expect(out.toString()).toMatch(/Verified OK/);
  });

  it('`openssl dgst -sha256 -verify` rejects our signature over other content', () => {
    const sig = signContent('POST /a\n1.t.{}', loadPrivateKey(keys.privatePem));
    expect(() =>
      wd.run([
        'dgst',
        '-sha256',
        '-verify',
        keys.publicPath,
        '-signature',
        wd.file('sig2.bin', sig),
        wd.file('c2.txt', 'POST /a\n1.t.{ }'),
      ]),
    ).toThrow();
  });

  it('an openssl signature verifies in our code, also as a response header', () => {
    const body = '{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"Success"}}';
    const time = '2024-05-01T10:00:01+0530';
    const content = contentToSign({ path: PATH, clientId: CLIENT_ID, time, body });
    const sig = wd.run(['dgst', '-sha256', '-sign', keys.privatePath, wd.file('c3.txt', content)]);
    expect(verifyContent(content, sig, loadPublicKey(keys.publicPem))).toBe(true);
    const opened = openMessage({
      direction: 'response',
      path: PATH,
      clientId: CLIENT_ID,
      body,
      verifyWith: keys.publicPem,
      headers: { 'Response-Time': time, Signature: formatSignatureHeader(sig) },
    });
    expect(opened.verified).toBe(true);
    expect(verifyContent(`${content} `, sig, loadPublicKey(keys.publicPem))).toBe(false);
  });
});

describe('openssl interop: RSA key wrap (PKCS#1 v1.5)', () => {
  it('decrypts an AES key wrapped by `openssl pkeyutl -encrypt -pkeyopt rsa_padding_mode:pkcs1`', () => {
    for (const len of [16, 32]) {
      const aesKey = Buffer.from(Array.from({ length: len }, (_, i) => (i * 7 + 3) & 0xff));
      const wrapped = wd.run([
        'pkeyutl',
        '-encrypt',
        '-pubin',
        '-inkey',
        keys.publicPath,
        '-pkeyopt',
        'rsa_padding_mode:pkcs1',
        '-in',
        wd.file(`k${len}.bin`, aesKey),
      ]);
      expect(wrapped.length).toBe(256);
      expect(rsaDecryptPkcs1(wrapped, loadPrivateKey(keys.privatePem)).equals(aesKey)).toBe(true);
    }
  });

  it('our wrapped key decrypts with `openssl pkeyutl -decrypt`', () => {
    const aesKey = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
    const wrapped = rsaEncryptPkcs1(aesKey, loadPublicKey(keys.publicPem));
    const out = wd.run([
      'pkeyutl',
      '-decrypt',
      '-inkey',
      keys.privatePath,
      '-pkeyopt',
      'rsa_padding_mode:pkcs1',
      '-in',
      wd.file('w.bin', wrapped),
    ]);
    expect(out.equals(aesKey)).toBe(true);
  });
});

describe('openssl interop: AES-ECB-PKCS7 bodies', () => {
  const plaintext = '{"bizId":"2024-biz","userId":"u-1","metaInfo":"MOB_H5","flowType":"H5_REALIDLITE_KYC"}';
  for (const bits of [128, 256] as const) {
    const key = Buffer.alloc(bits / 8, 0).map((_, i) => (i * 13 + 1) & 0xff);
    it(`decrypts \`openssl enc -aes-${bits}-ecb\` output`, () => {
      const b64 = wd
        .run(['enc', `-aes-${bits}-ecb`, '-K', key.toString('hex'), '-base64', '-A'], plaintext)
        .toString()
        .trim();
      expect(aesDecrypt(b64, key).toString('utf8')).toBe(plaintext);
    });
    it(`our ciphertext decrypts with \`openssl enc -d -aes-${bits}-ecb\``, () => {
      const b64 = aesEncrypt(plaintext, key);
      const out = wd.run(['enc', '-d', `-aes-${bits}-ecb`, '-K', key.toString('hex'), '-base64', '-A'], b64);
      expect(out.toString('utf8')).toBe(plaintext);
    });
  }

  it('a whole encrypted request sealed by us is opened by openssl (unwrap, decrypt, verify)', () => {
    const body = '{"bizId":"b","transactionId":"t"}';
    const merchant = loadPrivateKey(keys.privatePem);
    const sealed = sealMessage({
      direction: 'request',
      path: PATH,
      clientId: CLIENT_ID,
      body,
      signingKey: merchant,
      encryptFor: keys.publicPem,
    });
    const symmetricKey = decodeURIComponent(/symmetricKey=(.*)$/.exec(sealed.headers.Encrypt!)![1]!);
    const aesKey = wd.run([
      'pkeyutl',
      '-decrypt',
      '-inkey',
      keys.privatePath,
      '-pkeyopt',
      'rsa_padding_mode:pkcs1',
      '-in',
      wd.file('sk.bin', Buffer.from(symmetricKey, 'base64')),
    ]);
    expect(aesKey.length).toBe(32);
    const plain = wd.run(['enc', '-d', '-aes-256-ecb', '-K', aesKey.toString('hex'), '-base64', '-A'], sealed.body);
    expect(plain.toString()).toBe(body);
    const sig = Buffer.from(decodeURIComponent(/signature=(.*)$/.exec(sealed.headers.Signature!)![1]!), 'base64');
    const content = `POST ${PATH}\n${CLIENT_ID}.${sealed.time}.${sealed.body}`;
    const out = wd.run(['dgst', '-sha256', '-verify', keys.publicPath, '-signature', wd.file('s.bin', sig), wd.file('sc.txt', content)]);
    expect(out.toString()).toMatch(/Verified OK/);
  });
});
