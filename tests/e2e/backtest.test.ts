/**
 * The studio's Backtest view gives the same episodes as `nthlayer backtest` for the same spec and
 * data: the demo (a real Prometheus with a week of synthetic data, order-api burning its budget
 * in the last three hours; the studio talks to it through the proxy on its own origin) in
 * Chromium, and the CLI straight at the same Prometheus over the period the studio reports.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { BacktestJson } from '../../src/core/backtest/report.ts';
import { startDemo, type RunningDemo } from '../../src/demo/run.ts';
import { freePort } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';
import { launch, openStudio } from './browser.ts';

let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([
    startDemo({
      port: await freePort(),
      prometheusPort: await freePort(),
      dir: tempDir('nthlayer-e2e-backtest-'),
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

interface Row {
  slo: string;
  tier: string;
  start: string;
  end: string | null;
  notified: boolean;
}

describe("the studio's backtest", () => {
  it("shows order-api's burn as the CLI reports it: same episodes, same verdict, through the proxy", async () => {
    const { page, errors } = await openStudio(browser, demo.studioUrl);
    await page.waitForSelector('[data-testid="connection-status"].conn-ok', { timeout: 20_000 });
    await page.click('button:has-text("Examples")');
    await page.click('[data-example="order-api"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="plan"] h2')?.textContent?.startsWith('order-api'));
    await page.click('role=tab[name="SLOs"]');
    await page.click('[data-testid="backtest-run"]', { timeout: 20_000 });
    const report = await page.waitForSelector('[data-testid="backtest-report"]', { timeout: 60_000 });
    const from = (await report.getAttribute('data-from'))!;
    const to = (await report.getAttribute('data-to'))!;
    const step = Number(await report.getAttribute('data-step'));
    const studio = await page.$$eval('[data-testid^="backtest-"][data-status]', (sections) =>
      sections.flatMap((s) =>
        [...s.querySelectorAll('tr[data-tier]')].map((r) => ({
          slo: s.getAttribute('data-testid')!.slice('backtest-'.length),
          tier: r.getAttribute('data-tier')!,
          start: r.getAttribute('data-start')!,
          end: r.getAttribute('data-end') || null,
          notified: r.getAttribute('data-notified') === 'true',
        })),
      ),
    );
    const verdicts = await page.$$eval('[data-testid="backtest-verdict"]', (els) => els.map((e) => e.textContent));
    // The burn shows: the chart has its lines and the page episodes are shaded.
    await page.waitForSelector('[data-testid="backtest-availability"] .recharts-line-curve', { state: 'attached' });
    await page.waitForSelector('[data-testid="backtest-availability"] .recharts-reference-area-rect', { state: 'attached' });

    const out: string[] = [];
    const err: string[] = [];
    const since = `${(Date.parse(to) - Date.parse(from)) / 60_000}m`;
    const code = await main(
      [
        'backtest',
        'examples/order-api.yaml',
        '-p',
        demo.prometheusUrl,
        '--since',
        since,
        '--until',
        to,
        '--step',
        `${step / 60}m`,
        '--format',
        'json',
      ],
      { out: (s) => out.push(s), err: (s) => err.push(s), color: false },
    );
    expect(code, err.join('\n')).toBe(0);
    const cli = JSON.parse(out.join('\n')) as BacktestJson;
    expect([cli.from, cli.to]).toEqual([from, to]);
    const cliRows: Row[] = cli.slos.flatMap((s) =>
      s.episodes.map((e) => ({ slo: s.slo, tier: e.tier, start: e.start, end: e.end, notified: e.notified })),
    );
    expect(studio).toEqual(cliRows);
    expect(studio.some((r) => r.slo === 'availability' && r.tier === 'page_fast')).toBe(true);
    expect(verdicts).toEqual(
      cli.slos.map((s) => {
        const days = Math.round(((Date.parse(to) - Date.parse(from)) / 86_400_000) * 10) / 10;
        const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
        return s.status === 'no_data' ? 'no data in the period' : `${n(s.pages!, 'page')}, ${n(s.tickets!, 'ticket')} in ${days} days`;
      }),
    );
    expect(errors).toEqual([]);
  });
});
