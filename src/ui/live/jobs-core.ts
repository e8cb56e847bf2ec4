/**
 * Work the live views need from the core that costs more than a few milliseconds: the metrics a
 * spec depends on (every PromQL of its rules and dashboard, parsed), and compiling a whole
 * portfolio. Plain data in, plain data out; the jobs worker runs it off the main thread.
 */
import {
  compile,
  importSpecs,
  metricRequirements,
  reviewConsequences,
  type CompileResult,
  type ImportResult,
  type MetricRequirement,
  type ReviewConsequences,
  type ServiceModel,
} from '../../core/index.ts';
import type { WorkspaceFile } from '../lib/workspace.ts';
import { compileForStudio, type StudioCompileInput } from '../preview/compile-request.ts';

/** Verify's question: the same input the preview compiles (spec, environment, workspace override files). */
export interface RequirementsJob extends StudioCompileInput {
  type: 'requirements';
  id: number;
}
export interface PortfolioJob {
  type: 'portfolio';
  id: number;
  files: WorkspaceFile[];
}
/** Sloth, OpenSLO or Pyrra files opened or dropped on the studio, imported together (OpenSLO refers across files). */
export interface ImportJob {
  type: 'import';
  id: number;
  files: WorkspaceFile[];
}
/** A review: the author's base and the shared spec, compiled alike, and what changes between them. */
export interface ReviewJob {
  type: 'review';
  id: number;
  base: StudioCompileInput;
  head: StudioCompileInput;
}
export type Job = RequirementsJob | PortfolioJob | ImportJob | ReviewJob;

export interface ReviewAnswer extends ReviewConsequences {
  /** Set when a side does not compile: its first error, so the review says why nothing is compared. */
  baseError?: string;
  headError?: string;
}

export type RequirementsAnswer = { ok: true; requirements: MetricRequirement[] } | { ok: false; error: string };

export interface CompiledSpec {
  file: string;
  text: string;
  model?: ServiceModel;
  /** First error, when the spec does not compile. */
  error?: string;
  errorCount: number;
}

/** The metrics `nthlayer verify` would check, compiled exactly as the preview compiles the spec. */
export function runRequirements(job: RequirementsJob): RequirementsAnswer {
  const { result: r } = compileForStudio(job);
  if (!r.ok || !r.model) return { ok: false, error: 'the spec has errors: fix them before verifying' };
  return { ok: true, requirements: metricRequirements(r.model, r.bundle) };
}

export function runPortfolio(job: PortfolioJob): CompiledSpec[] {
  return job.files.map((f) => {
    try {
      const r = compile({ file: f.path, text: f.text });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (r.ok && r.model) return { file: f.path, text: f.text, model: r.model, errorCount: 0 };
      return {
        file: f.path,
        text: f.text,
        errorCount: Math.max(1, errors.length),
        error: errors[0] ? `${errors[0].line}:${errors[0].column} ${errors[0].message}` : 'does not compile',
      };
    } catch (e) {
      return { file: f.path, text: f.text, errorCount: 1, error: e instanceof Error ? e.message : String(e) };
    }
  });
}

function firstError(r: CompileResult): string | undefined {
  if (r.ok) return undefined;
  const e = r.diagnostics.find((d) => d.severity === 'error');
  return e ? `${e.file}:${e.line}:${e.column} ${e.message}` : 'does not compile';
}

/** What the shared spec changes, compiled exactly as the preview compiles each side. */
export function runReview(job: ReviewJob): ReviewAnswer {
  const base = compileForStudio(job.base).result;
  const head = compileForStudio(job.head).result;
  const side = (r: CompileResult) => (r.ok && r.model && r.bundle ? { model: r.model, bundle: r.bundle } : undefined);
  const baseError = firstError(base);
  const headError = firstError(head);
  return { ...reviewConsequences(side(base), side(head)), ...(baseError ? { baseError } : {}), ...(headError ? { headError } : {}) };
}

export function runImport(job: ImportJob): ImportResult {
  return importSpecs(job.files.map((f) => ({ file: f.path, text: f.text })));
}
