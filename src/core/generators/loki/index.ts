/**
 * `loki-alerts.yaml`: Loki ruler rule groups (the Prometheus rule-file shape with LogQL), one per
 * technology whose logs we watch: the service's own logs by service type, then each dependency
 * technology's logs. Every expression is checked against the LogQL grammar before it is emitted.
 */
import { technologyAlertLabels } from '../labels.ts';
import { FILES, GENERATOR_NAME, GROUPS, dashboardUid, pascalCase } from '../../conventions.ts';
import type { DependencyModel, ServiceModel } from '../../model/types.ts';
import type { TechnologyId } from '../../technologies/ids.ts';
import { TECHNOLOGIES, serviceTechnology } from '../../technologies/registry.ts';
import type { LogPattern } from '../../technologies/types.ts';
import type { AlertingRule, RuleGroup } from '../rules.ts';
import type { Artifact, Generator, GeneratorContext } from '../types.ts';
import { assertLogql, isStreamSelector } from './logql.ts';

/** Escapes a literal for use inside an RE2 regular expression. */
function regexLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function quoteLogql(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The stream selector of the service's own logs: the spec's `logs.selector`, else `{app="<service>"}`. */
export function serviceLogSelector(model: ServiceModel, ctx?: GeneratorContext): string {
  const given = model.observability.logs.selector?.trim();
  if (given) {
    if (isStreamSelector(given)) return given;
    ctx?.report({
      severity: 'warning', code: 'loki/bad-selector',
      message: `\`logs.selector\` is not a LogQL stream selector: ${given}`,
      hint: 'write it like {app="checkout",namespace="prod"}; the default {app="<service>"} is used meanwhile',
    });
  }
  return `{app=${quoteLogql(model.name)}}`;
}

/** Selector plus line filters for a dependency technology's logs. */
export function dependencyLogSource(model: ServiceModel, tech: TechnologyId, deps: readonly DependencyModel[], ctx?: GeneratorContext): string {
  const own = deps.map((d) => d.extra['log_selector'] ?? d.extra['logs_selector']).find((s): s is string => typeof s === 'string');
  if (own) {
    if (isStreamSelector(own)) return own.trim();
    ctx?.report({ severity: 'warning', code: 'loki/bad-selector', message: `\`log_selector\` of a ${tech} dependency is not a LogQL stream selector: ${own}`, hint: 'write it like {app="orders-db"}' });
  }
  const stream = TECHNOLOGIES[tech].logStream;
  if (stream) return stream.mentionsService ? `${stream.selector} |= ${quoteLogql(model.name)}` : stream.selector;
  const names = [...new Set(deps.map((d) => d.name))].sort();
  return names.length === 1 ? `{app=${quoteLogql(names[0]!)}}` : `{app=~${quoteLogql(names.map(regexLiteral).join('|'))}}`;
}

export function logqlExpr(source: string, p: LogPattern): string {
  return `sum(count_over_time(${source} ${p.pipeline} [${p.window}])) > ${p.threshold}`;
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
      description: `{{ $value }} matching log lines in ${p.window} (threshold ${p.threshold}) from ${source}.`,
      ...(model.runbookUrl ? { runbook_url: `${model.runbookUrl}#${name.toLowerCase()}` } : {}),
      dashboard_url: model.dashboardUrl ?? `/d/${dashboardUid(model.name)}`,
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
  for (const tech of model.technologies) {
    const deps = model.dependencies.filter((d) => d.technology === tech);
    const source = dependencyLogSource(model, tech, deps, ctx);
    const where = `${model.name}/${deps.map((d) => d.name).join(',')}`;
    groups.push({
      name: GROUPS.logs(model.name, tech),
      rules: TECHNOLOGIES[tech].logs.map((p) => rule(model, tech, pascalCase(model.name, tech, p.name), source, p, where)),
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
