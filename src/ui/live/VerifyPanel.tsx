/**
 * Verify: does Prometheus have every metric this spec reads? Required (SLO and declared metrics)
 * and optional (dashboard and alert packs) metrics, the exporter that provides each, and SLO
 * selectors that match no series of this service. An unreachable Prometheus is an error,
 * never an empty "missing" list.
 */
import type React from 'react';
import type { MetricCheck, VerifyReport } from '../../live/verify.ts';
import type { StudioCompileInput } from '../preview/compile-request.ts';
import { requirementsOf } from './jobs.ts';
import { useLive } from './LiveProvider.tsx';
import { useLiveQuery, type LiveResult } from './use-live-query.ts';

/** What Verify checks: exactly what the preview compiles (the same function picks the override files). */
export type VerifyInput = StudioCompileInput;

function CheckRows({ checks }: { checks: MetricCheck[] }): React.JSX.Element {
  return (
    <>
      {checks.map((c) => (
        <tr key={c.metric} className={c.present ? 'present' : 'missing'} data-metric={c.metric} data-present={c.present}>
          <th scope="row">
            <code>{c.metric}</code>
          </th>
          <td>
            {c.present ? (
              <span className="ok-text">present</span>
            ) : (
              <span className="bad-text">{c.emptySelectors.length ? 'no series for this service' : 'missing'}</span>
            )}
          </td>
          <td>{c.required ? 'required' : 'optional'}</td>
          <td>{c.exporter}</td>
          <td className="muted">
            {c.sources.join(', ')}
            {c.emptySelectors.length > 0 && (
              <>
                <br />
                no series:{' '}
                {c.emptySelectors.map((s) => (
                  <code key={s}>{s} </code>
                ))}
              </>
            )}
          </td>
        </tr>
      ))}
    </>
  );
}

function Table({ title, checks, testId }: { title: string; checks: MetricCheck[]; testId: string }): React.JSX.Element | null {
  if (checks.length === 0) return null;
  return (
    <table className="table verify-table" data-testid={testId}>
      <caption>
        {title} ({checks.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Status</th>
          <th scope="col">Need</th>
          <th scope="col">Exporter</th>
          <th scope="col">Used by</th>
        </tr>
      </thead>
      <tbody>
        <CheckRows checks={checks} />
      </tbody>
    </table>
  );
}

export function VerifyPanel({ input, valid }: { input: VerifyInput; valid: boolean }): React.JSX.Element {
  const live = useLive();
  // Override files are part of the question: editing one verifies again.
  const key = valid ? JSON.stringify([input.file, input.environment, input.text, input.environmentFiles]) : undefined;
  const query = useLiveQuery<VerifyReport>(key, async (client): Promise<LiveResult<VerifyReport>> => {
    const req = await requirementsOf({
      file: input.file,
      text: input.text,
      environment: input.environment,
      environmentFiles: input.environmentFiles.map((f) => ({ path: f.path, text: f.text })),
    });
    // Not a connection problem: the spec changed under the request and no longer compiles.
    if (!req.ok) return { ok: false, error: { kind: 'api', message: req.error } };
    const { verifyMetrics } = await import('../../live/verify.ts');
    const r = await verifyMetrics(client, req.requirements, { now: Date.now() });
    return r.ok ? { ok: true, value: r.report } : r;
  });

  if (!live.client) {
    return (
      <div className="state state-empty" data-testid="verify-off">
        <p>Connect a Prometheus to check that every metric this spec reads exists.</p>
        <p className="muted">
          Use the Prometheus button in the header: the studio's proxy (<code>npm run demo</code>, <code>nthlayer proxy</code>) or a direct
          URL.
        </p>
      </div>
    );
  }
  if (!valid)
    return (
      <div className="state state-empty">
        <p>Fix the spec's errors to verify its metrics.</p>
      </div>
    );
  if (query.state === 'error') {
    return (
      <div className="state state-error" role="alert" data-testid="verify-error">
        <p>
          <strong>Could not verify:</strong> {query.message}
        </p>
        <p className="muted">This says nothing about missing metrics: Prometheus did not answer the question.</p>
        <button type="button" onClick={live.refresh}>
          Try again
        </button>
      </div>
    );
  }
  if (query.state !== 'ok')
    return (
      <div className="state state-loading" role="status">
        Checking metrics in Prometheus…
      </div>
    );
  const r = query.value;
  const missing = r.missingRequired.length + r.missingOptional.length;
  const present = r.checks.filter((c) => c.present);
  return (
    <div className="verify" data-testid="verify">
      <div className="plan-head">
        <h2 className={r.missingRequired.length ? 'bad-text' : 'ok-text'} data-testid="verify-summary">
          {r.missingRequired.length
            ? `${r.missingRequired.length} required ${r.missingRequired.length === 1 ? 'metric is' : 'metrics are'} missing`
            : 'Every required metric is present'}
        </h2>
        <button type="button" onClick={live.refresh}>
          Verify again
        </button>
      </div>
      <p className="muted" data-testid="verify-meta">
        {r.checks.length} metrics checked, {missing} missing ({r.missingOptional.length} optional) · Prometheus {r.prometheusVersion} ·{' '}
        {r.requests} requests
      </p>
      <Table title="Missing required metrics" checks={r.missingRequired} testId="verify-missing-required" />
      <Table title="Missing optional metrics (dashboard and alert packs)" checks={r.missingOptional} testId="verify-missing-optional" />
      <details>
        <summary>Present metrics ({present.length})</summary>
        <Table title="Present metrics" checks={present} testId="verify-present" />
      </details>
    </div>
  );
}
