/**
 * Live error budgets for the open spec: per SLO the SLI, budget remaining, status, burn rate per
 * alert window and projected exhaustion, a burn-down chart over the window, and the deploy gate's
 * decision. Fetched when the model changes (debounced) or on refresh, never per keystroke.
 */
import type React from 'react';
import { Suspense, lazy, useMemo } from 'react';
import { type GateResult } from '../../core/index.ts';
import { tierBurns, type ServiceModel } from '../../core/index.ts';
import type { AlertState } from '../../live/alerts.ts';
import type { BudgetReport, LiveBudget } from '../../live/budget.ts';
import { burn, human, percent, sliPercent, tierLabel } from '../lib/format.ts';
import { useLive } from './LiveProvider.tsx';
import { useLiveQuery, type LiveQuery } from './use-live-query.ts';

// Loaded with the first live answer: a studio without Prometheus never downloads them.
const BurnDownChart = lazy(() => import('./BurnDownChart.tsx'));

export interface BudgetAnswer {
  report: BudgetReport;
  gate: GateResult;
  /** The service's alerts firing or pending now (Prometheus's ALERTS). */
  alerts: AlertState[];
}

export interface LiveBudgets {
  query: LiveQuery<BudgetAnswer>;
  gate?: GateResult;
}

/** What the budget queries depend on: an edit elsewhere in the spec does not refetch. */
function budgetKey(model: ServiceModel | undefined): string | undefined {
  if (!model) return undefined;
  return JSON.stringify([model.name, model.tier, model.slos, model.deploymentGate ?? null]);
}

export function useBudgets(model: ServiceModel | undefined): LiveBudgets {
  // Keyed on the model object (the preview keeps it identical while it is unchanged), and only
  // with a connection: without one the query is off whatever the key, and typing need not
  // serialise the model on every change.
  const { client } = useLive();
  const key = useMemo(() => (client ? budgetKey(model) : undefined), [client, model]);
  const query = useLiveQuery<BudgetAnswer>(key, async (client) => {
    if (!model) return { ok: false, error: { kind: 'decode', message: 'no model' } };
    const [{ collectBudgets }, { evaluateGate }, { alertStates }] = await Promise.all([
      import('../../live/budget.ts'),
      import('../../core/budget/gate.ts'),
      import('../../live/alerts.ts'),
    ]);
    const now = Date.now();
    const [r, a] = await Promise.all([collectBudgets(client, model, now), alertStates(client, model.name, now)]);
    if (!r.ok) return r;
    if (!a.ok) return a;
    return { ok: true, value: { report: r.report, gate: evaluateGate({ model, budgets: r.report.budgets, now }), alerts: a.alerts } };
  });
  // The same object while the query is: the memoised preview re-renders only when it changes.
  return useMemo(() => ({ query, ...(query.state === 'ok' ? { gate: query.value.gate } : {}) }), [query]);
}

const GATE_TEXT: Record<GateResult['decision'], string> = {
  approved: 'approved',
  warning: 'warning',
  blocked: 'blocked',
  no_data: 'no data',
};

export function GateBadge({ budgets }: { budgets: LiveBudgets }): React.JSX.Element | null {
  const { client } = useLive();
  if (!client) return null;
  const { query, gate } = budgets;
  if (query.state === 'off') return null;
  if (query.state === 'error')
    return (
      <span className="gate gate-error" data-testid="gate-badge" data-decision="error" title={query.message}>
        Deploy gate: unknown
      </span>
    );
  if (!gate)
    return (
      <span className="gate" data-testid="gate-badge" data-decision="loading" role="status">
        Deploy gate: …
      </span>
    );
  return (
    <span className={`gate gate-${gate.decision}`} data-testid="gate-badge" data-decision={gate.decision} title={gate.message}>
      Deploy gate: {GATE_TEXT[gate.decision]}
    </span>
  );
}

const STATUS_CLASS: Record<string, string> = {
  healthy: 'ok-text',
  warning: 'warn-text',
  critical: 'bad-text',
  exhausted: 'bad-text',
  no_data: 'muted',
};

/** The live part of an SLO card. */
export function SloBudgetLive({
  model,
  sloName,
  budgets,
}: {
  model: ServiceModel | undefined;
  sloName: string;
  budgets: LiveBudgets;
}): React.JSX.Element | null {
  const { client } = useLive();
  if (!client || !model) return null;
  const slo = model.slos.find((s) => s.name === sloName);
  const { query } = budgets;
  if (query.state === 'off' || !slo) return null;
  if (query.state === 'error')
    return (
      <p className="bad-text" role="alert" data-testid="budget-error">
        Budget status unavailable: {query.message}
      </p>
    );
  if (query.state === 'loading' && !query.previous)
    return (
      <p className="muted" role="status">
        Measuring the error budget…
      </p>
    );
  const answer = query.state === 'ok' ? query.value : query.previous!;
  const report = answer.report;
  const b: LiveBudget | undefined = report.budgets.find((x) => x.slo === sloName);
  if (!b) return null;
  const tiers = tierBurns(model, slo, b.burnRates);
  const stateOf = (tier: string): AlertState['state'] | undefined => {
    const mine = answer.alerts.filter((x) => x.slo === sloName && x.burnTier === tier);
    return mine.some((x) => x.state === 'firing') ? 'firing' : mine.length ? 'pending' : undefined;
  };
  return (
    <div className="budget-live" data-testid={`budget-${sloName}`} data-status={b.status}>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd className={STATUS_CLASS[b.status]} data-testid="budget-status">
            {b.status === 'no_data' ? 'no data' : b.status}
          </dd>
        </div>
        <div>
          <dt>SLI over the window</dt>
          <dd>{b.sli !== undefined ? sliPercent(b.sli) : '—'}</dd>
        </div>
        <div>
          <dt>Budget remaining</dt>
          <dd data-testid="budget-remaining">{b.remaining !== undefined ? percent(b.remaining) : '—'}</dd>
        </div>
        <div>
          <dt>Projected exhaustion</dt>
          <dd>
            {b.exhaustionIn === undefined
              ? b.remaining !== undefined
                ? 'not burning'
                : '—'
              : b.exhaustionIn === 0
                ? 'exhausted'
                : `in ${human(b.exhaustionIn)}`}
          </dd>
        </div>
      </dl>
      <table className="table burn-rates" data-testid={`tier-burns-${sloName}`}>
        <caption>Burn rate per alert tier, now, against its threshold</caption>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Severity</th>
            <th scope="col">Threshold</th>
            <th scope="col">Short window</th>
            <th scope="col">Long window</th>
            <th scope="col">For</th>
            <th scope="col">Alert</th>
          </tr>
        </thead>
        <tbody>
          {tiers.map((t) => {
            const state = stateOf(t.tier);
            const cell = (v: number | undefined, w: number): React.JSX.Element => (
              <td className={v !== undefined && v > t.factor ? 'bad-text' : undefined}>
                {v !== undefined ? burn(v) : '—'} <span className="muted">over {human(w)}</span>
              </td>
            );
            return (
              <tr
                key={t.tier}
                data-tier={t.tier}
                data-state={
                  state ?? (t.exceeding ? 'exceeding' : t.shortBurn === undefined || t.longBurn === undefined ? 'no_data' : 'inactive')
                }
                className={t.enabled ? '' : 'disabled'}
              >
                <th scope="row">{tierLabel(t.tier)}</th>
                <td>
                  <span className={`sev sev-${t.severity}`}>{t.severity}</span>
                </td>
                <td>{burn(t.factor)}</td>
                {cell(t.shortBurn, t.shortWindow)}
                {cell(t.longBurn, t.longWindow)}
                <td>{human(t.for)}</td>
                <td data-testid="alert-state">
                  {!t.enabled ? (
                    <span className="muted">off</span>
                  ) : state === 'firing' ? (
                    <span className="bad-text">firing</span>
                  ) : state === 'pending' ? (
                    <span className="warn-text">pending</span>
                  ) : t.shortBurn === undefined || t.longBurn === undefined ? (
                    <span
                      className="muted"
                      title="No burn rate for one of the windows yet: the recorded series start with the rules' first evaluation"
                    >
                      no data
                    </span>
                  ) : t.exceeding ? (
                    <span
                      className="warn-text"
                      title="Both windows are over the threshold, but Prometheus reports no alert: are the generated rules loaded?"
                    >
                      over threshold, no alert
                    </span>
                  ) : (
                    <span className="ok-text">inactive</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">
        From {b.source === 'recorded' ? 'the recorded SLO series' : 'raw metrics (the rules are not loaded in this Prometheus)'} ·{' '}
        {report.requests} requests
      </p>
      <Suspense
        fallback={
          <p className="muted" role="status">
            Loading the burn-down…
          </p>
        }
      >
        <BurnDownChart model={model} slo={slo} />
      </Suspense>
    </div>
  );
}
