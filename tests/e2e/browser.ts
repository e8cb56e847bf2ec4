/** Chromium from Debian, launched the way tooling.md found reliable offline; never downloaded. */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
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
export interface Viewport {
  width: number;
  height: number;
}

/** The sizes the studio is held to: a 1280x720 laptop and a 1440x900 desktop. */
export const VIEWPORTS: readonly Viewport[] = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

export async function openStudio(
  browser: Browser,
  url: string,
  options: { storage?: 'keep' | 'clear'; viewport?: Viewport; context?: BrowserContext } = {},
): Promise<Watched> {
  // A shared context keeps the HTTP cache warm between tests (each page still starts with empty storage).
  const context =
    options.context ?? (await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, acceptDownloads: true }));
  if (!options.context) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const foreign: string[] = [];
  const errors: string[] = [];
  const failed: string[] = [];
  // In a shared context, listen on the page only, so each test sees its own requests.
  const source: Pick<BrowserContext, 'on'> = options.context ? (page as unknown as Pick<BrowserContext, 'on'>) : context;
  source.on('response', (res) => {
    if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
  });
  // A navigation cancels what the previous page still had in flight (ERR_ABORTED): not a failure.
  source.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? 'failed';
    if (why !== 'net::ERR_ABORTED') failed.push(`${why} ${req.url()}`);
  });
  source.on('request', (req) => {
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

/** Puts the cursor at the first non-blank character of a 1-based line of the spec editor. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
}

/** Replaces the text of a line (from its first non-blank character) with `text`. */
export async function replaceLine(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(text);
}

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. axe is evaluated through
 * the DevTools protocol, so the studio's Content-Security-Policy stays as it ships.
 */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async (selector) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(
      selector ? { include: [selector], exclude: [['.monaco-editor .view-lines']] } : { exclude: [['.monaco-editor .view-lines']] },
      { resultTypes: ['violations'] },
    );
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  }, include);
}
