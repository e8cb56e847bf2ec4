/**
 * Service-health recording rules (PRODUCT.md §4): request rate, error ratio and latency p95/p99
 * of the service, from its service-type template's metrics (renamed to what the SLOs read,
 * scoped to the service's selector). One series each, labelled `service`.
 */
import { LABELS, RECORDS } from '../../conventions.ts';
import type { ServiceModel } from '../../model/types.ts';
import { bindExpr } from '../../technologies/expr.ts';
import type { ServiceTechnology } from '../../technologies/ids.ts';
import { TECHNOLOGIES, serviceTechnology } from '../../technologies/registry.ts';
import { resolveMetrics } from '../../technologies/resolve.ts';
import type { RecordingRule } from '../rules.ts';

/** Template expressions per service type, in the template's own metric and label names. */
const HEALTH: Record<ServiceTechnology, { events: string; errors: string; buckets: string }> = {
  http: { events: 'http_requests_total', errors: 'http_requests_total{code=~"5.."}', buckets: 'http_request_duration_seconds_bucket' },
  worker: { events: 'jobs_processed_total', errors: 'jobs_processed_total{status="failed"}', buckets: 'job_duration_seconds_bucket' },
  stream: {
    events: 'events_processed_total',
    errors: 'events_processed_total{status="error"}',
    buckets: 'event_processing_duration_seconds_bucket',
  },
};

export function healthRecordingRules(model: ServiceModel): RecordingRule[] {
  const tech = serviceTechnology(model.type);
  const h = HEALTH[tech];
  const { rename, relabel } = resolveMetrics(model, TECHNOLOGIES[tech]);
  const bind = (expr: string): string => bindExpr(expr, { rename, relabel, matchers: model.observability.selector });
  const total = `sum(rate(${h.events}[5m]))`;
  const labels = { ...model.labels, [LABELS.service]: model.name };
  return [
    { record: RECORDS.health.rate, expr: bind(total), labels },
    // No failed request is a ratio of 0, not a missing series.
    { record: RECORDS.health.errorRatio, expr: bind(`(sum(rate(${h.errors}[5m])) or 0 * ${total}) / (${total} > 0)`), labels },
    { record: RECORDS.health.p95, expr: bind(`histogram_quantile(0.95, sum by (le) (rate(${h.buckets}[5m])))`), labels },
    { record: RECORDS.health.p99, expr: bind(`histogram_quantile(0.99, sum by (le) (rate(${h.buckets}[5m])))`), labels },
  ];
}
