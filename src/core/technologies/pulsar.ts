/**
 * Apache Pulsar through the broker's own /metrics endpoint. Broker rates (`pulsar_rate_in`,
 * `pulsar_throughput_in`) are already per-second gauges: they are summed, never wrapped in rate().
 */
import { AWESOME_PROMETHEUS_ALERTS as APA, counter, gauge, regexLiteral, type TechnologyTemplate } from './types.ts';

export const pulsar = {
  id: 'pulsar',
  title: 'Pulsar',
  exporter: {
    name: 'Pulsar broker metrics (built-in)',
    docs: 'https://pulsar.apache.org/docs/next/reference-metrics/',
    port: 8080,
    install: 'built into the broker at :8080/metrics; set exposeTopicLevelMetricsInPrometheus=true for topic metrics',
  },
  scope: { by: 'instance', metric: 'pulsar_topics_count' },
  dependencyScope: {
    default: (d) => [
      { name: 'topic', op: '=~', value: `(.+/)?${regexLiteral(d.name)}(-partition-[0-9]+)?` },
      { name: 'subscription', op: '=', value: d.service },
    ],
    describe: '{topic=~"(.+/)?<name>(-partition-[0-9]+)?", subscription="<service>"}: the topic named like the dependency (any tenant and namespace, partitions included) and the service\'s own subscription; broker- and function-level rules are fleet-wide',
  },
  metrics: {
    topics: gauge('pulsar_topics_count', 'Topics owned by the broker per namespace'),
    rate_in: gauge('pulsar_rate_in', 'Messages published per second', ['pulsar_throughput_in'], ['topic']),
    rate_out: gauge('pulsar_rate_out', 'Messages dispatched per second', [], ['topic']),
    throughput_in: gauge('pulsar_throughput_in', 'Bytes published per second', [], ['topic']),
    throughput_out: gauge('pulsar_throughput_out', 'Bytes dispatched per second', [], ['topic']),
    backlog: gauge('pulsar_msg_backlog', 'Messages not yet acknowledged, per topic', [], ['topic']),
    subscription_backlog: gauge('pulsar_subscription_back_log', 'Backlog per subscription', [], ['topic', 'subscription']),
    storage_size: gauge('pulsar_storage_size', 'Storage used per topic, bytes', [], ['topic']),
    subscriptions: gauge('pulsar_subscriptions_count', 'Subscriptions per topic', [], ['topic']),
    producers: gauge('pulsar_producers_count', 'Producers per topic', [], ['topic']),
    consumers: gauge('pulsar_consumers_count', 'Consumers per topic', [], ['topic']),
    connections: gauge('pulsar_active_connections', 'Open client connections on the broker'),
    write_latency_overflow: gauge('pulsar_storage_write_latency_overflow', 'Entries whose storage write took over 1 s', [], ['topic']),
    entry_size_overflow: gauge('pulsar_entry_size_overflow', 'Entries larger than 1 MB', [], ['topic']),
    function_user_errors: counter('pulsar_function_user_exceptions_total', 'Exceptions thrown by Pulsar Functions code'),
    function_system_errors: counter('pulsar_function_system_exceptions_total', 'System exceptions in Pulsar Functions'),
  },
  panels: [
    {
      title: 'Messages', kind: 'timeseries', unit: 'ops',
      description: 'Messages published and dispatched per second across the namespace.',
      queries: [
        { expr: 'sum(pulsar_rate_in)', legend: 'in' },
        { expr: 'sum(pulsar_rate_out)', legend: 'out' },
      ],
    },
    {
      title: 'Throughput', kind: 'timeseries', unit: 'Bps',
      description: 'Bytes published and dispatched per second.',
      queries: [
        { expr: 'sum(pulsar_throughput_in)', legend: 'in' },
        { expr: 'sum(pulsar_throughput_out)', legend: 'out' },
      ],
    },
    {
      title: 'Backlog', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'yellow', value: 5000 }, { color: 'red', value: 100000 }],
      description: 'Messages waiting to be acknowledged per topic. A growing backlog means consumers fall behind.',
      queries: [{ expr: 'topk(10, sum by (topic) (pulsar_msg_backlog))', legend: '{{topic}}' }],
    },
    {
      title: 'Storage size', kind: 'timeseries', unit: 'bytes',
      description: 'Storage used by the ten largest topics.',
      queries: [{ expr: 'topk(10, sum by (topic) (pulsar_storage_size))', legend: '{{topic}}' }],
    },
    {
      title: 'Producers and consumers', kind: 'timeseries', unit: 'short',
      description: 'Connected producers and consumers.',
      queries: [
        { expr: 'sum(pulsar_producers_count)', legend: 'producers' },
        { expr: 'sum(pulsar_consumers_count)', legend: 'consumers' },
      ],
    },
    {
      title: 'Subscriptions', kind: 'stat', unit: 'short',
      description: 'Subscriptions across the broker\'s topics.',
      queries: [{ expr: 'sum(pulsar_subscriptions_count)' }],
    },
    {
      title: 'Connections', kind: 'timeseries', unit: 'short',
      description: 'Open client connections per broker.',
      queries: [{ expr: 'sum by (instance) (pulsar_active_connections)', legend: '{{instance}}' }],
    },
    {
      title: 'Slow storage writes', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Entries whose BookKeeper write took more than a second, per topic.',
      queries: [{ expr: 'sum by (topic) (pulsar_storage_write_latency_overflow)', legend: '{{topic}}' }],
    },
  ],
  alerts: [
    {
      alert: 'PulsarSubscriptionHighNumberOfBacklogEntries', expr: 'sum by (subscription) (pulsar_subscription_back_log) > 5000', for: '1h', severity: 'warning', source: APA,
      summary: 'Pulsar subscription backlog high (subscription {{ $labels.subscription }})',
      description: 'Subscription {{ $labels.subscription }} has had more than 5000 backlog entries for an hour.',
    },
    {
      alert: 'PulsarSubscriptionVeryHighNumberOfBacklogEntries', expr: 'sum by (subscription) (pulsar_subscription_back_log) > 100000', for: '1h', severity: 'critical', source: APA,
      summary: 'Pulsar subscription backlog very high (subscription {{ $labels.subscription }})',
      description: 'Subscription {{ $labels.subscription }} has had more than 100000 backlog entries for an hour.',
    },
    {
      alert: 'PulsarTopicLargeBacklogStorageSize', expr: 'sum by (topic) (pulsar_storage_size) > 5 * 1024 * 1024 * 1024', for: '1h', severity: 'warning', source: APA,
      summary: 'Pulsar topic large backlog storage (topic {{ $labels.topic }})',
      description: 'Topic {{ $labels.topic }} stores more than 5 GiB.',
    },
    {
      alert: 'PulsarTopicVeryLargeBacklogStorageSize', expr: 'sum by (topic) (pulsar_storage_size) > 20 * 1024 * 1024 * 1024', for: '1h', severity: 'critical', source: APA,
      summary: 'Pulsar topic very large backlog storage (topic {{ $labels.topic }})',
      description: 'Topic {{ $labels.topic }} stores more than 20 GiB.',
    },
    {
      alert: 'PulsarHighWriteLatency', expr: 'sum by (topic) (pulsar_storage_write_latency_overflow) > 0', for: '1h', severity: 'critical', source: APA,
      summary: 'Pulsar high write latency (topic {{ $labels.topic }})',
      description: 'Writes to {{ $labels.topic }} take more than a second.',
    },
    {
      alert: 'PulsarLargeMessagePayload', expr: 'sum by (topic) (pulsar_entry_size_overflow) > 0', for: '1h', severity: 'warning', source: APA,
      summary: 'Pulsar large message payload (topic {{ $labels.topic }})',
      description: 'Topic {{ $labels.topic }} receives entries larger than 1 MB.',
    },
    {
      alert: 'PulsarHighNumberOfFunctionErrors', for: '1m', severity: 'critical', source: APA,
      expr: 'sum by (name) (rate(pulsar_function_user_exceptions_total[5m]) + rate(pulsar_function_system_exceptions_total[5m])) > 10',
      summary: 'Pulsar function errors (function {{ $labels.name }})',
      description: 'Function {{ $labels.name }} throws more than 10 exceptions a second.',
    },
  ],
  logs: [
    { name: 'BrokerError', pipeline: '|~ "ERROR.*org\\\\.apache\\\\.pulsar\\\\.broker"', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'The Pulsar broker logs errors' },
    { name: 'BookKeeperError', pipeline: '|~ "BKException|[Nn]ot enough non-faulty bookies|BookieHandleNotAvailable"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Pulsar cannot write to BookKeeper' },
    { name: 'TopicError', pipeline: '|~ "TopicNotFound|[Ss]ubscription.*(fenced|busy)|ProducerBusy"', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'Pulsar clients hit topic or subscription errors' },
    { name: 'MetadataStoreError', pipeline: '|~ "ZooKeeper.*(session expired|ConnectionLoss)|MetadataStoreException"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Pulsar lost its metadata store' },
    { name: 'OutOfDirectMemory', pipeline: '|~ "OutOfDirectMemoryError|OutOfMemoryError"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'The Pulsar broker ran out of memory' },
  ],
} satisfies TechnologyTemplate;
