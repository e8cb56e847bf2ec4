/**
 * `nthlayer studio --export` on a plain static file server, under a sub-path
 * (/tools/nthlayer/), as a team would host it for everyone: the editor, the preview and a shared
 * link work, the page logs no error, every request is answered (no 404) and none leaves the
 * sub-path, let alone the origin.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/promtool.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { launch, openStudio, waitForEditor, type Watched } from './browser.ts';

const SUB_PATH = '/tools/nthlayer/';
let browser: Browser;
let host: StaticServer;
let url: string;
const opened: Watched[] = [];

beforeAll(async () => {
  const root = tempDir('nthlayer-static-host-');
  // The real CLI, exporting the studio that global-setup built.
  const exported = spawnSync(process.execPath, ['bin/nthlayer.mjs', 'studio', '--export', join(root, 'tools', 'nthlayer')], {
    encoding: 'utf8',
  });
  if (exported.status !== 0) throw new Error(`nthlayer studio --export failed: ${exported.stderr}`);
  [host, browser] = await Promise.all([serveStatic(root), launch()]);
  url = new URL(SUB_PATH, host.url).href;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

async function studio(): Promise<Watched> {
  const w = await openStudio(browser, url);
  opened.push(w);
  return w;
}

describe('the exported studio on a static host, under a sub-path', () => {
  it('opens the editor and renders the preview', async () => {
    const { page } = await studio();
    await expect(page.textContent('[data-testid="status"]')).resolves.toMatch(/^valid · \d+ files/);
    await page.click('role=tab[name="SLOs"]');
    await page.waitForSelector('[data-testid="slo-availability"]');
    await page.click('role=tab[name="Dashboard"]');
    await page.waitForSelector('[data-testid="dashboard"] .recharts-surface');
    // The connection stays off: the export's studio-config.json says there is no proxy.
    await page.waitForSelector('[data-testid="connection-status"].conn-off');
  });

  it('round-trips a shared link that points back under the sub-path', async () => {
    const author = await studio();
    await author.page.click('.monaco-editor .view-lines');
    await author.page.keyboard.press('Control+Home');
    await author.page.keyboard.press('End');
    // A trailing comment, typed with no Enter that a completion popup could take.
    await author.page.keyboard.type(' # reviewed-on-the-intranet');
    await author.page.keyboard.press('Escape');
    await author.page.waitForSelector('.badge:has-text("edited")');
    await author.page.click('button:has-text("Share")');
    const link = await author.page.inputValue('[data-testid="share-url"]');
    expect(link.startsWith(`${url}#review=`)).toBe(true);

    const reviewer = await studio();
    await reviewer.page.goto(link);
    await reviewer.page.waitForSelector('[data-testid="review-banner"]');
    await reviewer.page.waitForSelector('.monaco-diff-editor');
    await expect(reviewer.page.textContent('.monaco-diff-editor')).resolves.toContain('reviewed-on-the-intranet');
    await reviewer.page.click('button:has-text("Fork to edit")');
    await waitForEditor(reviewer.page);
    await expect(reviewer.page.textContent('.monaco-editor .view-lines')).resolves.toContain('reviewed-on-the-intranet');
  });

  it('logged no console error, got no 404, and asked nothing outside the sub-path or of another origin', () => {
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.flatMap((w) => w.errors)).toEqual([]);
    expect(opened.flatMap((w) => w.failed)).toEqual([]);
    expect(opened.flatMap((w) => w.foreign)).toEqual([]);
    expect(host.requests.filter((p) => !p.startsWith(SUB_PATH))).toEqual([]);
    // It learnt "no proxy" from its config file and so never asked for the Prometheus API.
    expect(host.requests).toContain(`${SUB_PATH}studio-config.json`);
    expect(host.requests.filter((p) => p.includes('/api/'))).toEqual([]);
  });
});
