import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { statusText } from './ConnectionDialog.tsx';
import { limiter } from './use-live-query.ts';
import { VerifyPanel } from './VerifyPanel.tsx';

describe('live views without a Prometheus', () => {
  it('verify says how to connect instead of reporting anything missing', () => {
    const html = renderToStaticMarkup(
      createElement(VerifyPanel, { input: { file: 'a.yaml', text: '', environment: '', environmentFiles: [] }, valid: true }),
    );
    expect(html).toContain('data-testid="verify-off"');
    expect(html).not.toContain('missing');
  });

  it('the header names each connection state in words', () => {
    expect(statusText({ kind: 'off' })).toBe('Prometheus: not connected (sample data)');
    expect(statusText({ kind: 'ok', version: '2.53.0' })).toBe('Prometheus 2.53.0: connected');
    expect(statusText({ kind: 'error', message: 'x' })).toBe('Prometheus: unreachable');
  });
});

describe('limiter', () => {
  it('never runs more than the limit at once, and runs everything', async () => {
    const run = limiter(2);
    let active = 0;
    let peak = 0;
    const task = async (n: number): Promise<number> => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => run(() => task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('a failing task frees its slot', async () => {
    const run = limiter(1);
    await expect(run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
