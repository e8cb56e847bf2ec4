/**
 * The `service.yaml` contract (PRODUCT.md §3) as zod schemas: the one source of truth for
 * validation, for the JSON Schema in `schemas/service.schema.json` and so for editor completion.
 *
 * Objects are strict so unknown keys are reported (as warnings, with a did-you-mean), except
 * where real files carry free-form data (dependency entries, metadata).
 */
import { z } from 'zod';

export const TIERS = ['critical', 'high', 'standard', 'low'] as const;
export const TIER_ALIASES = { 'tier-1': 'critical', 'tier-2': 'standard', 'tier-3': 'low' } as const;
export const SERVICE_TYPES = ['api', 'web', 'worker', 'stream', 'batch', 'database', 'ai-gate'] as const;
export const SERVICE_TYPE_ALIASES = {
  'background-job': 'worker',
  pipeline: 'batch',
  'stream-processor': 'stream',
  service: 'api',
} as const;
export const SUPPORT_MODELS = ['self', 'shared', 'sre', 'business_hours'] as const;
export const RESOURCE_KINDS = ['SLO', 'Dependencies', 'Observability', 'PagerDuty', 'DeploymentGate', 'PolicyRules', 'Alerts'] as const;
export const INDICATOR_TYPES = ['availability', 'latency', 'error_rate', 'custom', 'throughput', 'freshness', 'correctness'] as const;
export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export const BURN_TIERS = ['page_fast', 'page_slow', 'ticket_fast', 'ticket_slow'] as const;

/** Prometheus duration: `30d`, `1h30m`, `5m`, `500ms`. */
const DURATION_RE = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
export const SERVICE_NAME_RE = /^[a-z][a-z0-9-]*$/;
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const duration = (description: string) =>
  z.string().regex(DURATION_RE, { message: 'must be a Prometheus duration such as 30d, 6h, 5m or 1h30m' }).describe(description);

const labelMap = (description: string) =>
  z.record(z.string().regex(LABEL_NAME_RE, { message: 'label names must match [a-zA-Z_][a-zA-Z0-9_]*' }), z.string()).describe(description);

const promql = (description: string) => z.string().min(1).describe(description);

// ---------------------------------------------------------------------------------------------
// service:
// ---------------------------------------------------------------------------------------------

const ServicePagerDutySchema = z
  .strictObject({
    timezone: z.string().describe('IANA time zone for on-call schedules, e.g. Europe/London. Default America/New_York.').optional(),
    service_id: z.string().describe('Existing PagerDuty service ID to reuse instead of creating one.').optional(),
    escalation_policy: z.string().describe('Name of an existing escalation policy to use.').optional(),
    sre_escalation_policy_id: z
      .string()
      .describe('PagerDuty escalation policy ID of the SRE team; alerts labelled routing="sre" go there.')
      .optional(),
    schedule: z.string().describe('Name of an existing on-call schedule.').optional(),
    urgency: z.enum(['high', 'low']).describe('Default incident urgency.').optional(),
  })
  .describe('Service-wide PagerDuty settings.');

export const ServiceBlockSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SERVICE_NAME_RE, { message: 'must be lowercase letters, digits and dashes, starting with a letter' })
      .describe('Service name, lowercase with dashes (e.g. payment-api). Every rule, dashboard and alert is labelled with it.'),
    team: z.string().min(1).describe('Owning team; becomes the `team` label on every alert and the PagerDuty team name.'),
    tier: z
      .enum([...TIERS, ...(Object.keys(TIER_ALIASES) as (keyof typeof TIER_ALIASES)[])])
      .describe(
        'Criticality tier: critical, high, standard or low (tier-1/2/3 are accepted aliases). Drives alert severity, escalation and deploy-gate defaults.',
      ),
    type: z
      .enum([...SERVICE_TYPES, ...(Object.keys(SERVICE_TYPE_ALIASES) as (keyof typeof SERVICE_TYPE_ALIASES)[])])
      .describe(
        'Service type: api, web, worker, stream, batch, database or ai-gate (background-job, pipeline and stream-processor are aliases). Chooses the service-health dashboard and default SLI metrics.',
      ),
    support_model: z
      .enum(SUPPORT_MODELS)
      .describe(
        'Who is on call: self (the team, default), shared (team by day, SRE off-hours), sre, or business_hours. Sets the `routing` label on alerts.',
      )
      .optional(),
    language: z.string().describe('Main implementation language (informational).').optional(),
    framework: z.string().describe('Main framework (informational).').optional(),
    template: z
      .string()
      .describe(
        'Built-in template to start from: critical-api, standard-api, low-api, background-job or pipeline. Your resources with the same kind and name replace the template ones.',
      )
      .optional(),
    description: z.string().describe('One-line description shown on dashboards and in PagerDuty.').optional(),
    owner: z.string().describe('Owning contact, e.g. an email address (informational).').optional(),
    runbook_url: z.string().describe('Runbook URL linked from every alert and dashboard.').optional(),
    dashboard_url: z
      .string()
      .describe('Base URL of the Grafana dashboard linked from alerts (default: a relative /d/<uid> link).')
      .optional(),
    slack_channel: z.string().describe('Slack channel of the team, e.g. #payments-oncall.').optional(),
    email: z.string().describe('Team email address.').optional(),
    labels: labelMap('Extra labels added to every generated series and alert (e.g. domain: commerce).').optional(),
    metadata: z
      .record(z.string(), z.unknown())
      .describe('Free-form metadata (compliance, cost centre, …); copied into manifest.json.')
      .optional(),
    pagerduty: ServicePagerDutySchema.optional(),
  })
  .describe('Who owns the service and how critical it is.');

// ---------------------------------------------------------------------------------------------
// kind: SLO
// ---------------------------------------------------------------------------------------------

const EventQueriesSchema = z
  .strictObject({
    total_query: promql(
      'PromQL for all events, e.g. sum(rate(http_requests_total{service="x"}[5m])). The [5m] range is rewritten to each alert window.',
    ).optional(),
    good_query: promql('PromQL for good events (same shape as total_query).').optional(),
    error_query: promql('PromQL for bad events (same shape as total_query). Give good_query or error_query, not both.').optional(),
  })
  .describe('An SLI as two event counts: good (or bad) over total.');

const IndicatorSchema = z
  .strictObject({
    type: z
      .enum(INDICATOR_TYPES)
      .describe('What the SLI measures: availability, latency, error_rate, custom, throughput, freshness or correctness.')
      .optional(),
    query: promql(
      'PromQL of the SLI. A ratio of good over total rates (sum(rate(good[5m])) / sum(rate(total[5m]))), or for latency a histogram_quantile(...) over the histogram whose buckets are used.',
    ).optional(),
    percentile: z
      .union([z.number(), z.string()])
      .describe('Latency percentile the threshold applies to (95, 99 or "p99"); informational for bucket-based SLIs.')
      .optional(),
    threshold_ms: z
      .number()
      .positive()
      .describe('Latency threshold in milliseconds: a request is good when it completes within it. Must match a histogram bucket boundary.')
      .optional(),
    threshold: z
      .number()
      .describe('Threshold for a gauge SLI (custom type with metric): a minute is good when the metric is at or below it.')
      .optional(),
    metric: promql('PromQL gauge for a threshold SLI, e.g. max(kafka_consumer_lag_seconds{topic="orders"}).').optional(),
    histogram: z
      .string()
      .describe('Histogram base metric name for a latency SLI (e.g. http_request_duration_seconds) when there is no query.')
      .optional(),
    selector: z
      .string()
      .describe('Label matchers for the default metrics, e.g. {job="checkout"}. Defaults to {service="<name>"}.')
      .optional(),
    success_ratio: EventQueriesSchema.optional(),
    success_rate: EventQueriesSchema.optional(),
    latency_query: promql(
      'Latency PromQL, usually histogram_quantile(0.95, rate(<histogram>_bucket{...}[5m])); its histogram and labels define the SLI with threshold_ms.',
    ).optional(),
    total_query: promql('PromQL for all events (flat form of success_ratio.total_query).').optional(),
    good_query: promql('PromQL for good events (flat form).').optional(),
    error_query: promql('PromQL for bad events (flat form).').optional(),
    ratio_query: promql(
      'PromQL returning an error ratio 0..1 directly (raw SLI); keep the [5m] range so windows can be rewritten.',
    ).optional(),
    buckets: z
      .array(z.number().positive())
      .min(1)
      .describe(
        "Bucket boundaries (le, in seconds) of the latency histogram, when they are not a Prometheus client library's defaults. threshold_ms must be one of them.",
      )
      .optional(),
    native_histogram: z
      .boolean()
      .describe(
        'The latency histogram is a Prometheus native histogram: good events are counted with histogram_fraction(0, threshold, …), so any threshold works without a bucket boundary.',
      )
      .optional(),
  })
  .describe(
    'How the SLI is measured. Give a query, a success_ratio/success_rate pair, a latency_query with threshold_ms, or a metric with threshold.',
  );

const BurnTierSchema = z
  .strictObject({
    enabled: z.boolean().describe('Set false to drop this burn-rate tier.').optional(),
    for: duration('How long the condition must hold before the alert fires (Prometheus `for`).').optional(),
    severity: z.string().min(1).describe('Severity label (default: critical for page tiers, warning for ticket tiers).').optional(),
    labels: labelMap("Extra labels on this tier's alert.").optional(),
  })
  .describe('Overrides for one burn-rate alert tier.');

const NoDataAlertSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe("Set false to drop the no-data alert (on by default, like Pyrra's SLOMetricAbsent and OpenSLO's alertWhenNoData).")
      .optional(),
    for: duration(
      'How long the SLI may be missing before the alert fires (default: the time the fastest page tier needs to fire on a 100% outage).',
    ).optional(),
    severity: z.string().min(1).describe("Severity label (default: the page tier's, critical).").optional(),
    labels: labelMap('Extra labels on the no-data alert.').optional(),
  })
  .describe("The alert that fires when the SLI's metrics disappear: no data is an alert, never a silence.");

const SloAlertingSchema = z
  .strictObject({
    enabled: z.boolean().describe('Set false to generate no burn-rate alerts for this SLO.').optional(),
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'alert names must match [A-Za-z_][A-Za-z0-9_]*' })
      .describe('Alert name prefix (default: PascalCase of service and SLO, e.g. PaymentApiAvailability).')
      .optional(),
    labels: labelMap('Extra labels on every alert of this SLO.').optional(),
    annotations: z.record(z.string(), z.string()).describe('Extra annotations on every alert of this SLO.').optional(),
    page_fast: BurnTierSchema.describe('Page tier 1: 2% of the budget in 1h (14.4× over 1h and 5m for 30d).').optional(),
    page_slow: BurnTierSchema.describe('Page tier 2: 5% of the budget in 6h (6× over 6h and 30m for 30d).').optional(),
    ticket_fast: BurnTierSchema.describe('Ticket tier 1: 10% of the budget in 1d (3× over 1d and 2h for 30d).').optional(),
    ticket_slow: BurnTierSchema.describe('Ticket tier 2: 10% of the budget in 3d (1× over 3d and 6h for 30d).').optional(),
    no_data: NoDataAlertSchema.optional(),
    min_events: z
      .number()
      .int()
      .positive()
      .describe(
        'Low-traffic guard: a burn-rate tier fires only when its long window saw at least this many events (requests), so a handful of failed requests at night cannot page. Event SLIs only.',
      )
      .optional(),
  })
  .describe('Burn-rate alerting for this SLO (SRE Workbook multi-window, multi-burn-rate).');

const SloSpecSchema = z
  .strictObject({
    objective: z.number().describe('Target as a percentage strictly between 0 and 100, e.g. 99.9.').optional(),
    target: z.number().describe('Alias of objective.').optional(),
    window: duration('Rolling SLO window (default 30d). Alert factors scale with it.').optional(),
    description: z.string().describe('What this SLO promises, in one sentence.').optional(),
    threshold_ms: z.number().positive().describe('Latency threshold in ms (spec-level form used by environment overrides).').optional(),
    latency_threshold: z.number().positive().describe('Legacy alias of threshold_ms.').optional(),
    labels: labelMap("Extra labels on this SLO's series and alerts.").optional(),
    indicator: IndicatorSchema.optional(),
    indicators: z.array(IndicatorSchema).min(1).describe('List form of the indicator (the first entry is used).').optional(),
    alerting: SloAlertingSchema.optional(),
  })
  .describe('A service level objective.');

// ---------------------------------------------------------------------------------------------
// kind: Dependencies
// ---------------------------------------------------------------------------------------------

const DependencySchema = z
  .looseObject({
    name: z.string().describe('Name of the dependency (a service, database instance, queue …).').optional(),
    type: z
      .string()
      .describe(
        'Technology, e.g. postgresql, mysql, redis, kafka, rabbitmq, elasticsearch, nginx. Selects the dashboard row, alert pack and log rules.',
      )
      .optional(),
    criticality: z
      .enum(CRITICALITIES)
      .describe('How much this service suffers when the dependency fails: critical, high, medium or low.')
      .optional(),
    sla: z.number().describe('Published availability of the dependency in percent; used for the SLO ceiling check.').optional(),
    version: z.union([z.string(), z.number()]).describe('Version (informational).').optional(),
    selector: z
      .string()
      .describe(
        'Label matchers that pick this dependency\'s own series, e.g. {instance=~"ledger-db:9187"} or {job="ledger-db"}. Every alert rule and dashboard panel of the dependency uses them. Default: derived from the name (see README, "Dependency scope").',
      )
      .optional(),
    log_selector: z
      .string()
      .describe('LogQL stream selector of this dependency\'s logs, e.g. {app="ledger-db"}. Default {app="<name>"}.')
      .optional(),
    namespace: z
      .string()
      .describe('Kubernetes namespace of the service (orchestration: kubernetes); scopes the Kubernetes alerts. Default: the service name.')
      .optional(),
    brokers: z
      .number()
      .int()
      .positive()
      .describe('Kafka: the number of brokers the cluster should have; KafkaBrokerLost fires while fewer are up.')
      .optional(),
  })
  .describe('One dependency. Extra fields are kept as metadata.');

const dependencyList = (description: string) => z.array(DependencySchema).describe(description).optional();

const DependenciesSpecSchema = z
  .strictObject({
    services: dependencyList('Other services this one calls.'),
    databases: dependencyList('Databases (postgresql, mysql, mongodb, elasticsearch, redis …).'),
    caches: dependencyList('Caches (redis, memcached).'),
    queues: dependencyList('Queues and streams (kafka, rabbitmq, nats, pulsar).'),
    message_queues: dependencyList('Alias of queues.'),
    external_apis: dependencyList('Third-party APIs.'),
    external_services: dependencyList('Third-party services (email, SMS …).'),
    orchestration: dependencyList('Where the service runs (kubernetes, ecs …).'),
    infrastructure: dependencyList('Proxies, load balancers, service discovery (nginx, haproxy, traefik, consul, etcd).'),
    upstream: dependencyList('Services that call this one.'),
    downstream: dependencyList('Services this one calls (alias of services for blast radius).'),
  })
  .describe('What the service depends on.');

// ---------------------------------------------------------------------------------------------
// kind: Observability
// ---------------------------------------------------------------------------------------------

const ObservabilitySpecSchema = z
  .strictObject({
    metrics: z
      .union([
        z.array(z.string()).describe('Metric names the service exposes; verify checks them.'),
        z
          .record(z.string(), z.union([z.string(), z.number()]))
          .describe('Dashboard intent → metric name overrides (e.g. postgresql.connections: my_pg_connections), plus endpoint and port.'),
      ])
      .describe('Either a list of metric names the service exposes, or a map of dashboard intent overrides.')
      .optional(),
    health: z.record(z.string(), z.unknown()).describe('Health check endpoint and port (informational).').optional(),
    logs: z
      .strictObject({
        format: z
          .string()
          .describe('Log format, json or logfmt (informational: the Loki rules match lines with line filters, which work for any format).')
          .optional(),
        level: z.string().describe('Minimum log level (informational).').optional(),
        selector: z
          .string()
          .describe('LogQL stream selector for the service, e.g. {app="payment-api"}. Default {app="<name>"}.')
          .optional(),
      })
      .describe('Log shipping settings used by the Loki rules.')
      .optional(),
    scrape_interval: duration(
      'Prometheus scrape interval of the service (default 30s); lint flags ranges shorter than 4 intervals.',
    ).optional(),
    selector: z
      .string()
      .describe('Label matchers identifying the service in Prometheus, e.g. {job="payment-api"}. Default {service="<name>"}.')
      .optional(),
    labels: labelMap('Extra labels added to every generated series and alert, like service.labels (which wins on a clash).').optional(),
  })
  .describe('How the service is observed.');

// ---------------------------------------------------------------------------------------------
// kind: PagerDuty
// ---------------------------------------------------------------------------------------------

const PagerDutySpecSchema = z
  .strictObject({
    escalation_policy: z.string().describe('Escalation policy name to use or create.').optional(),
    urgency: z.enum(['high', 'low']).describe('Incident urgency: high pages, low creates a quiet incident.').optional(),
    auto_create: z.boolean().describe('Create the PagerDuty resources when they do not exist.').optional(),
    integration_key: z.string().describe('Events API v2 integration key of the team service; turns on alertmanager.yaml.').optional(),
    sre_integration_key: z.string().describe('Integration key of the SRE service for routing="sre" alerts.').optional(),
    service_key: z.string().describe('Legacy integration key name (informational).').optional(),
    service_id: z.string().describe('Existing PagerDuty service ID.').optional(),
    schedule: z.string().describe('Existing schedule name.').optional(),
    auto_resolve_timeout: z
      .union([z.number(), z.string()])
      .describe('Seconds (or a duration) after which an open incident resolves itself.')
      .optional(),
    auto_resolve: z.boolean().describe('Resolve incidents automatically when the alert clears.').optional(),
    acknowledgement_timeout: z
      .union([z.number(), z.string()])
      .describe('Seconds (or a duration) before an acknowledged incident re-triggers.')
      .optional(),
    escalation_delays: z
      .array(z.number().positive())
      .describe('Minutes before each escalation level (overrides the tier default, e.g. [5, 15, 30]).')
      .optional(),
  })
  .describe('PagerDuty on-call for the service.');

// ---------------------------------------------------------------------------------------------
// kind: DeploymentGate
// ---------------------------------------------------------------------------------------------

const GateConditionSchema = z
  .strictObject({
    name: z.string().describe('Name of the condition, shown in the gate decision.'),
    when: z
      .string()
      .describe(
        'Condition, e.g. "hour >= 9 AND hour <= 17 AND weekday". Variables: hour, weekday, budget_remaining, burn_rate, tier, env …',
      ),
    blocking: z.number().nullable().describe('Blocking threshold (% budget remaining) while the condition holds.').optional(),
    warning: z.number().describe('Warning threshold (% budget remaining) while the condition holds.').optional(),
  })
  .describe('A condition that changes the thresholds; the first that matches wins.');

const DeploymentGateSpecSchema = z
  .strictObject({
    thresholds: z
      .strictObject({
        warning: z.number().min(0).max(100).describe('Warn when less than this % of the error budget remains.').optional(),
        blocking: z
          .number()
          .min(0)
          .max(100)
          .nullable()
          .describe('Block when less than this % of the error budget remains; null makes the gate advisory.')
          .optional(),
      })
      .describe('Budget-remaining thresholds in percent.')
      .optional(),
    conditions: z.array(GateConditionSchema).describe('Conditions evaluated in order.').optional(),
    exceptions: z
      .array(
        z.strictObject({
          team: z.string().describe('Team allowed to bypass the gate.'),
          allow: z.enum(['always', 'warning']).describe('always: approve regardless; warning: downgrade a block to a warning.'),
        }),
      )
      .describe('Teams that may bypass the gate.')
      .optional(),
    on_exhausted: z
      .array(z.enum(['freeze_deploys', 'require_approval', 'notify']))
      .describe(
        'What happens when the budget is exhausted: freeze_deploys blocks every deploy, require_approval turns the decision into a warning, notify adds a budget-exhausted warning alert per SLO.',
      )
      .optional(),
    on_no_data: z
      .enum(['block', 'allow'])
      .describe(
        'When an SLO has no data the gate cannot judge: block the deploy (default, fail closed) or allow it with a warning (fail open).',
      )
      .optional(),
  })
  .describe('Error-budget deploy gate.');

// ---------------------------------------------------------------------------------------------
// kind: PolicyRules
// ---------------------------------------------------------------------------------------------

const PolicyRuleSchema = z
  .strictObject({
    name: z.string().describe('Rule name.'),
    type: z.enum(['required_fields', 'tier_constraint', 'dependency_rule']).describe('Rule type.'),
    severity: z.enum(['error', 'warning']).describe('error fails validate; warning only reports.').optional(),
    description: z.string().describe('Why the rule exists.').optional(),
    params: z.record(z.string(), z.unknown()).describe('Rule parameters (fields, tier, min_slos, require_deployment_gates …).').optional(),
  })
  .describe('One policy rule.');

const PolicyRulesSpecSchema = z
  .strictObject({
    rules: z.array(PolicyRuleSchema).describe('Policy rules evaluated by validate.'),
  })
  .describe('Organisation policies this spec must follow.');

// ---------------------------------------------------------------------------------------------
// kind: Alerts
// ---------------------------------------------------------------------------------------------

const AlertsSpecSchema = z
  .strictObject({
    channels: z
      .record(z.string(), z.string())
      .describe(
        'Not generated (a warning says so): NthLayer routes alerts through the PagerDuty resource; configure other receivers in Alertmanager.',
      )
      .optional(),
    auto_rules: z.boolean().describe("Add the tier's default budget alert rules.").optional(),
    for_duration: z
      .strictObject({
        page: duration('`for` of page (critical) alerts.').optional(),
        ticket: duration('`for` of ticket (warning) alerts.').optional(),
      })
      .describe('Default `for` of generated alerts.')
      .optional(),
    rules: z
      .array(
        z.strictObject({
          name: z.string().describe('Rule name.'),
          type: z
            .enum(['budget_threshold', 'burn_rate', 'budget_exhaustion'])
            .describe('budget_threshold: fraction consumed; burn_rate: multiple of the sustainable rate; budget_exhaustion: hours left.'),
          slo: z.string().describe('SLO name or * for all.').optional(),
          threshold: z.number().describe('Threshold in the unit of the type.'),
          severity: z.enum(['info', 'warning', 'critical']).describe('Alert severity.').optional(),
          enabled: z.boolean().describe('Set false to disable.').optional(),
        }),
      )
      .describe('Error-budget alert rules.')
      .optional(),
  })
  .describe('Error-budget alert settings.');

// ---------------------------------------------------------------------------------------------
// resources: and the whole file
// ---------------------------------------------------------------------------------------------

const resource = <K extends (typeof RESOURCE_KINDS)[number], S extends z.ZodType>(kind: K, spec: S, description: string) =>
  z
    .strictObject({
      kind: z.literal(kind).describe(`${kind}: ${description}`),
      name: z.string().min(1).describe('Resource name, unique in the file (e.g. availability).'),
      spec,
    })
    .describe(description);

export const RESOURCE_SCHEMAS = {
  SLO: resource('SLO', SloSpecSchema, 'A service level objective and its burn-rate alerts.'),
  Dependencies: resource('Dependencies', DependenciesSpecSchema, 'Databases, caches, queues and services this one depends on.'),
  Observability: resource('Observability', ObservabilitySpecSchema, 'Metrics, logs and dashboard overrides.'),
  PagerDuty: resource('PagerDuty', PagerDutySpecSchema, 'On-call and incident settings.'),
  DeploymentGate: resource('DeploymentGate', DeploymentGateSpecSchema, 'Error-budget deploy gate.'),
  PolicyRules: resource('PolicyRules', PolicyRulesSpecSchema, 'Policies the spec must follow.'),
  Alerts: resource('Alerts', AlertsSpecSchema, 'Error-budget alert rules and channels.'),
} as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

const ResourceSchema = z.discriminatedUnion('kind', [
  RESOURCE_SCHEMAS.SLO,
  RESOURCE_SCHEMAS.Dependencies,
  RESOURCE_SCHEMAS.Observability,
  RESOURCE_SCHEMAS.PagerDuty,
  RESOURCE_SCHEMAS.DeploymentGate,
  RESOURCE_SCHEMAS.PolicyRules,
  RESOURCE_SCHEMAS.Alerts,
]);

const ServiceSpecSchema = z
  .strictObject({
    apiVersion: z.string().describe('Optional, e.g. nthlayer.dev/v1 (ignored).').optional(),
    kind: z.string().describe('Optional, e.g. Service (ignored).').optional(),
    service: ServiceBlockSchema,
    resources: z.array(ResourceSchema).describe('SLOs, dependencies, on-call and policies of the service.').optional(),
  })
  .describe('NthLayer service spec: one file per service, turned into rules, alerts, dashboards and on-call config.');

/** An environment override file (`environments/<env>.yaml` or `environments/<service>-<env>.yaml`). */
export const EnvironmentOverrideSchema = z
  .strictObject({
    environment: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, { message: 'must be lowercase letters, digits and dashes' })
      .describe('Environment name this file applies to, e.g. dev, staging, prod.'),
    service: ServiceBlockSchema.partial().describe('Service fields to override (deep-merged).').optional(),
    resources: z
      .array(
        z.strictObject({
          kind: z.enum(RESOURCE_KINDS).describe('Kind of the resource to override or add.'),
          name: z.string().min(1).describe('Name of the resource to override or add.'),
          spec: z.record(z.string(), z.unknown()).describe('Fields to deep-merge into the resource spec.').optional(),
        }),
      )
      .describe('Resources to override (matched by kind and name) or add.')
      .optional(),
    metadata: z.record(z.string(), z.unknown()).describe('Free-form metadata.').optional(),
  })
  .describe('NthLayer environment overrides, deep-merged into a service spec by (kind, name).');

export type ServiceSpec = z.output<typeof ServiceSpecSchema>;
export type ServiceBlock = z.output<typeof ServiceBlockSchema>;
export type SloSpec = z.output<typeof SloSpecSchema>;
export type IndicatorSpec = z.output<typeof IndicatorSchema>;
export type EventQueriesSpec = z.output<typeof EventQueriesSchema>;
export type DependencySpec = z.output<typeof DependencySchema>;
export type DependenciesSpec = z.output<typeof DependenciesSpecSchema>;
export type ObservabilitySpec = z.output<typeof ObservabilitySpecSchema>;
export type PagerDutySpec = z.output<typeof PagerDutySpecSchema>;
export type DeploymentGateSpec = z.output<typeof DeploymentGateSpecSchema>;
export type PolicyRulesSpec = z.output<typeof PolicyRulesSpecSchema>;
export type AlertsSpec = z.output<typeof AlertsSpecSchema>;
export type BurnTierSpec = z.output<typeof BurnTierSchema>;
export type SloAlertingSpec = z.output<typeof SloAlertingSchema>;
export type ResourceSpec = z.output<typeof ResourceSchema>;
export type EnvironmentOverride = z.output<typeof EnvironmentOverrideSchema>;

/** The JSON Schema for editors (VS Code YAML, monaco-yaml). */
export function serviceJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ServiceSpecSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://nthlayer.dev/schemas/service.schema.json',
    title: 'NthLayer service spec',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
