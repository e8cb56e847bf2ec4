/** RabbitMQ through its built-in rabbitmq_prometheus plugin (3.8+, port 15692). */
import { AWESOME_PROMETHEUS_ALERTS as APA, RISING, counter, gauge, type TechnologyTemplate } from './types.ts';

export const rabbitmq = {
  id: 'rabbitmq',
  title: 'RabbitMQ',
  exporter: {
    name: 'rabbitmq_prometheus (built-in plugin)',
    docs: 'https://www.rabbitmq.com/docs/prometheus',
    port: 15692,
    install: 'rabbitmq-plugins enable rabbitmq_prometheus',
  },
  scope: { by: 'instance', metric: 'rabbitmq_build_info' },
  dependencyScope: {
    default: (d) => [{ name: 'queue', op: '=', value: d.name }],
    describe: '{queue="<name>"}: the queue named like the dependency; node-level rules (alarms, memory, file descriptors) are fleet-wide unless the selector names the node (job or instance)',
  },
  metrics: {
    build_info: gauge('rabbitmq_build_info', 'One series per node, with the RabbitMQ version'),
    ready: gauge('rabbitmq_queue_messages_ready', 'Messages ready for delivery', ['rabbitmq_queue_messages'], ['queue', 'vhost']),
    unacked: gauge('rabbitmq_queue_messages_unacked', 'Messages delivered but not yet acknowledged', [], ['queue', 'vhost']),
    consumers: gauge('rabbitmq_queue_consumers', 'Consumers on each queue', [], ['queue', 'vhost']),
    connections: gauge('rabbitmq_connections', 'Open client connections'),
    channels: gauge('rabbitmq_channels', 'Open channels'),
    received: counter('rabbitmq_global_messages_received_total', 'Messages received from publishers', ['rabbitmq_channel_messages_published_total']),
    delivered: counter('rabbitmq_global_messages_delivered_total', 'Messages delivered to consumers'),
    acknowledged: counter('rabbitmq_global_messages_acknowledged_total', 'Messages acknowledged by consumers'),
    unroutable_dropped: counter('rabbitmq_global_messages_unroutable_dropped_total', 'Messages dropped because no queue was bound'),
    unroutable_returned: counter('rabbitmq_global_messages_unroutable_returned_total', 'Messages returned to publishers as unroutable'),
    memory_used: gauge('rabbitmq_process_resident_memory_bytes', 'Memory used by the node'),
    memory_limit: gauge('rabbitmq_resident_memory_limit_bytes', 'Memory high watermark'),
    disk_free: gauge('rabbitmq_disk_space_available_bytes', 'Free disk space'),
    disk_limit: gauge('rabbitmq_disk_space_available_limit_bytes', 'Free disk space low watermark'),
    memory_alarm: gauge('rabbitmq_alarms_memory_used_watermark', '1 while the memory alarm blocks publishers'),
    disk_alarm: gauge('rabbitmq_alarms_free_disk_space_watermark', '1 while the disk alarm blocks publishers'),
    open_fds: gauge('rabbitmq_process_open_fds', 'Open file descriptors'),
    max_fds: gauge('rabbitmq_process_max_fds', 'File descriptor limit'),
  },
  panels: [
    {
      title: 'Ready messages', kind: 'timeseries', unit: 'short',
      description: 'Messages waiting for a consumer. Steady growth means consumers cannot keep up.',
      queries: [{ expr: 'sum by (queue) (rabbitmq_queue_messages_ready)', legend: '{{queue}}' }],
    },
    {
      title: 'Unacknowledged messages', kind: 'timeseries', unit: 'short',
      description: 'Messages delivered and not yet acknowledged: work in progress, or stuck consumers.',
      queries: [{ expr: 'sum by (queue) (rabbitmq_queue_messages_unacked)', legend: '{{queue}}' }],
    },
    {
      title: 'Message rates', kind: 'timeseries', unit: 'ops',
      description: 'Messages published, delivered and acknowledged per second.',
      queries: [
        { expr: 'sum(rate(rabbitmq_global_messages_received_total[5m]))', legend: 'published' },
        { expr: 'sum(rate(rabbitmq_global_messages_delivered_total[5m]))', legend: 'delivered' },
        { expr: 'sum(rate(rabbitmq_global_messages_acknowledged_total[5m]))', legend: 'acknowledged' },
      ],
    },
    {
      title: 'Consumers', kind: 'timeseries', unit: 'short',
      description: 'Consumers per queue. A queue with none accumulates messages.',
      queries: [{ expr: 'sum by (queue) (rabbitmq_queue_consumers)', legend: '{{queue}}' }],
    },
    {
      title: 'Connections and channels', kind: 'timeseries', unit: 'short',
      description: 'Open connections and channels. Channel churn costs CPU on the broker.',
      queries: [
        { expr: 'sum(rabbitmq_connections)', legend: 'connections' },
        { expr: 'sum(rabbitmq_channels)', legend: 'channels' },
      ],
    },
    {
      title: 'Memory utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'Node memory as a share of the high watermark; at 100 % the memory alarm blocks all publishers.',
      queries: [{ expr: 'max(rabbitmq_process_resident_memory_bytes / rabbitmq_resident_memory_limit_bytes)' }],
    },
    {
      title: 'Disk free above the limit', kind: 'timeseries', unit: 'bytes',
      description: 'Free disk space and the low watermark below which publishers are blocked.',
      queries: [
        { expr: 'min by (instance) (rabbitmq_disk_space_available_bytes)', legend: '{{instance}} free' },
        { expr: 'max by (instance) (rabbitmq_disk_space_available_limit_bytes)', legend: '{{instance}} limit', role: 'limit' },
      ],
    },
    {
      title: 'Unroutable messages', kind: 'timeseries', unit: 'ops', role: 'bad-events',
      description: 'Messages published to an exchange with no matching binding, dropped or returned.',
      queries: [
        { expr: 'sum(rate(rabbitmq_global_messages_unroutable_dropped_total[5m]))', legend: 'dropped' },
        { expr: 'sum(rate(rabbitmq_global_messages_unroutable_returned_total[5m]))', legend: 'returned' },
      ],
    },
  ],
  alerts: [
    {
      alert: 'RabbitmqMemoryAlarmActive', expr: 'rabbitmq_alarms_memory_used_watermark > 0', for: '1m', severity: 'critical', source: APA,
      summary: 'RabbitMQ memory alarm active (instance {{ $labels.instance }})',
      description: 'The memory alarm on {{ $labels.instance }} blocks publishers.',
    },
    {
      alert: 'RabbitmqDiskSpaceAlarmActive', expr: 'rabbitmq_alarms_free_disk_space_watermark > 0', for: '1m', severity: 'critical', source: APA,
      summary: 'RabbitMQ disk space alarm active (instance {{ $labels.instance }})',
      description: 'The disk alarm on {{ $labels.instance }} blocks publishers.',
    },
    {
      alert: 'RabbitmqMemoryHigh', for: '2m', severity: 'warning', source: APA,
      expr: 'rabbitmq_process_resident_memory_bytes / rabbitmq_resident_memory_limit_bytes > 0.9 and rabbitmq_resident_memory_limit_bytes > 0',
      summary: 'RabbitMQ memory high (instance {{ $labels.instance }})',
      description: 'Node {{ $labels.instance }} uses more than 90% of its memory high watermark.',
    },
    {
      alert: 'RabbitmqFileDescriptorsUsage', for: '2m', severity: 'warning', source: APA,
      expr: 'rabbitmq_process_open_fds / rabbitmq_process_max_fds > 0.9 and rabbitmq_process_max_fds > 0',
      summary: 'RabbitMQ file descriptors usage (instance {{ $labels.instance }})',
      description: 'Node {{ $labels.instance }} uses more than 90% of its file descriptors.',
    },
    {
      alert: 'RabbitmqTooManyReadyMessages', expr: 'sum by (queue) (rabbitmq_queue_messages_ready) > 1000', for: '5m', severity: 'warning', source: APA,
      summary: 'RabbitMQ too many ready messages (queue {{ $labels.queue }})',
      description: 'Queue {{ $labels.queue }} holds {{ $value }} ready messages.',
    },
    {
      alert: 'RabbitmqTooManyUnackMessages', expr: 'sum by (queue) (rabbitmq_queue_messages_unacked) > 1000', for: '5m', severity: 'warning', source: APA,
      summary: 'RabbitMQ too many unacknowledged messages (queue {{ $labels.queue }})',
      description: 'Queue {{ $labels.queue }} holds {{ $value }} unacknowledged messages.',
    },
    {
      alert: 'RabbitmqNoQueueConsumer', expr: 'rabbitmq_queue_consumers < 1', for: '5m', severity: 'warning', source: APA,
      summary: 'RabbitMQ queue has no consumer (queue {{ $labels.queue }})',
      description: 'Queue {{ $labels.queue }} has had no consumer for 5 minutes.',
    },
    {
      alert: 'RabbitmqUnroutableMessages', for: '2m', severity: 'warning', source: APA,
      expr: 'increase(rabbitmq_global_messages_unroutable_dropped_total[5m]) > 0 or increase(rabbitmq_global_messages_unroutable_returned_total[5m]) > 0',
      summary: 'RabbitMQ unroutable messages (instance {{ $labels.instance }})',
      description: 'Messages published on {{ $labels.instance }} match no binding and are dropped or returned.',
    },
  ],
  logs: [
    { name: 'ConnectionError', pipeline: '|~ "closing AMQP connection.*(error|timeout)|connection_closed_abruptly"', severity: 'warning', perMinute: 4, window: '5m', for: '5m', summary: 'RabbitMQ connections close abruptly' },
    { name: 'NodeDown', pipeline: '|~ "node .* down|nodedown"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'A RabbitMQ cluster node went down' },
    { name: 'MemoryAlarm', pipeline: '|~ "vm_memory_high_watermark set|memory resource limit alarm set"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'RabbitMQ memory alarm set' },
    { name: 'DiskAlarm', pipeline: '|~ "disk resource limit alarm set|free disk space is insufficient"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'RabbitMQ disk alarm set' },
    { name: 'NetworkPartition', pipeline: '|~ "[Pp]artial partition|inconsistent_database|running_partitioned_network"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'RabbitMQ detected a network partition' },
    { name: 'AuthFailure', pipeline: '|~ "ACCESS_REFUSED|authentication failed|invalid credentials"', severity: 'warning', perMinute: 1, window: '5m', for: '5m', summary: 'RabbitMQ clients fail to authenticate' },
  ],
} satisfies TechnologyTemplate;
