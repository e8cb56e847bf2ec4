/** MySQL and MariaDB through prometheus/mysqld_exporter. */
import { AWESOME_PROMETHEUS_ALERTS as APA, FALLING_RATIO, RISING, counter, gauge, hostScope, type TechnologyTemplate } from './types.ts';

export const mysql = {
  id: 'mysql',
  title: 'MySQL',
  exporter: {
    name: 'mysqld_exporter',
    docs: 'https://github.com/prometheus/mysqld_exporter',
    port: 9104,
    install: 'helm install mysql-exporter prometheus-community/prometheus-mysql-exporter',
  },
  scope: { by: 'instance', metric: 'mysql_up' },
  dependencyScope: hostScope('MySQL server'),
  metrics: {
    up: gauge('mysql_up', 'Whether the last scrape could connect to MySQL'),
    uptime: gauge('mysql_global_status_uptime', 'Seconds since the server started'),
    threads_connected: gauge('mysql_global_status_threads_connected', 'Open connections', ['mysql_connections']),
    threads_running: gauge('mysql_global_status_threads_running', 'Threads not sleeping'),
    max_connections: gauge('mysql_global_variables_max_connections', 'The max_connections setting'),
    queries: counter('mysql_global_status_queries', 'Statements executed, including those in stored programs', ['mysql_global_status_questions']),
    slow_queries: counter('mysql_global_status_slow_queries', 'Queries that took longer than long_query_time'),
    commands: counter('mysql_global_status_commands_total', 'Statements by command (select, insert …)'),
    buffer_pool_requests: counter('mysql_global_status_innodb_buffer_pool_read_requests', 'Logical reads from the InnoDB buffer pool'),
    buffer_pool_reads: counter('mysql_global_status_innodb_buffer_pool_reads', 'Logical reads that had to go to disk'),
    log_waits: counter('mysql_global_status_innodb_log_waits', 'Waits because the InnoDB log buffer was too small'),
    bytes_received: counter('mysql_global_status_bytes_received', 'Bytes received from clients'),
    bytes_sent: counter('mysql_global_status_bytes_sent', 'Bytes sent to clients'),
    replica_lag: gauge('mysql_slave_status_seconds_behind_master', 'Replication delay of a replica, seconds'),
    replica_sql_delay: gauge('mysql_slave_status_sql_delay', 'Configured (intentional) replication delay, seconds'),
    replica_source_id: gauge('mysql_slave_status_master_server_id', 'Server id of the replication source (0 on a source)'),
    replica_io_running: gauge('mysql_slave_status_slave_io_running', 'Replica I/O thread running (1) or not (0)'),
    replica_sql_running: gauge('mysql_slave_status_slave_sql_running', 'Replica SQL thread running (1) or not (0)'),
  },
  panels: [
    {
      title: 'Connections', kind: 'timeseries', unit: 'short',
      description: 'Open connections and running threads against max_connections.',
      queries: [
        { expr: 'sum by (instance) (mysql_global_status_threads_connected)', legend: '{{instance}} connected' },
        { expr: 'sum by (instance) (mysql_global_status_threads_running)', legend: '{{instance}} running' },
        { expr: 'max by (instance) (mysql_global_variables_max_connections)', legend: '{{instance}} max_connections', role: 'limit' },
      ],
    },
    {
      title: 'Connection utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'Open connections as a share of max_connections; at 100 % clients get "Too many connections".',
      queries: [{ expr: 'max(sum by (instance) (mysql_global_status_threads_connected) / max by (instance) (mysql_global_variables_max_connections))' }],
    },
    {
      title: 'Queries per second', kind: 'timeseries', unit: 'ops',
      description: 'Statements executed per second.',
      queries: [{ expr: 'sum by (instance) (rate(mysql_global_status_queries[5m]))', legend: '{{instance}}' }],
    },
    {
      title: 'Statements by command', kind: 'timeseries', unit: 'ops',
      description: 'The five most frequent statement types.',
      queries: [{ expr: 'topk(5, sum by (command) (rate(mysql_global_status_commands_total[5m])))', legend: '{{command}}' }],
    },
    {
      title: 'Slow queries', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'yellow', value: 1 }],
      description: 'Queries slower than long_query_time over 5 minutes.',
      queries: [{ expr: 'sum by (instance) (increase(mysql_global_status_slow_queries[5m]))', legend: '{{instance}}' }],
    },
    {
      title: 'InnoDB buffer pool hit ratio', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: FALLING_RATIO,
      description: 'Share of InnoDB reads served from memory.',
      queries: [{ expr: '1 - sum(rate(mysql_global_status_innodb_buffer_pool_reads[5m])) / sum(rate(mysql_global_status_innodb_buffer_pool_read_requests[5m]))' }],
    },
    {
      title: 'Replication lag', kind: 'timeseries', unit: 's', thresholds: [{ color: 'green' }, { color: 'yellow', value: 10 }, { color: 'red', value: 30 }],
      description: 'Seconds each replica is behind its source.',
      queries: [{ expr: 'max by (instance) (mysql_slave_status_seconds_behind_master)', legend: '{{instance}}' }],
    },
    {
      title: 'Network traffic', kind: 'timeseries', unit: 'Bps',
      description: 'Bytes received from and sent to clients.',
      queries: [
        { expr: 'sum by (instance) (rate(mysql_global_status_bytes_received[5m]))', legend: '{{instance}} in' },
        { expr: 'sum by (instance) (rate(mysql_global_status_bytes_sent[5m]))', legend: '{{instance}} out' },
      ],
    },
  ],
  alerts: [
    {
      alert: 'MysqlDown', expr: 'mysql_up == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'MySQL down (instance {{ $labels.instance }})',
      description: 'mysqld_exporter cannot connect to MySQL on {{ $labels.instance }}.',
    },
    {
      alert: 'MysqlTooManyConnections', for: '2m', severity: 'warning', source: APA,
      expr: 'max_over_time(mysql_global_status_threads_connected[2m]) / mysql_global_variables_max_connections > 0.8 and mysql_global_variables_max_connections > 0',
      summary: 'MySQL too many connections (> 80%) (instance {{ $labels.instance }})',
      description: 'More than 80% of max_connections are in use on {{ $labels.instance }}.',
    },
    {
      alert: 'MysqlHighThreadsRunning', for: '2m', severity: 'warning', source: APA,
      expr: 'max_over_time(mysql_global_status_threads_running[2m]) / mysql_global_variables_max_connections > 0.6 and mysql_global_variables_max_connections > 0',
      summary: 'MySQL high threads running (instance {{ $labels.instance }})',
      description: 'More than 60% of the connections on {{ $labels.instance }} are running statements.',
    },
    {
      alert: 'MysqlSlaveIoThreadNotRunning', for: '1m', severity: 'critical', source: APA,
      expr: '(mysql_slave_status_slave_io_running and on (instance) mysql_slave_status_master_server_id > 0) == 0',
      summary: 'MySQL replica I/O thread not running (instance {{ $labels.instance }})',
      description: 'The replication I/O thread is stopped on {{ $labels.instance }}.',
    },
    {
      alert: 'MysqlSlaveSqlThreadNotRunning', for: '1m', severity: 'critical', source: APA,
      expr: '(mysql_slave_status_slave_sql_running and on (instance) mysql_slave_status_master_server_id > 0) == 0',
      summary: 'MySQL replica SQL thread not running (instance {{ $labels.instance }})',
      description: 'The replication SQL thread is stopped on {{ $labels.instance }}.',
    },
    {
      alert: 'MysqlSlaveReplicationLag', for: '1m', severity: 'critical', source: APA,
      expr: '((mysql_slave_status_seconds_behind_master - mysql_slave_status_sql_delay) and on (instance) mysql_slave_status_master_server_id > 0) > 30',
      summary: 'MySQL replica replication lag (instance {{ $labels.instance }})',
      description: 'Replica {{ $labels.instance }} is {{ $value }}s behind its source beyond the configured delay.',
    },
    {
      alert: 'MysqlSlowQueries', for: '2m', severity: 'warning', source: APA,
      expr: 'increase(mysql_global_status_slow_queries[5m]) > 0',
      summary: 'MySQL slow queries (instance {{ $labels.instance }})',
      description: 'MySQL on {{ $labels.instance }} keeps logging slow queries.',
    },
    {
      alert: 'MysqlInnodbLogWaits', for: '5m', severity: 'warning', source: APA,
      expr: 'rate(mysql_global_status_innodb_log_waits[15m]) > 10',
      summary: 'MySQL InnoDB log waits (instance {{ $labels.instance }})',
      description: 'InnoDB waits for the log buffer on {{ $labels.instance }}; writes are stalling.',
    },
    {
      alert: 'MysqlRestarted', for: '1m', severity: 'info', source: APA,
      expr: 'mysql_global_status_uptime < 120',
      summary: 'MySQL restarted (instance {{ $labels.instance }})',
      description: 'MySQL on {{ $labels.instance }} started less than 2 minutes ago.',
    },
  ],
  logs: [
    { name: 'Error', pipeline: '|~ "\\\\[ERROR\\\\]"', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'MySQL logs errors' },
    { name: 'ConnectionRefused', pipeline: '|~ "Can\'t connect|Access denied|Connection refused"', severity: 'critical', perMinute: 1, window: '5m', for: '5m', summary: 'Connections to MySQL fail' },
    { name: 'TooManyConnections', pipeline: '|= "Too many connections"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'MySQL refuses clients: too many connections' },
    { name: 'Deadlock', pipeline: '|= "Deadlock found"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'MySQL detected deadlocks' },
    { name: 'ReplicationError', pipeline: '|~ "Slave SQL.*[Ee]rror|Replica SQL.*[Ee]rror|Got fatal error"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'MySQL replication stopped on an error' },
    { name: 'TableCorruption', pipeline: '|~ "is marked as crashed|Incorrect key file|[Cc]orrupt"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'MySQL reports a corrupt table' },
  ],
} satisfies TechnologyTemplate;
