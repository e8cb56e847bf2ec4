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
  /** Requests answered with a 4xx/5xx status, or that failed outright: `STATUS URL`. */
  failed: string[];
}

/** A fresh context and page that records foreign requests and console errors. */
export async function openStudio(browser: Browser, url: string, options: { storage?: 'keep' | 'clear' } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const foreign: string[] = [];
  const errors: string[] = [];
  const failed: string[] = [];
  context.on('response', (res) => {
    if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
  });
  // A navigation cancels what the previous page still had in flight (ERR_ABORTED): not a failure.
  context.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? 'failed';
    if (why !== 'net::ERR_ABORTED') failed.push(`${why} ${req.url()}`);
  });
  context.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:') || u.startsWith('blob:')) return;
    if (new URL(u).origin !== origin) foreign.push(u);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  if (options.storage !== 'keep') {
    await page.goto(url);
    await page.evaluate(() => localStorage.clear());
  }
  await page.goto(url);
  await waitForEditor(page);
  return { context, page, foreign, errors, failed };
}

export async function waitForEditor(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-editor textarea', { timeout: 20_000 });
  await page.waitForSelector('[data-testid="status"]:not(:text("compiling…"))', { timeout: 20_000 });
}
