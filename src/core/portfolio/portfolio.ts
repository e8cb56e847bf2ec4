/**
 * Portfolio: SLO health across many services, aggregated by tier and for the organisation, with
 * insights. Pure: budgets are measured by the shells and handed in. Objectives are compared as
 * ratios with ratios (the original compared 0..1 SLIs with percent objectives and called
 * everything exhausted).
 */
import { statusOf, type BudgetStatus, type SloBudget } from '../budget/budget.ts';
import type { ServiceModel, Tier } from '../model/types.ts';
import { TIERS } from '../spec/schema.ts';
import { clean, formatDuration } from '../units.ts';

export type PortfolioStatus = Exclude<BudgetStatus, 'no_data'> | 'unknown';

const SEVERITY: Record<PortfolioStatus, number> = { healthy: 0, unknown: 1, warning: 2, critical: 3, exhausted: 4 };

export interface PortfolioSlo {
  name: string;
  objective_percent: number;
  window: string;
  status: PortfolioStatus;
  /** SLI over the window in percent; null without data. */
  current_value: number | null;
  budget_remaining_percent: number | null;
  budget_consumed_percent: number | null;
}

export interface PortfolioService {
  service: string;
  file: string;
  tier: Tier;
  team: string;
  type: string;
  overall_status: PortfolioStatus;
  slos: PortfolioSlo[];
  /** Other specs that define a service of the same name (each is listed; none is merged). */
  also_in: string[];
}

export interface Insight {
  type: 'no_slo' | 'unrealistic' | 'promotion' | 'exhausted' | 'no_data' | 'duplicate';
  service: string;
  message: string;
  severity: 'info' | 'warning' | 'critical';
}

export interface Portfolio {
  /**
   * Health counts only services that were measured: `unknown` (no Prometheus, or no data for any
   * SLO) is its own count, never healthy, and the percentages are null when nothing was measured.
   */
  summary: {
    total_services: number;
    services_with_slos: number;
    healthy_services: number;
    unknown_services: number;
    org_health_percent: number | null;
    total_slos: number;
    /** Service names defined by more than one spec, with those specs. */
    duplicate_services: { service: string; files: string[] }[];
  };
  by_tier: { tier: Tier; total_services: number; healthy_services: number; unknown_services: number; health_percent: number | null }[];
  services: PortfolioService[];
  insights: Insight[];
}

export interface PortfolioEntry {
  file: string;
  model: ServiceModel;
  /** Measured budgets, one per SLO; undefined when no Prometheus was asked. */
  budgets?: SloBudget[];
}

const pct = (x: number) => clean(Math.round(x * 10_000) / 100);

function sloStatus(b: SloBudget | undefined): PortfolioStatus {
  if (!b || b.remaining === undefined) return 'unknown';
  const s = statusOf(b.remaining);
  return s === 'no_data' ? 'unknown' : s;
}

export function worst(statuses: PortfolioStatus[]): PortfolioStatus {
  return statuses.reduce<PortfolioStatus>((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a), 'healthy');
}

export function buildPortfolio(entries: PortfolioEntry[]): Portfolio {
  const services: PortfolioService[] = entries
    .map(({ file, model, budgets }) => {
      const slos = model.slos.map((slo): PortfolioSlo => {
        const b = budgets?.find((x) => x.slo === slo.name);
        return {
          name: slo.name,
          objective_percent: slo.objectivePercent,
          window: formatDuration(slo.window),
          status: sloStatus(b),
          current_value: b?.sli !== undefined ? pct(b.sli) : null,
          budget_remaining_percent: b?.remaining !== undefined ? pct(b.remaining) : null,
          budget_consumed_percent: b?.remaining !== undefined ? pct(1 - b.remaining) : null,
        };
      });
      return {
        service: model.name,
        file,
        tier: model.tier,
        team: model.team,
        type: model.type,
        overall_status: slos.length ? worst(slos.map((s) => s.status)) : 'unknown',
        slos,
        also_in: [] as string[],
      };
    })
    .sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.service.localeCompare(b.service) || a.file.localeCompare(b.file));

  const byName = new Map<string, PortfolioService[]>();
  for (const s of services) byName.set(s.service, [...(byName.get(s.service) ?? []), s]);
  const duplicates = [...byName.entries()]
    .filter(([, list]) => list.length > 1)
    .map(([service, list]) => ({ service, files: list.map((s) => s.file) }));
  for (const d of duplicates) for (const s of byName.get(d.service)!) s.also_in = d.files.filter((f) => f !== s.file);

  const withSlos = services.filter((s) => s.slos.length > 0);
  const isHealthy = (s: PortfolioService) => s.overall_status === 'healthy';
  const isUnknown = (s: PortfolioService) => s.overall_status === 'unknown';
  const healthy = withSlos.filter(isHealthy);
  const unknown = withSlos.filter(isUnknown);
  const share = (ok: number, measured: number): number | null => (measured > 0 ? pct(ok / measured) : null);
  const by_tier = TIERS.map((tier) => {
    const list = withSlos.filter((s) => s.tier === tier);
    const ok = list.filter(isHealthy).length;
    const unknownHere = list.filter(isUnknown).length;
    return {
      tier,
      total_services: list.length,
      healthy_services: ok,
      unknown_services: unknownHere,
      health_percent: share(ok, list.length - unknownHere),
    };
  }).filter((t) => t.total_services > 0);

  const insights: Insight[] = [];
  for (const d of duplicates) {
    insights.push({
      type: 'duplicate',
      service: d.service,
      severity: 'warning',
      message: `defined by ${d.files.length} specs (${d.files.join(', ')}): each is listed, and the service's alerts and dashboards would clash; give each service one spec`,
    });
  }
  for (const s of services) {
    if (s.slos.length === 0)
      insights.push({ type: 'no_slo', service: s.service, severity: 'warning', message: 'no SLOs defined: add reliability targets' });
    if (s.overall_status === 'exhausted')
      insights.push({
        type: 'exhausted',
        service: s.service,
        severity: 'critical',
        message: `error budget exhausted for ${s.slos
          .filter((x) => x.status === 'exhausted')
          .map((x) => x.name)
          .join(', ')}`,
      });
    if (s.slos.length > 0 && s.slos.every((x) => x.status === 'unknown') && entries.some((e) => e.budgets)) {
      insights.push({
        type: 'no_data',
        service: s.service,
        severity: 'warning',
        message: 'no data for any SLO: check the queries with nthlayer verify',
      });
    }
    if ((s.tier === 'standard' || s.tier === 'low') && s.slos.some((x) => x.objective_percent >= 99.99)) {
      insights.push({
        type: 'unrealistic',
        service: s.service,
        severity: 'info',
        message: `objective of 99.99% or more on a ${s.tier}-tier service: its dependencies rarely allow it`,
      });
    }
    if (
      (s.tier === 'standard' || s.tier === 'low') &&
      s.slos.length >= 2 &&
      s.slos.every((x) => x.objective_percent >= 99.9) &&
      s.slos.every((x) => x.status === 'healthy')
    ) {
      insights.push({
        type: 'promotion',
        service: s.service,
        severity: 'info',
        message: 'meets 99.9% or more on every SLO: a candidate for a higher tier',
      });
    }
  }

  return {
    summary: {
      total_services: services.length,
      services_with_slos: withSlos.length,
      healthy_services: healthy.length,
      unknown_services: unknown.length,
      org_health_percent: share(healthy.length, withSlos.length - unknown.length),
      total_slos: services.reduce((n, s) => n + s.slos.length, 0),
      duplicate_services: duplicates,
    },
    by_tier,
    services,
    insights,
  };
}

/** `3 of 4 measured services healthy (75%), 7 unknown`: never counts an unknown service as healthy; the percent reads whole (33%, not 33.33%; JSON keeps it exact). */
export function healthLine(
  s: Pick<Portfolio['summary'], 'healthy_services' | 'services_with_slos' | 'unknown_services' | 'org_health_percent'>,
): string {
  const measured = s.services_with_slos - s.unknown_services;
  const unknown = s.unknown_services ? `, ${s.unknown_services} unknown (no data)` : '';
  if (measured === 0)
    return `${s.services_with_slos} service${s.services_with_slos === 1 ? '' : 's'} with SLOs, none measured${s.services_with_slos ? ': health unknown' : ''}`;
  return `${s.healthy_services} of ${measured} measured service${measured === 1 ? '' : 's'} healthy (${Math.round(s.org_health_percent ?? 0)}%)${unknown}`;
}

/** Exit code: 2 when any service is critical or exhausted, 1 when any is warning, else 0. */
export function portfolioExitCode(p: Portfolio): 0 | 1 | 2 {
  const statuses = p.services.map((s) => s.overall_status);
  if (statuses.some((s) => s === 'critical' || s === 'exhausted')) return 2;
  if (statuses.includes('warning')) return 1;
  return 0;
}

export const CSV_HEADER = [
  'service',
  'tier',
  'team',
  'type',
  'slo_name',
  'objective_percent',
  'window',
  'status',
  'current_value',
  'budget_remaining_percent',
  'budget_consumed_percent',
] as const;

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function portfolioCsv(p: Portfolio): string {
  const rows = [CSV_HEADER.join(',')];
  for (const s of p.services) {
    const slos = s.slos.length ? s.slos : [null];
    for (const slo of slos) {
      rows.push(
        [
          s.service,
          s.tier,
          s.team,
          s.type,
          slo?.name ?? '',
          slo?.objective_percent ?? '',
          slo?.window ?? '',
          slo?.status ?? s.overall_status,
          slo?.current_value ?? null,
          slo?.budget_remaining_percent ?? null,
          slo?.budget_consumed_percent ?? null,
        ]
          .map((v) => csvCell(v as string | number | null))
          .join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

export function portfolioMarkdown(p: Portfolio): string {
  const lines = [
    `**${healthLine(p.summary)}**, ${p.summary.total_slos} SLOs`,
    '',
    '| service | tier | team | SLO | objective | status | budget left |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const s of p.services) {
    if (s.slos.length === 0) lines.push(`| ${s.service} | ${s.tier} | ${s.team} | — | — | no SLOs | — |`);
    for (const slo of s.slos) {
      lines.push(
        `| ${s.service} | ${s.tier} | ${s.team} | ${slo.name} | ${slo.objective_percent}% / ${slo.window} | ${slo.status} | ${slo.budget_remaining_percent === null ? '—' : `${slo.budget_remaining_percent}%`} |`,
      );
    }
  }
  if (p.insights.length) {
    lines.push('', '**Insights**', '');
    for (const i of p.insights) lines.push(`- ${i.severity}: ${i.service}: ${i.message}`);
  }
  return `${lines.join('\n')}\n`;
}
