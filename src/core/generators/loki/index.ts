/**
 * `loki-alerts.yaml`: Loki ruler rule groups (the Prometheus rule-file shape with LogQL), one per
 * technology whose logs we watch: the service's own logs by service type, then each dependency
 * technology's logs. Every expression is checked against the LogQL grammar before it is emitted.
 */
import { technologyAlertLabels } from '../labels.ts';
import { FILES, GENERATOR_NAME, GROUPS, LABELS, dashboardLink, pascalCase } from '../../conventions.ts';
import { formatNumber } from '../../units.ts';
import type { DependencyModel, ServiceModel } from '../../model/types.ts';
import type { TechnologyId } from '../../technologies/ids.ts';
import { TECHNOLOGIES, serviceTechnology } from '../../technologies/registry.ts';
import type { LogPattern } from '../../technologies/types.ts';
import type { AlertingRule, RuleGroup } from '../rules.ts';
import type { Artifact, Generator, GeneratorContext } from '../types.ts';
import { assertLogql, isStreamSelector } from './logql.ts';

function quoteLogql(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The stream selector of the service's own logs: the spec's `logs.selector`, else `{app="<service>"}`. */
function serviceLogSelector(model: ServiceModel, ctx?: GeneratorContext): string {
  const given = model.observability.logs.selector?.trim();
  if (given) {
    if (isStreamSelector(given)) return given;
    ctx?.report({
      severity: 'warning',
      code: 'loki/bad-selector',
      message: `\`logs.selector\` is not a LogQL stream selector: ${given}`,
      hint: 'write it like {app="checkout",namespace="prod"}; the default {app="<service>"} is used meanwhile',
    });
  }
  return `{app=${quoteLogql(model.name)}}`;
}

/**
 * Selector plus line filters of one dependency's logs: its `log_selector`, else the technology's
 * shared stream (cluster-level technologies) filtered to lines that mention the service, else
 * `{app="<dependency name>"}`.
 */
function dependencyLogSource(model: ServiceModel, dep: DependencyModel, ctx?: GeneratorContext): string {
  const own = dep.logSelector ?? [dep.extra['logs_selector']].find((s): s is string => typeof s === 'string');
  if (own !== undefined) {
    if (isStreamSelector(own)) return own.trim();
    ctx?.report({
      severity: 'warning',
      code: 'loki/bad-selector',
      message: `\`log_selector\` of ${dep.name} is not a LogQL stream selector: ${own}`,
      hint: 'write it like {app="orders-db"}',
    });
  }
  const stream = dep.technology ? TECHNOLOGIES[dep.technology].logStream : undefined;
  if (stream) return stream.mentionsService ? `${stream.selector} |= ${quoteLogql(model.name)}` : stream.selector;
  return `{app=${quoteLogql(dep.name)}}`;
}

/** More than `perMinute` matching lines a minute, averaged over the window. */
export function logqlExpr(source: string, p: LogPattern): string {
  return `sum(rate(${source} ${p.pipeline} [${p.window}])) * 60 > ${formatNumber(p.perMinute)}`;
}

function rule(model: ServiceModel, tech: TechnologyId, name: string, source: string, p: LogPattern, where: string): AlertingRule {
  const expr = logqlExpr(source, p);
  assertLogql(expr);
  // A low-tier service never pages on a log line: its critical patterns become warnings.
  const severity = model.tier === 'low' && p.severity === 'critical' ? 'warning' : p.severity;
  return {
    alert: name,
    expr,
    ...(p.for !== '0m' ? { for: p.for } : {}),
    labels: technologyAlertLabels(model, tech, severity),
    annotations: {
      summary: `[${where}] ${p.summary}`,
      description: `{{ $value | printf "%.1f" }} matching log lines a minute over ${p.window} (threshold ${formatNumber(p.perMinute)}) from ${source}.`,
      ...(model.runbookUrl ? { runbook_url: `${model.runbookUrl}#${name.toLowerCase()}` } : {}),
      dashboard_url: dashboardLink(model),
    },
  };
}

export function lokiRuleGroups(model: ServiceModel, ctx?: GeneratorContext): RuleGroup[] {
  const groups: RuleGroup[] = [];
  const own = serviceTechnology(model.type);
  const serviceSource = serviceLogSelector(model, ctx);
  groups.push({
    name: GROUPS.logs(model.name, own),
    rules: TECHNOLOGIES[own].logs.map((p) => rule(model, own, pascalCase(model.name, 'logs', p.name), serviceSource, p, model.name)),
  });
  for (const dep of model.dependencies) {
    if (!dep.technology) continue;
    const tech = dep.technology;
    const source = dependencyLogSource(model, dep, ctx);
    const name = GROUPS.dependencyLogs(model.name, tech, dep.name.replace(/[^A-Za-z0-9_-]+/g, '_'));
    groups.push({
      name: groups.some((g) => g.name === name) ? `${name}-${groups.length}` : name,
      rules: TECHNOLOGIES[tech].logs.map((p) => {
        const r = rule(model, tech, pascalCase(model.name, tech, p.name), source, p, `${model.name}/${dep.name}`);
        return { ...r, labels: { ...r.labels, [LABELS.dependency]: dep.name } };
      }),
    });
  }
  return groups;
}

export const lokiGenerator: Generator = {
  id: 'loki',
  generate(model, ctx): Artifact {
    const groups = lokiRuleGroups(model, ctx);
    return {
      file: FILES.loki,
      format: 'yaml',
      data: { groups },
      header: [
        `Loki ruler alerting rules for ${model.name}, generated by ${GENERATOR_NAME} from its service spec. Do not edit.`,
        'Load with the Loki ruler (ruler.storage) or `lokitool rules sync`; expressions are LogQL.',
      ],
      counts: { logRules: groups.reduce((n, g) => n + g.rules.length, 0), logGroups: groups.length },
    };
  },
};
