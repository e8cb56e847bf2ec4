/** Traefik v2/v3 through its built-in Prometheus metrics (`--metrics.prometheus`). */
import { AWESOME_PROMETHEUS_ALERTS as APA, counter, gauge, histogram, regexLiteral, type TechnologyTemplate } from './types.ts';

export const traefik = {
  id: 'traefik',
  title: 'Traefik',
  exporter: {
    name: 'Traefik built-in metrics',
    docs: 'https://doc.traefik.io/traefik/observability/metrics/prometheus/',
    port: 8080,
    install: 'traefik --metrics.prometheus=true --metrics.prometheus.addServicesLabels=true',
  },
  scope: { by: 'instance', metric: 'traefik_config_reloads_total' },
  dependencyScope: {
    default: (d) => [{ name: 'service', op: '=~', value: `(.+-)?${regexLiteral(d.service)}(-[0-9]+)?@.+` }],
    describe: '{service=~"(.+-)?<service>(-[0-9]+)?@.+"}: the Traefik services (routers\' backends) named after the declaring service, from any provider; instance-level rules (certificates, configuration reloads) are fleet-wide',
  },
  metrics: {
    reloads: counter('traefik_config_reloads_total', 'Configuration reloads'),
    reload_failures: counter('traefik_config_reloads_failure_total', 'Failed configuration reloads (v2)'),
    service_requests: counter('traefik_service_requests_total', 'Requests per service by code and method', ['traefik_backend_requests_total'], ['service']),
    service_duration: histogram('traefik_service_request_duration_seconds_bucket', 'Request duration per service', ['traefik_backend_request_duration_seconds_bucket'], ['service']),
    service_open_connections: gauge('traefik_service_open_connections', 'Open connections per service (v2)', ['traefik_open_connections'], ['service']),
    server_up: gauge('traefik_service_server_up', 'Whether each server of a service is up', ['traefik_backend_server_up'], ['service']),
    entrypoint_requests: counter('traefik_entrypoint_requests_total', 'Requests per entrypoint', [], ['entrypoint']),
    cert_not_after: gauge('traefik_tls_certs_not_after', 'Expiry of each certificate, Unix seconds'),
  },
  panels: [
    {
      title: 'Requests per service', kind: 'timeseries', unit: 'reqps',
      description: 'Requests per second routed to each service.',
      queries: [{ expr: 'sum by (service) (rate(traefik_service_requests_total[5m]))', legend: '{{service}}' }],
    },
    {
      title: '5xx ratio', kind: 'timeseries', unit: 'percentunit', thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.01 }, { color: 'red', value: 0.05 }],
      description: 'Share of 5xx responses per service.',
      queries: [{ expr: 'sum by (service) (rate(traefik_service_requests_total{code=~"5.."}[5m])) / sum by (service) (rate(traefik_service_requests_total[5m]))', legend: '{{service}}' }],
    },
    {
      title: 'Latency p95', kind: 'timeseries', unit: 's',
      description: '95th percentile of request duration per service.',
      queries: [{ expr: 'histogram_quantile(0.95, sum by (service, le) (rate(traefik_service_request_duration_seconds_bucket[5m])))', legend: '{{service}}' }],
    },
    {
      title: 'Responses by status', kind: 'timeseries', unit: 'reqps',
      description: 'Responses per second by status code.',
      queries: [{ expr: 'sum by (code) (rate(traefik_service_requests_total[5m]))', legend: '{{code}}' }],
    },
    {
      title: 'Entrypoint requests', kind: 'timeseries', unit: 'reqps',
      description: 'Requests per second per entrypoint (web, websecure …).',
      queries: [{ expr: 'sum by (entrypoint) (rate(traefik_entrypoint_requests_total[5m]))', legend: '{{entrypoint}}' }],
    },
    {
      title: 'Servers up', kind: 'timeseries', unit: 'short',
      description: 'Healthy servers behind each service.',
      queries: [{ expr: 'sum by (service) (traefik_service_server_up)', legend: '{{service}}' }],
    },
    {
      title: 'Open connections', kind: 'timeseries', unit: 'short',
      description: 'Open connections per service.',
      queries: [{ expr: 'sum by (service) (traefik_service_open_connections)', legend: '{{service}}' }],
    },
    {
      title: 'Next certificate expiry', kind: 'stat', unit: 's', thresholds: [{ color: 'red' }, { color: 'yellow', value: 604800 }, { color: 'green', value: 1209600 }],
      description: 'Time until the soonest TLS certificate expires.',
      queries: [{ expr: 'min(traefik_tls_certs_not_after) - time()' }],
    },
  ],
  alerts: [
    {
      alert: 'TraefikServiceDown', expr: 'count by (service) (traefik_service_server_up) > 0 and sum by (service) (traefik_service_server_up) == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'Traefik service down (service {{ $labels.service }})',
      description: 'No server of {{ $labels.service }} is up.',
    },
    {
      alert: 'TraefikHighHttp5xxErrorRateService', for: '1m', severity: 'critical', source: APA,
      expr: 'sum by (service) (rate(traefik_service_requests_total{code=~"5.."}[3m])) / sum by (service) (rate(traefik_service_requests_total[3m])) > 0.05 and sum by (service) (rate(traefik_service_requests_total[3m])) > 0',
      summary: 'Traefik high HTTP 5xx error rate (service {{ $labels.service }})',
      description: 'More than 5% of responses of {{ $labels.service }} are 5xx.',
    },
    {
      alert: 'TraefikHighHttp4xxErrorRateService', for: '5m', severity: 'warning', source: APA,
      expr: 'sum by (service) (rate(traefik_service_requests_total{code=~"4.."}[3m])) / sum by (service) (rate(traefik_service_requests_total[3m])) > 0.05 and sum by (service) (rate(traefik_service_requests_total[3m])) > 0',
      summary: 'Traefik high HTTP 4xx error rate (service {{ $labels.service }})',
      description: 'More than 5% of responses of {{ $labels.service }} are 4xx.',
    },
    {
      alert: 'TraefikCertificateExpiringSoon', expr: 'min by (sans) (traefik_tls_certs_not_after) - time() < 14 * 86400', for: '1h', severity: 'warning', source: APA,
      summary: 'Traefik certificate expiring soon ({{ $labels.sans }})',
      description: 'The certificate for {{ $labels.sans }} expires within 14 days.',
    },
    {
      alert: 'TraefikCertificateExpiringImminently', expr: 'min by (sans) (traefik_tls_certs_not_after) - time() < 7 * 86400', for: '5m', severity: 'critical', source: APA,
      summary: 'Traefik certificate expiring imminently ({{ $labels.sans }})',
      description: 'The certificate for {{ $labels.sans }} expires within 7 days.',
    },
    {
      alert: 'TraefikConfigReloadFailure', expr: 'sum by (instance) (increase(traefik_config_reloads_failure_total[5m])) > 0', for: '1m', severity: 'warning', source: APA,
      summary: 'Traefik configuration reload failed (instance {{ $labels.instance }})',
      description: 'Traefik on {{ $labels.instance }} failed to reload its configuration.',
    },
    {
      alert: 'TraefikHighLatency', for: '5m', severity: 'warning', source: 'nthlayer',
      expr: 'histogram_quantile(0.99, sum by (service, le) (rate(traefik_service_request_duration_seconds_bucket[5m]))) > 1',
      summary: 'Traefik high latency (service {{ $labels.service }})',
      description: 'p99 latency of {{ $labels.service }} is above 1s.',
    },
  ],
  logs: [
    { name: 'ServiceError', pipeline: '|~ "level=error.*(service|server)|\\"level\\":\\"error\\""', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'Traefik logs service errors' },
    { name: 'ServerErrors', pipeline: '|~ "\\" 5[0-9]{2} "', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'Traefik serves 5xx responses' },
    { name: 'CertificateError', pipeline: '|~ "[Uu]nable to obtain ACME certificate|acme: error|certificate.*(expired|invalid)"', severity: 'warning', perMinute: 0.1, window: '10m', for: '5m', summary: 'Traefik cannot obtain or validate certificates' },
    { name: 'ProviderError', pipeline: '|~ "[Pp]rovider connection error|[Ee]rror while building configuration|Cannot (create|start) (router|service)"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Traefik cannot load configuration from a provider' },
    { name: 'RateLimited', pipeline: '|~ "\\" 429 "', severity: 'warning', perMinute: 10, window: '5m', for: '5m', summary: 'Traefik rate-limits many requests' },
  ],
} satisfies TechnologyTemplate;
