/**
 * OpenSLO `v1alpha` and `v1`. An SLO names its service, an SLI (inline or by reference), one
 * time window, a budgeting method and one or more objectives; v1 adds alert policies, each with
 * one burn-rate condition over one lookback window. Each objective becomes an NthLayer SLO;
 * alert conditions map to NthLayer's burn-rate tiers by their lookback window.
 */
import { burnRateTiers } from '../budget/windows.ts';
import type { BurnTierName } from '../model/types.ts';
import { parsePromql } from '../promql/parse.ts';
import type { SpecPath } from '../spec/diagnostics.ts';
import { formatDuration, formatNumber, parseDuration, seconds, type Seconds } from '../units.ts';
import { isRecord, type Reader } from './documents.ts';
import { checkObjective, copyLabels, notesFrom, ratioToPercent, readServiceName, type ServiceDraft } from './drafts.ts';
import { eventsIndicator, readQuery, tidy } from './indicators.ts';
import { counterToRate, hasRange } from './promql.ts';

export const OPENSLO_V1 = 'openslo/v1';
export const OPENSLO_V1ALPHA = 'openslo/v1alpha';

/** Objects SLOs refer to by name: SLI, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget, Service. */
export interface OpenSloObject {
  r: Reader;
  value: Record<string, unknown>;
  kind: string;
  name: string;
  used: boolean;
}

export type OpenSloIndex = Map<string, OpenSloObject>;

export function indexKey(kind: string, name: string): string {
  return `${kind}/${name}`;
}

export interface OpenSloContext {
  index: OpenSloIndex;
  service?: string;
}

const PROMETHEUS_TYPES = /^(prometheus|thanos|mimir|cortex)$/i;

/** The service block facts of an OpenSLO `Service` (description and labels). */
export function readOpenSloService(r: Reader, value: Record<string, unknown>, service: ServiceDraft): void {
  r.keys(value, [], ['apiVersion', 'kind', 'metadata', 'spec'], 'an OpenSLO Service');
  const metadata = r.map(value.metadata, ['metadata']) ?? {};
  r.keys(metadata, ['metadata'], ['name', 'displayName', 'labels', 'annotations'], 'OpenSLO metadata');
  readMetadataLabels(r, metadata.labels, ['metadata', 'labels'], service, service.labels);
  droppedAnnotations(r, metadata.annotations, ['metadata', 'annotations']);
  const spec = r.map(value.spec, ['spec']) ?? {};
  r.keys(spec, ['spec'], ['description'], 'an OpenSLO Service spec');
  const fromSpec = r.string(spec.description, ['spec', 'description']);
  const displayName = r.string(metadata.displayName, ['metadata', 'displayName']);
  const description = fromSpec ?? displayName;
  if (description && !service.description) service.description = { value: description, place: r.place(['spec', 'description']) };
  if (fromSpec !== undefined && displayName !== undefined) notImported(r, ['metadata', 'displayName']);
}

/** An OpenSLO SLO (v1 or v1alpha): its service and one SLO draft per objective. */
export function readOpenSloSlo(
  r: Reader,
  value: Record<string, unknown>,
  ctx: OpenSloContext,
  serviceFor: (name: string, at: SpecPath) => ServiceDraft,
): void {
  const v1 = value.apiVersion === OPENSLO_V1;
  r.keys(value, [], ['apiVersion', 'kind', 'metadata', 'spec'], 'an OpenSLO SLO');
  const metadata = r.map(value.metadata, ['metadata']) ?? {};
  r.keys(metadata, ['metadata'], ['name', 'displayName', 'labels', 'annotations'], 'OpenSLO metadata');
  const spec = r.map(value.spec, ['spec']);
  const sloName = r.string(metadata.name, ['metadata', 'name']);
  if (!spec || !sloName) {
    r.report(
      spec ? ['metadata'] : [],
      'error',
      'import/missing-field',
      `an OpenSLO SLO needs ${spec ? 'metadata.name' : 'a spec'}; it was not imported`,
    );
    return;
  }
  r.keys(
    spec,
    ['spec'],
    v1
      ? ['description', 'service', 'indicator', 'indicatorRef', 'budgetingMethod', 'timeWindow', 'objectives', 'alertPolicies']
      : ['description', 'service', 'indicator', 'budgetingMethod', 'timeWindows', 'objectives'],
    `an OpenSLO ${v1 ? 'v1' : 'v1alpha'} SLO spec`,
  );
  const rawService = r.string(spec.service, ['spec', 'service']);
  if (!rawService && !ctx.service) {
    r.report(
      ['spec'],
      'error',
      'import/missing-field',
      'the SLO has no `service`; it was not imported',
      'add spec.service, or pass --service',
      'key',
    );
    return;
  }
  const service = serviceFor(ctx.service ?? readServiceName(r, rawService!, ['spec', 'service']), ['spec', 'service']);
  const baseName =
    sloName.startsWith(`${service.name}-`) && sloName.length > service.name.length + 1 ? sloName.slice(service.name.length + 1) : sloName;

  const noteStart = notesFrom(r);
  const labels: Record<string, string> = {};
  readMetadataLabels(r, metadata.labels, ['metadata', 'labels'], service, labels, service.name);
  droppedAnnotations(r, metadata.annotations, ['metadata', 'annotations']);
  let description = r.string(spec.description, ['spec', 'description']);
  const displayName = r.string(metadata.displayName, ['metadata', 'displayName']);
  if (displayName && !description) description = displayName;
  else if (displayName)
    r.report(
      ['metadata', 'displayName'],
      'info',
      'import/dropped',
      'displayName is not imported (NthLayer SLOs have a name and a description)',
      undefined,
      'key',
    );

  const sloWindow = v1 ? v1Window(r, spec.timeWindow) : v1alphaWindow(r, spec.timeWindows);
  const method = r.string(spec.budgetingMethod, ['spec', 'budgetingMethod']);
  if (method !== undefined && !['Occurrences', 'Timeslices', 'RatioTimeslices'].includes(method)) {
    r.report(
      ['spec', 'budgetingMethod'],
      'warning',
      'import/budgeting-method',
      `unknown budgetingMethod \`${method}\`; imported as Occurrences`,
    );
  }

  const sli = v1 ? v1Sli(r, spec, ctx) : v1alphaSli(r, spec);
  const objectives = r.list(spec.objectives, ['spec', 'objectives']) ?? [];
  if (objectives.length === 0) {
    r.report(
      ['spec'],
      'error',
      'import/missing-field',
      'the SLO has no objectives; it was not imported',
      'add objectives: with a target',
      'key',
    );
    return;
  }
  const alerting = v1 ? v1Alerting(r, spec.alertPolicies, ctx, sloWindow?.seconds) : v1alphaAlerting(r);
  const shared = noteStart();
  objectives.forEach((item, i) => {
    const path: SpecPath = ['spec', 'objectives', i];
    const objNotes = notesFrom(r);
    const o = r.map(item, path);
    if (!o || !sloWindow) return;
    r.keys(
      o,
      path,
      v1
        ? [
            'displayName',
            'op',
            'value',
            'target',
            'targetPercent',
            'timeSliceTarget',
            'timeSliceWindow',
            'indicator',
            'indicatorRef',
            'compositeWeight',
          ]
        : ['displayName', 'op', 'value', 'target', 'timeSliceTarget', 'ratioMetrics'],
      'an OpenSLO objective',
    );
    if (o.indicator !== undefined || o.indicatorRef !== undefined || o.compositeWeight !== undefined) {
      r.report(
        path,
        'error',
        'import/composite',
        'unsupported: composite SLOs (an indicator per objective); this objective was not imported',
        'write one NthLayer SLO per indicator',
      );
      return;
    }
    const objectiveSli = v1 ? sli : v1alphaObjectiveSli(r, o, path, sli);
    if (!objectiveSli) return;
    const objDisplay = r.string(o.displayName, [...path, 'displayName']);
    const name = objectives.length === 1 ? baseName : `${baseName}-${slug(objDisplay) || String(i + 1)}`;
    if (objDisplay && objDisplay !== name && objDisplay !== baseName && objectives.length === 1) {
      r.report(
        [...path, 'displayName'],
        'info',
        'import/dropped',
        `the objective's displayName \`${objDisplay}\` is not imported`,
        undefined,
        'key',
      );
    }
    const objective = objectiveTarget(r, o, path, objectiveSli.kind === 'threshold');
    if (objective === undefined || !checkObjective(r, objective, [...path, o.target !== undefined ? 'target' : 'targetPercent'])) return;
    const indicator = objectiveSli.kind === 'threshold' ? thresholdIndicator(r, objectiveSli.query, o, path) : objectiveSli.indicator;
    if (!indicator) return;
    budgeting(r, method, objectiveSli.kind, o, path);

    const out: Record<string, unknown> = { objective, window: sloWindow.text };
    if (description) out.description = description;
    if (Object.keys(labels).length > 0) out.labels = { ...labels };
    out.indicator = indicator;
    if (alerting) out.alerting = alerting;
    const at = objectives.length === 1 ? [] : path;
    service.slos.push({ name, place: r.place(at), r, at, spec: out, notes: [...shared, ...objNotes()] });
  });
}

type ReadSli =
  { kind: 'events' | 'raw'; indicator: Record<string, unknown> } | { kind: 'threshold'; query: string; r: Reader; path: SpecPath };

function v1Sli(r: Reader, spec: Record<string, unknown>, ctx: OpenSloContext): ReadSli | undefined {
  if (spec.indicator !== undefined && spec.indicatorRef !== undefined) {
    r.report(
      ['spec', 'indicatorRef'],
      'warning',
      'import/dropped',
      'both indicator and indicatorRef are set; the inline indicator is used',
      undefined,
      'key',
    );
  }
  if (spec.indicator !== undefined) {
    const ind = r.map(spec.indicator, ['spec', 'indicator']);
    if (!ind) return undefined;
    r.keys(ind, ['spec', 'indicator'], ['metadata', 'spec'], 'an inline OpenSLO SLI');
    describedObject(r, ind, ['spec', 'indicator']);
    const s = r.map(ind.spec, ['spec', 'indicator', 'spec']);
    if (!s) {
      r.report(['spec', 'indicator'], 'error', 'import/missing-field', 'the inline indicator has no spec; the SLO was not imported');
      return undefined;
    }
    return sliSpec(r, s, ['spec', 'indicator', 'spec'], ctx);
  }
  const ref = r.string(spec.indicatorRef, ['spec', 'indicatorRef']);
  if (!ref) {
    r.report(
      ['spec'],
      'error',
      'import/missing-field',
      'the SLO has neither indicator nor indicatorRef; it was not imported',
      undefined,
      'key',
    );
    return undefined;
  }
  const target = ctx.index.get(indexKey('SLI', ref));
  if (!target) {
    r.report(
      ['spec', 'indicatorRef'],
      'error',
      'import/missing-reference',
      `no SLI named \`${ref}\` in the imported files; the SLO was not imported`,
      'pass the file that defines it in the same import',
    );
    return undefined;
  }
  target.used = true;
  const s = target.r.map(target.value.spec, ['spec']);
  if (!s) return undefined;
  return sliSpec(target.r, s, ['spec'], ctx);
}

function sliSpec(r: Reader, s: Record<string, unknown>, path: SpecPath, ctx: OpenSloContext): ReadSli | undefined {
  r.keys(s, path, ['description', 'thresholdMetric', 'ratioMetric'], 'an OpenSLO SLI spec');
  if (s.description !== undefined) notImported(r, [...path, 'description'], "the SLO's own description is used");
  if (s.thresholdMetric !== undefined) {
    const q = metricSource(r, s.thresholdMetric, [...path, 'thresholdMetric'], ctx);
    if (q === undefined) return undefined;
    if (parsePromql(q.text).errors.length > 0) {
      r.report(q.at, 'error', 'import/promql-syntax', 'the threshold query is not valid PromQL; the SLO was not imported');
      return undefined;
    }
    return { kind: 'threshold', query: tidy(q.text), r, path: q.at };
  }
  const ratio = r.map(s.ratioMetric, [...path, 'ratioMetric']);
  if (!ratio) {
    r.report(path, 'error', 'import/missing-field', 'the SLI has neither ratioMetric nor thresholdMetric; the SLO was not imported');
    return undefined;
  }
  const rp: SpecPath = [...path, 'ratioMetric'];
  r.keys(ratio, rp, ['counter', 'good', 'bad', 'total', 'rawType', 'raw'], 'an OpenSLO ratioMetric');
  const counter = r.bool(ratio.counter, [...rp, 'counter']) ?? false;
  if (ratio.raw !== undefined) {
    for (const k of ['good', 'bad', 'total'])
      if (ratio[k] !== undefined)
        r.report([...rp, k], 'warning', 'import/dropped', `dropped: \`${k}\` cannot be used with raw`, undefined, 'key');
    const rawType = r.string(ratio.rawType, [...rp, 'rawType']);
    const q = metricSource(r, ratio.raw, [...rp, 'raw'], ctx);
    if (!q) return undefined;
    const query = readQuery(r, q.text, q.at, false);
    if (query === undefined) return undefined;
    if (rawType === 'success') {
      r.report([...rp, 'rawType'], 'info', 'import/raw-success', 'a success ratio is imported as the error ratio 1 - (…)');
      return { kind: 'raw', indicator: { ratio_query: `1 - (${query.trim()})` } };
    }
    if (rawType !== 'failure') {
      r.report([...rp, 'rawType'], 'error', 'import/missing-field', 'raw needs rawType: success or failure; the SLO was not imported');
      return undefined;
    }
    return { kind: 'raw', indicator: { ratio_query: query } };
  }
  if (ratio.good !== undefined && ratio.bad !== undefined) {
    r.report(
      [...rp, 'bad'],
      'error',
      'import/good-and-bad',
      'give either good or bad, not both; the SLO was not imported',
      undefined,
      'key',
    );
    return undefined;
  }
  if (ratio.total === undefined || (ratio.good === undefined && ratio.bad === undefined)) {
    r.report(rp, 'error', 'import/missing-field', 'a ratioMetric needs total and good (or bad), or raw; the SLO was not imported');
    return undefined;
  }
  const total = eventQuery(r, ratio.total, [...rp, 'total'], counter, ctx);
  const numKey = ratio.good !== undefined ? 'good' : 'bad';
  const num = eventQuery(r, ratio[numKey], [...rp, numKey], counter, ctx);
  if (total === undefined || num === undefined) return undefined;
  return { kind: 'events', indicator: eventsIndicator(r, numKey === 'good' ? { good: num, total } : { error: num, total }, rp) };
}

/** A good/bad/total query; a counter without a range is read as its rate over 5m. */
function eventQuery(r: Reader, value: unknown, path: SpecPath, counter: boolean, ctx: OpenSloContext): string | undefined {
  const q = metricSource(r, value, path, ctx);
  if (!q) return undefined;
  return rangedQuery(r, q.text, q.at, counter);
}

function rangedQuery(r: Reader, text: string, at: SpecPath, counter: boolean): string | undefined {
  const probe = text.replace(/\{\{\s*\.window\s*\}\}/g, '5m');
  if (parsePromql(probe).errors.length === 0 && !hasRange(probe) && counter) {
    const wrapped = counterToRate(text);
    if (wrapped === undefined) {
      r.report(
        at,
        'error',
        'import/counter-query',
        'this counter query has no range and is not a sum of counters, so it cannot be turned into a rate; the SLO was not imported',
        'write it as sum(rate(<counter>[5m])) in the source',
      );
      return undefined;
    }
    r.report(
      at,
      'info',
      'import/counter-rate',
      `counter: true and no range, so the counters are read as rates: ${wrapped.replace(/\s+/g, ' ')}`,
    );
    return tidy(wrapped);
  }
  return readQuery(r, text, at, false);
}

/** `{metricSource: {metricSourceRef?, type?, spec: {query}}}` → the PromQL and its place. */
function metricSource(r: Reader, value: unknown, path: SpecPath, ctx: OpenSloContext): { text: string; at: SpecPath } | undefined {
  const m = r.map(value, path);
  if (!m) return undefined;
  r.keys(m, path, ['metricSource'], 'an OpenSLO metric');
  const sp: SpecPath = [...path, 'metricSource'];
  const source = r.map(m.metricSource, sp);
  if (!source) {
    r.report(path, 'error', 'import/missing-field', 'the metric has no metricSource; the SLO was not imported');
    return undefined;
  }
  r.keys(source, sp, ['metricSourceRef', 'type', 'spec'], 'an OpenSLO metricSource');
  let type = r.string(source.type, [...sp, 'type']);
  const ref = r.string(source.metricSourceRef, [...sp, 'metricSourceRef']);
  if (ref) {
    const ds = ctx.index.get(indexKey('DataSource', ref));
    if (ds) {
      ds.used = true;
      const dsSpec = isRecord(ds.value.spec) ? ds.value.spec : {};
      type ??= typeof dsSpec.type === 'string' ? dsSpec.type : undefined;
    } else if (!type) {
      r.report(
        [...sp, 'metricSourceRef'],
        'warning',
        'import/missing-reference',
        `no DataSource named \`${ref}\` in the imported files; the query is read as PromQL`,
      );
    }
  }
  if (type !== undefined && !PROMETHEUS_TYPES.test(type)) {
    r.report(
      source.type !== undefined ? [...sp, 'type'] : [...sp, 'metricSourceRef'],
      'error',
      'import/not-prometheus',
      `unsupported: a ${type} query is not PromQL; the SLO was not imported`,
      'NthLayer reads Prometheus-compatible sources (Prometheus, Thanos, Mimir, Cortex)',
    );
    return undefined;
  }
  const spec = r.map(source.spec, [...sp, 'spec']);
  if (!spec) {
    r.report(sp, 'error', 'import/missing-field', 'the metricSource has no spec with a query; the SLO was not imported');
    return undefined;
  }
  const key = spec.query !== undefined ? 'query' : spec.promql !== undefined ? 'promql' : undefined;
  for (const k of Object.keys(spec)) {
    if (k !== key)
      r.report([...sp, 'spec', k], 'warning', 'import/dropped', `dropped: \`${k}\` (only the PromQL query is imported)`, undefined, 'key');
  }
  const text = key ? r.string(spec[key], [...sp, 'spec', key]) : undefined;
  if (!text) {
    r.report([...sp, 'spec'], 'error', 'import/missing-field', 'the metricSource spec has no query; the SLO was not imported');
    return undefined;
  }
  return { text, at: [...sp, 'spec', key!] };
}

function v1alphaSli(r: Reader, spec: Record<string, unknown>): ReadSli | undefined {
  if (spec.indicator === undefined) return undefined; // ratio SLIs live on the objectives
  const ind = r.map(spec.indicator, ['spec', 'indicator']);
  if (!ind) return undefined;
  r.keys(ind, ['spec', 'indicator'], ['thresholdMetric'], 'an OpenSLO v1alpha indicator');
  const q = alphaSource(r, ind.thresholdMetric, ['spec', 'indicator', 'thresholdMetric']);
  if (!q) return undefined;
  if (parsePromql(q.text).errors.length > 0) {
    r.report(q.at, 'error', 'import/promql-syntax', 'the threshold query is not valid PromQL; the SLO was not imported');
    return undefined;
  }
  return { kind: 'threshold', query: tidy(q.text), r, path: q.at };
}

function v1alphaObjectiveSli(r: Reader, o: Record<string, unknown>, path: SpecPath, specSli: ReadSli | undefined): ReadSli | undefined {
  if (o.ratioMetrics === undefined) {
    if (!specSli)
      r.report(
        path,
        'error',
        'import/missing-field',
        'the objective has no ratioMetrics and the SLO no thresholdMetric; it was not imported',
      );
    return specSli;
  }
  const rp: SpecPath = [...path, 'ratioMetrics'];
  const ratio = r.map(o.ratioMetrics, rp);
  if (!ratio) return undefined;
  r.keys(ratio, rp, ['good', 'bad', 'total', 'counter', 'incremental'], 'OpenSLO v1alpha ratioMetrics');
  const counter = r.bool(ratio.counter ?? ratio.incremental, [...rp, ratio.counter !== undefined ? 'counter' : 'incremental']) ?? false;
  const numKey = ratio.good !== undefined ? 'good' : 'bad';
  if (ratio.total === undefined || ratio[numKey] === undefined) {
    r.report(rp, 'error', 'import/missing-field', 'ratioMetrics need good (or bad) and total; the objective was not imported');
    return undefined;
  }
  const total = alphaSource(r, ratio.total, [...rp, 'total']);
  const num = alphaSource(r, ratio[numKey], [...rp, numKey]);
  if (!total || !num) return undefined;
  const t = rangedQuery(r, total.text, total.at, counter);
  const n = rangedQuery(r, num.text, num.at, counter);
  if (t === undefined || n === undefined) return undefined;
  return { kind: 'events', indicator: eventsIndicator(r, numKey === 'good' ? { good: n, total: t } : { error: n, total: t }, rp) };
}

/** v1alpha metric: `{source: prometheus, queryType: promql, query}`. */
function alphaSource(r: Reader, value: unknown, path: SpecPath): { text: string; at: SpecPath } | undefined {
  const m = r.map(value, path);
  if (!m) return undefined;
  r.keys(m, path, ['source', 'queryType', 'query', 'metadata'], 'an OpenSLO v1alpha metric source');
  const source = r.string(m.source, [...path, 'source']);
  if (source !== undefined && !/^(prometheus|sloth|thanos|mimir|cortex)$/i.test(source)) {
    r.report(
      [...path, 'source'],
      'error',
      'import/not-prometheus',
      `unsupported: a ${source} query is not PromQL; the objective was not imported`,
    );
    return undefined;
  }
  const queryType = r.string(m.queryType, [...path, 'queryType']);
  if (queryType !== undefined && !/^(promql|query)$/i.test(queryType)) {
    r.report([...path, 'queryType'], 'warning', 'import/query-type', `queryType \`${queryType}\` is read as PromQL`);
  }
  if (m.metadata !== undefined)
    r.report([...path, 'metadata'], 'warning', 'import/dropped', 'dropped: source metadata is not part of the query', undefined, 'key');
  const text = r.string(m.query, [...path, 'query']);
  if (!text) {
    r.report(path, 'error', 'import/missing-field', 'the metric has no query; the objective was not imported');
    return undefined;
  }
  return { text, at: [...path, 'query'] };
}

function objectiveTarget(r: Reader, o: Record<string, unknown>, path: SpecPath, threshold: boolean): number | undefined {
  const target = r.number(o.target, [...path, 'target']);
  const targetPercent = r.number(o.targetPercent, [...path, 'targetPercent']);
  if (target !== undefined && targetPercent !== undefined) {
    r.report(
      [...path, 'targetPercent'],
      'warning',
      'import/dropped',
      'both target and targetPercent are set; target is used',
      undefined,
      'key',
    );
  }
  if (target !== undefined) return ratioToPercent(target);
  if (targetPercent !== undefined) return targetPercent;
  const sliceTarget = r.number(o.timeSliceTarget, [...path, 'timeSliceTarget']);
  if (threshold && sliceTarget !== undefined) {
    r.report(
      [...path, 'timeSliceTarget'],
      'warning',
      'import/target-from-slices',
      `the objective has no target; its timeSliceTarget ${formatNumber(sliceTarget)} is read as the share of good minutes`,
      'write target: explicitly',
      'key',
    );
    return ratioToPercent(sliceTarget);
  }
  r.report(
    path,
    'error',
    'import/missing-field',
    'the objective has neither target nor targetPercent; it was not imported',
    'add target: e.g. 0.999',
  );
  return undefined;
}

/** thresholdMetric + op/value → NthLayer's gauge SLI, which counts a minute good when metric ≤ threshold. */
function thresholdIndicator(r: Reader, query: string, o: Record<string, unknown>, path: SpecPath): Record<string, unknown> | undefined {
  const op = r.string(o.op, [...path, 'op']);
  const value = r.number(o.value, [...path, 'value']);
  if (value === undefined || op === undefined) {
    r.report(path, 'error', 'import/missing-field', 'a thresholdMetric objective needs op and value; it was not imported');
    return undefined;
  }
  const q = query.trim();
  switch (op) {
    case 'lte':
      return { metric: query, threshold: value };
    case 'lt':
      r.report(
        [...path, 'op'],
        'warning',
        'import/threshold-op',
        `unsupported: \`lt\`; imported as lte, so a value of exactly ${formatNumber(value)} counts as good`,
      );
      return { metric: query, threshold: value };
    case 'gte':
    case 'gt':
      r.report(
        [...path, 'op'],
        op === 'gt' ? 'warning' : 'info',
        'import/threshold-op',
        `\`${op} ${formatNumber(value)}\` is written as -(query) ≤ ${formatNumber(-value)}, since NthLayer's gauge SLIs are good at or below the threshold${op === 'gt' ? ' (gt imported as gte)' : ''}`,
      );
      return { metric: `-(${q})`, threshold: -value };
    default:
      r.report(
        [...path, 'op'],
        'error',
        'import/threshold-op',
        `unknown op \`${op}\`; the objective was not imported`,
        'use lte, lt, gte or gt',
      );
      return undefined;
  }
}

function budgeting(r: Reader, method: string | undefined, kind: ReadSli['kind'], o: Record<string, unknown>, path: SpecPath): void {
  const sliceWindow = o.timeSliceWindow;
  const sliceTarget = o.timeSliceTarget;
  if (kind === 'threshold') {
    if (sliceWindow !== undefined && String(sliceWindow) !== '1m' && String(sliceWindow) !== '1') {
      r.report(
        [...path, 'timeSliceWindow'],
        'warning',
        'import/time-slices',
        `unsupported: ${String(sliceWindow)} time slices; NthLayer judges the gauge at every rule evaluation (about every minute)`,
        undefined,
        'key',
      );
    }
    if (sliceTarget !== undefined && (o.target !== undefined || o.targetPercent !== undefined) && sliceTarget !== 1) {
      r.report(
        [...path, 'timeSliceTarget'],
        'warning',
        'import/time-slices',
        'dropped: timeSliceTarget (each evaluation of a gauge is good or bad as a whole)',
        undefined,
        'key',
      );
    }
    return;
  }
  if (kind === 'raw') {
    // NthLayer's long windows of a raw ratio are the time mean of its 5-minute values.
    if (method === 'Occurrences' || method === undefined) {
      r.report(
        ['spec', 'budgetingMethod'],
        'warning',
        'import/budgeting-method',
        'unsupported: Occurrences budgeting of a raw ratio (it cannot be weighted by events); NthLayer averages the ratio over time, like RatioTimeslices with 5m slices',
      );
    } else if (method === 'Timeslices') {
      r.report(
        ['spec', 'budgetingMethod'],
        'warning',
        'import/budgeting-method',
        'unsupported: Timeslices budgeting of a raw ratio; imported as its time mean (RatioTimeslices with 5m slices)',
      );
    } else if (sliceWindow !== undefined && String(sliceWindow) !== '5m' && String(sliceWindow) !== '5') {
      r.report(
        [...path, 'timeSliceWindow'],
        'warning',
        'import/time-slices',
        `unsupported: ${String(sliceWindow)} time slices; NthLayer averages 5-minute ratios`,
        undefined,
        'key',
      );
    }
    if (sliceTarget !== undefined)
      r.report(
        [...path, 'timeSliceTarget'],
        'warning',
        'import/dropped',
        'dropped: timeSliceTarget (the time mean of the ratio is compared with the target)',
        undefined,
        'key',
      );
    return;
  }
  if (method === 'Timeslices') {
    r.report(
      ['spec', 'budgetingMethod'],
      'warning',
      'import/budgeting-method',
      'unsupported: Timeslices budgeting; imported as Occurrences (the budget counts events, not good time slices)',
    );
  } else if (method === 'RatioTimeslices') {
    r.report(
      ['spec', 'budgetingMethod'],
      'warning',
      'import/budgeting-method',
      'unsupported: RatioTimeslices budgeting; imported as Occurrences (the budget counts events, not the mean of slice ratios)',
    );
  }
  for (const k of ['timeSliceTarget', 'timeSliceWindow']) {
    if (o[k] !== undefined)
      r.report([...path, k], 'warning', 'import/dropped', `dropped: \`${k}\` (the budget counts events)`, undefined, 'key');
  }
}

type Window = { text: string; seconds: Seconds };
const DEFAULT_WINDOW: Window = { text: '30d', seconds: seconds(30 * 86_400) };

/** The one time window of an SLO (`timeWindow` in v1, `timeWindows` in v1alpha): the item, or the default. */
function windowItem(r: Reader, value: unknown, key: string): { w: Record<string, unknown>; path: SpecPath } | Window | undefined {
  const list = r.list(value, ['spec', key]);
  if (!list || list.length === 0) {
    r.report(['spec'], 'info', 'import/default-window', `the SLO has no ${key}; imported with NthLayer's default 30d`, undefined, 'key');
    return DEFAULT_WINDOW;
  }
  if (list.length > 1)
    r.report(['spec', key, 1], 'warning', 'import/dropped', 'dropped: OpenSLO allows one time window; the first is used');
  const path: SpecPath = ['spec', key, 0];
  const w = r.map(list[0], path);
  return w ? { w, path } : undefined;
}

/** `[{duration, isRolling, calendar}]` → `{text: '28d', seconds}`. */
function v1Window(r: Reader, value: unknown): Window | undefined {
  const item = windowItem(r, value, 'timeWindow');
  if (!item || !('w' in item)) return item;
  const { w, path } = item;
  r.keys(w, path, ['duration', 'isRolling', 'calendar'], 'an OpenSLO time window');
  const duration = r.string(w.duration, [...path, 'duration']);
  if (!duration) {
    r.report(path, 'error', 'import/missing-field', 'the time window has no duration; the SLO was not imported');
    return undefined;
  }
  const out = shorthand(r, duration, [...path, 'duration']);
  if (out) calendar(r, w, path, out.text);
  return out;
}

const ALPHA_UNITS: Record<string, number> = { Second: 1, Minute: 60, Hour: 3600, Day: 86_400, Week: 604_800 };
const CALENDAR_UNITS: Record<string, { days: number; name: string }> = {
  M: { days: 30, name: 'month' },
  Month: { days: 30, name: 'month' },
  Q: { days: 90, name: 'quarter' },
  Quarter: { days: 90, name: 'quarter' },
  Y: { days: 365, name: 'year' },
  Year: { days: 365, name: 'year' },
};

function v1alphaWindow(r: Reader, value: unknown): Window | undefined {
  const item = windowItem(r, value, 'timeWindows');
  if (!item || !('w' in item)) return item;
  const { w, path } = item;
  r.keys(w, path, ['unit', 'count', 'isRolling', 'calendar'], 'an OpenSLO time window');
  const unit = r.string(w.unit, [...path, 'unit']);
  const count = r.number(w.count, [...path, 'count']);
  if (!unit || count === undefined || count <= 0 || !Number.isInteger(count)) {
    r.report(path, 'error', 'import/invalid-window', 'the time window needs a unit and a positive whole count; the SLO was not imported');
    return undefined;
  }
  let out: Window | undefined;
  const cal = CALENDAR_UNITS[unit];
  if (ALPHA_UNITS[unit] !== undefined)
    out = { text: formatDuration(seconds(count * ALPHA_UNITS[unit]!)), seconds: seconds(count * ALPHA_UNITS[unit]!) };
  else if (cal) {
    out = { text: `${count * cal.days}d`, seconds: seconds(count * cal.days * 86_400) };
    r.report([...path, 'unit'], 'warning', 'import/calendar-unit', `a ${cal.name} has no fixed length; imported as ${out.text}`);
  } else {
    r.report(
      [...path, 'unit'],
      'error',
      'import/invalid-window',
      `unknown unit \`${unit}\`; the SLO was not imported`,
      'use Second, Minute, Hour, Day, Week, Month, Quarter or Year',
    );
    return undefined;
  }
  calendar(r, w, path, out.text);
  return out;
}

function shorthand(r: Reader, text: string, path: SpecPath): Window | undefined {
  const m = /^(\d+)([mhdwMQY])$/.exec(text.trim());
  if (!m) {
    const s = parseDuration(text);
    if (s !== undefined && s > 0) return { text: formatDuration(s), seconds: s };
    r.report(
      path,
      'error',
      'import/invalid-window',
      `\`${text}\` is not an OpenSLO duration such as 28d, 4w or 1M; the SLO was not imported`,
    );
    return undefined;
  }
  const n = Number(m[1]);
  const cal = CALENDAR_UNITS[m[2]!];
  if (cal) {
    const out = { text: `${n * cal.days}d`, seconds: seconds(n * cal.days * 86_400) };
    r.report(path, 'warning', 'import/calendar-unit', `a ${cal.name} has no fixed length; \`${text}\` is imported as ${out.text}`);
    return out;
  }
  const s = parseDuration(text.trim())!;
  return { text: formatDuration(s), seconds: s };
}

function calendar(r: Reader, w: Record<string, unknown>, path: SpecPath, text: string): void {
  const rolling = r.bool(w.isRolling, [...path, 'isRolling']);
  if (w.calendar !== undefined || rolling === false) {
    const cal = isRecord(w.calendar) ? w.calendar : {};
    const from =
      typeof cal.startTime === 'string' ? ` from ${cal.startTime}${typeof cal.timeZone === 'string' ? ` ${cal.timeZone}` : ''}` : '';
    r.report(
      w.calendar !== undefined ? [...path, 'calendar'] : [...path, 'isRolling'],
      'warning',
      'import/calendar-window',
      `unsupported: a calendar-aligned window${from}; imported as a rolling ${text} window`,
      undefined,
      'key',
    );
  }
}

const TIER_BY_LONG_WINDOW: Record<string, BurnTierName> = {
  '1h': 'page_fast',
  '6h': 'page_slow',
  '1d': 'ticket_fast',
  '3d': 'ticket_slow',
};

/** v1 alert policies → NthLayer tiers (matched by lookback window) and the no-data alert. */
function v1Alerting(r: Reader, value: unknown, ctx: OpenSloContext, window: Seconds | undefined): Record<string, unknown> {
  const list = r.list(value, ['spec', 'alertPolicies']) ?? [];
  if (list.length === 0) {
    r.report(
      ['spec'],
      'info',
      'import/no-alert-policies',
      'the SLO has no alert policies, so no burn-rate alerts are generated',
      "remove `alerting.enabled: false` to get NthLayer's four burn-rate tiers",
      'key',
    );
    return { enabled: false };
  }
  const tiers = burnRateTiers(window ?? seconds(30 * 86_400));
  const mapped = new Map<BurnTierName, Record<string, unknown>>();
  let noData = false;
  list.forEach((item, i) => {
    const at: SpecPath = ['spec', 'alertPolicies', i];
    const policy = resolve(r, item, at, 'AlertPolicy', 'alertPolicyRef', ctx);
    if (!policy) return;
    const { r: pr, path: pp, value: pv } = policy;
    if (pp.length > 0) {
      pr.keys(pv, pp, ['apiVersion', 'kind', 'metadata', 'spec'], 'an OpenSLO AlertPolicy');
      describedObject(pr, pv, pp);
    }
    const meta = pr.map(pv.metadata, [...pp, 'metadata']) ?? {};
    const annotations = isRecord(meta.annotations) ? meta.annotations : {};
    for (const k of Object.keys(annotations)) {
      if (k !== 'nthlayer.dev/short-window')
        pr.report([...pp, 'metadata', 'annotations', k], 'info', 'import/dropped', `annotation \`${k}\` is not imported`, undefined, 'key');
    }
    const spec = pr.map(pv.spec, [...pp, 'spec']);
    if (!spec) return;
    const sp: SpecPath = [...pp, 'spec'];
    pr.keys(
      spec,
      sp,
      ['description', 'alertWhenNoData', 'alertWhenResolved', 'alertWhenBreaching', 'conditions', 'notificationTargets'],
      'an OpenSLO AlertPolicy spec',
    );
    if (spec.description !== undefined) notImported(pr, [...sp, 'description'], 'NthLayer writes its own alert descriptions');
    if (pr.bool(spec.alertWhenNoData, [...sp, 'alertWhenNoData']) === true) noData = true;
    if (pr.bool(spec.alertWhenResolved, [...sp, 'alertWhenResolved']) === false) {
      pr.report(
        [...sp, 'alertWhenResolved'],
        'warning',
        'import/dropped',
        "dropped: alertWhenResolved: false (Alertmanager's send_resolved decides whether resolved alerts notify)",
        undefined,
        'key',
      );
    }
    const breaching = pr.bool(spec.alertWhenBreaching, [...sp, 'alertWhenBreaching']);
    const targets = pr.list(spec.notificationTargets, [...sp, 'notificationTargets']) ?? [];
    targets.forEach((t, j) => {
      const ref = isRecord(t) && typeof t.targetRef === 'string' ? t.targetRef : undefined;
      if (ref) {
        const o = ctx.index.get(indexKey('AlertNotificationTarget', ref));
        if (o) o.used = true;
      }
      pr.report(
        [...sp, 'notificationTargets', j],
        'warning',
        'import/notification-target',
        `dropped: notification target${ref ? ` \`${ref}\`` : ''}; NthLayer routes alerts by labels (PagerDuty and Alertmanager settings of the spec)`,
      );
    });
    const conditions = pr.list(spec.conditions, [...sp, 'conditions']) ?? [];
    if (conditions.length === 0) {
      pr.report(sp, 'warning', 'import/dropped', 'dropped: the alert policy has no condition', undefined, 'key');
      return;
    }
    if (conditions.length > 1)
      pr.report(
        [...sp, 'conditions', 1],
        'warning',
        'import/dropped',
        'dropped: OpenSLO allows one condition per alert policy; the first is used',
      );
    const cond = resolve(pr, conditions[0], [...sp, 'conditions', 0], 'AlertCondition', 'conditionRef', ctx);
    if (!cond) return;
    const tier = readCondition(cond.r, cond.value, cond.path, tiers, window);
    if (!tier) return;
    if (breaching === false) {
      pr.report(
        [...sp, 'alertWhenBreaching'],
        'warning',
        'import/dropped',
        'alertWhenBreaching: false never alerts on a breach; the tier is disabled',
        undefined,
        'key',
      );
      return;
    }
    const short = annotations['nthlayer.dev/short-window'];
    const expectedShort = formatDuration(tiers.find((t) => t.name === tier.name)!.shortWindow);
    if (short !== undefined && String(short) !== expectedShort) {
      pr.report(
        [...pp, 'metadata', 'annotations', 'nthlayer.dev/short-window'],
        'warning',
        'import/short-window',
        `the short window ${String(short)} differs from NthLayer's ${expectedShort} for this tier; NthLayer's is used`,
      );
    }
    if (mapped.has(tier.name)) {
      cond.r.report(cond.path, 'warning', 'import/duplicate-tier', `dropped: another alert policy already maps to the ${tier.name} tier`);
      return;
    }
    mapped.set(tier.name, tier.settings);
  });
  const out: Record<string, unknown> = {};
  for (const t of tiers) {
    const s = mapped.get(t.name);
    out[t.name] = s ? (Object.keys(s).length > 0 ? s : undefined) : { enabled: false };
    if (out[t.name] === undefined) delete out[t.name];
  }
  if (mapped.size === 0) return { enabled: false, ...(noData ? { no_data: { enabled: true } } : {}) };
  if (noData) out.no_data = { enabled: true };
  return out;
}

function readCondition(
  r: Reader,
  value: Record<string, unknown>,
  path: SpecPath,
  tiers: ReturnType<typeof burnRateTiers>,
  window: Seconds | undefined,
): { name: BurnTierName; settings: Record<string, unknown> } | undefined {
  if (path.length > 0) {
    r.keys(value, path, ['apiVersion', 'kind', 'metadata', 'spec'], 'an OpenSLO AlertCondition');
    describedObject(r, value, path);
  }
  const spec = r.map(value.spec, [...path, 'spec']);
  if (!spec) return undefined;
  const sp: SpecPath = [...path, 'spec'];
  r.keys(spec, sp, ['description', 'severity', 'condition'], 'an OpenSLO AlertCondition spec');
  if (spec.description !== undefined) notImported(r, [...sp, 'description'], 'NthLayer writes its own alert descriptions');
  const c = r.map(spec.condition, [...sp, 'condition']);
  if (!c) {
    r.report(sp, 'warning', 'import/dropped', 'dropped: the alert condition has no condition', undefined, 'key');
    return undefined;
  }
  const cp: SpecPath = [...sp, 'condition'];
  r.keys(c, cp, ['kind', 'op', 'threshold', 'lookbackWindow', 'alertAfter'], 'an OpenSLO condition');
  const kind = r.string(c.kind, [...cp, 'kind']);
  if (kind !== 'burnrate') {
    r.report([...cp, 'kind'], 'warning', 'import/dropped', `dropped: a \`${kind ?? '?'}\` condition; NthLayer alerts on burn rates only`);
    return undefined;
  }
  const lookback = r.string(c.lookbackWindow, [...cp, 'lookbackWindow']);
  const lookbackSeconds = lookback ? parseDuration(lookback) : undefined;
  // The tier whose long window this is for the SLO's window (they scale with it), else the
  // Workbook's 30-day windows that most OpenSLO files copy.
  const tier =
    lookbackSeconds === undefined
      ? undefined
      : (tiers.find((t) => t.longWindow === lookbackSeconds) ??
        tiers.find((t) => t.name === TIER_BY_LONG_WINDOW[formatDuration(lookbackSeconds)]));
  if (!tier) {
    r.report(
      lookback ? [...cp, 'lookbackWindow'] : cp,
      'warning',
      'import/no-tier',
      `dropped: no NthLayer burn-rate tier has a ${lookback ?? 'missing'} lookback window`,
      `for this SLO's window NthLayer's tiers look back ${tiers.map((t) => formatDuration(t.longWindow)).join(', ')}`,
    );
    return undefined;
  }
  const tierName = tier.name;
  const op = r.string(c.op, [...cp, 'op']);
  if (op === 'lte' || op === 'lt') {
    r.report(
      [...cp, 'op'],
      'warning',
      'import/condition-op',
      `\`${op}\` on a burn rate would alert while burning slowly; imported as NthLayer's tier, which alerts when the burn rate exceeds the threshold`,
    );
  }
  const threshold = r.number(c.threshold, [...cp, 'threshold']);
  // A threshold written with fewer decimals (0.9333 for 0.93333…) is the same factor.
  if (threshold !== undefined && Math.abs(threshold - tier.factor) > tier.factor * 1e-3) {
    r.report(
      [...cp, 'threshold'],
      'warning',
      'import/burn-factor',
      `burn-rate threshold ${formatNumber(threshold)} becomes ${formatNumber(tier.factor)}: NthLayer computes each tier's factor from the ${formatDuration(window ?? seconds(2_592_000))} window`,
    );
  }
  const settings: Record<string, unknown> = {};
  const severity = r.string(spec.severity, [...sp, 'severity']);
  if (severity && severity !== tier.severity) settings.severity = severity;
  const after = r.string(c.alertAfter, [...cp, 'alertAfter']);
  if (after !== undefined) {
    const s = parseDuration(after);
    if (s === undefined) r.report([...cp, 'alertAfter'], 'warning', 'import/dropped', `dropped: alertAfter \`${after}\` is not a duration`);
    else if (s !== tier.defaultFor) settings.for = formatDuration(s);
  }
  return { name: tierName, settings };
}

/** An inline object or a reference (`{alertPolicyRef: x}`, `{conditionRef: x}`, or a plain name). */
function resolve(
  r: Reader,
  item: unknown,
  at: SpecPath,
  kind: string,
  refKey: string,
  ctx: OpenSloContext,
): { r: Reader; value: Record<string, unknown>; path: SpecPath } | undefined {
  const ref = typeof item === 'string' ? item : isRecord(item) && typeof item[refKey] === 'string' ? item[refKey] : undefined;
  if (ref !== undefined) {
    if (isRecord(item)) r.keys(item, at, [refKey], `a reference to an ${kind}`);
    const o = ctx.index.get(indexKey(kind, ref));
    if (!o) {
      r.report(
        typeof item === 'string' ? at : [...at, refKey],
        'warning',
        'import/missing-reference',
        `dropped: no ${kind} named \`${ref}\` in the imported files`,
        'pass the file that defines it in the same import',
      );
      return undefined;
    }
    o.used = true;
    return { r: o.r, value: o.value, path: [] };
  }
  const m = r.map(item, at);
  if (!m) return undefined;
  return { r, value: m, path: at };
}

function v1alphaAlerting(r: Reader): undefined {
  r.report(
    ['spec'],
    'info',
    'import/v1alpha-alerting',
    "OpenSLO v1alpha has no alerting; NthLayer's four burn-rate tiers are generated",
    undefined,
    'key',
  );
  return undefined;
}

/** OpenSLO labels: team/tier/type set the service block, other strings become labels; lists are dropped. */
function readMetadataLabels(
  r: Reader,
  value: unknown,
  path: SpecPath,
  service: ServiceDraft,
  into: Record<string, string>,
  serviceName?: string,
): void {
  const labels = r.map(value, path);
  if (!labels) return;
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') strings[k] = v[0];
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') strings[k] = String(v);
    else
      r.report(
        [...path, k],
        'warning',
        'import/dropped',
        `dropped: label \`${k}\` has several values; a Prometheus label has one`,
        undefined,
        'key',
      );
  }
  if (serviceName !== undefined && strings.service !== undefined) {
    if (strings.service !== serviceName) {
      r.report(
        [...path, 'service'],
        'warning',
        'import/reserved-label',
        `dropped: label service=${strings.service}; the SLO belongs to ${serviceName}`,
        undefined,
        'key',
      );
    }
    delete strings.service;
  }
  copyLabels(r, strings, path, { service, into });
}

function droppedAnnotations(r: Reader, value: unknown, path: SpecPath): void {
  const annotations = r.map(value, path);
  if (!annotations) return;
  for (const k of Object.keys(annotations))
    r.report([...path, k], 'info', 'import/dropped', `annotation \`${k}\` is not imported`, undefined, 'key');
}

function slug(s: string | undefined): string {
  return (s ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Reports a field NthLayer has no place for, as a note (it does not change what is measured). */
function notImported(r: Reader, path: SpecPath, why?: string): void {
  r.report(
    path,
    'info',
    'import/dropped',
    `\`${String(path[path.length - 1])}\` is not imported${why ? ` (${why})` : ''}`,
    undefined,
    'key',
  );
}

/** An object's metadata: its name identifies it (used to resolve references); other fields are noted. */
function describedObject(r: Reader, value: Record<string, unknown>, path: SpecPath): void {
  const metadata = r.map(value.metadata, [...path, 'metadata']);
  if (!metadata) return;
  r.keys(metadata, [...path, 'metadata'], ['name', 'displayName', 'labels', 'annotations'], 'OpenSLO metadata');
  for (const k of ['displayName', 'labels']) if (metadata[k] !== undefined) notImported(r, [...path, 'metadata', k]);
  if (value.kind === 'AlertPolicy') return; // its annotations are read by the alert mapping
  droppedAnnotations(r, metadata.annotations, [...path, 'metadata', 'annotations']);
}

/** Checks a referenced object once, whether or not an SLO uses it. */
export function checkReferenced(o: OpenSloObject): void {
  const { r, value } = o;
  r.keys(value, [], ['apiVersion', 'kind', 'metadata', 'spec'], `an OpenSLO ${o.kind}`);
  describedObject(r, value, []);
  const spec = isRecord(value.spec) ? value.spec : undefined;
  if (!spec) return;
  if (o.kind === 'DataSource') {
    r.keys(spec, ['spec'], ['description', 'type', 'connectionDetails'], 'an OpenSLO DataSource spec');
    if (spec.connectionDetails !== undefined)
      notImported(r, ['spec', 'connectionDetails'], 'NthLayer queries the Prometheus you point it at, e.g. with --prometheus-url');
    if (spec.description !== undefined) notImported(r, ['spec', 'description']);
  } else if (o.kind === 'AlertNotificationTarget') {
    r.keys(spec, ['spec'], ['description', 'target'], 'an OpenSLO AlertNotificationTarget spec');
  }
}
