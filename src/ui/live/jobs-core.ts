/**
 * Work the live views need from the core that costs more than a few milliseconds: the metrics a
 * spec depends on (every PromQL of its rules and dashboard, parsed), and compiling a whole
 * portfolio. Plain data in, plain data out; the jobs worker runs it off the main thread.
 */
import { compile, type ImportResult, importSpecs, type MetricRequirement, metricRequirements, type ServiceModel } from '../../core/index.ts';
import type { WorkspaceFile } from '../lib/workspace.ts';

export interface RequirementsJob { type: 'requirements'; id: number; file: string; text: string; environments: WorkspaceFile[]; environment: string }
export interface PortfolioJob { type: 'portfolio'; id: number; files: WorkspaceFile[] }
/** Sloth, OpenSLO or Pyrra files opened or dropped on the studio, imported together (OpenSLO refers across files). */
export interface ImportJob { type: 'import'; id: number; files: WorkspaceFile[] }
export type Job = RequirementsJob | PortfolioJob | ImportJob;

export type RequirementsAnswer = { ok: true; requirements: MetricRequirement[] } | { ok: false; error: string };

export interface CompiledSpec {
  file: string;
  text: string;
  model?: ServiceModel;
  /** First error, when the spec does not compile. */
  error?: string;
  errorCount: number;
}

export function runRequirements(job: RequirementsJob): RequirementsAnswer {
  const r = compile({ file: job.file, text: job.text, environments: job.environments.map((e) => ({ file: e.path, text: e.text })), ...(job.environment ? { environment: job.environment } : {}) });
  if (!r.ok || !r.model) return { ok: false, error: 'the spec has errors: fix them before verifying' };
  return { ok: true, requirements: metricRequirements(r.model, r.bundle) };
}

export function runPortfolio(job: PortfolioJob): CompiledSpec[] {
  return job.files.map((f) => {
    try {
      const r = compile({ file: f.path, text: f.text });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (r.ok && r.model) return { file: f.path, text: f.text, model: r.model, errorCount: 0 };
      return { file: f.path, text: f.text, errorCount: Math.max(1, errors.length), error: errors[0] ? `${errors[0].line}:${errors[0].column} ${errors[0].message}` : 'does not compile' };
    } catch (e) {
      return { file: f.path, text: f.text, errorCount: 1, error: e instanceof Error ? e.message : String(e) };
    }
  });
}

export function runImport(job: ImportJob): ImportResult {
  return importSpecs(job.files.map((f) => ({ file: f.path, text: f.text })));
}
