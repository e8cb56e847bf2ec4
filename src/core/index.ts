/**
 * The isomorphic core's entry point. `compile` runs the whole pipeline —
 * parseSpec → toModel → generate — on texts handed in by a shell (CLI, studio, tests).
 */
import { generate, type Bundle, type GenerateOptions, type RuleFormat } from './bundle.ts';
import { toModel } from './model/load.ts';
import type { ServiceModel } from './model/types.ts';
import { capDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from './spec/diagnostics.ts';
import { parseEnvironment, parseSpec, type ParsedSpec } from './spec/parse.ts';

export interface SourceText {
  file: string;
  text: string;
}

export interface CompileInput extends SourceText {
  /** Environment override files in the order they apply (see environmentFileCandidates). */
  environments?: SourceText[];
  environment?: string;
  checkFileName?: boolean;
  ruleFormat?: RuleFormat;
  /** Passed to generate: PrometheusRule labels and the Argo AnalysisTemplate. */
  output?: Pick<GenerateOptions, 'ruleLabels' | 'argoRollouts'>;
}

export interface CompileResult {
  parsed: ParsedSpec;
  model: ServiceModel | undefined;
  /** Undefined while the spec has errors. */
  bundle: Bundle | undefined;
  diagnostics: Diagnostic[];
  ok: boolean;
}

export function compile(input: CompileInput): CompileResult {
  const parsed = parseSpec(input.text, input.file, { checkFileName: input.checkFileName ?? false });
  const environments = (input.environments ?? []).map((e) => parseEnvironment(e.text, e.file));
  const { model, diagnostics: modelDiagnostics } = toModel(parsed, {
    environments,
    ...(input.environment ? { environment: input.environment } : {}),
  });
  let diagnostics = dedupe([...parsed.diagnostics, ...modelDiagnostics]);
  const ok = model !== undefined && !hasErrors(diagnostics);
  const specText = [input.text, ...(input.environments ?? []).map((e) => e.text)].join('\n---\n');
  const bundle =
    ok && model ? generate(model, { specText, ...(input.ruleFormat ? { ruleFormat: input.ruleFormat } : {}), ...input.output }) : undefined;
  // Problems found while generating have no position of their own: they belong to the spec file.
  if (bundle) diagnostics = dedupe([...diagnostics, ...bundle.diagnostics.map((d) => (d.file ? d : { ...d, file: input.file }))]);
  return { parsed, model, bundle, diagnostics: capDiagnostics(sortDiagnostics(diagnostics)), ok: ok && !hasErrors(diagnostics) };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { generate, type Bundle, type GeneratedFile, type GenerateOptions, type RuleFormat } from './bundle.ts';
export { dashboardPlanOf } from './generators/dashboard/preview.ts';
export type { DashboardPlan, HealthyRange, PlannedPanel, PlannedQuery, PlannedRow, PlannedVariable } from './generators/dashboard/plan.ts';
export type { PanelRole, ThresholdStep } from './technologies/types.ts';
export { environmentFileCandidates, ENVIRONMENT_NAME_RE, toModel } from './model/load.ts';
export { environmentsFor, overrideFilesFor } from './model/environments.ts';
export type { ServiceModel, SloModel } from './model/types.ts';
export { formatDiagnostic, hasErrors, type Diagnostic, type Severity } from './spec/diagnostics.ts';
export { parseEnvironment, parseSpec } from './spec/parse.ts';
export { serviceJsonSchema } from './spec/schema.ts';
export {
  fileChanges,
  reviewConsequences,
  type Consequence,
  type ConsequenceKind,
  type FileChange,
  type ReviewConsequences,
} from './review-diff.ts';
export { countLabel, planSummary, planText, type PlanSummary, type PlanDependency, type PlanFile } from './plan.ts';
export { tierBurns, type TierBurn } from './budget/budget.ts';
export { sloFacts, sloFactsJson, type SloFacts, type TierFacts, type SloFactsJson } from './budget/facts.ts';
export { parseStudioConfig, renderStudioConfig, STUDIO_CONFIG_FILE, type StudioConfig } from './studio-config.ts';
// The library's public API beyond the pipeline (`import { … } from 'nthlayer'`, documented in README.md).
export { FILES, GENERATOR_VERSION } from './conventions.ts';
export { initSpec, type InitAnswers } from './init.ts';
export { lintBundle, type LintFinding, type LintOptions } from './lint/lint.ts';
export { metricRequirements, type MetricRequirement } from './verify/requirements.ts';
export { seconds, type Seconds } from './units.ts';
export { dependencyTypeCatalog, resourceKindCatalog, type CatalogEntry } from './technologies/catalog.ts';
export { detectServiceName, serviceFieldsOf, type ServiceFields } from './spec/service-name.ts';
export {
  checkImportOptions,
  detectFormat,
  importSpecs,
  IMPORT_FORMATS,
  SLOTH_DEFAULT_PERIOD,
  type ImportedDocument,
  type ImportedSpec,
  type ImportFormat,
  type ImportInput,
  type ImportOptions,
  type ImportResult,
} from './import/index.ts';
// CI outputs, delivery and progressive delivery (issue #18).
export { FLEET_DIR } from './conventions.ts';
export type { AnalysisTemplate, ArgoMetric } from './generators/argo/index.ts';
export { gateThresholds, sloGateVerdicts, type GateResult, type SloGateVerdict } from './budget/gate.ts';
export type { SloBudget } from './budget/budget.ts';
export type { RuleGroup } from './generators/rules.ts';
export type { Artifact } from './generators/types.ts';
export { formatDuration, formatNumber } from './units.ts';
// What the shells (CLI, studio, live checks, delivery) read of the core: they import the core only
// through this file (eslint.config.js enforces it), so everything they use is listed here.
export { sloBudget } from './budget/budget.ts';
export { evaluateGate } from './budget/gate.ts';
export { LABELS, RECORDS } from './conventions.ts';
export { diffEnvironments } from './envdiff.ts';
export type { PagerDutyConfig, PagerDutyResource } from './generators/pagerduty/types.ts';
export { rawErrorRatioExpr, rawEventRateExprs, rawPresenceExpr, sloSelector, sloWindows } from './generators/slo/rules.ts';
export {
  buildPortfolio,
  portfolioCsv,
  portfolioExitCode,
  portfolioMarkdown,
  type Portfolio,
  type PortfolioEntry,
  type PortfolioService,
  type PortfolioSlo,
  type PortfolioStatus,
} from './portfolio/portfolio.ts';
export { formatMatchers, formatSelector, parsePromql, quote, vectorSelectors } from './promql/parse.ts';
export { BUILTIN_TEMPLATE_NAMES } from './spec/parse.ts';
export { SERVICE_NAME_RE, SERVICE_TYPES, TIERS } from './spec/schema.ts';
export { MAX_SPEC_BYTES } from './spec/source.ts';
export { DEPENDENCY_TECHNOLOGIES, type DependencyTechnology } from './technologies/ids.ts';
export { TECHNOLOGIES } from './technologies/registry.ts';
export { regexLiteral } from './technologies/types.ts';
export { humanDuration, parseDuration } from './units.ts';
export { exporterFor } from './verify/requirements.ts';
// Backtest (issue #15): the engine is pure; src/live/backtest.ts feeds it Prometheus data.
export { backtestSlo, iso, type BacktestData, type SloBacktest } from './backtest/engine.ts';
export { backtestPlan, combinedQuery, SERIES_LABEL } from './backtest/plan.ts';
export {
  backtestJson,
  backtestPeriod,
  chunkRange,
  compareBacktests,
  defaultStep,
  detectionSeconds,
  episodeJson,
  matchIncidents,
  parseIncidents,
  perWeek,
  verdict,
  type BacktestReport,
  type Incident,
  type SloComparison,
} from './backtest/report.ts';
export { healthLine } from './portfolio/portfolio.ts';
