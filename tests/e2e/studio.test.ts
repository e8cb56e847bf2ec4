/**
 * The studio in Debian's Chromium, on a production build served by `vite preview` (see
 * global-setup.ts). Each test opens a fresh browser context, so localStorage starts empty.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeShare, MAX_LINK_CHARS } from '../../src/ui/lib/share.ts';
import { goToLine, launch, openStudio, replaceLine, waitForEditor, type Watched } from './browser.ts';

const url = inject('studioUrl');
let browser: Browser;
const opened: Watched[] = [];

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function studio(options: { storage?: 'keep' | 'clear' } = {}): Promise<Watched> {
  const w = await openStudio(browser, url, options);
  opened.push(w);
  return w;
}

/** The line numbers that carry an error squiggle, read from Monaco's DOM. */
function errorLines(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const numbers = new Map<string, number>();
    for (const el of document.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
      const n = Number(el.querySelector('.line-numbers')?.textContent);
      if (n) numbers.set(el.style.top, n);
    }
    const lines = new Set<number>();
    for (const sq of document.querySelectorAll<HTMLElement>('.view-overlays .squiggly-error')) {
      const n = numbers.get(sq.parentElement?.style.top ?? '');
      if (n) lines.add(n);
    }
    return [...lines].sort((a, b) => a - b);
  });
}

function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Runs the real CLI: `npx nthlayer apply <spec> --output-dir <tmp>` (plus `--env`). */
function applyWithCli(spec: string, env?: string): Map<string, Buffer> {
  const out = mkdtempSync(join(tmpdir(), 'nthlayer-apply-'));
  const args = ['nthlayer', 'apply', spec, '--output-dir', join(out, 'generated'), ...(env ? ['--env', env] : [])];
  const run = spawnSync('npx', args, { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const files = readTree(out);
  rmSync(out, { recursive: true, force: true });
  return files;
}

async function downloadZip(page: Page): Promise<Map<string, Buffer>> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Download zip")')]);
  const dir = mkdtempSync(join(tmpdir(), 'nthlayer-zip-'));
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  }
  rmSync(dir, { recursive: true, force: true });
  return files;
}

describe('the studio', () => {
  it('loads an example with no console errors and no request to another origin', async () => {
    const { page, errors, foreign } = await studio();
    await expect(page.textContent('[data-testid="status"]')).resolves.toMatch(/^valid · \d+ files/);
    // The example opens as the person's own copy, in a folder of its own.
    expect(await page.inputValue('select[aria-label="Open document"]')).toBe('payment-api/payment-api.yaml');
    await page.click('role=tab[name="Plan"]');
    await page.waitForSelector('[data-testid="plan"]');
    await page.click('role=tab[name="SLOs"]');
    await page.waitForSelector('[data-testid="slo-availability"]');
    await page.click('role=tab[name="Dashboard"]');
    await page.waitForSelector('[data-testid="dashboard"] .recharts-surface');
    // Every control outside Monaco has an accessible name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, select, input, [role="tab"]')]
        .filter((el) => !el.closest('.monaco-editor') && el.offsetParent !== null)
        .filter((el) => {
          const labelled =
            el.getAttribute('aria-label') ||
            el.getAttribute('aria-labelledby') ||
            el.closest('label') ||
            (el.id && document.querySelector(`label[for="${el.id}"]`));
          return !labelled && (el.textContent ?? '').trim() === '';
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('marks a misspelt field at its line and lists it under Problems', async () => {
    const { page, errors } = await studio();
    await goToLine(page, 19);
    for (let i = 0; i < 'object'.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Delete'); // objective → objectve
    await page.waitForSelector('[data-testid="problems"] >> text=unknown field `objectve`');
    await page.waitForFunction(() => document.querySelector('.view-overlays .squiggly-error') !== null);
    expect(await errorLines(page)).toEqual([19]);
    const problem = page.locator('.problem.sev-error').first();
    await expect(problem.textContent()).resolves.toContain('payment-api.yaml:19:7');
    await expect(problem.textContent()).resolves.toContain('SLO `availability` has no `objective`');
    // Choosing the problem moves the cursor to its line.
    await page.keyboard.press('Control+End');
    await problem.click();
    await page.waitForFunction(() => document.querySelector('.line-numbers.active-line-number')?.textContent === '19');
    // The preview keeps the last good bundle, marked stale.
    await page.waitForSelector('[data-testid="stale-banner"]');
    expect(errors).toEqual([]);
  });

  it('offers `objective` when completing inside an SLO spec', async () => {
    const { page } = await studio();
    await goToLine(page, 19);
    await page.keyboard.press('Control+Shift+K'); // delete the objective line
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'objective' }).first();
    await row.waitFor({ timeout: 15_000 });
    await expect(row.getAttribute('aria-label')).resolves.toMatch(/objective/);
  });

  it('shows the schema documentation when hovering a field', async () => {
    const { page } = await studio();
    const key = page.locator('.monaco-editor .view-lines span', { hasText: /^objective$/ }).first();
    await key.hover();
    await page.waitForSelector('.monaco-hover:not(.hidden) >> text=Target as a percentage', { timeout: 15_000 });
  });

  it('updates the alert thresholds when the objective changes', async () => {
    const { page } = await studio();
    await page.click('role=tab[name="SLOs"]');
    const pageFast = page.locator('[data-testid="slo-availability"] [data-testid="threshold-page_fast"]');
    await expect(pageFast.textContent()).resolves.toBe('0.72%');
    await replaceLine(page, 19, 'objective: 99.9');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="slo-availability"] [data-testid="threshold-page_fast"]')?.textContent === '1.44%',
    );
    await expect(page.locator('[data-testid="slo-availability"] [data-testid="objective"]').textContent()).resolves.toBe('99.9%');
    await page.click('role=tab[name="alerts.yaml"]');
    await expect(page.locator('[data-testid="file-content"]').textContent()).resolves.toContain('slo="availability"} / 0.001 > 14.4');

    // Copy and per-file download give the file exactly.
    await page.click('button[aria-label="Copy alerts.yaml"]');
    await page.waitForSelector('button[aria-label="Copy alerts.yaml"]:has-text("Copied")');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('/ 0.001 > 14.4');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[aria-label="Download alerts.yaml"]')]);
    expect(download.suggestedFilename()).toBe('alerts.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'nthlayer-file-'));
    await download.saveAs(join(dir, 'alerts.yaml'));
    expect(readFileSync(join(dir, 'alerts.yaml'), 'utf8')).toBe(copied);
    rmSync(dir, { recursive: true, force: true });
  });

  it('downloads a zip whose files equal `nthlayer apply` byte for byte', async () => {
    const { page } = await studio();
    const zipped = await downloadZip(page);
    const applied = applyWithCli('examples/payment-api.yaml');
    expect([...zipped.keys()].sort()).toEqual([...applied.keys()].sort());
    for (const [name, bytes] of applied) expect(zipped.get(name)?.equals(bytes), name).toBe(true);

    // With an environment: the same override files, in the same order, as `--env prod`.
    await page.selectOption('[data-testid="environment"]', 'prod');
    await page.waitForFunction(() => document.querySelector('.env-note')?.textContent?.includes('payment-api-prod.yaml'));
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent?.startsWith('valid'));
    const zippedProd = await downloadZip(page);
    const appliedProd = applyWithCli('examples/payment-api.yaml', 'prod');
    expect([...zippedProd.keys()].sort()).toEqual([...appliedProd.keys()].sort());
    for (const [name, bytes] of appliedProd) expect(zippedProd.get(name)?.equals(bytes), name).toBe(true);
  });

  it('round-trips a shared link into read-only review mode, then forks it', async () => {
    const author = await studio();
    await replaceLine(author.page, 8, 'team: payments-sre');
    await author.page.click('role=tab[name="SLOs"]');
    await author.page.click('button:has-text("Share")');
    const link = await author.page.inputValue('[data-testid="share-url"]');
    expect(link).toMatch(/#review=[A-Za-z0-9_-]+$/);

    // The reviewer has an empty browser.
    const reviewer = await studio();
    await reviewer.page.goto(link);
    await reviewer.page.waitForSelector('[data-testid="review-banner"]');
    await reviewer.page.waitForSelector('.monaco-diff-editor');
    await expect(reviewer.page.textContent('[data-testid="review-banner"]')).resolves.toContain('+1 −1 lines');
    await expect(reviewer.page.getAttribute('role=tab[name="SLOs"]', 'aria-selected')).resolves.toBe('true');
    await reviewer.page.waitForSelector('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert');
    await expect(reviewer.page.textContent('.monaco-diff-editor')).resolves.toContain('payments-sre');

    await reviewer.page.click('button:has-text("Fork to edit")');
    await waitForEditor(reviewer.page);
    expect(await reviewer.page.$('[data-testid="review-banner"]')).toBeNull();
    expect(new URL(reviewer.page.url()).hash).toBe('');
    await expect(reviewer.page.textContent('.monaco-editor .view-lines')).resolves.toContain('payments-sre');
    await reviewer.page.waitForSelector('.badge:has-text("edited")');
    expect(reviewer.errors).toEqual([]);
  });

  it('refuses oversized or damaged links with a message, and never renders link content as HTML', async () => {
    const { page } = await studio();
    // Loaded from scratch (about:blank first), as when someone pastes the link.
    await page.goto('about:blank');
    await page.goto(`${url}#review=${'A'.repeat(MAX_LINK_CHARS)}`);
    await waitForEditor(page);
    await expect(page.textContent('[data-testid="notice"]')).resolves.toContain('longer than 16.0 KB');

    await page.goto('about:blank');
    await page.goto(`${url}#review=not*base64`);
    await waitForEditor(page);
    await expect(page.textContent('[data-testid="notice"]')).resolves.toContain('damaged');

    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const encoded = encodeShare({
      v: 1,
      file: 'payment-api.yaml',
      text: `# ${hostile}\n${readFileSync('examples/payment-api.yaml', 'utf8')}`,
      base: '',
      tab: 'plan',
    });
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    await page.goto('about:blank');
    await page.goto(`${url}${encoded.value}`);
    await page.waitForSelector('[data-testid="review-banner"]');
    await page.waitForSelector('.monaco-diff-editor');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$('img')).toHaveLength(0);

    const tooBig = encodeShare({
      v: 1,
      file: 'big.yaml',
      text: Array.from({ length: 4000 }, (_, i) => `# line ${i} ${(i * 7919) % 104729}`).join('\n'),
      base: '',
    });
    expect(tooBig.ok).toBe(false);
  });

  it("never loses a keystroke typed while the page is busy (the store's older text is not written over it)", async () => {
    const { page } = await studio();
    await goToLine(page, 1);
    await page.keyboard.press('End');
    // A slow machine: the preview and the store's echo of the text arrive after later keystrokes.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
    const typed = ' the quick brown fox jumps over the lazy dog';
    await page.keyboard.type(typed);
    await page.keyboard.press('Enter');
    await page.keyboard.type('# and a second line typed at once');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.waitForSelector('[data-testid="status"]:not(:text("compiling…"))');
    const text = await page.evaluate(() =>
      (document.querySelector('.monaco-editor .view-lines') as HTMLElement).innerText.replace(/\u00a0/g, ' '),
    );
    expect(text).toContain(`Definition${typed}`);
    expect(text).toContain('# and a second line typed at once');
  });

  it('shows a compile result in the task that received it, before anything else runs', async () => {
    const { page } = await studio();
    // When a result arrives (its `nthlayer:result:<n>` mark), queue a task that looks for the
    // preview's commit mark. A preview left to React's scheduler commits in a task queued after
    // this one (and after any frame the browser paints in between): the check would not find it.
    await page.evaluate(() => {
      const seen: Record<string, boolean> = {};
      (window as unknown as { previewSeen: typeof seen }).previewSeen = seen;
      const mark = performance.mark.bind(performance);
      performance.mark = (name: string, options?: PerformanceMarkOptions) => {
        const n = /^nthlayer:result:(\d+)$/.exec(name)?.[1];
        if (n) {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            seen[n] = performance.getEntriesByName(`nthlayer:preview:${n}`).length > 0;
          };
          channel.port2.postMessage(null);
        }
        return mark(name, options);
      };
    });
    await goToLine(page, 1);
    await page.keyboard.press('End');
    for (const key of 'typed') {
      const before = await page.evaluate(
        () => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('nthlayer:edit:')).length,
      );
      await page.keyboard.type(key);
      await page.waitForFunction((n) => performance.getEntriesByName(`nthlayer:preview:${n}`).length > 0, before + 1);
    }
    const seen = await page.evaluate(() => (window as unknown as { previewSeen: Record<string, boolean> }).previewSeen);
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(5);
    expect(Object.values(seen).every(Boolean), JSON.stringify(seen)).toBe(true);
  });

  it('keeps edits across a reload', async () => {
    const { page } = await studio();
    await replaceLine(page, 8, 'team: payments-oncall');
    await page.waitForSelector('.badge:has-text("edited")');
    await page.reload();
    await waitForEditor(page);
    await expect(page.textContent('.monaco-editor .view-lines')).resolves.toContain('payments-oncall');
    await page.waitForSelector('.badge:has-text("edited")');
  });

  it('opens examples, files and wizard specs; saves, switches theme and moves with the keyboard', async () => {
    const { page, errors } = await studio();
    // Examples gallery.
    await page.click('button:has-text("Examples")');
    await page.click('[data-example="order-api"]');
    expect(await page.inputValue('select[aria-label="Open document"]')).toBe('order-api/order-api.yaml');
    await page.waitForFunction(() => document.querySelector('[data-testid="plan"] h2')?.textContent?.startsWith('order-api'));

    // New-spec wizard: a valid spec with the chosen technologies.
    await page.click('button:has-text("New")');
    await page.fill('label:has-text("Service name") input', 'inventory-api');
    await page.selectOption('label:has-text("Service type") select', 'worker');
    await page.check('label.check:has-text("postgresql") input');
    await page.check('label.check:has-text("redis") input');
    await page.click('button:has-text("Create spec")');
    await page.waitForFunction(() => document.querySelector('[data-testid="plan"] h2')?.textContent?.startsWith('inventory-api'));
    await expect(page.textContent('[data-testid="status"]')).resolves.toMatch(/^valid/);
    await expect(page.textContent('[data-testid="plan"]')).resolves.toContain('postgresql, redis');

    // Save with the keyboard: the spec as a file.
    await page.click('.monaco-editor .view-lines');
    const [saved] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    expect(saved.suggestedFilename()).toBe('inventory-api.yaml');

    // Open a file from disk.
    await page.setInputFiles('input[type="file"]', 'examples/search-api.yaml');
    await page.waitForFunction(() => document.querySelector('[data-testid="plan"] h2')?.textContent?.startsWith('search-api'));
    await expect(page.textContent('[data-testid="notice"]')).resolves.toContain('Opened search-api.yaml');

    // Share and download from the keyboard.
    await page.keyboard.press('Control+Shift+L');
    await page.waitForSelector('[data-testid="share-url"]');
    await page.keyboard.press('Escape');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+Shift+S')]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);

    // F8 goes to the next problem; a spec with errors has nothing to download.
    await page.click('button:has-text("Examples")');
    await page.click('[data-example="payment-api"]');
    await replaceLine(page, 19, 'objective: 100');
    await page.waitForSelector('.problem.sev-error');
    // F8 walks Monaco's markers: wait until the editor has them, not just the problems list.
    await page.waitForSelector('.monaco-editor .squiggly-error');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    await page.waitForFunction(() => document.querySelector('.line-numbers.active-line-number')?.textContent === '19');
    await page.keyboard.press('Control+Shift+S');
    await expect(page.textContent('[data-testid="notice"]')).resolves.toContain('Nothing to download');

    // Preview tabs move with the arrow keys.
    await page.click('role=tab[name="Plan"]');
    await page.keyboard.press('ArrowRight');
    await expect(page.getAttribute('role=tab[name="SLOs"]', 'aria-selected')).resolves.toBe('true');

    // Theme: dark survives a reload, and Monaco follows it.
    await page.click('button[aria-label="Switch to dark theme"]');
    await page.reload();
    await waitForEditor(page);
    await expect(page.getAttribute('html', 'data-theme')).resolves.toBe('dark');
    await page.waitForSelector('.monaco-editor.vs-dark');
    expect(errors).toEqual([]);
  });

  it('draws dashboard.json on the Grafana grid with labelled sample data, or says it is missing', async () => {
    const { page, errors } = await studio();
    await page.click('role=tab[name="Dashboard"]');
    // The file's tab may sit in the More menu when the row is full.
    let hasDashboard = (await page.$('role=tab[name="dashboard.json"]')) !== null;
    if (!hasDashboard && (await page.$('[data-testid="tab-more"]'))) {
      await page.click('[data-testid="tab-more"]');
      hasDashboard = (await page.$('.tab-menu >> role=menuitem[name="dashboard.json"]')) !== null;
      await page.keyboard.press('Escape');
    }
    if (hasDashboard) {
      await page.waitForSelector('[data-testid="dashboard"] .gf-panel');
      const panels = await page.$$eval('.gf-panel', (els) => els.map((e) => (e as HTMLElement).style.gridColumn));
      expect(panels.length).toBeGreaterThan(0);
      expect(panels.every((c) => /^\d+ \/ span \d+$/.test(c))).toBe(true);
      expect(await page.$$('.gf-panel .sample-badge')).toHaveLength(panels.length);
      await expect(page.textContent('.sample-note')).resolves.toContain('sample data');
    } else {
      await page.waitForSelector('[data-testid="dashboard-empty"]');
    }
    expect(errors).toEqual([]);
  });

  it('formats the spec on demand', async () => {
    const { page } = await studio();
    await replaceLine(page, 20, 'window:      30d');
    await page.click('button:has-text("Format")');
    await page.waitForFunction(() => {
      const text = (document.querySelector('.monaco-editor .view-lines') as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ') ?? '';
      return text.includes('window: 30d') && !text.includes('window:      30d');
    });
  });

  it('made no request to any other origin in any test', () => {
    expect(opened.flatMap((w) => w.foreign)).toEqual([]);
  });
});
