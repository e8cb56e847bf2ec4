/**
 * Issue #19 in Chromium: a 120-byte spec that made the old service-name pre-scan backtrack for
 * minutes compiles at once (shared link, fork, reload), and a compile that takes too long is
 * stopped with a clear message and a stale preview instead of freezing the studio.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeShare } from '../../src/ui/lib/share.ts';
import { launch, openStudio, waitForEditor } from './browser.ts';

const url = inject('studioUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Ten lines of spaces after `service:` and no `name:`: each line multiplied the old regex's work by ten. */
const REDOS_SPEC = `service:\n${'          \n'.repeat(10)}x`;

describe('the studio under hostile input', () => {
  it("vite preview sends the studio's headers: no framing, no sniffing, code from its own origin only", async () => {
    const res = await fetch(url);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a shared link with the ReDoS spec compiles at once, and again after Fork and reload', async () => {
    const { page, errors } = await openStudio(browser, url);
    const link = encodeShare({ v: 1, file: 'redos.yaml', text: REDOS_SPEC, base: '' });
    if (!link.ok) throw new Error(link.error);
    await page.goto('about:blank');
    await page.goto(`${url}${link.value}`);
    await page.waitForSelector('[data-testid="review-banner"]');
    await page.waitForSelector('[data-testid="status"]:text("invalid")', { timeout: 15_000 });
    await page.click('button:has-text("Fork to edit")');
    await waitForEditor(page);
    await page.reload();
    await waitForEditor(page);
    await expect(page.textContent('[data-testid="status"]')).resolves.toBe('invalid');
    expect(errors).toEqual([]);
  });

  it('a compile over the time limit is stopped with a message; the status says so and nothing hangs', async () => {
    const context = await browser.newContext();
    // A 1 ms limit stops every compile: the same path a hanging spec takes after 10 s.
    await context.addInitScript(() => localStorage.setItem('nthlayer.compileTimeoutMs', '1'));
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-testid="compile-timeout"]', { timeout: 20_000 });
    await expect(page.textContent('[data-testid="compile-timeout"]')).resolves.toMatch(/^Stopped: compiling this spec took longer than/);
    await expect(page.textContent('[data-testid="status"]')).resolves.toBe('stopped: compile timed out');
    // The page still answers: the editor is there and typing works.
    await page.waitForSelector('.monaco-editor textarea');
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await context.close();
  });
});
