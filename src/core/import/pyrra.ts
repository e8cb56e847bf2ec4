/**
 * Pyrra `ServiceLevelObjective` (`pyrra.dev/v1alpha1`): one SLO per object, its indicator given
 * as metric selectors from which Pyrra builds every query. Pyrra has no service; it comes from
 * `--service`, a label, or the namespace. Pyrra's four alert tiers scale with the window (14×,
 * 7×, 2×, 1× at 28d); NthLayer's are the Workbook's, so the difference is reported.
 */
import { burnRateTiers } from '../budget/windows.ts';
import { formatMatchers, formatSelector, type VectorSelectorInfo } from '../promql/parse.ts';
import type { SpecPath } from '../spec/diagnostics.ts';
import { formatDuration, formatNumber, parseDuration, seconds, type Seconds } from '../units.ts';
import type { Reader } from './documents.ts';
import { alertName, checkObjective, copyLabels, notesFrom, readServiceName, secondsToMs, windowOf, type ServiceDraft } from './drafts.ts';
import { eventsIndicator } from './indicators.ts';
import { BASE_RANGE, plainSelector } from './promql.ts';

export const PYRRA_API_VERSION = 'pyrra.dev/v1alpha1';
const PROPAGATE = 'pyrra.dev/';
/** Labels that name the service, in the order they are tried (after --service). */
const PYRRA_SERVICE_LABELS = ['pyrra.dev/service', 'service', 'app.kubernetes.io/part-of', 'app.kubernetes.io/name', 'app'] as const;

/** Fields Kubernetes writes into every object it stores (`kubectl get -o yaml`). */
const KUBERNETES_BOOKKEEPING = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'] as const;

export interface PyrraContext {
  service?: string;
}

export function readPyrra(
  r: Reader,
  value: Record<string, unknown>,
  ctx: PyrraContext,
  serviceFor: (name: string, at: SpecPath) => ServiceDraft,
): void {
  r.keys(value, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status'], 'a Pyrra ServiceLevelObjective');
  const metadata = r.map(value.metadata, ['metadata']) ?? {};
  r.keys(metadata, ['metadata'], ['name', 'namespace', 'labels', 'annotations', ...KUBERNETES_BOOKKEEPING], 'Kubernetes metadata');
  const bookkeeping = KUBERNETES_BOOKKEEPING.filter((k) => metadata[k] !== undefined);
  if (bookkeeping.length > 0) {
    r.report(
      ['metadata', bookkeeping[0]!],
      'info',
      'import/kubernetes-metadata',
      `${bookkeeping.join(', ')} are written by Kubernetes; not imported`,
      undefined,
      'key',
    );
  }
  const name = r.string(metadata.name, ['metadata', 'name']);
  const spec = r.map(value.spec, ['spec']);
  if (!name || !spec) {
    r.report(
      name ? [] : ['metadata'],
      'error',
      'import/missing-field',
      `a ServiceLevelObjective needs ${name ? 'a spec' : 'metadata.name'}; it was not imported`,
    );
    return;
  }
  if (value.status !== undefined)
    r.report(['status'], 'info', 'import/status', 'status is written by Pyrra; not imported', undefined, 'key');
  const labels = r.strings(metadata.labels, ['metadata', 'labels']) ?? {};
  const namespace = r.string(metadata.namespace, ['metadata', 'namespace']);

  // The service: --service, else a label, else the namespace.
  let service: ServiceDraft;
  if (ctx.service) service = serviceFor(ctx.service, ['metadata', 'name']);
  else {
    const label = PYRRA_SERVICE_LABELS.find((l) => labels[l]);
    if (label) {
      service = serviceFor(readServiceName(r, labels[label]!, ['metadata', 'labels', label]), ['metadata', 'labels', label]);
      r.report(
        ['metadata', 'labels', label],
        'info',
        'import/pyrra-service',
        `the service is \`${service.name}\`, from the label ${label}`,
        'pass --service to choose another',
        'key',
      );
    } else if (namespace) {
      service = serviceFor(readServiceName(r, namespace, ['metadata', 'namespace']), ['metadata', 'namespace']);
      r.report(
        ['metadata', 'namespace'],
        'info',
        'import/pyrra-service',
        `Pyrra objectives have no service: the namespace \`${namespace}\` is used`,
        'pass --service or label the objective with service: <name>',
        'key',
      );
    } else {
      r.report(
        ['metadata'],
        'error',
        'import/pyrra-service',
        'Pyrra objectives have no service, and this one has no service label or namespace; it was not imported',
        'pass --service <name>',
        'key',
      );
      return;
    }
  }

  const noteStart = notesFrom(r);
  r.keys(
    spec,
    ['spec'],
    [
      'description',
      'target',
      'window',
      'indicator',
      'alerting',
      'partial_response_strategy',
      'performanceOverAccuracy',
      'ruleOutput',
      'rulenamespace',
    ],
    'a Pyrra ServiceLevelObjective spec',
  );
  const sloLabels: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith(PROPAGATE)) {
      const label = k.slice(PROPAGATE.length);
      if (label === 'service') continue;
      copyLabels(r, { [label]: v }, ['metadata', 'labels'], { service, into: sloLabels, at: () => ['metadata', 'labels', k] });
    } else if (!(PYRRA_SERVICE_LABELS as readonly string[]).includes(k)) ignored.push(k);
  }
  if (ignored.length > 0) {
    r.report(
      ['metadata', 'labels'],
      'info',
      'import/kubernetes-labels',
      `labels ${ignored.join(', ')} are not propagated by Pyrra either; not imported`,
      'Pyrra copies only pyrra.dev/<label> labels into its rules',
      'key',
    );
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.strings(metadata.annotations, ['metadata', 'annotations']) ?? {})) {
    if (k.startsWith(PROPAGATE)) annotations[k.slice(PROPAGATE.length)] = v;
    else
      r.report(
        ['metadata', 'annotations', k],
        'info',
        'import/dropped',
        `annotation \`${k}\` is not propagated by Pyrra either; not imported`,
        undefined,
        'key',
      );
  }

  const targetText = r.string(spec.target, ['spec', 'target']);
  const target = targetText !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(targetText) ? Number(targetText) : undefined;
  if (target === undefined) {
    r.report(
      targetText === undefined ? ['spec'] : ['spec', 'target'],
      'error',
      'import/invalid-target',
      targetText === undefined
        ? 'the objective has no target; it was not imported'
        : `target \`${targetText}\` is not a number; the objective was not imported`,
      'write target: "99.5" (a percentage, as a string)',
      targetText === undefined ? 'key' : 'value',
    );
    return;
  }
  if (!checkObjective(r, target, ['spec', 'target'])) return;
  if (target < 1) {
    r.report(
      ['spec', 'target'],
      'warning',
      'import/target-ratio',
      `target ${targetText} is a percentage in Pyrra, so this means ${targetText}%; kept as written`,
      `if you meant a ratio, write ${formatNumber(target * 100)}`,
    );
  }
  const windowText = r.string(spec.window, ['spec', 'window']);
  if (!windowText) {
    r.report(['spec'], 'error', 'import/missing-field', 'the objective has no window; it was not imported', 'add window: e.g. 28d', 'key');
    return;
  }
  const window = windowOf(r, windowText, ['spec', 'window']);
  if (!window) return;
  const indicator = readIndicator(r, spec.indicator, ['spec', 'indicator']);
  if (!indicator) return;

  const out: Record<string, unknown> = { objective: target, window };
  const description = r.string(spec.description, ['spec', 'description']);
  if (description) out.description = description;
  if (Object.keys(sloLabels).length > 0) out.labels = sloLabels;
  out.indicator = indicator;
  const alerting = readAlerting(r, spec.alerting, parseDuration(window)!, target, annotations);
  if (alerting) out.alerting = alerting;
  extras(r, spec);
  service.slos.push({ name, place: r.place([]), r, at: [], spec: out, notes: noteStart() });
}

function selector(r: Reader, value: unknown, path: SpecPath): VectorSelectorInfo | undefined {
  const q = r.map(value, path);
  if (!q) {
    r.report(
      path.slice(0, -1),
      'error',
      'import/missing-field',
      `\`${String(path[path.length - 1])}\` is missing; the objective was not imported`,
      undefined,
      'key',
    );
    return undefined;
  }
  r.keys(q, path, ['metric'], 'a Pyrra query');
  const text = r.string(q.metric, [...path, 'metric']);
  const s = text ? plainSelector(text) : undefined;
  if (!s) {
    r.report(
      text ? [...path, 'metric'] : path,
      'error',
      'import/pyrra-metric',
      'the metric must be a vector selector such as http_requests_total{job="api"}; the objective was not imported',
    );
    return undefined;
  }
  return s;
}

const sel = (s: VectorSelectorInfo): string => formatSelector(s.metric, s.matchers);
const sumRate = (s: VectorSelectorInfo): string => `sum(rate(${sel(s)}[${BASE_RANGE}]))`;

function readIndicator(r: Reader, value: unknown, path: SpecPath): Record<string, unknown> | undefined {
  const ind = r.map(value, path);
  if (!ind) {
    r.report(['spec'], 'error', 'import/missing-field', 'the objective has no indicator; it was not imported', undefined, 'key');
    return undefined;
  }
  r.keys(ind, path, ['ratio', 'latency', 'latencyNative', 'bool_gauge'], 'a Pyrra indicator');
  const kinds = ['ratio', 'latency', 'latencyNative', 'bool_gauge'].filter((k) => ind[k] !== undefined && ind[k] !== null);
  if (kinds.length !== 1) {
    r.report(
      path,
      'error',
      'import/indicator-kind',
      kinds.length === 0
        ? 'the indicator has none of ratio, latency, latencyNative or bool_gauge; the objective was not imported'
        : `the indicator has ${kinds.join(' and ')}; Pyrra allows one, so the objective was not imported`,
    );
    return undefined;
  }
  const kind = kinds[0]!;
  const p: SpecPath = [...path, kind];
  const body = r.map(ind[kind], p);
  if (!body) return undefined;
  grouping(r, body.grouping, [...p, 'grouping']);
  if (kind === 'ratio') {
    r.keys(body, p, ['errors', 'total', 'grouping'], 'a Pyrra ratio indicator');
    const errors = selector(r, body.errors, [...p, 'errors']);
    const total = selector(r, body.total, [...p, 'total']);
    if (!errors || !total) return undefined;
    return eventsIndicator(r, { error: sumRate(errors), total: sumRate(total) }, p);
  }
  if (kind === 'latency') {
    r.keys(body, p, ['success', 'total', 'grouping'], 'a Pyrra latency indicator');
    const success = selector(r, body.success, [...p, 'success']);
    const total = selector(r, body.total, [...p, 'total']);
    if (!success || !total) return undefined;
    if (!success.matchers.some((m) => m.name === 'le')) {
      r.report(
        [...p, 'success', 'metric'],
        'error',
        'import/pyrra-metric',
        'the success metric needs an le matcher (the bucket of the latency threshold); the objective was not imported',
      );
      return undefined;
    }
    return eventsIndicator(r, { good: sumRate(success), total: sumRate(total) }, p, 'latency');
  }
  if (kind === 'latencyNative') {
    r.keys(body, p, ['total', 'latency', 'grouping'], 'a Pyrra latencyNative indicator');
    const total = selector(r, body.total, [...p, 'total']);
    const latency = r.string(body.latency, [...p, 'latency']);
    const s = latency !== undefined ? parseDuration(latency) : undefined;
    if (s === undefined || s <= 0) {
      r.report(
        latency === undefined ? p : [...p, 'latency'],
        'error',
        'import/invalid-latency',
        'latency must be a duration such as 200ms or 1s; the objective was not imported',
      );
      return undefined;
    }
    if (!total) return undefined;
    return {
      type: 'latency',
      native_histogram: true,
      histogram: total.metric,
      threshold_ms: secondsToMs(s),
      selector: `{${formatMatchers(total.matchers)}}`,
    };
  }
  r.keys(body, p, ['metric', 'grouping'], 'a Pyrra bool_gauge indicator');
  const gauge = selector(r, body, p);
  if (!gauge) return undefined;
  // Pyrra: bad share = (count - sum) / count of the 0/1 samples; good = samples at 1.
  return {
    type: 'availability',
    success_ratio: {
      good_query: `sum(sum_over_time(${sel(gauge)}[${BASE_RANGE}]))`,
      total_query: `sum(count_over_time(${sel(gauge)}[${BASE_RANGE}]))`,
    },
  };
}

function grouping(r: Reader, value: unknown, path: SpecPath): void {
  const list = r.list(value, path);
  if (!list || list.length === 0) return;
  r.report(
    path,
    'warning',
    'import/pyrra-grouping',
    `unsupported: grouping by ${list.map(String).join(', ')}; NthLayer aggregates the SLI to one series per service and SLO, so alerts are no longer per group`,
    'define one SLO per group (selectors with that label) if each group needs its own budget',
    'key',
  );
}

const SEVERITY_TIERS = { fastBurn: 'page_fast', mediumBurn: 'page_slow', slowBurn: 'ticket_fast', longTermBurn: 'ticket_slow' } as const;
const DEFAULT_SEVERITY = { page_fast: 'critical', page_slow: 'critical', ticket_fast: 'warning', ticket_slow: 'warning' } as const;

function readAlerting(
  r: Reader,
  value: unknown,
  window: Seconds,
  target: number,
  annotations: Record<string, string>,
): Record<string, unknown> | undefined {
  const a = r.map(value, ['spec', 'alerting']) ?? {};
  const p: SpecPath = ['spec', 'alerting'];
  r.keys(a, p, ['disabled', 'burnrates', 'absent', 'name', 'absentName', 'severities'], 'Pyrra alerting');
  const out: Record<string, unknown> = {};
  const disabled = r.bool(a.disabled, [...p, 'disabled']) === true;
  const burnrates = !disabled && r.bool(a.burnrates, [...p, 'burnrates']) !== false;
  const absent = !disabled && r.bool(a.absent, [...p, 'absent']) !== false;
  if (!burnrates) out.enabled = false;
  const name = r.string(a.name, [...p, 'name']);
  if (name) {
    const n = alertName(r, name, [...p, 'name']);
    if (n) out.name = n;
  }
  if (Object.keys(annotations).length > 0) out.annotations = annotations;
  const severities = r.map(a.severities, [...p, 'severities']) ?? {};
  r.keys(severities, [...p, 'severities'], ['absent', 'fastBurn', 'mediumBurn', 'slowBurn', 'longTermBurn'], 'Pyrra severities');
  if (burnrates) {
    for (const [key, tier] of Object.entries(SEVERITY_TIERS)) {
      const s = r.string(severities[key], [...p, 'severities', key]);
      if (s && s !== DEFAULT_SEVERITY[tier]) out[tier] = { severity: s };
    }
    r.report(
      value === undefined ? ['spec'] : p,
      'warning',
      'import/pyrra-tiers',
      tierDifference(window),
      "NthLayer's tiers follow the SRE Workbook; their factors are exact for the window",
      'key',
    );
  }
  const absentName = r.string(a.absentName, [...p, 'absentName']);
  if (absentName)
    r.report(
      [...p, 'absentName'],
      'warning',
      'import/dropped',
      'dropped: absentName (NthLayer names its no-data alert itself)',
      undefined,
      'key',
    );
  if (absent) {
    const severity = r.string(severities.absent, [...p, 'severities', 'absent']);
    out.no_data = { enabled: true, for: formatDuration(absentFor(window, target)), ...(severity ? { severity } : {}) };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Pyrra's absent-alert `for`: the time its fast tier needs to fire if absence meant 100 % errors. */
function absentFor(window: Seconds, target: number): Seconds {
  const long = window / 672;
  const forSeconds = window / 20_160;
  const minutes = Math.round((14 * (1 - target / 100) * long + forSeconds) / 60);
  return seconds(Math.max(1, minutes) * 60);
}

/** Pyrra's tiers (windows scaled from 28d, factors 14/7/2/1) next to NthLayer's for the same window. */
function tierDifference(window: Seconds): string {
  const pyrra = [
    [14, 672, 8064],
    [7, 112, 1344],
    [2, 28, 336],
    [1, 7, 112],
  ].map(
    ([f, l, s]) =>
      `${f}× ${formatDuration(seconds(Math.round(window / l! / 60) * 60))}/${formatDuration(seconds(Math.max(60, Math.round(window / s! / 60) * 60)))}`,
  );
  const ours = burnRateTiers(window).map(
    (t) => `${formatNumber(t.factor)}× ${formatDuration(t.longWindow)}/${formatDuration(t.shortWindow)}`,
  );
  return `Pyrra's burn-rate tiers (${pyrra.join(', ')}) become NthLayer's for ${formatDuration(window)} (${ours.join(', ')})`;
}

function extras(r: Reader, spec: Record<string, unknown>): void {
  if (spec.partial_response_strategy !== undefined) {
    r.report(
      ['spec', 'partial_response_strategy'],
      'warning',
      'import/dropped',
      'dropped: partial_response_strategy (Thanos Ruler only); set it in your ruler configuration',
      undefined,
      'key',
    );
  }
  if (spec.performanceOverAccuracy === true) {
    r.report(
      ['spec', 'performanceOverAccuracy'],
      'info',
      'import/performance',
      'NthLayer always builds long windows from recorded 5-minute rates, which is what performanceOverAccuracy does; nothing to set',
      undefined,
      'key',
    );
  }
  if (spec.ruleOutput !== undefined) {
    r.report(
      ['spec', 'ruleOutput'],
      'warning',
      'import/dropped',
      "dropped: ruleOutput (NthLayer's rules carry the SLO's labels on every series)",
      undefined,
      'key',
    );
  }
  if (spec.rulenamespace !== undefined) {
    r.report(
      ['spec', 'rulenamespace'],
      'warning',
      'import/dropped',
      'dropped: rulenamespace (NthLayer writes rule files; where they are deployed is up to you)',
      undefined,
      'key',
    );
  }
}
