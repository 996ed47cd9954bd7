// The coverage page (`validate-traffic --coverage-html`) in headless Chromium, with the docs' harness: it
// renders offline (no request leaves the machine, no script), with a table per operation showing covered
// and missing items apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '@zoloz-openapi/traffic-validator';
import { exampleCapture, spec, toJsonl } from '../packages/traffic-validator/test/support/fixtures.js';
import { CHROMIUM, openAudited, serveDirectory, type Audit } from './support/browser.js';

const ARTIFACTS = join(resolve(fileURLToPath(new URL('..', import.meta.url))), 'test-artifacts');

describe('coverage page in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coverage-page-'));
  let server: Awaited<ReturnType<typeof serveDirectory>>;
  let audit: Audit;
  let operationIds: string[];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`node scripts/ensure-test-deps.mjs\``);
    const operations = (await spec()).operations;
    operationIds = operations.map((o) => o.operationId);
    // Only the Connect operations in the capture: the RealID ones must show as not covered.
    writeFileSync(join(dir, 'capture.jsonl'), toJsonl(exampleCapture(operations.filter((o) => o.operationId.startsWith('connect')))));
    const code = await runCli(
      ['validate-traffic', join(dir, 'capture.jsonl'), '--no-flow', '--format', 'json', '--coverage-html', join(dir, 'index.html')],
      // Drained, as a terminal or a pipe is: the report is written with backpressure.
      { stdout: new PassThrough().resume(), stderr: new PassThrough().resume() },
    );
    expect(code).toBe(0);
    server = await serveDirectory(dir);
    audit = await openAudited();
    await audit.page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
  }, 60_000);
  afterAll(async () => {
    await audit?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders a summary and one table per operation, fully offline', async () => {
    const { page } = audit;
    const sections = await page
      .locator('section[data-operation]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-operation')));
    expect(sections).toEqual(operationIds);
    expect(await page.locator('table.summary tbody tr').count()).toBe(operationIds.length + 1);
    expect(await page.locator('table.summary tbody tr').last().textContent()).toMatch(/total \(3\/5 operations\)/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'coverage.png'), fullPage: false });
    expect(audit.offsite).toEqual([]);
    expect(audit.consoleErrors).toEqual([]);
    expect(audit.pageErrors).toEqual([]);
    expect(audit.requests.every((url) => url.startsWith(server.origin))).toBe(true);
  }, 60_000);

  it('shows covered and missing items apart: a covered operation has both, an unseen one only missing', async () => {
    const { page } = audit;
    const states = (id: string) =>
      page.locator(`section[data-operation="${id}"] tbody tr`).evaluateAll((rows) => rows.map((r) => r.className));
    const enroll = await states('connectEnroll');
    expect(enroll).toContain('covered');
    expect(enroll).toContain('missing');
    const realId = await states('realIdCheckResult');
    expect(realId.length).toBeGreaterThan(0);
    expect(new Set(realId)).toEqual(new Set(['missing']));
    // Colour tells them apart at a glance.
    const colour = (state: string) =>
      page
        .locator(`section[data-operation="connectEnroll"] tr.${state} td.s`)
        .first()
        .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(await colour('covered')).not.toBe(await colour('missing'));
  }, 60_000);
});
