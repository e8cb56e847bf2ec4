/**
 * A new service spec from a few answers (the seed's `init`): service type, tier, technologies,
 * optionally a built-in template. The text is commented for a newcomer and always validates.
 */
import { DEPENDENCY_TECHNOLOGIES, resolveTechnology, type DependencyTechnology } from './technologies/ids.ts';
import type { ServiceType, Tier } from './model/types.ts';

export interface InitAnswers {
  name: string;
  team: string;
  tier: Tier;
  type: ServiceType;
  template?: string;
  technologies?: string[];
}

const CATEGORY: Record<DependencyTechnology, string> = {
  postgresql: 'databases',
  mysql: 'databases',
  mongodb: 'databases',
  elasticsearch: 'databases',
  redis: 'caches',
  kafka: 'queues',
  rabbitmq: 'queues',
  nats: 'queues',
  pulsar: 'queues',
  kubernetes: 'orchestration',
  nginx: 'infrastructure',
  haproxy: 'infrastructure',
  traefik: 'infrastructure',
  consul: 'infrastructure',
  etcd: 'infrastructure',
};

const OBJECTIVE: Record<Tier, string> = { critical: '99.95', high: '99.9', standard: '99.5', low: '99.0' };

/** SLOs that fit the service type, with their queries written out so the user sees them. */
function sloLines(a: InitAnswers): string[] {
  const objective = OBJECTIVE[a.tier];
  if (a.type === 'api' || a.type === 'web' || a.type === 'ai-gate') {
    return [
      '  - kind: SLO',
      '    name: availability',
      '    spec:',
      `      objective: ${objective}`,
      '      window: 30d',
      '      description: Requests answered without a server error',
      '      indicator:',
      '        type: availability',
      '        query: |',
      '          sum(rate(http_requests_total{service="${service}",code!~"5.."}[5m]))',
      '          /',
      '          sum(rate(http_requests_total{service="${service}"}[5m]))',
      '',
      '  - kind: SLO',
      '    name: latency',
      '    spec:',
      '      objective: 99.0',
      '      window: 30d',
      '      description: Requests answered within 500 ms',
      '      indicator:',
      '        type: latency',
      '        percentile: 99',
      '        threshold_ms: 500',
      '        query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="${service}"}[5m])))',
    ];
  }
  const unit = a.type === 'stream' ? 'events' : a.type === 'database' ? 'queries' : 'jobs';
  return [
    '  - kind: SLO',
    `    name: ${unit === 'jobs' ? 'job-success' : 'processing-success'}`,
    '    spec:',
    `      objective: ${objective}`,
    '      window: 30d',
    `      description: ${unit[0]!.toUpperCase()}${unit.slice(1)} that complete without an error`,
    '      indicator:',
    '        type: error_rate',
    '        query: |',
    `          sum(rate(${unit}_processed_total{service="\${service}",status="error"}[5m]))`,
    '          /',
    `          sum(rate(${unit}_processed_total{service="\${service}"}[5m]))`,
  ];
}

/** The spec text; `origin` names what created it in the first comment line. */
export function initSpec(a: InitAnswers, origin = 'nthlayer init'): string {
  const lines = [
    `# ${a.name}: created with ${origin}. Validate with: npx nthlayer validate ${a.name}.yaml`,
    '',
    'service:',
    `  name: ${a.name}`,
    `  team: ${a.team.trim()}`,
    `  tier: ${a.tier}`,
    `  type: ${a.type}`,
    ...(a.template ? [`  template: ${a.template}`] : []),
    '',
    'resources:',
  ];
  if (!a.template) lines.push(...sloLines(a));
  if (!a.template && (a.tier === 'critical' || a.tier === 'high')) {
    lines.push(
      '',
      '  - kind: PagerDuty',
      '    name: primary',
      '    spec:',
      `      urgency: ${a.tier === 'critical' ? 'high' : 'low'}`,
      '      auto_create: true',
    );
  }
  const techs = [
    ...new Set((a.technologies ?? []).map((t) => resolveTechnology(t)).filter((t): t is DependencyTechnology => t !== undefined)),
  ];
  if (techs.length > 0) {
    lines.push('', '  - kind: Dependencies', '    name: dependencies', '    spec:');
    const byCategory = new Map<string, DependencyTechnology[]>();
    for (const t of DEPENDENCY_TECHNOLOGIES)
      if (techs.includes(t)) byCategory.set(CATEGORY[t], [...(byCategory.get(CATEGORY[t]) ?? []), t]);
    for (const [cat, list] of byCategory) {
      lines.push(`      ${cat}:`);
      for (const t of list) lines.push(`        - name: ${a.name}-${t}`, `          type: ${t}`, '          criticality: high');
    }
  }
  return `${lines.join('\n')}\n`;
}
