/**
 * Which series belong to the dependency a spec declares. A dependency's selector (the spec's or
 * its technology's default) is added to every selector of every rule and panel of that
 * dependency, label by label: a matcher on an object label (`topic`, `queue`, `namespace`) only
 * where the metric carries that label, a matcher on a target label (`job`, `instance`) everywhere.
 *
 * A rule whose every selector received a matcher is scoped: it watches this dependency only and
 * may carry the service's routing labels. A rule with a selector nothing could scope watches the
 * whole exporter; under the technology's default scope such a rule is fleet-wide (one shared copy
 * without service labels), otherwise it is left out and the spec is told why.
 */
import { memo, type Memo } from '../memo.ts';
import { parsePromql, vectorSelectors, type LabelMatcher } from '../promql/parse.ts';
import { bindExpr } from './expr.ts';
import type { AlertTemplate, DependencyFacts, TechnologyTemplate } from './types.ts';

/** Labels some metric of the template declares as the object it describes. */
function objectLabels(t: TechnologyTemplate): Set<string> {
  const out = new Set<string>();
  for (const m of Object.values(t.metrics)) for (const l of m.labels ?? []) out.add(l);
  return out;
}

function declaredLabels(t: TechnologyTemplate): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of Object.values(t.metrics)) {
    for (const name of [m.metric, ...(m.alternatives ?? [])]) out.set(name, new Set(m.labels ?? []));
  }
  return out;
}

const scopeCache = new WeakMap<TechnologyTemplate, { objects: Set<string>; declared: Map<string, Set<string>> }>();

/** metric → the matchers of `selector` that apply to it. */
export function scopeFor(t: TechnologyTemplate, selector: readonly LabelMatcher[]): (metric: string) => LabelMatcher[] {
  let c = scopeCache.get(t);
  if (!c) {
    c = { objects: objectLabels(t), declared: declaredLabels(t) };
    scopeCache.set(t, c);
  }
  const { objects, declared } = c;
  return (metric) => selector.filter((m) => !objects.has(m.name) || (declared.get(metric)?.has(m.name) ?? false));
}

/** Metrics of an expression that no matcher of the selector applies to. */
function unscopedMetrics(expr: string, scope: (metric: string) => readonly LabelMatcher[]): string[] {
  const out: string[] = [];
  for (const s of vectorSelectors(parsePromql(expr))) if (scope(s.metric).length === 0 && !out.includes(s.metric)) out.push(s.metric);
  return out;
}

export interface PlannedDependencyRule {
  template: AlertTemplate;
  /** The template expression with the dependency's matchers (metric names not yet renamed). */
  expr: string;
}

export interface SkippedRule {
  alert: string;
  message: string;
  hint: string;
}

export interface DependencyAlertPlan {
  scoped: PlannedDependencyRule[];
  /** Unscoped under the technology's default: they live in the fleet-wide file instead. */
  fleet: string[];
  skipped: SkippedRule[];
}

/** What a template may read of a dependency of `service`. */
export function dependencyFacts(
  service: string,
  d: { name: string; namespace?: string | undefined; brokers?: number | undefined },
): DependencyFacts {
  return {
    name: d.name,
    service,
    ...(d.namespace !== undefined ? { namespace: d.namespace } : {}),
    ...(d.brokers !== undefined ? { brokers: d.brokers } : {}),
  };
}

/** The technology's default selector for a dependency. */
export function defaultDependencySelector(t: TechnologyTemplate, d: DependencyFacts): LabelMatcher[] {
  return t.dependencyScope?.default(d) ?? [];
}

/** Alert names of a technology that no default selector can scope: its fleet-wide rules. */
export function fleetAlertNames(t: TechnologyTemplate): string[] {
  const probe: DependencyFacts = { name: 'probe', service: 'probe' };
  const scope = scopeFor(t, defaultDependencySelector(t, probe));
  return t.alerts.filter((a) => !a.build && unscopedMetrics(a.expr, scope).length > 0).map((a) => a.alert);
}

/** Alert plans per technology, by dependency and selector (memo.ts): the model, the alert packs and the plan all ask. */
const alertPlans = new WeakMap<TechnologyTemplate, Memo<DependencyAlertPlan>>();

/**
 * How each alert of a technology applies to one dependency with the given selector. Remembered:
 * the model stage, the alert packs and `plan` ask for the same dependencies on every compile, and
 * binding every alert's PromQL to the selector is most of a small spec's compile. The plan is
 * shared between callers; none of them changes it.
 */
export function planDependencyAlerts(t: TechnologyTemplate, d: DependencyFacts, selector: readonly LabelMatcher[]): DependencyAlertPlan {
  let plans = alertPlans.get(t);
  if (!plans) {
    plans = memo<DependencyAlertPlan>(1000);
    alertPlans.set(t, plans);
  }
  return plans.get(JSON.stringify([d, selector]), () => planDependencyAlertsFresh(t, d, selector));
}

function planDependencyAlertsFresh(t: TechnologyTemplate, d: DependencyFacts, selector: readonly LabelMatcher[]): DependencyAlertPlan {
  const scope = scopeFor(t, selector);
  const fleet = new Set(fleetAlertNames(t));
  const out: DependencyAlertPlan = { scoped: [], fleet: [], skipped: [] };
  for (const a of t.alerts) {
    let expr = a.expr;
    if (a.build) {
      const built = a.build(d);
      if ('missing' in built) {
        out.skipped.push({ alert: a.alert, message: `${built.missing}; ${a.alert} is not generated for ${d.name}`, hint: built.hint });
        continue;
      }
      expr = built.expr;
    }
    const unscoped = unscopedMetrics(expr, scope);
    if (unscoped.length === 0) {
      out.scoped.push({ template: a, expr: bindExpr(expr, { scope }) });
    } else if (fleet.has(a.alert)) {
      out.fleet.push(a.alert);
    } else {
      out.skipped.push({
        alert: a.alert,
        message: `the selector of ${d.name} names no label that ${unscoped.join(', ')} carries, so ${a.alert} would watch every ${t.title} and is not generated`,
        hint: 'add a matcher on a label every series of the exporter has, such as job or instance',
      });
    }
  }
  return out;
}
