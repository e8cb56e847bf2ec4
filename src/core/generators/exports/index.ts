/**
 * Interop exports: `sloth.yaml` (Sloth `prometheus/v1`, with `{{.window}}` in every query) and
 * `slos.openslo.yaml` (OpenSLO v1 SLO documents with one AlertPolicy per burn-rate tier, since an
 * OpenSLO AlertCondition holds a single lookback window).
 */
import { burnRateTiers } from '../../budget/windows.ts';
import { FILES, GENERATOR_NAME, LABELS, pascalCase } from '../../conventions.ts';
import type { ServiceModel, SloModel } from '../../model/types.ts';
import { assertPromql } from '../../promql/parse.ts';
import { WINDOW_PLACEHOLDER, withWindow } from '../../promql/windows.ts';
import { formatDuration, formatNumber } from '../../units.ts';
import type { Artifact, Generator } from '../types.ts';
import { DEFAULT_FOR } from '../../budget/windows.ts';

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

/** Sloth's `sli`: events (error/total) or raw (error ratio), always with `{{.window}}`. */
export function slothSli(slo: SloModel): Record<string, unknown> {
  const sli = slo.sli;
  if (sli.kind === 'events') {
    const total = oneLine(sli.total.template);
    const error = sli.bad ? oneLine(sli.bad.template) : `(${total}) - (${oneLine(sli.good!.template)})`;
    return { events: { error_query: error, total_query: total } };
  }
  if (sli.kind === 'ratio') return { raw: { error_ratio_query: oneLine(sli.errorRatio.template) } };
  // A gauge threshold as a share of bad minutes, through a subquery over the window.
  return { raw: { error_ratio_query: `avg_over_time(((${oneLine(sli.query)}) > bool ${formatNumber(sli.threshold)})[${WINDOW_PLACEHOLDER}:1m])` } };
}

function checkWithWindow(q: string): void {
  assertPromql(withWindow(q, '5m'));
}

export function slothSpec(model: ServiceModel): Record<string, unknown> {
  return {
    version: 'prometheus/v1',
    service: model.name,
    labels: { ...model.labels, team: model.team, tier: model.tier, type: model.type },
    slos: model.slos.map((slo) => {
      const sli = slothSli(slo);
      for (const q of Object.values(Object.values(sli)[0] as Record<string, string>)) checkWithWindow(q);
      const pageOn = slo.alerting.enabled && (slo.alerting.tiers.page_fast.enabled || slo.alerting.tiers.page_slow.enabled);
      const ticketOn = slo.alerting.enabled && (slo.alerting.tiers.ticket_fast.enabled || slo.alerting.tiers.ticket_slow.enabled);
      return {
        name: slo.name,
        objective: slo.objectivePercent,
        description: slo.description ?? `${formatNumber(slo.objectivePercent)}% ${slo.name.replace(/-/g, ' ')} over ${formatDuration(slo.window)}`,
        ...(Object.keys(slo.labels).length ? { labels: slo.labels } : {}),
        sli,
        alerting: {
          name: slo.alerting.name ?? pascalCase(model.name, slo.name),
          labels: { ...slo.alerting.labels, [LABELS.team]: model.team, [LABELS.tier]: model.tier, [LABELS.routing]: model.supportModel },
          annotations: { summary: `${model.name} ${slo.name} SLO error budget burn`, ...(model.runbookUrl ? { runbook_url: model.runbookUrl } : {}) },
          page_alert: pageOn ? { labels: { [LABELS.severity]: 'critical' } } : { disable: true },
          ticket_alert: ticketOn ? { labels: { [LABELS.severity]: 'warning' } } : { disable: true },
        },
      };
    }),
  };
}

function metricSource(query: string): Record<string, unknown> {
  return { metricSource: { type: 'Prometheus', spec: { query: oneLine(query) } } };
}

export function openSloDocuments(model: ServiceModel): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [{
    apiVersion: 'openslo/v1',
    kind: 'Service',
    metadata: { name: model.name, labels: { team: model.team, tier: model.tier } },
    spec: { description: model.description ?? `${model.name} (${model.type}, tier ${model.tier})` },
  }];
  for (const slo of model.slos) {
    const sli = slo.sli;
    let indicatorSpec: Record<string, unknown>;
    let budgetingMethod = 'Occurrences';
    if (sli.kind === 'events') {
      indicatorSpec = {
        ratioMetric: {
          counter: true,
          ...(sli.good ? { good: metricSource(sli.good.original) } : { bad: metricSource(sli.bad!.original) }),
          total: metricSource(sli.total.original),
        },
      };
    } else if (sli.kind === 'ratio') {
      indicatorSpec = { ratioMetric: { counter: false, rawType: 'failure', raw: metricSource(withWindow(sli.errorRatio.template, '5m')) } };
      budgetingMethod = 'RatioTimeslices';
    } else {
      indicatorSpec = { thresholdMetric: metricSource(sli.query) };
      budgetingMethod = 'Timeslices';
    }
    const name = `${model.name}-${slo.name}`.slice(0, 63);
    docs.push({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { name, displayName: `${model.name} ${slo.name}`, labels: { service: model.name, team: model.team, tier: model.tier } },
      spec: {
        description: slo.description ?? `${formatNumber(slo.objectivePercent)}% ${slo.name.replace(/-/g, ' ')}`,
        service: model.name,
        indicator: { metadata: { name: `${name}-sli` }, spec: indicatorSpec },
        timeWindow: [{ duration: formatDuration(slo.window), isRolling: true }],
        budgetingMethod,
        objectives: [{
          displayName: slo.name,
          ...(sli.kind === 'threshold' ? { op: 'lte', value: sli.threshold, timeSliceTarget: slo.objective, timeSliceWindow: '1m' } : { target: slo.objective }),
        }],
        alertPolicies: burnRateTiers(slo.window)
          .filter((t) => slo.alerting.enabled && slo.alerting.tiers[t.name].enabled)
          .map((t) => ({
            kind: 'AlertPolicy',
            metadata: {
              name: `${name}-${t.name.replace('_', '-')}`.slice(0, 63),
              annotations: { 'nthlayer.dev/short-window': formatDuration(t.shortWindow) },
            },
            spec: {
              description: `${t.kind} when the burn rate over ${formatDuration(t.longWindow)} (and ${formatDuration(t.shortWindow)}) exceeds ${formatNumber(t.factor)}`,
              alertWhenBreaching: true,
              alertWhenResolved: true,
              alertWhenNoData: false,
              conditions: [{
                kind: 'AlertCondition',
                metadata: { name: `${name}-${t.name.replace('_', '-')}-burn`.slice(0, 63) },
                spec: {
                  severity: slo.alerting.tiers[t.name].severity ?? t.severity,
                  condition: {
                    kind: 'burnrate',
                    op: 'gte',
                    threshold: t.factor,
                    lookbackWindow: formatDuration(t.longWindow),
                    alertAfter: formatDuration(slo.alerting.tiers[t.name].for ?? DEFAULT_FOR[t.name]),
                  },
                },
              }],
              notificationTargets: [],
            },
          })),
      },
    });
  }
  return docs;
}

export const slothGenerator: Generator = {
  id: 'sloth',
  generate(model): Artifact | undefined {
    if (model.slos.length === 0) return undefined;
    return {
      file: FILES.sloth,
      format: 'yaml',
      data: slothSpec(model),
      header: [`Sloth prometheus/v1 spec for ${model.name}, generated by ${GENERATOR_NAME}.`, 'Run `sloth generate -i sloth.yaml` to get Sloth\'s own rules for comparison.'],
      counts: { slos: model.slos.length },
    };
  },
};

export const openSloGenerator: Generator = {
  id: 'openslo',
  generate(model): Artifact | undefined {
    if (model.slos.length === 0) return undefined;
    const docs = openSloDocuments(model);
    return {
      file: FILES.openslo,
      format: 'yaml',
      documents: true,
      data: docs,
      header: [`OpenSLO v1 documents for ${model.name}, generated by ${GENERATOR_NAME}.`],
      counts: { openSloDocuments: docs.length },
    };
  },
};
