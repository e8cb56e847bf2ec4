/**
 * `argo-analysis-template.yaml` (`apply --format argo-rollouts`): an Argo Rollouts
 * AnalysisTemplate whose metrics are the deploy gate, evaluated by Argo against Prometheus. Per
 * SLO two metrics on the recorded SLO series (the recording rules must be loaded):
 *   <slo>-error-budget  budget left, only while the SLI's base series exist now (the gate's
 *                       "no data" check), at or above the blocking threshold
 *   <slo>-page-burn     how many enabled page tiers burn right now: must be 0
 * Thresholds come from the gate (DeploymentGate or tier defaults) and windows and factors from
 * the SLO's facts, so the template, the alerts and `check-deploy` read the same numbers.
 *
 * Argo's prometheus provider turns an instant vector into a list of floats, `result`, and
 * evaluates successCondition with expr-lang; without a failureCondition a false success
 * condition is a failed measurement. An empty result fails `len(result) == 1`: no data fails
 * closed, as in `check-deploy`.
 */
import { alertConditions } from '../../budget/alert-conditions.ts';
import { gateThresholds } from '../../budget/gate.ts';
import { ARGO, FILES, GENERATOR_NAME, LABELS, RECORDS } from '../../conventions.ts';
import type { ServiceModel, SloModel } from '../../model/types.ts';
import { formatNumber } from '../../units.ts';
import { burnExpr, presenceSeries, sloSelector } from '../slo/rules.ts';
import type { Artifact, GeneratorContext } from '../types.ts';

export interface ArgoMetric {
  name: string;
  successCondition: string;
  failureLimit: number;
  provider: { prometheus: { address: string; query: string } };
}

export interface AnalysisTemplate {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'AnalysisTemplate';
  metadata: { name: string; labels: Record<string, string> };
  spec: { args: { name: string }[]; metrics: ArgoMetric[] };
}

const SLO_KEY = `${LABELS.service}, ${LABELS.slo}`;

/** The budget-left query: the recorded ratio, kept only while the SLI's base series exist now. */
function budgetQuery(model: Pick<ServiceModel, 'name'>, slo: SloModel): string {
  const sel = sloSelector(model, slo);
  return [`${RECORDS.errorBudgetRemaining}${sel}`, ...presenceSeries(slo).map((s) => `${s}${sel}`)].join(`\nand on (${SLO_KEY})\n`);
}

/** The success condition of the budget metric, from the gate's blocking line (a percent) as a ratio. */
function budgetCondition(model: Pick<ServiceModel, 'deploymentGate' | 'tier'>): string {
  const { blocking } = gateThresholds(model);
  const freeze = model.deploymentGate?.on_exhausted?.includes('freeze_deploys') === true;
  const checks = ['len(result) == 1'];
  // The gate blocks below `blocking` percent, and at or below 0 when deploys freeze on exhaustion.
  if (blocking !== null && blocking > 0) checks.push(`result[0] >= ${formatNumber(blocking / 100)}`);
  else if (freeze) checks.push('result[0] > 0');
  else if (blocking === 0) checks.push('result[0] >= 0');
  const measured = checks.join(' && ');
  // on_no_data: allow is the spec's explicit way to let a deploy through without data.
  return model.deploymentGate?.on_no_data === 'allow' ? `len(result) == 0 || (${measured})` : measured;
}

/** Count of the enabled page tiers burning now (0 when none, also without data). */
function pageBurnQuery(model: ServiceModel, slo: SloModel): string | undefined {
  const pages = alertConditions(model, slo).burn.filter((c) => c.tier.kind === 'page');
  if (pages.length === 0) return undefined;
  return `count(\n${pages.map((c) => `(\n${burnExpr(model, slo, c)}\n)`).join('\nor\n')}\n) or vector(0)`;
}

const PAGE_BURN_CONDITION = 'len(result) == 1 && result[0] == 0';

function analysisTemplate(model: ServiceModel, ctx: GeneratorContext): AnalysisTemplate {
  const { blocking, source } = gateThresholds(model);
  const gate = model.deploymentGate;
  if (gate?.conditions?.length || gate?.exceptions?.length) {
    ctx.report({
      severity: 'warning',
      code: 'argo/gate-rules-not-translated',
      message: `DeploymentGate ${gate.name}: conditions and team exceptions are evaluated by \`nthlayer check-deploy\` only; the Argo AnalysisTemplate applies the base thresholds`,
      hint: 'run nthlayer check-deploy in the pipeline as well, or leave conditions out of gates used with Argo Rollouts',
    });
  }
  if (blocking === null && !gate?.on_exhausted?.includes('freeze_deploys')) {
    ctx.report({
      severity: 'warning',
      code: 'argo/no-blocking-threshold',
      message: `the ${source} set no blocking threshold: the AnalysisTemplate fails a rollout only without data or during a page-tier burn`,
      hint: 'set thresholds.blocking (percent of budget left) in a DeploymentGate resource',
    });
  }
  const metric = (name: string, successCondition: string, query: string): ArgoMetric => ({
    name,
    successCondition,
    failureLimit: 0,
    provider: { prometheus: { address: `{{args.${ARGO.addressArg}}}`, query } },
  });
  const metrics = model.slos.flatMap((slo) => {
    const burn = pageBurnQuery(model, slo);
    return [
      metric(ARGO.budgetMetric(slo.name), budgetCondition(model), budgetQuery(model, slo)),
      ...(burn ? [metric(ARGO.pageBurnMetric(slo.name), PAGE_BURN_CONDITION, burn)] : []),
    ];
  });
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: {
      name: ARGO.analysisTemplate(model.name),
      labels: { 'app.kubernetes.io/name': model.name, 'app.kubernetes.io/managed-by': GENERATOR_NAME, team: model.team, tier: model.tier },
    },
    spec: { args: [{ name: ARGO.addressArg }], metrics },
  };
}

/** The AnalysisTemplate as an artifact, or nothing (with a note) for a service without SLOs. */
export function argoArtifact(model: ServiceModel, ctx: GeneratorContext): Artifact | undefined {
  if (model.slos.length === 0) {
    ctx.report({
      severity: 'info',
      code: 'argo/no-slos',
      message: 'no SLOs: no Argo AnalysisTemplate is written (there is no budget to gate on)',
    });
    return undefined;
  }
  const { warning, blocking, source } = gateThresholds(model);
  const template = analysisTemplate(model, ctx);
  return {
    file: FILES.argoAnalysisTemplate,
    format: 'yaml',
    data: template,
    header: [
      `Argo Rollouts AnalysisTemplate: the error-budget deploy gate of ${model.name}, generated by ${GENERATOR_NAME}. Do not edit.`,
      `Gate: ${source}; blocking below ${blocking === null ? 'never' : `${formatNumber(blocking)}%`} of the budget left (warning ${formatNumber(warning)}% is check-deploy's only).`,
      'It reads the recorded SLO series: load recording-rules.yaml into the Prometheus the Rollout passes as',
      `args: [{name: ${ARGO.addressArg}, value: http://prometheus:9090}]. No data fails the analysis.`,
    ],
    counts: { metrics: template.spec.metrics.length },
  };
}
