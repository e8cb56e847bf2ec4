import {
  buildPortfolio,
  hasErrors,
  healthLine,
  portfolioCsv,
  type PortfolioEntry,
  portfolioExitCode,
  portfolioMarkdown,
  type PortfolioStatus,
} from '../../core/index.ts';
import { collectPortfolioBudgets } from '../../live/portfolio.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError, loadAndCompile } from '../load.ts';
import { paint, type Io } from '../output.ts';
import { cliPromClient, promFailure, type PromFlags } from '../prom.ts';
import { resolveSettings } from '../settings.ts';
import { findSpecs } from '../scan.ts';

export interface PortfolioOptions extends PromFlags {
  format: 'table' | 'json' | 'csv' | 'markdown';
  at?: string;
}

const STYLE: Record<PortfolioStatus, 'green' | 'yellow' | 'red' | 'gray' | 'magenta'> = {
  healthy: 'green',
  unknown: 'gray',
  warning: 'yellow',
  critical: 'red',
  exhausted: 'magenta',
};

/** `nthlayer portfolio [dirs…]`: exit 0 healthy, 1 warning, 2 critical (or exhausted). */
export async function portfolioCommand(dirs: string[], opts: PortfolioOptions, io: Io): Promise<number> {
  const roots = dirs.length ? dirs : ['.'];
  const files = findSpecs(roots);
  if (files.length === 0)
    throw new CliError(
      `no service specs found under ${roots.join(', ')}`,
      EXIT.noInput,
      'pass the directories that hold your service.yaml files',
    );
  const entries: PortfolioEntry[] = [];
  for (const file of files) {
    const { result } = loadAndCompile(file, undefined);
    if (!result.model || hasErrors(result.diagnostics)) {
      io.err(
        `skipped ${file}: invalid (${result.diagnostics.filter((d) => d.severity === 'error').length} errors; run nthlayer validate ${file})`,
      );
      continue;
    }
    entries.push({ file, model: result.model });
  }
  const now = opts.at ? Number(opts.at) * 1000 : Date.now();
  const configured = resolveSettings({ prometheusUrl: opts.prometheusUrl }).prometheusUrl.value;
  let url: string | undefined;
  if (configured) {
    const c = cliPromClient(opts);
    const client = c.client;
    url = c.url;
    const r = await collectPortfolioBudgets(
      client,
      entries.map((e) => e.model),
      now,
    );
    if (!r.ok) throw promFailure(r.error, url);
    for (const e of entries) e.budgets = r.budgets.get(e.model) ?? [];
  }
  const portfolio = buildPortfolio(entries);
  const code = portfolioExitCode(portfolio);
  switch (opts.format) {
    case 'json':
      io.out(JSON.stringify({ generated_at: new Date(now).toISOString(), prometheus: url ?? null, ...portfolio }, null, 2));
      break;
    case 'csv':
      io.out(portfolioCsv(portfolio).trimEnd());
      break;
    case 'markdown':
      io.out(portfolioMarkdown(portfolio).trimEnd());
      break;
    default: {
      const s = portfolio.summary;
      io.out(
        `${paint(io, 'bold', 'Portfolio')}: ${healthLine(s)}, ${s.total_slos} SLOs${url ? '' : ' — no Prometheus configured, statuses unknown'}`,
      );
      for (const t of portfolio.by_tier)
        io.out(
          `  ${t.tier.padEnd(9)} ${healthLine({ healthy_services: t.healthy_services, services_with_slos: t.total_services, unknown_services: t.unknown_services, org_health_percent: t.health_percent })}`,
        );
      for (const svc of portfolio.services) {
        io.out(
          `${paint(io, STYLE[svc.overall_status], svc.overall_status.toUpperCase().padEnd(9))} ${svc.service} (${svc.tier}, ${svc.team}) ${paint(io, 'gray', svc.file)}`,
        );
        for (const slo of svc.slos) {
          io.out(
            `    ${slo.name}: ${slo.objective_percent}% / ${slo.window} — ${slo.status}${slo.budget_remaining_percent !== null ? `, ${slo.budget_remaining_percent}% budget left` : ''}`,
          );
        }
      }
      for (const i of portfolio.insights) io.out(`  ${i.severity}: ${i.service}: ${i.message}`);
    }
  }
  return code;
}
