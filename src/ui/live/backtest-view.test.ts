import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compile } from '../../core/index.ts';
import { availabilitySpec } from '../../../tests/helpers/specs.ts';
import { BacktestView, thin } from './BacktestView.tsx';

describe('the Backtest view', () => {
  it('thins a week of minutes to at most 720 points per line and keeps every burn spike', () => {
    const n = 7 * 1440;
    const times = Float64Array.from({ length: n }, (_, i) => i * 60);
    const burn = new Float64Array(n).fill(0.2);
    burn[5000] = 50; // one minute at 50×
    burn.fill(NaN, 100, 200); // no data
    const points = thin(times, [burn]);
    expect(points.length).toBeLessThanOrEqual(720);
    expect(Math.max(...points.map((p) => p.v[0] ?? 0))).toBe(50);
    expect(points.some((p) => p.v[0] === null)).toBe(true);
  });

  it('renders nothing without a Prometheus connection', () => {
    const model = compile({ file: 'svc.yaml', text: availabilitySpec('svc') }).model!;
    expect(renderToStaticMarkup(createElement(BacktestView, { model }))).toBe('');
  });
});
