/** MongoDB through percona/mongodb_exporter (v0.20+ metric names: mongodb_ss_*, mongodb_rs_*). */
import { AWESOME_PROMETHEUS_ALERTS as APA, RISING, counter, gauge, hostScope, type TechnologyTemplate } from './types.ts';

export const mongodb = {
  id: 'mongodb',
  title: 'MongoDB',
  exporter: {
    name: 'mongodb_exporter (Percona)',
    docs: 'https://github.com/percona/mongodb_exporter',
    port: 9216,
    install: 'helm install mongodb-exporter prometheus-community/prometheus-mongodb-exporter',
  },
  scope: { by: 'instance', metric: 'mongodb_up' },
  dependencyScope: hostScope('MongoDB server'),
  metrics: {
    up: gauge('mongodb_up', 'Whether the exporter could reach MongoDB'),
    connections: gauge('mongodb_ss_connections', 'Connections by conn_type (current, available, active)', ['mongodb_connections']),
    opcounters: counter('mongodb_ss_opcounters', 'Operations by legacy_op_type (query, insert, update, delete, getmore, command)', ['mongodb_op_counters_total']),
    op_latency: counter('mongodb_ss_opLatencies_latency', 'Total operation latency by op_type, microseconds'),
    op_count: counter('mongodb_ss_opLatencies_ops', 'Operations counted in opLatencies by op_type'),
    queue: gauge('mongodb_ss_globalLock_currentQueue', 'Operations queued waiting for a lock, by count_type'),
    cursors_open: gauge('mongodb_ss_metrics_cursor_open', 'Open cursors by csr_type'),
    cursors_timed_out: counter('mongodb_ss_metrics_cursor_timedOut', 'Cursors that timed out'),
    cache_used: gauge('mongodb_ss_wt_cache_bytes_currently_in_the_cache', 'Bytes in the WiredTiger cache'),
    cache_max: gauge('mongodb_ss_wt_cache_maximum_bytes_configured', 'Configured WiredTiger cache size'),
    network_in: counter('mongodb_ss_network_bytesIn', 'Bytes received'),
    network_out: counter('mongodb_ss_network_bytesOut', 'Bytes sent'),
    member_health: gauge('mongodb_rs_members_health', 'Replica-set member health (1 up, 0 down)'),
    member_optime: gauge('mongodb_rs_members_optimeDate', 'Last applied operation time per member, milliseconds'),
    writable_primary: gauge('mongodb_ss_repl_isWritablePrimary', 'Whether this member is the writable primary'),
  },
  panels: [
    {
      title: 'Connections', kind: 'timeseries', unit: 'short',
      description: 'Current and available connections per instance.',
      queries: [
        { expr: 'sum by (instance) (mongodb_ss_connections{conn_type="current"})', legend: '{{instance}} current' },
        { expr: 'sum by (instance) (mongodb_ss_connections{conn_type="available"})', legend: '{{instance}} available' },
      ],
    },
    {
      title: 'Connection utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'Current connections as a share of the connection limit.',
      queries: [{ expr: 'max(sum by (instance) (mongodb_ss_connections{conn_type="current"}) / (sum by (instance) (mongodb_ss_connections{conn_type="current"}) + sum by (instance) (mongodb_ss_connections{conn_type="available"})))' }],
    },
    {
      title: 'Operations', kind: 'timeseries', unit: 'ops',
      description: 'Operations per second by type.',
      queries: [{ expr: 'sum by (legacy_op_type) (rate(mongodb_ss_opcounters[5m]))', legend: '{{legacy_op_type}}' }],
    },
    {
      title: 'Operation latency', kind: 'timeseries', unit: 'µs', thresholds: [{ color: 'green' }, { color: 'yellow', value: 50000 }, { color: 'red', value: 200000 }],
      description: 'Average latency of reads, writes and commands (opLatencies).',
      queries: [{ expr: 'sum by (op_type) (rate(mongodb_ss_opLatencies_latency[5m])) / sum by (op_type) (rate(mongodb_ss_opLatencies_ops[5m]))', legend: '{{op_type}}' }],
    },
    {
      title: 'Queued operations', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'yellow', value: 10 }],
      description: 'Readers and writers waiting for a lock. A growing queue means lock contention or an overloaded node.',
      queries: [{ expr: 'sum by (count_type) (mongodb_ss_globalLock_currentQueue)', legend: '{{count_type}}' }],
    },
    {
      title: 'WiredTiger cache utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.8 }, { color: 'red', value: 0.95 }],
      description: 'Bytes in the WiredTiger cache as a share of its configured size; above 95 % application threads help evict.',
      queries: [{ expr: 'max(sum by (instance) (mongodb_ss_wt_cache_bytes_currently_in_the_cache) / sum by (instance) (mongodb_ss_wt_cache_maximum_bytes_configured))' }],
    },
    {
      title: 'Open cursors', kind: 'timeseries', unit: 'short',
      description: 'Open cursors by type.',
      queries: [{ expr: 'sum by (csr_type) (mongodb_ss_metrics_cursor_open)', legend: '{{csr_type}}' }],
    },
    {
      title: 'Unhealthy replica-set members', kind: 'stat', unit: 'short', thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Members of the replica set reported as down.',
      queries: [{ expr: 'count(mongodb_rs_members_health == 0) or vector(0)' }],
    },
    {
      title: 'Network traffic', kind: 'timeseries', unit: 'Bps',
      description: 'Bytes received and sent.',
      queries: [
        { expr: 'sum by (instance) (rate(mongodb_ss_network_bytesIn[5m]))', legend: '{{instance}} in' },
        { expr: 'sum by (instance) (rate(mongodb_ss_network_bytesOut[5m]))', legend: '{{instance}} out' },
      ],
    },
  ],
  alerts: [
    {
      alert: 'MongodbDown', expr: 'mongodb_up == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'MongoDB down (instance {{ $labels.instance }})',
      description: 'The exporter cannot reach MongoDB on {{ $labels.instance }}.',
    },
    {
      alert: 'MongodbReplicaMemberUnhealthy', expr: 'mongodb_rs_members_health == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'MongoDB replica member unhealthy (instance {{ $labels.instance }})',
      description: 'A member of the replica set seen from {{ $labels.instance }} is down.',
    },
    {
      alert: 'MongodbReplicaSetHasNoPrimary', expr: 'sum by (job) (mongodb_ss_repl_isWritablePrimary) == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'MongoDB replica set has no primary (job {{ $labels.job }})',
      description: 'No member of the replica set scraped by {{ $labels.job }} accepts writes.',
    },
    {
      alert: 'MongodbReplicationLag', for: '1m', severity: 'warning', source: APA,
      expr: '(mongodb_rs_members_optimeDate{member_state="PRIMARY"} - on (set) group_right mongodb_rs_members_optimeDate{member_state="SECONDARY"}) / 1000 > 30',
      summary: 'MongoDB replication lag (instance {{ $labels.instance }})',
      description: 'A secondary of set {{ $labels.set }} is more than 30s behind the primary.',
    },
    {
      alert: 'MongodbTooManyConnections', for: '2m', severity: 'warning', source: APA,
      expr: 'avg by (instance) (mongodb_ss_connections{conn_type="current"}) / (avg by (instance) (mongodb_ss_connections{conn_type="current"}) + avg by (instance) (mongodb_ss_connections{conn_type="available"})) > 0.8',
      summary: 'MongoDB too many connections (instance {{ $labels.instance }})',
      description: 'More than 80% of the connections on {{ $labels.instance }} are in use.',
    },
    {
      alert: 'MongodbNumberCursorsOpen', expr: 'mongodb_ss_metrics_cursor_open{csr_type="total"} > 10000', for: '2m', severity: 'warning', source: APA,
      summary: 'MongoDB too many open cursors (instance {{ $labels.instance }})',
      description: 'More than 10000 cursors are open on {{ $labels.instance }}.',
    },
    {
      alert: 'MongodbCursorsTimeouts', expr: 'increase(mongodb_ss_metrics_cursor_timedOut[5m]) > 500', for: '2m', severity: 'warning', source: APA,
      summary: 'MongoDB cursors time out (instance {{ $labels.instance }})',
      description: 'Too many cursors are timing out on {{ $labels.instance }}.',
    },
  ],
  logs: [
    { name: 'ConnectionError', pipeline: '|~ "connection refused|failed to connect|ECONNREFUSED"', severity: 'critical', perMinute: 1, window: '5m', for: '5m', summary: 'Connections to MongoDB fail' },
    { name: 'ReplicaSetError', pipeline: '|~ "ReplicaSetNoPrimary|no primary found|stepping down|cannot reach"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'MongoDB replica set has no reachable primary' },
    { name: 'SlowQueries', pipeline: '|= "Slow query"', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'MongoDB logs slow queries' },
    { name: 'DiskFull', pipeline: '|~ "No space left on device|ENOSPC"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'MongoDB ran out of disk space' },
    { name: 'Assertion', pipeline: '|~ "Assertion|Fatal assertion|Invariant failure"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'MongoDB hit an assertion' },
  ],
} satisfies TechnologyTemplate;
