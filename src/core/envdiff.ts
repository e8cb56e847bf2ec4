/**
 * Differences between two environments of one service, on the normalised models: what actually
 * changes for the generated rules and on-call, in dotted paths (`slos.availability.objective`).
 */
import type { ServiceModel } from './model/types.ts';
import { formatDuration } from './units.ts';

export interface EnvDifference {
  path: string;
  a: unknown;
  b: unknown;
}

function summary(m: ServiceModel): Record<string, unknown> {
  return {
    tier: m.tier,
    type: m.type,
    team: m.team,
    support_model: m.supportModel,
    template: m.template ?? null,
    metadata: m.metadata,
    slos: Object.fromEntries(
      m.slos.map((s) => [
        s.name,
        {
          objective: s.objectivePercent,
          window: formatDuration(s.window),
          sli:
            s.sli.kind === 'events'
              ? {
                  total: s.sli.total.original,
                  ...(s.sli.good ? { good: s.sli.good.original } : { bad: s.sli.bad!.original }),
                  ...(s.sli.latency ? { threshold_seconds: s.sli.latency.threshold } : {}),
                }
              : s.sli.kind === 'ratio'
                ? { error_ratio: s.sli.errorRatio.original }
                : { gauge: s.sli.query, threshold: s.sli.threshold },
          alerting: s.alerting,
        },
      ]),
    ),
    technologies: m.technologies,
    dependencies: Object.fromEntries(
      m.dependencies.map((d) => [`${d.category}.${d.name}`, { type: d.type ?? null, criticality: d.criticality, ...d.extra }]),
    ),
    pagerduty: m.pagerduty ?? null,
    deployment_gate: m.deploymentGate ?? null,
  };
}

function flatten(v: unknown, prefix: string, out: Map<string, unknown>): void {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
}

export function diffEnvironments(a: ServiceModel, b: ServiceModel, showAll = false): EnvDifference[] {
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  flatten(summary(a), '', fa);
  flatten(summary(b), '', fb);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  const out: EnvDifference[] = [];
  for (const k of keys) {
    const x = fa.get(k);
    const y = fb.get(k);
    if (showAll || JSON.stringify(x) !== JSON.stringify(y)) out.push({ path: k, a: x, b: y });
  }
  return out;
}
