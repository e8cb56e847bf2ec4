/** What `nthlayer apply` would write: service, SLOs, dependency scopes, and every file with its counts. */
import type React from 'react';
import { memo, useState } from 'react';
import { planText } from '../../core/index.ts';
import { copyText } from '../lib/download.ts';
import { bytes, countLabel, human } from '../lib/format.ts';
import type { PlanView as Plan } from '../preview/summary.ts';

function PlanViewImpl({ plan, onOpenFile }: { plan: Plan; onOpenFile: (path: string) => void }): React.JSX.Element {
  const totals = Object.entries(plan.totals);
  const [copied, setCopied] = useState(false);
  return (
    <div className="plan" data-testid="plan">
      <div className="plan-head">
        <h2>
          {plan.service}{' '}
          <span className="muted">
            ({plan.team}, tier {plan.tier}, {plan.type}
            {plan.environment ? `, env ${plan.environment}` : ''})
          </span>
        </h2>
        <button type="button" onClick={() => void copyText(planText(plan)).then(setCopied)}>
          {copied ? 'Copied' : 'Copy plan'}
        </button>
      </div>
      {totals.length > 0 && (
        <ul className="chips" aria-label="Totals">
          {totals.map(([k, v]) => (
            <li key={k} className="chip">
              <strong>{v}</strong> {countLabel(k)}
            </li>
          ))}
        </ul>
      )}
      <h3>SLOs</h3>
      {plan.slos.length === 0 ? (
        <p className="muted">No SLOs: add a resource of kind SLO to get recording rules and burn-rate alerts.</p>
      ) : (
        <ul>
          {plan.slos.map((s) => (
            <li key={s.name}>
              <strong>{s.name}</strong>: {s.objectivePercent}% over {human(s.windowSeconds)} ({s.indicatorType})
            </li>
          ))}
        </ul>
      )}
      <h3>Technologies</h3>
      <p>{plan.technologies.length > 0 ? plan.technologies.join(', ') : <span className="muted">none</span>}</p>
      {plan.dependencies.length > 0 && (
        <>
          <h3>Dependency alerts</h3>
          <ul className="plan-deps" data-testid="plan-dependencies">
            {plan.dependencies.map((d) => (
              <li key={`${d.technology}/${d.name}`}>
                <strong>{d.name}</strong> ({d.technology}): {d.scopedAlerts} alert{d.scopedAlerts === 1 ? '' : 's'} on{' '}
                <code>{d.selector}</code>
                {d.selectorSource === 'default' && <span className="muted"> (default; set selector: to change it)</span>}
                {d.fleetAlerts.length > 0 && (
                  <div className="muted">Fleet-wide, without this service&apos;s labels: {d.fleetAlerts.join(', ')}</div>
                )}
                {d.skipped.map((s) => (
                  <div key={s.alert} className="warn-text">
                    Not generated: {s.message}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Would write {plan.files.length} files</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            <th scope="col">Contents</th>
          </tr>
        </thead>
        <tbody>
          {plan.files.map((f) => (
            <tr key={f.path}>
              <td>
                <button type="button" className="link" onClick={() => onOpenFile(f.path)}>
                  {f.path}
                </button>
              </td>
              <td>{bytes(f.bytes)}</td>
              <td>
                {Object.entries(f.counts)
                  .map(([k, v]) => `${v} ${countLabel(k)}`)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Memoised: a preview whose plan is unchanged (the same object, see preview/delta.ts) skips it. */
export const PlanView = memo(PlanViewImpl);
