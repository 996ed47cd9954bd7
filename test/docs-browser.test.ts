// Opens the built Redoc reference (docs/index.html) in headless Chromium — Debian's /usr/bin/chromium,
// installed by scripts/ensure-test-deps.mjs, never a downloaded browser — served from a local node:http server,
// and checks that it renders every operation and the main models fully offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, openAudited, serveDirectory, type Audit } from './support/browser.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
// DOCS_BROWSER_TEST_DIR / DOCS_BROWSER_TEST_SPEC: check a docs build made elsewhere (default: this checkout).
const DOCS_DIR = resolve(process.env.DOCS_BROWSER_TEST_DIR ?? join(ROOT, 'docs'));
const SPEC_JSON = resolve(process.env.DOCS_BROWSER_TEST_SPEC ?? join(ROOT, 'generated', 'openapi.json'));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const OPERATIONS = ['connectInitialize', 'connectCheckResult', 'connectEnroll', 'realIdInitialize', 'realIdCheckResult'];
const MODELS = [
  'Result',
  'ExtFaceInfo',
  'ExtIdInfo',
  'ExtBasicInfo',
  'ExtRiskInfo',
  'ProductConfig',
  'ConsistencyCheckItem',
  'H5ModeConfig',
  'PageConfig',
];

describe('docs browser harness (self-check)', () => {
  it('flags a page that reaches beyond localhost, and lets local, data: and blob: requests through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-harness-'));
    writeFileSync(join(dir, 'app.js'), 'document.getElementById("out").textContent = "local script ran";');
    writeFileSync(
      join(dir, 'index.html'),
      `<!doctype html><html><head><title>harness</title></head><body>
      <p id="out">-</p>
      <img alt="data" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <script src="app.js"></script>
      <script src="https://cdn.example.invalid/lib.js"></script>
      <script>URL.createObjectURL(new Blob(["x"]));</script>
    </body></html>`,
    );
    const server = await serveDirectory(dir);
    const audit = await openAudited();
    try {
      await audit.page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
      await expect.poll(() => audit.page.textContent('#out')).toBe('local script ran');
      expect(audit.offsite).toEqual(['https://cdn.example.invalid/lib.js']);
      expect(audit.consoleErrors.some((m) => /ERR_BLOCKED_BY_CLIENT/.test(m))).toBe(true);
      expect(server.served).toContain('/app.js');
    } finally {
      await audit.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('docs/index.html in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof serveDirectory>>;
  let audit: Audit;
  const spec = existsSync(SPEC_JSON) ? JSON.parse(readFileSync(SPEC_JSON, 'utf8')) : undefined;
  const ops = new Map<string, { path: string; summary: string; tag: string }>();
  for (const [path, item] of Object.entries<Record<string, any>>(spec?.paths ?? {})) {
    const op = item.post;
    if (op) ops.set(op.operationId, { path, summary: op.summary, tag: op.tags?.[0] ?? '' });
  }
  const visibleText: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(DOCS_DIR, 'index.html'))) throw new Error('docs/index.html is missing: run `npm run build` first');
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`node scripts/ensure-test-deps.mjs\``);
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveDirectory(DOCS_DIR);
    audit = await openAudited();
    await audit.page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
  }, 60_000);
  afterAll(async () => {
    await audit?.close();
    await server?.close();
  });

  it('renders the reference page and saves a screenshot', async () => {
    const { page } = audit;
    await expect.poll(() => page.evaluate(() => document.body.textContent.length), { timeout: 20_000 }).toBeGreaterThan(500);
    await expect.poll(() => page.evaluate(() => document.body.textContent), { timeout: 20_000 }).toContain(spec?.info?.title ?? 'ZOLOZ');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'docs.png') });
    expect(existsSync(join(ARTIFACTS, 'docs.png'))).toBe(true);
  }, 60_000);

  it.each(OPERATIONS)(
    'renders operation %s (summary, method and path)',
    async (operationId) => {
      const { page } = audit;
      const op = ops.get(operationId);
      expect(op, `${operationId} is not in generated/openapi.json`).toBeDefined();
      const mainText = () => page.evaluate(() => (document.querySelector('main') ?? document.body).textContent);
      // Redoc lists operations under their tag in the sidebar; open the tag when the link is not there yet.
      const link = page.locator(`a[href$="/${operationId.toLowerCase()}"], a[href$="operation/${operationId}"]`).first();
      if ((await link.count()) === 0 && op!.tag) await page.getByText(op!.tag, { exact: true }).first().click();
      await link.click({ timeout: 15_000 });
      await expect.poll(mainText, { timeout: 15_000 }).toContain(op!.summary);
      await expect.poll(mainText, { timeout: 15_000 }).toContain(op!.path);
      visibleText.push(await mainText());
      // Open nested object/array properties ("Show N properties") so that nested models show.
      const closed = page.locator('main [data-schema-nested-open="false"] > button');
      for (let clicks = 0; clicks < 300 && (await closed.count()) > 0; clicks++) {
        await closed.first().click({ timeout: 2_000 });
      }
      visibleText.push(await mainText());
      await page.screenshot({ path: join(ARTIFACTS, `docs-${operationId}.png`) });
    },
    60_000,
  );

  it.each(MODELS)('renders model %s', (model) => {
    expect(visibleText.length, 'operation pages were not rendered').toBeGreaterThanOrEqual(OPERATIONS.length);
    expect(visibleText.join('\n')).toMatch(new RegExp(`\\b${model}\\b`));
  });

  it('logged no console errors and threw no page errors', () => {
    expect(audit.pageErrors).toEqual([]);
    expect(audit.consoleErrors).toEqual([]);
  });

  it('made no request beyond localhost (data: and blob: allowed)', () => {
    expect(audit.requests.length).toBeGreaterThan(0);
    expect(audit.offsite).toEqual([]);
  });
});
