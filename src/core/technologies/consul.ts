/** Consul through prometheus/consul_exporter (catalog, health and raft state from the HTTP API). */
import { AWESOME_PROMETHEUS_ALERTS as APA, gauge, hostScope, type TechnologyTemplate } from './types.ts';

export const consul = {
  id: 'consul',
  title: 'Consul',
  exporter: {
    name: 'consul_exporter',
    docs: 'https://github.com/prometheus/consul_exporter',
    port: 9107,
    install: 'helm install consul-exporter prometheus-community/prometheus-consul-exporter',
  },
  scope: { by: 'instance', metric: 'consul_up' },
  dependencyScope: hostScope('Consul cluster'),
  metrics: {
    up: gauge('consul_up', 'Whether the last query of the Consul API succeeded'),
    raft_leader: gauge('consul_raft_leader', '1 when the cluster has a raft leader'),
    raft_peers: gauge('consul_raft_peers', 'Raft peers (servers) in the cluster'),
    serf_members: gauge('consul_serf_lan_members', 'Members of the LAN gossip pool'),
    serf_member_status: gauge('consul_serf_lan_member_status', 'Gossip status per member (1 alive, 2 leaving, 3 left, 4 failed)'),
    catalog_services: gauge('consul_catalog_services', 'Services registered in the catalog'),
    service_node_healthy: gauge('consul_catalog_service_node_healthy', 'Whether each service instance passes its checks'),
    node_status: gauge('consul_health_node_status', 'Node health checks by status'),
    service_status: gauge('consul_health_service_status', 'Service health checks by status'),
  },
  panels: [
    {
      title: 'Raft leader', kind: 'stat', unit: 'short', thresholds: [{ color: 'red' }, { color: 'green', value: 1 }],
      description: '1 when the servers have elected a leader. Without one, Consul accepts no writes.',
      queries: [{ expr: 'min(consul_raft_leader)' }],
    },
    {
      title: 'Raft peers', kind: 'stat', unit: 'short', thresholds: [{ color: 'red' }, { color: 'yellow', value: 2 }, { color: 'green', value: 3 }],
      description: 'Servers in the raft quorum.',
      queries: [{ expr: 'min(consul_raft_peers)' }],
    },
    {
      title: 'Gossip members', kind: 'timeseries', unit: 'short',
      description: 'LAN gossip members by status (1 alive, 4 failed).',
      queries: [
        { expr: 'max(consul_serf_lan_members)', legend: 'members' },
        { expr: 'count(consul_serf_lan_member_status == 4) or vector(0)', legend: 'failed' },
      ],
    },
    {
      title: 'Registered services', kind: 'timeseries', unit: 'short',
      description: 'Services in the catalog.',
      queries: [{ expr: 'max(consul_catalog_services)', legend: 'services' }],
    },
    {
      title: 'Unhealthy service instances', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Service instances failing their health checks, per service.',
      queries: [{ expr: 'sum by (service_name) (1 - consul_catalog_service_node_healthy)', legend: '{{service_name}}' }],
    },
    {
      title: 'Node checks by status', kind: 'timeseries', unit: 'short',
      description: 'Node health checks by status (passing, warning, critical, maintenance).',
      queries: [{ expr: 'sum by (status) (consul_health_node_status)', legend: '{{status}}' }],
    },
    {
      title: 'Critical service checks', kind: 'stat', unit: 'short', thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Service health checks in the critical state.',
      queries: [{ expr: 'sum(consul_health_service_status{status="critical"})' }],
    },
  ],
  alerts: [
    {
      alert: 'ConsulServiceHealthcheckFailed', expr: 'consul_catalog_service_node_healthy == 0', for: '1m', severity: 'critical', source: APA,
      summary: 'Consul service health check failed (service {{ $labels.service_name }})',
      description: 'Service {{ $labels.service_name }} on node {{ $labels.node }} fails its health checks.',
    },
    {
      alert: 'ConsulMissingMasterNode', expr: 'consul_raft_peers < 3', for: '1m', severity: 'critical', source: APA,
      summary: 'Consul missing server node (instance {{ $labels.instance }})',
      description: 'Fewer than 3 raft peers: one more failure loses quorum.',
    },
    {
      alert: 'ConsulAgentUnhealthy', expr: 'consul_health_node_status{status="critical"} == 1', for: '1m', severity: 'critical', source: APA,
      summary: 'Consul agent unhealthy (node {{ $labels.node }})',
      description: 'The agent on {{ $labels.node }} is critical.',
    },
    {
      alert: 'ConsulHasNoRaftLeader', expr: 'consul_raft_leader != 1', for: '1m', severity: 'critical', source: APA,
      summary: 'Consul has no raft leader (instance {{ $labels.instance }})',
      description: 'The Consul servers have no leader; the catalog is read-only.',
    },
    {
      alert: 'ConsulExporterQueryFailure', expr: 'consul_up != 1', for: '1m', severity: 'critical', source: APA,
      summary: 'Consul exporter cannot query Consul (instance {{ $labels.instance }})',
      description: 'consul_exporter on {{ $labels.instance }} cannot reach the Consul API.',
    },
  ],
  logs: [
    { name: 'NoLeader', pipeline: '|~ "No cluster leader|leadership lost|heartbeat timeout reached, starting election"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Consul lost its raft leader' },
    { name: 'AgentError', pipeline: '|~ "\\\\[ERROR\\\\] agent"', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'The Consul agent logs errors' },
    { name: 'CheckCritical', pipeline: '|~ "Check is now critical|check .* is now critical"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Consul health checks turn critical' },
    { name: 'GossipFailure', pipeline: '|~ "memberlist: (Suspect|Marking) .* (failed|as failed)|serf: EventMemberFailed"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Consul gossip marks members failed' },
    { name: 'AclDenied', pipeline: '|~ "Permission denied|ACL not found"', severity: 'warning', perMinute: 1, window: '5m', for: '5m', summary: 'Consul denies requests on ACL' },
  ],
} satisfies TechnologyTemplate;
