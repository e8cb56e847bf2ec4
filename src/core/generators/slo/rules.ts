/**
 * SLO recording rules and burn-rate alerts (PRODUCT.md §5).
 *
 * Shape per SLO, all series labelled `service` and `slo` (plus the SLO's own labels):
 *   slo:sli_total:rate5m, slo:sli_errors:rate5m   events per second over 5m, from the user's
 *                                                  queries (errors default to 0, never missing)
 *   slo:sli_error:ratio_rate5m                     errors / total, no sample when total is 0
 *   slo:sli_error:ratio_rate30m, …1h               from raw data: precision where detection time matters
 *   slo:sli_error:ratio_rate2h … 3d, <window>      sum_over_time(errors5m) / sum_over_time(total5m):
 *                                                  request-weighted and cheap, never a mean of ratios
 *   slo:objective:ratio, slo:error_budget:ratio, slo:error_budget_remaining:ratio
 * A window with no traffic yields no sample, so nothing downstream is ever NaN or ±Inf.
 *
 * Gauge (threshold) SLIs count evaluations instead of requests: one event per evaluation, bad
 * when the gauge is above the threshold. Raw error-ratio SLIs cannot be request-weighted; their
 * SLO window is the time-weighted mean of the 5m ratio (reported as an info diagnostic).
 */
import { burnRateTiers, DEFAULT_FOR, type BurnRateTier } from '../../budget/windows.ts';
import { LABELS, pascalCase, RECORDS } from '../../conventions.ts';
import { formatMatchers, parsePromql, quote, quoteSingle, unwrap, type LabelMatcher } from '../../promql/parse.ts';
import { withWindow } from '../../promql/windows.ts';
import type { ServiceModel, SloModel, WindowedQuery } from '../../model/types.ts';
import { formatDuration, formatNumber, seconds, type Seconds } from '../../units.ts';
import { goStringLiteral } from '../../templates/go-template.ts';
import type { AlertingRule, RecordingRule } from '../rules.ts';

const MINUTE = 60;
/** Windows computed from raw data: the short ones, where a 5-minute smoothing would delay detection. */
export const RAW_WINDOW_LIMIT = seconds(60 * MINUTE);
const BASE = '5m';


/** Every window an SLO records: the alert windows and the SLO window, shortest first. */
export function sloWindows(slo: SloModel): Seconds[] {
  const set = new Set<number>([5 * MINUTE, ...burnRateTiers(slo.window).flatMap((t) => [t.shortWindow, t.longWindow]), slo.window]);
  return [...set].sort((a, b) => a - b).map((s) => seconds(s));
}

export function sloLabels(service: ServiceModel, slo: SloModel): Record<string, string> {
  return { ...service.labels, ...slo.labels, [LABELS.service]: service.name, [LABELS.slo]: slo.name };
}

function selector(service: ServiceModel, slo: SloModel, q: (value: string) => string = quote): string {
  const m: LabelMatcher[] = [
    { name: LABELS.service, op: '=', value: service.name },
    { name: LABELS.slo, op: '=', value: slo.name },
  ];
  return `{${formatMatchers(m, q)}}`;
}

const w = (q: WindowedQuery, window: string): string => withWindow(q.template, window).trim();
/** Joins a multi-line query onto one line; newlines cannot occur inside PromQL strings. */
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();
const binaryCache = new Map<string, boolean>();
/**
 * A query at a window, parenthesised only when it is a binary expression (so precedence cannot
 * bite). Whether it is one does not depend on the window, so the tree is read once per query.
 */
const pw = (q: WindowedQuery, window: string): string => {
  const text = oneLine(w(q, window));
  let binary = binaryCache.get(q.template);
  if (binary === undefined) {
    binary = unwrap(parsePromql(text).tree.topNode).name === 'BinaryExpr';
    if (binaryCache.size > 10_000) binaryCache.clear();
    binaryCache.set(q.template, binary);
  }
  return binary ? `(${text})` : text;
};
const paren = (s: string): string => (unwrap(parsePromql(s).tree.topNode).name === 'BinaryExpr' ? `(${oneLine(s)})` : oneLine(s));

/** The error-events expression over a window, defaulting to 0 (not "no data") when no request failed. */
function errorsExpr(slo: SloModel, window: string): string {
  const sli = slo.sli;
  if (sli.kind !== 'events') throw new Error('errorsExpr needs an events SLI');
  const total = pw(sli.total, window);
  if (sli.bad) return `${pw(sli.bad, window)} or (0 * ${total})`;
  // clamp_min: rate extrapolation can make good exceed total by a hair; errors are never negative.
  return `clamp_min(${total} - (${pw(sli.good!, window)} or (0 * ${total})), 0)`;
}

export function recordingRules(service: ServiceModel, slo: SloModel): RecordingRule[] {
  const labels = sloLabels(service, slo);
  const sel = selector(service, slo);
  const rules: RecordingRule[] = [];
  // Expressions are validated by the test suite (every example, every rule), not on each call.
  const add = (record: string, expr: string): void => {
    rules.push({ record, expr, labels });
  };
  const windows = sloWindows(slo).map((s) => ({ s, text: formatDuration(s) }));
  const sli = slo.sli;

  if (sli.kind === 'events' || sli.kind === 'threshold') {
    const perEval = sli.kind === 'threshold';
    const total = perEval ? RECORDS.totalSamples : RECORDS.totalRate(BASE);
    const errors = perEval ? RECORDS.errorSamples : RECORDS.errorRate(BASE);
    if (sli.kind === 'events') {
      add(total, oneLine(w(sli.total, BASE)));
      add(errors, errorsExpr(slo, BASE));
    } else {
      add(total, `${paren(sli.query)} * 0 + 1`);
      add(errors, `${paren(sli.query)} > bool ${formatNumber(sli.threshold)}`);
    }
    for (const { s, text } of windows) {
      let expr: string;
      if (!perEval && text === BASE) expr = `${errors}${sel} / (${total}${sel} > 0)`;
      else if (!perEval && sli.kind === 'events' && s <= RAW_WINDOW_LIMIT) expr = `(${errorsExpr(slo, text)}) / (${pw(sli.total, text)} > 0)`;
      else expr = `sum_over_time(${errors}${sel}[${text}]) / (sum_over_time(${total}${sel}[${text}]) > 0)`;
      add(RECORDS.sliError(text), expr);
    }
  } else {
    // Raw error ratio: each window from the raw query; NaN and ±Inf filtered out.
    for (const { s, text } of windows) {
      const expr = s === slo.window && s > 3 * 86_400
        ? `avg_over_time(${RECORDS.sliError(BASE)}${sel}[${text}])`
        : `(${pw(sli.errorRatio, text)} >= 0) <= 1`;
      add(RECORDS.sliError(text), expr);
    }
  }

  add(RECORDS.objective, `vector(${formatNumber(slo.objective)})`);
  add(RECORDS.errorBudget, `vector(${formatNumber(slo.errorBudget)})`);
  add(RECORDS.errorBudgetRemaining, `1 - ${RECORDS.sliError(formatDuration(slo.window))}${sel} / ${formatNumber(slo.errorBudget)}`);
  return rules;
}

export interface TierRule {
  tier: BurnRateTier;
  rule: AlertingRule;
}

export function alertName(service: ServiceModel, slo: SloModel): string {
  return slo.alerting.name ?? `${pascalCase(service.name, slo.name)}ErrorBudgetBurn`;
}

function dashboardLink(service: ServiceModel): string {
  return service.dashboardUrl ?? `/d/nthlayer-${service.name}`;
}

export function burnRateAlerts(service: ServiceModel, slo: SloModel, forOverrides: { page?: Seconds; ticket?: Seconds } = {}): TierRule[] {
  if (!slo.alerting.enabled) return [];
  const sel = selector(service, slo);
  const budget = formatNumber(slo.errorBudget);
  const out: TierRule[] = [];
  for (const tier of burnRateTiers(slo.window)) {
    const cfg = slo.alerting.tiers[tier.name];
    if (!cfg.enabled) continue;
    const long = formatDuration(tier.longWindow);
    const short = formatDuration(tier.shortWindow);
    const factor = formatNumber(tier.factor);
    const expr = `${RECORDS.sliError(long)}${sel} / ${budget} > ${factor}\nand\n${RECORDS.sliError(short)}${sel} / ${budget} > ${factor}`;
    const forSeconds = cfg.for ?? forOverrides[tier.kind] ?? DEFAULT_FOR[tier.name];
    const consumed = formatNumber(tier.budgetFraction * 100);
    const exhaustion = formatDuration(seconds(Math.round(slo.window / tier.factor)));
    out.push({
      tier,
      rule: {
        alert: alertName(service, slo),
        expr,
        ...(forSeconds > 0 ? { for: formatDuration(forSeconds) } : {}),
        labels: {
          ...service.labels,
          ...slo.labels,
          ...slo.alerting.labels,
          ...cfg.labels,
          [LABELS.service]: service.name,
          [LABELS.slo]: slo.name,
          [LABELS.team]: service.team,
          [LABELS.tier]: service.tier,
          [LABELS.severity]: cfg.severity ?? tier.severity,
          [LABELS.routing]: service.supportModel,
          [LABELS.burnTier]: tier.name,
          long_window: long,
          short_window: short,
        },
        annotations: {
          summary: `${service.name} ${slo.name}: error budget burning ${factor}× too fast (${tier.kind}, ${long}/${short})`,
          description:
            `The ${slo.name} SLO (${formatNumber(slo.objectivePercent)}% over ${formatDuration(slo.window)}) is burning its error budget at ` +
            `{{ $value | printf "%.1f" }}× the sustainable rate over ${long} (threshold ${factor}×, confirmed over ${short}). ` +
            `At this rate ${consumed}% of the budget goes in ${long} and all of it in ${exhaustion}. ` +
            `Budget left: {{ with query ${goStringLiteral(`${RECORDS.errorBudgetRemaining}${selector(service, slo, quoteSingle)}`)} }}{{ . | first | value | humanizePercentage }}{{ else }}unknown{{ end }}.`,
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
 * The error ratio of an SLO over any window straight from raw data: what the recording rules
 * compute, for on-demand status (verify, budget, check-deploy) when the rules are not deployed.
 */
export function rawErrorRatioExpr(slo: SloModel, window: string): string {
  const sli = slo.sli;
  if (sli.kind === 'events') return `(${errorsExpr(slo, window)}) / (${pw(sli.total, window)} > 0)`;
  if (sli.kind === 'threshold') return `avg_over_time((${paren(sli.query)} > bool ${formatNumber(sli.threshold)})[${window}:1m])`;
  return `(${pw(sli.errorRatio, window)} >= 0) <= 1`;
}

/** Error events and total events per second over a window, for burn-down charts from raw data. */
export function rawEventRateExprs(slo: SloModel, window: string): { errors: string; total: string } | undefined {
  const sli = slo.sli;
  if (sli.kind !== 'events') return undefined;
  return { errors: errorsExpr(slo, window), total: pw(sli.total, window) };
}
