/**
 * `npm run screenshots`: the README's tour of the studio, one picture per view, taken in Debian's
 * Chromium from the demo (a real Prometheus with synthetic data, the studio through the proxy).
 * The only thing in the repository that writes docs/*.png: tests never do. Look at every picture
 * before committing it.
 */
import { mkdirSync } from 'node:fs';
import { launch } from '../tests/e2e/browser.ts';
import type { Page } from 'playwright-core';
import { startDemo } from '../src/demo/run.ts';
import { freePort } from '../tests/helpers/prometheus.ts';
import { tempDir } from '../tests/helpers/promtool.ts';

const VIEWPORT = { width: 1440, height: 900 };
const OUT = 'docs';

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-editor textarea', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="status"]:text-matches("^valid")', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="connection-status"].conn-ok', { timeout: 30_000 });
}

async function openExample(page: Page, id: string): Promise<void> {
  await page.click('button:has-text("Examples")');
  await page.click(`[data-example="${id}"]`);
  await page.waitForFunction(
    (name) => (document.querySelector('select[aria-label="Open document"]') as HTMLSelectElement).value.endsWith(`/${name}.yaml`),
    id,
  );
  await page.waitForSelector('[data-testid="status"]:text-matches("^valid")');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(5, VIEWPORT.height - 5);
  // Charts and live panels settle after their queries answer.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log(`wrote ${OUT}/${name}.png`);
}

const demo = await startDemo({
  port: await freePort(),
  prometheusPort: await freePort(),
  dir: tempDir('nthlayer-screenshots-'),
  log: (s) => console.log(s),
});
const browser = await launch();
try {
  mkdirSync(OUT, { recursive: true });
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(demo.studioUrl);
  await page.evaluate(() => localStorage.clear());
  await page.goto(demo.studioUrl);
  await ready(page);

  // The editor beside the generated dashboard, live: the README's first picture.
  await page.click('role=tab[name="Dashboard"]');
  await page.waitForSelector('[data-testid="live-note"]');
  await page.waitForSelector('.gf-panel[data-live="true"] .recharts-line-curve', { state: 'attached', timeout: 30_000 });
  // The SLO row reads recorded series, which start with the demo's first rule evaluations; the
  // service-health row reads the raw metrics and their week of history: show that row first.
  // Scroll the preview pane only (scrollIntoView would scroll the page under the toolbar too), and
  // move the mouse off the charts so no tooltip covers them.
  await page.$eval('section.gf-row[aria-label^="Row Service"]', (row) => {
    const pane = document.getElementById('preview-panel')!;
    pane.scrollTop += row.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
  });
  await page.mouse.move(5, VIEWPORT.height - 5);
  await shot(page, 'studio');

  await page.click('role=tab[name="Plan"]');
  await page.waitForSelector('[data-testid="plan"]');
  await shot(page, 'studio-plan');

  // order-api burns its budget in the demo: the SLO view shows it, tier by tier.
  await openExample(page, 'order-api');
  await page.click('role=tab[name="SLOs"]');
  await page.waitForSelector('[data-testid="budget-availability"][data-status="exhausted"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="tier-burns-availability"]');
  // The generated groups evaluate every minute and the alerts read recorded series: wait (up to
  // 3 minutes) until ALERTS has the page alert, refreshing as a person would.
  for (let i = 0; i < 60; i++) {
    if (
      /^(pending|firing)$/.test(
        (await page.getAttribute('[data-testid="tier-burns-availability"] tr[data-tier="page_fast"]', 'data-state')) ?? '',
      )
    )
      break;
    await page.waitForTimeout(3000);
    await page.click('button:has-text("Refresh live data")');
  }
  await shot(page, 'studio-slos');

  // checkout-service misses its exporters: Verify names them.
  await openExample(page, 'checkout-service');
  await page.click('role=tab[name="Verify"]');
  await page.waitForSelector('[data-testid="verify"]', { timeout: 30_000 });
  await shot(page, 'studio-verify');

  await page.click('button:has-text("Portfolio")');
  await page.waitForSelector('[data-testid="portfolio-summary"]:has-text("measured now")', { timeout: 60_000 });
  await shot(page, 'studio-portfolio');

  // A review link: what a lower objective does, and the files it changes.
  await page.click('button:has-text("Editor")');
  await openExample(page, 'payment-api');
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+f');
  await page.keyboard.type('objective: 99.95');
  await page.keyboard.press('Escape');
  await page.keyboard.type('objective: 99.9');
  await page.waitForSelector('[data-testid="status"]:text-matches("^valid")');
  await page.click('button:has-text("Share")');
  const link = await page.inputValue('[data-testid="share-url"]');
  await page.keyboard.press('Escape');
  const reviewer = await context.newPage();
  await reviewer.goto(link);
  await reviewer.waitForSelector('[data-testid="review-banner"]');
  await reviewer.click('role=tab[name="Changes"]');
  await reviewer.waitForSelector('[data-testid="review-changes"]');
  await reviewer.click('button[data-file="payment-api/alerts.yaml"]');
  await reviewer.waitForSelector('[data-testid="file-diff"] .monaco-diff-editor');
  await shot(reviewer, 'studio-review');
} finally {
  await browser.close();
  await demo.stop();
}
