/**
 * The new-spec wizard (the seed's `init`): service type, tier and technologies in, a valid
 * `service.yaml` out, with SLOs and queries that fit the service type.
 */
import { SERVICE_TYPES, TIERS } from '../../core/spec/schema.ts';
import { DEPENDENCY_TECHNOLOGIES, type DependencyTechnology } from '../../core/technologies/ids.ts';

export type WizardServiceType = (typeof SERVICE_TYPES)[number];
export type WizardTier = (typeof TIERS)[number];

export interface WizardInput {
  name: string;
  team: string;
  type: WizardServiceType;
  tier: WizardTier;
  technologies: DependencyTechnology[];
}

export const WIZARD_TYPES = SERVICE_TYPES;
export const WIZARD_TIERS = TIERS;
export const WIZARD_TECHNOLOGIES = DEPENDENCY_TECHNOLOGIES;

const CATEGORY: Record<DependencyTechnology, 'databases' | 'caches' | 'queues' | 'infrastructure'> = {
  postgresql: 'databases', mysql: 'databases', mongodb: 'databases', elasticsearch: 'databases',
  redis: 'caches',
  kafka: 'queues', rabbitmq: 'queues', nats: 'queues', pulsar: 'queues',
  kubernetes: 'infrastructure', nginx: 'infrastructure', haproxy: 'infrastructure', traefik: 'infrastructure',
  consul: 'infrastructure', etcd: 'infrastructure',
};

/** Stricter tiers promise more nines. */
const OBJECTIVE: Record<WizardTier, string> = { critical: '99.95', high: '99.9', standard: '99.5', low: '99.0' };

export const NAME_RE = /^[a-z][a-z0-9-]*$/;

export function wizardErrors(input: WizardInput): Partial<Record<'name' | 'team', string>> {
  const errors: Partial<Record<'name' | 'team', string>> = {};
  if (!NAME_RE.test(input.name)) errors.name = 'lowercase letters, digits and dashes, starting with a letter (e.g. payment-api)';
  if (input.team.trim() === '' || /[\n"]/.test(input.team)) errors.team = 'the owning team, e.g. payments';
  return errors;
}

function sloLines(input: WizardInput): string[] {
  const objective = OBJECTIVE[input.tier];
  const http = input.type === 'api' || input.type === 'web' || input.type === 'ai-gate';
  if (http) {
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
  const unit = input.type === 'stream' ? 'events' : input.type === 'database' ? 'queries' : 'jobs';
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

function dependencyLines(techs: readonly DependencyTechnology[]): string[] {
  if (techs.length === 0) return [];
  const byCategory = new Map<string, DependencyTechnology[]>();
  for (const t of DEPENDENCY_TECHNOLOGIES) {
    if (!techs.includes(t)) continue;
    const c = CATEGORY[t];
    byCategory.set(c, [...(byCategory.get(c) ?? []), t]);
  }
  const lines = ['', '  - kind: Dependencies', '    name: dependencies', '    spec:'];
  for (const [category, list] of byCategory) {
    lines.push(`      ${category}:`);
    for (const t of list) lines.push(`        - name: ${t}`, `          type: ${t}`, '          criticality: high');
  }
  return lines;
}

export function wizardSpec(input: WizardInput): string {
  return [
    `# ${input.name}: created with the NthLayer Studio wizard`,
    '',
    'service:',
    `  name: ${input.name}`,
    `  team: ${input.team.trim()}`,
    `  tier: ${input.tier}`,
    `  type: ${input.type}`,
    '',
    'resources:',
    ...sloLines(input),
    ...dependencyLines(input.technologies),
    '',
  ].join('\n');
}
