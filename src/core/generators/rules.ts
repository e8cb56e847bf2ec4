/**
 * Prometheus rule-file data shared by every generator that emits rules (SLO recording rules, SLO
 * burn-rate alerts, technology alert packs). Loki ruler files use the same shape with LogQL.
 */
import { parseShape } from '../promql/parse.ts';

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

/**
 * A rule's expression with its label values emptied ({@link promqlShape}): the parse cache's copy,
 * one string for the thousands of rules that share it, found without building it (parseShape).
 */
export function ruleShape(rule: Rule): string {
  return parseShape(rule.expr).text;
}
