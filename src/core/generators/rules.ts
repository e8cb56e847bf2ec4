/**
 * Prometheus rule-file data shared by every generator that emits rules (SLO recording rules, SLO
 * burn-rate alerts, technology alert packs). Loki ruler files use the same shape with LogQL.
 */
import { notesOf } from '../notes.ts';
import { parseShape, type ParsedPromql } from '../promql/parse.ts';

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

/** The parse of a rule expression's shape ({@link parseShape}), worked out once per rule object (notes.ts). */
export function ruleShapeParse(rule: Rule): ParsedPromql {
  const notes = notesOf(rule);
  return (notes.shape ??= parseShape(rule.expr));
}

/** A rule's expression with its label values emptied: the parse cache's copy, one string for all rules of that shape. */
export function ruleShape(rule: Rule): string {
  return ruleShapeParse(rule).text;
}
