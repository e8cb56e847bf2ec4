/**
 * What the preview shows, derived from a compile result as plain, cloneable data (it crosses the
 * worker boundary). Budget math comes from the core's burn-rate table; nothing here is stored.
 */
import { burnRateTiers } from '../../core/budget/windows.ts';
import type { CompileResult, Diagnostic, GeneratedFile } from '../../core/index.ts';
import type { ServiceModel, SloModel } from '../../core/model/types.ts';

export interface TierView {
  name: string;
  kind: 'page' | 'ticket';
  severity: string;
  enabled: boolean;
  /** Seconds the condition must hold before firing (`for:`), when set. */
  forSeconds?: number;
  longWindow: number;
  shortWindow: number;
  budgetFraction: number;
  factor: number;
  /** Error-ratio threshold both windows must exceed: factor × error budget. */
  threshold: number;
  /** Seconds until it fires during a total outage (100 % errors): budgetFraction × window. */
  detectAtFullOutage: number;
}

export interface SloView {
  name: string;
  description?: string;
  indicatorType: string;
  objective: number;
  objectivePercent: number;
  errorBudget: number;
  window: number;
  /** Allowed bad minutes over the window, as if every request failed for that long. */
  budgetMinutes: number;
  alertingEnabled: boolean;
  tiers: TierView[];
}

export interface PlanFile {
  path: string;
  bytes: number;
  counts: Record<string, number>;
}

export interface PlanView {
  service: string;
  team: string;
  tier: string;
  type: string;
  environment: string | null;
  technologies: string[];
  files: PlanFile[];
  totals: Record<string, number>;
}

export interface PreviewResult {
  /** Which request this answers; the studio only shows the newest. */
  seq: number;
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Undefined while the spec is invalid. */
  files?: GeneratedFile[];
  slos?: SloView[];
  plan?: PlanView;
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

export function sloView(slo: SloModel): SloView {
  const tiers = burnRateTiers(slo.window).map((t): TierView => {
    const config = slo.alerting.tiers[t.name];
    return {
      name: t.name,
      kind: t.kind,
      severity: config?.severity ?? t.severity,
      enabled: slo.alerting.enabled && (config?.enabled ?? true),
      ...(config?.for !== undefined ? { forSeconds: config.for } : {}),
      longWindow: t.longWindow,
      shortWindow: t.shortWindow,
      budgetFraction: t.budgetFraction,
      factor: t.factor,
      threshold: t.factor * slo.errorBudget,
      detectAtFullOutage: t.factor * slo.errorBudget * t.longWindow,
    };
  });
  return {
    name: slo.name,
    ...(slo.description ? { description: slo.description } : {}),
    indicatorType: slo.indicatorType,
    objective: slo.objective,
    objectivePercent: slo.objectivePercent,
    errorBudget: slo.errorBudget,
    window: slo.window,
    budgetMinutes: (slo.errorBudget * slo.window) / 60,
    alertingEnabled: slo.alerting.enabled,
    tiers,
  };
}

const encoder = new TextEncoder();

export function planView(result: CompileResult): PlanView | undefined {
  const { model, bundle } = result;
  if (!model || !bundle) return undefined;
  const files = bundle.files.map((f, i): PlanFile => ({
    path: f.path,
    bytes: encoder.encode(f.content).length,
    counts: { ...(bundle.artifacts[i]?.counts ?? {}) },
  }));
  const totals: Record<string, number> = {};
  for (const f of files) for (const [k, v] of Object.entries(f.counts)) totals[k] = (totals[k] ?? 0) + v;
  return {
    service: model.name,
    team: model.team,
    tier: model.tier,
    type: model.type,
    environment: model.environment ?? null,
    technologies: [...model.technologies],
    files,
    totals,
  };
}

/** The whole preview for one compile, as plain data. */
export function summarize(seq: number, result: CompileResult, compileMs: number, env: EnvironmentInfo): PreviewResult {
  const ok = result.ok && result.bundle !== undefined;
  const plan = ok ? planView(result) : undefined;
  return {
    seq,
    ok,
    diagnostics: result.diagnostics.map((d) => ({ ...d })),
    ...(ok && result.bundle ? { files: result.bundle.files.map((f) => ({ path: f.path, content: f.content })) } : {}),
    ...(ok && result.model ? { slos: result.model.slos.map(sloView) } : {}),
    ...(plan ? { plan } : {}),
    ...(ok && result.model ? { model: result.model } : {}),
    compileMs,
    ...env,
  };
}
