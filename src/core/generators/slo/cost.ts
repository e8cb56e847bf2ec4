/**
 * Evaluation cost of an SLO's rules as generated, next to the same figure for Sloth's rule
 * shape. Samples read per evaluation are counted by walking every rule's PromQL: a range over a
 * raw metric reads (range / scrape interval) samples per input series; a range over one of our
 * recorded `slo:` series reads (range / evaluation interval) samples of one series.
 */
import type { ServiceModel, SloModel } from '../../model/types.ts';
import { children, nodeText, parsePromql, parseShape, readVectorSelector } from '../../promql/parse.ts';
import { withWindow } from '../../promql/windows.ts';
import { parseDuration, type Seconds } from '../../units.ts';
import { LABELS } from '../../conventions.ts';
import { slothSli } from '../exports/index.ts';
import { isAlertingRule, ruleShape, type Rule, type RuleGroup } from '../rules.ts';

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

/** Samples read by an expression's shape, per set of assumptions (intervals and input series). */
const samplesCache = new Map<string, Map<string, number>>();

/** Samples read per evaluation by walking real expressions. */
export function samplesRead(exprs: readonly string[], a: CostAssumptions, inputSeries: number): number {
  return samplesReadByShape(
    exprs.map((e) => parseShape(e).text),
    a,
    inputSeries,
  );
}

/** samplesRead of expressions already reduced to their shapes ({@link promqlShape}). */
function samplesReadByShape(shapes: readonly string[], a: CostAssumptions, inputSeries: number): number {
  const assumptions = `${a.scrapeInterval}|${a.evaluationInterval}|${inputSeries}`;
  let byShape = samplesCache.get(assumptions);
  if (!byShape) {
    if (samplesCache.size >= 16) samplesCache.clear();
    byShape = new Map();
    samplesCache.set(assumptions, byShape);
  }
  let total = 0;
  // Label values change nothing here: what is read is counted by metric names and ranges.
  for (const expr of shapes) {
    let n = byShape.get(expr);
    if (n === undefined) {
      n = samplesOf(expr, a, inputSeries);
      if (byShape.size > 100_000) byShape.clear();
      byShape.set(expr, n);
    }
    total += n;
  }
  return Math.round(total);
}

function samplesOf(expr: string, a: CostAssumptions, inputSeries: number): number {
  let total = 0;
  const parsed = parsePromql(expr);
  parsed.tree.iterate({
    enter: (n) => {
      if (n.name === 'MatrixSelector' || n.name === 'SubqueryExpr') {
        const kids = children(n.node);
        const sel = kids.find((c) => c.name === 'VectorSelector');
        const range = kids.find((c) => c.name === 'DurationExpr');
        const seconds = range ? (parseDuration(nodeText(expr, range)) ?? 0) : 0;
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
  return total;
}

/** Raw selectors in a query (the same metric twice counts twice: Prometheus reads it twice). */
function selectorCount(query: string): number {
  let n = 0;
  parseShape(withWindow(query, '5m')).tree.iterate({
    enter: (x) => {
      if (x.name === 'VectorSelector') {
        n++;
        return false;
      }
      return undefined;
    },
  });
  return n;
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

/**
 * The cost of each SLO's rules as generated: the recording and alerting rules that carry the
 * SLO's `slo` label in the rule files, counted and walked expression by expression.
 */
export function sloCosts(model: ServiceModel, groups: readonly RuleGroup[], a: CostAssumptions): SloCost[] {
  const bySlo = new Map<string, Rule[]>();
  for (const g of groups) {
    for (const r of g.rules) {
      const slo = r.labels?.[LABELS.slo];
      if (slo === undefined || r.labels?.[LABELS.service] !== model.name) continue;
      const list = bySlo.get(slo);
      if (list) list.push(r);
      else bySlo.set(slo, [r]);
    }
  }
  const assumptions = `${a.scrapeInterval}|${a.evaluationInterval}`;
  return model.slos.map((slo) => {
    const own = bySlo.get(slo.name) ?? [];
    // The same rule objects as last time (generators remember them by everything they were made
    // from, the SLO included): the same cost, without building a key.
    const last = own.length > 0 ? byRules.get(own[0]!) : undefined;
    if (last && last.assumptions === assumptions && last.own.length === own.length && last.own.every((r, i) => r === own[i])) {
      return last.cost;
    }
    const cost = sloCost(slo, own, a);
    if (own.length > 0) byRules.set(own[0]!, { own, assumptions, cost });
    return cost;
  });
}

/** The last cost worked out for a list of rules, keyed by its first rule. */
const byRules = new WeakMap<object, { own: readonly Rule[]; assumptions: string; cost: SloCost }>();

function sloCost(slo: SloModel, own: readonly Rule[], a: CostAssumptions): SloCost {
  const shapes = own.map(ruleShape);
  return {
    slo: slo.name,
    nthlayer: {
      rules: own.length,
      recordedSeries: own.filter((r) => !isAlertingRule(r)).length,
      samplesPerEvaluation: { inputSeries1: samplesReadByShape(shapes, a, 1), inputSeries100: samplesReadByShape(shapes, a, 100) },
    },
    sloth: {
      rules: 17,
      recordedSeries: 15,
      samplesPerEvaluation: { inputSeries1: slothSamples(slo, a, 1), inputSeries100: slothSamples(slo, a, 100) },
    },
  };
}
