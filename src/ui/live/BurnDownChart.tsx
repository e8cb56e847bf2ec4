/** Budget remaining across the SLO window, from `burnDown`, as a recharts area. */
import type React from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ServiceModel, SloModel } from '../../core/index.ts';
import { burnDown, type BurnDownPoint } from '../../live/budget.ts';
import { human, percent } from '../lib/format.ts';
import { useLiveQuery } from './use-live-query.ts';

export function BurnDownChart({ model, slo }: { model: ServiceModel; slo: SloModel }): React.JSX.Element {
  const key = JSON.stringify([model.name, slo]);
  const q = useLiveQuery<BurnDownPoint[]>(
    key,
    async (client) => {
      const r = await burnDown(client, model, slo, Date.now());
      return r.ok ? { ok: true, value: r.points } : r;
    },
    0,
  );
  if (q.state === 'error')
    return (
      <p className="bad-text" role="alert">
        Burn-down unavailable: {q.message}
      </p>
    );
  if (q.state !== 'ok')
    return (
      <p className="muted" role="status">
        Loading the burn-down…
      </p>
    );
  if (q.value.length === 0) return <p className="muted">No data for a burn-down over the window.</p>;
  const end = q.value[q.value.length - 1]!.t;
  const data = q.value.map((p) => ({ t: (p.t - end) / 86400, remaining: p.remaining }));
  return (
    <div
      className="burn-down"
      data-testid={`burn-down-${slo.name}`}
      aria-label={`Error budget remaining over the last ${human(slo.window)} for ${slo.name}`}
      role="img"
    >
      <ResponsiveContainer width="100%" height={140}>
        <AreaChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid-line)" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 0]}
            tickFormatter={(v: number) => (v === 0 ? 'now' : `${v.toFixed(0)}d`)}
            tick={{ fontSize: 10 }}
            stroke="var(--muted)"
          />
          <YAxis tickFormatter={(v: number) => percent(v)} tick={{ fontSize: 10 }} width={56} stroke="var(--muted)" />
          <Tooltip formatter={(v) => percent(Number(v))} labelFormatter={(v) => `${(-Number(v)).toFixed(2)} days ago`} />
          <ReferenceLine y={0} stroke="var(--error)" />
          <Area
            type="monotone"
            dataKey="remaining"
            stroke="var(--accent)"
            fill="var(--accent)"
            fillOpacity={0.15}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

export default BurnDownChart;
