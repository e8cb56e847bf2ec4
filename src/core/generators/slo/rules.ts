/**
 * SLO recording rules and burn-rate alerts (PRODUCT.md §5).
 *
 * Shape per SLO, every series one per (service, slo), labelled `service` and `slo` plus the
 * SLO's own labels:
 *   slo:sli_total:rate5m, slo:sli_errors:rate5m   events per second over 5m, summed over the
 *                                                  user's series (errors default to 0 when no
 *                                                  request failed; a missing latency bucket is
 *                                                  missing data, never "all slow")
 *   slo:sli_error:ratio_rate5m                     errors / total, no sample when total is 0
 *   slo:sli_error:ratio_rate<w> for w ≤ 1h         from raw data: precision where detection time matters
 *   slo:sli_error:ratio_rate<w> for longer w       sum_over_time(errors5m) / sum_over_time(total5m),
 *                                                  request-weighted, aggregated to (service, slo) so a
 *                                                  change of the spec's labels never splits a window
 *   slo:objective:ratio, slo:error_budget:ratio, slo:error_budget_remaining:ratio
 * A window with no traffic yields no sample, so nothing downstream is ever NaN or ±Inf.
 *
 * Gauge (threshold) SLIs count evaluations instead of requests: one event per evaluation, bad
 * when the gauge is above the threshold. Raw error-ratio SLIs cannot be request-weighted; their
 * SLO window is the time-weighted mean of the 5m ratio.
 *
 * Windows, factors, `for` and the no-data alert all come from {@link sloFacts}; each alert's
 * condition (its clauses, `for`, severity) from {@link alertConditions}, which the backtest
 * evaluates too, and how each window is computed from {@link windowMethod}.
 */
import { alertConditions, eventsRange, type BurnAlertCondition, type ConditionClause } from '../../budget/alert-conditions.ts';
import { BASE_WINDOW, sloFacts, type TierFacts } from '../../budget/facts.ts';
import { LABELS, pascalCase, RECORDS, dashboardLink } from '../../conventions.ts';
import { formatMatchers, parsePromql, parseShape, quote, quoteSingle, unwrap, type LabelMatcher } from '../../promql/parse.ts';
import { withWindow } from '../../promql/windows.ts';
import type { ServiceModel, SloModel, WindowedQuery } from '../../model/types.ts';
import { formatDuration, formatNumber, seconds, type Seconds } from '../../units.ts';
import { goStringLiteral } from '../../templates/go-template.ts';
import { memo, objectMemo } from '../../memo.ts';
import type { AlertingRule, RecordingRule } from '../rules.ts';

const MINUTE = 60;
/** Windows computed from raw data: the short ones, where a 5-minute smoothing would delay detection. */
const RAW_WINDOW_LIMIT = seconds(60 * MINUTE);
const BASE = formatDuration(BASE_WINDOW);
/** Every SLO series is one per (service, slo): long windows aggregate to these labels. */
const SLO_KEY = `${LABELS.service}, ${LABELS.slo}`;

/** Every window an SLO records: 5m, the alert windows and the SLO window, shortest first. */
export function sloWindows(model: Pick<ServiceModel, 'alerts'>, slo: SloModel): Seconds[] {
  return sloFacts(model, slo).windows;
}

export function sloLabels(service: ServiceModel, slo: SloModel): Record<string, string> {
  return { ...service.labels, ...slo.labels, [LABELS.service]: service.name, [LABELS.slo]: slo.name };
}

/** `{service="x",slo="y"}`: the selector of one SLO's recorded series (quoted by `q`, double quotes by default). */
export function sloSelector(
  service: Pick<ServiceModel, 'name'>,
  slo: Pick<SloModel, 'name'>,
  q: (value: string) => string = quote,
): string {
  const m: LabelMatcher[] = [
    { name: LABELS.service, op: '=', value: service.name },
    { name: LABELS.slo, op: '=', value: slo.name },
  ];
  return `{${formatMatchers(m, q)}}`;
}

const w = (q: WindowedQuery, window: string): string => withWindow(q.template, window).trim();
/** Joins a multi-line query onto one line; newlines cannot occur inside PromQL strings. */
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

interface Shape {
  binary: boolean;
  /** A plain `sum(...)` without grouping: already one series. */
  summed: boolean;
}
const shapeCache = new Map<string, Shape>();
/** Whether a query is a binary expression, or already one summed series (read once per template). */
function shape(q: WindowedQuery, text: string): Shape {
  let s = shapeCache.get(q.template);
  if (!s) {
    const top = unwrap(parsePromql(text).tree.topNode);
    const summed = top.name === 'AggregateExpr' && text.slice(top.from, top.to).startsWith('sum') && !top.getChild('AggregateModifier');
    s = { binary: top.name === 'BinaryExpr', summed };
    if (shapeCache.size > 10_000) shapeCache.clear();
    shapeCache.set(q.template, s);
  }
  return s;
}
/** A query at a window, summed to one series (a plain sum(...) is left as written). */
const summed = (q: WindowedQuery, window: string): string => {
  const text = oneLine(w(q, window));
  return shape(q, text).summed ? text : `sum(${text})`;
};
// The top node's kind is the same in the expression's shape (label values emptied): one parse per shape.
const paren = (s: string): string => (unwrap(parseShape(s).tree.topNode).name === 'BinaryExpr' ? `(${oneLine(s)})` : oneLine(s));

/**
 * The error-events expression over a window. Errors default to 0 (not "no data") when no request
 * failed, and a good query that has no series counts every request as failed, since a service
 * whose every request fails may have no success series at all. A latency bucket is the
 * exception: the bucket exists whenever the histogram does, so a missing one means a wrong
 * threshold or histogram, and the SLI is left without data for the no-data alert to report.
 */
function errorsExpr(slo: SloModel, window: string): string {
  const sli = slo.sli;
  if (sli.kind !== 'events') throw new Error('errorsExpr needs an events SLI');
  const total = summed(sli.total, window);
  if (sli.bad) return `${summed(sli.bad, window)} or (0 * ${total})`;
  const good = summed(sli.good!, window);
  // clamp_min: rate extrapolation can make good exceed total by a hair; errors are never negative.
  return sli.latency ? `clamp_min(${total} - ${good}, 0)` : `clamp_min(${total} - (${good} or (0 * ${total})), 0)`;
}

/**
 * How the recording rules compute an SLO's error ratio over a window (the backtest reads the same
 * answer to replay them):
 *   base-ratio           events: recorded 5m error rate / recorded 5m total rate
 *   raw-events           events, windows ≤ 1h: errors / total straight from the raw counters
 *   sum-recorded         Σ recorded errors / Σ recorded total over the window (request-weighted;
 *                        for gauge SLIs one event per evaluation)
 *   raw-ratio            raw error-ratio SLIs: the user's ratio query at the window
 *   mean-recorded-ratio  raw error-ratio SLIs, SLO window over 3 days: mean of the recorded 5m ratio
 */
export type WindowMethod = 'base-ratio' | 'raw-events' | 'sum-recorded' | 'raw-ratio' | 'mean-recorded-ratio';

export function windowMethod(slo: SloModel, window: Seconds): WindowMethod {
  const sli = slo.sli;
  if (sli.kind === 'ratio') return window === slo.window && window > 3 * 86_400 ? 'mean-recorded-ratio' : 'raw-ratio';
  if (sli.kind === 'threshold') return 'sum-recorded';
  if (window === BASE_WINDOW) return 'base-ratio';
  return window <= RAW_WINDOW_LIMIT ? 'raw-events' : 'sum-recorded';
}

/** A raw error-ratio SLI at a window, with NaN and ±Inf filtered out. */
const rawRatioExpr = (q: WindowedQuery, window: string): string => `(${paren(w(q, window))} >= 0) <= 1`;

/**
 * The text as one flat string, made now. A template literal is a tree of its pieces (the engine's
 * ropes); kept in a rule, the tree and its pieces outlive the young generation and are copied by
 * the collector, then flattened anyway when the rule is rendered. Flattened at birth, the pieces
 * die young. (Running a regular expression flattens its subject in V8; `^` stops at once.)
 */
function flat(s: string): string {
  FLATTEN.test(s);
  return s;
}
const FLATTEN = /^/;
function recordingRulesFresh(service: ServiceModel, slo: SloModel): RecordingRule[] {
  const labels = sloLabels(service, slo);
  const sel = sloSelector(service, slo);
  const rules: RecordingRule[] = [];
  // Expressions are validated by the test suite (every example, every rule), not on each call.
  const add = (record: string, expr: string): void => {
    rules.push({ record, expr: flat(expr), labels });
  };
  const windows = sloWindows(service, slo).map((s) => ({ s, text: formatDuration(s) }));
  const sli = slo.sli;
  const longWindow = (errors: string, total: string, text: string): string =>
    `sum by (${SLO_KEY}) (sum_over_time(${errors}${sel}[${text}])) / (sum by (${SLO_KEY}) (sum_over_time(${total}${sel}[${text}])) > 0)`;

  if (sli.kind === 'events' || sli.kind === 'threshold') {
    const perEval = sli.kind === 'threshold';
    const total = perEval ? RECORDS.totalSamples : RECORDS.totalRate(BASE);
    const errors = perEval ? RECORDS.errorSamples : RECORDS.errorRate(BASE);
    const base = baseEventExprs(slo)!;
    add(total, base.total);
    add(errors, base.errors);
    for (const { s, text } of windows) {
      const method = windowMethod(slo, s);
      let expr: string;
      if (method === 'base-ratio') expr = `${errors}${sel} / (${total}${sel} > 0)`;
      else if (method === 'raw-events' && sli.kind === 'events') expr = `(${errorsExpr(slo, text)}) / (${summed(sli.total, text)} > 0)`;
      else expr = longWindow(errors, total, text);
      add(RECORDS.sliError(text), expr);
    }
  } else {
    // Raw error ratio: each window from the raw query; NaN and ±Inf filtered out.
    const base = RECORDS.sliError(BASE);
    for (const { s, text } of windows) {
      const expr =
        windowMethod(slo, s) === 'mean-recorded-ratio'
          ? `sum by (${SLO_KEY}) (sum_over_time(${base}${sel}[${text}])) / sum by (${SLO_KEY}) (count_over_time(${base}${sel}[${text}]))`
          : rawRatioExpr(sli.errorRatio, text);
      add(RECORDS.sliError(text), expr);
    }
  }

  add(RECORDS.objective, `vector(${formatNumber(slo.objective)})`);
  add(RECORDS.errorBudget, `vector(${formatNumber(slo.errorBudget)})`);
  add(RECORDS.errorBudgetRemaining, `1 - ${RECORDS.sliError(formatDuration(slo.window))}${sel} / ${formatNumber(slo.errorBudget)}`);
  return rules;
}

/** What of the service an SLO's rules read (strings, or objects shared between models: see model/share.ts). */
function serviceInputs(service: ServiceModel): unknown[] {
  return [
    service.name,
    service.labels,
    service.team,
    service.tier,
    service.supportModel,
    service.runbookUrl,
    service.dashboardUrl,
    service.alerts?.for_duration,
  ];
}

const keys = objectMemo<SloModel, string>();

/**
 * Everything of the service an SLO's rules read, with the SLO: the key of their memo. Made once
 * per SLO object while the service inputs stay the same (the recording rules, the burn-rate and
 * the no-data alerts share it, and an edit elsewhere in the spec keeps it).
 */
function sloKey(service: ServiceModel, slo: SloModel): string {
  const inputs = serviceInputs(service);
  return keys.get(slo, inputs, () => JSON.stringify([...inputs, slo]));
}

const recordingMemo = memo<RecordingRule[]>();
const burnMemo = memo<TierRule[]>();
const noDataMemo = memo<{ rule: AlertingRule | undefined }>();

export function recordingRules(service: ServiceModel, slo: SloModel): RecordingRule[] {
  return recordingMemo.get(sloKey(service, slo), () => recordingRulesFresh(service, slo));
}

export function burnRateAlerts(service: ServiceModel, slo: SloModel): TierRule[] {
  return burnMemo.get(sloKey(service, slo), () => burnRateAlertsFresh(service, slo));
}

export function noDataAlert(service: ServiceModel, slo: SloModel): AlertingRule | undefined {
  return noDataMemo.get(sloKey(service, slo), () => ({ rule: noDataAlertFresh(service, slo) })).rule;
}

export interface TierRule {
  tier: TierFacts;
  rule: AlertingRule;
}

export function alertName(service: ServiceModel, slo: SloModel): string {
  return slo.alerting.name ?? `${pascalCase(service.name, slo.name)}ErrorBudgetBurn`;
}

/** The routing labels every SLO alert carries. */
function routingLabels(service: ServiceModel, slo: SloModel, severity: string): Record<string, string> {
  return {
    [LABELS.service]: service.name,
    [LABELS.slo]: slo.name,
    [LABELS.team]: service.team,
    [LABELS.tier]: service.tier,
    [LABELS.severity]: severity,
    [LABELS.routing]: service.supportModel,
  };
}

/** One clause of an alert condition as PromQL over the recorded series. */
function clauseExpr(c: ConditionClause, sel: string, budget: string): string {
  if (c.kind === 'burn') return `${RECORDS.sliError(formatDuration(c.window))}${sel} / ${budget} > ${formatNumber(c.factor)}`;
  const range = eventsRange(c.window);
  const rate = range > 0 ? `avg_over_time(${RECORDS.totalRate(BASE)}${sel}[${formatDuration(range)}])` : `${RECORDS.totalRate(BASE)}${sel}`;
  return `${rate} * ${formatNumber(c.window)} >= ${formatNumber(c.min)}`;
}

/**
 * A tier's alert condition on the recorded series: every clause of {@link alertConditions} (both
 * windows burning faster than the factor, and with `min_events` enough events). The alert's
 * expression, and the deploy gate's page-burn check in the Argo AnalysisTemplate.
 */
export function burnExpr(service: Pick<ServiceModel, 'name'>, slo: SloModel, condition: Pick<BurnAlertCondition, 'clauses'>): string {
  const sel = sloSelector(service, slo);
  const budget = formatNumber(slo.errorBudget);
  return condition.clauses.map((c) => clauseExpr(c, sel, budget)).join('\nand\n');
}

/** The recorded base series whose presence says an SLO's data is current (zero traffic included). */
export function presenceSeries(slo: SloModel): string[] {
  if (slo.sli.kind === 'events') return [RECORDS.totalRate(BASE), RECORDS.errorRate(BASE)];
  if (slo.sli.kind === 'threshold') return [RECORDS.totalSamples, RECORDS.errorSamples];
  return [RECORDS.sliError(BASE)];
}

/** The page and ticket alerts of one SLO: one rule per enabled tier, windows and factors from its facts. */
function burnRateAlertsFresh(service: ServiceModel, slo: SloModel): TierRule[] {
  const out: TierRule[] = [];
  for (const condition of alertConditions(service, slo).burn) {
    const { tier } = condition;
    const long = formatDuration(tier.longWindow);
    const short = formatDuration(tier.shortWindow);
    const factor = formatNumber(tier.factor);
    const expr = burnExpr(service, slo, condition);
    const consumed = formatNumber(tier.budgetConsumedAtFire * 100);
    const exhaustion = formatDuration(seconds(Math.round(tier.exhaustionAtThreshold)));
    out.push({
      tier,
      rule: {
        alert: alertName(service, slo),
        expr: flat(expr),
        ...(condition.for > 0 ? { for: formatDuration(condition.for) } : {}),
        labels: {
          ...service.labels,
          ...slo.labels,
          ...slo.alerting.labels,
          ...tier.labels,
          ...routingLabels(service, slo, condition.severity),
          [LABELS.burnTier]: tier.name,
          long_window: long,
          short_window: short,
        },
        annotations: {
          // $value is the left operand of `and`: the burn rate observed over the long window.
          summary: flat(
            `${service.name} ${slo.name}: error budget burning {{ $value | printf "%.1f" }}× too fast over ${long} (${tier.kind} threshold ${factor}×)`,
          ),
          description: flat(
            `The ${slo.name} SLO (${formatNumber(slo.objectivePercent)}% over ${formatDuration(slo.window)}) is burning its error budget at ` +
              `{{ $value | printf "%.1f" }}× the sustainable rate over ${long} (threshold ${factor}×, confirmed over ${short}). ` +
              `At the threshold ${consumed}% of the budget goes in ${long} and all of it in ${exhaustion}. ` +
              `Budget left: {{ with query ${goStringLiteral(`${RECORDS.errorBudgetRemaining}${sloSelector(service, slo, quoteSingle)}`)} }}{{ . | first | value | humanizePercentage }}{{ else }}unknown{{ end }}.`,
          ),
          ...(service.runbookUrl ? { runbook_url: service.runbookUrl } : {}),
          dashboard_url: dashboardLink(service),
          ...slo.alerting.annotations,
        },
      },
    });
  }
  return out;
}

/**
 * The no-data alert: fires when the SLI's recorded events (or its ratio, for raw ratio SLIs)
 * are missing, so vanished metrics and a missing latency bucket are never a silence. Zero
 * traffic is not missing data: the event rates are then recorded as 0.
 */
function noDataAlertFresh(service: ServiceModel, slo: SloModel): AlertingRule | undefined {
  const condition = alertConditions(service, slo).noData;
  if (!condition) return undefined;
  const { noData } = sloFacts(service, slo);
  const sel = sloSelector(service, slo);
  const series = presenceSeries(slo);
  return {
    alert: `${slo.alerting.name ?? pascalCase(service.name, slo.name)}NoData`,
    expr: series.map((s) => `absent(${s}${sel})`).join(' or '),
    for: formatDuration(condition.for),
    labels: {
      ...service.labels,
      ...slo.labels,
      ...slo.alerting.labels,
      ...noData.labels,
      ...routingLabels(service, slo, condition.severity),
      [LABELS.burnTier]: 'no_data',
    },
    annotations: {
      summary: `${service.name} ${slo.name}: no SLI data for ${formatDuration(condition.for)}`,
      description:
        `The ${slo.name} SLO has no data: ${series.join(' and ')} ${series.length > 1 ? 'are' : 'is'} missing. ` +
        "The SLI's metrics stopped (a crashed exporter, a renamed metric or label, a dropped scrape) or the latency bucket does not exist, " +
        'so burn-rate alerts cannot fire and the deploy gate cannot judge. Run `nthlayer verify` against this Prometheus.',
      ...(service.runbookUrl ? { runbook_url: service.runbookUrl } : {}),
      dashboard_url: dashboardLink(service),
      ...slo.alerting.annotations,
    },
  };
}

/**
 * The error ratio of an SLO over any window straight from raw data: what the recording rules
 * compute, for on-demand status (verify, budget, check-deploy) when the rules are not deployed.
 */
export function rawErrorRatioExpr(slo: SloModel, window: string): string {
  const sli = slo.sli;
  if (sli.kind === 'events') return `(${errorsExpr(slo, window)}) / (${summed(sli.total, window)} > 0)`;
  if (sli.kind === 'threshold') return `avg_over_time((${paren(sli.query)} > bool ${formatNumber(sli.threshold)})[${window}:1m])`;
  return rawRatioExpr(sli.errorRatio, window);
}

/**
 * An expression with a sample exactly while the SLI's metrics exist now (zero traffic included),
 * for telling "no data" from "no errors" without the recording rules.
 */
export function rawPresenceExpr(slo: SloModel): string {
  const sli = slo.sli;
  if (sli.kind === 'events') return `${summed(sli.total, BASE)} and (${errorsExpr(slo, BASE)})`;
  if (sli.kind === 'threshold') return paren(sli.query);
  return rawRatioExpr(sli.errorRatio, BASE);
}

/**
 * What the recording rules record per evaluation as the SLI's base events: the 5m error and total
 * event rates of an events SLI, or for a gauge SLI one event per evaluation (1 while the gauge
 * has a value) and the bad ones (the gauge above its threshold). Raw ratio SLIs have none.
 */
export function baseEventExprs(slo: SloModel): { errors: string; total: string } | undefined {
  const sli = slo.sli;
  if (sli.kind === 'events') return { errors: errorsExpr(slo, BASE), total: summed(sli.total, BASE) };
  if (sli.kind === 'threshold')
    return { errors: `${paren(sli.query)} > bool ${formatNumber(sli.threshold)}`, total: `${paren(sli.query)} * 0 + 1` };
  return undefined;
}

/** Error events and total events per second over a window, for burn-down charts from raw data. */
export function rawEventRateExprs(slo: SloModel, window: string): { errors: string; total: string } | undefined {
  const sli = slo.sli;
  if (sli.kind !== 'events') return undefined;
  return { errors: errorsExpr(slo, window), total: summed(sli.total, window) };
}
