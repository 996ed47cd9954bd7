// The headless-Chromium harness of the browser tests (the docs page, the coverage page): Debian's
// /usr/bin/chromium, installed by scripts/ensure-test-deps.mjs, never a downloaded browser; pages served
// from a local node:http server; every request recorded and anything leaving the machine blocked.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
// toolchain.md: how Debian's chromium runs headless as root here, with nothing phoning home.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--no-pings',
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** A static file server for one directory, on 127.0.0.1, on a free port. */
export async function serveDirectory(dir: string): Promise<{ origin: string; served: string[]; close(): Promise<void> }> {
  const served: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(dir, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    served.push(pathname);
    if (!(file === dir || file.startsWith(dir + sep))) {
      res.writeHead(403).end();
      return;
    }
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
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    const u = new URL(url);
    return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

export interface Audit {
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
export async function openAudited(): Promise<Audit> {
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
    requests: [],
    offsite: [],
    consoleErrors: [],
    pageErrors: [],
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
  audit.page.on('console', (msg) => {
    if (msg.type() === 'error') audit.consoleErrors.push(msg.text());
  });
  audit.page.on('websocket', (ws) => {
    if (!isLocal(ws.url())) audit.offsite.push(ws.url());
  });
  return audit;
}
