/**
 * The studio in headless Chromium on a production build: time from navigation to an interactive
 * editor, keystroke-to-updated-preview latency (50 edits on the largest example, read from the
 * page's own performance marks, see src/ui/lib/perf.ts), and the gzip size of every JS chunk.
 * Targets: editor ready < 2 s, p95 edit-to-preview < 50 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch } from '../tests/e2e/browser.ts';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../tests/helpers/prometheus.ts';
import { median, type Benchmark } from './harness.ts';

const EDITS = 50;
/** Unmeasured edits first, so the worker's JIT has seen the example (as bench/harness.ts warms up). */
const WARMUP_EDITS = 10;
const LOAD_RUNS = 5;
const TYPED = 'the quick brown fox jumps over the lazy dog 0123456789 pack my box with five dozen liquor jugs';

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer from ${url}`);
}

function largestExample(): string {
  return readdirSync('examples')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ f, size: statSync(join('examples', f)).size }))
    .sort((a, b) => b.size - a.size)[0]!.f;
}

async function editorReadyMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('nthlayer:editor-ready').length > 0, undefined, { timeout: 30_000 });
  // The mark's startTime is measured from navigation start.
  const ms = await page.evaluate(() => performance.getEntriesByName('nthlayer:editor-ready')[0]!.startTime);
  await context.close();
  return ms;
}

async function waitForPreview(page: Page, edit: number): Promise<void> {
  await page.waitForFunction((n) => performance.getEntriesByName(`nthlayer:preview:${n}`).length > 0, edit, { timeout: 10_000 });
}

/**
 * 50 measured edits, each waited for; every edit is new text. On the first (comment) line the
 * model does not change; on `line` (a field the model reads) every keystroke changes it.
 */
async function editLatencies(page: Page, tab: string, line?: number): Promise<number[]> {
  await page.click(`role=tab[name="${tab}"]`);
  await page.click('.monaco-editor .view-lines');
  await page.keyboard.press('Control+Home');
  if (line !== undefined) {
    await page.keyboard.press('Control+g');
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('End');
  const firstEdit = await page.evaluate(
    () => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('nthlayer:edit:')).length,
  );
  for (let i = 1; i <= WARMUP_EDITS + EDITS; i++) {
    await page.keyboard.type(TYPED[(i - 1) % TYPED.length]!);
    await waitForPreview(page, firstEdit + i);
  }
  const before = await page.evaluate(() => performance.getEntriesByName('nthlayer:edit-to-preview').length);
  return page.evaluate(
    (skip) =>
      performance
        .getEntriesByName('nthlayer:edit-to-preview')
        .slice(skip)
        .map((m) => m.duration),
    before - EDITS,
  );
}

interface Split {
  render: number;
  toWorker: number;
  compile: number;
  back: number;
  paint: number;
}

/**
 * Where an edit's time goes: keystroke → request posted (from the store's change notification, before
 * React renders) → to the worker → compile → back to the page → preview committed.
 */
async function breakdown(page: Page): Promise<Split> {
  const parts = await page.evaluate(() => {
    // No helper functions in here: tsx would wrap them in a `__name` call the page does not have.
    const out: { render: number; toWorker: number; compile: number; back: number; paint: number }[] = [];
    for (const m of performance.getEntriesByType('mark')) {
      const n = /^nthlayer:preview:(\d+)$/.exec(m.name)?.[1];
      const edit = performance.getEntriesByName(`nthlayer:edit:${n}`)[0]?.startTime;
      const request = performance.getEntriesByName(`nthlayer:request:${n}`)[0]?.startTime;
      const result = performance.getEntriesByName(`nthlayer:result:${n}`)[0]?.startTime;
      const received = performance.getEntriesByName(`nthlayer:worker-received:${n}`)[0]?.startTime;
      const posted = performance.getEntriesByName(`nthlayer:worker-posted:${n}`)[0]?.startTime;
      if (n && edit !== undefined && request !== undefined && result !== undefined && received !== undefined && posted !== undefined) {
        out.push({
          render: request - edit,
          toWorker: received - request,
          compile: posted - received,
          back: result - posted,
          paint: m.startTime - result,
        });
      }
    }
    return out;
  });
  const med = (k: keyof Split): number => median(parts.map((p) => p[k]));
  return { render: med('render'), toWorker: med('toWorker'), compile: med('compile'), back: med('back'), paint: med('paint') };
}

export const studioBenchmark: Benchmark = {
  name: 'studio: editor ready, edit-to-preview latency, chunk sizes (headless Chromium, production build)',
  async run() {
    const build = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
    const port = await freePort();
    const server = spawn('node_modules/.bin/vite', ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
      stdio: 'ignore',
    });
    const url = `http://127.0.0.1:${port}/`;
    const browser = await launch();
    try {
      await waitForServer(url);
      const loads: number[] = [];
      for (let i = 0; i < LOAD_RUNS; i++) loads.push(await editorReadyMs(browser, url));

      const example = largestExample();
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('.monaco-editor textarea');
      // Examples are templates: opening one forks it into the workspace (as a person does).
      await page.click('button:has-text("Examples")');
      await page.click(`[data-example="${example.replace(/\.yaml$/, '')}"]`);
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent?.startsWith('valid'));
      const plan = await editLatencies(page, 'Plan');
      const rules = await editLatencies(page, 'recording-rules.yaml');
      // The service description: part of the model, so every keystroke regenerates every file.
      const descriptionLine =
        readFileSync(join('examples', example), 'utf8')
          .split('\n')
          .findIndex((l) => /^\s+description:/.test(l)) + 1;
      const modelEdits = descriptionLine > 0 ? await editLatencies(page, 'Plan', descriptionLine) : [];
      const compileMs = await page.evaluate(() => document.querySelector('.statusbar .muted')?.textContent ?? '');
      const parts = await breakdown(page);
      await context.close();

      console.log(`| measure | value | target |`);
      console.log(`|---|---|---|`);
      console.log(
        `| navigation → interactive editor (median of ${LOAD_RUNS}, loopback) | ${median(loads).toFixed(0)} ms (runs: ${loads.map((x) => x.toFixed(0)).join(', ')}) | < 2000 ms |`,
      );
      for (const [tab, xs] of [
        ['Plan tab, comment line', plan],
        ['recording-rules.yaml tab, comment line', rules],
        ['Plan tab, a field the model reads', modelEdits],
      ] as const) {
        if (xs.length === 0) continue;
        console.log(
          `| edit → preview, ${example}, ${tab}: p50 / p95 / max over ${xs.length} edits | ${percentile(xs, 50).toFixed(1)} / ${percentile(xs, 95).toFixed(1)} / ${Math.max(...xs).toFixed(1)} ms | p95 < 50 ms |`,
        );
      }
      console.log(`| last compile in the worker | ${compileMs.replace('generated in ', '')} | |`);
      console.log(
        `| median split: edit → request posted / → worker / compile in worker / → page / → preview committed | ${[parts.render, parts.toWorker, parts.compile, parts.back, parts.paint].map((x) => x.toFixed(1)).join(' / ')} ms | |`,
      );

      const assets = readdirSync('dist/studio/assets')
        .filter((f) => f.endsWith('.js'))
        .sort();
      const rows = assets
        .map((f) => {
          const bytes = readFileSync(join('dist/studio/assets', f));
          return { f, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
        })
        .sort((a, b) => b.gz - a.gz);
      console.log('\n| JS chunk | bytes | gzip |');
      console.log('|---|---|---|');
      for (const r of rows) console.log(`| ${r.f} | ${(r.raw / 1024).toFixed(1)} KiB | ${(r.gz / 1024).toFixed(1)} KiB |`);
      const total = rows.reduce((s, r) => s + r.gz, 0);
      console.log(`| total | | ${(total / 1024).toFixed(1)} KiB |`);
    } finally {
      await browser.close();
      server.kill('SIGTERM');
    }
  },
};
