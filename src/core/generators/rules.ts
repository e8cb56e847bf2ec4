/**
 * Prometheus rule-file data shared by every generator that emits rules (SLO recording rules, SLO
 * burn-rate alerts, technology alert packs). Loki ruler files use the same shape with LogQL.
 */
import { parsePromql, promqlShape } from '../promql/parse.ts';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  /** Evaluation interval, e.g. `30s`; omitted means the server's global interval. */
  interval?: string;
  rules: Rule[];
}

export interface RuleFile {
  groups: RuleGroup[];
}

export function isAlertingRule(r: Rule): r is AlertingRule {
  return 'alert' in r;
}

/** Shapes by rule object: the output check and the cost walk both read every rule's. */
const shapes = new WeakMap<Rule, string>();

/** A rule's expression with its label values emptied ({@link promqlShape}), worked out once per rule. */
export function ruleShape(rule: Rule): string {
  let shape = shapes.get(rule);
  if (shape === undefined) {
    // The parse cache's copy of the shape: one string for the thousands of rules that share it
    // (not one each), read by the output check and the cost walk as a map key with its hash known.
    shape = parsePromql(promqlShape(rule.expr)).text;
    shapes.set(rule, shape);
  }
  return shape;
}
