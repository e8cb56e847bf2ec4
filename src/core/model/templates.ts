/**
 * The five built-in service templates of the original NthLayer (`service.template`). They are
 * YAML so they go through the same parser and validation as a user's file.
 */
export const BUILTIN_TEMPLATES: Record<string, { description: string; yaml: string }> = {
  'critical-api': {
    description: 'High-traffic API with 99.9% availability SLO and critical PagerDuty escalation',
    yaml: `resources:
  - kind: SLO
    name: availability
    spec:
      objective: 99.9
      window: 30d
      indicator:
        type: availability
        query: |
          sum(rate(http_requests_total{service="\${service}",code!~"5.."}[5m]))
          /
          sum(rate(http_requests_total{service="\${service}"}[5m]))
  - kind: SLO
    name: latency-p95
    spec:
      objective: 99.0
      window: 30d
      indicator:
        type: latency
        percentile: 95
        threshold_ms: 500
        query: |
          histogram_quantile(0.95,
            rate(http_request_duration_seconds_bucket{service="\${service}"}[5m])
          )
  - kind: PagerDuty
    name: primary
    spec:
      urgency: high
      auto_create: true
`,
  },
  'standard-api': {
    description: 'Standard API with 99.5% availability SLO and low-urgency PagerDuty',
    yaml: `resources:
  - kind: SLO
    name: availability
    spec:
      objective: 99.5
      window: 30d
      indicator:
        type: availability
        query: |
          sum(rate(http_requests_total{service="\${service}",code!~"5.."}[5m]))
          /
          sum(rate(http_requests_total{service="\${service}"}[5m]))
  - kind: SLO
    name: latency-p95
    spec:
      objective: 95.0
      window: 30d
      indicator:
        type: latency
        percentile: 95
        threshold_ms: 1000
        query: |
          histogram_quantile(0.95,
            rate(http_request_duration_seconds_bucket{service="\${service}"}[5m])
          )
  - kind: PagerDuty
    name: primary
    spec:
      urgency: low
      auto_create: true
`,
  },
  'low-api': {
    description: 'Low-tier API with 99% availability SLO and no paging',
    yaml: `resources:
  - kind: SLO
    name: availability
    spec:
      objective: 99.0
      window: 30d
      indicator:
        type: availability
        query: |
          sum(rate(http_requests_total{service="\${service}",code!~"5.."}[5m]))
          /
          sum(rate(http_requests_total{service="\${service}"}[5m]))
  - kind: SLO
    name: latency-p95
    spec:
      objective: 90.0
      window: 30d
      indicator:
        type: latency
        percentile: 95
        threshold_ms: 2000
        query: |
          histogram_quantile(0.95,
            rate(http_request_duration_seconds_bucket{service="\${service}"}[5m])
          )
`,
  },
  'background-job': {
    description: 'Background worker with job success and processing-latency SLOs',
    yaml: `resources:
  - kind: SLO
    name: success-rate
    spec:
      objective: 99.0
      window: 30d
      indicator:
        type: availability
        query: |
          sum(rate(job_success_total{service="\${service}"}[5m]))
          /
          sum(rate(job_total{service="\${service}"}[5m]))
  - kind: SLO
    name: processing-latency-p95
    spec:
      objective: 95.0
      window: 30d
      indicator:
        type: latency
        percentile: 95
        threshold_ms: 60000
        # Job durations need their own buckets; 60 s must be one of them.
        buckets: [1, 5, 10, 30, 60, 120, 300, 600]
        query: |
          histogram_quantile(0.95,
            rate(job_duration_seconds_bucket{service="\${service}"}[5m])
          )
  - kind: PagerDuty
    name: primary
    spec:
      urgency: low
      auto_create: true
`,
  },
  pipeline: {
    description: 'Data pipeline with run success and freshness SLOs',
    yaml: `resources:
  - kind: SLO
    name: success-rate
    spec:
      objective: 95.0
      window: 30d
      indicator:
        type: availability
        query: |
          sum(rate(pipeline_success_total{service="\${service}"}[5m]))
          /
          sum(rate(pipeline_runs_total{service="\${service}"}[5m]))
  - kind: SLO
    name: freshness-p95
    spec:
      objective: 95.0
      window: 30d
      indicator:
        type: latency
        percentile: 95
        threshold_ms: 21600000
        # Pipeline durations need their own buckets; 6 h must be one of them.
        buckets: [60, 300, 900, 1800, 3600, 7200, 21600, 43200, 86400]
        query: |
          histogram_quantile(0.95,
            rate(pipeline_duration_seconds_bucket{service="\${service}"}[5m])
          )
`,
  },
};
