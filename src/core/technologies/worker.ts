/**
 * Background workers and batch jobs (types worker, batch). Job counters carry a `status` label
 * (`failed` marks failures); the dashboard generator prefers the metrics the service's SLOs read.
 */
import { counter, gauge, histogram, type TechnologyTemplate } from './types.ts';

export const worker = {
  id: 'worker',
  title: 'Worker',
  exporter: {
    name: 'application instrumentation (Prometheus client library / OpenTelemetry)',
    docs: 'https://prometheus.io/docs/practices/instrumentation/#offline-processing',
  },
  scope: { by: 'namespace' },
  metrics: {
    jobs: counter('jobs_processed_total', 'Jobs finished, by status', ['worker_jobs_processed_total', 'tasks_completed_total', 'background_jobs_total']),
    duration: histogram('job_duration_seconds_bucket', 'Job duration buckets', ['task_duration_seconds_bucket', 'worker_job_duration_seconds_bucket']),
    queued: gauge('jobs_queued', 'Jobs waiting to be picked up', ['job_queue_length', 'queue_depth']),
    in_progress: gauge('jobs_in_progress', 'Jobs being worked on', ['worker_busy']),
    last_success: gauge('job_last_success_timestamp_seconds', 'When a job last succeeded, Unix seconds'),
  },
  panels: [
    {
      title: 'Throughput', kind: 'timeseries', unit: 'ops',
      description: 'Jobs finished per second by status.',
      queries: [{ expr: 'sum by (status) (rate(jobs_processed_total[5m]))', legend: '{{status}}' }],
    },
    {
      title: 'Failure ratio', kind: 'timeseries', unit: 'percentunit', thresholds: [{ color: 'green' }, { color: 'yellow', value: 0.01 }, { color: 'red', value: 0.05 }],
      description: 'Share of jobs that failed.',
      queries: [{ expr: 'sum(rate(jobs_processed_total{status="failed"}[5m])) / sum(rate(jobs_processed_total[5m]))', legend: 'failed' }],
    },
    {
      title: 'Job duration', kind: 'timeseries', unit: 's',
      description: 'p50, p95 and p99 job duration.',
      queries: [
        { expr: 'histogram_quantile(0.5, sum by (le) (rate(job_duration_seconds_bucket[5m])))', legend: 'p50' },
        { expr: 'histogram_quantile(0.95, sum by (le) (rate(job_duration_seconds_bucket[5m])))', legend: 'p95' },
        { expr: 'histogram_quantile(0.99, sum by (le) (rate(job_duration_seconds_bucket[5m])))', legend: 'p99' },
      ],
    },
    {
      title: 'Queue depth', kind: 'timeseries', unit: 'short',
      description: 'Jobs waiting; steady growth means workers cannot keep up.',
      queries: [{ expr: 'sum(jobs_queued)', legend: 'queued' }],
    },
    {
      title: 'Jobs in progress', kind: 'timeseries', unit: 'short',
      description: 'Jobs being worked on per instance.',
      queries: [{ expr: 'sum by (instance) (jobs_in_progress)', legend: '{{instance}}' }],
    },
    {
      title: 'Since last success', kind: 'stat', unit: 's',
      description: 'Time since a job last succeeded.',
      queries: [{ expr: 'time() - max(job_last_success_timestamp_seconds)' }],
    },
  ],
  alerts: [
    {
      alert: 'WorkerHighFailureRatio', for: '10m', severity: 'warning', source: 'nthlayer',
      expr: 'sum(rate(jobs_processed_total{status="failed"}[5m])) / sum(rate(jobs_processed_total[5m])) > 0.05 and sum(rate(jobs_processed_total[5m])) > 0',
      summary: 'More than 5% of jobs fail',
      description: 'The job failure ratio has been above 5% for 10 minutes ({{ $value | humanizePercentage }}).',
    },
    {
      alert: 'WorkerStalled', for: '15m', severity: 'critical', source: 'nthlayer',
      expr: 'sum(rate(jobs_processed_total[10m])) == 0 and sum(jobs_queued) > 0',
      summary: 'Workers finish nothing while jobs wait',
      description: 'No job finished for 15 minutes while {{ $value }} jobs are queued.',
    },
    {
      alert: 'WorkerQueueGrowing', for: '30m', severity: 'warning', source: 'nthlayer',
      expr: 'sum(deriv(jobs_queued[15m])) > 0 and sum(jobs_queued) > 100',
      summary: 'Job queue keeps growing',
      description: 'The queue has grown for 30 minutes and holds more than 100 jobs.',
    },
    {
      alert: 'WorkerSlowJobs', for: '15m', severity: 'warning', source: 'nthlayer',
      expr: 'histogram_quantile(0.95, sum by (le) (rate(job_duration_seconds_bucket[10m]))) > 300',
      summary: 'p95 job duration above 5 minutes',
      description: 'p95 job duration is {{ $value | humanizeDuration }}.',
    },
    {
      alert: 'WorkerNoRecentSuccess', for: '10m', severity: 'warning', source: 'nthlayer',
      expr: 'time() - max(job_last_success_timestamp_seconds) > 86400',
      summary: 'No successful job for a day',
      description: 'The last successful job finished more than 24 hours ago.',
    },
  ],
  logs: [
    { name: 'JobFailures', pipeline: '|~ "(?i)job .*(failed|errored)|task .*failed"', severity: 'warning', perMinute: 2, window: '10m', for: '5m', summary: 'Jobs fail' },
    { name: 'Panics', pipeline: '|~ "panic:|SIGSEGV|Traceback \\\\(most recent call last\\\\)|Exception in thread"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'The worker crashed with a panic or unhandled exception' },
    { name: 'RetriesExhausted', pipeline: '|~ "(?i)(retries exhausted|max retries|moved to dead.?letter|DLQ)"', severity: 'warning', perMinute: 0.1, window: '10m', for: '5m', summary: 'Jobs exhaust their retries' },
    { name: 'OutOfMemory', pipeline: '|~ "OutOfMemoryError|out of memory|Cannot allocate memory"', severity: 'warning', perMinute: 0.2, window: '5m', for: '5m', summary: 'The worker ran out of memory' },
  ],
} satisfies TechnologyTemplate;
