/**
 * The importer on fixtures written from each format's documentation: what every field becomes,
 * and where each thing NthLayer cannot carry over is reported (file:line:col).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, detectFormat, importSpecs, type ImportOptions, type ImportResult } from '../../src/core/index.ts';

const FIX = 'tests/fixtures/import';

function run(files: string[], options: ImportOptions = {}): ImportResult {
  return importSpecs(
    files.map((f) => ({ file: f, text: readFileSync(`${FIX}/${f}`, 'utf8') })),
    options,
  );
}

type Spec = { service: Record<string, unknown>; resources: { kind: string; name: string; spec: Record<string, unknown> }[] };

function spec(r: ImportResult, service: string): Spec {
  const s = r.specs.find((x) => x.service === service);
  if (!s) throw new Error(`no spec for ${service}: ${r.specs.map((x) => x.service).join(', ')}`);
  return parse(s.text) as Spec;
}

function slo(r: ImportResult, service: string, name: string): Record<string, unknown> {
  const found = spec(r, service).resources.find((x) => x.name === name);
  if (!found) throw new Error(`no SLO ${name}`);
  return found.spec;
}

/** `file:line:col severity code` of every diagnostic with this code. */
function at(r: ImportResult, code: string): string[] {
  return r.diagnostics.filter((d) => d.code === code).map((d) => `${d.file}:${d.line}:${d.column} ${d.severity}`);
}

describe('Sloth prometheus/v1', () => {
  const r = run(['sloth/checkout.sloth.yaml']);

  it('imports every SLO of the file into one spec per service, which compiles', () => {
    expect(r.ok).toBe(true);
    expect(r.specs.map((s) => [s.file, s.slos])).toEqual([['checkout.yaml', 3]]);
    expect(compile({ file: 'checkout.yaml', text: r.specs[0]!.text }).ok).toBe(true);
  });

  it("names the source file in a header comment and each SLO's origin above it", () => {
    const text = r.specs[0]!.text;
    expect(text.startsWith('# Imported by nthlayer from sloth/checkout.sloth.yaml (Sloth prometheus/v1).')).toBe(true);
    expect(text).toContain('# from sloth/checkout.sloth.yaml:17 (slos[0])');
  });

  it("keeps the objective exactly, gives Sloth's default period, and turns {{.window}} into [5m]", () => {
    const s = slo(r, 'checkout', 'requests-availability');
    expect(s.objective).toBe(99.9);
    expect(s.window).toBe('30d');
    expect(s.indicator).toEqual({
      type: 'availability',
      success_ratio: {
        error_query: 'sum(rate(http_request_duration_seconds_count{job="checkout",code=~"(5..|429)"}[5m]))',
        total_query: 'sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))',
      },
    });
  });

  it('service labels: team becomes service.team; other labels stay; a tier that is not an NthLayer tier is dropped loudly', () => {
    const s = spec(r, 'checkout');
    expect(s.service).toMatchObject({
      name: 'checkout',
      team: 'payments',
      tier: 'standard',
      labels: { owner: 'payments', repo: 'acme/checkout' },
    });
    expect(at(r, 'import/reserved-label')).toEqual(['sloth/checkout.sloth.yaml:9:3 warning']);
  });

  it("page and ticket labels become per-tier settings, severity included; shared annotations become the SLO's", () => {
    const a = slo(r, 'checkout', 'requests-availability').alerting as Record<string, unknown>;
    expect(a.name).toBe('CheckoutHighErrorRate');
    expect(a.labels).toEqual({ category: 'availability' });
    expect(a.page_fast).toEqual({ severity: 'pageteam', labels: { routing_key: 'payments' } });
    expect(a.page_slow).toEqual(a.page_fast);
    expect(a.ticket_fast).toEqual({ severity: 'slack', labels: { slack_channel: '#payments' } });
    expect(a.annotations).toEqual({
      // Sloth's label names in templates become NthLayer's.
      summary: 'High error rate on {{$labels.service}} {{$labels.slo}}',
      runbook: 'https://runbooks.acme.test/checkout/errors',
      channel: '#payments-oncall',
    });
  });

  it('a latency error query (count minus bucket) becomes the histogram form with threshold_ms', () => {
    const s = slo(r, 'checkout', 'requests-latency');
    expect(s.indicator).toEqual({
      type: 'latency',
      threshold_ms: 400,
      histogram: 'http_request_duration_seconds',
      selector: '{job="checkout"}',
    });
    expect((s.alerting as Record<string, unknown>).ticket_fast).toEqual({ enabled: false });
    expect((s.alerting as Record<string, unknown>).ticket_slow).toEqual({ enabled: false });
    // The page-only annotation applies to every alert left (ticket is disabled), so it is kept.
    expect((s.alerting as Record<string, unknown>).annotations).toEqual({ dashboard: 'https://grafana.acme.test/d/checkout' });
  });

  it('a raw error ratio becomes ratio_query, as a block scalar; disabling both alerts disables alerting', () => {
    const s = slo(r, 'checkout', 'payment-jobs');
    expect(s.indicator).toEqual({
      ratio_query:
        '1 - (\n  sum(rate(payment_jobs_succeeded_total{job="checkout"}[5m]))\n  /\n  sum(rate(payment_jobs_total{job="checkout"}[5m]))\n)\n',
    });
    expect(r.specs[0]!.text).toContain('        ratio_query: |\n          1 - (');
    expect(s.alerting).toEqual({ enabled: false });
  });

  it('plugin chains are dropped loudly, at each plugin', () => {
    expect(at(r, 'import/sloth-plugin')).toEqual(['sloth/checkout.sloth.yaml:12:7 warning', 'sloth/checkout.sloth.yaml:62:11 warning']);
  });

  it('--default-slo-period sets the window, and the "no period" note goes away', () => {
    const r28 = run(['sloth/checkout.sloth.yaml'], { defaultSloPeriod: '4w' });
    expect(slo(r28, 'checkout', 'requests-availability').window).toBe('28d');
    expect(at(r28, 'import/sloth-period')).toEqual([]);
    expect(at(r, 'import/sloth-period')).toEqual(['sloth/checkout.sloth.yaml:4:1 info']);
  });
});

describe('Sloth PrometheusServiceLevel (CRD, camelCase)', () => {
  const r = run(['sloth/k8s.sloth.yaml']);

  it('reads both documents of the stream into their services', () => {
    expect(r.ok).toBe(true);
    expect(r.documents.map((d) => [d.line, d.kind, d.imported])).toEqual([
      [3, 'Sloth PrometheusServiceLevel', true],
      [38, 'Sloth PrometheusServiceLevel', true],
    ]);
    expect(r.specs.map((s) => s.service)).toEqual(['search-api', 'search-indexer']);
  });

  it('reads camelCase queries and alerts; team, tier and routing labels fill the service block', () => {
    expect(spec(r, 'search-api').service).toEqual({
      name: 'search-api',
      team: 'discovery',
      tier: 'high',
      type: 'api',
      support_model: 'sre',
    });
    const s = slo(r, 'search-api', 'queries-availability');
    expect(s.objective).toBe(99.95);
    expect(s.labels).toEqual({ endpoint: 'search' });
    expect((s.indicator as { success_ratio: unknown }).success_ratio).toEqual({
      error_query: 'sum(rate(search_queries_total{app="search-api",status="error"}[5m]))',
      total_query: 'sum(rate(search_queries_total{app="search-api"}[5m]))',
    });
    expect(s.alerting).toEqual({ name: 'SearchApiAvailability', annotations: { runbook: 'https://runbooks.acme.test/search' } });
  });

  it('a share-of-bad-minutes raw query becomes a gauge SLI; pageAlert disable turns off both page tiers', () => {
    const s = slo(r, 'search-indexer', 'freshness');
    expect(s.indicator).toEqual({ metric: 'max(search_index_lag_seconds{app="search-indexer"})', threshold: 300 });
    expect(s.alerting).toEqual({ name: 'SearchIndexerStale', page_fast: { enabled: false }, page_slow: { enabled: false } });
  });

  it('says the owning team is missing, at the service field, and writes a TODO', () => {
    expect(at(r, 'import/no-team')).toEqual(['sloth/k8s.sloth.yaml:44:3 warning']);
    expect(r.specs[1]!.text).toContain('team: unassigned # TODO: set the owning team');
  });
});

describe('Sloth fields NthLayer cannot carry over are errors at their line', () => {
  const r = run(['sloth/unsupported.sloth.yaml']);

  it('exits as "not imported" while still writing the SLOs that could be read', () => {
    expect(r.ok).toBe(false);
    expect(r.documents[0]!.imported).toBe(false);
    expect(spec(r, 'legacy').resources.map((x) => x.name)).toEqual(['fixed-range']);
  });

  it.each([
    ['an SLI plugin', 'import/sli-plugin', 'sloth/unsupported.sloth.yaml:8:7 error'],
    ['objective 100', 'import/objective-100', 'sloth/unsupported.sloth.yaml:15:16 error'],
    ['{{.window}} outside a range', 'import/window-not-a-range', 'sloth/unsupported.sloth.yaml:26:60 error'],
    ['an unknown field', 'import/unknown-field', 'sloth/unsupported.sloth.yaml:32:5 warning'],
  ])('%s', (_what, code, where) => {
    expect(at(r, code)).toEqual([where]);
  });

  it('a fixed range that is not {{.window}} is imported with a warning at the range', () => {
    expect(at(r, 'import/fixed-range')).toEqual([
      'sloth/unsupported.sloth.yaml:26:49 warning',
      'sloth/unsupported.sloth.yaml:36:112 warning',
    ]);
    expect(r.specs[0]!.text).toContain('# warning (line 36): the fixed range [1h] is not {{.window}}');
  });
});

describe('OpenSLO v1alpha', () => {
  const r = run(['openslo/v1alpha.openslo.yaml']);

  it('imports each objective as an SLO, names it after the SLO and objective, and takes the Service description', () => {
    expect(r.ok).toBe(true);
    const s = spec(r, 'web-shop');
    expect(s.service.description).toBe('The storefront and its checkout.');
    expect(s.resources.map((x) => [x.name, x.spec.objective, x.spec.window])).toEqual([
      ['availability-most-requests-succeed', 99.9, '28d'],
      ['availability-nearly-all-requests-succeed', 99, '28d'],
      ['queue-latency', 98, '28d'],
    ]);
  });

  it('counters without a range are read as rates over [5m]', () => {
    expect((slo(r, 'web-shop', 'availability-nearly-all-requests-succeed').indicator as { success_ratio: unknown }).success_ratio).toEqual({
      good_query: 'sum(rate(http_requests_total{app="web-shop",code!~"5.."}[5m]))',
      total_query: 'sum(rate(http_requests_total{app="web-shop"}[5m]))',
    });
    expect(at(r, 'import/counter-rate')).toEqual(['openslo/v1alpha.openslo.yaml:44:18 info', 'openslo/v1alpha.openslo.yaml:48:18 info']);
  });

  it('a thresholdMetric with op lte is a gauge SLI; a calendar window is imported as rolling, loudly', () => {
    expect(slo(r, 'web-shop', 'queue-latency').indicator).toEqual({
      metric: 'max(order_queue_oldest_message_age_seconds{app="web-shop"})',
      threshold: 120,
    });
    expect(at(r, 'import/calendar-window')).toEqual(['openslo/v1alpha.openslo.yaml:67:7 warning']);
  });
});

describe('OpenSLO v1', () => {
  const r = run(['openslo/v1.openslo.yaml']);
  const a = slo(r, 'payments', 'authorisation').alerting as Record<string, unknown>;

  it('resolves indicatorRef, DataSource, alertPolicyRef and conditionRef across documents', () => {
    expect(r.ok).toBe(true);
    expect(slo(r, 'payments', 'authorisation')).toMatchObject({
      objective: 99.95,
      window: '28d',
      labels: { journey: 'checkout' },
      indicator: { success_ratio: { good_query: 'sum(rate(payments_total{service="payments",result="authorised"}[5m]))' } },
    });
    expect(at(r, 'import/unused')).toEqual([]);
  });

  it('maps alert conditions to tiers by lookback window, alertAfter to for, severity to severity; unmapped tiers are off', () => {
    expect(a.page_fast).toEqual({ severity: 'page', for: '5m' });
    expect(a.ticket_slow).toEqual({ severity: 'ticket', for: '30m' });
    expect(a.page_slow).toEqual({ enabled: false });
    expect(a.ticket_fast).toEqual({ enabled: false });
    expect(a.no_data).toEqual({ enabled: true });
  });

  it('notification targets are dropped loudly, at the reference', () => {
    expect(at(r, 'import/notification-target')).toEqual(['openslo/v1.openslo.yaml:89:13 warning']);
  });

  it('Timeslices budgeting is imported as Occurrences with a warning; 1M is 30d; bad/total is error_query', () => {
    const s = slo(r, 'payments', 'refunds');
    expect(s.window).toBe('30d');
    expect((s.indicator as { success_ratio: unknown }).success_ratio).toEqual({
      error_query: 'sum(rate(refunds_total{service="payments",result="failed"}[5m]))',
      total_query: 'sum(rate(refunds_total{service="payments"}[5m]))',
    });
    const d = r.diagnostics.find((x) => x.code === 'import/budgeting-method')!;
    expect(d.message).toMatch(/^unsupported: Timeslices budgeting; imported as Occurrences/);
    expect(`${d.line}:${d.column}`).toBe('154:20');
  });

  it('a raw success ratio becomes 1 - (ratio); an SLO without alert policies gets no alerts', () => {
    expect(slo(r, 'payments', 'fraud-score').indicator).toEqual({
      ratio_query: '1 - (avg_over_time(fraud_scorer_success_ratio{service="payments"}[5m]))',
    });
    expect(slo(r, 'payments', 'refunds').alerting).toEqual({ enabled: false });
  });

  it('a lt threshold is imported as lte with a warning at op', () => {
    expect(slo(r, 'payments', 'settlement-lag').indicator).toEqual({
      metric: 'max(settlement_batch_age_seconds{service="payments"})',
      threshold: 3600,
    });
    expect(at(r, 'import/threshold-op')).toEqual(['openslo/v1.openslo.yaml:225:11 warning']);
  });

  it('a gte threshold is written as -(query) at or below -value', () => {
    const text = readFileSync(`${FIX}/openslo/v1.openslo.yaml`, 'utf8').replace('op: lt\n', 'op: gte\n');
    const g = importSpecs([{ file: 'x.yaml', text }]);
    expect(slo(g, 'payments', 'settlement-lag').indicator).toEqual({
      metric: '-(max(settlement_batch_age_seconds{service="payments"}))',
      threshold: -3600,
    });
  });

  it('the Service labels set team and tier; other labels become service labels', () => {
    expect(spec(r, 'payments').service).toEqual({
      name: 'payments',
      team: 'payments-core',
      tier: 'critical',
      type: 'api',
      description: 'Card payments for every shop.',
      labels: { costCentre: 'cc-42' },
    });
  });

  it('a non-Prometheus source is refused, and an object no SLO uses is reported', () => {
    const text = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: unused
spec:
  ratioMetric:
    counter: true
    good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(a[5m]))'}}}
    total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(b[5m]))'}}}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: dd
spec:
  service: web
  budgetingMethod: Occurrences
  indicator:
    metadata: {name: dd}
    spec:
      ratioMetric:
        counter: true
        good: {metricSource: {type: Datadog, spec: {query: "sum:requests{ok}.as_count()"}}}
        total: {metricSource: {type: Datadog, spec: {query: "sum:requests{*}.as_count()"}}}
  objectives:
    - target: 0.99
`;
    const x = importSpecs([{ file: 'mixed.yaml', text }]);
    expect(x.ok).toBe(false);
    expect(at(x, 'import/not-prometheus')).toEqual(['mixed.yaml:23:37 error', 'mixed.yaml:24:38 error']);
    expect(at(x, 'import/unused')).toEqual(['mixed.yaml:2:7 info']);
    expect(x.specs).toEqual([]);
  });
});

describe('Pyrra ServiceLevelObjective', () => {
  const r = run(['pyrra/objectives.pyrra.yaml']);

  it('takes the service from a label, else the namespace; --service overrides both', () => {
    expect(r.specs.map((s) => [s.service, s.slos])).toEqual([
      ['storefront', 3],
      ['storefront-api', 1],
    ]);
    const all = run(['pyrra/objectives.pyrra.yaml'], { service: 'shop' });
    expect(all.specs.map((s) => [s.service, s.slos])).toEqual([['shop', 4]]);
  });

  it('reads target as a string, keeps it exactly, and turns 2w into 14d', () => {
    const s = slo(r, 'storefront', 'api-errors');
    expect([s.objective, s.window, s.description]).toEqual([99.5, '14d', 'API requests answered without a server error.']);
  });

  it('ratio: errors and total selectors become sum(rate(…[5m])) queries; grouping is reported', () => {
    expect((slo(r, 'storefront', 'api-errors').indicator as { success_ratio: unknown }).success_ratio).toEqual({
      error_query: 'sum(rate(http_requests_total{job="storefront-api",code=~"5.."}[5m]))',
      total_query: 'sum(rate(http_requests_total{job="storefront-api"}[5m]))',
    });
    expect(at(r, 'import/pyrra-grouping')).toEqual(['pyrra/objectives.pyrra.yaml:24:7 warning']);
  });

  it('pyrra.dev/ labels and annotations propagate (team to the service), others are noted', () => {
    expect(spec(r, 'storefront').service.team).toBe('web');
    expect((slo(r, 'storefront', 'api-errors').alerting as Record<string, unknown>).annotations).toEqual({
      runbook: 'https://runbooks.acme.test/api-errors',
    });
    expect(at(r, 'import/kubernetes-labels')).toEqual(['pyrra/objectives.pyrra.yaml:8:3 info']);
  });

  it("alerting: name, severities per tier, absent as the no-data alert with Pyrra's for; the tier change is reported", () => {
    expect(slo(r, 'storefront', 'api-errors').alerting).toEqual({
      name: 'StorefrontApiErrorBudgetBurn',
      annotations: { runbook: 'https://runbooks.acme.test/api-errors' },
      page_fast: { severity: 'page' },
      page_slow: { severity: 'page' },
      ticket_fast: { severity: 'ticket' },
      ticket_slow: { severity: 'ticket' },
      // 14 × 0.5 % × 30m + 1m for a 14-day window = 3m (Pyrra's own formula).
      no_data: { enabled: true, for: '3m', severity: 'ticket' },
    });
    expect(r.diagnostics.find((d) => d.code === 'import/pyrra-tiers' && d.line === 26)?.message).toBe(
      "Pyrra's burn-rate tiers (14× 30m/3m, 7× 3h/15m, 2× 12h/1h, 1× 2d/3h) become NthLayer's for 14d (14.4× 28m/5m, 6× 2h48m/14m, 3× 11h12m/56m, 1× 1d9h36m/2h48m)",
    );
    expect(at(r, 'import/dropped').filter((x) => x.includes(':28:'))).toEqual(['pyrra/objectives.pyrra.yaml:28:5 warning']);
  });

  it('latency: success bucket and total count become the histogram form', () => {
    const s = slo(r, 'storefront', 'api-latency');
    expect(s.indicator).toEqual({
      type: 'latency',
      threshold_ms: 1000,
      histogram: 'http_request_duration_seconds',
      selector: '{job="storefront-api",code=~"2.."}',
    });
    expect(s.alerting).toEqual({ no_data: { enabled: true, for: '10m' } });
  });

  it('latencyNative becomes a native-histogram latency SLI; burnrates: false turns burn-rate alerts off', () => {
    const s = slo(r, 'storefront', 'api-latency-native');
    expect(s.indicator).toEqual({
      type: 'latency',
      native_histogram: true,
      histogram: 'http_request_duration_seconds',
      threshold_ms: 250,
      selector: '{job="storefront-api"}',
    });
    expect(s.alerting).toEqual({ enabled: false, no_data: { enabled: true, for: '3m' } });
  });

  it('bool_gauge: good samples over all samples; disabled turns every alert off', () => {
    const s = slo(r, 'storefront-api', 'api-up');
    expect(s.indicator).toEqual({
      type: 'availability',
      success_ratio: {
        good_query: 'sum(sum_over_time(up{job="storefront-api"}[5m]))',
        total_query: 'sum(count_over_time(up{job="storefront-api"}[5m]))',
      },
    });
    expect(s.alerting).toEqual({ enabled: false });
  });

  it('Thanos- and operator-only fields are dropped loudly at their line', () => {
    expect(at(r, 'import/dropped').filter((x) => /:(51|70|90):/.test(x))).toEqual([
      'pyrra/objectives.pyrra.yaml:51:3 warning',
      'pyrra/objectives.pyrra.yaml:70:3 warning',
      'pyrra/objectives.pyrra.yaml:90:3 warning',
    ]);
  });

  it('an objective with no service, label or namespace is refused with a hint to pass --service', () => {
    const text =
      'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: x\nspec:\n  target: "99"\n  window: 28d\n  indicator:\n    ratio:\n      errors: {metric: \'a{code="500"}\'}\n      total: {metric: a}\n';
    const x = importSpecs([{ file: 'p.yaml', text }]);
    expect(x.ok).toBe(false);
    expect(x.diagnostics.find((d) => d.code === 'import/pyrra-service')).toMatchObject({
      line: 3,
      severity: 'error',
      hint: 'pass --service <name>',
    });
    expect(importSpecs([{ file: 'p.yaml', text }], { service: 'api' }).specs.map((s) => s.service)).toEqual(['api']);
  });
});

describe('documents and formats', () => {
  it.each([
    ['version: prometheus/v1', 'sloth'],
    ['apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel', 'sloth'],
    ['apiVersion: openslo/v1\nkind: SLO', 'openslo'],
    ['apiVersion: openslo/v1alpha\nkind: Service', 'openslo'],
    ['apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective', 'pyrra'],
  ])('%s is %s', (text, format) => {
    expect(detectFormat(parse(text)).format).toBe(format);
  });

  it('a list of objects and a Kubernetes List are read item by item', () => {
    const item =
      'apiVersion: pyrra.dev/v1alpha1\n  kind: ServiceLevelObjective\n  metadata: {name: a, namespace: ns}\n  spec: {target: "99", window: 28d, indicator: {ratio: {errors: {metric: \'x{c="1"}\'}, total: {metric: x}}}}';
    const list = importSpecs([{ file: 'l.yaml', text: `- ${item}\n- ${item.replace('name: a', 'name: b')}\n` }]);
    expect(list.specs[0]!.slos).toBe(2);
    const k8s = importSpecs([{ file: 'k.yaml', text: `apiVersion: v1\nkind: List\nitems:\n  - ${item.replace(/\n {2}/g, '\n    ')}\n` }]);
    expect(k8s.specs[0]!.slos).toBe(1);
    expect(k8s.documents[0]!.line).toBe(4);
  });

  it.each([
    ['an NthLayer spec', 'service:\n  name: x\n  team: t\n  tier: low\n  type: api\nresources: []\n', /already an NthLayer spec/],
    ['OpenSLO v2alpha', 'apiVersion: openslo.com/v2alpha\nkind: SLO\n', /unsupported OpenSLO version/],
    ['something else', 'groups: []\n', /not a Sloth, OpenSLO or Pyrra document/],
  ])('%s is not imported, with a reason', (_what, text, message) => {
    const x = importSpecs([{ file: 'x.yaml', text }]);
    expect(x.ok).toBe(false);
    expect(x.documents[0]!.imported).toBe(false);
    expect(x.diagnostics[0]!.message).toMatch(message);
  });

  it('a Sloth spec without version is read as prometheus/v1, with a warning', () => {
    const x = importSpecs([
      {
        file: 's.yaml',
        text: 'service: api\nslos:\n  - name: a\n    objective: 99\n    sli:\n      events:\n        error_query: sum(rate(e[{{.window}}]))\n        total_query: sum(rate(t[{{.window}}]))\n',
      },
    ]);
    expect(x.ok).toBe(true);
    expect(x.specs[0]!.slos).toBe(1);
    expect(at(x, 'import/no-version')).toEqual(['s.yaml:1:1 warning']);
  });

  it('--from refuses documents of another format', () => {
    const x = run(['pyrra/objectives.pyrra.yaml', 'sloth/checkout.sloth.yaml'], { from: 'sloth' });
    expect(x.specs.map((s) => s.service)).toEqual(['checkout']);
    expect(at(x, 'import/wrong-format')).toHaveLength(4);
  });

  it('a YAML error is reported at its position and nothing of that document is imported', () => {
    const x = importSpecs([{ file: 'bad.yaml', text: 'version: prometheus/v1\nservice: x\n\tslos: []\n' }]);
    expect(x.ok).toBe(false);
    expect(x.diagnostics).toHaveLength(1);
    expect(x.diagnostics[0]).toMatchObject({ code: 'import/yaml', line: 3, column: 1, severity: 'error' });
    expect(x.specs).toEqual([]);
    expect(x.documents).toEqual([{ file: 'bad.yaml', line: 1, kind: 'invalid YAML', imported: false }]);
  });

  it('two files defining the same SLO of a service: the second is an error at its own line', () => {
    const text = readFileSync(`${FIX}/sloth/checkout.sloth.yaml`, 'utf8');
    const x = importSpecs([
      { file: 'a.yaml', text },
      { file: 'b.yaml', text },
    ]);
    expect(x.ok).toBe(false);
    expect(x.specs[0]!.slos).toBe(3);
    expect(at(x, 'import/duplicate-slo')).toEqual(['b.yaml:17:5 error', 'b.yaml:48:5 error', 'b.yaml:76:5 error']);
  });
});
