/**
 * The studio against a real Prometheus: `startDemo` (Debian's prometheus with a week of synthetic
 * data, the generated rules loaded, dist/ and the /api/v1 proxy on one origin), and for the direct
 * mode a second Prometheus allowing the preview server's origin, stopped mid-session.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compile, sloFacts } from '../../src/core/index.ts';
import { startDemo, type RunningDemo } from '../../src/demo/run.ts';
import { freePort, startPrometheus } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';
import { launch, openStudio, type Watched } from './browser.ts';

let demo: RunningDemo;
let browser: Browser;
const opened: Watched[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([
    startDemo({
      port: await freePort(),
      prometheusPort: await freePort(),
      dir: tempDir('nthlayer-e2e-demo-'),
      log: () => {},
      skipBuild: true,
    }),
    launch(),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function studio(url = demo.studioUrl): Promise<Watched> {
  const w = await openStudio(browser, url);
  opened.push(w);
  return w;
}

async function openExample(page: Page, id: string): Promise<void> {
  await page.click('button:has-text("Examples")');
  await page.click(`[data-example="${id}"]`);
  await page.waitForFunction((name) => document.querySelector('[data-testid="plan"] h2')?.textContent?.startsWith(name), id);
}

const connected = (page: Page) => page.waitForSelector('[data-testid="connection-status"].conn-ok', { timeout: 20_000 });

describe('the studio with a live Prometheus', () => {
  it('connects through the proxy on its own origin, and payment-api may deploy', async () => {
    const { page, errors } = await studio();
    await connected(page);
    await expect(page.textContent('[data-testid="connection-status"]')).resolves.toMatch(/Prometheus 2\.[\d.]+.*connected/);
    await page.click('role=tab[name="SLOs"]');
    await page.waitForSelector('[data-testid="budget-availability"][data-status="healthy"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="gate-badge"][data-decision="approved"]');
    await expect(page.textContent('[data-testid="gate-message"]')).resolves.toContain('Deploy approved');
    await page.waitForSelector('[data-testid="burn-down-availability"] .recharts-area-curve', { state: 'attached', timeout: 20_000 });
    expect(errors).toEqual([]);
  });

  it("shows order-api's availability budget exhausted and its deploy blocked", async () => {
    const { page } = await studio();
    await connected(page);
    await openExample(page, 'order-api');
    await page.click('role=tab[name="SLOs"]');
    await page.waitForSelector('[data-testid="budget-availability"][data-status="exhausted"]', { timeout: 20_000 });
    await expect(page.textContent('[data-testid="budget-availability"] [data-testid="budget-status"]')).resolves.toBe('exhausted');
    await page.waitForSelector('[data-testid="gate-badge"][data-decision="blocked"]');
    await expect(page.textContent('[data-testid="gate-badge"]')).resolves.toBe('Deploy gate: blocked');
  });

  it('verify lists checkout-service\'s missing mysqld_exporter metrics, apart from "unreachable"', async () => {
    const { page } = await studio();
    await connected(page);
    await openExample(page, 'checkout-service');
    await page.click('role=tab[name="Verify"]');
    await page.waitForSelector('[data-testid="verify"]', { timeout: 30_000 });
    const missing = await page.$$eval('[data-testid^="verify-missing"] tr[data-present="false"]', (rows) =>
      rows.map((r) => ({ metric: r.getAttribute('data-metric'), text: r.textContent ?? '' })),
    );
    const mysql = missing.filter((m) => m.text.includes('mysqld_exporter'));
    expect(mysql.length).toBeGreaterThan(0);
    expect(mysql.every((m) => m.metric?.startsWith('mysql_'))).toBe(true);
    await expect(page.textContent('[data-testid="verify-summary"]')).resolves.toMatch(/required metrics? (is|are) missing/);
    await expect(page.textContent('[data-testid="verify-meta"]')).resolves.toMatch(/\d+ requests/);
    expect(await page.$('[data-testid="verify-error"]')).toBeNull();
  });

  it('draws dashboard panels from real data instead of samples', async () => {
    const { page } = await studio();
    await connected(page);
    await page.click('role=tab[name="Dashboard"]');
    await page.waitForSelector('[data-testid="live-note"]');
    // The request-rate panel of payment-api's service-health row draws a real line.
    const panel = page.locator('.gf-panel[data-live="true"]', { has: page.locator('h4', { hasText: /^Request rate$/ }) });
    // A steady rate draws a flat line, which has no height: wait for it in the DOM, not "visible".
    const line = panel.locator('.recharts-line-curve').first();
    await line.waitFor({ state: 'attached', timeout: 30_000 });
    expect((await line.getAttribute('d'))?.split('C').length).toBeGreaterThan(10);
    expect(await page.$$('.gf-panel .sample-badge')).toHaveLength(0);
    expect(await panel.locator('[data-testid="panel-error"]').count()).toBe(0);
  });

  it('the portfolio of the examples shows order-api exhausted in the critical tier', async () => {
    const { page } = await studio();
    await connected(page);
    await page.click('button:has-text("Portfolio")');
    await page.waitForSelector('[data-testid="portfolio-summary"]:has-text("measured now")', { timeout: 30_000 });
    const row = page.locator('section[data-tier="critical"] tr.portfolio-service[data-service="order-api"]');
    await expect(row.getAttribute('data-status')).resolves.toBe('exhausted');
    await expect(page.textContent('[data-testid="insights"]')).resolves.toContain('error budget exhausted for availability');
    await page
      .locator('section[data-tier="critical"] tr.portfolio-slo[data-status="exhausted"] [data-testid="sparkline"]')
      .first()
      .waitFor({ timeout: 20_000 });
    // A service opens in the editor.
    await row.locator('button').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="plan"] h2')?.textContent?.startsWith('order-api'));
    expect(await page.inputValue('select[aria-label="Open document"]')).toBe('order-api/order-api.yaml');
  });

  it("Inspect runs a panel's query against Prometheus, as Explore does", async () => {
    const { page } = await studio();
    await connected(page);
    await page.click('role=tab[name="Dashboard"]');
    await page.click('button[aria-label="Inspect availability: SLI vs objective: its queries"]');
    await page.waitForSelector('[data-testid="inspect"]');
    // The objective is a recorded series: it exists from the rule group's first evaluation (a
    // minute after the demo starts). Until then the query answers "no series"; ask again, as a
    // person would, until it has one.
    const query = page.locator('[data-testid="inspect"] section', { hasText: 'slo:objective:ratio' });
    const deadline = Date.now() + 120_000;
    for (;;) {
      await query.locator('button:has-text("Run query")').click();
      await page.waitForSelector('[data-testid="inspect-result"], [data-testid="inspect-empty"]', { timeout: 20_000 });
      if ((await query.locator('[data-testid="inspect-result"]').count()) > 0 || Date.now() > deadline) break;
      await page.waitForTimeout(5_000);
    }
    await page.waitForSelector('[data-testid="inspect-result"]', { timeout: 1_000 });
    const cells = await page.$$eval('[data-testid="inspect-result"] tbody td', (tds) => tds.map((t) => t.textContent ?? ''));
    // The recorded objective of payment-api, as the loaded rules write it.
    expect(cells[1]).toBe('99.95%');
  }, 180_000);

  it('opens a folder or a zip of specs as a portfolio, showing their content only as text', async () => {
    const { page } = await studio();
    await page.click('button:has-text("Portfolio")');
    await page.waitForSelector('[data-testid="portfolio-summary"]');
    // The examples folder: its environments/ overrides are not services.
    await page.setInputFiles('[data-testid="portfolio-folder"]', 'examples');
    await page.waitForSelector('h2:has-text("Portfolio of examples")');
    await expect(page.textContent('[data-testid="portfolio-summary"]')).resolves.toContain('11 specs');

    const zip = new JSZip();
    zip.file('team/order-api.yaml', readFileSync('examples/order-api.yaml'));
    zip.file('team/evil.yaml', 'service:\n  name: <img src=x onerror="window.__pwned=1">\n  team: t\n');
    zip.file('team/bomb.yaml', '#'.repeat(3_000_000));
    const file = join(tempDir('nthlayer-zip-'), 'specs.zip');
    writeFileSync(file, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    await page.setInputFiles('[data-testid="portfolio-zip"]', file);
    await page.waitForSelector('h2:has-text("Portfolio of specs")');
    await expect(page.textContent('[data-testid="portfolio-message"]')).resolves.toMatch(/bomb\.yaml: more than \d+ KB uncompressed/);
    await page.waitForSelector('section[data-tier="critical"] tr.portfolio-service[data-service="order-api"][data-status="exhausted"]', {
      timeout: 30_000,
    });
    await page.waitForSelector('text=team/evil.yaml');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$('img')).toHaveLength(0);
  });

  it('connects directly to a Prometheus URL, and says so clearly when it stops', async () => {
    const previewUrl = inject('studioUrl');
    const origin = new URL(previewUrl).origin.replace(/[.]/g, '\\.');
    const prom = await startPrometheus({ extraArgs: [`--web.cors.origin=${origin}`] });
    try {
      const w = await studio(previewUrl);
      const { page } = w;
      // vite preview has no proxy: the studio starts with sample data.
      await page.waitForSelector('[data-testid="connection-status"].conn-off');
      await page.click('[data-testid="connection-status"]');
      await page.check('input[name="conn-mode"][value="direct"]');
      await page.fill('label:has-text("Prometheus URL") input', prom.url);
      await page.click('dialog button[type="submit"]');
      await connected(page);
      await page.click('role=tab[name="SLOs"]');
      await page.waitForSelector('[data-testid="budget-availability"]', { timeout: 20_000 });

      await prom.stop();
      const started = Date.now();
      await page.click('button:has-text("Refresh live data")');
      await page.waitForSelector('[data-testid="live-error"]', { timeout: 20_000 });
      await expect(page.textContent('[data-testid="live-error"]')).resolves.toContain(`cannot reach Prometheus at ${prom.url}`);
      await page.waitForSelector('[data-testid="budget-error"]', { timeout: 20_000 });
      await expect(page.textContent('[data-testid="connection-status"]')).resolves.toContain('unreachable');
      expect(Date.now() - started).toBeLessThan(15_000);
      // The page still responds: switching tabs works while Prometheus is gone.
      await page.click('role=tab[name="Plan"]');
      await page.waitForSelector('[data-testid="plan"]');
      // The only other origin asked was the Prometheus the person chose.
      expect(w.foreign.every((u) => u.startsWith(`${prom.url}/api/v1/`))).toBe(true);
      expect(w.foreign.length).toBeGreaterThan(0);
      w.foreign.length = 0;
      // Connection failures are logged by the browser itself; nothing else may be.
      expect(w.errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
    } finally {
      await prom.stop();
    }
  });

  it("shows order-api's burn rate per alert tier against its threshold, and its alerts pending or firing from ALERTS", async () => {
    const { page } = await studio();
    await connected(page);
    await openExample(page, 'order-api');
    await page.click('role=tab[name="SLOs"]');
    const table = '[data-testid="tier-burns-availability"]';
    await page.waitForSelector(table, { timeout: 20_000 });
    const rows = await page.$$eval(`${table} tbody tr`, (trs) =>
      trs.map((r) => ({ tier: r.getAttribute('data-tier'), cells: [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '') })),
    );
    // The tiers and thresholds are the core's (order-api's 28-day window scales the 30-day 14.4x to 13.44x), rounded for reading.
    const model = compile({ file: 'examples/order-api.yaml', text: readFileSync('examples/order-api.yaml', 'utf8') }).model!;
    const tiers = sloFacts(
      model,
      model.slos.find((x) => x.name === 'availability')!,
    ).tiers;
    expect(rows.map((r) => r.tier)).toEqual(tiers.map((t) => t.name));
    rows.forEach((r, i) => {
      expect(r.cells[2]).toMatch(/^\d+(\.\d{1,2})?×$/);
      expect(Math.abs(Number(r.cells[2]!.slice(0, -1)) - tiers[i]!.factor)).toBeLessThan(0.05);
    });
    // The generated rule groups evaluate every minute, and the alerts read the recorded series, so
    // ALERTS has them a minute or two after Prometheus starts (this test runs last for that); the
    // table shows it once refreshed, as a person would.
    const pageFast = `${table} tr[data-tier="page_fast"]`;
    const deadline = Date.now() + 150_000;
    while (!/^(pending|firing)$/.test((await page.getAttribute(pageFast, 'data-state')) ?? '') && Date.now() < deadline) {
      await page.waitForTimeout(3000);
      await page.click('button:has-text("Refresh live data")');
    }
    await expect(page.textContent(`${pageFast} [data-testid="alert-state"]`)).resolves.toMatch(/^(pending|firing)$/);
    // 3 % errors against a 99.95 % objective is a 60x burn: both windows read over the 13.44x threshold.
    const burns = await page.$$eval(`${pageFast} td`, (tds) => tds.slice(2, 4).map((t) => Number.parseFloat(t.textContent ?? '')));
    for (const b of burns) expect(b).toBeGreaterThan(tiers[0]!.factor);
  }, 200_000);

  it('made no request to any other origin', () => {
    expect(opened.flatMap((w) => w.foreign)).toEqual([]);
  });
});
