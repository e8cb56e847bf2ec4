/**
 * What the preview shows, derived from a compile result as plain, cloneable data (it crosses the
 * worker boundary). Every number comes from the core: the SLO facts (`sloFacts`, the same
 * `slo show --format json` prints) and the plan summary (`planSummary`, the same `plan` prints).
 */
import {
  type CompileResult,
  type DashboardPlan,
  dashboardPlanOf,
  type Diagnostic,
  type GeneratedFile,
  planSummary,
  type PlanSummary,
  type ServiceModel,
  sloFacts,
  sloFactsJson,
  type SloFactsJson,
  type SloModel,
} from '../../core/index.ts';

/** One SLO card: its facts, plus what the spec says about it in words. */
export interface SloView extends SloFactsJson {
  description?: string;
  indicatorType: string;
}

export type PlanView = PlanSummary;

export interface PreviewResult {
  /** Which request this answers; the studio only shows the newest. */
  seq: number;
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Undefined while the spec is invalid. */
  files?: GeneratedFile[];
  slos?: SloView[];
  plan?: PlanView;
  /** The plan dashboard.json was built from: panel roles and named thresholds drive the dashboard preview. */
  dashboardPlan?: DashboardPlan;
  /** The normalised model (plain data), for live budget queries; undefined while invalid. */
  model?: ServiceModel;
  /** Milliseconds the compile took, for the status bar. */
  compileMs: number;
  /** Set by the worker: wall-clock ms (epoch) when it received the request and posted the result. */
  workerTiming?: { received: number; posted: number };
  /** Environments with override files for this spec, the one applied ('' for none) and its files. */
  environments: string[];
  environment: string;
  overrides: string[];
}

export type EnvironmentInfo = Pick<PreviewResult, 'environments' | 'environment' | 'overrides'>;

function sloView(model: ServiceModel, slo: SloModel): SloView {
  return {
    ...sloFactsJson(sloFacts(model, slo)),
    ...(slo.description ? { description: slo.description } : {}),
    indicatorType: slo.indicatorType,
  };
}

/** The whole preview for one compile, as plain data. */
export function summarize(seq: number, result: CompileResult, compileMs: number, env: EnvironmentInfo): PreviewResult {
  const ok = result.ok && result.bundle !== undefined;
  const plan = ok && result.model && result.bundle ? planSummary(result.model, result.bundle) : undefined;
  return {
    seq,
    ok,
    diagnostics: result.diagnostics.map((d) => ({ ...d })),
    ...(ok && result.bundle ? { files: result.bundle.files.map((f) => ({ ...f })) } : {}),
    ...(ok && result.model ? { slos: result.model.slos.map((s) => sloView(result.model!, s)) } : {}),
    ...(plan ? { plan } : {}),
    ...(ok && result.bundle && dashboardPlanOf(result.bundle) ? { dashboardPlan: dashboardPlanOf(result.bundle) } : {}),
    ...(ok && result.model ? { model: result.model } : {}),
    compileMs,
    ...env,
  };
}
