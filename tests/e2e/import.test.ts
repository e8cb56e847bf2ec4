/**
 * Importing in the studio: a Sloth, OpenSLO or Pyrra file opened with the Open button or
 * dropped on the page becomes an NthLayer spec, with what the import reported under Problems.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, openStudio, waitForEditor, type Watched } from './browser.ts';

const url = inject('studioUrl');
const FIX = 'tests/fixtures/import';
let browser: Browser;
const opened: Watched[] = [];

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function studio(): Promise<Watched> {
  const w = await openStudio(browser, url);
  opened.push(w);
  return w;
}

const problemWheres = (page: Page): Promise<string[]> =>
  page.$$eval('.problem .problem-where', (els) => els.map((e) => e.textContent ?? ''));

describe('importing in the studio', () => {
  it('opens a Sloth file as an imported spec with the import diagnostics in Problems, kept across a reload', async () => {
    const { page, errors, foreign } = await studio();
    await page.setInputFiles('input[type="file"]', `${FIX}/sloth/checkout.sloth.yaml`);
    await page.waitForFunction(
      () => (document.querySelector('select[aria-label="Open document"]') as HTMLSelectElement | null)?.value === 'checkout.yaml',
    );
    await expect(page.textContent('[data-testid="notice"]')).resolves.toMatch(
      /^Imported 3 SLOs from checkout\.sloth\.yaml as checkout\.yaml\. 0 errors and 3 warnings/,
    );
    await page.waitForSelector('[data-testid="status"]:text-matches("^valid")');
    await expect(page.textContent('[data-testid="import-notes"]')).resolves.toContain('Imported from checkout.sloth.yaml');
    const wheres = await problemWheres(page);
    expect(wheres).toEqual(expect.arrayContaining(['checkout.sloth.yaml:9:3', 'checkout.sloth.yaml:12:7', 'checkout.sloth.yaml:62:11']));
    // The editor holds the imported spec.
    await page.click('role=tab[name="Plan"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="plan"] h2')?.textContent?.startsWith('checkout'));
    // A note points into the source file, which stays open read-only: choosing it shows that line there.
    await page.click('.problem:has-text("checkout.sloth.yaml:12:7")');
    await page.waitForFunction(
      () => (document.querySelector('select[aria-label="Open document"]') as HTMLSelectElement | null)?.value === 'checkout.sloth.yaml',
    );
    await page.waitForSelector('.doc-bar .badge:has-text("read-only")');
    await page.waitForFunction(() => document.querySelector('.line-numbers.active-line-number')?.textContent === '12');
    // Typing there changes nothing, and the preview still shows the imported spec.
    await page.keyboard.type('x');
    await expect(page.textContent('.monaco-editor .view-lines')).resolves.not.toMatch(/^x/);
    await page.waitForFunction(() => document.querySelector('[data-testid="plan"] h2')?.textContent?.startsWith('checkout'));
    await page.selectOption('select[aria-label="Open document"]', 'checkout.yaml');

    await page.reload();
    await waitForEditor(page);
    await page.waitForSelector('[data-testid="import-notes"]');
    expect(await problemWheres(page)).toEqual(expect.arrayContaining(['checkout.sloth.yaml:12:7']));
    await page.click('button:has-text("Dismiss import notes")');
    await page.waitForSelector('[data-testid="import-notes"]', { state: 'detached' });
    expect((await problemWheres(page)).some((w) => w.startsWith('checkout.sloth.yaml'))).toBe(false);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('imports files dropped on the page together (an OpenSLO SLO and the objects it refers to)', async () => {
    const { page, errors } = await studio();
    const files = [`${FIX}/openslo/v1.openslo.yaml`, `${FIX}/pyrra/objectives.pyrra.yaml`].map((p) => ({
      name: p.split('/').pop()!,
      text: readFileSync(p, 'utf8'),
    }));
    const transfer = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/yaml' }));
      return dt;
    }, files);
    await page.dispatchEvent('.app', 'dragover', { dataTransfer: transfer });
    await page.waitForSelector('[data-testid="drop-overlay"]');
    await page.dispatchEvent('.app', 'drop', { dataTransfer: transfer });
    await page.waitForSelector('[data-testid="drop-overlay"]', { state: 'detached' });
    await page.waitForSelector('[data-testid="notice"]:has-text("Imported")');
    await expect(page.textContent('[data-testid="notice"]')).resolves.toMatch(
      /^Imported 8 SLOs from v1\.openslo\.yaml, objectives\.pyrra\.yaml as payments\.yaml, storefront\.yaml, storefront-api\.yaml\./,
    );
    const options = await page.$$eval('select[aria-label="Open document"] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(expect.arrayContaining(['payments.yaml', 'storefront.yaml', 'storefront-api.yaml']));
    expect(await page.inputValue('select[aria-label="Open document"]')).toBe('payments.yaml');
    await page.waitForSelector('[data-testid="status"]:text-matches("^valid")');
    expect(await problemWheres(page)).toEqual(expect.arrayContaining(['v1.openslo.yaml:89:13', 'v1.openslo.yaml:154:20']));
    expect(errors).toEqual([]);
  });

  it('lists the import errors when a file is only partly importable', async () => {
    const { page, errors } = await studio();
    await page.setInputFiles('input[type="file"]', `${FIX}/sloth/unsupported.sloth.yaml`);
    // One SLO of four is importable: the spec opens, and the errors are listed.
    await page.waitForSelector('[data-testid="notice"]:has-text("1 document could not be imported")');
    expect(await problemWheres(page)).toEqual(expect.arrayContaining(['unsupported.sloth.yaml:8:7', 'unsupported.sloth.yaml:15:16']));
    expect(await page.$$eval('.problem.sev-error .problem-where', (els) => els.map((e) => e.textContent))).toContain(
      'unsupported.sloth.yaml:8:7',
    );
    expect(errors).toEqual([]);
  });

  it('made no request to any other origin in any test', () => {
    expect(opened.flatMap((w) => w.foreign)).toEqual([]);
  });
});
