/**
 * Kubernetes workloads through kube-state-metrics (object state) and the kubelet's cAdvisor
 * (container usage). Panels are scoped by the dashboard's namespace, not by an exporter instance.
 */
import { AWESOME_PROMETHEUS_ALERTS as APA, RISING, counter, gauge, type TechnologyTemplate } from './types.ts';

export const kubernetes = {
  id: 'kubernetes',
  title: 'Kubernetes',
  exporter: {
    name: 'kube-state-metrics + kubelet/cAdvisor',
    docs: 'https://github.com/kubernetes/kube-state-metrics/tree/main/docs/metrics',
    port: 8080,
    install: 'helm install kube-prometheus-stack prometheus-community/kube-prometheus-stack',
  },
  scope: { by: 'namespace' },
  dependencyScope: {
    default: (d) => [{ name: 'namespace', op: '=', value: d.namespace ?? d.service }],
    describe: '{namespace="<namespace, default the service name>"}: the workloads in the service\'s namespace (set namespace: on the dependency); node-level rules are fleet-wide',
  },
  // Kubernetes events as shipped by Grafana's k8s-monitoring chart (Alloy's event handler).
  logStream: { selector: '{job="integrations/kubernetes/eventhandler"}', mentionsService: true },
  metrics: {
    pod_phase: gauge('kube_pod_status_phase', '1 for the phase each pod is in', [], ['namespace']),
    restarts: counter('kube_pod_container_status_restarts_total', 'Container restarts', [], ['namespace']),
    waiting_reason: gauge('kube_pod_container_status_waiting_reason', '1 while a container waits, by reason', [], ['namespace']),
    last_terminated_reason: gauge('kube_pod_container_status_last_terminated_reason', 'Why a container last terminated', [], ['namespace']),
    cpu: counter('container_cpu_usage_seconds_total', 'CPU time used by a container', [], ['namespace']),
    cpu_throttled: counter('container_cpu_cfs_throttled_periods_total', 'CFS periods in which the container was throttled', [], ['namespace']),
    cpu_periods: counter('container_cpu_cfs_periods_total', 'CFS periods elapsed', [], ['namespace']),
    memory: gauge('container_memory_working_set_bytes', 'Working-set memory of a container (what the OOM killer looks at)', [], ['namespace']),
    limits: gauge('kube_pod_container_resource_limits', 'Container resource limits by resource', [], ['namespace']),
    requests: gauge('kube_pod_container_resource_requests', 'Container resource requests by resource', [], ['namespace']),
    network_rx: counter('container_network_receive_bytes_total', 'Bytes received by a pod', [], ['namespace']),
    network_tx: counter('container_network_transmit_bytes_total', 'Bytes sent by a pod', [], ['namespace']),
    deployment_desired: gauge('kube_deployment_spec_replicas', 'Desired replicas of a deployment', [], ['namespace']),
    deployment_available: gauge('kube_deployment_status_replicas_available', 'Available replicas of a deployment', [], ['namespace']),
    node_condition: gauge('kube_node_status_condition', 'Node conditions'),
    volume_available: gauge('kubelet_volume_stats_available_bytes', 'Free bytes on a persistent volume', [], ['namespace']),
    volume_capacity: gauge('kubelet_volume_stats_capacity_bytes', 'Capacity of a persistent volume', [], ['namespace']),
    job_failed: gauge('kube_job_status_failed', 'Failed pods of a job', [], ['namespace']),
  },
  panels: [
    {
      title: 'Pods by phase', kind: 'timeseries', unit: 'short',
      description: 'Pods in each phase. Pending pods cannot be scheduled; Failed pods exited with an error.',
      queries: [{ expr: 'sum by (phase) (kube_pod_status_phase)', legend: '{{phase}}' }],
    },
    {
      title: 'CPU usage', kind: 'timeseries', unit: 'short',
      description: 'CPU cores used per pod against what it requested.',
      queries: [
        { expr: 'sum by (pod) (rate(container_cpu_usage_seconds_total{container!=""}[5m]))', legend: '{{pod}}' },
        { expr: 'sum by (pod) (kube_pod_container_resource_requests{resource="cpu"})', legend: '{{pod}} request', role: 'limit' },
      ],
    },
    {
      title: 'CPU throttling', kind: 'timeseries', unit: 'percentunit', thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.1 }, { color: 'red', value: 0.25 }],
      description: 'Share of CFS periods in which each pod was throttled by its CPU limit; throttling adds latency without showing as high usage.',
      queries: [{ expr: 'sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{container!=""}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total{container!=""}[5m]))', legend: '{{pod}}' }],
    },
    {
      title: 'Memory working set', kind: 'timeseries', unit: 'bytes',
      description: 'Working-set memory per pod against its limit. Reaching the limit gets the container OOM-killed.',
      queries: [
        { expr: 'sum by (pod) (container_memory_working_set_bytes{container!=""})', legend: '{{pod}}' },
        { expr: 'sum by (pod) (kube_pod_container_resource_limits{resource="memory"})', legend: '{{pod}} limit', role: 'limit' },
      ],
    },
    {
      title: 'Memory utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'The highest working set as a share of its memory limit.',
      queries: [{ expr: 'max(sum by (pod) (container_memory_working_set_bytes{container!=""}) / sum by (pod) (kube_pod_container_resource_limits{resource="memory"}))' }],
    },
    {
      title: 'Container restarts', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Container restarts per pod over the last hour.',
      queries: [{ expr: 'sum by (pod) (increase(kube_pod_container_status_restarts_total[1h]))', legend: '{{pod}}' }],
    },
    {
      title: 'Deployment replicas', kind: 'timeseries', unit: 'short',
      description: 'Available against desired replicas per deployment.',
      queries: [
        { expr: 'sum by (deployment) (kube_deployment_status_replicas_available)', legend: '{{deployment}} available' },
        { expr: 'sum by (deployment) (kube_deployment_spec_replicas)', legend: '{{deployment}} desired', role: 'limit' },
      ],
    },
    {
      title: 'Network I/O', kind: 'timeseries', unit: 'Bps',
      description: 'Bytes received and sent per pod.',
      queries: [
        { expr: 'sum by (pod) (rate(container_network_receive_bytes_total[5m]))', legend: '{{pod}} rx' },
        { expr: 'sum by (pod) (rate(container_network_transmit_bytes_total[5m]))', legend: '{{pod}} tx' },
      ],
    },
    {
      title: 'Persistent volume usage', kind: 'timeseries', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'Used share of each persistent volume claim.',
      queries: [{ expr: '1 - sum by (persistentvolumeclaim) (kubelet_volume_stats_available_bytes) / sum by (persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes)', legend: '{{persistentvolumeclaim}}' }],
    },
  ],
  alerts: [
    {
      alert: 'KubernetesPodCrashLooping', expr: 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1', for: '2m', severity: 'warning', source: APA,
      summary: 'Kubernetes pod crash looping ({{ $labels.namespace }}/{{ $labels.pod }})',
      description: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} is in CrashLoopBackOff.',
    },
    {
      alert: 'KubernetesContainerOomKiller', for: '1m', severity: 'warning', source: APA,
      expr: '(increase(kube_pod_container_status_restarts_total[10m]) >= 1) and ignoring (reason) min_over_time(kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}[10m]) == 1',
      summary: 'Kubernetes container OOM killed ({{ $labels.namespace }}/{{ $labels.pod }})',
      description: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} was OOM-killed in the last 10 minutes.',
    },
    {
      alert: 'KubernetesDeploymentReplicasMismatch', expr: 'kube_deployment_spec_replicas != kube_deployment_status_replicas_available', for: '10m', severity: 'warning', source: APA,
      summary: 'Kubernetes deployment replicas mismatch ({{ $labels.namespace }}/{{ $labels.deployment }})',
      description: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has not had its desired replicas available for 10 minutes.',
    },
    {
      alert: 'KubernetesPodNotHealthy', expr: 'sum by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Unknown|Failed"}) > 0', for: '15m', severity: 'critical', source: APA,
      summary: 'Kubernetes pod not healthy ({{ $labels.namespace }}/{{ $labels.pod }})',
      description: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has been Pending, Unknown or Failed for 15 minutes.',
    },
    {
      alert: 'KubernetesVolumeOutOfDiskSpace', for: '2m', severity: 'warning', source: APA,
      expr: 'kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.1 and kubelet_volume_stats_capacity_bytes > 0',
      summary: 'Kubernetes volume out of disk space ({{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }})',
      description: 'Volume {{ $labels.persistentvolumeclaim }} has less than 10% free.',
    },
    {
      alert: 'KubernetesNodeNotReady', expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0', for: '10m', severity: 'critical', source: APA,
      summary: 'Kubernetes node not ready (node {{ $labels.node }})',
      description: 'Node {{ $labels.node }} has not been ready for 10 minutes.',
    },
    {
      alert: 'KubernetesJobFailed', expr: 'kube_job_status_failed > 0', for: '1m', severity: 'warning', source: APA,
      summary: 'Kubernetes job failed ({{ $labels.namespace }}/{{ $labels.job_name }})',
      description: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} has failed pods.',
    },
    {
      alert: 'KubernetesCpuThrottlingHigh', for: '15m', severity: 'warning', source: 'nthlayer',
      expr: 'sum by (namespace, pod) (rate(container_cpu_cfs_throttled_periods_total{container!=""}[5m])) / sum by (namespace, pod) (rate(container_cpu_cfs_periods_total{container!=""}[5m])) > 0.25',
      summary: 'Kubernetes CPU throttling high ({{ $labels.namespace }}/{{ $labels.pod }})',
      description: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is throttled in more than 25% of CPU periods.',
    },
  ],
  logs: [
    { name: 'OOMKilled', pipeline: '|= "OOMKilled"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Containers are OOM-killed' },
    { name: 'CrashLoopBackOff', pipeline: '|= "CrashLoopBackOff"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Containers are crash looping' },
    { name: 'ImagePullFailure', pipeline: '|~ "ImagePullBackOff|ErrImagePull"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Images cannot be pulled' },
    { name: 'FailedScheduling', pipeline: '|~ "FailedScheduling|Insufficient (cpu|memory)"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Pods cannot be scheduled' },
    { name: 'Evicted', pipeline: '|~ "Evicted|The node was low on resource"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Pods are evicted' },
    { name: 'ProbeFailure', pipeline: '|~ "(Liveness|Readiness|Startup) probe failed"', severity: 'warning', perMinute: 0.6, window: '5m', for: '5m', summary: 'Health probes fail' },
  ],
} satisfies TechnologyTemplate;
