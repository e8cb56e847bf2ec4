import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCompile } from './compile-request.ts';
import { applyPreview, diffPreview, samePlainData, type PreviewDelta } from './delta.ts';
import type { PreviewResult } from './summary.ts';

const ORDER_API = readFileSync('examples/order-api.yaml', 'utf8');

const preview = (text: string, seq: number): PreviewResult =>
  runCompile({ seq, file: 'order-api/order-api.yaml', text, environment: '', environmentFiles: [] }, () => 0);

/** What the page gets: the delta through structured clone (the worker boundary), applied to its last result. */
function across(
  pagePrev: PreviewResult | undefined,
  workerPrev: PreviewResult | undefined,
  next: PreviewResult,
): {
  delta: PreviewDelta;
  page: PreviewResult;
} {
  const delta = structuredClone(diffPreview(workerPrev, next));
  return { delta, page: applyPreview(pagePrev, delta) };
}

const sentFiles = (d: PreviewDelta): string[] => (d.files ?? []).filter((f) => !('kept' in f)).map((f) => f.path);

describe('preview delta across the worker boundary', () => {
  it('the first result is sent whole', () => {
    const first = preview(ORDER_API, 1);
    const { delta, page } = across(undefined, undefined, first);
    expect(delta.base).toBeUndefined();
    expect(delta.same).toEqual([]);
    expect(sentFiles(delta)).toEqual(first.files?.map((f) => f.path));
    expect(page).toEqual(first);
  });

  it('a comment edit sends only manifest.json (the spec hash) and keeps every other object identical', () => {
    const first = preview(ORDER_API, 1);
    const page1 = across(undefined, undefined, first).page;
    // As the benchmark types: at the end of the first line, a comment (no line moves).
    const second = preview(
      ORDER_API.replace(/^#[^\n]*/, (l) => `${l} more words`),
      2,
    );
    const { delta, page } = across(page1, first, second);
    expect(delta.base).toBe(1);
    expect(sentFiles(delta)).toEqual(['order-api/manifest.json']);
    expect(delta.same).toEqual(['diagnostics', 'slos', 'plan', 'dashboardPlan', 'model', 'environments', 'overrides']);
    expect(page).toEqual(second);
    // Unchanged parts are the page's previous objects: memoised views skip them.
    expect(page.model).toBe(page1.model);
    expect(page.plan).toBe(page1.plan);
    expect(page.diagnostics).toBe(page1.diagnostics);
    const rules = (r: PreviewResult) => r.files?.find((f) => f.path === 'order-api/recording-rules.yaml');
    expect(rules(page)).toBe(rules(page1));
    const manifest = (r: PreviewResult) => r.files?.find((f) => f.path === 'order-api/manifest.json');
    expect(manifest(page)).not.toBe(manifest(page1));
    expect(manifest(page)?.content).toBe(manifest(second)?.content);
  });

  it('a model edit sends the files and parts it changed, and the page ends with exactly the new result', () => {
    const first = preview(ORDER_API, 1);
    const page1 = across(undefined, undefined, first).page;
    const second = preview(ORDER_API.replace('objective: 99.95', 'objective: 99.5'), 2);
    expect(second.ok).toBe(true);
    const { delta, page } = across(page1, first, second);
    expect(delta.same).not.toContain('model');
    expect(delta.same).not.toContain('slos');
    expect(sentFiles(delta)).toContain('order-api/alerts.yaml');
    expect(page).toEqual(second);
  });

  it('valid → invalid → valid: missing parts stay missing, returning ones come back whole', () => {
    const valid = preview(ORDER_API, 1);
    const invalid = preview(ORDER_API.replace('objective: 99.95', 'objective: 100'), 2);
    expect(invalid.ok).toBe(false);
    const again = preview(ORDER_API, 3);
    const p1 = across(undefined, undefined, valid).page;
    const p2 = across(p1, valid, invalid).page;
    expect(p2).toEqual(invalid);
    expect(p2.files).toBeUndefined();
    expect(p2.model).toBeUndefined();
    const p3 = across(p2, invalid, again).page;
    expect(p3).toEqual(again);
  });

  it('a delta relative to another result than the page has is refused, never applied', () => {
    const first = preview(ORDER_API, 1);
    const second = preview(`# x\n${ORDER_API}`, 2);
    const third = preview(`# y\n${ORDER_API}`, 3);
    const page1 = across(undefined, undefined, first).page;
    expect(() => applyPreview(page1, diffPreview(second, third))).toThrow(/relative to result 2, but the studio has 1/);
    expect(() => applyPreview(undefined, diffPreview(first, second))).toThrow(/relative to result 1, but the studio has none/);
  });

  it('a file with the same fingerprint but other content is sent (the content is compared, not the hash)', () => {
    const first = preview(ORDER_API, 1);
    const forged: PreviewResult = {
      ...first,
      seq: 2,
      files: first.files?.map((f) => (f.path === 'order-api/alerts.yaml' ? { ...f, content: `${f.content}# changed\n` } : f)),
    };
    expect(sentFiles(diffPreview(first, forged))).toEqual(['order-api/alerts.yaml']);
  });
});

describe('plain data equality', () => {
  it.each([
    [{ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: 1, b: undefined }, { a: 1, c: undefined }, false],
    [[1, 2], { 0: 1, 1: 2 }, false],
    [[1, 2], [1, 2, 3], false],
    [Number.NaN, Number.NaN, true],
    [null, {}, false],
    ['1', 1, false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(samePlainData(a, b)).toBe(same);
  });
});
