/**
 * Kafka (and Redpanda, MSK) through danielqsj/kafka_exporter. Offsets are exported as gauges but
 * only ever grow, so they are read like counters (rate), which also survives partition moves.
 */
import { AWESOME_PROMETHEUS_ALERTS as APA, ANY_IS_BAD, counter, gauge, type TechnologyTemplate } from './types.ts';

export const kafka = {
  id: 'kafka',
  title: 'Kafka',
  exporter: {
    name: 'kafka_exporter',
    docs: 'https://github.com/danielqsj/kafka_exporter',
    port: 9308,
    install: 'helm install kafka-exporter prometheus-community/prometheus-kafka-exporter',
  },
  scope: { by: 'instance', metric: 'kafka_brokers' },
  dependencyScope: {
    default: (d) => [
      { name: 'topic', op: '=', value: d.name },
      { name: 'consumergroup', op: '=', value: d.service },
    ],
    describe:
      '{topic="<name>", consumergroup="<service>"}: the topic named like the dependency, and the service\'s own consumer group; broker-level rules are fleet-wide unless the selector names the exporter (job or instance)',
  },
  metrics: {
    brokers: gauge('kafka_brokers', 'Brokers in the cluster'),
    partitions: gauge('kafka_topic_partitions', 'Partitions per topic', [], ['topic']),
    log_end_offset: counter(
      'kafka_topic_partition_current_offset',
      'Log-end offset per partition (monotonic)',
      ['kafka_server_brokertopicmetrics_messagesin_total'],
      ['topic'],
    ),
    in_sync_replicas: gauge('kafka_topic_partition_in_sync_replica', 'In-sync replicas per partition', [], ['topic']),
    replicas: gauge('kafka_topic_partition_replicas', 'Replicas per partition', [], ['topic']),
    under_replicated: gauge('kafka_topic_partition_under_replicated_partition', '1 when a partition is under-replicated', [], ['topic']),
    preferred_leader: gauge(
      'kafka_topic_partition_leader_is_preferred',
      '1 when the partition leader is the preferred replica',
      [],
      ['topic'],
    ),
    consumer_lag: gauge(
      'kafka_consumergroup_lag',
      'Messages a consumer group is behind per partition',
      ['kafka_consumer_lag', 'kafka_consumergroup_lag_sum'],
      ['topic', 'consumergroup'],
    ),
    consumer_offset: counter(
      'kafka_consumergroup_current_offset',
      'Committed offset of a consumer group per partition (monotonic)',
      [],
      ['topic', 'consumergroup'],
    ),
    members: gauge('kafka_consumergroup_members', 'Members of each consumer group', [], ['consumergroup']),
  },
  panels: [
    {
      title: 'Brokers',
      kind: 'stat',
      unit: 'short',
      thresholds: [{ color: 'red' }, { color: 'green', value: 1 }],
      description: 'Brokers the exporter sees in the cluster.',
      queries: [{ expr: 'max(kafka_brokers)' }],
    },
    {
      title: 'Messages in per topic',
      kind: 'timeseries',
      unit: 'ops',
      description: "Messages produced per second, from the growth of each topic's log-end offsets.",
      queries: [
        { expr: 'sum by (topic) (rate(kafka_topic_partition_current_offset{topic!="__consumer_offsets"}[5m]))', legend: '{{topic}}' },
      ],
    },
    {
      title: 'Messages consumed per group',
      kind: 'timeseries',
      unit: 'ops',
      description: 'Messages committed per second by each consumer group.',
      queries: [
        { expr: 'sum by (consumergroup, topic) (rate(kafka_consumergroup_current_offset[5m]))', legend: '{{consumergroup}} / {{topic}}' },
      ],
    },
    {
      title: 'Consumer lag',
      kind: 'timeseries',
      unit: 'short',
      thresholds: [{ color: 'green' }, { color: 'yellow', value: 1000 }, { color: 'red', value: 10000 }],
      description: 'Messages each consumer group is behind, summed over partitions (messages, not seconds).',
      queries: [{ expr: 'sum by (consumergroup, topic) (kafka_consumergroup_lag)', legend: '{{consumergroup}} / {{topic}}' }],
    },
    {
      title: 'Under-replicated partitions',
      kind: 'stat',
      unit: 'short',
      thresholds: ANY_IS_BAD,
      description: 'Partitions with fewer in-sync replicas than replicas. Losing another broker may lose data.',
      queries: [{ expr: 'sum(kafka_topic_partition_under_replicated_partition)' }],
    },
    {
      title: 'Partitions not led by the preferred replica',
      kind: 'timeseries',
      unit: 'short',
      role: 'bad-events',
      description: 'Partitions whose leader is not the preferred replica, per topic; load is unbalanced until a preferred-leader election.',
      queries: [
        { expr: 'sum by (topic) (1 - kafka_topic_partition_leader_is_preferred{topic!="__consumer_offsets"})', legend: '{{topic}}' },
      ],
    },
    {
      title: 'Consumer group members',
      kind: 'timeseries',
      unit: 'short',
      description: 'Members per consumer group; a drop to zero stops consumption.',
      queries: [{ expr: 'sum by (consumergroup) (kafka_consumergroup_members)', legend: '{{consumergroup}}' }],
    },
    {
      title: 'Partitions per topic',
      kind: 'stat',
      unit: 'short',
      description: 'Partitions of each topic.',
      queries: [{ expr: 'max by (topic) (kafka_topic_partitions{topic!="__consumer_offsets"})', legend: '{{topic}}' }],
    },
  ],
  alerts: [
    {
      alert: 'KafkaUnderReplicatedPartitions',
      expr: 'sum by (topic) (kafka_topic_partition_under_replicated_partition) > 0',
      for: '5m',
      severity: 'critical',
      source: 'nthlayer',
      summary: 'Kafka under-replicated partitions (topic {{ $labels.topic }})',
      description: 'Topic {{ $labels.topic }} has {{ $value }} under-replicated partitions.',
    },
    {
      alert: 'KafkaTopicsReplicas',
      expr: 'min by (topic) (kafka_topic_partition_in_sync_replica) < 2 and min by (topic) (kafka_topic_partition_replicas) >= 3',
      for: '5m',
      severity: 'critical',
      source: APA,
      summary: 'Kafka topic in-sync replicas too low (topic {{ $labels.topic }})',
      description:
        'A partition of {{ $labels.topic }} (replicated 3 times or more) has fewer than 2 in-sync replicas; producers using acks=all and min.insync.replicas=2 fail.',
    },
    {
      alert: 'KafkaConsumerGroupLag',
      expr: 'sum by (consumergroup) (kafka_consumergroup_lag) > 10000',
      for: '5m',
      severity: 'warning',
      source: APA,
      summary: 'Kafka consumer group lag (group {{ $labels.consumergroup }})',
      description: 'Consumer group {{ $labels.consumergroup }} is {{ $value }} messages behind.',
    },
    {
      alert: 'KafkaConsumerGroupLagIncreasing',
      for: '15m',
      severity: 'warning',
      source: APA,
      expr: 'sum by (topic, consumergroup) (delta(kafka_consumergroup_lag{topic!="__consumer_offsets",consumergroup!=""}[5m])) > 0',
      summary: 'Kafka consumer group lag increasing (group {{ $labels.consumergroup }})',
      description: 'Lag of {{ $labels.consumergroup }} on {{ $labels.topic }} has grown for 15 minutes.',
    },
    {
      alert: 'KafkaConsumerGroupStopped',
      for: '10m',
      severity: 'warning',
      source: 'nthlayer',
      expr: 'sum by (consumergroup, topic) (rate(kafka_consumergroup_current_offset[10m])) == 0 and sum by (consumergroup, topic) (kafka_consumergroup_lag) > 0',
      summary: 'Kafka consumer group stopped (group {{ $labels.consumergroup }})',
      description: '{{ $labels.consumergroup }} commits nothing on {{ $labels.topic }} while messages wait.',
    },
    {
      // Compared with the broker count the spec declares: a moving baseline (the last hour's
      // maximum) would resolve the alert an hour later while the broker is still gone.
      alert: 'KafkaBrokerLost',
      expr: 'max(kafka_brokers) < 3',
      for: '5m',
      severity: 'critical',
      source: 'nthlayer',
      build: (d) =>
        d.brokers !== undefined
          ? { expr: `max(kafka_brokers) < ${d.brokers}` }
          : {
              missing: 'KafkaBrokerLost needs the number of brokers the cluster should have',
              hint: 'add brokers: <count> to the kafka dependency (and a selector naming its exporter, e.g. {job="kafka-exporter"})',
            },
      summary: 'Kafka broker lost',
      description: 'The cluster has {{ $value }} brokers, fewer than it should have.',
    },
  ],
  logs: [
    {
      name: 'UnderReplicated',
      pipeline: '|~ "[Uu]nder.?replicated|Shrinking ISR"',
      severity: 'warning',
      perMinute: 0.2,
      window: '5m',
      for: '5m',
      summary: 'Kafka partitions lose in-sync replicas',
    },
    {
      name: 'LeaderElection',
      pipeline: '|~ "[Ll]eader election|NotLeaderOrFollower|NOT_LEADER_FOR_PARTITION"',
      severity: 'warning',
      perMinute: 4,
      window: '5m',
      for: '5m',
      summary: 'Kafka partition leadership keeps moving',
    },
    {
      name: 'BrokerUnavailable',
      pipeline: '|~ "BrokerNotAvailable|Connection to node -?[0-9]+ .* could not be established|Broker may not be available"',
      severity: 'critical',
      perMinute: 1,
      window: '5m',
      for: '5m',
      summary: 'Kafka brokers are unreachable',
    },
    {
      name: 'DiskFull',
      pipeline: '|~ "No space left on device|ENOSPC"',
      severity: 'warning',
      perMinute: 0.2,
      window: '5m',
      for: '5m',
      summary: 'Kafka ran out of disk space',
    },
    {
      name: 'AuthenticationFailure',
      pipeline: '|~ "[Aa]uthentication failed|SaslAuthenticationException"',
      severity: 'warning',
      perMinute: 1,
      window: '5m',
      for: '5m',
      summary: 'Kafka clients fail to authenticate',
    },
  ],
} satisfies TechnologyTemplate;
