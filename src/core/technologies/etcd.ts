/**
 * etcd through its own /metrics endpoint. `etcd_server_proposals_committed_total` is exported as a
 * gauge but only grows, so it is read like a counter.
 */
import { AWESOME_PROMETHEUS_ALERTS as APA, RISING, counter, gauge, histogram, hostScope, type TechnologyTemplate } from './types.ts';

export const etcd = {
  id: 'etcd',
  title: 'etcd',
  exporter: {
    name: 'etcd built-in metrics',
    docs: 'https://etcd.io/docs/v3.5/metrics/',
    port: 2379,
    install: 'built in at :2379/metrics (or --listen-metrics-urls)',
  },
  scope: { by: 'instance', metric: 'etcd_server_has_leader' },
  dependencyScope: hostScope('etcd cluster'),
  metrics: {
    has_leader: gauge('etcd_server_has_leader', '1 when the member sees a leader'),
    leader_changes: counter('etcd_server_leader_changes_seen_total', 'Leader changes seen by the member'),
    proposals_committed: counter('etcd_server_proposals_committed_total', 'Consensus proposals committed (monotonic)'),
    proposals_failed: counter('etcd_server_proposals_failed_total', 'Failed proposals'),
    proposals_pending: gauge('etcd_server_proposals_pending', 'Proposals waiting for commit'),
    wal_fsync: histogram('etcd_disk_wal_fsync_duration_seconds_bucket', 'WAL fsync latency'),
    backend_commit: histogram('etcd_disk_backend_commit_duration_seconds_bucket', 'Backend commit latency'),
    peer_rtt: histogram('etcd_network_peer_round_trip_time_seconds_bucket', 'Round-trip time to peers'),
    db_size: gauge('etcd_mvcc_db_total_size_in_bytes', 'Size of the backend database'),
    quota: gauge('etcd_server_quota_backend_bytes', 'Backend quota (writes stop beyond it)'),
    grpc_handled: counter('grpc_server_handled_total', 'gRPC requests completed, by code'),
  },
  panels: [
    {
      title: 'Has leader', kind: 'stat', unit: 'short', thresholds: [{ color: 'red' }, { color: 'green', value: 1 }],
      description: '1 when every member sees a leader; 0 means the cluster cannot serve writes.',
      queries: [{ expr: 'min(etcd_server_has_leader)' }],
    },
    {
      title: 'Leader changes', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'yellow', value: 1 }, { color: 'red', value: 3 }],
      description: 'Leader elections per hour. Frequent changes point at slow disks or network.',
      queries: [{ expr: 'max(increase(etcd_server_leader_changes_seen_total[1h]))', legend: 'changes' }],
    },
    {
      title: 'Proposals', kind: 'timeseries', unit: 'ops',
      description: 'Raft proposals committed and failed per second, and pending proposals.',
      queries: [
        { expr: 'sum(rate(etcd_server_proposals_committed_total[5m]))', legend: 'committed' },
        { expr: 'sum(rate(etcd_server_proposals_failed_total[5m]))', legend: 'failed' },
        { expr: 'sum(etcd_server_proposals_pending)', legend: 'pending' },
      ],
    },
    {
      title: 'WAL fsync p99', kind: 'timeseries', unit: 's', thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.01 }, { color: 'red', value: 0.5 }],
      description: '99th percentile of WAL fsync per member; etcd needs it under 10 ms.',
      queries: [{ expr: 'histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m])))', legend: '{{instance}}' }],
    },
    {
      title: 'Backend commit p99', kind: 'timeseries', unit: 's', thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.025 }, { color: 'red', value: 0.25 }],
      description: '99th percentile of backend commits per member.',
      queries: [{ expr: 'histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_backend_commit_duration_seconds_bucket[5m])))', legend: '{{instance}}' }],
    },
    {
      title: 'Database size', kind: 'timeseries', unit: 'bytes',
      description: 'Backend size per member against the quota.',
      queries: [
        { expr: 'max by (instance) (etcd_mvcc_db_total_size_in_bytes)', legend: '{{instance}}' },
        { expr: 'max(etcd_server_quota_backend_bytes)', legend: 'quota', role: 'limit' },
      ],
    },
    {
      title: 'Quota utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'Database size as a share of the backend quota; at 100 % etcd raises NOSPACE and refuses writes.',
      queries: [{ expr: 'max(etcd_mvcc_db_total_size_in_bytes / etcd_server_quota_backend_bytes)' }],
    },
    {
      title: 'Peer round-trip p99', kind: 'timeseries', unit: 's',
      description: '99th percentile of round-trip time to peers.',
      queries: [{ expr: 'histogram_quantile(0.99, sum by (instance, le) (rate(etcd_network_peer_round_trip_time_seconds_bucket[5m])))', legend: '{{instance}}' }],
    },
    {
      title: 'gRPC requests', kind: 'timeseries', unit: 'reqps',
      description: 'gRPC requests per second by status code.',
      queries: [{ expr: 'sum by (grpc_code) (rate(grpc_server_handled_total[5m]))', legend: '{{grpc_code}}' }],
    },
  ],
  alerts: [
    {
      alert: 'EtcdNoLeader', expr: 'etcd_server_has_leader == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'etcd has no leader (instance {{ $labels.instance }})',
      description: 'Member {{ $labels.instance }} sees no leader.',
    },
    {
      alert: 'EtcdHighNumberOfLeaderChanges', expr: 'increase(etcd_server_leader_changes_seen_total[10m]) > 2', for: '1m', severity: 'warning', source: APA,
      summary: 'etcd high number of leader changes (instance {{ $labels.instance }})',
      description: 'More than 2 leader changes in 10 minutes.',
    },
    {
      alert: 'EtcdHighNumberOfFailedProposals', expr: 'increase(etcd_server_proposals_failed_total[1h]) > 5', for: '2m', severity: 'warning', source: APA,
      summary: 'etcd failed proposals (instance {{ $labels.instance }})',
      description: 'More than 5 proposals failed within an hour on {{ $labels.instance }}.',
    },
    {
      alert: 'EtcdHighFsyncDurations', for: '2m', severity: 'warning', source: APA,
      expr: 'histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m]))) > 0.5',
      summary: 'etcd high WAL fsync durations (instance {{ $labels.instance }})',
      description: 'p99 WAL fsync on {{ $labels.instance }} is above 500ms.',
    },
    {
      alert: 'EtcdHighCommitDurations', for: '2m', severity: 'warning', source: APA,
      expr: 'histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_backend_commit_duration_seconds_bucket[5m]))) > 0.25',
      summary: 'etcd high commit durations (instance {{ $labels.instance }})',
      description: 'p99 backend commit on {{ $labels.instance }} is above 250ms.',
    },
    {
      alert: 'EtcdDatabaseQuotaLowSpace', for: '10m', severity: 'critical', source: APA,
      expr: 'last_over_time(etcd_mvcc_db_total_size_in_bytes[5m]) / last_over_time(etcd_server_quota_backend_bytes[5m]) > 0.95',
      summary: 'etcd database quota low space (instance {{ $labels.instance }})',
      description: 'The database on {{ $labels.instance }} uses more than 95% of its quota.',
    },
    {
      alert: 'EtcdMemberCommunicationSlow', for: '2m', severity: 'warning', source: APA,
      expr: 'histogram_quantile(0.99, sum by (instance, To, le) (rate(etcd_network_peer_round_trip_time_seconds_bucket[5m]))) > 0.15',
      summary: 'etcd member communication slow (instance {{ $labels.instance }})',
      description: 'p99 round trip from {{ $labels.instance }} to {{ $labels.To }} is above 150ms.',
    },
    {
      alert: 'EtcdHighNumberOfFailedGrpcRequests', for: '2m', severity: 'critical', source: APA,
      expr: 'sum by (grpc_service, grpc_method) (rate(grpc_server_handled_total{grpc_code=~"Unknown|FailedPrecondition|ResourceExhausted|Internal|Unavailable|DataLoss|DeadlineExceeded"}[5m])) / sum by (grpc_service, grpc_method) (rate(grpc_server_handled_total[5m])) > 0.05 and sum by (grpc_service, grpc_method) (rate(grpc_server_handled_total[5m])) > 0',
      summary: 'etcd failed gRPC requests ({{ $labels.grpc_service }}/{{ $labels.grpc_method }})',
      description: 'More than 5% of {{ $labels.grpc_method }} requests fail.',
    },
  ],
  logs: [
    { name: 'LeaderChanged', pipeline: '|~ "elected leader|lost leader|raft.node: .* changed leader"', severity: 'warning', perMinute: 0.2, window: '10m', for: '5m', summary: 'etcd leadership keeps changing' },
    { name: 'SlowApply', pipeline: '|~ "apply request took too long|slow fdatasync|waiting for ReadIndex response took too long"', severity: 'warning', perMinute: 1, window: '5m', for: '5m', summary: 'etcd requests are slow (disk or CPU starvation)' },
    { name: 'PeerUnreachable', pipeline: '|~ "failed to (reach|dial) the peer|lost TCP streaming connection with remote peer|prober detected unhealthy status"', severity: 'critical', perMinute: 1, window: '5m', for: '5m', summary: 'etcd members cannot reach their peers' },
    { name: 'NoSpace', pipeline: '|~ "mvcc: database space exceeded|NOSPACE"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'etcd hit its database quota' },
    { name: 'SnapshotFailed', pipeline: '|~ "failed to (save|send) snapshot|snapshot.*(error|failed)"', severity: 'warning', perMinute: 0.1, window: '10m', for: '5m', summary: 'etcd snapshots fail' },
  ],
} satisfies TechnologyTemplate;
