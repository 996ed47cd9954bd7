// Opens the built Redoc reference (docs/index.html) in headless Chromium — Debian's /usr/bin/chromium,
// installed by scripts/ensure-test-deps.mjs, never a downloaded browser — served from a local node:http server,
// and checks that it renders every operation and the main models fully offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
// DOCS_BROWSER_TEST_DIR / DOCS_BROWSER_TEST_SPEC: check a docs build made elsewhere (default: this checkout).
const DOCS_DIR = resolve(process.env['DOCS_BROWSER_TEST_DIR'] ?? join(ROOT, 'docs'));
const SPEC_JSON = resolve(process.env['DOCS_BROWSER_TEST_SPEC'] ?? join(ROOT, 'generated', 'openapi.json'));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
// toolchain.md: how Debian's chromium runs headless as root here, with nothing phoning home.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
  '--disable-domain-reliability', '--metrics-recording-only', '--no-pings',
];

const OPERATIONS = ['connectInitialize', 'connectCheckResult', 'connectEnroll', 'realIdInitialize', 'realIdCheckResult'];
const MODELS = ['Result', 'ExtFaceInfo', 'ExtIdInfo', 'ExtBasicInfo', 'ExtRiskInfo', 'ProductConfig', 'ConsistencyCheckItem', 'H5ModeConfig', 'PageConfig'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.yaml': 'text/yaml; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

/** A static file server for one directory, on 127.0.0.1, on a free port. */
async function serveDirectory(dir: string): Promise<{ origin: string; served: string[]; close(): Promise<void> }> {
  const served: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(dir, pathname.endsWith('/') ? pathname + 'index.html' : pathname));
    served.push(pathname);
    if (!(file === dir || file.startsWith(dir + sep))) { res.writeHead(403).end(); return; }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    const u = new URL(url);
    return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

interface Audit {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** Requests to anything but 127.0.0.1/localhost/data:/blob: (blocked, and a failure). */
  offsite: string[];
  consoleErrors: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile; records every request and blocks those leaving the machine. */
async function openAudited(): Promise<Audit> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'docs-browser-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
  });
  const audit: Audit = {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    requests: [], offsite: [], consoleErrors: [], pageErrors: [],
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  // Nothing may leave the machine: record it as a failure and never let it through.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    audit.requests.push(req.url());
    if (!isLocal(req.url())) audit.offsite.push(req.url());
  });
  context.on('weberror', (e) => audit.pageErrors.push(e.error().message));
  audit.page.on('console', (msg) => { if (msg.type() === 'error') audit.consoleErrors.push(msg.text()); });
  audit.page.on('websocket', (ws) => { if (!isLocal(ws.url())) audit.offsite.push(ws.url()); });
  return audit;
}

describe('docs browser harness (self-check)', () => {
  it('flags a page that reaches beyond localhost, and lets local, data: and blob: requests through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-harness-'));
    writeFileSync(join(dir, 'app.js'), 'document.getElementById("out").textContent = "local script ran";');
    writeFileSync(join(dir, 'index.html'), `<!doctype html><html><head><title>harness</title></head><body>
      <p id="out">-</p>
      <img alt="data" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      <script src="app.js"></script>
      <script src="https://cdn.example.invalid/lib.js"></script>
      <script>URL.createObjectURL(new Blob(["x"]));</script>
    </body></html>`);
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
    const op = item['post'];
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
    await expect.poll(() => page.evaluate(() => document.body.innerText.length), { timeout: 20_000 }).toBeGreaterThan(500);
    await expect.poll(() => page.evaluate(() => document.body.innerText), { timeout: 20_000 }).toContain(spec?.info?.title ?? 'ZOLOZ');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'docs.png') });
    expect(existsSync(join(ARTIFACTS, 'docs.png'))).toBe(true);
  }, 60_000);

  it.each(OPERATIONS)('renders operation %s (summary, method and path)', async (operationId) => {
    const { page } = audit;
    const op = ops.get(operationId);
    expect(op, `${operationId} is not in generated/openapi.json`).toBeDefined();
    const mainText = () => page.evaluate(() => (document.querySelector('main') ?? document.body).innerText);
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
  }, 60_000);

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
