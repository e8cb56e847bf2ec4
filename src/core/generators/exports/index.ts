/**
 * Interop exports: `sloth.yaml` (Sloth `prometheus/v1`, with `{{.window}}` in every query) and
 * `slos.openslo.yaml` (OpenSLO v1 SLO documents with one AlertPolicy per burn-rate tier, since an
 * OpenSLO AlertCondition holds a single lookback window).
 */
import { sloFacts } from '../../budget/facts.ts';
import { usesWorkbookWindows } from '../../budget/windows.ts';
import { FILES, GENERATOR_NAME, LABELS } from '../../conventions.ts';
import { objectMemo } from '../../memo.ts';
import type { ServiceModel, SloModel } from '../../model/types.ts';
import { assertPromql } from '../../promql/parse.ts';
import { WINDOW_PLACEHOLDER, withWindow } from '../../promql/windows.ts';
import { formatDuration, formatNumber, type Seconds } from '../../units.ts';
import { alertName } from '../slo/rules.ts';
import type { Artifact, Generator } from '../types.ts';

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
  return {
    raw: { error_ratio_query: `avg_over_time(((${oneLine(sli.query)}) > bool ${formatNumber(sli.threshold)})[${WINDOW_PLACEHOLDER}:1m])` },
  };
}

function checkWithWindow(q: string): void {
  assertPromql(withWindow(q, '5m'));
}

/**
 * Sloth's prometheus/v1 format has no period field: the period comes from the command line
 * (`--default-slo-period`, 30d when omitted). SLOs are grouped by window, one document per
 * window, each with the command line that generates it.
 */
function slothSpecs(model: ServiceModel): { window: Seconds; spec: Record<string, unknown> }[] {
  const windows = [...new Set(model.slos.map((s) => s.window))].sort((a, b) => b - a);
  return windows.map((w) => ({
    window: w,
    spec: slothSpec(
      model,
      model.slos.filter((s) => s.window === w),
    ),
  }));
}

/** The `sloth generate` command line for the SLOs of one window. */
function slothCommand(window: Seconds): string {
  const w = formatDuration(window);
  const catalog = usesWorkbookWindows(window)
    ? ''
    : ` --slo-period-windows-path=<a folder with a Sloth AlertWindows file for ${w}; NthLayer's windows for it are in slos.openslo.yaml>`;
  return `sloth generate -i sloth.yaml --default-slo-period=${w}${catalog}`;
}

function slothSpec(model: ServiceModel, slos: readonly SloModel[] = model.slos): Record<string, unknown> {
  return {
    version: 'prometheus/v1',
    service: model.name,
    labels: { ...model.labels, team: model.team, tier: model.tier, type: model.type },
    slos: slos.map((slo) =>
      slothSlos.get(slo, [model.name, model.team, model.tier, model.supportModel, model.runbookUrl, model.alerts], () =>
        slothSlo(model, slo),
      ),
    ),
  };
}

/** Each SLO's entry, the same object while the SLO and what it reads of the service are. */
const slothSlos = objectMemo<SloModel, Record<string, unknown>>();

function slothSlo(model: ServiceModel, slo: SloModel): Record<string, unknown> {
  const sli = slothSli(slo);
  for (const q of Object.values(Object.values(sli)[0] as Record<string, string>)) checkWithWindow(q);
  const tiers = sloFacts(model, slo).tiers;
  const pageOn = tiers.some((t) => t.kind === 'page' && t.enabled);
  const ticketOn = tiers.some((t) => t.kind === 'ticket' && t.enabled);
  return {
    name: slo.name,
    objective: slo.objectivePercent,
    description:
      slo.description ?? `${formatNumber(slo.objectivePercent)}% ${slo.name.replace(/-/g, ' ')} over ${formatDuration(slo.window)}`,
    ...(Object.keys(slo.labels).length ? { labels: slo.labels } : {}),
    sli,
    alerting: {
      name: alertName(model, slo),
      labels: { ...slo.alerting.labels, [LABELS.team]: model.team, [LABELS.tier]: model.tier, [LABELS.routing]: model.supportModel },
      annotations: {
        summary: `${model.name} ${slo.name} SLO error budget burn`,
        ...(model.runbookUrl ? { runbook_url: model.runbookUrl } : {}),
      },
      page_alert: pageOn
        ? { labels: { [LABELS.severity]: tiers.find((t) => t.kind === 'page' && t.enabled)!.severity } }
        : { disable: true },
      ticket_alert: ticketOn
        ? { labels: { [LABELS.severity]: tiers.find((t) => t.kind === 'ticket' && t.enabled)!.severity } }
        : { disable: true },
    },
  };
}

function metricSource(query: string): Record<string, unknown> {
  return { metricSource: { type: 'Prometheus', spec: { query: oneLine(query) } } };
}

export function openSloDocuments(model: ServiceModel): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [
    {
      apiVersion: 'openslo/v1',
      kind: 'Service',
      metadata: { name: model.name, labels: { team: model.team, tier: model.tier } },
      spec: { description: model.description ?? `${model.name} (${model.type}, tier ${model.tier})` },
    },
  ];
  for (const slo of model.slos)
    docs.push(openSloDocs.get(slo, [model.name, model.team, model.tier, model.alerts], () => openSloDocument(model, slo)));
  return docs;
}

/** Each SLO's document, the same object while the SLO and what it reads of the service are (render caches by object). */
const openSloDocs = objectMemo<SloModel, Record<string, unknown>>();

function openSloDocument(model: ServiceModel, slo: SloModel): Record<string, unknown> {
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
  const facts = sloFacts(model, slo);
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name, displayName: `${model.name} ${slo.name}`, labels: { service: model.name, team: model.team, tier: model.tier } },
    spec: {
      description: slo.description ?? `${formatNumber(slo.objectivePercent)}% ${slo.name.replace(/-/g, ' ')}`,
      service: model.name,
      indicator: { metadata: { name: `${name}-sli` }, spec: indicatorSpec },
      timeWindow: [{ duration: formatDuration(slo.window), isRolling: true }],
      budgetingMethod,
      objectives: [
        {
          displayName: slo.name,
          // A minute is good when the gauge is at or below the threshold; `target` is the share of good minutes.
          ...(sli.kind === 'threshold'
            ? { op: 'lte', value: sli.threshold, target: slo.objective, timeSliceWindow: '1m' }
            : { target: slo.objective }),
        },
      ],
      alertPolicies: facts.tiers
        .filter((t) => t.enabled)
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
            alertWhenNoData: facts.noData.enabled,
            conditions: [
              {
                kind: 'AlertCondition',
                metadata: { name: `${name}-${t.name.replace('_', '-')}-burn`.slice(0, 63) },
                spec: {
                  severity: t.severity,
                  condition: {
                    kind: 'burnrate',
                    op: 'gte',
                    threshold: t.factor,
                    lookbackWindow: formatDuration(t.longWindow),
                    alertAfter: formatDuration(t.for),
                  },
                },
              },
            ],
            notificationTargets: [],
          },
        })),
    },
  };
}

export const slothGenerator: Generator = {
  id: 'sloth',
  generate(model): Artifact | undefined {
    if (model.slos.length === 0) return undefined;
    const specs = slothSpecs(model);
    return {
      file: FILES.sloth,
      format: 'yaml',
      documents: true,
      data: specs.map((s) => s.spec),
      documentComments: specs.map((s) => [`SLOs over ${formatDuration(s.window)}: ${slothCommand(s.window)}`]),
      header: [
        `Sloth prometheus/v1 spec for ${model.name}, generated by ${GENERATOR_NAME}, to compare with Sloth's own rules.`,
        'Sloth reads no period from this format: each document below says which --default-slo-period it needs.',
      ],
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
