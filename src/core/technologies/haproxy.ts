/**
 * HAProxy 2.x through its built-in Prometheus exporter (`http-request use-service prometheus-exporter`).
 * Response counters carry `code="1xx".."5xx"` (classes, not codes) and the `proxy` label.
 */
import { AWESOME_PROMETHEUS_ALERTS as APA, counter, gauge, regexLiteral, type TechnologyTemplate } from './types.ts';

export const haproxy = {
  id: 'haproxy',
  title: 'HAProxy',
  exporter: {
    name: 'HAProxy built-in exporter',
    docs: 'https://github.com/haproxy/haproxy/blob/master/addons/promex/README',
    port: 8405,
    install: 'frontend prometheus: bind :8405, http-request use-service prometheus-exporter if { path /metrics }',
  },
  scope: { by: 'instance', metric: 'haproxy_frontend_current_sessions' },
  dependencyScope: {
    default: (d) => [{ name: 'proxy', op: '=~', value: `(.+[-_])?${regexLiteral(d.service)}([-_].+)?` }],
    describe: '{proxy=~"(.+[-_])?<service>([-_].+)?"}: the frontends and backends named after the declaring service',
  },
  metrics: {
    frontend_requests: counter('haproxy_frontend_http_requests_total', 'HTTP requests received by each frontend'),
    frontend_sessions: gauge('haproxy_frontend_current_sessions', 'Current sessions per frontend'),
    frontend_denied: counter('haproxy_frontend_requests_denied_total', 'Requests denied by security rules'),
    backend_responses: counter('haproxy_backend_http_responses_total', 'HTTP responses per backend by code class'),
    server_responses: counter('haproxy_server_http_responses_total', 'HTTP responses per server by code class'),
    backend_sessions: gauge('haproxy_backend_current_sessions', 'Current sessions per backend'),
    backend_limit: gauge('haproxy_backend_limit_sessions', 'Session limit per backend'),
    backend_queue: gauge('haproxy_backend_current_queue', 'Requests queued waiting for a server'),
    backend_active: gauge('haproxy_backend_active_servers', 'Active servers per backend'),
    backend_backup: gauge('haproxy_backend_backup_servers', 'Backup servers per backend'),
    backend_response_time: gauge('haproxy_backend_response_time_average_seconds', 'Average response time of the last 1024 requests'),
    backend_total_time: gauge('haproxy_backend_total_time_average_seconds', 'Average total session time of the last 1024 requests'),
    backend_connection_errors: counter('haproxy_backend_connection_errors_total', 'Failed connections to servers'),
    check_failures: counter('haproxy_server_check_failures_total', 'Failed health checks per server'),
    bytes_in: counter('haproxy_frontend_bytes_in_total', 'Bytes received by frontends'),
    bytes_out: counter('haproxy_frontend_bytes_out_total', 'Bytes sent by frontends'),
  },
  panels: [
    {
      title: 'Requests per second', kind: 'timeseries', unit: 'reqps',
      description: 'HTTP requests received per frontend.',
      queries: [{ expr: 'sum by (proxy) (rate(haproxy_frontend_http_requests_total[5m]))', legend: '{{proxy}}' }],
    },
    {
      title: 'Backend 5xx ratio', kind: 'timeseries', unit: 'percentunit', thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.01 }, { color: 'red', value: 0.05 }],
      description: 'Share of backend responses in the 5xx class.',
      queries: [{ expr: 'sum by (proxy) (rate(haproxy_backend_http_responses_total{code="5xx"}[5m])) / sum by (proxy) (rate(haproxy_backend_http_responses_total[5m]))', legend: '{{proxy}}' }],
    },
    {
      title: 'Responses by class', kind: 'timeseries', unit: 'reqps',
      description: 'Backend responses per second by status class.',
      queries: [{ expr: 'sum by (code) (rate(haproxy_backend_http_responses_total[5m]))', legend: '{{code}}' }],
    },
    {
      title: 'Backend response time', kind: 'timeseries', unit: 's', thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.5 }, { color: 'red', value: 1 }],
      description: 'Average response time of the last 1024 requests per backend.',
      queries: [{ expr: 'max by (proxy) (haproxy_backend_response_time_average_seconds)', legend: '{{proxy}}' }],
    },
    {
      title: 'Queued requests', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'yellow', value: 1 }],
      description: 'Requests waiting for a free server slot; any queue adds latency.',
      queries: [{ expr: 'sum by (proxy) (haproxy_backend_current_queue)', legend: '{{proxy}}' }],
    },
    {
      title: 'Active servers', kind: 'timeseries', unit: 'short',
      description: 'Servers in service per backend.',
      queries: [{ expr: 'sum by (proxy) (haproxy_backend_active_servers)', legend: '{{proxy}}' }],
    },
    {
      title: 'Sessions', kind: 'timeseries', unit: 'short',
      description: 'Current sessions per frontend.',
      queries: [{ expr: 'sum by (proxy) (haproxy_frontend_current_sessions)', legend: '{{proxy}}' }],
    },
    {
      title: 'Traffic', kind: 'timeseries', unit: 'Bps',
      description: 'Bytes received and sent by frontends.',
      queries: [
        { expr: 'sum(rate(haproxy_frontend_bytes_in_total[5m]))', legend: 'in' },
        { expr: 'sum(rate(haproxy_frontend_bytes_out_total[5m]))', legend: 'out' },
      ],
    },
  ],
  alerts: [
    {
      alert: 'HaproxyHighHttp5xxErrorRateBackend', for: '1m', severity: 'critical', source: APA,
      expr: 'sum by (proxy) (rate(haproxy_server_http_responses_total{code="5xx"}[5m])) / sum by (proxy) (rate(haproxy_server_http_responses_total[5m])) > 0.05 and sum by (proxy) (rate(haproxy_server_http_responses_total[5m])) > 0',
      summary: 'HAProxy high HTTP 5xx error rate (backend {{ $labels.proxy }})',
      description: 'More than 5% of responses from backend {{ $labels.proxy }} are 5xx.',
    },
    {
      alert: 'HaproxyHasNoAliveBackends', expr: 'haproxy_backend_active_servers + haproxy_backend_backup_servers == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'HAProxy has no alive backends (backend {{ $labels.proxy }})',
      description: 'Backend {{ $labels.proxy }} has no active or backup server.',
    },
    {
      alert: 'HaproxyServerHealthcheckFailure', expr: 'increase(haproxy_server_check_failures_total[5m]) > 10', for: '1m', severity: 'warning', source: APA,
      summary: 'HAProxy server health checks fail (server {{ $labels.server }})',
      description: 'Health checks of {{ $labels.proxy }}/{{ $labels.server }} keep failing.',
    },
    {
      alert: 'HaproxyBackendMaxActiveSession', for: '2m', severity: 'warning', source: APA,
      expr: 'haproxy_backend_current_sessions / haproxy_backend_limit_sessions > 0.8 and haproxy_backend_limit_sessions > 0',
      summary: 'HAProxy backend sessions above 80% (backend {{ $labels.proxy }})',
      description: 'Backend {{ $labels.proxy }} uses more than 80% of its session limit.',
    },
    {
      alert: 'HaproxyPendingRequests', expr: 'sum by (proxy) (haproxy_backend_current_queue) > 0', for: '2m', severity: 'warning', source: APA,
      summary: 'HAProxy pending requests (backend {{ $labels.proxy }})',
      description: 'Requests queue on backend {{ $labels.proxy }}: its servers are saturated.',
    },
    {
      alert: 'HaproxyHttpSlowingDown', expr: 'avg by (instance, proxy) (haproxy_backend_total_time_average_seconds) > 1', for: '1m', severity: 'warning', source: APA,
      summary: 'HAProxy HTTP slowing down (backend {{ $labels.proxy }})',
      description: 'Average total time on backend {{ $labels.proxy }} is above 1s.',
    },
    {
      alert: 'HaproxyFrontendSecurityBlockedRequests', expr: 'sum by (proxy) (rate(haproxy_frontend_requests_denied_total[2m])) > 10', for: '2m', severity: 'warning', source: APA,
      summary: 'HAProxy frontend blocks requests (frontend {{ $labels.proxy }})',
      description: 'Frontend {{ $labels.proxy }} denies more than 10 requests a second (security rules or abuse).',
    },
    {
      alert: 'HaproxyBackendConnectionErrors', expr: 'sum by (proxy) (rate(haproxy_backend_connection_errors_total[5m])) > 100', for: '1m', severity: 'critical', source: APA,
      summary: 'HAProxy backend connection errors (backend {{ $labels.proxy }})',
      description: 'Backend {{ $labels.proxy }} fails more than 100 connections a second.',
    },
  ],
  logs: [
    { name: 'ServerDown', pipeline: '|~ "Server .* is DOWN"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'HAProxy marked servers DOWN' },
    { name: 'NoServerAvailable', pipeline: '|~ "has no server available"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'A HAProxy backend has no server available' },
    { name: 'ServerErrors', pipeline: '|~ " 5[0-9]{2} [0-9]+ "', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'HAProxy returns 5xx responses' },
    { name: 'ConnectionErrors', pipeline: '|~ "Connection refused|Layer4 (timeout|connection problem)"', severity: 'critical', perMinute: 1, window: '5m', for: '5m', summary: 'HAProxy cannot connect to servers' },
    { name: 'QueueTimeout', pipeline: '|~ " sQ-- | SQ-- | sC-- "', severity: 'warning', perMinute: 1, window: '5m', for: '5m', summary: 'HAProxy requests time out in queue or on connect' },
  ],
} satisfies TechnologyTemplate;
