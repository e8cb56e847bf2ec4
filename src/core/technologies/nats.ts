/** NATS (and JetStream) through nats-io/prometheus-nats-exporter (`-varz -connz -jsz`). */
import { AWESOME_PROMETHEUS_ALERTS as APA, RISING, counter, gauge, hostScope, type TechnologyTemplate } from './types.ts';

export const nats = {
  id: 'nats',
  title: 'NATS',
  exporter: {
    name: 'prometheus-nats-exporter',
    docs: 'https://github.com/nats-io/prometheus-nats-exporter',
    port: 7777,
    install: 'prometheus-nats-exporter -varz -connz -jsz=all http://nats:8222',
  },
  scope: { by: 'instance', metric: 'gnatsd_varz_connections' },
  dependencyScope: hostScope('NATS server'),
  metrics: {
    connections: gauge('gnatsd_varz_connections', 'Current client connections', ['nats_connections']),
    in_msgs: counter('gnatsd_varz_in_msgs', 'Messages received', ['nats_messages_total']),
    out_msgs: counter('gnatsd_varz_out_msgs', 'Messages sent'),
    in_bytes: counter('gnatsd_varz_in_bytes', 'Bytes received'),
    out_bytes: counter('gnatsd_varz_out_bytes', 'Bytes sent'),
    subscriptions: gauge('gnatsd_varz_subscriptions', 'Active subscriptions'),
    slow_consumers: counter('gnatsd_varz_slow_consumers', 'Clients disconnected for not keeping up (cumulative)'),
    memory: gauge('gnatsd_varz_mem', 'Server resident memory, bytes'),
    cpu: gauge('gnatsd_varz_cpu', 'Server CPU usage, percent of one core'),
    pending_bytes: gauge('gnatsd_connz_pending_bytes', 'Bytes queued for delivery to clients'),
    js_storage: gauge('gnatsd_varz_jetstream_stats_storage', 'JetStream file storage used, bytes'),
    js_storage_max: gauge('gnatsd_varz_jetstream_config_max_storage', 'JetStream file storage limit, bytes'),
    js_memory: gauge('gnatsd_varz_jetstream_stats_memory', 'JetStream memory storage used, bytes'),
    js_memory_max: gauge('gnatsd_varz_jetstream_config_max_memory', 'JetStream memory storage limit, bytes'),
    js_api_errors: counter('gnatsd_varz_jetstream_stats_api_errors', 'JetStream API requests that failed'),
  },
  panels: [
    {
      title: 'Connections', kind: 'timeseries', unit: 'short',
      description: 'Client connections per server.',
      queries: [{ expr: 'sum by (server_id) (gnatsd_varz_connections)', legend: '{{server_id}}' }],
    },
    {
      title: 'Messages', kind: 'timeseries', unit: 'ops',
      description: 'Messages received from publishers and sent to subscribers per second.',
      queries: [
        { expr: 'sum(rate(gnatsd_varz_in_msgs[5m]))', legend: 'in' },
        { expr: 'sum(rate(gnatsd_varz_out_msgs[5m]))', legend: 'out' },
      ],
    },
    {
      title: 'Throughput', kind: 'timeseries', unit: 'Bps',
      description: 'Bytes received and sent per second.',
      queries: [
        { expr: 'sum(rate(gnatsd_varz_in_bytes[5m]))', legend: 'in' },
        { expr: 'sum(rate(gnatsd_varz_out_bytes[5m]))', legend: 'out' },
      ],
    },
    {
      title: 'Slow consumers', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Clients the server disconnected over 5 minutes because they could not keep up; their messages are lost for core NATS.',
      queries: [{ expr: 'sum by (server_id) (increase(gnatsd_varz_slow_consumers[5m]))', legend: '{{server_id}}' }],
    },
    {
      title: 'Subscriptions', kind: 'timeseries', unit: 'short',
      description: 'Active subscriptions per server.',
      queries: [{ expr: 'sum by (server_id) (gnatsd_varz_subscriptions)', legend: '{{server_id}}' }],
    },
    {
      title: 'Pending bytes', kind: 'timeseries', unit: 'bytes',
      description: 'Bytes queued for delivery to clients; growth precedes slow-consumer disconnects.',
      queries: [{ expr: 'sum by (server_id) (gnatsd_connz_pending_bytes)', legend: '{{server_id}}' }],
    },
    {
      title: 'JetStream storage utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'JetStream file storage used as a share of its limit on the fullest server.',
      queries: [{ expr: 'max(gnatsd_varz_jetstream_stats_storage / (gnatsd_varz_jetstream_config_max_storage > 0))' }],
    },
    {
      title: 'Server memory', kind: 'timeseries', unit: 'bytes',
      description: 'Resident memory per server.',
      queries: [{ expr: 'max by (server_id) (gnatsd_varz_mem)', legend: '{{server_id}}' }],
    },
  ],
  alerts: [
    {
      alert: 'NatsSlowConsumers', expr: 'increase(gnatsd_varz_slow_consumers[5m]) > 0', for: '3m', severity: 'critical', source: APA,
      summary: 'NATS slow consumers (instance {{ $labels.instance }})',
      description: 'NATS on {{ $labels.instance }} disconnects clients that cannot keep up.',
    },
    {
      alert: 'NatsHighJetstreamStoreUsage', for: '5m', severity: 'warning', source: APA,
      expr: 'gnatsd_varz_jetstream_stats_storage / gnatsd_varz_jetstream_config_max_storage > 0.8 and gnatsd_varz_jetstream_config_max_storage > 0',
      summary: 'NATS JetStream storage usage high (instance {{ $labels.instance }})',
      description: 'JetStream on {{ $labels.instance }} uses more than 80% of its file storage.',
    },
    {
      alert: 'NatsHighJetstreamMemoryUsage', for: '5m', severity: 'warning', source: APA,
      expr: 'gnatsd_varz_jetstream_stats_memory / gnatsd_varz_jetstream_config_max_memory > 0.8 and gnatsd_varz_jetstream_config_max_memory > 0',
      summary: 'NATS JetStream memory usage high (instance {{ $labels.instance }})',
      description: 'JetStream on {{ $labels.instance }} uses more than 80% of its memory storage.',
    },
    {
      alert: 'NatsHighPendingBytes', expr: 'gnatsd_connz_pending_bytes > 100000', for: '5m', severity: 'warning', source: APA,
      summary: 'NATS high pending bytes (instance {{ $labels.instance }})',
      description: 'More than 100 kB are queued for clients of {{ $labels.instance }}.',
    },
    {
      alert: 'NatsHighNumberOfConnections', expr: 'gnatsd_varz_connections > 1000', for: '5m', severity: 'warning', source: APA,
      summary: 'NATS high number of connections (instance {{ $labels.instance }})',
      description: 'NATS on {{ $labels.instance }} has more than 1000 connections.',
    },
    {
      alert: 'NatsJetstreamApiErrors', expr: 'increase(gnatsd_varz_jetstream_stats_api_errors[5m]) > 0', for: '5m', severity: 'warning', source: APA,
      summary: 'NATS JetStream API errors (instance {{ $labels.instance }})',
      description: 'JetStream API requests fail on {{ $labels.instance }}.',
    },
    {
      alert: 'NatsHighCpuUsage', expr: 'gnatsd_varz_cpu > 80', for: '5m', severity: 'warning', source: APA,
      summary: 'NATS high CPU usage (instance {{ $labels.instance }})',
      description: 'NATS on {{ $labels.instance }} uses more than 80% of a core.',
    },
  ],
  logs: [
    { name: 'SlowConsumer', pipeline: '|~ "[Ss]low [Cc]onsumer"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'NATS detected slow consumers' },
    { name: 'AuthorizationViolation', pipeline: '|~ "Authorization Violation|[Aa]uthentication [Ee]rror"', severity: 'warning', perMinute: 1, window: '5m', for: '5m', summary: 'NATS clients fail authorization' },
    { name: 'RouteError', pipeline: '|~ "[Rr]oute.*[Ee]rror|[Ee]rror trying to connect to route"', severity: 'critical', perMinute: 1, window: '5m', for: '5m', summary: 'NATS cluster routes fail' },
    { name: 'JetStreamError', pipeline: '|~ "JetStream.*[Ee]rror|[Ss]tream .* [Ee]rror|insufficient resources"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'NATS JetStream reports errors' },
    { name: 'MaxPayloadExceeded', pipeline: '|= "Maximum Payload"', severity: 'warning', perMinute: 1, window: '5m', for: '5m', summary: 'NATS clients exceed the maximum payload' },
  ],
} satisfies TechnologyTemplate;
