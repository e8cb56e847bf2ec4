/** Commands that talk to Prometheus: verify, slo collect/show, check-deploy. */
import { evaluateGate, formatDuration, formatNumber, humanDuration, metricRequirements, sloFacts, sloFactsJson } from '../../core/index.ts';
import { collectBudgets } from '../../live/budget.ts';
import { discover } from '../../live/discovery.ts';
import { verifyMetrics } from '../../live/verify.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError, loadAndCompile } from '../load.ts';
import { paint, printDiagnostics, type Io } from '../output.ts';
import { cliPromClient, promFailure, type PromFlags } from '../prom.ts';

export interface LiveOptions extends PromFlags {
  env?: string;
  format?: 'text' | 'json' | 'junit' | 'github';
  strict?: boolean;
  team?: string;
  /** Seconds since the epoch to evaluate at (default: now). */
  at?: string;
  lookback?: string;
}

export function compiled(file: string, env: string | undefined, io: Io): ReturnType<typeof loadAndCompile>['result'] {
  const { result } = loadAndCompile(file, env);
  printDiagnostics(io, result.diagnostics, 'warning');
  if (!result.ok || !result.model) throw new CliError(`${file} is invalid; fix it first (nthlayer validate ${file})`, EXIT.failed);
  return result;
}

function nowMs(opts: LiveOptions): number {
  if (opts.at === undefined) return Date.now();
  const n = Number(opts.at);
  if (!Number.isFinite(n)) throw new CliError(`--at must be a Unix time in seconds, not ${opts.at}`, EXIT.usage);
  return n * 1000;
}

const pct = (r: number | undefined) => (r === undefined ? 'n/a' : `${formatNumber(Math.round(r * 10_000) / 100)}%`);

export async function verifyCommand(file: string, opts: LiveOptions, io: Io): Promise<number> {
  const result = compiled(file, opts.env, io);
  const requirements = metricRequirements(result.model!, result.bundle);
  const { client, url } = cliPromClient(opts);
  const lookback = opts.lookback ? Number(opts.lookback) : 3600;
  const r = await verifyMetrics(client, requirements, { now: nowMs(opts), lookbackSeconds: lookback });
  if (!r.ok) throw promFailure(r.error, url);
  const { report } = r;
  const failed = report.missingRequired.length > 0 || (opts.strict === true && report.missingOptional.length > 0);
  if (opts.format === 'json') {
    io.out(JSON.stringify({ service: result.model!.name, prometheus: url, ...report }, null, 2));
    return failed ? EXIT.failed : EXIT.ok;
  }
  io.out(
    `Verifying ${report.checks.length} metrics of ${result.model!.name} against ${url} (Prometheus ${report.prometheusVersion}, ${report.requests} requests)`,
  );
  for (const c of report.checks) {
    const mark = c.present ? paint(io, 'green', 'ok     ') : c.required ? paint(io, 'red', 'MISSING') : paint(io, 'yellow', 'missing');
    const buckets = new Set(c.missingBuckets.map((b) => b.selector));
    const empty = c.emptySelectors.filter((s) => !buckets.has(s));
    const extra = empty.length ? ` — no series for ${empty.join(', ')}` : '';
    io.out(`  ${mark} ${c.metric}${c.required ? ' (required)' : ''} [${c.sources.join(', ')}] from ${c.exporter}${extra}`);
    for (const b of c.missingBuckets) {
      io.out(
        `          no bucket le="${b.le}": the latency SLO would have no data (${b.available.length ? `its buckets: ${b.available.join(', ')}` : 'the histogram has no buckets for these labels'}); set threshold_ms to a bucket boundary`,
      );
    }
  }
  const byExporter = new Map<string, string[]>();
  for (const c of [...report.missingRequired, ...report.missingOptional])
    byExporter.set(c.exporter, [...(byExporter.get(c.exporter) ?? []), c.metric]);
  for (const [exporter, metrics] of byExporter) io.out(`  → install or fix ${exporter}: ${metrics.length} metric(s) missing`);
  io.out(
    failed
      ? `${report.missingRequired.length} required and ${report.missingOptional.length} optional metric(s) missing`
      : `all required metrics present${report.missingOptional.length ? ` (${report.missingOptional.length} optional missing; --strict to fail on them)` : ''}`,
  );
  return failed ? EXIT.failed : EXIT.ok;
}

export async function sloCollectCommand(file: string, opts: LiveOptions, io: Io): Promise<number> {
  const result = compiled(file, opts.env, io);
  const model = result.model!;
  const { client, url } = cliPromClient(opts);
  const r = await collectBudgets(client, model, nowMs(opts));
  if (!r.ok) throw promFailure(r.error, url);
  if (opts.format === 'json') {
    const { budgetJson } = await import('../formats/deploy.ts');
    io.out(
      JSON.stringify(
        {
          service: model.name,
          prometheus: url,
          evaluatedAtUnixSeconds: Math.floor(nowMs(opts) / 1000),
          slos: r.report.budgets.map((b) => budgetJson(model, b)),
          requests: r.report.requests,
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  io.out(`${model.name}: error budgets over their windows (${r.report.requests} queries to ${url})`);
  for (const b of r.report.budgets) {
    const slo = model.slos.find((s) => s.name === b.slo)!;
    const burns = b.burnRates
      .filter((x) => x.burnRate !== undefined)
      .map((x) => `${formatDuration(x.window)} ${formatNumber(Math.round(x.burnRate! * 100) / 100)}×`)
      .join(', ');
    io.out(
      `  ${b.slo}: ${b.status.toUpperCase()} — SLI ${pct(b.sli)} vs ${formatNumber(slo.objectivePercent)}% over ${formatDuration(slo.window)}, budget left ${pct(b.remaining)}` +
        `${b.consumedMinutes !== undefined ? ` (${formatNumber(Math.round(b.consumedMinutes * 10) / 10)} of ${formatNumber(b.budgetMinutes)} min used)` : ''}` +
        `${b.exhaustionIn !== undefined ? `, exhausted in ${humanDuration(b.exhaustionIn)} at the 1h burn rate` : ''}${burns ? `\n      burn rates: ${burns}` : ''}${b.source === 'raw' ? '\n      (computed from raw metrics: the recording rules are not loaded)' : ''}`,
    );
  }
  return EXIT.ok;
}

export function sloShowText(file: string, opts: LiveOptions, io: Io): number {
  const model = compiled(file, opts.env, io).model!;
  if (opts.format === 'json') {
    io.out(JSON.stringify({ service: model.name, slos: model.slos.map((s) => sloFactsJson(sloFacts(model, s))) }, null, 2));
    return EXIT.ok;
  }
  for (const slo of model.slos) {
    const f = sloFacts(model, slo);
    io.out(
      `${paint(io, 'bold', slo.name)}: ${formatNumber(slo.objectivePercent)}% over ${formatDuration(slo.window)} (${slo.indicatorType}, ${slo.sli.kind === 'events' && slo.sli.latency ? `latency ≤ ${formatNumber(slo.sli.latency.threshold)} s` : slo.sli.kind})`,
    );
    io.out(`  budget: ${formatNumber(Math.round(f.budgetMinutes * 10) / 10)} minutes of full outage`);
    for (const t of f.tiers) {
      const state = t.enabled
        ? ''
        : `  [off: ${t.off === 'impossible' ? 'can never fire' : t.off === 'tier-disabled' ? 'disabled in the spec' : 'alerting disabled'}]`;
      io.out(
        `  ${t.name.padEnd(11)} ${formatNumber(t.factor).padStart(5)}× over ${formatDuration(t.longWindow)}/${formatDuration(t.shortWindow)}, for ${formatDuration(t.for)}, ${t.severity}: ` +
          `fires after ${formatNumber(Math.round(t.budgetConsumedAtFire * 10_000) / 100)}% of the budget; a full outage pages in ${humanDuration(t.firesAfterFullOutage)}; budget gone in ${humanDuration(t.exhaustionAtThreshold)} at this rate${state}`,
      );
    }
    io.out(
      `  no_data     ${f.noData.enabled ? `fires after ${formatDuration(f.noData.for)} without SLI data (${f.noData.severity})` : 'off'}`,
    );
  }
  return EXIT.ok;
}

export async function checkDeployCommand(file: string, opts: LiveOptions, io: Io): Promise<number> {
  const result = compiled(file, opts.env, io);
  const model = result.model!;
  if (model.slos.length === 0) {
    if (opts.format === 'json' || opts.format === 'junit' || opts.format === 'github') {
      // The same shapes as with SLOs: an allowed deploy with nothing measured, nothing queried.
      const { gateThresholds } = await import('../../core/index.ts');
      const gate = {
        decision: 'approved' as const,
        allowed: true,
        thresholds: gateThresholds(model),
        message: `${model.name} has no SLOs: nothing to gate`,
        problems: [],
      };
      const f = await import('../formats/deploy.ts');
      if (opts.format === 'json') io.out(JSON.stringify(f.deployJson(model, '', nowMs(opts), gate, []), null, 2));
      if (opts.format === 'junit') io.out(f.deployJunit(model, gate, []));
      if (opts.format === 'github') for (const line of f.deployAnnotations(model, file, gate, [])) io.out(line);
      return EXIT.ok;
    }
    io.out(`${model.name}: no SLOs, nothing to gate`);
    return EXIT.ok;
  }
  const { client, url } = cliPromClient(opts);
  const now = nowMs(opts);
  const r = await collectBudgets(client, model, now);
  if (!r.ok) throw promFailure(r.error, url);
  const gate = evaluateGate({ model, budgets: r.report.budgets, now, ...(opts.team ? { team: opts.team } : {}) });
  if (opts.format === 'json' || opts.format === 'junit' || opts.format === 'github') {
    const f = await import('../formats/deploy.ts');
    if (opts.format === 'json') io.out(JSON.stringify(f.deployJson(model, url, now, gate, r.report.budgets), null, 2));
    if (opts.format === 'junit') io.out(f.deployJunit(model, gate, r.report.budgets));
    if (opts.format === 'github') {
      for (const line of f.deployAnnotations(model, file, gate, r.report.budgets)) io.out(line);
      const { appendJobSummary } = await import('../formats/github.ts');
      appendJobSummary(f.deploySummary(model, gate, r.report.budgets));
    }
  } else {
    for (const b of r.report.budgets) io.out(`  ${b.slo}: ${b.status} (budget left ${pct(b.remaining)})`);
    for (const p of gate.problems) io.err(`warning: ${p}`);
    const style = !gate.allowed ? 'red' : gate.decision === 'approved' ? 'green' : 'yellow';
    io.out(paint(io, style, gate.message));
    const blast = model.dependencies.filter((d) => d.category === 'upstream' && (d.criticality === 'critical' || d.criticality === 'high'));
    if (blast.length) io.out(`Blast radius: ${blast.map((d) => d.name).join(', ')}`);
  }
  return gate.allowed ? EXIT.ok : EXIT.failed;
}

export async function discoverCommand(file: string, opts: LiveOptions, io: Io): Promise<number> {
  const result = compiled(file, opts.env, io);
  const model = result.model!;
  const { client, url } = cliPromClient(opts);
  const r = await discover(client, model, nowMs(opts), opts.lookback ? Number(opts.lookback) : 3600);
  if (!r.ok) throw promFailure(r.error, url);
  const { report } = r;
  if (opts.format === 'json') {
    io.out(JSON.stringify({ service: model.name, prometheus: url, ...report }, null, 2));
    return EXIT.ok;
  }
  io.out(`${model.name}: ${report.metrics.length} metrics found in ${url} (${report.requests} requests)`);
  const byExporter = new Map<string, typeof report.metrics>();
  for (const m of report.metrics) byExporter.set(m.exporter, [...(byExporter.get(m.exporter) ?? []), m]);
  for (const [exporter, list] of byExporter) io.out(`  ${exporter}: ${list.map((m) => `${m.metric} (${m.type})`).join(', ')}`);
  for (const tech of model.technologies) {
    const intents = report.intents.filter((i) => i.technology === tech);
    const missing = intents.filter((i) => i.source === 'missing');
    io.out(
      `${tech}: ${intents.length - missing.length}/${intents.length} dashboard intents have data${missing.length ? `; missing ${missing.map((i) => i.intent).join(', ')}` : ''}`,
    );
    for (const i of intents.filter((x) => x.source === 'alternative'))
      io.out(`  ${i.intent} → ${i.metric} (an alternative name; apply --discover uses it)`);
    if (missing.length) io.out(`  → ${missing[0]!.guidance}`);
  }
  return EXIT.ok;
}
