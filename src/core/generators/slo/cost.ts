/**
 * Evaluation-cost estimate of an SLO's rules, next to the same figure for Sloth's rule shape.
 * Samples read per evaluation are counted by walking every rule's PromQL: a range over a raw
 * metric reads (range / scrape interval) samples per input series; a range over one of our
 * recorded `slo:` series reads (range / evaluation interval) samples of one series.
 */
import type { ServiceModel, SloModel } from '../../model/types.ts';
import { children, nodeText, parsePromql, readVectorSelector } from '../../promql/parse.ts';
import { withWindow } from '../../promql/windows.ts';
import { parseDuration, type Seconds } from '../../units.ts';
import { slothSli } from '../exports/index.ts';
import { RAW_WINDOW_LIMIT, sloWindows } from './rules.ts';

export interface CostAssumptions {
  scrapeInterval: Seconds;
  evaluationInterval: Seconds;
}

export interface RuleSetCost {
  rules: number;
  recordedSeries: number;
  /** Samples read per evaluation with 1 and with 100 input series behind each raw selector. */
  samplesPerEvaluation: { inputSeries1: number; inputSeries100: number };
}

export interface SloCost {
  slo: string;
  nthlayer: RuleSetCost;
  sloth: RuleSetCost;
}

/** Samples read per evaluation by walking real expressions (the reference the estimate is tested against). */
export function samplesRead(exprs: string[], a: CostAssumptions, inputSeries: number): number {
  let total = 0;
  for (const expr of exprs) {
    const parsed = parsePromql(expr);
    parsed.tree.iterate({
      enter: (n) => {
        if (n.name === 'MatrixSelector' || n.name === 'SubqueryExpr') {
          const kids = children(n.node);
          const sel = kids.find((c) => c.name === 'VectorSelector');
          const range = kids.find((c) => c.name === 'DurationExpr');
          const seconds = range ? parseDuration(nodeText(expr, range)) ?? 0 : 0;
          const metric = sel ? readVectorSelector(expr, sel).metric : '';
          const recorded = metric.startsWith('slo:');
          total += recorded ? seconds / a.evaluationInterval : (seconds / a.scrapeInterval) * inputSeries;
          return false;
        }
        if (n.name === 'VectorSelector') {
          const metric = readVectorSelector(expr, n.node).metric;
          total += metric.startsWith('slo:') ? 1 : inputSeries;
          return false;
        }
        return undefined;
      },
    });
  }
  return Math.round(total);
}

/** Raw selectors in a query (the same metric twice counts twice: Prometheus reads it twice). */
function selectorCount(query: string): number {
  let n = 0;
  parsePromql(withWindow(query, '5m')).tree.iterate({ enter: (x) => { if (x.name === 'VectorSelector') { n++; return false; } return undefined; } });
  return n;
}

/**
 * Samples read per evaluation, derived from the shape of the rules in rules.ts (tests check it
 * against {@link samplesRead} over the real expressions, so the two cannot drift apart).
 */
function nthlayerSamples(slo: SloModel, a: CostAssumptions, inputSeries: number): number {
  const raw = (selectors: number, range: number) => (selectors * range * inputSeries) / a.scrapeInterval;
  const recorded = (range: number) => range / a.evaluationInterval;
  const windows = sloWindows(slo);
  const alerts = 2 * Object.values(slo.alerting.tiers).filter((t) => slo.alerting.enabled && t.enabled).length;
  const sli = slo.sli;
  let total = alerts + 1; // alerts read two recorded series each; remaining reads one
  if (sli.kind === 'events') {
    const T = selectorCount(sli.total.template);
    const errors = sli.bad ? selectorCount(sli.bad.template) + T : selectorCount(sli.good!.template) + 2 * T;
    total += raw(T, 300) + raw(errors, 300) + 2;
    for (const w of windows) {
      if (w === 300) continue;
      total += w <= RAW_WINDOW_LIMIT ? raw(errors + T, w) : 2 * recorded(w);
    }
  } else if (sli.kind === 'threshold') {
    total += 2 * selectorCount(sli.query) * inputSeries;
    for (const w of windows) total += 2 * recorded(w);
  } else {
    const R = selectorCount(sli.errorRatio.template);
    for (const w of windows) total += w === slo.window && w > 3 * 86_400 ? recorded(w) : raw(R, w);
  }
  return Math.round(total);
}

/** Sloth's defaults for the same SLO: 8 SLI rules from raw data, 7 metadata rules, 2 alerts. */
function slothSamples(slo: SloModel, a: CostAssumptions, inputSeries: number): number {
  const sli = slothSli(slo) as { events?: { error_query: string; total_query: string }; raw?: { error_ratio_query: string } };
  const windows = [300, 1800, 3600, 7200, 21_600, 86_400, 259_200];
  let perWindow: (w: number) => number;
  if (sli.events) {
    const n = selectorCount(sli.events.error_query) + selectorCount(sli.events.total_query);
    perWindow = (w) => (n * w * inputSeries) / a.scrapeInterval;
  } else if (slo.sli.kind === 'threshold') {
    const n = selectorCount(slo.sli.query);
    perWindow = (w) => (n * inputSeries * w) / 60; // a subquery evaluates the gauge every minute
  } else {
    const n = selectorCount(sli.raw!.error_ratio_query);
    perWindow = (w) => (n * w * inputSeries) / a.scrapeInterval;
  }
  const sliRules = windows.reduce((t, w) => t + perWindow(w), 0);
  const period = 2 * (slo.window / a.evaluationInterval); // sum_over_time and count_over_time of the 5m ratio
  const meta = 5; // current and period burn rate read two series each, budget remaining one
  const alerts = 8; // two alerts, four windows each
  return Math.round(sliRules + period + meta + alerts);
}

export function sloCosts(model: ServiceModel, a: CostAssumptions): SloCost[] {
  return model.slos.map((slo) => {
    const alerts = slo.alerting.enabled ? Object.values(slo.alerting.tiers).filter((t) => t.enabled).length : 0;
    const recordedSeries = sloWindows(slo).length + 5;
    return {
      slo: slo.name,
      nthlayer: {
        rules: recordedSeries + alerts,
        recordedSeries,
        samplesPerEvaluation: { inputSeries1: nthlayerSamples(slo, a, 1), inputSeries100: nthlayerSamples(slo, a, 100) },
      },
      sloth: {
        rules: 17,
        recordedSeries: 15,
        samplesPerEvaluation: { inputSeries1: slothSamples(slo, a, 1), inputSeries100: slothSamples(slo, a, 100) },
      },
    };
  });
}
