/**
 * Sloth specs: `prometheus/v1` (snake_case) and the Kubernetes `PrometheusServiceLevel` CRD
 * (`sloth.slok.dev/v1`, camelCase). Same model: a service, labels, and SLOs with an events or
 * raw SLI and page/ticket alerts. Sloth has no SLO period in the spec; it comes from Sloth's
 * `--default-slo-period` (30d unless said otherwise).
 */
import { pascalCase } from '../conventions.ts';
import type { SpecPath } from '../spec/diagnostics.ts';
import type { Reader } from './documents.ts';
import {
  alertName,
  checkObjective,
  copyLabels,
  notesFrom,
  readServiceName,
  slothTemplateLabels,
  type ServiceDraft,
  type ServiceFor,
  type SloDraft,
} from './drafts.ts';
import { eventsIndicator, ratioIndicator, readQuery } from './indicators.ts';

export const SLOTH_VERSION = 'prometheus/v1';
export const SLOTH_API_VERSION = 'sloth.slok.dev/v1';

interface Dialect {
  name: string;
  errorQuery: string;
  totalQuery: string;
  errorRatioQuery: string;
  pageAlert: string;
  ticketAlert: string;
  sloPlugins: string;
}

const PROMETHEUS_V1: Dialect = {
  name: 'Sloth prometheus/v1',
  errorQuery: 'error_query',
  totalQuery: 'total_query',
  errorRatioQuery: 'error_ratio_query',
  pageAlert: 'page_alert',
  ticketAlert: 'ticket_alert',
  sloPlugins: 'slo_plugins',
};
const CRD: Dialect = {
  name: 'Sloth PrometheusServiceLevel',
  errorQuery: 'errorQuery',
  totalQuery: 'totalQuery',
  errorRatioQuery: 'errorRatioQuery',
  pageAlert: 'pageAlert',
  ticketAlert: 'ticketAlert',
  sloPlugins: 'sloPlugins',
};

export interface SlothContext {
  /** The SLO window every Sloth SLO gets (Sloth's period). */
  period: string;
  /** True when the period was given (`--default-slo-period` or an AlertWindows document). */
  periodGiven: boolean;
  /** `--service`. */
  service?: string;
}

/** A `prometheus/v1` document or a `PrometheusServiceLevel`; undefined when nothing is usable. */
export function readSloth(r: Reader, value: Record<string, unknown>, ctx: SlothContext, serviceFor: ServiceFor): void {
  const crd = value.kind === 'PrometheusServiceLevel';
  const d = crd ? CRD : PROMETHEUS_V1;
  let spec: Record<string, unknown> = value;
  let base: SpecPath = [];
  if (crd) {
    r.keys(value, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status'], 'a PrometheusServiceLevel');
    if (value.metadata !== undefined) {
      r.report(
        ['metadata'],
        'info',
        'import/kubernetes-metadata',
        'Kubernetes metadata (name, namespace, labels) is not part of the SLOs; not imported',
        undefined,
        'key',
      );
    }
    if (value.status !== undefined)
      r.report(['status'], 'info', 'import/status', 'status is written by the Sloth controller; not imported', undefined, 'key');
    const s = r.map(value.spec, ['spec']);
    if (!s) {
      r.report([], 'error', 'import/missing-field', 'a PrometheusServiceLevel needs a `spec`', 'add spec: with service and slos');
      return;
    }
    spec = s;
    base = ['spec'];
    r.keys(spec, base, ['service', 'labels', 'slos', d.sloPlugins], 'a PrometheusServiceLevel spec');
  } else {
    r.keys(spec, base, ['version', 'service', 'labels', 'slos', d.sloPlugins], 'a Sloth prometheus/v1 spec');
    if (spec.version === undefined) {
      r.report(
        [],
        'warning',
        'import/no-version',
        'the document has no `version`; it is read as a Sloth prometheus/v1 spec (service and slos)',
        'add version: "prometheus/v1"',
      );
    }
  }

  const rawService = r.string(spec.service, [...base, 'service']);
  if (rawService === undefined || rawService.trim() === '') {
    r.report([...base, 'service'], 'error', 'import/missing-field', 'a Sloth spec needs `service`', 'add service: <name>');
    return;
  }
  const name = ctx.service ?? readServiceName(r, rawService, [...base, 'service']);
  const service = serviceFor(name, r, [...base, 'service'], d.name);
  const labels = r.strings(spec.labels, [...base, 'labels']);
  if (labels) copyLabels(r, labels, [...base, 'labels'], { service, into: service.labels });
  pluginChain(r, spec[d.sloPlugins], [...base, d.sloPlugins]);

  if (!ctx.periodGiven) {
    r.report(
      [...base, 'service'],
      'info',
      'import/sloth-period',
      `Sloth specs have no SLO period (Sloth takes it from --default-slo-period); imported with ${ctx.period}`,
      'if Sloth ran with another period, import again with --default-slo-period <period>',
      'key',
    );
  }

  const slos = r.list(spec.slos, [...base, 'slos']);
  if (!slos || slos.length === 0) {
    r.report([...base, 'slos'], 'error', 'import/no-slos', 'the Sloth spec has no SLOs', 'add at least one entry under slos:');
    return;
  }
  let alertsOn = false;
  slos.forEach((item, i) => {
    const path: SpecPath = [...base, 'slos', i];
    const before = r.count();
    const slo = readSlo(r, item, path, d, service, ctx);
    if (slo) {
      service.slos.push(slo);
      const alerting = slo.spec.alerting as Record<string, unknown> | undefined;
      if (alerting?.enabled !== false) alertsOn = true;
    } else if (!r.errorsSince(before)) {
      r.report(path, 'error', 'import/not-imported', 'this SLO was not imported');
    }
  });
  if (alertsOn) {
    r.report(
      [...base, 'slos'],
      'info',
      'import/sloth-for',
      "Sloth's burn-rate alerts fire without `for`; NthLayer's tiers wait 2m, 15m, 1h and 3h (set `for` on a tier to change it)",
      undefined,
      'key',
    );
  }
}

function readSlo(r: Reader, item: unknown, path: SpecPath, d: Dialect, service: ServiceDraft, ctx: SlothContext): SloDraft | undefined {
  const slo = r.map(item, path);
  if (!slo) return undefined;
  const noteStart = notesFrom(r);
  r.keys(slo, path, ['name', 'description', 'objective', 'labels', 'plugins', 'sli', 'alerting'], 'a Sloth SLO');
  // Every part is read even when an earlier one fails, so all problems are reported at once.
  const name = r.string(slo.name, [...path, 'name']);
  if (!name) r.report(path, 'error', 'import/missing-field', 'the SLO has no `name`; it was not imported', 'add name: <slo name>');
  const objective = r.number(slo.objective, [...path, 'objective']);
  if (objective === undefined) {
    r.report(
      slo.name === undefined ? path : [...path, 'name'],
      'error',
      'import/missing-field',
      `SLO \`${name ?? '?'}\` has no \`objective\`; it was not imported`,
      'add objective: a percentage such as 99.9',
    );
  }
  const objectiveOk = objective !== undefined && checkObjective(r, objective, [...path, 'objective']);
  const indicator = readSli(r, slo.sli, [...path, 'sli'], d);
  const description = r.string(slo.description, [...path, 'description']);
  const sloLabels: Record<string, string> = {};
  const labels = r.strings(slo.labels, [...path, 'labels']);
  if (labels) copyLabels(r, labels, [...path, 'labels'], { into: sloLabels });
  pluginChain(r, slo.plugins, [...path, 'plugins']);
  const alerting = readAlerting(r, slo.alerting, [...path, 'alerting'], d, service, name);
  if (!name || !objectiveOk || !indicator) return undefined;

  const spec: Record<string, unknown> = { objective, window: ctx.period };
  if (description) spec.description = description;
  if (Object.keys(sloLabels).length > 0) spec.labels = sloLabels;
  spec.indicator = indicator;
  if (alerting) spec.alerting = alerting;
  return { name, place: r.place(path), r, at: path, spec, notes: noteStart() };
}

function readSli(r: Reader, value: unknown, path: SpecPath, d: Dialect): Record<string, unknown> | undefined {
  const sli = r.map(value, path);
  if (!sli) {
    r.report(
      path.slice(0, -1),
      'error',
      'import/missing-field',
      'the SLO has no `sli`; it was not imported',
      'add sli: with events or raw',
    );
    return undefined;
  }
  r.keys(sli, path, ['events', 'raw', 'plugin'], 'a Sloth SLI');
  const kinds = ['events', 'raw', 'plugin'].filter((k) => sli[k] !== undefined && sli[k] !== null);
  if (kinds.length !== 1) {
    r.report(
      path,
      'error',
      'import/sli-kind',
      kinds.length === 0
        ? 'the SLI has none of events, raw or plugin; the SLO was not imported'
        : `the SLI has ${kinds.join(' and ')}; Sloth allows exactly one, so the SLO was not imported`,
      'keep exactly one SLI type',
    );
    return undefined;
  }
  if (kinds[0] === 'plugin') {
    const plugin = r.map(sli.plugin, [...path, 'plugin']);
    const id = plugin ? r.string(plugin.id, [...path, 'plugin', 'id']) : undefined;
    r.report(
      [...path, 'plugin'],
      'error',
      'import/sli-plugin',
      `unsupported: the SLI plugin${id ? ` \`${id}\`` : ''} is Go code that builds the query inside Sloth; the SLO was not imported`,
      'replace the plugin with the events (error_query/total_query) it generates, then import again',
      'key',
    );
    return undefined;
  }
  if (kinds[0] === 'raw') {
    const raw = r.map(sli.raw, [...path, 'raw']);
    if (!raw) return undefined;
    r.keys(raw, [...path, 'raw'], [d.errorRatioQuery], 'a Sloth raw SLI');
    const text = r.string(raw[d.errorRatioQuery], [...path, 'raw', d.errorRatioQuery]);
    if (!text) {
      r.report([...path, 'raw'], 'error', 'import/missing-field', `a raw SLI needs \`${d.errorRatioQuery}\`; the SLO was not imported`);
      return undefined;
    }
    const q = readQuery(r, text, [...path, 'raw', d.errorRatioQuery], true);
    return q === undefined ? undefined : ratioIndicator(r, q, [...path, 'raw', d.errorRatioQuery]);
  }
  const events = r.map(sli.events, [...path, 'events']);
  if (!events) return undefined;
  r.keys(events, [...path, 'events'], [d.errorQuery, d.totalQuery], 'Sloth events');
  const errorText = r.string(events[d.errorQuery], [...path, 'events', d.errorQuery]);
  const totalText = r.string(events[d.totalQuery], [...path, 'events', d.totalQuery]);
  if (!errorText || !totalText) {
    r.report(
      [...path, 'events'],
      'error',
      'import/missing-field',
      `events need both \`${d.errorQuery}\` and \`${d.totalQuery}\`; the SLO was not imported`,
    );
    return undefined;
  }
  const error = readQuery(r, errorText, [...path, 'events', d.errorQuery], true);
  const total = readQuery(r, totalText, [...path, 'events', d.totalQuery], true);
  if (error === undefined || total === undefined) return undefined;
  if (error.trim() === total.trim()) {
    r.report(
      [...path, 'events', d.errorQuery],
      'error',
      'import/same-queries',
      'the error and total queries are the same (every event would be an error); the SLO was not imported',
    );
    return undefined;
  }
  return eventsIndicator(r, { error, total }, [...path, 'events']);
}

const TIERS_OF = { page: ['page_fast', 'page_slow'], ticket: ['ticket_fast', 'ticket_slow'] } as const;
const DEFAULT_SEVERITY = { page: 'critical', ticket: 'warning' } as const;

function readAlerting(
  r: Reader,
  value: unknown,
  path: SpecPath,
  d: Dialect,
  service: ServiceDraft,
  sloName: string | undefined,
): Record<string, unknown> | undefined {
  // NthLayer's own sloth.yaml writes the default alert name; it is the default again, not a setting.
  const defaultName = sloName ? `${pascalCase(service.name, sloName)}ErrorBudgetBurn` : undefined;
  const alerting = r.map(value, path);
  if (!alerting) return undefined;
  r.keys(alerting, path, ['name', 'labels', 'annotations', d.pageAlert, d.ticketAlert], 'Sloth alerting');
  const out: Record<string, unknown> = {};
  const name = r.string(alerting.name, [...path, 'name']);
  const alertLabels: Record<string, string> = {};
  let severity: string | undefined;
  const labels = r.strings(alerting.labels, [...path, 'labels']);
  if (labels)
    copyLabels(r, labels, [...path, 'labels'], {
      service,
      into: alertLabels,
      severity: (v) => {
        severity = v;
      },
    });
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.strings(alerting.annotations, [...path, 'annotations']) ?? {})) {
    annotations[k] = slothTemplateLabels(r, v, [...path, 'annotations', k]);
  }

  const tiers: Record<string, Record<string, unknown>> = {};
  const tierAnnotations: Record<'page' | 'ticket', Record<string, string>> = { page: {}, ticket: {} };
  const disabled = { page: false, ticket: false };
  for (const kind of ['page', 'ticket'] as const) {
    const key = kind === 'page' ? d.pageAlert : d.ticketAlert;
    const a = r.map(alerting[key], [...path, key]);
    let tierSeverity = severity;
    const tierLabels: Record<string, string> = {};
    if (a) {
      r.keys(a, [...path, key], ['disable', 'labels', 'annotations'], `a Sloth ${kind} alert`);
      disabled[kind] = r.bool(a.disable, [...path, key, 'disable']) ?? false;
      const l = r.strings(a.labels, [...path, key, 'labels']);
      if (l)
        copyLabels(r, l, [...path, key, 'labels'], {
          into: tierLabels,
          severity: (v) => {
            tierSeverity = v;
          },
        });
      for (const [k, v] of Object.entries(r.strings(a.annotations, [...path, key, 'annotations']) ?? {})) {
        tierAnnotations[kind][k] = slothTemplateLabels(r, v, [...path, key, 'annotations', k]);
      }
    }
    for (const tier of TIERS_OF[kind]) {
      const t: Record<string, unknown> = {};
      if (disabled[kind]) t.enabled = false;
      else {
        if (tierSeverity !== undefined && tierSeverity !== DEFAULT_SEVERITY[kind]) t.severity = tierSeverity;
        if (Object.keys(tierLabels).length > 0) t.labels = { ...tierLabels };
      }
      if (Object.keys(t).length > 0) tiers[tier] = t;
    }
  }
  // Annotations set identically on both alerts apply to all of them; NthLayer has no per-tier annotations.
  for (const kind of ['page', 'ticket'] as const) {
    const other = kind === 'page' ? 'ticket' : 'page';
    const key = kind === 'page' ? d.pageAlert : d.ticketAlert;
    for (const [k, v] of Object.entries(tierAnnotations[kind])) {
      if (tierAnnotations[other][k] === v || disabled[other]) {
        if (annotations[k] !== undefined && annotations[k] !== v && kind === 'page') {
          r.report(
            [...path, key, 'annotations', k],
            'warning',
            'import/dropped',
            `dropped: the ${kind} alert's \`${k}\` annotation overrides the SLO's; NthLayer has one value per SLO, the SLO's is kept`,
            undefined,
            'key',
          );
        } else annotations[k] = v;
      } else if (!disabled[kind]) {
        r.report(
          [...path, key, 'annotations', k],
          'warning',
          'import/tier-annotation',
          `dropped: \`${k}\` is set only on the ${kind} alert; NthLayer's annotations apply to every tier of an SLO`,
          'set it under alerting.annotations of the SLO if it suits all its alerts',
          'key',
        );
      }
    }
  }

  if (disabled.page && disabled.ticket) {
    out.enabled = false;
    if (name) {
      const n = alertName(r, name, [...path, 'name']);
      if (n) out.name = n;
    }
    return out;
  }
  if (name && name !== defaultName) {
    const n = alertName(r, name, [...path, 'name']);
    if (n) out.name = n;
  }
  if (Object.keys(alertLabels).length > 0) out.labels = alertLabels;
  if (Object.keys(annotations).length > 0) out.annotations = annotations;
  Object.assign(out, tiers);
  return Object.keys(out).length > 0 ? out : undefined;
}

function pluginChain(r: Reader, value: unknown, path: SpecPath): void {
  const chain = r.map(value, path);
  if (!chain) return;
  r.keys(chain, path, ['overridePrevious', 'chain'], 'a Sloth plugin chain');
  const items = r.list(chain.chain, [...path, 'chain']) ?? [];
  items.forEach((item, i) => {
    const p = r.map(item, [...path, 'chain', i]);
    const id = p ? r.string(p.id, [...path, 'chain', i, 'id']) : undefined;
    r.report(
      [...path, 'chain', i],
      'warning',
      'import/sloth-plugin',
      `dropped: the Sloth SLO plugin \`${id ?? '?'}\` rewrites Sloth's rules; NthLayer has no plugin chain`,
      pluginHint(id),
    );
  });
  if (chain.overridePrevious === true) {
    r.report(
      [...path, 'overridePrevious'],
      'warning',
      'import/sloth-plugin',
      "dropped: `overridePrevious` replaces Sloth's default plugins; NthLayer always generates its own rules",
      undefined,
      'key',
    );
  }
}

function pluginHint(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (id.includes('error_budget_exhausted_alert')) return "NthLayer's Alerts resource has a budget_exhaustion rule for this";
  if (id.includes('sli_rules')) return "NthLayer's long windows are already request-weighted from 5-minute rates";
  if (id.includes('denominator_corrected'))
    return 'NthLayer has no low-traffic correction yet; consider a longer window or a lower objective';
  if (id.includes('validate')) return 'NthLayer validates PromQL with the Prometheus grammar';
  return undefined;
}
