import { describe, expect, it } from 'vitest';
import { compile } from '../index.ts';

const spec = (service: string, resources: string) => `service:\n${service}\nresources:\n${resources}`;
const policies = `  - kind: PolicyRules
    name: org-policies
    spec:
      rules:
        - name: ownership
          type: required_fields
          params: {fields: [ownership.runbook, ownership.slack]}
        - name: critical-baseline
          type: tier_constraint
          description: critical services need an SLO, a PagerDuty resource and a deployment gate
          params: {tier: critical, min_slos: 1, require_pagerduty: true, require_deployment_gates: true}
        - name: deps
          type: dependency_rule
          severity: warning
          params: {require_critical_deps_have_slo: true}
`;

describe('policies', () => {
  it('reports each violation at the line of its rule, with the rule severity', () => {
    const text = spec(
      '  name: svc\n  team: t\n  tier: critical\n  type: api',
      `${policies}  - kind: Dependencies\n    name: d\n    spec:\n      databases:\n        - {name: db, type: postgresql, criticality: critical}\n`,
    );
    const r = compile({ file: 'svc.yaml', text });
    const v = r.diagnostics.filter((d) => d.code === 'policy/violation');
    expect(v.map((d) => [d.line, d.severity, d.message])).toEqual([
      [11, 'error', 'policy ownership: required field `ownership.runbook` is not set'],
      [11, 'error', 'policy ownership: required field `ownership.slack` is not set'],
      [14, 'error', 'policy critical-baseline: critical-tier services need a DeploymentGate resource'],
      [14, 'error', 'policy critical-baseline: critical-tier services need a PagerDuty resource'],
      [14, 'error', 'policy critical-baseline: critical-tier services need at least 1 SLO(s); this one has 0'],
      [18, 'warning', 'policy deps: critical dependency `db` declares no sla or slo'],
    ]);
    expect(r.ok).toBe(false);
  });

  it('passes a spec that follows them; tier constraints only apply to their tier', () => {
    const text = spec('  name: svc\n  team: t\n  tier: standard\n  type: api\n  runbook_url: https://r\n  slack_channel: "#t"', policies);
    const r = compile({ file: 'svc.yaml', text });
    expect(r.diagnostics.filter((d) => d.code === 'policy/violation')).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
