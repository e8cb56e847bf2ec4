/**
 * Stream processors (type stream). Event counters carry a `status` label (`error` marks failures);
 * lag is the age of the newest event processed.
 */
import { counter, gauge, histogram, type TechnologyTemplate } from './types.ts';

export const stream = {
  id: 'stream',
  title: 'Stream processor',
  exporter: {
    name: 'application instrumentation (Prometheus client library / OpenTelemetry)',
    docs: 'https://prometheus.io/docs/practices/instrumentation/#offline-processing',
  },
  scope: { by: 'namespace' },
  metrics: {
    events: counter('events_processed_total', 'Events processed, by status', ['messages_processed_total', 'stream_events_total']),
    duration: histogram('event_processing_duration_seconds_bucket', 'Per-event processing time', [
      'message_processing_duration_seconds_bucket',
    ]),
    lag: gauge('event_lag_seconds', 'Age of the newest event processed', ['kafka_consumer_lag_seconds', 'consumer_lag_seconds']),
    last_event: gauge('last_event_processed_timestamp_seconds', 'When an event was last processed, Unix seconds'),
    in_flight: gauge('events_in_flight', 'Events being processed'),
  },
  panels: [
    {
      title: 'Event rate',
      kind: 'timeseries',
      unit: 'ops',
      description: 'Events processed per second by status.',
      queries: [{ expr: 'sum by (status) (rate(events_processed_total[5m]))', legend: '{{status}}' }],
    },
    {
      title: 'Error ratio',
      kind: 'timeseries',
      unit: 'percentunit',
      thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.001 }, { color: 'red', value: 0.01 }],
      description: 'Share of events that failed processing.',
      queries: [
        { expr: 'sum(rate(events_processed_total{status="error"}[5m])) / sum(rate(events_processed_total[5m]))', legend: 'errors' },
      ],
    },
    {
      title: 'Processing latency',
      kind: 'timeseries',
      unit: 's',
      description: 'p50, p95 and p99 per-event processing time.',
      queries: [
        { expr: 'histogram_quantile(0.5, sum by (le) (rate(event_processing_duration_seconds_bucket[5m])))', legend: 'p50' },
        { expr: 'histogram_quantile(0.95, sum by (le) (rate(event_processing_duration_seconds_bucket[5m])))', legend: 'p95' },
        { expr: 'histogram_quantile(0.99, sum by (le) (rate(event_processing_duration_seconds_bucket[5m])))', legend: 'p99' },
      ],
    },
    {
      title: 'Lag',
      kind: 'timeseries',
      unit: 's',
      thresholds: [{ color: 'green' }, { color: 'yellow', value: 60 }, { color: 'red', value: 300 }],
      description: 'How old the newest processed event is, per instance.',
      queries: [{ expr: 'max by (instance) (event_lag_seconds)', legend: '{{instance}}' }],
    },
    {
      title: 'Since last event',
      kind: 'stat',
      unit: 's',
      thresholds: [{ color: 'green' }, { color: 'yellow', value: 300 }, { color: 'red', value: 900 }],
      description: 'Time since any instance last processed an event.',
      queries: [{ expr: 'time() - max(last_event_processed_timestamp_seconds)' }],
    },
    {
      title: 'Events in flight',
      kind: 'timeseries',
      unit: 'short',
      description: 'Events being processed at once.',
      queries: [{ expr: 'sum by (instance) (events_in_flight)', legend: '{{instance}}' }],
    },
  ],
  alerts: [
    {
      alert: 'StreamHighErrorRatio',
      for: '10m',
      severity: 'warning',
      source: 'nthlayer',
      expr: 'sum(rate(events_processed_total{status="error"}[5m])) / sum(rate(events_processed_total[5m])) > 0.01 and sum(rate(events_processed_total[5m])) > 0',
      summary: 'More than 1% of events fail',
      description: 'The event error ratio has been above 1% for 10 minutes ({{ $value | humanizePercentage }}).',
    },
    {
      alert: 'StreamLagHigh',
      for: '10m',
      severity: 'warning',
      source: 'nthlayer',
      expr: 'max(event_lag_seconds) > 300',
      summary: 'Stream lag above 5 minutes',
      description: 'The processor is {{ $value | humanizeDuration }} behind.',
    },
    {
      alert: 'StreamStalled',
      for: '10m',
      severity: 'critical',
      source: 'nthlayer',
      expr: 'time() - max(last_event_processed_timestamp_seconds) > 900',
      summary: 'No event processed for 15 minutes',
      description: 'No instance has processed an event for {{ $value | humanizeDuration }}.',
    },
    {
      alert: 'StreamSlowProcessing',
      for: '15m',
      severity: 'warning',
      source: 'nthlayer',
      expr: 'histogram_quantile(0.99, sum by (le) (rate(event_processing_duration_seconds_bucket[5m]))) > 1',
      summary: 'p99 event processing above 1s',
      description: 'p99 processing time per event is {{ $value | humanizeDuration }}.',
    },
  ],
  logs: [
    {
      name: 'ProcessingErrors',
      pipeline: '|~ "(?i)(failed to (process|deserialize|decode)|poison (pill|message))"',
      severity: 'warning',
      perMinute: 4,
      window: '5m',
      for: '5m',
      summary: 'Events fail to process',
    },
    {
      name: 'Panics',
      pipeline: '|~ "panic:|SIGSEGV|Traceback \\\\(most recent call last\\\\)|Exception in thread"',
      severity: 'warning',
      perMinute: 0.2,
      window: '5m',
      for: '5m',
      summary: 'The processor crashed with a panic or unhandled exception',
    },
    {
      name: 'Rebalancing',
      pipeline: '|~ "(?i)(rebalanc|partitions revoked|group coordinator)"',
      severity: 'warning',
      perMinute: 2,
      window: '10m',
      for: '5m',
      summary: 'The consumer group keeps rebalancing',
    },
    {
      name: 'CommitFailures',
      pipeline: '|~ "(?i)(commit failed|CommitFailedException|offset commit)"',
      severity: 'warning',
      perMinute: 1,
      window: '5m',
      for: '5m',
      summary: 'Offset commits fail',
    },
  ],
} satisfies TechnologyTemplate;
