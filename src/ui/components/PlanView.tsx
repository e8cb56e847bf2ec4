/** What `nthlayer apply` would write: service, SLOs, technologies, and every file with its counts. */
import type React from 'react';
import { useState } from 'react';
import { copyText } from '../lib/download.ts';
import { bytes, countLabel, human, percent } from '../lib/format.ts';
import type { PlanView as Plan, SloView } from '../preview/summary.ts';

/** The plan as plain text, in the shape `nthlayer plan` prints, for pasting into a review. */
export function planText(plan: Plan, slos: readonly SloView[]): string {
  const lines = [`${plan.service} (${plan.team}, tier ${plan.tier}, ${plan.type}${plan.environment ? `, env ${plan.environment}` : ''})`];
  lines.push(`SLOs: ${slos.length === 0 ? 'none' : ''}`);
  for (const s of slos) lines.push(`  - ${s.name}: ${percent(s.objective, 6)} over ${human(s.window)}`);
  lines.push(`Technologies: ${plan.technologies.join(', ') || 'none'}`, 'Would write:');
  for (const f of plan.files) {
    const counts = Object.entries(f.counts).map(([k, v]) => `${v} ${countLabel(k)}`).join(', ');
    lines.push(`  ${f.path} (${f.bytes} bytes${counts ? `; ${counts}` : ''})`);
  }
  return `${lines.join('\n')}\n`;
}

export function PlanView({ plan, slos, onOpenFile }: { plan: Plan; slos: readonly SloView[]; onOpenFile: (path: string) => void }): React.JSX.Element {
  const totals = Object.entries(plan.totals);
  const [copied, setCopied] = useState(false);
  return (
    <div className="plan" data-testid="plan">
      <div className="plan-head">
        <h2>
          {plan.service} <span className="muted">({plan.team}, tier {plan.tier}, {plan.type}{plan.environment ? `, env ${plan.environment}` : ''})</span>
        </h2>
        <button type="button" onClick={() => void copyText(planText(plan, slos)).then(setCopied)}>{copied ? 'Copied' : 'Copy plan'}</button>
      </div>
      {totals.length > 0 && (
        <ul className="chips" aria-label="Totals">
          {totals.map(([k, v]) => <li key={k} className="chip"><strong>{v}</strong> {countLabel(k)}</li>)}
        </ul>
      )}
      <h3>SLOs</h3>
      {slos.length === 0 ? <p className="muted">No SLOs: add a resource of kind SLO to get recording rules and burn-rate alerts.</p> : (
        <ul>
          {slos.map((s) => <li key={s.name}><strong>{s.name}</strong>: {percent(s.objective, 6)} over {human(s.window)} ({s.indicatorType})</li>)}
        </ul>
      )}
      <h3>Technologies</h3>
      <p>{plan.technologies.length > 0 ? plan.technologies.join(', ') : <span className="muted">none</span>}</p>
      <h3>Would write {plan.files.length} files to generated/{plan.service}/</h3>
      <table className="table">
        <thead><tr><th scope="col">File</th><th scope="col">Size</th><th scope="col">Contents</th></tr></thead>
        <tbody>
          {plan.files.map((f) => (
            <tr key={f.path}>
              <td><button type="button" className="link" onClick={() => onOpenFile(f.path)}>{f.path}</button></td>
              <td>{bytes(f.bytes)}</td>
              <td>{Object.entries(f.counts).map(([k, v]) => `${v} ${countLabel(k)}`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
