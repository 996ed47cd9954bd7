// The compiled package, imported from plain node (no TypeScript loader), as a published package would be.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway.js';
import { CLIENT_ID, merchant, zoloz } from './helpers/keys.js';
import { readFileSync } from 'node:fs';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
}, 120_000);
afterAll(() => gw.close());

describe('dist from plain node', () => {
  it('imports @zoloz-openapi/client and completes a signed, verified call', async () => {
    const script = `
      import { createZolozClient, ZolozSignatureError } from '@zoloz-openapi/client';
      const zoloz = createZolozClient({ baseUrl: process.env.GW, clientId: process.env.CID,
        merchantPrivateKey: process.env.MKEY, zolozPublicKey: process.env.ZKEY });
      const res = await zoloz.connect.checkResult({ bizId: 'b', transactionId: 't' });
      console.log(JSON.stringify({ resolved: import.meta.resolve('@zoloz-openapi/client'), status: res.result.resultStatus,
        errorClass: typeof ZolozSignatureError }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: pkgDir,
      env: { ...process.env, GW: gw.url, CID: CLIENT_ID, MKEY: merchant.privateDerB64, ZKEY: zoloz.publicPem },
    });
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(out).toEqual({ resolved: expect.stringMatching(/\/client\/dist\/index\.js$/), status: 'S', errorClass: 'function' });
    expect(gw.requests.at(-1)?.openError).toBeUndefined();
  });

  it('the default User-Agent carries the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const { CLIENT_VERSION } = await import('../src/version.js');
    expect(CLIENT_VERSION).toBe(pkg.version);
  });
});
