// Stage 9: the Redoc API reference (docs/index.html), fully offline: the installed Redoc bundle is
// inlined and the template loads no fonts. Each operation gets a generated code sample that uses
// @zoloz-openapi/client with the operation's first request example.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../lib/paths.mjs';
import { deref, eachOperation } from '../lib/spec.mjs';
import { runTool, StageError } from '../lib/tool.mjs';

export const name = 'docs';
export const needs = ['spec', 'operations'];
export const provides = [];
export const outputs = ['docs/index.html'];

function codeSample(spec, op, entry) {
  const [first] = Object.values(op.requestBody.content['application/json'].examples ?? {});
  const body = JSON.stringify(deref(spec, first).value, null, 2);
  return [
    "import { createZolozClient } from '@zoloz-openapi/client';",
    '',
    'const zoloz = createZolozClient({',
    "  baseUrl: 'https://sg-sandbox-api.zoloz.com',",
    '  clientId: process.env.ZOLOZ_CLIENT_ID,',
    '  merchantPrivateKey: process.env.ZOLOZ_MERCHANT_PRIVATE_KEY, // PKCS#8 PEM or base64 DER',
    '  zolozPublicKey: process.env.ZOLOZ_PUBLIC_KEY, // SPKI PEM or base64 DER',
    '});',
    '',
    `const res = await zoloz.${entry.clientNamespace}.${entry.clientMethod}(${body});`,
    '',
    "if (res.result.resultStatus === 'S') {",
    '  // success',
    '} else {',
    '  // F and U are results, not exceptions: see res.result.resultCode',
    '}',
  ].join('\n');
}

// Redoc's sidebar attribution loads its logo from a CDN at run time. The published page must make no
// request beyond its own host, so the logo is served inline instead (the attribution link stays).
const CDN_LOGOS = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];
const INLINE_LOGO = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="14" viewBox="0 0 60 14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#888">Redocly</text></svg>',
).toString('base64')}`;
// The page may only talk to its own origin; inline script and styles are how Redoc renders offline.
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data:">`;

function offline(html) {
  let page = html;
  for (const url of CDN_LOGOS) {
    if (!page.includes(url))
      throw new StageError(`Redoc no longer references ${url}: review the offline patch in scripts/stages/docs.mjs.`);
    page = page.split(url).join(INLINE_LOGO);
  }
  return page.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n  ${CSP}`);
}

export async function run(ctx) {
  const docSpec = structuredClone(ctx.spec);
  for (const { op } of eachOperation(docSpec)) {
    const entry = ctx.operations.find((o) => o.operationId === op.operationId);
    op['x-codeSamples'] = [{ lang: 'TypeScript', label: '@zoloz-openapi/client', source: codeSample(docSpec, op, entry) }];
  }
  const scratch = ctx.out.abs('.docs-input.json');
  await fs.writeFile(scratch, JSON.stringify(docSpec));
  const target = ctx.out.abs('docs/index.html');
  await fs.mkdir(path.dirname(target), { recursive: true });
  const { code, output } = await runTool('redocly', [
    'build-docs',
    scratch,
    '--inlineBundle',
    '--template',
    path.join(ROOT, 'scripts', 'docs-template.hbs'),
    '--title',
    'ZOLOZ Connect and RealID API reference',
    '-o',
    target,
  ]);
  await fs.rm(scratch, { force: true });
  if (code !== 0) throw new StageError(`redocly build-docs failed:\n${output}`);
  const html = offline(await fs.readFile(target, 'utf8'));
  const external = [...html.matchAll(/<(?:link|script|img)\b[^>]*\b(?:href|src)="(https?:)?\/\/[^"]+"/g)].map((m) => m[0]);
  if (external.length) throw new StageError(`docs/index.html loads external resources:\n${external.join('\n')}`);
  await ctx.out.write('docs/index.html', html, { raw: true });
  return `docs/index.html (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, offline)`;
}
