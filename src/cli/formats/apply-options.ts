/** `apply`'s output flags: `--format` (repeatable) and `--rule-labels k=v`. */
import type { RuleFormat } from '../../core/index.ts';
import { CliError } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';

const APPLY_FORMATS = ['prometheus', 'prometheus-operator', 'argo-rollouts'] as const;
export type ApplyFormat = (typeof APPLY_FORMATS)[number];

/** One rule-file format (default prometheus) plus, optionally, the Argo AnalysisTemplate. */
export function resolveApplyFormats(given: readonly string[] | undefined): { ruleFormat: RuleFormat; argoRollouts: boolean } {
  const list = given && given.length ? given : ['prometheus'];
  for (const f of list) {
    if (!(APPLY_FORMATS as readonly string[]).includes(f)) {
      throw new CliError(
        `unknown --format ${JSON.stringify(f)}`,
        EXIT.usage,
        `use ${APPLY_FORMATS.join(', ')} (repeat --format to combine argo-rollouts with a rule format)`,
      );
    }
  }
  const rules = [...new Set(list.filter((f) => f !== 'argo-rollouts'))] as RuleFormat[];
  if (rules.length > 1)
    throw new CliError(
      `--format ${rules.join(' and ')}: choose one rule-file format`,
      EXIT.usage,
      'prometheus writes rule files, prometheus-operator PrometheusRule objects',
    );
  return { ruleFormat: rules[0] ?? 'prometheus', argoRollouts: list.includes('argo-rollouts') };
}

// Kubernetes label syntax: an optional DNS-subdomain prefix, a name of up to 63 characters; values up to 63.
const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?)$/;

/** `release=prometheus,team=payments` (flags may repeat) → labels, checked against Kubernetes' label syntax. */
export function parseRuleLabels(items: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    const value = eq === -1 ? undefined : item.slice(eq + 1);
    const slash = key.lastIndexOf('/');
    const prefix = slash === -1 ? undefined : key.slice(0, slash);
    const name = slash === -1 ? key : key.slice(slash + 1);
    const keyOk = NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && PREFIX.test(prefix)));
    if (value === undefined || !keyOk || !VALUE.test(value)) {
      throw new CliError(
        `--rule-labels ${JSON.stringify(item)} is not a Kubernetes label`,
        EXIT.usage,
        'write key=value, e.g. --rule-labels release=prometheus (keys and values: letters, digits, - _ . up to 63 characters)',
      );
    }
    out[key] = value;
  }
  return out;
}
