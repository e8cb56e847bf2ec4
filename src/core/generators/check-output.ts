/**
 * The last check before files leave the core: every PromQL expression of the Prometheus rule
 * files goes through the same parser, and every alert's labels and annotations are parsed as
 * templates the way Prometheus's rule loader does (with label names checked too). Spec text that
 * could break them is refused earlier, with a position (spec/text-checks.ts); this is the net
 * under that, so a generated file promtool or a Prometheus reload would refuse is reported as an
 * error (exit 1) instead of being written.
 */
import { FILES } from '../conventions.ts';
import { parsePromql } from '../promql/parse.ts';
import { labelNameProblem } from '../spec/text-checks.ts';
import { checkGoTemplate } from '../templates/go-template.ts';
import { isAlertingRule, ruleShape, type RuleFile } from './rules.ts';
import type { Artifact, GeneratorContext } from './types.ts';

const PROMQL_RULE_FILES = new Set<string>([FILES.recordingRules, FILES.alerts]);

/** Rules already checked and found fine (the same objects come back for unchanged SLOs). */
const checked = new WeakSet<object>();
/** Label names already found valid: a spec uses a few dozen, on every rule. */
const checkedLabelNames = new Set<string>();

export function checkGeneratedRules(artifacts: readonly Artifact[], report: GeneratorContext['report']): void {
  // Every tier of every SLO repeats the same label values and annotation shapes: check each once.
  const templates = new Map<string, ReturnType<typeof checkGoTemplate>[number] | undefined>();
  const templateProblem = (v: string): ReturnType<typeof checkGoTemplate>[number] | undefined => {
    if (!templates.has(v)) templates.set(v, checkGoTemplate(v)[0]);
    return templates.get(v);
  };
  for (const a of artifacts) {
    if (!PROMQL_RULE_FILES.has(a.file) && !a.shared) continue;
    for (const group of (a.data as RuleFile).groups ?? []) {
      for (const rule of group.rules) {
        if (checked.has(rule)) continue;
        // Nothing is built for a fine rule (thousands per spec): where and what only on a problem.
        let fine = true;
        const problem = (d: Parameters<GeneratorContext['report']>[0]): void => {
          fine = false;
          report(d);
        };
        const where = (): string => `${a.file}, group ${group.name}, rule ${isAlertingRule(rule) ? rule.alert : rule.record}`;
        // One parse per shape; the real text only to say where an error is.
        if (parsePromql(ruleShape(rule)).errors.length > 0) {
          const error = parsePromql(rule.expr).errors[0];
          if (error) {
            problem({
              severity: 'error',
              code: 'generate/invalid-promql',
              message: `${where()}: generated expression does not parse (${error.message})`,
              hint: 'this is a bug in NthLayer or a spec value it did not check; please report it with the spec',
            });
          }
        }
        for (const k in rule.labels) {
          if (checkedLabelNames.has(k)) continue;
          const p = labelNameProblem(k);
          if (p) problem({ severity: 'error', code: 'generate/invalid-label-name', message: `${where()}: label \`${k}\`: ${p}` });
          else if (checkedLabelNames.size < 10_000) checkedLabelNames.add(k);
        }
        if (isAlertingRule(rule)) {
          for (const [kind, map] of [
            ['label', rule.labels],
            ['annotation', rule.annotations],
          ] as const) {
            for (const k in map) {
              const p = templateProblem(map[k]!);
              if (p)
                problem({
                  severity: 'error',
                  code: 'generate/invalid-template',
                  message: `${where()}: ${kind} \`${k}\` is not a valid template (${p.message})`,
                  hint: 'Prometheus would refuse to load this rule file',
                });
            }
          }
        }
        if (fine) checked.add(rule);
      }
    }
  }
}
