/**
 * The studio as Grafana, Pyrra and Prometheus users expect it (#17), in Debian's Chromium on the
 * production build, at a 1280x720 laptop and a 1440x900 desktop: keyboard paths that never edit
 * the spec, legends, sample data inside each panel's green band, clock-time axes, variables,
 * Inspect, completion and quick fixes, the review's consequences, layout at 1280 px, numbers a
 * person reads, notices that clear, the gallery, and axe-core with no serious violation on any view.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compile, dashboardPlanOf } from '../../src/core/index.ts';
import { axeViolations, goToLine, launch, openStudio, replaceLine, VIEWPORTS, type Viewport, type Watched } from './browser.ts';

const url = inject('studioUrl');
let browser: Browser;
const opened: Watched[] = [];
/** One context per viewport: the HTTP cache stays warm; each test still opens a fresh page with empty storage. */
const contexts = new Map<string, BrowserContext>();

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function studio(viewport: Viewport): Promise<Watched> {
  const key = `${viewport.width}x${viewport.height}`;
  let context = contexts.get(key);
  if (!context) {
    context = await browser.newContext({ viewport, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    contexts.set(key, context);
  }
  // The previous test's pages go: a page left open keeps its workers busy.
  for (const w of opened.splice(0))
    if (w.context === context) {
      foreignSeen.push(...w.foreign);
      await w.page.close();
    }
  const w = await openStudio(browser, url, { viewport, context });
  opened.push(w);
  return w;
}

const foreignSeen: string[] = [];
const xTicks = (page: Page): Promise<string[]> =>
  page.$$eval('.gf-panel[data-panel-type="timeseries"] text.recharts-cartesian-axis-tick-value[orientation="bottom"]', (els) =>
    els.map((e) => e.textContent ?? ''),
  );

/**
 * Opens the suggestions (Ctrl+Space) and waits for a row with `text`. A busy page can close the
 * widget as it opens (a recompile moves the markers): then ask again, as a person would.
 */
async function suggest(page: Page, text: string): Promise<void> {
  const row = page.locator('.suggest-widget .monaco-list-row', { hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Space');
    try {
      await row.waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

const editorText = (page: Page): Promise<string> =>
  page.evaluate(() => (document.querySelector('.monaco-editor .view-lines') as HTMLElement).innerText.replace(/\u00a0/g, ' '));
const lineOf = (file: string, re: RegExp): number =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => re.test(l)) + 1;

/** Grafana's rule: a value takes the colour of the last step at or below it. */
function colourAt(steps: { color: string; value: number | null }[], v: number): string {
  let c = steps[0]?.color ?? 'green';
  for (const s of steps) if (s.value === null || v >= s.value) c = s.color;
  return c;
}

for (const viewport of VIEWPORTS) {
  const at = `${viewport.width}x${viewport.height}`;
  describe(`the studio at ${at}`, () => {
    it('tabbing through the whole page never edits the spec, and reaches the problems and the preview', async () => {
      const { page, errors } = await studio(viewport);
      const before = await editorText(page);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const reached = new Set<string>();
      for (let i = 0; i < 90; i++) {
        await page.keyboard.press('Tab');
        reached.add(
          await page.evaluate(() => {
            const el = document.activeElement;
            if (!el) return '';
            if (el.closest('.monaco-editor')) return 'editor';
            if (el.closest('#problems-region')) return 'problems';
            if (el.getAttribute('role') === 'tab') return 'tab';
            if (el.id === 'preview-panel') return 'preview-panel';
            return el.tagName.toLowerCase();
          }),
        );
      }
      for (let i = 0; i < 30; i++) await page.keyboard.press('Shift+Tab');
      expect([...reached]).toEqual(expect.arrayContaining(['editor', 'tab', 'preview-panel']));
      expect(await editorText(page)).toBe(before);
      expect(await page.$('.badge:has-text("edited")')).toBeNull();
      // Skip links go straight to the problems and the preview.
      await page.reload();
      await page.waitForSelector('.monaco-editor textarea');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the problems');
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('problems-region');
      // Once the person types in the editor, Tab indents again (Ctrl+M is the way back, as the help says).
      await goToLine(page, 1);
      await page.keyboard.press('End');
      await page.keyboard.type(' x');
      await page.keyboard.press('Tab');
      expect(await editorText(page)).toMatch(/Definition x {2}/);
      expect(errors).toEqual([]);
    });

    it('draws a legend (name, last, max) under every chart, a clock-time axis, a range picker and the variables', async () => {
      const { page, errors } = await studio(viewport);
      await page.click('role=tab[name="Dashboard"]');
      await page.waitForSelector('[data-testid="dashboard"] .recharts-surface');
      const charts = await page.$$eval('.gf-panel[data-panel-type="timeseries"]', (els) =>
        els.map((e) => ({
          legend: e.querySelector('[data-testid="legend"]') !== null,
          rows: [...e.querySelectorAll('[data-testid="legend"] tbody tr')].map((r) =>
            [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? ''),
          ),
        })),
      );
      expect(charts.length).toBeGreaterThan(5);
      for (const c of charts) {
        expect(c.legend).toBe(true);
        expect(c.rows.length).toBeGreaterThan(0);
        for (const [name, last, max] of c.rows) {
          expect(name).not.toBe('');
          expect(last).not.toBe('—');
          expect(max).not.toBe('—');
        }
      }
      await expect(page.$$eval('.gf-legend thead th', (ths) => ths.map((t) => t.textContent).slice(1, 3))).resolves.toEqual([
        'Last',
        'Max',
      ]);
      const ticks = await xTicks(page);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.every((t) => /^\d\d:\d\d$/.test(t))).toBe(true);
      await page.selectOption('[data-testid="time-range"]', String(7 * 86400));
      await page.waitForFunction(() => {
        const ts = [...document.querySelectorAll('text.recharts-cartesian-axis-tick-value[orientation="bottom"]')];
        return ts.length > 0 && ts.every((e) => /^[A-Z][a-z]{2} \d{1,2}$/.test(e.textContent ?? ''));
      });
      const vars = await page.$$eval('[data-testid="variables"] select', (els) => els.map((e) => e.getAttribute('data-variable')));
      expect(vars).toEqual(['service', 'namespace', 'postgresql_instance']);
      await expect(page.inputValue('select[data-variable="service"]')).resolves.toBe('payment-api');
      expect(errors).toEqual([]);
    });

    it("puts every sample value inside its panel's green band: healthy SLIs, bad events near zero", async () => {
      const { page } = await studio(viewport);
      await page.click('role=tab[name="Dashboard"]');
      await page.waitForSelector('[data-testid="dashboard"] .recharts-surface');
      const text = readFileSync('examples/payment-api.yaml', 'utf8');
      const dashboard = JSON.parse(
        compile({ file: 'examples/payment-api.yaml', text }).bundle!.files.find((f) => f.path.endsWith('dashboard.json'))!.content,
      ) as {
        panels: {
          id: number;
          type: string;
          fieldConfig: { defaults: { thresholds: { steps: { color: string; value: number | null }[] } } };
        }[];
      };
      const stepsById = new Map(
        dashboard.panels.filter((p) => p.type !== 'row').map((p) => [p.id, p.fieldConfig.defaults.thresholds.steps]),
      );
      const shown = await page.$$eval('.gf-panel[data-panel-id]', (els) =>
        els.map((e) => ({
          id: Number(e.getAttribute('data-panel-id')),
          title: e.querySelector('h4')?.textContent ?? '',
          role: e.getAttribute('data-role'),
          min: e.querySelector('[data-sample-min]')?.getAttribute('data-sample-min'),
          max: e.querySelector('[data-sample-max]')?.getAttribute('data-sample-max'),
          value: e.querySelector('[data-value]')?.getAttribute('data-value'),
        })),
      );
      expect(shown.length).toBe(stepsById.size);
      for (const p of shown) {
        const steps = stepsById.get(p.id)!;
        for (const v of [p.min, p.max, p.value].filter((x): x is string => x !== null && x !== undefined).map(Number)) {
          expect(colourAt(steps, v), `${p.title} = ${v}`).toBe('green');
        }
      }
      const sli = shown.find((p) => p.title === 'availability: SLI vs objective')!;
      expect(Number(sli.min)).toBeGreaterThanOrEqual(0.9995);
      const budget = shown.find((p) => p.title === 'availability: error budget left')!;
      expect(Number(budget.value)).toBeGreaterThanOrEqual(0.5);
      // The plan drives it: the roles the page shows are the core's.
      const plan = dashboardPlanOf(compile({ file: 'examples/payment-api.yaml', text }).bundle!)!;
      const roles = new Map(plan.rows.flatMap((r) => r.panels.map((x) => [x.id, x.role])));
      expect(shown.every((p) => p.role === roles.get(p.id))).toBe(true);
      const deadlocks = shown.find((p) => p.title === 'Deadlocks');
      expect(deadlocks?.role).toBe('bad-events');
      expect(Number(deadlocks?.max)).toBeLessThan(0.5);
    });

    it("Inspect shows a panel's PromQL with the variables filled in", async () => {
      const { page } = await studio(viewport);
      await page.click('role=tab[name="Dashboard"]');
      await page.click('button[aria-label="Inspect availability: SLI vs objective: its queries"]');
      await page.waitForSelector('[data-testid="inspect"]');
      const exprs = await page.$$eval('[data-testid="inspect-expr"]', (els) => els.map((e) => e.textContent ?? ''));
      expect(exprs).toEqual([
        '1 - slo:sli_error:ratio_rate5m{service="payment-api",slo="availability"}',
        '1 - slo:sli_error:ratio_rate30d{service="payment-api",slo="availability"}',
        'slo:objective:ratio{service="payment-api",slo="availability"}',
      ]);
      await expect(page.textContent('[data-testid="inspect"]')).resolves.toContain('objective (green) from 99.95%');
      expect(await axeViolations(page, 'dialog')).toEqual([]);
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="inspect"]', { state: 'detached' });
    });

    it("completes a dependency's type: and a resource's kind: from NthLayer's catalog, each with its documentation", async () => {
      const { page } = await studio(viewport);
      const line = lineOf('examples/payment-api.yaml', /^\s+type: postgresql/);
      await goToLine(page, line);
      await page.keyboard.press('End');
      for (let i = 0; i < 'postgresql'.length; i++) await page.keyboard.press('Backspace');
      await suggest(page, 'kafka');
      const rows = page.locator('.suggest-widget .monaco-list-row');
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      expect(labels.some((l) => /^postgresql\b/.test(l))).toBe(true);
      expect(labels.some((l) => /^kafka\b/.test(l))).toBe(true);
      // Never words from the document.
      expect(labels.some((l) => /^(payment|availability|sum|rate)\b/.test(l))).toBe(false);
      await page.waitForSelector(
        '.suggest-widget .monaco-list-row.focused .details-label, .suggest-details:has-text("exporter"), .suggest-widget .monaco-list-row.focused:has-text("via")',
        { timeout: 10_000 },
      );
      await page.keyboard.type('redi');
      await page.keyboard.press('Enter');
      await expect(editorText(page)).resolves.toMatch(/type: redis/);

      // kind: with its line of documentation.
      const kindLine = lineOf('examples/payment-api.yaml', /^\s+- kind: PagerDuty/);
      await goToLine(page, kindLine);
      await page.keyboard.press('End');
      for (let i = 0; i < 'PagerDuty'.length; i++) await page.keyboard.press('Backspace');
      await suggest(page, 'DeploymentGate');
      const kinds = await page
        .locator('.suggest-widget .monaco-list-row')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      expect(kinds.slice(0, 7)).toEqual(['SLO', 'Dependencies', 'Observability', 'PagerDuty', 'DeploymentGate', 'PolicyRules', 'Alerts']);
      // Its line of documentation: Ctrl+Space again opens the details of the focused kind, as in VS Code.
      await page.keyboard.press('Control+Space');
      await page.waitForSelector(
        '.suggest-details:has-text("A service level objective and its burn-rate alerts"), .suggest-widget .monaco-list-row.focused:has-text("A service level objective")',
        { timeout: 10_000 },
      );
      await page.keyboard.press('Escape');
    });

    it('offers a snippet for each resource kind on an empty item under resources:', async () => {
      const { page } = await studio(viewport);
      await page.click('.monaco-editor .view-lines');
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Home');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('  - ');
      await suggest(page, 'resource');
      const snippets = page.locator('.suggest-widget .monaco-list-row', { hasText: 'resource' });
      const names = await snippets.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').split(',')[0]));
      expect(names).toEqual(
        expect.arrayContaining([
          'SLO resource',
          'Dependencies resource',
          'Observability resource',
          'PagerDuty resource',
          'DeploymentGate resource',
          'PolicyRules resource',
          'Alerts resource',
        ]),
      );
      // Filtered by typing, as a person picks one.
      await page.keyboard.type('Alerts');
      await page.locator('.suggest-widget .monaco-list-row.focused', { hasText: 'Alerts resource' }).waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent?.startsWith('valid'));
      await expect(editorText(page)).resolves.toMatch(/- kind: Alerts\n\s+name: budget-alerts/);
    });

    it("NthLayer's quick fix comes first: `windw` becomes `window`, `teir` becomes `tier`", async () => {
      const { page } = await studio(viewport);
      const line = lineOf('examples/payment-api.yaml', /^\s+window: 30d/);
      await replaceLine(page, line, 'windw: 30d');
      await page.waitForSelector('.problem:has-text("unknown field `windw`")');
      await page.waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error');
      await goToLine(page, line);
      await page.keyboard.press('Control+.');
      const first = page.locator('.action-widget .monaco-list-row.action').first();
      await first.waitFor({ timeout: 15_000 });
      await expect(first.textContent()).resolves.toContain('Change to `window`');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() =>
        /\bwindow: 30d/.test((document.querySelector('.monaco-editor .view-lines') as HTMLElement).innerText.replace(/\u00a0/g, ' ')),
      );
      await page.waitForSelector('.problem:has-text("unknown field `windw`")', { state: 'detached' });

      // A misspelt required field: one error at the misspelling, which says so.
      await replaceLine(page, lineOf('examples/payment-api.yaml', /^ {2}tier: critical/), 'teir: critical');
      await page.waitForSelector('.problem:has-text("missing required field `tier`: `teir` looks like a misspelling of it")');
      expect(await page.$('.problem:has-text("must be one of")')).toBeNull();
      // An invalid value is another message: present but wrong, with the values allowed.
      await replaceLine(page, lineOf('examples/payment-api.yaml', /^ {2}tier: critical/), 'tier: gold');
      await page.waitForSelector('.problem:has-text("`tier` must be one of")');
      expect(await page.$('.problem:has-text("missing required field")')).toBeNull();
      // Objectives out of range get messages that fit them: 120 is impossible, 12 is probably a typo.
      await replaceLine(page, lineOf('examples/payment-api.yaml', /^ {2}tier: critical/), 'tier: critical');
      const objective = lineOf('examples/payment-api.yaml', /objective: 99\.95/);
      await replaceLine(page, objective, 'objective: 120');
      await page.waitForSelector('.problem.sev-error:has-text("objective 120 is more than 100%")');
      await replaceLine(page, objective, 'objective: 12');
      await page.waitForSelector('.problem:has-text("lets 88% of events fail")');
      expect(await page.$('.problem:has-text("more than 100%")')).toBeNull();
    });

    it("a review link shows what the change does and each generated file's diff, sides labelled", async () => {
      const author = await studio(viewport);
      await replaceLine(author.page, lineOf('examples/payment-api.yaml', /objective: 99\.95/), 'objective: 99.9');
      await author.page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent?.startsWith('valid'));
      await author.page.click('button:has-text("Share")');
      const link = await author.page.inputValue('[data-testid="share-url"]');

      const reviewer = await studio(viewport);
      await reviewer.page.goto(link);
      await reviewer.page.waitForSelector('[data-testid="review-banner"]');
      // The link opens on the author's tab; the Changes tab is first in the row.
      await expect(reviewer.page.$$eval('[role="tab"]', (els) => els[0]?.textContent)).resolves.toBe('Changes');
      await reviewer.page.click('role=tab[name="Changes"]');
      await reviewer.page.waitForSelector('[data-testid="review-changes"]');
      const consequences = await reviewer.page.$$eval('[data-testid="consequences"] li', (els) => els.map((e) => e.textContent ?? ''));
      expect(consequences).toEqual(
        expect.arrayContaining([
          'availability: objective 99.95% → 99.9%',
          'availability: page_fast threshold 0.72% → 1.44% error ratio',
          'availability: error budget 21.6 → 43.2 minutes',
        ]),
      );
      await reviewer.page.click('button[data-file="payment-api/alerts.yaml"]');
      // Side by side at every size, as the labels say (Monaco would fold a narrow diff into one column).
      await reviewer.page.waitForSelector('[data-testid="file-diff"] .monaco-diff-editor.side-by-side');
      await expect(reviewer.page.textContent('[data-testid="file-diff"] .diff-labels')).resolves.toBe(
        "Base: the author's starting pointProposed: this review link",
      );
      await reviewer.page.waitForSelector(
        '[data-testid="file-diff"] .monaco-diff-editor .line-insert, [data-testid="file-diff"] .monaco-diff-editor .char-insert',
      );
      // The spec's own diff is labelled the same way.
      await expect(reviewer.page.textContent('[data-testid="review-diff-labels"]')).resolves.toContain('Base');
      expect(await axeViolations(reviewer.page)).toEqual([]);
      expect(reviewer.errors).toEqual([]);
    });

    it('at this size: stat values and titles whole, tabs behind a More menu, one-row toolbars, problems wrapped', async () => {
      const { page } = await studio(viewport);
      await page.click('role=tab[name="Dashboard"]');
      await page.waitForSelector('[data-testid="dashboard"] .stat-value');
      const clipped = await page.$$eval('.stat-value span, .gf-panel-header h4, .tab, .problem-message', (els) =>
        els.filter((e) => (e as HTMLElement).offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
      );
      expect(clipped).toEqual([]);
      // Every preview tab is in the row or the More menu, and the row never scrolls.
      const row = await page.$eval('.tab-strip .tabs', (e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
      expect(row.scroll).toBeLessThanOrEqual(row.client + 1);
      const inRow = await page.$$eval('.tab-strip [role="tab"]', (els) => els.map((e) => e.textContent));
      let inMenu: (string | null)[] = [];
      if (await page.$('[data-testid="tab-more"]')) {
        await page.click('[data-testid="tab-more"]');
        inMenu = await page.$$eval('.tab-menu [role="menuitem"]', (els) => els.map((e) => e.textContent));
        if (inMenu.includes('alerts.yaml')) {
          await page.click('.tab-menu >> role=menuitem[name="alerts.yaml"]');
          await expect(page.getAttribute('role=tab[name="alerts.yaml"]', 'aria-selected')).resolves.toBe('true');
        } else await page.keyboard.press('Escape');
      }
      expect([...inRow, ...inMenu]).toEqual(
        expect.arrayContaining(['Plan', 'SLOs', 'Dashboard', 'Verify', 'PagerDuty', 'alerts.yaml', 'dashboard.json', 'manifest.json']),
      );
      const toolbar = await page.$eval('.toolbar', (e) => e.getBoundingClientRect().height);
      expect(toolbar).toBeLessThan(48);
      await page.click('button:has-text("Portfolio")');
      await page.waitForSelector('[data-testid="portfolio-summary"]', { timeout: 30_000 });
      expect(await page.$eval('.toolbar', (e) => e.getBoundingClientRect().height)).toBeLessThan(48);
      const head = await page.$eval('.portfolio-head', (e) => e.getBoundingClientRect().height);
      expect(head).toBeLessThan(48);
    });

    it('each tab keeps its own scroll position', async () => {
      const { page } = await studio(viewport);
      await page.click('role=tab[name="SLOs"]');
      await page.waitForSelector('[data-testid="slo-availability"]');
      const scrollTo = (y: number): Promise<number> =>
        page.$eval(
          '#preview-panel',
          (e, to) => {
            e.scrollTop = to;
            e.dispatchEvent(new Event('scroll'));
            return e.scrollTop;
          },
          y,
        );
      const slos = await scrollTo(200);
      expect(slos).toBeGreaterThan(50);
      await page.click('role=tab[name="Dashboard"]');
      await page.waitForSelector('[data-testid="dashboard"] .recharts-surface');
      await expect(page.$eval('#preview-panel', (e) => e.scrollTop)).resolves.toBe(0);
      const dash = await scrollTo(600);
      expect(dash).toBeGreaterThan(slos);
      await page.click('role=tab[name="SLOs"]');
      await page.waitForFunction((y) => document.getElementById('preview-panel')?.scrollTop === y, slos);
      await page.click('role=tab[name="Dashboard"]');
      await page.waitForFunction((y) => document.getElementById('preview-panel')?.scrollTop === y, dash);
    });

    it('a stale preview never shows a half-typed value as a result', async () => {
      const { page } = await studio(viewport);
      await page.click('role=tab[name="SLOs"]');
      const pageFast = '[data-testid="slo-availability"] [data-testid="threshold-page_fast"]';
      await expect(page.textContent(pageFast)).resolves.toBe('0.72%');
      // `objective: 9` is valid half-way through typing; the x that follows breaks the spec at once.
      await replaceLine(page, lineOf('examples/payment-api.yaml', /objective: 99\.95/), 'objective: 9');
      await page.keyboard.type('x');
      await page.waitForSelector('[data-testid="stale-banner"]');
      await page.waitForTimeout(1200);
      await expect(page.textContent(pageFast)).resolves.toBe('0.72%');
      await expect(page.textContent('[data-testid="slo-availability"] [data-testid="objective"]')).resolves.toBe('99.95%');
    });

    it('shows numbers a person reads: no float noise, rounded ratios, plurals right', async () => {
      const { page } = await studio(viewport);
      await page.click('button:has-text("Examples")');
      await page.click('[data-example="order-api"]');
      await page.click('role=tab[name="SLOs"]');
      await page.waitForSelector('[data-testid="slo-availability"]');
      const slos = (await page.textContent('.slos')) ?? '';
      expect(slos).not.toMatch(/\d\.\d{3,}[%×]/);
      expect(slos).not.toMatch(/\b1 (errors|warnings|notes|SLOs|panels|metrics)\b/);
      const problems = (await page.textContent('.problems-title')) ?? '';
      expect(problems).not.toMatch(/\b1 (errors|warnings|notes)\b/);
      await page.click('role=tab[name="Dashboard"]');
      await page.waitForSelector('[data-testid="dashboard"] .recharts-surface');
      const axes = await page.$$eval('text.recharts-cartesian-axis-tick-value[orientation="left"]', (els) =>
        els.map((e) => e.textContent ?? ''),
      );
      expect(axes.length).toBeGreaterThan(10);
      expect(axes.filter((t) => /\d\.\d{4,}/.test(t))).toEqual([]);
      // Byte axes step in binary units: no 200 MiB or 0.48828125 GiB.
      const bytesAxes = await page.$$eval('.gf-panel', (els) =>
        els
          .filter((e) => e.querySelector('.gf-unit')?.textContent === 'bytes')
          .flatMap((e) =>
            [...e.querySelectorAll('text.recharts-cartesian-axis-tick-value[orientation="left"]')].map((t) => t.textContent ?? ''),
          ),
      );
      for (const t of bytesAxes) expect(t).toMatch(/^(0 B|\d+(\.\d+)? (B|KiB|MiB|GiB|TiB))$/);
      // Each label reads exactly, and neighbours differ by a power of two of bytes (32 MiB, 256 MiB, never 200 MiB).
      const size: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };
      const bytesOf = (t: string): number => Number(t.split(' ')[0]) * size[t.split(' ')[1] ?? 'B']!;
      const perPanel = await page.$$eval('.gf-panel', (els) =>
        els
          .filter((e) => e.querySelector('.gf-unit')?.textContent === 'bytes')
          .map((e) =>
            [...e.querySelectorAll('text.recharts-cartesian-axis-tick-value[orientation="left"]')].map((t) => t.textContent ?? ''),
          ),
      );
      expect(perPanel.some((ticks) => ticks.length > 2)).toBe(true);
      for (const ticks of perPanel) {
        const steps = new Set(ticks.slice(1).map((t, i) => bytesOf(t) - bytesOf(ticks[i]!)));
        expect(steps.size, ticks.join(', ')).toBeLessThanOrEqual(1);
        for (const st of steps) expect(Number.isInteger(Math.log2(st)), ticks.join(', ')).toBe(true);
      }
    });

    it('a notice goes once its cause does; Download zip is disabled while the spec is invalid', async () => {
      const { page } = await studio(viewport);
      const line = lineOf('examples/payment-api.yaml', /objective: 99\.95/);
      await replaceLine(page, line, 'objective: 100');
      await page.waitForSelector('.problem.sev-error');
      await expect(page.isDisabled('button:has-text("Download zip")')).resolves.toBe(true);
      await page.keyboard.press('Control+Shift+S');
      await page.waitForSelector('[data-testid="notice"]:has-text("Nothing to download")');
      await replaceLine(page, line, 'objective: 99.95');
      await page.waitForSelector('[data-testid="notice"]', { state: 'detached' });
      await expect(page.isDisabled('button:has-text("Download zip")')).resolves.toBe(false);
    });

    it('the examples gallery has one clean sentence per card and no look-alike duplicates', async () => {
      const { page } = await studio(viewport);
      await page.click('button:has-text("Examples")');
      const cards = await page.$$eval('.gallery > li > .card', (els) =>
        els.map((e) => ({ id: e.querySelector('strong')?.textContent ?? '', sentence: e.querySelector('.card-title')?.textContent ?? '' })),
      );
      expect(cards.length).toBeGreaterThan(5);
      for (const c of cards) expect(c.sentence, c.id).toMatch(/^[A-Z][^.]*\.$/);
      expect(new Set(cards.map((c) => c.sentence)).size).toBe(cards.length);
      expect(cards.filter((c) => c.id.startsWith('payment-api'))).toHaveLength(1);
      await expect(page.textContent('[aria-label="Variants of payment-api"]')).resolves.toContain('with envs');
      expect(await axeViolations(page, 'dialog')).toEqual([]);
    });

    it('has no serious axe-core violation on any view', async () => {
      const { page } = await studio(viewport);
      const views: Record<string, unknown> = {};
      for (const tab of ['Plan', 'SLOs', 'Dashboard', 'Verify']) {
        await page.click(`role=tab[name="${tab}"]`);
        await page.waitForTimeout(600);
        views[tab] = await axeViolations(page);
      }
      if (await page.$('role=tab[name="alerts.yaml"]')) await page.click('role=tab[name="alerts.yaml"]');
      else {
        await page.click('[data-testid="tab-more"]');
        await page.click('.tab-menu >> role=menuitem[name="alerts.yaml"]');
      }
      await page.waitForSelector('[data-testid="file-content"]');
      views['alerts.yaml'] = await axeViolations(page);
      await page.click('button[aria-label="Keyboard shortcuts"]');
      views.help = await axeViolations(page, 'dialog');
      await page.keyboard.press('Escape');
      await page.click('button:has-text("New")');
      views.wizard = await axeViolations(page, 'dialog');
      await page.keyboard.press('Escape');
      await page.click('button:has-text("Portfolio")');
      await page.waitForSelector('[data-testid="portfolio-summary"]', { timeout: 30_000 });
      views.portfolio = await axeViolations(page);
      await page.click('button[aria-label="Switch to dark theme"]');
      views['portfolio (dark)'] = await axeViolations(page);
      await page.click('button:has-text("Editor")');
      await page.click('role=tab[name="Dashboard"]');
      await page.waitForTimeout(600);
      views['Dashboard (dark)'] = await axeViolations(page);
      expect(views).toEqual(Object.fromEntries(Object.keys(views).map((k) => [k, []])));
    });
  });
}

describe('the portfolio without Prometheus', () => {
  it('says unknown is unknown, never healthy, and flags payment-api defined three times', async () => {
    const { page } = await studio(VIEWPORTS[0]!);
    await page.click('button:has-text("Portfolio")');
    await page.waitForSelector('[data-testid="portfolio-summary"]', { timeout: 30_000 });
    const summary = (await page.textContent('[data-testid="portfolio-summary"]')) ?? '';
    expect(summary).not.toMatch(/healthy \(100%\)/);
    expect(summary).toMatch(/none measured: health unknown/);
    expect(summary).toContain('payment-api is defined 3 times');
    expect(await page.$$('tr.portfolio-service[data-service="payment-api"] [data-testid="duplicate"]')).toHaveLength(3);
    const statuses = await page.$$eval('[data-testid="service-status"]', (els) => els.map((e) => e.textContent));
    expect(statuses.every((s) => s === 'unknown')).toBe(true);
  });
});

describe('the workspace', () => {
  it("a spec created in the studio never gets the examples' environment files, and a pasted one neither", async () => {
    const { page } = await studio(VIEWPORTS[1]!);
    await page.click('button:has-text("New")');
    await page.fill('label:has-text("Service name") input', 'payment-api');
    await page.click('button:has-text("Create spec")');
    await page.waitForFunction(
      () => (document.querySelector('select[aria-label="Open document"]') as HTMLSelectElement).value === 'payment-api.yaml',
    );
    // The selector follows the new document's compile result, which arrives just after the switch.
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="environment"]') as HTMLSelectElement | null)?.disabled === true,
      undefined,
      { timeout: 10_000 },
    );
    await expect(page.textContent('[data-testid="environment"]')).resolves.toContain('none available');
    // Opening an override file of the example's copy switches the preview to its environment.
    await page.selectOption('select[aria-label="Open document"]', 'payment-api/environments/payment-api-prod.yaml');
    await page.waitForSelector('[data-testid="env-file-note"]:has-text("Editing the prod overrides of payment-api.yaml")');
    await expect(page.inputValue('[data-testid="environment"]')).resolves.toBe('prod');
    await page.waitForSelector('[data-testid="env-note"]:has-text("environments/payment-api-prod.yaml")');
  });

  it('opening a folder brings its environments/ files in as editable documents', async () => {
    const { page } = await studio(VIEWPORTS[1]!);
    await page.click('button:has-text("Portfolio")');
    await page.setInputFiles('[data-testid="portfolio-folder"]', 'examples');
    await page.waitForSelector('[data-testid="portfolio-message"]:has-text("environment override files into your workspace as examples")');
    await page.click('tr.portfolio-service[data-service="order-api"] button');
    await page.waitForFunction(() =>
      (document.querySelector('select[aria-label="Open document"]') as HTMLSelectElement).value.endsWith('/order-api.yaml'),
    );
    const options = await page.$$eval('select[aria-label="Open document"] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    const folder = options.find((o) => o.endsWith('/order-api.yaml') && !o.startsWith('order-api/'))!.split('/')[0];
    expect(options).toEqual(expect.arrayContaining([`${folder}/environments/order-api-dev.yaml`, `${folder}/environments/prod.yaml`]));
    const envs = await page.$$eval('[data-testid="environment"] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(envs).toEqual(['', 'dev', 'staging', 'prod']);
  });

  it('made no request to any other origin in any test', () => {
    expect([...foreignSeen, ...opened.flatMap((w) => w.foreign)]).toEqual([]);
  });
});
