/**
 * NGINX through nginx/nginx-prometheus-exporter (stub_status: connections and requests) and, for
 * status codes and latency, the ingress-nginx controller's own metrics. stub_status carries no
 * status codes, so error-rate panels and alerts read the controller's series.
 */
import { AWESOME_PROMETHEUS_ALERTS as APA, counter, gauge, histogram, regexLiteral, type TechnologyTemplate } from './types.ts';

export const nginx = {
  id: 'nginx',
  title: 'NGINX',
  exporter: {
    name: 'nginx-prometheus-exporter / ingress-nginx',
    docs: 'https://github.com/nginx/nginx-prometheus-exporter',
    port: 9113,
    install: 'helm install nginx-exporter prometheus-community/prometheus-nginx-exporter (ingress-nginx: controller.metrics.enabled=true)',
  },
  scope: { by: 'instance', metric: 'nginx_up' },
  dependencyScope: {
    default: (d) => [{ name: 'ingress', op: '=~', value: `${regexLiteral(d.service)}(-.+)?` }],
    describe:
      '{ingress=~"<service>(-.+)?"}: the ingress-nginx Ingress objects named after the declaring service; stub_status rules (nginx_up, connections) are fleet-wide unless the selector names the exporter (job or instance)',
  },
  metrics: {
    up: gauge('nginx_up', 'Whether the exporter could read stub_status'),
    active: gauge('nginx_connections_active', 'Active client connections', ['nginx_ingress_controller_nginx_process_connections']),
    reading: gauge('nginx_connections_reading', 'Connections reading the request'),
    writing: gauge('nginx_connections_writing', 'Connections writing the response'),
    waiting: gauge('nginx_connections_waiting', 'Idle keep-alive connections'),
    accepted: counter('nginx_connections_accepted', 'Accepted client connections'),
    handled: counter('nginx_connections_handled', 'Handled client connections'),
    requests: counter('nginx_http_requests_total', 'Client requests (stub_status, no status code)'),
    ingress_requests: counter(
      'nginx_ingress_controller_requests',
      'Requests by ingress, service and status (ingress-nginx)',
      ['nginx_http_requests_total'],
      ['ingress'],
    ),
    ingress_duration: histogram(
      'nginx_ingress_controller_request_duration_seconds_bucket',
      'Request duration buckets (ingress-nginx)',
      ['nginx_http_request_duration_seconds_bucket'],
      ['ingress'],
    ),
  },
  panels: [
    {
      title: 'Requests per second',
      kind: 'timeseries',
      unit: 'reqps',
      description: 'Requests served per second (stub_status).',
      queries: [{ expr: 'sum by (instance) (rate(nginx_http_requests_total[5m]))', legend: '{{instance}}' }],
    },
    {
      title: 'Connections',
      kind: 'timeseries',
      unit: 'short',
      description: 'Active connections split into reading, writing and idle keep-alive.',
      queries: [
        { expr: 'sum(nginx_connections_active)', legend: 'active' },
        { expr: 'sum(nginx_connections_reading)', legend: 'reading' },
        { expr: 'sum(nginx_connections_writing)', legend: 'writing' },
        { expr: 'sum(nginx_connections_waiting)', legend: 'waiting' },
      ],
    },
    {
      title: 'Dropped connections',
      kind: 'timeseries',
      unit: 'short',
      thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Connections accepted but not handled over 5 minutes: worker_connections or another resource limit was hit.',
      queries: [
        {
          expr: 'sum by (instance) (increase(nginx_connections_accepted[5m])) - sum by (instance) (increase(nginx_connections_handled[5m]))',
          legend: '{{instance}}',
        },
      ],
    },
    {
      title: 'Responses by status',
      kind: 'timeseries',
      unit: 'reqps',
      description: 'Responses per second by status code (ingress-nginx).',
      queries: [{ expr: 'sum by (status) (rate(nginx_ingress_controller_requests[5m]))', legend: '{{status}}' }],
    },
    {
      title: '5xx ratio',
      kind: 'timeseries',
      unit: 'percentunit',
      thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.01 }, { color: 'red', value: 0.05 }],
      description: 'Share of responses with a 5xx status per ingress (ingress-nginx).',
      queries: [
        {
          expr: 'sum by (ingress) (rate(nginx_ingress_controller_requests{status=~"5.."}[5m])) / sum by (ingress) (rate(nginx_ingress_controller_requests[5m]))',
          legend: '{{ingress}}',
        },
      ],
    },
    {
      title: 'Request latency',
      kind: 'timeseries',
      unit: 's',
      description: 'p50, p95 and p99 of request duration (ingress-nginx).',
      queries: [
        {
          expr: 'histogram_quantile(0.5, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket[5m])))',
          legend: 'p50',
        },
        {
          expr: 'histogram_quantile(0.95, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket[5m])))',
          legend: 'p95',
        },
        {
          expr: 'histogram_quantile(0.99, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket[5m])))',
          legend: 'p99',
        },
      ],
    },
  ],
  alerts: [
    {
      alert: 'NginxDown',
      expr: 'nginx_up == 0',
      for: '1m',
      severity: 'critical',
      source: 'nthlayer',
      summary: 'NGINX down (instance {{ $labels.instance }})',
      description: 'The exporter cannot read stub_status on {{ $labels.instance }}.',
    },
    {
      alert: 'NginxDroppedConnections',
      for: '2m',
      severity: 'warning',
      source: 'nthlayer',
      expr: 'increase(nginx_connections_accepted[5m]) - increase(nginx_connections_handled[5m]) > 0',
      summary: 'NGINX drops connections (instance {{ $labels.instance }})',
      description: 'NGINX on {{ $labels.instance }} accepts connections it cannot handle (worker_connections exhausted?).',
    },
    {
      alert: 'NginxHighHttp5xxErrorRate',
      for: '1m',
      severity: 'critical',
      source: APA,
      expr: 'sum by (ingress) (rate(nginx_ingress_controller_requests{status=~"5.."}[5m])) / sum by (ingress) (rate(nginx_ingress_controller_requests[5m])) > 0.05 and sum by (ingress) (rate(nginx_ingress_controller_requests[5m])) > 0',
      summary: 'NGINX high HTTP 5xx error rate (ingress {{ $labels.ingress }})',
      description: 'More than 5% of responses of ingress {{ $labels.ingress }} are 5xx.',
    },
    {
      alert: 'NginxHighHttp4xxErrorRate',
      for: '5m',
      severity: 'warning',
      source: APA,
      expr: 'sum by (ingress) (rate(nginx_ingress_controller_requests{status=~"4.."}[5m])) / sum by (ingress) (rate(nginx_ingress_controller_requests[5m])) > 0.05 and sum by (ingress) (rate(nginx_ingress_controller_requests[5m])) > 0',
      summary: 'NGINX high HTTP 4xx error rate (ingress {{ $labels.ingress }})',
      description: 'More than 5% of responses of ingress {{ $labels.ingress }} are 4xx.',
    },
    {
      alert: 'NginxLatencyHigh',
      for: '2m',
      severity: 'warning',
      source: APA,
      expr: 'histogram_quantile(0.99, sum by (ingress, le) (rate(nginx_ingress_controller_request_duration_seconds_bucket[2m]))) > 3',
      summary: 'NGINX latency high (ingress {{ $labels.ingress }})',
      description: 'p99 latency of ingress {{ $labels.ingress }} is above 3s.',
    },
  ],
  logs: [
    {
      name: 'Errors',
      pipeline: '|~ "\\\\[(error|crit|alert|emerg)\\\\]"',
      severity: 'warning',
      perMinute: 2,
      window: '5m',
      for: '5m',
      summary: 'NGINX logs errors',
    },
    {
      name: 'UpstreamTimeout',
      pipeline: '|= "upstream timed out"',
      severity: 'warning',
      perMinute: 1,
      window: '5m',
      for: '5m',
      summary: 'NGINX upstreams time out',
    },
    {
      name: 'NoLiveUpstreams',
      pipeline: '|~ "no live upstreams|connect\\\\(\\\\) failed"',
      severity: 'warning',
      perMinute: 0.2,
      window: '5m',
      for: '5m',
      summary: 'NGINX has no live upstreams',
    },
    {
      name: 'ServerErrors',
      pipeline: '|~ "\\" 5[0-9]{2} "',
      severity: 'warning',
      perMinute: 2,
      window: '5m',
      for: '5m',
      summary: 'NGINX serves 5xx responses',
    },
    {
      name: 'WorkerConnectionsExhausted',
      pipeline: '|~ "worker_connections are not enough|limiting connections"',
      severity: 'warning',
      perMinute: 0.2,
      window: '5m',
      for: '5m',
      summary: 'NGINX ran out of worker connections',
    },
    {
      name: 'TlsError',
      pipeline: '|~ "SSL_do_handshake\\\\(\\\\) failed|SSL certificate"',
      severity: 'warning',
      perMinute: 1,
      window: '5m',
      for: '5m',
      summary: 'NGINX TLS handshakes fail',
    },
  ],
} satisfies TechnologyTemplate;
