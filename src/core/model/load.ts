/**
 * Stage 2 of the pipeline: parsed spec (+ template + environment overrides) → {@link ServiceModel}.
 *
 * Order: template resources, then the file's own resources (same kind and name replace the
 * template's wholesale), then environment overrides deep-merged by (kind, name) — the shared
 * `environments/<env>.yaml` first, the service's `environments/<service>-<env>.yaml` on top —
 * then `${var}` substitution, then normalisation. Every resource remembers the files it came from
 * so a problem found here is still reported at a line and column.
 */
import { memo } from '../memo.ts';
import { share } from './share.ts';
import { parseLabelMatchers, type LabelMatcher } from '../promql/parse.ts';
import type { Diagnostic, SpecPath } from '../spec/diagnostics.ts';
import { LOW_OBJECTIVE, checkSlo, parseSpec, validateResource, type ParsedEnvironment, type ParsedSpec } from '../spec/parse.ts';
import {
  BURN_TIERS,
  SERVICE_TYPE_ALIASES,
  TIER_ALIASES,
  type DependenciesSpec,
  type ResourceSpec,
  type ServiceBlock,
  type SloSpec,
} from '../spec/schema.ts';
import { diagnosticAt, nodeAt, type SourceFile } from '../spec/source.ts';
import { DEPENDENCY_TECHNOLOGIES, resolveTechnology, type DependencyTechnology } from '../technologies/ids.ts';
import { TECHNOLOGIES } from '../technologies/registry.ts';
import { defaultDependencySelector, dependencyFacts, planDependencyAlerts } from '../technologies/scope.ts';
import { burnRateTiers, tierImpossible } from '../budget/windows.ts';
import { errorBudgetRatio, formatNumber, parseDuration, percent, percentToRatio, seconds, type Seconds } from '../units.ts';
import { evaluatePolicies } from '../policies/evaluate.ts';
import { normaliseSli } from './sli.ts';
import { BUILTIN_TEMPLATES } from './templates.ts';
import type {
  BurnTierConfig,
  BurnTierName,
  DependencyCategory,
  DependencyModel,
  ServiceModel,
  ServiceType,
  SloModel,
  Tier,
} from './types.ts';

export interface Origin {
  source: SourceFile;
  /** Path of the resource (or block) inside that source. */
  path: SpecPath;
}

interface MergedResource {
  kind: ResourceSpec['kind'];
  name: string;
  spec: Record<string, unknown>;
  /** Highest priority first: the environment file that last touched it, then the base file. */
  origins: Origin[];
}

export interface LoadOptions {
  /** Environment overrides in the order they apply (shared first, service-specific last). */
  environments?: ParsedEnvironment[];
  /** The selected environment name (`--env`), substituted for `${env}`. */
  environment?: string;
}

export interface ModelResult {
  model: ServiceModel | undefined;
  diagnostics: Diagnostic[];
}

const DEFAULT_WINDOW = '30d';

/** Where to look for environment overrides of `specPath` for `env`, in the order they apply. */
export function environmentFileCandidates(specPath: string, serviceName: string, env: string): string[] {
  const dir = specPath.includes('/') ? specPath.slice(0, specPath.lastIndexOf('/') + 1) : '';
  const stem = (specPath.split('/').pop() ?? specPath).replace(/\.(reliability\.)?ya?ml$/, '');
  const specific = [...new Set([`${dir}environments/${serviceName}-${env}.yaml`, `${dir}environments/${stem}-${env}.yaml`])];
  return [`${dir}environments/${env}.yaml`, ...specific];
}

export const ENVIRONMENT_NAME_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function toModel(parsed: ParsedSpec, options: LoadOptions = {}): ModelResult {
  const diagnostics: Diagnostic[] = [];
  const spec = parsed.spec;
  if (!spec) return { model: undefined, diagnostics };
  const environments = options.environments ?? [];

  // Template resources first.
  const resources: MergedResource[] = [];
  if (spec.service.template && BUILTIN_TEMPLATES[spec.service.template]) {
    const t = parsedTemplate(spec.service.template);
    for (const { resource, index } of t.resources) {
      resources.push({
        kind: resource.kind,
        name: resource.name,
        spec: resource.spec as Record<string, unknown>,
        origins: [{ source: t.source, path: ['resources', index] }],
      });
    }
  }
  for (const { resource, index } of parsed.resources) {
    const merged: MergedResource = {
      kind: resource.kind,
      name: resource.name,
      spec: resource.spec as Record<string, unknown>,
      origins: [{ source: parsed.source, path: ['resources', index] }],
    };
    const at = resources.findIndex((r) => r.kind === resource.kind && r.name === resource.name);
    if (at >= 0) resources[at] = merged;
    else resources.push(merged);
  }

  // Environment overrides.
  let serviceBlock: Record<string, unknown> = { ...spec.service };
  const serviceOrigins: Origin[] = [{ source: parsed.source, path: ['service'] }];
  for (const env of environments) {
    diagnostics.push(...env.diagnostics);
    const o = env.override;
    if (!o) continue;
    if (options.environment && o.environment !== options.environment) {
      diagnostics.push(
        diagnosticAt(
          env.source,
          ['environment'],
          'warning',
          'env/name-mismatch',
          `this file says environment \`${o.environment}\` but was loaded for \`${options.environment}\``,
          `set environment: ${options.environment} or rename the file`,
        ),
      );
    }
    if (o.service) {
      serviceBlock = deepMerge(serviceBlock, o.service) as Record<string, unknown>;
      serviceOrigins.unshift({ source: env.source, path: ['service'] });
    }
    (o.resources ?? []).forEach((r, index) => {
      const origin: Origin = { source: env.source, path: ['resources', index] };
      const at = resources.findIndex((x) => x.kind === r.kind && x.name === r.name);
      if (at >= 0) {
        const existing = resources[at]!;
        resources[at] = {
          ...existing,
          spec: deepMerge(existing.spec, r.spec ?? {}) as Record<string, unknown>,
          origins: [origin, ...existing.origins],
        };
      } else {
        resources.push({ kind: r.kind, name: r.name, spec: (r.spec ?? {}) as Record<string, unknown>, origins: [origin] });
      }
    });
  }

  // Re-validate what the environments changed, and apply aliases.
  const tier = resolveTier(serviceBlock.tier as string);
  const type = resolveType(serviceBlock.type as string);
  const vars: Record<string, string> = {
    service: String(serviceBlock.name),
    team: String(serviceBlock.team),
    tier,
    type,
    support_model: String(serviceBlock.support_model ?? 'self'),
    ...(serviceBlock.language ? { language: String(serviceBlock.language) } : {}),
    ...(serviceBlock.framework ? { framework: String(serviceBlock.framework) } : {}),
    ...(options.environment ? { env: options.environment } : {}),
  };
  const validated: { resource: ResourceSpec; origins: Origin[] }[] = [];
  for (const r of resources) {
    const item = substitute({ kind: r.kind, name: r.name, spec: r.spec }, vars);
    const touchedByEnv =
      r.origins.length > 1 || (r.origins[0]!.source !== parsed.source && !r.origins[0]!.source.file.startsWith('template:'));
    if (touchedByEnv) {
      const first = r.origins[0]!;
      const v = validateResource(item, first.source, first.path);
      diagnostics.push(...v.diagnostics.filter((d) => d.severity === 'error'));
      if (!v.resource) continue;
      if (v.resource.kind === 'SLO')
        diagnostics.push(
          ...checkSlo(v.resource.spec, first.source, [...first.path, 'spec']).filter(
            (d) => d.code !== 'promql/syntax' || first.source !== parsed.source,
          ),
        );
      validated.push({ resource: v.resource, origins: r.origins });
    } else {
      validated.push({ resource: item as ResourceSpec, origins: r.origins });
    }
  }

  const name = String(serviceBlock.name);
  const selector = serviceSelector(name, validated, diagnostics);
  const slos: SloModel[] = [];
  const dependencies: DependencyModel[] = [];
  let observability: ServiceModel['observability'] = {
    declaredMetrics: [],
    metricOverrides: {},
    selector,
    scrapeInterval: seconds(30),
    logs: {},
  };
  let pagerduty: ServiceModel['pagerduty'];
  let deploymentGate: ServiceModel['deploymentGate'];
  let alerts: ServiceModel['alerts'];
  let alertsOrigins: Origin[] | undefined;
  let observabilityLabels: Record<string, string> = {};
  const policies: ServiceModel['policies'] = [];

  for (const { resource, origins } of validated) {
    const report = (severity: Diagnostic['severity'], code: string, message: string, at: SpecPath, hint?: string): void => {
      diagnostics.push(locate(origins, ['spec', ...at], severity, code, message, hint));
    };
    switch (resource.kind) {
      case 'SLO': {
        const slo = toSloRemembered(resource.name, resource.spec, { serviceType: type, selector }, report);
        if (slo) slos.push(slo);
        break;
      }
      case 'Dependencies':
        dependencies.push(...toDependencies(resource.spec, name, report));
        break;
      case 'Observability': {
        const o = resource.spec;
        const declared: string[] = [];
        const overrides: Record<string, string> = {};
        if (Array.isArray(o.metrics)) declared.push(...o.metrics);
        else if (o.metrics) {
          for (const [k, v] of Object.entries(o.metrics)) {
            if (k.includes('.')) overrides[k] = String(v);
            else if (!['endpoint', 'port', 'path', 'scheme'].includes(k)) {
              report(
                'warning',
                'observability/unknown-metric-key',
                `\`metrics.${k}\` is neither an intent override (technology.intent) nor endpoint/port`,
                ['metrics', k],
                'write overrides as <technology>.<intent>: <metric name>, e.g. postgresql.connections: pg_stat_activity_count',
              );
            }
          }
        }
        const scrape = o.scrape_interval ? parseDuration(o.scrape_interval) : undefined;
        observabilityLabels = { ...observabilityLabels, ...(o.labels ?? {}) };
        observability = {
          declaredMetrics: [...observability.declaredMetrics, ...declared],
          metricOverrides: { ...observability.metricOverrides, ...overrides },
          selector,
          scrapeInterval: scrape ?? observability.scrapeInterval,
          logs: { ...observability.logs, ...(o.logs ?? {}) },
        };
        break;
      }
      case 'PagerDuty':
        pagerduty = { name: resource.name, ...resource.spec };
        break;
      case 'DeploymentGate':
        deploymentGate = { name: resource.name, ...resource.spec };
        break;
      case 'PolicyRules':
        policies.push({ resource: resource.name, rules: resource.spec.rules });
        break;
      case 'Alerts':
        alerts = { name: resource.name, ...resource.spec };
        if (resource.spec.channels) {
          report(
            'warning',
            'alerts/channels-unused',
            '`channels` are not generated: NthLayer routes alerts through the PagerDuty resource (alertmanager.yaml)',
            ['channels'],
            'remove channels and configure other receivers in Alertmanager, or add a PagerDuty resource with an integration_key',
          );
        }
        alertsOrigins = origins;
        break;
    }
  }
  if (alerts && alertsOrigins) checkBudgetRules(alerts, slos, alertsOrigins, diagnostics);

  const technologies = DEPENDENCY_TECHNOLOGIES.filter((t) => dependencies.some((d) => d.technology === t));
  const s = serviceBlock as ServiceBlock;
  const pd = s.pagerduty ?? {};
  const model: ServiceModel = {
    name,
    team: s.team,
    tier,
    type,
    supportModel: s.support_model ?? 'self',
    ...(s.language ? { language: s.language } : {}),
    ...(s.framework ? { framework: s.framework } : {}),
    ...(s.template ? { template: s.template } : {}),
    ...(s.description ? { description: s.description } : {}),
    ...(s.owner ? { owner: s.owner } : {}),
    ...(s.runbook_url ? { runbookUrl: s.runbook_url } : {}),
    ...(s.dashboard_url ? { dashboardUrl: s.dashboard_url } : {}),
    ...(s.slack_channel ? { slackChannel: s.slack_channel } : {}),
    ...(s.email ? { email: s.email } : {}),
    // Observability labels join the service's: both are added to every generated series and alert.
    labels: { ...observabilityLabels, ...(s.labels ?? {}) },
    metadata: { ...(s.metadata ?? {}) },
    ...(options.environment ? { environment: options.environment } : {}),
    servicePagerDuty: {
      timezone: pd.timezone ?? 'America/New_York',
      ...(pd.service_id ? { serviceId: pd.service_id } : {}),
      ...(pd.escalation_policy ? { escalationPolicy: pd.escalation_policy } : {}),
      ...(pd.sre_escalation_policy_id ? { sreEscalationPolicyId: pd.sre_escalation_policy_id } : {}),
      ...(pd.schedule ? { schedule: pd.schedule } : {}),
      ...(pd.urgency ? { urgency: pd.urgency } : {}),
    },
    slos,
    dependencies,
    technologies,
    observability,
    ...(pagerduty ? { pagerduty } : {}),
    ...(deploymentGate ? { deploymentGate } : {}),
    policies,
    ...(alerts ? { alerts } : {}),
  };
  for (const { resource, origins } of validated) {
    if (resource.kind !== 'PolicyRules') continue;
    for (const v of evaluatePolicies(model, resource.spec.rules)) {
      diagnostics.push(locate(origins, ['spec', 'rules', v.ruleIndex], v.severity, 'policy/violation', v.message, v.hint));
    }
  }
  // Unchanged parts are the last model's own objects (see share.ts): caches keyed by object hit.
  const shared = share(lastModel, model);
  lastModel = shared;
  return { model: shared, diagnostics };
}

let lastModel: ServiceModel | undefined;

const templateCache = new Map<string, ParsedSpec>();

/** Built-in templates are constants, so each is parsed once per process (or page). */
function parsedTemplate(name: string): ParsedSpec {
  let t = templateCache.get(name);
  if (!t) {
    t = parseSpec(
      `service: {name: template, team: template, tier: standard, type: api}\n${BUILTIN_TEMPLATES[name]!.yaml}`,
      `template:${name}`,
    );
    templateCache.set(name, t);
  }
  return t;
}

function resolveTier(t: string): Tier {
  return ((TIER_ALIASES as Record<string, Tier>)[t] ?? t) as Tier;
}

function resolveType(t: string): ServiceType {
  return ((SERVICE_TYPE_ALIASES as Record<string, ServiceType>)[t] ?? t) as ServiceType;
}

/** The label matchers that pick the service's own series: Observability.selector or service="<name>". */
function serviceSelector(
  name: string,
  resources: { resource: ResourceSpec; origins: Origin[] }[],
  diagnostics: Diagnostic[],
): LabelMatcher[] {
  for (const { resource, origins } of resources) {
    if (resource.kind !== 'Observability' || !resource.spec.selector) continue;
    const matchers = parseLabelMatchers(resource.spec.selector);
    if (matchers) return matchers;
    diagnostics.push(
      locate(
        origins,
        ['spec', 'selector'],
        'error',
        'observability/bad-selector',
        `\`selector\` is not a valid set of label matchers: ${resource.spec.selector.trim()}`,
        'write it like {job="payment-api",namespace="prod"}',
      ),
    );
  }
  return [{ name: 'service', op: '=', value: name }];
}

type Report = (severity: Diagnostic['severity'], code: string, message: string, at: SpecPath, hint?: string) => void;

/** SLO models by everything toSlo reads, with what it reported (paths are relative: positions are placed anew). */
const sloModels = memo<{ slo: SloModel | undefined; reports: Parameters<Report>[] }>();

/**
 * toSlo, remembered: a spec of hundreds of SLOs is rebuilt on every keystroke and one SLO at most
 * changed. What toSlo reported is reported again through this call's `report`, so each
 * diagnostic lands at the SLO's current line.
 */
function toSloRemembered(
  name: string,
  spec: SloSpec,
  ctx: { serviceType: ServiceType; selector: LabelMatcher[] },
  report: Report,
): SloModel | undefined {
  const key = JSON.stringify([name, spec, ctx.serviceType, ctx.selector]);
  const made = sloModels.get(key, () => {
    const reports: Parameters<Report>[] = [];
    const slo = toSlo(name, spec, ctx, (...r) => reports.push(r));
    return { slo, reports };
  });
  for (const r of made.reports) report(...r);
  return made.slo;
}

function toSlo(
  name: string,
  spec: SloSpec,
  ctx: { serviceType: ServiceType; selector: LabelMatcher[] },
  report: Report,
): SloModel | undefined {
  const objectivePercent = spec.objective ?? spec.target;
  if (objectivePercent === undefined) {
    report('error', 'slo/missing-objective', `SLO \`${name}\` has no \`objective\``, [], 'add objective: the target percentage, e.g. 99.9');
    return undefined;
  }
  if (!(objectivePercent > 0 && objectivePercent < 100)) return undefined; // reported by checkSlo
  const windowText = spec.window ?? DEFAULT_WINDOW;
  const window = parseDuration(windowText);
  if (window === undefined || window <= 0) {
    report(
      'error',
      'slo/bad-window',
      `window \`${windowText}\` is not a duration`,
      ['window'],
      'write a Prometheus duration such as 30d, 28d or 7d',
    );
    return undefined;
  }
  if (window < 86_400) {
    report(
      'warning',
      'slo/short-window',
      `a ${windowText} window is shorter than the 1-day long window of the ticket tier; burn-rate tiers become noisy`,
      ['window'],
      'use 7d, 28d or 30d',
    );
  }
  const r = normaliseSli(spec, ctx);
  for (const p of r.problems) report(p.severity, p.code, p.message, p.at, p.hint);
  if (!r.sli) return undefined;
  const objective = percentToRatio(percent(objectivePercent));
  const tiers = {} as Record<BurnTierName, BurnTierConfig>;
  for (const t of BURN_TIERS) {
    const c = spec.alerting?.[t];
    const forSeconds = c?.for ? parseDuration(c.for) : undefined;
    tiers[t] = {
      enabled: c?.enabled ?? true,
      ...(forSeconds !== undefined ? { for: forSeconds } : {}),
      ...(c?.severity ? { severity: c.severity } : {}),
      labels: { ...(c?.labels ?? {}) },
    };
  }
  const errorBudget = errorBudgetRatio(objective);
  const objectiveAt = spec.objective !== undefined ? ['objective'] : ['target'];
  for (const t of burnRateTiers(window as Seconds)) {
    // A typo-low objective already has its own warning (spec/parse.ts), which says this too.
    if (objectivePercent < LOW_OBJECTIVE) break;
    if (!tiers[t.name].enabled || !tierImpossible(t.factor, errorBudget)) continue;
    report(
      'warning',
      'slo/tier-impossible',
      `${t.name} can never fire: it needs an error ratio above ${formatNumber(t.factor * errorBudget * 100)}% (${formatNumber(t.factor)}× a ${formatNumber(errorBudget * 100)}% budget), so it is not generated`,
      objectiveAt,
      `set alerting.${t.name}.enabled: false to acknowledge, or raise the objective; the slower tiers still page`,
    );
  }
  const nd = spec.alerting?.no_data;
  const noDataFor = nd?.for ? parseDuration(nd.for) : undefined;
  const minEvents = spec.alerting?.min_events;
  if (minEvents !== undefined && r.sli.kind !== 'events') {
    report(
      'error',
      'slo/min-events-needs-events',
      `min_events counts requests, but this SLI (${r.sli.kind === 'threshold' ? 'a gauge with a threshold' : 'a raw error ratio'}) has no event counts`,
      ['alerting', 'min_events'],
      'remove min_events, or describe the SLI as events (good_query or error_query with total_query)',
    );
    return undefined;
  }
  if (minEvents !== undefined) {
    report(
      'info',
      'slo/min-events-not-exported',
      'min_events is not carried into sloth.yaml or slos.openslo.yaml: neither format has a low-traffic guard',
      ['alerting', 'min_events'],
    );
  }
  return {
    name,
    objective,
    objectivePercent: percent(objectivePercent),
    errorBudget,
    window: window as Seconds,
    ...(spec.description ? { description: spec.description } : {}),
    indicatorType: r.indicatorType,
    sli: r.sli,
    labels: { ...(spec.labels ?? {}) },
    alerting: {
      enabled: spec.alerting?.enabled ?? true,
      ...(minEvents !== undefined ? { minEvents } : {}),
      noData: {
        enabled: nd?.enabled ?? true,
        ...(noDataFor !== undefined ? { for: noDataFor } : {}),
        ...(nd?.severity ? { severity: nd.severity } : {}),
        labels: { ...(nd?.labels ?? {}) },
      },
      ...(spec.alerting?.name ? { name: spec.alerting.name } : {}),
      labels: { ...(spec.alerting?.labels ?? {}) },
      annotations: { ...(spec.alerting?.annotations ?? {}) },
      tiers,
    },
  };
}

const CATEGORY_OF: Record<keyof DependenciesSpec, DependencyCategory> = {
  services: 'services',
  databases: 'databases',
  caches: 'caches',
  queues: 'queues',
  message_queues: 'queues',
  external_apis: 'external_apis',
  external_services: 'external_services',
  orchestration: 'orchestration',
  infrastructure: 'infrastructure',
  upstream: 'upstream',
  downstream: 'downstream',
};

function toDependencies(spec: DependenciesSpec, service: string, report: Report): DependencyModel[] {
  const out: DependencyModel[] = [];
  for (const key of Object.keys(CATEGORY_OF) as (keyof DependenciesSpec)[]) {
    (spec[key] ?? []).forEach((d, i) => {
      const { name, type, criticality, sla, selector, log_selector: logSelector, namespace, brokers, ...extra } = d;
      const technology: DependencyTechnology | undefined = resolveTechnology(type) ?? (key === 'caches' && !type ? 'redis' : undefined);
      if (type && !technology && ['databases', 'caches', 'queues', 'message_queues', 'infrastructure', 'orchestration'].includes(key)) {
        report(
          'info',
          'dependency/no-template',
          `no technology template for \`${type}\`; no dashboard row or alert pack is generated for it`,
          [key, i, 'type'],
          `templates exist for ${DEPENDENCY_TECHNOLOGIES.join(', ')}`,
        );
      }
      const depName = String(name ?? type ?? `${key}-${i}`);
      const facts = dependencyFacts(service, { name: depName, namespace, brokers });
      const template = technology ? TECHNOLOGIES[technology] : undefined;
      let matchers: LabelMatcher[] | undefined;
      if (selector !== undefined) {
        matchers = parseLabelMatchers(selector);
        if (!matchers) {
          report(
            'error',
            'dependency/bad-selector',
            `\`selector\` of ${depName} is not a valid set of label matchers: ${selector.trim()}`,
            [key, i, 'selector'],
            'write it like {instance="ledger-db:9187"} or {job="ledger-db"}',
          );
        } else if (!template) {
          report(
            'warning',
            'dependency/selector-unused',
            `\`selector\` of ${depName} has no effect: no technology template generates rules or panels for it`,
            [key, i, 'selector'],
          );
        }
      }
      const chosen = matchers ?? (template ? defaultDependencySelector(template, facts) : []);
      if (template) {
        for (const skip of planDependencyAlerts(template, facts, chosen).skipped) {
          const at =
            skip.alert === 'KafkaBrokerLost' && brokers === undefined
              ? [key, i]
              : [key, i, ...(selector !== undefined ? ['selector'] : [])];
          report(
            brokers === undefined && skip.alert === 'KafkaBrokerLost' ? 'info' : 'warning',
            'dependency/rule-not-generated',
            skip.message,
            at,
            skip.hint,
          );
        }
      }
      out.push({
        category: CATEGORY_OF[key],
        name: depName,
        ...(type ? { type } : {}),
        ...(technology ? { technology } : {}),
        criticality: criticality ?? 'medium',
        ...(sla !== undefined ? { sla: percent(sla) } : {}),
        selector: chosen,
        selectorSource: matchers ? 'spec' : 'default',
        ...(logSelector !== undefined ? { logSelector } : {}),
        ...(namespace !== undefined ? { namespace } : {}),
        ...(brokers !== undefined ? { brokers } : {}),
        extra,
      });
    });
  }
  return out;
}

/** `kind: Alerts` rules: their SLO must exist and their threshold must fit their type. */
function checkBudgetRules(
  alerts: NonNullable<ServiceModel['alerts']>,
  slos: SloModel[],
  origins: Origin[],
  diagnostics: Diagnostic[],
): void {
  (alerts.rules ?? []).forEach((r, i) => {
    const at = (field: string): SpecPath => ['spec', 'rules', i, field];
    if (r.slo !== undefined && r.slo !== '*' && !slos.some((s) => s.name === r.slo)) {
      diagnostics.push(
        locate(
          origins,
          at('slo'),
          'error',
          'alerts/unknown-slo',
          `rule \`${r.name}\` names SLO \`${r.slo}\`, which this spec does not define`,
          `use one of ${slos.map((s) => s.name).join(', ') || '(no SLOs yet)'}, or * for every SLO`,
        ),
      );
    }
    if (r.type === 'budget_threshold' && !(r.threshold > 0 && r.threshold <= 1)) {
      diagnostics.push(
        locate(
          origins,
          at('threshold'),
          'error',
          'alerts/bad-threshold',
          `a budget_threshold is the share of the budget consumed, between 0 and 1 (got ${r.threshold})`,
          r.threshold > 1 && r.threshold <= 100
            ? `write ${formatNumber(r.threshold / 100)} for ${r.threshold}%`
            : 'e.g. 0.5 alerts when half the budget is spent',
        ),
      );
    }
    if (r.type === 'burn_rate' && !(r.threshold > 0)) {
      diagnostics.push(
        locate(
          origins,
          at('threshold'),
          'error',
          'alerts/bad-threshold',
          `a burn_rate threshold is a multiple of the sustainable rate above 0 (got ${r.threshold})`,
          'e.g. 2 alerts at twice the sustainable burn',
        ),
      );
    }
    if (r.type === 'budget_exhaustion' && !(r.threshold > 0)) {
      diagnostics.push(
        locate(
          origins,
          at('threshold'),
          'error',
          'alerts/bad-threshold',
          `a budget_exhaustion threshold is hours until the budget is gone, above 0 (got ${r.threshold})`,
          'e.g. 12 alerts when less than 12 hours of budget are left',
        ),
      );
    }
  });
}

/** Picks the file and position for a problem at `path` (relative to the resource). */
export function locate(
  origins: Origin[],
  path: SpecPath,
  severity: Diagnostic['severity'],
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  const chosen = origins.find((o) => nodeAt(o.source, [...o.path, ...path]).exact) ?? origins[origins.length - 1]!;
  const full = [...chosen.path, ...path];
  return diagnosticAt(chosen.source, full, severity, code, message, hint);
}

/** Objects merge key by key (the override wins); lists and scalars are replaced. */
function deepMerge(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = k in out ? deepMerge(out[k], v) : v;
    return out;
  }
  return override === undefined ? base : override;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `${service}`-style substitution over every string; unknown variables are left as written. */
function substitute<T>(value: T, vars: Record<string, string>): T {
  if (typeof value === 'string') return value.replace(/\$\{(\w+)\}/g, (m, k: string) => vars[k] ?? m) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars)) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)])) as T;
  return value;
}
