/** Chromium from Debian, launched the way tooling.md found reliable offline; never downloaded. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested whose origin is not the studio's. */
  foreign: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

/** A fresh context and page that records foreign requests and console errors. */
export async function openStudio(browser: Browser, url: string, options: { storage?: 'keep' | 'clear' } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const foreign: string[] = [];
  const errors: string[] = [];
  context.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:') || u.startsWith('blob:')) return;
    if (new URL(u).origin !== origin) foreign.push(u);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The studio looks for its proxy once at start; a 404 or 503 there is the expected "no proxy"
    // answer, which Chromium logs for every failed request.
    if (msg.location().url.endsWith('/api/v1/status/buildinfo') && /status of (404|503)/.test(msg.text())) return;
    errors.push(msg.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  if (options.storage !== 'keep') {
    await page.goto(url);
    await page.evaluate(() => localStorage.clear());
  }
  await page.goto(url);
  await waitForEditor(page);
  return { context, page, foreign, errors };
}

export async function waitForEditor(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-editor textarea', { timeout: 20_000 });
  await page.waitForSelector('[data-testid="status"]:not(:text("compiling…"))', { timeout: 20_000 });
}
