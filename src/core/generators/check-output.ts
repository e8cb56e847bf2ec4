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
import { checkGoTemplate, templateSkeleton } from '../templates/go-template.ts';
import { notesOf } from '../notes.ts';
import { isAlertingRule, ruleShapeParse, type Rule, type RuleFile } from './rules.ts';
import type { Artifact, GeneratorContext } from './types.ts';

const PROMQL_RULE_FILES = new Set<string>([FILES.recordingRules, FILES.alerts]);

/** Label names already found valid: a spec uses a few dozen, on every rule. */
const checkedLabelNames = new Set<string>();

type Problem = Omit<Parameters<GeneratorContext['report']>[0], 'message'> & { what: string };

/** Whether a template is valid, by its skeleton (templateSkeleton). */
const validTemplates = new Map<string, boolean>();

export function checkGeneratedRules(artifacts: readonly Artifact[], report: GeneratorContext['report']): void {
  for (const a of artifacts) {
    if (!PROMQL_RULE_FILES.has(a.file) && !a.shared) continue;
    for (const group of (a.data as RuleFile).groups ?? []) {
      for (const rule of group.rules) {
        const notes = notesOf(rule);
        if (notes.checked) continue;
        const problems = ruleProblems(rule);
        if (problems.length === 0) {
          notes.checked = true;
          continue;
        }
        // Where, only for a rule with a problem (thousands of rules are fine).
        const where = `${a.file}, group ${group.name}, rule ${isAlertingRule(rule) ? rule.alert : rule.record}`;
        for (const { what, ...d } of problems) report({ ...d, message: `${where}: ${what}` });
      }
    }
  }
}

const NONE: Problem[] = [];

/** What is wrong with one rule, each problem without its place (no closures: this runs for every rule). */
function ruleProblems(rule: Rule): Problem[] {
  let problems = NONE;
  // One parse per shape; the real text only to say what is wrong.
  if (ruleShapeParse(rule).errors.length > 0) {
    const error = parsePromql(rule.expr).errors[0];
    if (error) {
      problems = [
        {
          severity: 'error',
          code: 'generate/invalid-promql',
          what: `generated expression does not parse (${error.message})`,
          hint: 'this is a bug in NthLayer or a spec value it did not check; please report it with the spec',
        },
      ];
    }
  }
  for (const k in rule.labels) {
    if (checkedLabelNames.has(k)) continue;
    const p = labelNameProblem(k);
    if (p) problems = [...problems, { severity: 'error', code: 'generate/invalid-label-name', what: `label \`${k}\`: ${p}` }];
    else if (checkedLabelNames.size < 10_000) checkedLabelNames.add(k);
  }
  if (!isAlertingRule(rule)) return problems;
  for (const kind of ['label', 'annotation'] as const) {
    const map = kind === 'label' ? rule.labels : rule.annotations;
    for (const k in map) {
      const v = map[k]!;
      // Text without an action is a valid template whatever it says (most labels: names, windows).
      if (!v.includes('{{')) continue;
      // The verdict by what decides it (the thousand SLOs' annotations share a few); the text
      // itself is checked only to say what is wrong, with its own positions.
      const skeleton = templateSkeleton(v);
      let valid = validTemplates.get(skeleton);
      if (valid === undefined) {
        valid = checkGoTemplate(skeleton).length === 0;
        if (validTemplates.size >= 10_000) validTemplates.clear();
        validTemplates.set(skeleton, valid);
      }
      const p = valid ? undefined : checkGoTemplate(v)[0];
      if (p) {
        problems = [
          ...problems,
          {
            severity: 'error',
            code: 'generate/invalid-template',
            what: `${kind} \`${k}\` is not a valid template (${p.message})`,
            hint: 'Prometheus would refuse to load this rule file',
          },
        ];
      }
    }
  }
  return problems;
}
