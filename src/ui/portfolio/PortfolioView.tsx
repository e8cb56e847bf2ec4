/**
 * The portfolio: many specs at once (the examples, a folder or a zip), compiled off the main
 * thread, measured against Prometheus in a few batched queries when connected, and shown grouped
 * by tier with status, budget left and a burn-down sparkline per SLO, a summary and insights.
 * Spec content is only ever rendered as text.
 */
import type React from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { buildPortfolio, healthLine, type Portfolio, type PortfolioService, type PortfolioSlo, type SloBudget } from '../../core/index.ts';
import type { ServiceModel } from '../../core/index.ts';
import { burnDown, type BurnDownPoint } from '../../live/budget.ts';
import { collectPortfolioBudgets } from '../../live/portfolio.ts';
import { studioStore, useStudio } from '../app-store.ts';
import { isSpecDoc } from '../lib/store.ts';
import type { ExampleInfo, WorkspaceFile } from '../lib/workspace.ts';
import type { CompiledSpec } from '../live/jobs-core.ts';
import { compilePortfolio } from '../live/jobs.ts';
import { useLive } from '../live/LiveProvider.tsx';
import { limiter, useLiveQuery } from '../live/use-live-query.ts';
import { folderUploads, loadSpecs, zipUploads, type LoadedSpecs } from './sources.ts';

const actions = studioStore.getState();
const sparkQueue = limiter(3);

type Compiled = { state: 'idle' } | { state: 'compiling' } | { state: 'done'; specs: CompiledSpec[] } | { state: 'error'; message: string };

function useCompiled(files: WorkspaceFile[] | undefined): Compiled {
  const [compiled, setCompiled] = useState<Compiled>({ state: 'idle' });
  useEffect(() => {
    if (!files) return;
    let cancelled = false;
    setCompiled({ state: 'compiling' });
    compilePortfolio(files).then(
      (specs) => {
        if (!cancelled) setCompiled({ state: 'done', specs });
      },
      (e: unknown) => {
        if (!cancelled) setCompiled({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [files]);
  return compiled;
}

function Sparkline({ model, sloName }: { model: ServiceModel; sloName: string }): React.JSX.Element {
  const slo = model.slos.find((s) => s.name === sloName);
  const q = useLiveQuery<BurnDownPoint[]>(
    slo ? JSON.stringify([model.name, slo]) : undefined,
    async (client) => {
      const r = await sparkQueue(() => burnDown(client, model, slo!, Date.now(), 60));
      return r.ok ? { ok: true, value: r.points } : r;
    },
    0,
  );
  if (q.state === 'error')
    return (
      <span className="bad-text" title={q.message}>
        error
      </span>
    );
  if (q.state !== 'ok') return <span className="muted">…</span>;
  const pts = q.value;
  if (pts.length < 2) return <span className="muted">—</span>;
  const t0 = pts[0]!.t;
  const t1 = pts[pts.length - 1]!.t;
  const lo = Math.min(0, ...pts.map((p) => p.remaining));
  const hi = Math.max(1, ...pts.map((p) => p.remaining));
  const x = (t: number): number => ((t - t0) / (t1 - t0 || 1)) * 100;
  const y = (v: number): number => 22 - ((v - lo) / (hi - lo || 1)) * 20;
  const last = pts[pts.length - 1]!.remaining;
  return (
    <svg
      className="sparkline"
      viewBox="0 0 100 24"
      preserveAspectRatio="none"
      role="img"
      data-testid="sparkline"
      aria-label={`Budget remaining over the window, now ${(last * 100).toFixed(1)}%`}
    >
      <line x1="0" x2="100" y1={y(0)} y2={y(0)} stroke="var(--error)" strokeWidth="0.5" />
      <polyline
        fill="none"
        stroke={last <= 0 ? 'var(--error)' : 'var(--accent)'}
        strokeWidth="1.2"
        vectorEffect="non-scaling-stroke"
        points={pts.map((p) => `${x(p.t).toFixed(2)},${y(p.remaining).toFixed(2)}`).join(' ')}
      />
    </svg>
  );
}

const STATUS_CLASS: Record<string, string> = {
  healthy: 'ok-text',
  warning: 'warn-text',
  critical: 'bad-text',
  exhausted: 'bad-text',
  unknown: 'muted',
};

function SloRow({ slo, model, connected }: { slo: PortfolioSlo; model: ServiceModel | undefined; connected: boolean }): React.JSX.Element {
  return (
    <tr className="portfolio-slo" data-slo={slo.name} data-status={slo.status}>
      <td />
      <td>
        {slo.name}{' '}
        <span className="muted">
          {slo.objective_percent}% / {slo.window}
        </span>
      </td>
      <td className={STATUS_CLASS[slo.status]}>{slo.status === 'unknown' ? 'no data' : slo.status}</td>
      <td>{slo.budget_remaining_percent === null ? '—' : `${slo.budget_remaining_percent}%`}</td>
      <td className="spark-cell">
        {connected && model && slo.budget_remaining_percent !== null ? (
          <Sparkline model={model} sloName={slo.name} />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}

function ServiceRows({
  s,
  model,
  connected,
  onOpen,
}: {
  s: PortfolioService;
  model: ServiceModel | undefined;
  connected: boolean;
  onOpen: () => void;
}): React.JSX.Element {
  return (
    <>
      <tr className="portfolio-service" data-service={s.service} data-status={s.overall_status}>
        <th scope="row">
          <button type="button" className="link" onClick={onOpen} aria-label={`Open ${s.service} (${s.file}) in the editor`}>
            {s.service}
          </button>
          {s.also_in.length > 0 && (
            <span className="badge dup-badge" data-testid="duplicate" title={`Also defined by ${s.also_in.join(', ')}`}>
              duplicate name
            </span>
          )}
          <div className="muted small">{s.file}</div>
        </th>
        <td>
          {s.team} · {s.type}
        </td>
        <td className={STATUS_CLASS[s.overall_status]} data-testid="service-status">
          {s.overall_status === 'unknown' ? 'unknown' : s.overall_status}
        </td>
        <td>{s.slos.length === 0 ? 'no SLOs' : `${s.slos.length} SLO${s.slos.length === 1 ? '' : 's'}`}</td>
        <td />
      </tr>
      {s.slos.map((slo) => (
        <SloRow key={slo.name} slo={slo} model={model} connected={connected} />
      ))}
    </>
  );
}

function PortfolioTable({
  portfolio,
  specs,
  connected,
  onOpen,
}: {
  portfolio: Portfolio;
  specs: CompiledSpec[];
  connected: boolean;
  onOpen: (file: string) => void;
}): React.JSX.Element {
  const byFile = new Map(specs.map((s) => [s.file, s]));
  return (
    <>
      {portfolio.by_tier.map((t) => (
        <section key={t.tier} className="portfolio-tier" data-tier={t.tier} aria-labelledby={`tier-${t.tier}`}>
          <h3 id={`tier-${t.tier}`}>
            Tier {t.tier}{' '}
            <span className="muted">
              ·{' '}
              {healthLine({
                healthy_services: t.healthy_services,
                services_with_slos: t.total_services,
                unknown_services: t.unknown_services,
                org_health_percent: t.health_percent,
              })}
            </span>
          </h3>
          <table className="table portfolio-table">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Team · type</th>
                <th scope="col">Status</th>
                <th scope="col">Budget left</th>
                <th scope="col">Burn-down</th>
              </tr>
            </thead>
            <tbody>
              {portfolio.services
                .filter((s) => s.tier === t.tier && s.slos.length > 0)
                .map((s) => (
                  <ServiceRows key={s.file} s={s} model={byFile.get(s.file)?.model} connected={connected} onOpen={() => onOpen(s.file)} />
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

export interface PortfolioViewProps {
  examples: readonly ExampleInfo[];
  /** The examples' override files: the portfolio compiles base specs, so only shown as context. */
  exampleEnvironments?: readonly WorkspaceFile[];
  /** Opens a spec: an example (as the person's fork) or a document of the workspace. */
  onOpenSpec: (file: string) => void;
}

/** The specs of a workspace folder, with stable identity while their texts stay the same. */
function useFolderSpecs(folder: string | undefined): WorkspaceFile[] | undefined {
  const docs = useStudio((s) => s.docs);
  const list =
    folder === undefined
      ? undefined
      : Object.values(docs)
          .filter((d) => d.path.startsWith(folder) && isSpecDoc(d))
          .map((d) => ({ path: d.path, text: d.text }));
  const key = list?.map((f) => `${f.path}\u0000${f.text}`).join('\u0001');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on content
  return useMemo(() => list, [key]);
}

export function PortfolioView({ examples, onOpenSpec }: PortfolioViewProps): React.JSX.Element {
  const workspace = useStudio((s) => s.portfolio);
  const exampleFiles = useMemo(() => examples.map((e) => ({ path: e.path, text: e.text })), [examples]);
  const folderSpecs = useFolderSpecs(workspace?.folder);
  const files = folderSpecs ?? exampleFiles;
  const source = workspace?.source ?? 'the examples';
  const compiled = useCompiled(files);
  const live = useLive();
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // React does not know the non-standard attribute; set it on the element.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const specs = useMemo(() => (compiled.state === 'done' ? compiled.specs : []), [compiled]);
  const models = useMemo(() => specs.flatMap((s) => (s.model ? [s.model] : [])), [specs]);
  const budgetsKey = compiled.state === 'done' ? `${specs.length}:${specs.map((s) => s.file).join('\u0000')}` : undefined;
  const budgets = useLiveQuery<Map<ServiceModel, SloBudget[]>>(
    budgetsKey,
    async (client) => {
      const r = await collectPortfolioBudgets(client, models, Date.now());
      return r.ok ? { ok: true, value: r.budgets } : r;
    },
    0,
  );

  const portfolio = useMemo(() => {
    if (compiled.state !== 'done') return undefined;
    const measured = budgets.state === 'ok' ? budgets.value : undefined;
    return buildPortfolio(
      specs.flatMap((s) =>
        s.model ? [{ file: s.file, model: s.model, ...(measured ? { budgets: measured.get(s.model) ?? [] } : {}) }] : [],
      ),
    );
  }, [compiled.state, specs, budgets]);

  /**
   * A folder or zip joins the workspace under a folder of its own: its specs and its environments/
   * files become editable documents (override files picked by the core's rule, as the CLI does).
   */
  const open = async (load: () => Promise<LoadedSpecs | { error: string }>, name: string, stripTop: boolean): Promise<void> => {
    const r = await load();
    if ('error' in r) {
      setMessage({ kind: 'error', text: `${name}: ${r.error}` });
      return;
    }
    if (r.files.length === 0) {
      setMessage({
        kind: 'error',
        text: `${name} has no service specs (.yaml files).${r.skipped.length ? ` Left out: ${r.skipped.join('; ')}.` : ''}`,
      });
      return;
    }
    // A picked folder's paths start with the folder's own name; the workspace folder is named after it.
    const relative = (p: string): string => (stripTop ? p.slice(p.indexOf('/') + 1) : p);
    const folder = actions.addFolder(
      name,
      [...r.files, ...r.environments].map((f) => ({ path: relative(f.path), text: f.text })),
    );
    actions.setPortfolio({ source: name, folder });
    const envNote = r.environments.length
      ? ` and ${r.environments.length} environment override file${r.environments.length === 1 ? '' : 's'}`
      : '';
    setMessage({
      kind: 'info',
      text: `Opened ${r.files.length} spec${r.files.length === 1 ? '' : 's'}${envNote} into your workspace as ${folder}.${r.skipped.length ? ` Left out: ${r.skipped.join('; ')}.` : ''}`,
    });
  };

  const failed = specs.filter((s) => !s.model);
  return (
    <div className="portfolio" data-testid="portfolio">
      <div className="portfolio-head">
        <h2>
          Portfolio <span className="muted">of {source}</span>
        </h2>
        <div className="toolbar-group">
          <button
            type="button"
            onClick={() => {
              actions.setPortfolio(null);
              setMessage(null);
            }}
          >
            All examples
          </button>
          <button type="button" onClick={() => folderInput.current?.click()}>
            Open folder…
          </button>
          <input
            ref={folderInput}
            type="file"
            multiple
            hidden
            aria-label="Open a folder of specs"
            data-testid="portfolio-folder"
            onChange={(e) => {
              const list = e.target.files;
              if (list)
                void open(
                  () => loadSpecs(folderUploads(list)),
                  list[0]?.webkitRelativePath.split('/')[0] || 'folder',
                  Boolean(list[0]?.webkitRelativePath.includes('/')),
                );
              e.target.value = '';
            }}
          />
          <button type="button" onClick={() => zipInput.current?.click()}>
            Open zip…
          </button>
          <input
            ref={zipInput}
            type="file"
            accept=".zip,application/zip"
            hidden
            aria-label="Open a zip of specs"
            data-testid="portfolio-zip"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f)
                void open(
                  async () => {
                    const z = await zipUploads(f);
                    return z.ok ? loadSpecs(z.uploads) : { error: z.error };
                  },
                  f.name.replace(/\.zip$/i, ''),
                  false,
                );
              e.target.value = '';
            }}
          />
          {live.client && (
            <button type="button" onClick={live.refresh}>
              Refresh live data
            </button>
          )}
        </div>
      </div>
      {message && (
        <p
          className={message.kind === 'error' ? 'field-error' : 'muted'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="portfolio-message"
        >
          {message.text}
        </p>
      )}

      {compiled.state === 'compiling' && (
        <p className="state state-loading" role="status">
          Compiling {files.length} specs…
        </p>
      )}
      {compiled.state === 'error' && (
        <p className="state state-error" role="alert">
          The specs could not be compiled: {compiled.message}
        </p>
      )}

      {!live.client && (
        <p className="sample-note" role="note">
          No Prometheus connected: statuses are unknown until one is (Prometheus button in the header).
        </p>
      )}
      {live.client && budgets.state === 'loading' && (
        <p className="muted" role="status">
          Measuring {models.length} services' budgets…
        </p>
      )}
      {budgets.state === 'error' && (
        <p className="state-error" role="alert" data-testid="portfolio-error">
          Budgets unavailable: {budgets.message}
        </p>
      )}

      {portfolio && (
        <>
          <p className="portfolio-summary" data-testid="portfolio-summary">
            <strong>{healthLine(portfolio.summary)}</strong> · {portfolio.summary.total_services} specs · {portfolio.summary.total_slos}{' '}
            SLOs
            {portfolio.summary.duplicate_services.length > 0 && (
              <span className="warn-text">
                {' '}
                · {portfolio.summary.duplicate_services.map((d) => `${d.service} is defined ${d.files.length} times`).join('; ')}
              </span>
            )}
            {budgets.state === 'ok' ? ' · measured now' : ''}
          </p>
          <PortfolioTable portfolio={portfolio} specs={specs} connected={budgets.state === 'ok'} onOpen={onOpenSpec} />
          {portfolio.insights.length > 0 && (
            <section aria-labelledby="insights-title" data-testid="insights">
              <h3 id="insights-title">Insights</h3>
              <ul className="insights">
                {portfolio.insights.map((i, n) => (
                  <li key={n} className={`insight insight-${i.severity}`}>
                    <strong>{i.service}</strong>: {i.message} <span className="muted">({i.severity})</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      {failed.length > 0 && (
        <section aria-labelledby="failed-title">
          <h3 id="failed-title">Specs with errors ({failed.length})</h3>
          <ul>
            {failed.map((f) => (
              <li key={f.file}>
                <button type="button" className="link" onClick={() => onOpenSpec(f.file)}>
                  {f.file}
                </button>
                : {f.error}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export default PortfolioView;
