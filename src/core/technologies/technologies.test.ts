import { describe, expect, it } from 'vitest';
import { logqlExpr } from '../generators/loki/index.ts';
import { parseLogql } from '../generators/loki/logql.ts';
import { metricNames, parsePromql } from '../promql/parse.ts';
import { parseDuration } from '../units.ts';
import { annotationLabels, keptLabels, metricTypeProblems } from './expr.ts';
import { TECHNOLOGY_IDS, resolveTechnology, type TechnologyId } from './ids.ts';
import { TECHNOLOGIES, aliasesOf, metricTypes, serviceTechnology } from './registry.ts';

/** Metrics each technology's panels and alerts must read: the exporter's documented names. */
const EXPECTED: Record<TechnologyId, { panels: string[]; alerts: string[] }> = {
  postgresql: {
    panels: [
      'pg_stat_database_numbackends',
      'pg_settings_max_connections',
      'pg_stat_database_xact_commit',
      'pg_stat_database_blks_hit',
      'pg_replication_lag_seconds',
    ],
    alerts: ['pg_up', 'pg_stat_activity_count', 'pg_stat_database_deadlocks'],
  },
  mysql: {
    panels: [
      'mysql_global_status_threads_connected',
      'mysql_global_status_queries',
      'mysql_global_status_slow_queries',
      'mysql_slave_status_seconds_behind_master',
    ],
    alerts: ['mysql_up', 'mysql_global_variables_max_connections', 'mysql_slave_status_slave_io_running'],
  },
  mongodb: {
    panels: [
      'mongodb_ss_connections',
      'mongodb_ss_opcounters',
      'mongodb_ss_opLatencies_latency',
      'mongodb_ss_wt_cache_bytes_currently_in_the_cache',
    ],
    alerts: ['mongodb_up', 'mongodb_rs_members_health', 'mongodb_rs_members_optimeDate'],
  },
  elasticsearch: {
    panels: [
      'elasticsearch_cluster_health_status',
      'elasticsearch_indices_search_query_total',
      'elasticsearch_jvm_memory_used_bytes',
      'elasticsearch_filesystem_data_available_bytes',
    ],
    alerts: ['elasticsearch_cluster_health_status', 'elasticsearch_cluster_health_unassigned_shards', 'elasticsearch_jvm_memory_max_bytes'],
  },
  redis: {
    panels: [
      'redis_memory_used_bytes',
      'redis_keyspace_hits_total',
      'redis_keyspace_misses_total',
      'redis_connected_clients',
      'redis_commands_processed_total',
    ],
    alerts: ['redis_up', 'redis_memory_max_bytes', 'redis_rejected_connections_total'],
  },
  kafka: {
    panels: [
      'kafka_brokers',
      'kafka_topic_partition_current_offset',
      'kafka_consumergroup_lag',
      'kafka_topic_partition_under_replicated_partition',
    ],
    alerts: ['kafka_consumergroup_lag', 'kafka_topic_partition_in_sync_replica'],
  },
  rabbitmq: {
    panels: [
      'rabbitmq_queue_messages_ready',
      'rabbitmq_queue_messages_unacked',
      'rabbitmq_global_messages_received_total',
      'rabbitmq_queue_consumers',
    ],
    alerts: ['rabbitmq_alarms_memory_used_watermark', 'rabbitmq_alarms_free_disk_space_watermark', 'rabbitmq_queue_consumers'],
  },
  nats: {
    panels: ['gnatsd_varz_connections', 'gnatsd_varz_in_msgs', 'gnatsd_varz_out_msgs', 'gnatsd_varz_slow_consumers'],
    alerts: ['gnatsd_varz_slow_consumers', 'gnatsd_varz_jetstream_stats_storage', 'gnatsd_connz_pending_bytes'],
  },
  pulsar: {
    panels: ['pulsar_rate_in', 'pulsar_rate_out', 'pulsar_msg_backlog', 'pulsar_storage_size'],
    alerts: ['pulsar_subscription_back_log', 'pulsar_storage_size', 'pulsar_storage_write_latency_overflow'],
  },
  kubernetes: {
    panels: [
      'kube_pod_status_phase',
      'container_cpu_usage_seconds_total',
      'container_memory_working_set_bytes',
      'kube_pod_container_status_restarts_total',
    ],
    alerts: ['kube_pod_container_status_waiting_reason', 'kube_deployment_spec_replicas', 'kube_node_status_condition'],
  },
  nginx: {
    panels: ['nginx_http_requests_total', 'nginx_connections_reading', 'nginx_connections_accepted', 'nginx_ingress_controller_requests'],
    alerts: ['nginx_up', 'nginx_ingress_controller_requests', 'nginx_ingress_controller_request_duration_seconds_bucket'],
  },
  haproxy: {
    panels: [
      'haproxy_frontend_http_requests_total',
      'haproxy_backend_http_responses_total',
      'haproxy_backend_current_queue',
      'haproxy_backend_active_servers',
    ],
    alerts: ['haproxy_server_http_responses_total', 'haproxy_backend_active_servers', 'haproxy_server_check_failures_total'],
  },
  traefik: {
    panels: [
      'traefik_service_requests_total',
      'traefik_service_request_duration_seconds_bucket',
      'traefik_entrypoint_requests_total',
      'traefik_tls_certs_not_after',
    ],
    alerts: ['traefik_service_server_up', 'traefik_service_requests_total', 'traefik_tls_certs_not_after'],
  },
  consul: {
    panels: ['consul_raft_leader', 'consul_raft_peers', 'consul_catalog_services', 'consul_catalog_service_node_healthy'],
    alerts: ['consul_catalog_service_node_healthy', 'consul_raft_peers', 'consul_health_node_status', 'consul_up'],
  },
  etcd: {
    panels: [
      'etcd_server_has_leader',
      'etcd_server_leader_changes_seen_total',
      'etcd_disk_wal_fsync_duration_seconds_bucket',
      'etcd_mvcc_db_total_size_in_bytes',
    ],
    alerts: ['etcd_server_has_leader', 'etcd_disk_wal_fsync_duration_seconds_bucket', 'grpc_server_handled_total'],
  },
  http: {
    panels: ['http_requests_total', 'http_request_duration_seconds_bucket', 'http_requests_in_flight'],
    alerts: ['http_requests_total', 'http_request_duration_seconds_bucket'],
  },
  worker: {
    panels: ['jobs_processed_total', 'job_duration_seconds_bucket', 'jobs_queued'],
    alerts: ['jobs_processed_total', 'jobs_queued'],
  },
  stream: {
    panels: ['events_processed_total', 'event_processing_duration_seconds_bucket', 'event_lag_seconds'],
    alerts: ['events_processed_total', 'event_lag_seconds'],
  },
};

const panelExprs = (id: TechnologyId): string[] => TECHNOLOGIES[id].panels.flatMap((p) => p.queries.map((q) => q.expr));
const alertExprs = (id: TechnologyId): string[] => TECHNOLOGIES[id].alerts.map((a) => a.expr);

describe('technology templates', () => {
  it('cover all 18 technologies', () => {
    expect(Object.keys(TECHNOLOGIES).sort()).toEqual([...TECHNOLOGY_IDS].sort());
  });

  for (const id of TECHNOLOGY_IDS) {
    const t = TECHNOLOGIES[id];
    describe(id, () => {
      it('has at least 6 panels, 4 alerts and 4 log patterns', () => {
        expect(t.panels.length).toBeGreaterThanOrEqual(6);
        expect(t.alerts.length).toBeGreaterThanOrEqual(4);
        expect(t.logs.length).toBeGreaterThanOrEqual(4);
      });

      it('names its exporter and where its metrics are documented', () => {
        expect(t.exporter.name).not.toBe('');
        expect(t.exporter.docs).toMatch(/^https:\/\//);
      });

      it('panels read the exporter metrics we expect', () => {
        const read = new Set(panelExprs(id).flatMap(metricNames));
        for (const m of EXPECTED[id].panels) expect(read, m).toContain(m);
      });

      it('alerts read the exporter metrics we expect', () => {
        const read = new Set(alertExprs(id).flatMap(metricNames));
        for (const m of EXPECTED[id].alerts) expect(read, m).toContain(m);
      });

      it('every expression parses and reads declared metrics the right way (counters under rate, gauges never)', () => {
        const types = metricTypes(t);
        for (const expr of [...panelExprs(id), ...alertExprs(id)]) {
          expect(parsePromql(expr).errors, expr).toEqual([]);
          expect(metricTypeProblems(expr, types), expr).toEqual([]);
        }
      });

      it('every declared metric is read by a panel or an alert', () => {
        const read = new Set([...panelExprs(id), ...alertExprs(id)].flatMap(metricNames));
        // The scope metric is read by the dashboard's instance picker.
        if (t.scope.by === 'instance') read.add(t.scope.metric);
        for (const m of Object.values(t.metrics)) expect(read, m.metric).toContain(m.metric);
      });

      it('alert annotations only use labels that survive the expression', () => {
        for (const a of t.alerts) {
          const kept = keptLabels(a.expr);
          if (kept === undefined) continue;
          for (const l of annotationLabels(`${a.summary} ${a.description}`)) expect(kept, `${a.alert} uses $labels.${l}`).toContain(l);
        }
      });

      it('alerts have unique PascalCase names, a severity and a for of at least 1m', () => {
        const names = t.alerts.map((a) => a.alert);
        expect(new Set(names).size).toBe(names.length);
        for (const a of t.alerts) {
          expect(a.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
          expect(parseDuration(a.for), `${a.alert} for`).toBeGreaterThanOrEqual(60);
        }
      });

      it('panels have a unit, a description and thresholds that rise', () => {
        for (const p of t.panels) {
          expect(p.unit, p.title).not.toBe('');
          expect(p.description.length, p.title).toBeGreaterThan(10);
          const values = (p.thresholds ?? []).slice(1).map((s) => s.value!);
          expect(values, p.title).toEqual([...values].sort((a, b) => a - b));
          expect(p.thresholds?.[0]?.value, p.title).toBeUndefined();
        }
      });

      it('log patterns build LogQL that parses', () => {
        const names = t.logs.map((l) => l.name);
        expect(new Set(names).size).toBe(names.length);
        for (const p of t.logs) {
          const expr = logqlExpr('{app="x"}', p);
          expect(parseLogql(expr), expr).toEqual([]);
          expect(parseDuration(p.window), p.name).toBeGreaterThan(0);
          expect(parseDuration(p.for) ?? -1, p.name).toBeGreaterThanOrEqual(0);
        }
      });

      it('is found by each of its aliases', () => {
        for (const alias of aliasesOf(id)) {
          const found = id === 'http' || id === 'worker' || id === 'stream' ? serviceTechnology(alias as never) : resolveTechnology(alias);
          expect(found, alias).toBe(id);
        }
      });
    });
  }
});
