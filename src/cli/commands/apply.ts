import { join } from 'node:path';
import { generate, lintBundle, type RuleFormat, seconds } from '../../core/index.ts';
import { discover } from '../../live/discovery.ts';
import { cliPromClient, promFailure } from '../prom.ts';
import { EXIT } from '../exit-codes.ts';
import { loadAndCompile } from '../load.ts';
import { writeServiceDirectory } from '../write-output.ts';
import { printDiagnostics, type Io } from '../output.ts';
import { FLEET_DIR } from '../../core/index.ts';
import { lintReport, type LintFormat } from '../formats/lint-report.ts';

export interface ApplyOptions {
  env?: string;
  outputDir: string;
  format?: RuleFormat;
  lint?: boolean;
  /** Resolve dashboard intents against this Prometheus first (apply --discover). */
  discover?: boolean;
  prometheusUrl?: string;
  /** `--format argo-rollouts`: also write the Argo AnalysisTemplate of the deploy gate. */
  argoRollouts?: boolean;
  /** `--rule-labels k=v`: labels on every PrometheusRule (prometheus-operator format). */
  ruleLabels?: Record<string, string>;
  /** How `--lint` reports: text (default), json, sarif or github. */
  lintFormat?: LintFormat;
}

/** `nthlayer apply <spec…>`: writes `<output-dir>/<service>/…` for every valid spec. */
export async function applyCommand(files: string[], opts: ApplyOptions, io: Io): Promise<number> {
  let failed = false;
  const output = { ...(opts.ruleLabels ? { ruleLabels: opts.ruleLabels } : {}), ...(opts.argoRollouts ? { argoRollouts: true } : {}) };
  const report = opts.lint && opts.lintFormat && opts.lintFormat !== 'text' ? lintReport(opts.lintFormat) : undefined;
  // With a machine-readable lint report on stdout, progress goes to stderr.
  const say = report?.machine ? io.err : io.out;
  for (const file of files) {
    const { result } = loadAndCompile(file, opts.env, opts.format, output);
    if (opts.discover && result.ok && result.model) {
      const { client, url } = cliPromClient(opts);
      const d = await discover(client, result.model, Date.now());
      if (!d.ok) throw promFailure(d.error, url);
      // Discovered names fill in; the user's own overrides still win.
      result.model.observability.metricOverrides = { ...d.report.overrides, ...result.model.observability.metricOverrides };
      result.bundle = generate(result.model, { ...(opts.format ? { ruleFormat: opts.format } : {}), ...output });
      const missing = d.report.intents.filter((i) => i.source === 'missing');
      io.err(
        `${file}: discovery used ${Object.keys(d.report.overrides).length} alternative metric name(s); ${missing.length} dashboard intent(s) have no data`,
      );
    }
    if (report) report.diagnostics(result.diagnostics);
    else printDiagnostics(io, result.diagnostics, 'warning');
    if (!result.ok || !result.bundle) {
      io.err(`${file}: invalid; nothing written`);
      failed = true;
      continue;
    }
    const writeResult = writeServiceDirectory(opts.outputDir, result.model!.name, result.bundle.files);
    say(`${file}: wrote ${writeResult.written.length} files to ${join(opts.outputDir, result.model!.name)}/`);
    for (const r of writeResult.removed)
      say(`${file}: removed ${join(opts.outputDir, result.model!.name, r)} (generated before, no longer generated)`);
    if (opts.lint) {
      const findings = lintBundle(result.bundle, {
        scrapeInterval: result.model!.observability.scrapeInterval,
        evaluationInterval: seconds(60),
        ...(opts.ruleLabels ? { ruleLabels: opts.ruleLabels } : {}),
      });
      const written = (f: { file: string }): string =>
        f.file.startsWith(`${FLEET_DIR}/`) ? join(opts.outputDir, f.file) : join(opts.outputDir, result.model!.name, f.file);
      if (report) report.lint(findings, result.bundle, written);
      else for (const f of findings) io.err(`${written(f)}: ${f.where}: ${f.severity}: ${f.message} [${f.check}]`);
      const errors = findings.filter((f) => f.severity === 'error').length;
      say(`${file}: lint ${errors ? 'failed' : 'passed'}: ${errors} error(s), ${findings.length - errors} warning(s)`);
      if (errors > 0) failed = true;
    }
  }
  report?.print(io);
  return failed ? EXIT.failed : EXIT.ok;
}
