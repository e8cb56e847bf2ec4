import { describe, expect, it } from 'vitest';
import { chartRows, dashboardVariables, resolveExpr, seriesName, toSeries } from './live-data.ts';

const dashboard = {
  templating: {
    list: [
      { name: 'datasource', type: 'datasource' },
      { name: 'service', type: 'custom', query: 'payment-api' },
      { name: 'namespace', type: 'query' },
      { name: 'postgresql_instance', type: 'query' },
    ],
  },
};

describe('dashboard live data', () => {
  it('$service becomes the service; namespace and technology instances match everything', () => {
    const vars = dashboardVariables(dashboard, 'payment-api');
    expect(resolveExpr('sum(rate(http_requests{service="$service",namespace=~"$namespace"}[5m]))', vars)).toBe(
      'sum(rate(http_requests{service="payment-api",namespace=~".*"}[5m]))',
    );
    expect(resolveExpr('pg_up{instance=~"${postgresql_instance}"} or pg_up{instance=~"[[postgresql_instance]]"}', vars)).toBe(
      'pg_up{instance=~".*"} or pg_up{instance=~".*"}',
    );
    expect(vars.has('datasource')).toBe(false);
  });

  it('a longer variable name is not eaten by a shorter one', () => {
    const vars = new Map([
      ['service', 'x'],
      ['service_name', 'y'],
    ]);
    expect(resolveExpr('$service_name $service', vars)).toBe('y x');
  });

  it('unknown variables are left for Prometheus to reject; Grafana globals get sensible values', () => {
    expect(resolveExpr('rate(x{a="$nope"}[$__rate_interval])', new Map())).toBe('rate(x{a="$nope"}[5m])');
  });

  it('legends fill {{labels}}; without one the series is named by its labels', () => {
    expect(seriesName('{{slo}} 5m', { slo: 'availability' }, 'f')).toBe('availability 5m');
    expect(seriesName('', { __name__: 'up', job: 'a' }, 'f')).toBe('up{job="a"}');
    expect(seriesName('', {}, 'fallback')).toBe('fallback');
  });

  it('matrices become chart rows at their timestamps, with distinct names', () => {
    const series = toSeries(
      {
        resultType: 'matrix',
        result: [
          {
            metric: { instance: 'a' },
            values: [
              [1000, '1'],
              [1060, '2'],
            ],
          },
          { metric: { instance: 'b' }, values: [[1060, 'NaN']] },
        ],
      },
      'db',
      'f',
    );
    const { names, rows } = chartRows(series);
    expect(names).toEqual(['db', 'db (2)']);
    expect(rows).toEqual([
      { t: 1000, db: 1 },
      { t: 1060, db: 2 },
    ]);
  });
});

describe('chosen variable values', () => {
  it('a chosen instance matches only itself inside a PromQL string; All matches everything', async () => {
    const { regexValue, ALL } = await import('./live-data.ts');
    expect(regexValue(ALL)).toBe('.*');
    expect(regexValue('ledger-db.prod:9187')).toBe('ledger-db\\\\.prod:9187');
  });
});
