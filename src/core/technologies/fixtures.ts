/**
 * A spec that depends on every technology NthLayer has templates for: one compile exercises every
 * template (tests, benchmarks, the studio's "show me everything" example).
 */
import { DEPENDENCY_TECHNOLOGIES } from './ids.ts';

export function everyTechnologySpec(tier = 'critical', type = 'api', name = 'everything'): string {
  const deps = DEPENDENCY_TECHNOLOGIES.map((t) => `        - name: ${t}-main\n          type: ${t}`).join('\n');
  return `service:
  name: ${name}
  team: platform
  tier: ${tier}
  type: ${type}
  support_model: sre
  runbook_url: https://runbooks.example.com/${name}
resources:
  - kind: Dependencies
    name: deps
    spec:
      infrastructure:
${deps}
`;
}
