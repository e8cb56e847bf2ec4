/**
 * Machine-readable budget and deploy-gate outputs: `slo collect --format json` and
 * `check-deploy --format json|junit|github`. Every number names its unit (`…Ratio`, `…Percent`,
 * `…Seconds`, `…Minutes`; burn rates and factors are multiples of the sustainable rate). The
 * shapes are documented in README.md ("JSON outputs").
 */
import {
  formatDuration,
  formatNumber,
  sloFacts,
  sloGateVerdicts,
  type GateResult,
  type ServiceModel,
  type SloBudget,
  type SloGateVerdict,
} from '../../core/index.ts';
import { annotation, cell } from './github.ts';

export interface BudgetJson {
  slo: string;
  status: SloBudget['status'];
  /** recorded: read from the recording rules; raw: computed from the SLI's own metrics. */
  source: string;
  /** The window still holds values but the SLI's metrics are gone now. */
  stale: boolean;
  objectivePercent: number;
  objectiveRatio: number;
  windowSeconds: number;
  sliRatio: number | null;
  budgetRemainingRatio: number | null;
  budgetMinutes: number;
  budgetConsumedMinutes: number | null;
  burnRates: { windowSeconds: number; burnRate: number | null }[];
  exhaustionInSeconds: number | null;
}

export function budgetJson(model: ServiceModel, b: SloBudget & { source?: string }): BudgetJson {
  const slo = model.slos.find((s) => s.name === b.slo)!;
  return {
    slo: b.slo,
    status: b.status,
    source: b.source ?? 'recorded',
    stale: b.stale === true,
    objectivePercent: slo.objectivePercent,
    objectiveRatio: slo.objective,
    windowSeconds: slo.window,
    sliRatio: b.sli ?? null,
    budgetRemainingRatio: b.remaining ?? null,
    budgetMinutes: b.budgetMinutes,
    budgetConsumedMinutes: b.consumedMinutes ?? null,
    burnRates: b.burnRates.map((r) => ({ windowSeconds: r.window, burnRate: r.burnRate ?? null })),
    exhaustionInSeconds: b.exhaustionIn ?? null,
  };
}

export interface DeployJson {
  service: string;
  prometheus: string;
  evaluatedAtUnixSeconds: number;
  allowed: boolean;
  decision: GateResult['decision'];
  reason: string;
  /** The SLO that decided it (the one with the least budget left), when any had data. */
  decidingSlo: string | null;
  budgetRemainingPercent: number | null;
  thresholds: { warningPercent: number; blockingPercent: number | null; source: string };
  condition: string | null;
  exception: string | null;
  problems: string[];
  slos: (BudgetJson & { blocks: boolean; warns: boolean })[];
}

export function deployJson(
  model: ServiceModel,
  prometheus: string,
  now: number,
  gate: GateResult,
  budgets: readonly SloBudget[],
): DeployJson {
  const verdicts = sloGateVerdicts(model, gate, budgets);
  return {
    service: model.name,
    prometheus,
    evaluatedAtUnixSeconds: Math.floor(now / 1000),
    allowed: gate.allowed,
    decision: gate.decision,
    reason: gate.message,
    decidingSlo: gate.slo ?? null,
    budgetRemainingPercent: gate.remainingPercent ?? null,
    thresholds: { warningPercent: gate.thresholds.warning, blockingPercent: gate.thresholds.blocking, source: gate.thresholds.source },
    condition: gate.condition ?? null,
    exception: gate.exception ?? null,
    problems: gate.problems,
    slos: budgets.map((b, i) => ({ ...budgetJson(model, b), blocks: verdicts[i]!.blocks, warns: verdicts[i]!.warns })),
  };
}

const pct = (r: number | null | undefined): string =>
  r === null || r === undefined ? 'no data' : `${formatNumber(Math.round(r * 10_000) / 100)}%`;

function xml(s: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; markup characters are escaped.
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function sloLine(model: ServiceModel, b: SloBudget, v: SloGateVerdict): string {
  const slo = model.slos.find((s) => s.name === b.slo)!;
  return `SLO ${b.slo} (${formatNumber(slo.objectivePercent)}% over ${formatDuration(slo.window)}): ${b.status}, budget left ${pct(b.remaining)}${v.blocks ? ' — blocks the deploy' : v.warns ? ' — below the warning threshold' : ''}`;
}

/** JUnit XML: one test suite per service, one test case per SLO, a failure where the SLO blocks the deploy. */
export function deployJunit(model: ServiceModel, gate: GateResult, budgets: readonly SloBudget[]): string {
  const verdicts = sloGateVerdicts(model, gate, budgets);
  const failures = verdicts.filter((v) => v.blocks).length;
  const cases = budgets.map((b, i) => {
    const v = verdicts[i]!;
    const line = sloLine(model, b, v);
    const body = v.blocks
      ? `\n      <failure type="${xml(gate.decision)}" message="${xml(line)}">${xml(`${line}\n${gate.message}`)}</failure>\n    `
      : '';
    return `    <testcase classname="${xml(`nthlayer.check-deploy.${model.name}`)}" name="${xml(b.slo)}" time="0">${body}${v.blocks ? '' : `<system-out>${xml(line)}</system-out>`}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="nthlayer check-deploy" tests="${budgets.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xml(model.name)}" tests="${budgets.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    '    <properties>',
    `      <property name="decision" value="${xml(gate.decision)}"/>`,
    `      <property name="allowed" value="${gate.allowed}"/>`,
    `      <property name="reason" value="${xml(gate.message)}"/>`,
    '    </properties>',
    ...cases,
    `    <system-out>${xml(gate.message)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}

/** Workflow commands: one annotation per SLO that blocks or warns, and the decision. */
export function deployAnnotations(model: ServiceModel, specFile: string, gate: GateResult, budgets: readonly SloBudget[]): string[] {
  const verdicts = sloGateVerdicts(model, gate, budgets);
  const lines = budgets.flatMap((b, i) => {
    const v = verdicts[i]!;
    if (!v.blocks && !v.warns) return [];
    return [
      annotation({
        level: v.blocks ? 'error' : 'warning',
        file: specFile,
        title: `Deploy gate: ${model.name} ${b.slo}`,
        message: sloLine(model, b, v),
      }),
    ];
  });
  const level = !gate.allowed ? 'error' : gate.decision === 'approved' ? 'notice' : 'warning';
  lines.push(
    annotation({ level, file: specFile, title: `Deploy ${gate.allowed ? 'allowed' : 'blocked'}: ${model.name}`, message: gate.message }),
  );
  return lines;
}

/** The job-summary table ($GITHUB_STEP_SUMMARY). */
export function deploySummary(model: ServiceModel, gate: GateResult, budgets: readonly SloBudget[]): string {
  const verdicts = sloGateVerdicts(model, gate, budgets);
  const mark = !gate.allowed ? '❌ blocked' : gate.decision === 'approved' ? '✅ approved' : '⚠️ allowed with a warning';
  const rows = budgets.map((b, i) => {
    const slo = model.slos.find((s) => s.name === b.slo)!;
    // The burn over the fast page tier's long window (1h for 28–30 day SLOs).
    const tier = sloFacts(model, slo).tiers.find((t) => t.name === 'page_fast');
    const fast = b.burnRates.find((x) => x.window === tier?.longWindow);
    const v = verdicts[i]!;
    return `| ${cell(b.slo)} | ${formatNumber(slo.objectivePercent)}% / ${formatDuration(slo.window)} | ${b.status} | ${pct(b.remaining)} | ${fast?.burnRate !== undefined ? `${formatNumber(Math.round(fast.burnRate * 100) / 100)}× (${formatDuration(fast.window)})` : 'n/a'} | ${v.blocks ? '❌ blocks' : v.warns ? '⚠️ warns' : '✅'} |`;
  });
  return [
    `### Deploy gate: ${cell(model.name)} — ${mark}`,
    '',
    cell(gate.message),
    '',
    '| SLO | objective | status | budget left | burn rate | gate |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Thresholds: warning below ${formatNumber(gate.thresholds.warning)}%, ${gate.thresholds.blocking === null ? 'never blocks on the budget' : `blocking below ${formatNumber(gate.thresholds.blocking)}%`} (${cell(gate.thresholds.source)}).`,
    '',
  ].join('\n');
}
