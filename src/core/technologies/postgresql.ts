/** PostgreSQL through prometheus-community/postgres_exporter. */
import { AWESOME_PROMETHEUS_ALERTS as APA, FALLING_RATIO, RISING, counter, gauge, hostScope, type TechnologyTemplate } from './types.ts';

export const postgresql = {
  id: 'postgresql',
  title: 'PostgreSQL',
  exporter: {
    name: 'postgres_exporter',
    docs: 'https://github.com/prometheus-community/postgres_exporter',
    port: 9187,
    install: 'helm install pg-exporter prometheus-community/prometheus-postgres-exporter',
  },
  scope: { by: 'instance', metric: 'pg_up' },
  dependencyScope: hostScope('PostgreSQL server'),
  metrics: {
    up: gauge('pg_up', 'Whether the last scrape could connect to PostgreSQL'),
    connections: gauge('pg_stat_database_numbackends', 'Backends connected to each database', ['pg_stat_activity_count', 'pgbouncer_pools_server_active_connections']),
    max_connections: gauge('pg_settings_max_connections', 'The max_connections setting'),
    reserved_connections: gauge('pg_settings_superuser_reserved_connections', 'Connections reserved for superusers'),
    activity: gauge('pg_stat_activity_count', 'Backends by state (active, idle, idle in transaction)'),
    max_tx_duration: gauge('pg_stat_activity_max_tx_duration', 'Age of the oldest open transaction per state, seconds'),
    blocks_hit: counter('pg_stat_database_blks_hit', 'Blocks found in the buffer cache'),
    blocks_read: counter('pg_stat_database_blks_read', 'Blocks read from disk'),
    commits: counter('pg_stat_database_xact_commit', 'Committed transactions'),
    rollbacks: counter('pg_stat_database_xact_rollback', 'Rolled-back transactions'),
    deadlocks: counter('pg_stat_database_deadlocks', 'Deadlocks detected'),
    database_size: gauge('pg_database_size_bytes', 'Disk space used by each database'),
    replication_lag: gauge('pg_replication_lag_seconds', 'Replay lag of a standby, seconds', ['pg_replication_lag']),
    dead_tuples: gauge('pg_stat_user_tables_n_dead_tup', 'Dead rows per table'),
    live_tuples: gauge('pg_stat_user_tables_n_live_tup', 'Live rows per table'),
    start_time: gauge('pg_postmaster_start_time_seconds', 'When the postmaster started, Unix seconds'),
  },
  panels: [
    {
      title: 'Connections', kind: 'timeseries', unit: 'short',
      description: 'Backends connected per instance against max_connections. Running out of connections fails new requests before the database itself is slow.',
      queries: [
        { expr: 'sum by (instance) (pg_stat_database_numbackends)', legend: '{{instance}} connected' },
        { expr: 'max by (instance) (pg_settings_max_connections)', legend: '{{instance}} max_connections', role: 'limit' },
      ],
    },
    {
      title: 'Connection utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'Connected backends as a share of max_connections. Above 85 % new clients start to be refused.',
      queries: [{ expr: 'max(sum by (instance) (pg_stat_database_numbackends) / max by (instance) (pg_settings_max_connections))' }],
    },
    {
      title: 'Transactions', kind: 'timeseries', unit: 'ops',
      description: 'Commits and rollbacks per second. A rise in rollbacks usually means application errors or serialisation failures.',
      queries: [
        { expr: 'sum by (instance) (rate(pg_stat_database_xact_commit[5m]))', legend: '{{instance}} commits' },
        { expr: 'sum by (instance) (rate(pg_stat_database_xact_rollback[5m]))', legend: '{{instance}} rollbacks' },
      ],
    },
    {
      title: 'Buffer cache hit ratio', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: FALLING_RATIO,
      description: 'Share of block reads served from shared buffers. Below 99 % on an OLTP database usually means the working set no longer fits in memory.',
      queries: [{ expr: 'sum(rate(pg_stat_database_blks_hit[5m])) / (sum(rate(pg_stat_database_blks_hit[5m])) + sum(rate(pg_stat_database_blks_read[5m])))' }],
    },
    {
      title: 'Connections by state', kind: 'timeseries', unit: 'short',
      description: 'Backends by state. Many "idle in transaction" backends hold locks and connections without doing work.',
      queries: [{ expr: 'sum by (state) (pg_stat_activity_count)', legend: '{{state}}' }],
    },
    {
      title: 'Oldest transaction', kind: 'timeseries', unit: 's', thresholds: [{ color: 'green' }, { color: 'yellow', value: 60 }, { color: 'red', value: 300 }],
      description: 'Age of the longest-running transaction. Long transactions block vacuum and grow table bloat.',
      queries: [{ expr: 'max by (instance) (pg_stat_activity_max_tx_duration)', legend: '{{instance}}' }],
    },
    {
      title: 'Deadlocks', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Deadlocks detected per database over 5 minutes.',
      queries: [{ expr: 'sum by (datname) (increase(pg_stat_database_deadlocks[5m]))', legend: '{{datname}}' }],
    },
    {
      title: 'Replication lag', kind: 'timeseries', unit: 's', thresholds: [{ color: 'green' }, { color: 'yellow', value: 5 }, { color: 'red', value: 30 }],
      description: 'How far each standby is behind its primary. Reads from a lagging replica return stale data.',
      queries: [{ expr: 'max by (instance) (pg_replication_lag_seconds)', legend: '{{instance}}' }],
    },
    {
      title: 'Database size', kind: 'stat', unit: 'bytes',
      description: 'Disk space used by each database.',
      queries: [{ expr: 'sum by (datname) (pg_database_size_bytes)', legend: '{{datname}}' }],
    },
    {
      title: 'Dead tuples (top 10 tables)', kind: 'timeseries', unit: 'short',
      description: 'Dead rows waiting for vacuum in the ten worst tables.',
      queries: [{ expr: 'topk(10, pg_stat_user_tables_n_dead_tup)', legend: '{{datname}}.{{relname}}' }],
    },
  ],
  alerts: [
    {
      alert: 'PostgresqlDown', expr: 'pg_up == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'PostgreSQL down (instance {{ $labels.instance }})',
      description: 'postgres_exporter cannot connect to PostgreSQL on {{ $labels.instance }}.',
    },
    {
      alert: 'PostgresqlTooManyConnections', for: '2m', severity: 'warning', source: APA,
      expr: 'sum by (instance, job) (pg_stat_activity_count) > min by (instance, job) ((pg_settings_max_connections - pg_settings_superuser_reserved_connections) * 0.8)',
      summary: 'PostgreSQL too many connections (instance {{ $labels.instance }})',
      description: 'More than 80% of the usable connections are in use on {{ $labels.instance }} ({{ $value }} connections).',
    },
    {
      alert: 'PostgresqlMaxConnectionsReached', for: '1m', severity: 'critical', source: APA,
      expr: 'sum by (instance, job) (pg_stat_activity_count) >= min by (instance, job) (pg_settings_max_connections - pg_settings_superuser_reserved_connections)',
      summary: 'PostgreSQL max connections reached (instance {{ $labels.instance }})',
      description: 'Every non-reserved connection on {{ $labels.instance }} is in use; new clients are refused.',
    },
    {
      alert: 'PostgresqlDeadLocks', for: '1m', severity: 'warning', source: APA,
      expr: 'increase(pg_stat_database_deadlocks{datname!~"template.*|postgres"}[5m]) > 5',
      summary: 'PostgreSQL deadlocks (instance {{ $labels.instance }})',
      description: 'More than 5 deadlocks in a minute in database {{ $labels.datname }} on {{ $labels.instance }}.',
    },
    {
      alert: 'PostgresqlHighRollbackRate', for: '5m', severity: 'warning', source: APA,
      expr: 'sum by (instance, datname) (rate(pg_stat_database_xact_rollback{datname!~"template.*|postgres"}[5m])) / sum by (instance, datname) (rate(pg_stat_database_xact_rollback{datname!~"template.*|postgres"}[5m]) + rate(pg_stat_database_xact_commit{datname!~"template.*|postgres"}[5m])) > 0.02',
      summary: 'PostgreSQL high rollback rate (instance {{ $labels.instance }})',
      description: 'More than 2% of transactions in {{ $labels.datname }} are rolled back.',
    },
    {
      alert: 'PostgresqlReplicationLag', for: '1m', severity: 'warning', source: APA,
      expr: 'pg_replication_lag_seconds > 5',
      summary: 'PostgreSQL replication lag (instance {{ $labels.instance }})',
      description: 'Standby {{ $labels.instance }} is {{ $value }}s behind its primary.',
    },
    {
      alert: 'PostgresqlLongRunningTransaction', for: '2m', severity: 'warning', source: APA,
      expr: 'max by (instance, datname) (pg_stat_activity_max_tx_duration{datname!~"template.*|postgres"}) > 120',
      summary: 'PostgreSQL long-running transaction (instance {{ $labels.instance }})',
      description: 'A transaction in {{ $labels.datname }} has been open for more than 2 minutes.',
    },
    {
      alert: 'PostgresqlTooManyDeadTuples', for: '2m', severity: 'warning', source: APA,
      expr: '(pg_stat_user_tables_n_dead_tup > 10000) / (pg_stat_user_tables_n_live_tup + pg_stat_user_tables_n_dead_tup) >= 0.1',
      summary: 'PostgreSQL too many dead tuples (instance {{ $labels.instance }})',
      description: 'Table {{ $labels.relname }} is more than 10% dead rows; autovacuum is not keeping up.',
    },
    {
      alert: 'PostgresqlRestarted', for: '1m', severity: 'info', source: APA,
      expr: 'time() - pg_postmaster_start_time_seconds < 120',
      summary: 'PostgreSQL restarted (instance {{ $labels.instance }})',
      description: 'PostgreSQL on {{ $labels.instance }} started less than 2 minutes ago.',
    },
  ],
  logs: [
    { name: 'Fatal', pipeline: '|= "FATAL"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'PostgreSQL logged FATAL errors' },
    { name: 'Panic', pipeline: '|= "PANIC"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'PostgreSQL logged a PANIC' },
    { name: 'Deadlock', pipeline: '|= "deadlock detected"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'PostgreSQL detected deadlocks' },
    { name: 'ConnectionRefused', pipeline: '|~ "connection refused|could not connect"', severity: 'critical', perMinute: 1, window: '5m', for: '5m', summary: 'Connections to PostgreSQL are refused' },
    { name: 'OutOfConnections', pipeline: '|~ "too many connections|remaining connection slots are reserved"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'PostgreSQL ran out of connection slots' },
    { name: 'SlowQueries', pipeline: '|~ "duration: [0-9]{4,}\\\\.[0-9]+ ms"', severity: 'warning', perMinute: 1, window: '5m', for: '5m', summary: 'PostgreSQL logs queries slower than 1 s' },
  ],
} satisfies TechnologyTemplate;
