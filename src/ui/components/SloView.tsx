/**
 * Per SLO: objective, error budget in minutes, and the four burn-rate tiers with their factor,
 * windows, error-ratio threshold, budget consumed when each fires and time to detect an outage.
 */
import type React from 'react';
import { Suspense, lazy } from 'react';
import type { ServiceModel, TierFacts } from '../../core/index.ts';
import { burn, exactPercent, human, minutes, percent, tierLabel } from '../lib/format.ts';
import { SloBudgetLive, type LiveBudgets } from '../live/budgets.tsx';
import { useLive } from '../live/LiveProvider.tsx';
import type { SloView as Slo } from '../preview/summary.ts';

// The backtest (issue #15) loads with its first use while connected.
const BacktestView = lazy(() => import('../live/BacktestView.tsx'));

export interface SloLiveProps {
  model?: ServiceModel | undefined;
  budgets?: LiveBudgets | undefined;
}

const OFF: Record<NonNullable<TierFacts['off']>, string> = {
  impossible: 'can never fire',
  'tier-disabled': 'off',
  'alerting-disabled': 'off',
};

function SloCard({ slo, live }: { slo: Slo; live: SloLiveProps }): React.JSX.Element {
  const id = `slo-${slo.slo}`;
  return (
    <section className="slo-card" aria-labelledby={id} data-testid={id}>
      <h3 id={id}>
        {slo.slo} <span className="muted">({slo.indicatorType})</span>
      </h3>
      {slo.description && <p className="muted">{slo.description}</p>}
      <dl className="facts">
        <div>
          <dt>Objective</dt>
          <dd data-testid="objective">{exactPercent(slo.objectiveRatio)}</dd>
        </div>
        <div>
          <dt>Window</dt>
          <dd>{human(slo.windowSeconds)}</dd>
        </div>
        <div>
          <dt>Error budget</dt>
          <dd>{exactPercent(slo.errorBudgetRatio)}</dd>
        </div>
        <div>
          <dt>Budget in minutes</dt>
          <dd data-testid="budget-minutes">{minutes(slo.budgetMinutes)}</dd>
        </div>
        <div>
          <dt>No-data alert</dt>
          <dd data-testid="no-data">{slo.noData.enabled ? `after ${human(slo.noData.forSeconds)} (${slo.noData.severity})` : 'off'}</dd>
        </div>
      </dl>
      {live.budgets && <SloBudgetLive model={live.model} sloName={slo.slo} budgets={live.budgets} />}
      {slo.tiers.every((t) => t.off === 'alerting-disabled') && <p className="notice-inline">Alerting is disabled for this SLO.</p>}
      <table className="table tiers">
        <caption className="sr-only">Burn-rate alert tiers for {slo.slo}</caption>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Severity</th>
            <th scope="col">Burn rate</th>
            <th scope="col">Long / short window, for</th>
            <th scope="col">Fires above error ratio</th>
            <th scope="col">Budget consumed when it fires</th>
            <th scope="col">Fires after (100% errors)</th>
          </tr>
        </thead>
        <tbody>
          {slo.tiers.map((t) => {
            const never = t.off === 'impossible';
            return (
              <tr key={t.name} className={t.enabled ? '' : 'disabled'} data-tier={t.name}>
                <th scope="row">
                  {tierLabel(t.name)}
                  {t.enabled ? '' : ` (${OFF[t.off ?? 'tier-disabled']})`}
                </th>
                <td>
                  <span className={`sev sev-${t.severity}`}>{t.severity}</span>
                </td>
                <td>{burn(t.factor)}</td>
                <td>
                  {human(t.longWindowSeconds)} / {human(t.shortWindowSeconds)}, for {human(t.forSeconds)}
                </td>
                <td data-testid={`threshold-${t.name}`}>{never ? 'never (above 100%)' : percent(t.thresholdRatio)}</td>
                <td>
                  {percent(t.budgetConsumedAtFireRatio)} in {human(t.longWindowSeconds)}
                </td>
                <td>{never ? '—' : human(t.firesAfterFullOutageSeconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function LiveHead({ live }: { live: SloLiveProps }): React.JSX.Element | null {
  const { client, refresh } = useLive();
  if (!client || !live.budgets) return null;
  const gate = live.budgets.gate;
  return (
    <div className="slo-live-head">
      {gate && (
        <span className={`gate gate-${gate.decision}`} data-testid="gate-message">
          {gate.message}
        </span>
      )}
      <button type="button" onClick={refresh}>
        Refresh live data
      </button>
    </div>
  );
}

export function SloView({ slos, live = {} }: { slos: readonly Slo[]; live?: SloLiveProps }): React.JSX.Element {
  if (slos.length === 0) {
    return (
      <div className="state state-empty">
        <p>This spec has no SLOs.</p>
        <p className="muted">
          Add a resource with <code>kind: SLO</code> and an <code>objective</code> to see its error budget and burn-rate alerts.
        </p>
      </div>
    );
  }
  return (
    <div className="slos">
      <LiveHead live={live} />
      {slos.map((s) => (
        <SloCard key={s.slo} slo={s} live={live} />
      ))}
      {live.budgets && live.model && (
        <Suspense fallback={null}>
          <BacktestView model={live.model} />
        </Suspense>
      )}
    </div>
  );
}
