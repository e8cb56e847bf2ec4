/** Redis (and Valkey, KeyDB) through oliver006/redis_exporter. */
import { AWESOME_PROMETHEUS_ALERTS as APA, FALLING_RATIO, RISING, counter, gauge, hostScope, type TechnologyTemplate } from './types.ts';

export const redis = {
  id: 'redis',
  title: 'Redis',
  exporter: {
    name: 'redis_exporter',
    docs: 'https://github.com/oliver006/redis_exporter',
    port: 9121,
    install: 'helm install redis-exporter prometheus-community/prometheus-redis-exporter',
  },
  scope: { by: 'instance', metric: 'redis_up' },
  dependencyScope: hostScope('Redis server'),
  metrics: {
    up: gauge('redis_up', 'Whether the exporter could reach Redis'),
    memory_used: gauge('redis_memory_used_bytes', 'Memory allocated by Redis'),
    memory_max: gauge('redis_memory_max_bytes', 'The maxmemory setting (0 = unlimited)'),
    clients: gauge('redis_connected_clients', 'Connected clients', ['cache_connected_clients']),
    max_clients: gauge('redis_config_maxclients', 'The maxclients setting'),
    blocked_clients: gauge('redis_blocked_clients', 'Clients blocked on BLPOP and friends'),
    hits: counter('redis_keyspace_hits_total', 'Successful key lookups', ['cache_hits_total']),
    misses: counter('redis_keyspace_misses_total', 'Failed key lookups', ['cache_misses_total']),
    evicted: counter('redis_evicted_keys_total', 'Keys evicted because of maxmemory'),
    expired: counter('redis_expired_keys_total', 'Keys removed by expiry'),
    commands: counter('redis_commands_processed_total', 'Commands processed'),
    command_calls: counter('redis_commands_total', 'Calls per command (cmd label)'),
    command_time: counter('redis_commands_duration_seconds_total', 'Time spent per command (cmd label)'),
    keys: gauge('redis_db_keys', 'Keys per database'),
    rejected: counter('redis_rejected_connections_total', 'Connections rejected because of maxclients'),
    replicas: gauge('redis_connected_slaves', 'Connected replicas'),
    instance_info: gauge('redis_instance_info', 'Instance information (role label)'),
    last_save: gauge('redis_rdb_last_save_timestamp_seconds', 'Time of the last successful RDB save'),
  },
  panels: [
    {
      title: 'Memory', kind: 'timeseries', unit: 'bytes',
      description: 'Memory used against maxmemory. When maxmemory is reached Redis evicts keys or refuses writes, depending on the eviction policy.',
      queries: [
        { expr: 'sum by (instance) (redis_memory_used_bytes)', legend: '{{instance}} used' },
        { expr: 'sum by (instance) (redis_memory_max_bytes) > 0', legend: '{{instance}} maxmemory', role: 'limit' },
      ],
    },
    {
      title: 'Memory utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'Memory used as a share of maxmemory (instances without a limit are left out).',
      queries: [{ expr: 'max(redis_memory_used_bytes / (redis_memory_max_bytes > 0))' }],
    },
    {
      title: 'Hit ratio', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: FALLING_RATIO,
      description: 'Share of key lookups that found the key. A falling hit ratio sends load to the system behind the cache.',
      queries: [{ expr: 'sum(rate(redis_keyspace_hits_total[5m])) / (sum(rate(redis_keyspace_hits_total[5m])) + sum(rate(redis_keyspace_misses_total[5m])))' }],
    },
    {
      title: 'Commands per second', kind: 'timeseries', unit: 'ops',
      description: 'Commands processed per second.',
      queries: [{ expr: 'sum by (instance) (rate(redis_commands_processed_total[5m]))', legend: '{{instance}}' }],
    },
    {
      title: 'Command latency', kind: 'timeseries', unit: 's',
      description: 'Average time per call of the five busiest commands, measured inside Redis.',
      queries: [{ expr: 'topk(5, sum by (cmd) (rate(redis_commands_duration_seconds_total[5m])) / sum by (cmd) (rate(redis_commands_total[5m])))', legend: '{{cmd}}' }],
    },
    {
      title: 'Clients', kind: 'timeseries', unit: 'short',
      description: 'Connected and blocked clients.',
      queries: [
        { expr: 'sum by (instance) (redis_connected_clients)', legend: '{{instance}} connected' },
        { expr: 'sum by (instance) (redis_blocked_clients)', legend: '{{instance}} blocked' },
      ],
    },
    {
      title: 'Evicted and expired keys', kind: 'timeseries', unit: 'ops',
      description: 'Keys evicted under memory pressure and keys expired by TTL per second.',
      queries: [
        { expr: 'sum(rate(redis_evicted_keys_total[5m]))', legend: 'evicted' },
        { expr: 'sum(rate(redis_expired_keys_total[5m]))', legend: 'expired' },
      ],
    },
    {
      title: 'Keys', kind: 'stat', unit: 'short',
      description: 'Keys per database.',
      queries: [{ expr: 'sum by (db) (redis_db_keys)', legend: '{{db}}' }],
    },
  ],
  alerts: [
    {
      alert: 'RedisDown', expr: 'redis_up == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'Redis down (instance {{ $labels.instance }})',
      description: 'The exporter cannot reach Redis on {{ $labels.instance }}.',
    },
    {
      // Only while some Redis is up: with no exporter at all there is nothing to judge.
      alert: 'RedisMissingMaster', expr: 'count(redis_up == 1) > 0 unless count(redis_instance_info{role="master"}) > 0', for: '1m', severity: 'critical', source: APA,
      summary: 'Redis missing master',
      description: 'Redis instances are up but none reports the master role.',
    },
    {
      // A state, not a change: a drop in connected replicas (delta < 0) would resolve five
      // minutes later while the replica is still gone.
      alert: 'RedisReplicationBroken', expr: 'count(redis_connected_slaves) - sum(redis_connected_slaves) - 1 > 0', for: '1m', severity: 'critical', source: APA,
      summary: 'Redis replication broken',
      description: '{{ $value }} Redis replica(s) are not connected to the master.',
    },
    {
      alert: 'RedisOutOfConfiguredMaxmemory', for: '2m', severity: 'warning', source: APA,
      expr: 'redis_memory_used_bytes / redis_memory_max_bytes > 0.9 and on (instance) redis_memory_max_bytes > 0',
      summary: 'Redis out of configured maxmemory (instance {{ $labels.instance }})',
      description: 'Redis on {{ $labels.instance }} uses more than 90% of maxmemory.',
    },
    {
      alert: 'RedisTooManyConnections', for: '2m', severity: 'warning', source: APA,
      expr: 'redis_connected_clients / redis_config_maxclients > 0.9 and redis_config_maxclients > 0',
      summary: 'Redis too many connections (instance {{ $labels.instance }})',
      description: 'Redis on {{ $labels.instance }} uses more than 90% of maxclients.',
    },
    {
      alert: 'RedisRejectedConnections', expr: 'increase(redis_rejected_connections_total[5m]) > 5', for: '1m', severity: 'warning', source: APA,
      summary: 'Redis rejected connections (instance {{ $labels.instance }})',
      description: 'Redis on {{ $labels.instance }} rejects connections (maxclients reached).',
    },
    {
      alert: 'RedisMissingBackup', expr: 'time() - redis_rdb_last_save_timestamp_seconds > 172800', for: '5m', severity: 'warning', source: APA,
      summary: 'Redis missing backup (instance {{ $labels.instance }})',
      description: 'Redis on {{ $labels.instance }} has not saved an RDB snapshot for 48 hours.',
    },
    {
      alert: 'RedisEvictingKeys', expr: 'increase(redis_evicted_keys_total[5m]) > 0', for: '5m', severity: 'warning', source: 'nthlayer',
      summary: 'Redis evicting keys (instance {{ $labels.instance }})',
      description: 'Redis on {{ $labels.instance }} evicts keys under memory pressure; cache hit ratio will drop.',
    },
  ],
  logs: [
    { name: 'OutOfMemory', pipeline: '|~ "OOM command not allowed|Out Of Memory|Can\'t save in background"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Redis refuses writes: out of memory or cannot fork' },
    { name: 'PersistenceFailed', pipeline: '|~ "MISCONF|Background saving error|Failed opening the RDB file"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Redis cannot persist to disk' },
    { name: 'ReplicationBroken', pipeline: '|~ "MASTER aborted replication|Connection with master lost|Error condition on socket for SYNC"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Redis replication broke' },
    { name: 'ClusterDown', pipeline: '|~ "CLUSTERDOWN|Cluster state changed: fail"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Redis cluster is down' },
    { name: 'ConnectionRefused', pipeline: '|~ "Connection refused|ECONNREFUSED|max number of clients reached"', severity: 'critical', perMinute: 1, window: '5m', for: '5m', summary: 'Connections to Redis fail' },
  ],
} satisfies TechnologyTemplate;
