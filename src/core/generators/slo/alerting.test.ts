import { describe, expect, it } from 'vitest';
import { compile } from '../../index.ts';
import { sloFacts } from '../../budget/facts.ts';
import { isAlertingRule, type AlertingRule } from '../rules.ts';
import { sloAlertGroups } from '../alerts/index.ts';
import { parsePromql } from '../../promql/parse.ts';

const head = (tier = 'critical') => `service:\n  name: svc\n  team: t\n  tier: ${tier}\n  type: api\nresources:\n`;
const slo = (name: string, extra = '', objective = 99.9, window = '30d') => `  - kind: SLO
    name: ${name}
    spec:
      objective: ${objective}
      window: ${window}
${extra}`;
const compiled = (text: string) => compile({ file: 'svc.yaml', text });
const alerts = (text: string): AlertingRule[] => {
  const r = compiled(text);
  expect(r.ok, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(true);
  return sloAlertGroups(r.model!).flatMap((g) => g.rules.filter(isAlertingRule));
};
const codes = (text: string) => compiled(text).diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}`);

describe('tiers that can never fire', () => {
  it('page_fast of a 90 %/30d SLO is refused with a warning at the objective and not generated', () => {
    const text = head() + slo('availability', '', 90);
    expect(codes(text)).toContain('warning slo/tier-impossible 10');
    expect(alerts(text).map((a) => a.labels!.burn_tier)).toEqual(['page_slow', 'ticket_fast', 'ticket_slow', 'no_data']);
    expect(sloFacts(compiled(text).model!, compiled(text).model!.slos[0]!).tiers[0]).toMatchObject({ enabled: false, off: 'impossible' });
  });
  it('disabling the tier acknowledges it: no warning', () => {
    expect(codes(head() + slo('availability', '      alerting:\n        page_fast: {enabled: false}\n', 90))).not.toContain(
      'warning slo/tier-impossible 10',
    );
  });
});

describe('the no-data alert', () => {
  it("is on by default, sized from the fast tier like Pyrra's SLOMetricAbsent, and configurable", () => {
    const [noData] = alerts(head() + slo('availability')).filter((a) => a.labels!.burn_tier === 'no_data');
    expect(noData).toMatchObject({ alert: 'SvcAvailabilityNoData', for: '3m' }); // 14.4 × 0.001 × 60m + 2m, in whole minutes
    expect(noData!.expr).toBe(
      'absent(slo:sli_total:rate5m{service="svc",slo="availability"}) or absent(slo:sli_errors:rate5m{service="svc",slo="availability"})',
    );
    expect(noData!.labels).toMatchObject({ severity: 'critical', team: 't', service: 'svc', slo: 'availability' });
    const custom = alerts(head() + slo('availability', '      alerting:\n        no_data: {for: 30m, severity: warning}\n')).find(
      (a) => a.labels!.burn_tier === 'no_data',
    );
    expect(custom).toMatchObject({ for: '30m', labels: { severity: 'warning' } });
    expect(
      alerts(head() + slo('availability', '      alerting:\n        no_data: {enabled: false}\n')).some(
        (a) => a.labels!.burn_tier === 'no_data',
      ),
    ).toBe(false);
  });
});

describe('kind: Alerts', () => {
  const rules = (body: string, tier = 'critical') =>
    head(tier) +
    slo('availability') +
    slo('latency', '      indicator: {threshold_ms: 250}\n', 99) +
    `  - kind: Alerts\n    name: budget\n    spec:\n${body}`;
  it('auto_rules adds the tier defaults for every SLO, and a rule of the same name replaces one', () => {
    const a = alerts(
      rules(
        '      auto_rules: true\n      rules:\n        - {name: budget-warning, type: budget_threshold, threshold: 0.4, severity: warning}\n',
      ),
    );
    const budget = a.filter((x) => x.labels!.budget_rule);
    expect(budget.map((x) => `${x.labels!.slo} ${x.labels!.budget_rule}`).sort()).toEqual([
      'availability budget-critical',
      'availability budget-exhaustion',
      'availability budget-warning',
      'availability burn-rate-warning',
      'latency budget-critical',
      'latency budget-exhaustion',
      'latency budget-warning',
      'latency burn-rate-warning',
    ]);
    expect(budget.find((x) => x.labels!.budget_rule === 'budget-warning')!.expr).toContain('>= 0.4');
    for (const x of budget) expect(parsePromql(x.expr).errors).toEqual([]);
  });
  it('a low-tier service gets only the critical budget rule', () => {
    const a = alerts(rules('      auto_rules: true\n', 'low')).filter((x) => x.labels!.budget_rule);
    expect(a.map((x) => x.labels!.budget_rule)).toEqual(['budget-critical', 'budget-critical']);
  });
  it('for_duration sets the `for` of page (critical) and ticket rules alike', () => {
    const a = alerts(
      rules(
        '      for_duration: {page: 10m, ticket: 2h}\n      rules:\n        - {name: gone, type: budget_threshold, threshold: 1, severity: critical}\n        - {name: half, type: budget_threshold, threshold: 0.5}\n',
      ),
    );
    expect(a.find((x) => x.labels!.budget_rule === 'gone')!.for).toBe('10m');
    expect(a.find((x) => x.labels!.budget_rule === 'half')!.for).toBe('2h');
    expect(a.filter((x) => x.labels!.burn_tier?.startsWith('page')).every((x) => x.for === '10m')).toBe(true);
    expect(a.filter((x) => x.labels!.burn_tier?.startsWith('ticket')).every((x) => x.for === '2h')).toBe(true);
  });
  it.each([
    ['an unknown SLO', '      rules:\n        - {name: x, type: burn_rate, slo: checkout, threshold: 2}\n', 'error alerts/unknown-slo'],
    ['a budget share above 1', '      rules:\n        - {name: x, type: budget_threshold, threshold: 50}\n', 'error alerts/bad-threshold'],
    ['a burn rate of 0', '      rules:\n        - {name: x, type: burn_rate, threshold: 0}\n', 'error alerts/bad-threshold'],
    ['channels, which nothing generates', '      channels: {slack_webhook: "https://hooks.example"}\n', 'warning alerts/channels-unused'],
  ])('%s is reported at its line', (_name, body, code) => {
    expect(codes(rules(body)).some((c) => c.startsWith(code))).toBe(true);
  });
  it('on_exhausted: notify adds a budget-exhausted warning per SLO', () => {
    const gate = '  - kind: DeploymentGate\n    name: gate\n    spec:\n      on_exhausted: [notify]\n';
    const a = alerts(head() + slo('availability') + gate).filter((x) => x.labels!.budget_rule === 'budget-exhausted');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ labels: { severity: 'warning' } });
    expect(a[0]!.expr).toContain('>= 1');
  });
});

describe('latency SLIs', () => {
  const latency = (indicator: string) => head() + slo('latency', `      indicator:\n        type: latency\n${indicator}`, 99);
  it('a threshold that is not a client-library default bucket is a warning, unless the buckets are declared', () => {
    expect(codes(latency('        threshold_ms: 200\n'))).toContain('warning sli/threshold-not-a-default-bucket 14');
    expect(codes(latency('        threshold_ms: 200\n        buckets: [0.1, 0.2, 0.5]\n')).filter((c) => c.includes('bucket'))).toEqual([]);
    expect(codes(latency('        threshold_ms: 300\n        buckets: [0.1, 0.2, 0.5]\n'))).toContain(
      'error sli/threshold-not-a-bucket 14',
    );
    expect(codes(latency('        threshold_ms: 250\n')).filter((c) => c.includes('bucket'))).toEqual([]);
  });
  it('a native histogram counts good events with histogram_fraction, at any threshold', () => {
    const r = compiled(
      latency('        threshold_ms: 230\n        native_histogram: true\n        histogram: http_request_duration_seconds\n'),
    );
    expect(r.diagnostics.filter((d) => d.code.includes('bucket'))).toEqual([]);
    const sli = r.model!.slos[0]!.sli;
    expect(sli.kind === 'events' && sli.good!.original).toBe(
      'histogram_fraction(0, 0.23, sum(rate(http_request_duration_seconds{service="svc"}[5m]))) * histogram_count(sum(rate(http_request_duration_seconds{service="svc"}[5m])))',
    );
    expect(sli.kind === 'events' && sli.total.original).toBe(
      'histogram_count(sum(rate(http_request_duration_seconds{service="svc"}[5m])))',
    );
  });
});

describe('dependencies', () => {
  const deps = (body: string) => head() + `  - kind: Dependencies\n    name: deps\n    spec:\n${body}`;
  it('a selector that is not label matchers is an error at its line', () => {
    expect(codes(deps('      databases:\n        - {name: ledger-db, type: postgresql, selector: "job=ledger-db"}\n'))).toContain(
      'error dependency/bad-selector 11',
    );
  });
  it('a Kafka dependency without brokers says KafkaBrokerLost needs them; with brokers and a job selector it is generated', () => {
    expect(codes(deps('      queues:\n        - {name: clicks, type: kafka}\n'))).toContain('info dependency/rule-not-generated 11');
    const r = compiled(deps('      queues:\n        - {name: clicks, type: kafka, brokers: 3, selector: \'{job="kafka-exporter"}\'}\n'));
    expect(r.diagnostics.filter((d) => d.code === 'dependency/rule-not-generated')).toEqual([]);
    const alerts = r.bundle!.files.find((f) => f.path === 'svc/alerts.yaml')!.content;
    expect(alerts).toContain('expr: max(kafka_brokers{job="kafka-exporter"}) < 3');
  });
  it('a selector that leaves a rule unscoped drops that rule and says so', () => {
    const c = codes(deps('      queues:\n        - {name: clicks, type: kafka, selector: \'{consumergroup="svc"}\'}\n'));
    expect(c).toContain('warning dependency/rule-not-generated 11');
  });
});
