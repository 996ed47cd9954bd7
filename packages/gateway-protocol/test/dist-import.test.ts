import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));

describe('compiled dist from plain node', () => {
  it('imports @zoloz-openapi/gateway-protocol without a TypeScript loader and reproduces V1', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import * as g from '@zoloz-openapi/gateway-protocol';
      const key = g.loadPrivateKey(readFileSync(${JSON.stringify(fileURLToPath(new URL('./fixtures/vector-key.pem', import.meta.url)))}, 'utf8'));
      const s = g.sealMessage({ direction: 'request', path: '/api/v1/zoloz/authentication/test', clientId: '2089012345678900',
        body: '{"title":"hello","description":"just for demonstration."}', signingKey: key, time: '2020-01-01T08:00:00+0800' });
      console.log(JSON.stringify({ resolved: import.meta.resolve('@zoloz-openapi/gateway-protocol'), sig: s.headers.Signature }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: pkgDir, encoding: 'utf8' });
    const { resolved, sig } = JSON.parse(out.trim().split('\n').pop()!);
    expect(resolved).toMatch(/\/gateway-protocol\/dist\/index\.js$/);
    expect(sig).toMatch(/^algorithm=RSA256, signature=Hz%2FEd00NRXiFrn4H3/);
  });
});
