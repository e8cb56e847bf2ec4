/**
 * `npm start` (the Vite dev server) serves the studio with an example loaded, no console errors
 * and no request to another origin — the dev build bundles Monaco's workers differently from the
 * production build, so it gets its own check. It runs with NTHLAYER_PROMETHEUS_URL set, so the
 * dev server's /api/v1 proxy plugin is exercised too (the studio finds it and connects).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { launch, openStudio } from './browser.ts';

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let prom: RunningPrometheus | undefined;
let url = '';

beforeAll(async () => {
  const port = await freePort();
  prom = await startPrometheus();
  // The same command as `npm start`, on a free port.
  server = spawn('node_modules/.bin/vite', ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    env: { ...process.env, NTHLAYER_PROMETHEUS_URL: prom.url },
  });
  url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  if (server?.pid !== undefined && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server?.once('exit', r));
  }
  await prom?.stop();
});

describe('npm start', () => {
  it('serves the studio with an example loaded and no console errors', async () => {
    const { page, errors, foreign, context } = await openStudio(browser!, url);
    await expect(page.textContent('[data-testid="status"]')).resolves.toMatch(/^valid/);
    expect(await page.inputValue('select[aria-label="Open document"]')).toBe('payment-api/payment-api.yaml');
    // The YAML worker answers (completion needs it): hover documentation appears.
    await page
      .locator('.monaco-editor .view-lines span', { hasText: /^objective$/ })
      .first()
      .hover();
    await page.waitForSelector('.monaco-hover:not(.hidden) >> text=Target as a percentage', { timeout: 20_000 });
    // The dev server answers /api/v1 from NTHLAYER_PROMETHEUS_URL and says so in the studio's
    // config file: the studio connects on its own.
    await expect((await fetch(new URL('studio-config.json', url))).json()).resolves.toEqual({ proxy: true });
    await page.waitForSelector('[data-testid="connection-status"].conn-ok', { timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
