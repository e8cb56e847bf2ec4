/** Elasticsearch (and OpenSearch) through prometheus-community/elasticsearch_exporter. */
import { AWESOME_PROMETHEUS_ALERTS as APA, RISING, counter, gauge, hostScope, type TechnologyTemplate } from './types.ts';

export const elasticsearch = {
  id: 'elasticsearch',
  title: 'Elasticsearch',
  exporter: {
    name: 'elasticsearch_exporter',
    docs: 'https://github.com/prometheus-community/elasticsearch_exporter',
    port: 9114,
    install: 'helm install es-exporter prometheus-community/prometheus-elasticsearch-exporter',
  },
  scope: { by: 'instance', metric: 'elasticsearch_cluster_health_up' },
  dependencyScope: hostScope('Elasticsearch cluster'),
  metrics: {
    up: gauge('elasticsearch_cluster_health_up', 'Whether the last cluster-health scrape succeeded'),
    status: gauge('elasticsearch_cluster_health_status', 'Cluster health by color (1 for the current colour)'),
    nodes: gauge('elasticsearch_cluster_health_number_of_nodes', 'Nodes in the cluster'),
    data_nodes: gauge('elasticsearch_cluster_health_number_of_data_nodes', 'Data nodes in the cluster'),
    active_shards: gauge('elasticsearch_cluster_health_active_shards', 'Active primary and replica shards'),
    relocating_shards: gauge('elasticsearch_cluster_health_relocating_shards', 'Shards being relocated'),
    initializing_shards: gauge('elasticsearch_cluster_health_initializing_shards', 'Shards being initialised'),
    unassigned_shards: gauge('elasticsearch_cluster_health_unassigned_shards', 'Shards not allocated to any node'),
    pending_tasks: gauge('elasticsearch_cluster_health_number_of_pending_tasks', 'Cluster-level changes not yet executed'),
    search_total: counter('elasticsearch_indices_search_query_total', 'Search queries executed'),
    search_time: counter('elasticsearch_indices_search_query_time_seconds', 'Time spent in search queries'),
    index_total: counter('elasticsearch_indices_indexing_index_total', 'Documents indexed'),
    index_time: counter('elasticsearch_indices_indexing_index_time_seconds_total', 'Time spent indexing'),
    heap_used: gauge('elasticsearch_jvm_memory_used_bytes', 'JVM memory used by area (heap, non-heap)'),
    heap_max: gauge('elasticsearch_jvm_memory_max_bytes', 'JVM memory limit by area'),
    gc_time: counter('elasticsearch_jvm_gc_collection_seconds_sum', 'Time spent in garbage collection by gc'),
    fs_available: gauge('elasticsearch_filesystem_data_available_bytes', 'Free disk space on the data path'),
    fs_size: gauge('elasticsearch_filesystem_data_size_bytes', 'Size of the data path'),
    docs: gauge('elasticsearch_indices_docs', 'Documents on the node'),
    store_size: gauge('elasticsearch_indices_store_size_bytes', 'Size of the node\'s indices on disk'),
    rejected: counter('elasticsearch_thread_pool_rejected_count', 'Tasks rejected by each thread pool'),
  },
  panels: [
    {
      title: 'Cluster health', kind: 'stat', unit: 'short', thresholds: [{ color: 'green' }, { color: 'yellow', value: 1 }, { color: 'red', value: 2 }],
      description: '0 = green, 1 = yellow (replicas unassigned), 2 = red (primaries unassigned: some data is unavailable).',
      queries: [{ expr: 'max(elasticsearch_cluster_health_status{color="yellow"}) + 2 * max(elasticsearch_cluster_health_status{color="red"})' }],
    },
    {
      title: 'Shards', kind: 'timeseries', unit: 'short',
      description: 'Active, relocating, initialising and unassigned shards.',
      queries: [
        { expr: 'max(elasticsearch_cluster_health_active_shards)', legend: 'active' },
        { expr: 'max(elasticsearch_cluster_health_relocating_shards)', legend: 'relocating' },
        { expr: 'max(elasticsearch_cluster_health_initializing_shards)', legend: 'initializing' },
        { expr: 'max(elasticsearch_cluster_health_unassigned_shards)', legend: 'unassigned' },
      ],
    },
    {
      title: 'Nodes', kind: 'timeseries', unit: 'short',
      description: 'Nodes and data nodes in the cluster; a drop means a node left and its shards are being recovered.',
      queries: [
        { expr: 'max(elasticsearch_cluster_health_number_of_nodes)', legend: 'nodes' },
        { expr: 'max(elasticsearch_cluster_health_number_of_data_nodes)', legend: 'data nodes' },
      ],
    },
    {
      title: 'Search rate', kind: 'timeseries', unit: 'ops',
      description: 'Search queries per second across the cluster.',
      queries: [{ expr: 'sum(rate(elasticsearch_indices_search_query_total[5m]))', legend: 'queries' }],
    },
    {
      title: 'Search latency', kind: 'timeseries', unit: 's', thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.5 }, { color: 'red', value: 1 }],
      description: 'Average time per search query (query phase) per node.',
      queries: [{ expr: 'sum by (name) (rate(elasticsearch_indices_search_query_time_seconds[5m])) / sum by (name) (rate(elasticsearch_indices_search_query_total[5m]))', legend: '{{name}}' }],
    },
    {
      title: 'Indexing rate', kind: 'timeseries', unit: 'ops',
      description: 'Documents indexed per second.',
      queries: [{ expr: 'sum(rate(elasticsearch_indices_indexing_index_total[5m]))', legend: 'documents' }],
    },
    {
      title: 'JVM heap utilisation', kind: 'gauge', unit: 'percentunit', min: 0, max: 1, thresholds: RISING,
      description: 'Heap used as a share of the heap limit on the busiest node. Sustained values above 85 % lead to long GC pauses and circuit-breaker errors.',
      queries: [{ expr: 'max(elasticsearch_jvm_memory_used_bytes{area="heap"} / elasticsearch_jvm_memory_max_bytes{area="heap"})' }],
    },
    {
      title: 'Disk free', kind: 'timeseries', unit: 'percentunit', min: 0, max: 1, thresholds: [{ color: 'red' }, { color: 'yellow', value: 0.1 }, { color: 'green', value: 0.2 }],
      description: 'Free space on each node\'s data path. Elasticsearch stops allocating shards at the 85 % disk watermark.',
      queries: [{ expr: 'min by (name) (elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes)', legend: '{{name}}' }],
    },
    {
      title: 'Index size', kind: 'stat', unit: 'bytes',
      description: 'Size of all indices on disk.',
      queries: [{ expr: 'sum(elasticsearch_indices_store_size_bytes)' }],
    },
    {
      title: 'Documents', kind: 'stat', unit: 'short',
      description: 'Documents across all indices.',
      queries: [{ expr: 'sum(elasticsearch_indices_docs)' }],
    },
    {
      title: 'GC time', kind: 'timeseries', unit: 'percentunit',
      description: 'Share of wall-clock time spent in garbage collection per node.',
      queries: [{ expr: 'sum by (name) (rate(elasticsearch_jvm_gc_collection_seconds_sum[5m]))', legend: '{{name}}' }],
    },
    {
      title: 'Thread-pool rejections', kind: 'timeseries', unit: 'short', thresholds: [{ color: 'green' }, { color: 'red', value: 1 }],
      description: 'Requests rejected because a thread pool queue was full (search, write …), over 5 minutes.',
      queries: [{ expr: 'sum by (type) (increase(elasticsearch_thread_pool_rejected_count[5m]))', legend: '{{type}}' }],
    },
  ],
  alerts: [
    {
      alert: 'ElasticsearchClusterRed', expr: 'elasticsearch_cluster_health_status{color="red"} == 1', for: '1m', severity: 'critical', source: APA,
      summary: 'Elasticsearch cluster red (instance {{ $labels.instance }})',
      description: 'Cluster {{ $labels.cluster }} is red: some primary shards are unassigned.',
    },
    {
      alert: 'ElasticsearchClusterYellow', expr: 'elasticsearch_cluster_health_status{color="yellow"} == 1', for: '10m', severity: 'warning', source: APA,
      summary: 'Elasticsearch cluster yellow (instance {{ $labels.instance }})',
      description: 'Cluster {{ $labels.cluster }} is yellow: some replica shards are unassigned.',
    },
    {
      alert: 'ElasticsearchHeapUsageTooHigh', for: '2m', severity: 'critical', source: APA,
      expr: 'elasticsearch_jvm_memory_used_bytes{area="heap"} / elasticsearch_jvm_memory_max_bytes{area="heap"} > 0.9 and elasticsearch_jvm_memory_max_bytes{area="heap"} > 0',
      summary: 'Elasticsearch heap usage too high (instance {{ $labels.instance }})',
      description: 'Node {{ $labels.name }} uses more than 90% of its heap.',
    },
    {
      alert: 'ElasticsearchHeapUsageWarning', for: '2m', severity: 'warning', source: APA,
      expr: 'elasticsearch_jvm_memory_used_bytes{area="heap"} / elasticsearch_jvm_memory_max_bytes{area="heap"} > 0.8 and elasticsearch_jvm_memory_max_bytes{area="heap"} > 0',
      summary: 'Elasticsearch heap usage warning (instance {{ $labels.instance }})',
      description: 'Node {{ $labels.name }} uses more than 80% of its heap.',
    },
    {
      alert: 'ElasticsearchDiskOutOfSpace', for: '1m', severity: 'critical', source: APA,
      expr: 'elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes < 0.1 and elasticsearch_filesystem_data_size_bytes > 0',
      summary: 'Elasticsearch disk out of space (instance {{ $labels.instance }})',
      description: 'Node {{ $labels.name }} has less than 10% disk left.',
    },
    {
      alert: 'ElasticsearchDiskSpaceLow', for: '2m', severity: 'warning', source: APA,
      expr: 'elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes < 0.2 and elasticsearch_filesystem_data_size_bytes > 0',
      summary: 'Elasticsearch disk space low (instance {{ $labels.instance }})',
      description: 'Node {{ $labels.name }} has less than 20% disk left.',
    },
    {
      alert: 'ElasticsearchUnassignedShards', expr: 'elasticsearch_cluster_health_unassigned_shards > 0', for: '5m', severity: 'critical', source: APA,
      summary: 'Elasticsearch unassigned shards (instance {{ $labels.instance }})',
      description: 'Cluster {{ $labels.cluster }} has {{ $value }} unassigned shards.',
    },
    {
      alert: 'ElasticsearchHighIndexingLatency', for: '10m', severity: 'warning', source: APA,
      expr: 'rate(elasticsearch_indices_indexing_index_time_seconds_total[5m]) / rate(elasticsearch_indices_indexing_index_total[5m]) > 0.0005 and rate(elasticsearch_indices_indexing_index_total[5m]) > 0',
      summary: 'Elasticsearch high indexing latency (instance {{ $labels.instance }})',
      description: 'Indexing a document on {{ $labels.name }} takes more than 0.5ms on average.',
    },
    {
      alert: 'ElasticsearchPendingTasks', expr: 'elasticsearch_cluster_health_number_of_pending_tasks > 0', for: '15m', severity: 'warning', source: APA,
      summary: 'Elasticsearch pending tasks (instance {{ $labels.instance }})',
      description: 'Cluster {{ $labels.cluster }} has had pending tasks for 15 minutes; the master may be overloaded.',
    },
  ],
  logs: [
    { name: 'ClusterRed', pipeline: '|~ "from \\\\[(YELLOW|GREEN)\\\\] to \\\\[RED\\\\]"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Elasticsearch cluster health changed to RED' },
    { name: 'OutOfMemory', pipeline: '|~ "OutOfMemoryError|CircuitBreakingException"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Elasticsearch ran out of heap or tripped a circuit breaker' },
    { name: 'ShardFailure', pipeline: '|~ "shard failed|failed to recover|ShardNotFoundException"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'Elasticsearch shards fail' },
    { name: 'DiskWatermark', pipeline: '|~ "high disk watermark|flood stage disk watermark"', severity: 'warning', perMinute: 0.1, window: '10m', for: '5m', summary: 'Elasticsearch passed a disk watermark' },
    { name: 'RejectedExecution', pipeline: '|= "EsRejectedExecutionException"', severity: 'warning', perMinute: 2, window: '5m', for: '5m', summary: 'Elasticsearch rejects requests: thread pools are full' },
  ],
} satisfies TechnologyTemplate;
