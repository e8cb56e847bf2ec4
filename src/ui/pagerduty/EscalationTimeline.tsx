/**
 * The PagerDuty tab: who is paged when, drawn as a timeline of escalation levels (one pass, then
 * the loops), with coverage, urgency, timeouts and the SRE routing rules. Everything from the
 * spec is rendered as text; nothing is interpreted as markup.
 */
import type React from 'react';
import { minutesText, timeoutText, type PagerDutyConfig } from './config.ts';
import { styles, levelColor } from './styles.ts';

export interface EscalationTimelineProps {
  /** The parsed `pagerduty-config.json` (see parsePagerDutyConfig). */
  config: PagerDutyConfig;
}

export function EscalationTimeline({ config }: EscalationTimelineProps): React.JSX.Element {
  const { escalation } = config;
  const cycle = Math.max(escalation.cycleMinutes, 1);
  const passes = escalation.numLoops + 1;
  const ticks = [...escalation.steps.map((s) => s.startsAtMinute), escalation.cycleMinutes];
  const headingId = `pd-${config.service}-timeline`;

  return (
    <section style={styles.root} aria-labelledby={headingId} data-testid="pagerduty-timeline">
      <h3 id={headingId} style={styles.heading}>
        Escalation policy <span style={styles.name}>{escalation.policy}</span>
      </h3>
      <p style={styles.muted}>
        Team {config.team} · tier {config.tier} · support model {config.supportModel} · {config.timeZone}
      </p>

      {escalation.steps.length === 0 ? (
        <p style={styles.muted}>No escalation levels: the service uses an existing escalation policy.</p>
      ) : (
        <figure style={styles.figure}>
          <figcaption style={styles.caption}>
            One pass takes {minutesText(escalation.cycleMinutes)}
            {escalation.numLoops > 0
              ? `; unacknowledged incidents go round ${escalation.numLoops} more time${escalation.numLoops === 1 ? '' : 's'} (${passes} passes, ${minutesText(escalation.cycleMinutes * passes)} in all).`
              : '; no loops: after the last level nobody else is paged.'}
          </figcaption>
          <ol style={styles.track} aria-label="Escalation levels over time">
            {escalation.steps.map((s, i) => (
              <li
                key={s.level}
                data-testid={`level-${s.level}`}
                aria-label={`${s.level}: schedule ${s.schedule}, paged at ${minutesText(s.startsAtMinute)}, escalates after ${minutesText(s.delayMinutes)}`}
                style={{
                  ...styles.bar,
                  left: `${(s.startsAtMinute / cycle) * 100}%`,
                  width: `${(s.delayMinutes / cycle) * 100}%`,
                  background: levelColor(i),
                }}
              >
                <span style={styles.barLabel}>{s.level}</span>
                <span style={styles.barSub}>{s.schedule}</span>
              </li>
            ))}
          </ol>
          <div style={styles.axis} aria-hidden="true">
            {ticks.map((t, i) => (
              <span
                key={`${t}-${i}`}
                style={{
                  ...styles.tick,
                  left: `${(t / cycle) * 100}%`,
                  transform: `translateX(${i === 0 ? 0 : i === ticks.length - 1 ? -100 : -50}%)`,
                }}
              >
                {minutesText(t)}
              </span>
            ))}
          </div>
          {escalation.numLoops > 0 && (
            <p style={styles.loop} data-testid="loops">
              ↻ repeats {escalation.numLoops}×
            </p>
          )}
        </figure>
      )}

      <table style={styles.table}>
        <caption style={styles.srOnly}>Escalation levels of {escalation.policy}</caption>
        <thead>
          <tr>
            <th scope="col" style={styles.th}>
              Level
            </th>
            <th scope="col" style={styles.th}>
              Schedule
            </th>
            <th scope="col" style={styles.th}>
              Paged at
            </th>
            <th scope="col" style={styles.th}>
              Escalates after
            </th>
          </tr>
        </thead>
        <tbody>
          {escalation.steps.map((s) => (
            <tr key={s.level}>
              <th scope="row" style={styles.td}>
                {s.level}
              </th>
              <td style={styles.td}>{s.schedule}</td>
              <td style={styles.td}>{minutesText(s.startsAtMinute)}</td>
              <td style={styles.td}>{minutesText(s.delayMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl style={styles.facts}>
        <div style={styles.fact}>
          <dt style={styles.dt}>On-call coverage</dt>
          <dd style={styles.dd} data-testid="coverage">
            {config.coverage}, weekly hand-off Monday 09:00
          </dd>
        </div>
        <div style={styles.fact}>
          <dt style={styles.dt}>Urgency</dt>
          <dd style={styles.dd}>{config.urgency === 'high' ? 'high for pages, low for tickets' : 'low'}</dd>
        </div>
        <div style={styles.fact}>
          <dt style={styles.dt}>Severity sent</dt>
          <dd style={styles.dd}>
            page {config.severities.page}, ticket {config.severities.ticket}
          </dd>
        </div>
        <div style={styles.fact}>
          <dt style={styles.dt}>Auto-resolve</dt>
          <dd style={styles.dd}>{timeoutText(config.autoResolveTimeout)}</dd>
        </div>
        <div style={styles.fact}>
          <dt style={styles.dt}>Ack timeout</dt>
          <dd style={styles.dd}>{timeoutText(config.acknowledgementTimeout)}</dd>
        </div>
      </dl>

      {config.orchestration.length > 0 && (
        <div data-testid="orchestration">
          <h4 style={styles.subheading}>Routed to SRE by event orchestration</h4>
          <ul style={styles.rules}>
            {config.orchestration.map((r) => (
              <li key={r.label} style={styles.rule}>
                {r.label}
                <br />
                <code style={styles.code}>{r.condition === 'always' ? 'every event' : r.condition}</code> → {r.escalationPolicy}
              </li>
            ))}
          </ul>
        </div>
      )}

      {config.notes.length > 0 && (
        <ul style={styles.notes}>
          {config.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
