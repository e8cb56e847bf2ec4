/**
 * Request-serving services (types api, web, and the default). Metric names follow the Prometheus
 * client libraries' HTTP conventions; the dashboard generator replaces them with the metrics the
 * service's own SLOs read, and `Observability.metrics` overrides (`http.requests: …`) win over both.
 */
import { counter, gauge, histogram, type TechnologyTemplate } from './types.ts';

export const http = {
  id: 'http',
  title: 'HTTP service',
  exporter: {
    name: 'application instrumentation (Prometheus client library / OpenTelemetry)',
    docs: 'https://prometheus.io/docs/practices/instrumentation/#online-serving-systems',
  },
  scope: { by: 'namespace' },
  metrics: {
    requests: counter('http_requests_total', 'Requests handled, by status code', [
      'http_server_requests_seconds_count',
      'http_server_request_duration_seconds_count',
    ]),
    duration: histogram('http_request_duration_seconds_bucket', 'Request duration buckets', [
      'http_server_requests_seconds_bucket',
      'http_server_request_duration_seconds_bucket',
    ]),
    in_flight: gauge('http_requests_in_flight', 'Requests being served', ['http_server_active_requests']),
    cpu: counter('process_cpu_seconds_total', 'CPU time used by the process'),
    memory: gauge('process_resident_memory_bytes', 'Resident memory of the process'),
  },
  panels: [
    {
      title: 'Request rate',
      kind: 'timeseries',
      unit: 'reqps',
      description: 'Requests per second.',
      queries: [{ expr: 'sum(rate(http_requests_total[5m]))', legend: 'requests' }],
    },
    {
      title: 'Error ratio',
      kind: 'timeseries',
      unit: 'percentunit',
      thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.01 }, { color: 'red', value: 0.05 }],
      description: 'Share of requests answered with a 5xx status.',
      queries: [{ expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))', legend: '5xx' }],
    },
    {
      title: 'Latency',
      kind: 'timeseries',
      unit: 's',
      description: 'p50, p95 and p99 request duration.',
      queries: [
        { expr: 'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))', legend: 'p50' },
        { expr: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))', legend: 'p95' },
        { expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))', legend: 'p99' },
      ],
    },
    {
      title: 'Requests by status',
      kind: 'timeseries',
      unit: 'reqps',
      description: 'Requests per second by status code.',
      queries: [{ expr: 'sum by (code) (rate(http_requests_total[5m]))', legend: '{{code}}' }],
    },
    {
      title: 'Success ratio (1h)',
      kind: 'stat',
      unit: 'percentunit',
      thresholds: [{ color: 'red' }, { color: 'yellow', value: 0.99 }, { color: 'green', value: 0.999 }],
      description: 'Share of requests over the last hour that did not fail with a 5xx.',
      queries: [{ expr: '1 - sum(rate(http_requests_total{code=~"5.."}[1h])) / sum(rate(http_requests_total[1h]))' }],
    },
    {
      title: 'Requests in flight',
      kind: 'timeseries',
      unit: 'short',
      description: 'Requests being served at once; growth without more traffic means requests are getting stuck.',
      queries: [{ expr: 'sum(http_requests_in_flight)', legend: 'in flight' }],
    },
    {
      title: 'CPU',
      kind: 'timeseries',
      unit: 'short',
      description: 'CPU cores used per instance.',
      queries: [{ expr: 'sum by (instance) (rate(process_cpu_seconds_total[5m]))', legend: '{{instance}}' }],
    },
    {
      title: 'Memory',
      kind: 'timeseries',
      unit: 'bytes',
      description: 'Resident memory per instance.',
      queries: [{ expr: 'sum by (instance) (process_resident_memory_bytes)', legend: '{{instance}}' }],
    },
  ],
  alerts: [
    {
      alert: 'HttpHighErrorRatio',
      for: '10m',
      severity: 'warning',
      source: 'nthlayer',
      expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05 and sum(rate(http_requests_total[5m])) > 0',
      summary: 'More than 5% of requests fail',
      description:
        'The 5xx ratio has been above 5% for 10 minutes ({{ $value | humanizePercentage }}). SLO burn-rate alerts page; this one catches sharp breaks on low traffic.',
    },
    {
      alert: 'HttpHighLatencyP99',
      for: '10m',
      severity: 'warning',
      source: 'nthlayer',
      expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2',
      summary: 'p99 latency above 2s',
      description: 'p99 request latency has been above 2s for 10 minutes ({{ $value | humanizeDuration }}).',
    },
    {
      alert: 'HttpNoTraffic',
      for: '15m',
      severity: 'warning',
      source: 'nthlayer',
      expr: 'sum(rate(http_requests_total[5m])) == 0',
      summary: 'No requests for 15 minutes',
      description: 'The service received no requests for 15 minutes: routing, DNS or the load balancer may be broken.',
    },
    {
      alert: 'HttpRequestsPilingUp',
      for: '10m',
      severity: 'warning',
      source: 'nthlayer',
      // Against yesterday's level, which the incident itself cannot raise (an hour-old baseline
      // would catch up and resolve the alert while requests still pile up).
      expr: 'sum(http_requests_in_flight) > 2 * sum(avg_over_time(http_requests_in_flight[1d] offset 1d)) and sum(http_requests_in_flight) > 50',
      summary: 'Requests in flight piling up',
      description: 'Twice as many requests are in flight as on average the day before ({{ $value }}).',
    },
  ],
  logs: [
    {
      name: 'Errors',
      pipeline: '|~ "(?i:\\\\blevel\\\\W{1,3}(error|err|fatal|critical)\\\\b)|\\\\s(ERROR|FATAL)\\\\s"',
      severity: 'warning',
      perMinute: 10,
      window: '5m',
      for: '5m',
      summary: 'The service logs many errors',
    },
    {
      name: 'Panics',
      pipeline: '|~ "panic:|SIGSEGV|segmentation fault|Traceback \\\\(most recent call last\\\\)|Exception in thread"',
      severity: 'warning',
      perMinute: 0.2,
      window: '5m',
      for: '5m',
      summary: 'The service crashed with a panic or unhandled exception',
    },
    {
      name: 'OutOfMemory',
      pipeline: '|~ "OutOfMemoryError|out of memory|Cannot allocate memory"',
      severity: 'warning',
      perMinute: 0.2,
      window: '5m',
      for: '5m',
      summary: 'The service ran out of memory',
    },
    {
      name: 'UpstreamTimeouts',
      pipeline: '|~ "(?i)(deadline exceeded|context deadline|timed? ?out)"',
      severity: 'warning',
      perMinute: 4,
      window: '5m',
      for: '5m',
      summary: 'Calls from the service time out',
    },
  ],
} satisfies TechnologyTemplate;
