/**
 * The last check before files leave the core: every PromQL expression of the Prometheus rule
 * files goes through the same parser, and every alert's labels and annotations are parsed as
 * templates the way Prometheus's rule loader does (with label names checked too). Spec text that
 * could break them is refused earlier, with a position (spec/text-checks.ts); this is the net
 * under that, so a generated file promtool or a Prometheus reload would refuse is reported as an
 * error (exit 1) instead of being written.
 */
import { FILES } from '../conventions.ts';
import { parsePromql, promqlShape } from '../promql/parse.ts';
import { labelNameProblem } from '../spec/text-checks.ts';
import { checkGoTemplate } from '../templates/go-template.ts';
import { isAlertingRule, type RuleFile } from './rules.ts';
import type { Artifact, GeneratorContext } from './types.ts';

const PROMQL_RULE_FILES = new Set<string>([FILES.recordingRules, FILES.alerts]);

/** Rules already checked and found fine (the same objects come back for unchanged SLOs). */
const checked = new WeakSet<object>();

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
        let fine = true;
        const problem = (d: Parameters<GeneratorContext['report']>[0]): void => {
          fine = false;
          report(d);
        };
        const name = isAlertingRule(rule) ? rule.alert : rule.record;
        const where = `${a.file}, group ${group.name}, rule ${name}`;
        // One parse per shape; the real text only to say where an error is.
        const error = parsePromql(promqlShape(rule.expr)).errors.length > 0 ? parsePromql(rule.expr).errors[0] : undefined;
        if (error) {
          problem({
            severity: 'error',
            code: 'generate/invalid-promql',
            message: `${where}: generated expression does not parse (${error.message})`,
            hint: 'this is a bug in NthLayer or a spec value it did not check; please report it with the spec',
          });
        }
        for (const k of Object.keys(rule.labels ?? {})) {
          const p = labelNameProblem(k);
          if (p) problem({ severity: 'error', code: 'generate/invalid-label-name', message: `${where}: label \`${k}\`: ${p}` });
        }
        if (isAlertingRule(rule)) {
          for (const [kind, map] of [
            ['label', rule.labels],
            ['annotation', rule.annotations],
          ] as const) {
            for (const [k, v] of Object.entries(map ?? {})) {
              const p = templateProblem(v);
              if (p)
                problem({
                  severity: 'error',
                  code: 'generate/invalid-template',
                  message: `${where}: ${kind} \`${k}\` is not a valid template (${p.message})`,
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
