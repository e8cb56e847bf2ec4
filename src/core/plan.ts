/**
 * What `apply` would write, as data and as text, computed once from a compile result: the CLI's
 * `plan`, the studio's Plan view and its "Copy plan" all read this. Files, sizes and counts come
 * from the bundle that was generated, the rule cost from its manifest.
 */
import type { Bundle } from './bundle.ts';
import { sloFacts } from './budget/facts.ts';
import { FLEET_DIR, fleetAlertsFile } from './conventions.ts';
import type { Manifest } from './generators/manifest/manifest.ts';
import type { ServiceModel } from './model/types.ts';
import { formatMatchers } from './promql/parse.ts';
import { TECHNOLOGIES } from './technologies/registry.ts';
import { dependencyFacts, planDependencyAlerts } from './technologies/scope.ts';
import { formatDuration, formatNumber, seconds } from './units.ts';

export interface PlanDependency {
  name: string;
  technology: string;
  /** The label matchers that pick the dependency's own series. */
  selector: string;
  selectorSource: 'spec' | 'default';
  /** Alert rules scoped to the dependency, routed to this service. */
  scopedAlerts: number;
  /** Rules that watch the whole exporter: in the fleet-wide file, without this service's labels. */
  fleetAlerts: string[];
  /** Rules not generated, and why. */
  skipped: { alert: string; message: string }[];
}

export interface PlanFile {
  path: string;
  bytes: number;
  counts: Record<string, number>;
}

export interface PlanSummary {
  service: string;
  team: string;
  tier: string;
  type: string;
  environment: string | null;
  slos: { name: string; objectivePercent: number; windowSeconds: number; indicatorType: string; alertsEnabled: number }[];
  technologies: string[];
  dependencies: PlanDependency[];
  files: PlanFile[];
  totals: Record<string, number>;
  cost: Manifest['cost'];
}

export function planSummary(model: ServiceModel, bundle: Bundle): PlanSummary {
  const manifest = bundle.artifacts.find((a) => a.file === 'manifest.json')!.data as Manifest;
  const files: PlanFile[] = bundle.files.map((f, i) => ({
    path: f.path,
    bytes: f.bytes,
    counts: { ...(bundle.artifacts[i]?.counts ?? {}) },
  }));
  const totals: Record<string, number> = {};
  for (const f of files) for (const [k, v] of Object.entries(f.counts)) totals[k] = (totals[k] ?? 0) + v;
  return {
    service: model.name,
    team: model.team,
    tier: model.tier,
    type: model.type,
    environment: model.environment ?? null,
    slos: model.slos.map((s) => ({
      name: s.name,
      objectivePercent: s.objectivePercent,
      windowSeconds: s.window,
      indicatorType: s.indicatorType,
      alertsEnabled: sloFacts(model, s).tiers.filter((t) => t.enabled).length,
    })),
    technologies: [...model.technologies],
    dependencies: model.dependencies
      .filter((d) => d.technology)
      .map((d) => {
        const plan = planDependencyAlerts(TECHNOLOGIES[d.technology!], dependencyFacts(model.name, d), d.selector);
        return {
          name: d.name,
          technology: d.technology!,
          selector: `{${formatMatchers(d.selector)}}`,
          selectorSource: d.selectorSource,
          scopedAlerts: plan.scoped.length,
          fleetAlerts: [...plan.fleet],
          skipped: plan.skipped.map((s) => ({ alert: s.alert, message: s.message })),
        };
      }),
    files,
    totals: Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b))),
    cost: manifest.cost,
  };
}

/** The plan as text: what `nthlayer plan` prints and the studio copies for a review. */
export function planText(p: PlanSummary): string {
  const lines = [`${p.service} (${p.team}, tier ${p.tier}, ${p.type}${p.environment ? `, env ${p.environment}` : ''})`];
  lines.push(p.slos.length === 0 ? 'SLOs: none' : 'SLOs:');
  for (const s of p.slos)
    lines.push(`  - ${s.name}: ${formatNumber(s.objectivePercent)}% over ${formatDuration(seconds(s.windowSeconds))} (${s.indicatorType})`);
  lines.push(`Technologies: ${p.technologies.join(', ') || 'none'}`);
  if (p.dependencies.length > 0) {
    lines.push("Dependency alerts (scoped to each dependency's own series):");
    for (const d of p.dependencies) {
      lines.push(
        `  - ${d.name} (${d.technology}): ${d.scopedAlerts} alert(s) on ${d.selector}${d.selectorSource === 'default' ? ' (default; set selector: to change it)' : ''}`,
      );
      if (d.fleetAlerts.length)
        lines.push(`      fleet-wide, no service labels, in ${FLEET_DIR}/${fleetAlertsFile(d.technology)}: ${d.fleetAlerts.join(', ')}`);
      for (const s of d.skipped) lines.push(`      not generated: ${s.message}`);
    }
  }
  if (p.cost.slos.length > 0) {
    lines.push(
      `Rule cost per SLO (samples read per evaluation, ${p.cost.assumptions.scrapeInterval} scrape, 1 / 100 input series per selector):`,
    );
    for (const c of p.cost.slos) {
      lines.push(
        `  - ${c.slo}: ${c.nthlayer.rules} rules, ${c.nthlayer.recordedSeries} series, ${c.nthlayer.samplesPerEvaluation.inputSeries1} / ${c.nthlayer.samplesPerEvaluation.inputSeries100} samples` +
          ` (Sloth's shape: ${c.sloth.rules} rules, ${c.sloth.samplesPerEvaluation.inputSeries1} / ${c.sloth.samplesPerEvaluation.inputSeries100})`,
      );
    }
  }
  lines.push('Would write:');
  for (const f of p.files) {
    const counts = Object.entries(f.counts)
      .map(([k, v]) => `${v} ${countLabel(k)}`)
      .join(', ');
    lines.push(`  ${f.path} (${f.bytes} bytes${counts ? `; ${counts}` : ''})`);
  }
  return `${lines.join('\n')}\n`;
}

const PROPER: Record<string, string> = {
  'open slo': 'OpenSLO',
  pagerduty: 'PagerDuty',
  slo: 'SLO',
  slos: 'SLOs',
  promql: 'PromQL',
  logql: 'LogQL',
};

/** A count's key as words: `recordingRules` → `recording rules`, `openSloDocuments` → `OpenSLO documents`. */
export function countLabel(key: string): string {
  let words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  for (const [plain, proper] of Object.entries(PROPER)) words = words.replace(new RegExp(`\\b${plain}\\b`, 'g'), proper);
  return words;
}
