import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FILES, GROUPS, LABELS } from '../../conventions.ts';
import { compile } from '../../index.ts';
import type { ServiceModel } from '../../model/types.ts';
import { parseDuration } from '../../units.ts';
import { everyTechnologySpec } from '../../technologies/fixtures.ts';
import { TECHNOLOGIES } from '../../technologies/registry.ts';
import { logqlExpr, lokiRuleGroups } from './index.ts';
import { isStreamSelector, parseLogql } from './logql.ts';

const duration = z.string().refine((s) => parseDuration(s) !== undefined, 'not a Prometheus duration');
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/);

/** The Loki ruler's rule-file format (Prometheus-compatible groups; LogQL expressions). */
const LokiRuleFile = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        interval: duration.optional(),
        limit: z.number().int().optional(),
        rules: z
          .array(
            z.strictObject({
              alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
              expr: z.string().min(1),
              for: duration.optional(),
              labels: z.record(labelName, z.string()).optional(),
              annotations: z.record(labelName, z.string()).optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

function compiled(text: string, file: string) {
  const r = compile({ file, text });
  if (!r.bundle || !r.model) throw new Error(JSON.stringify(r.diagnostics));
  return r as typeof r & { model: ServiceModel; bundle: NonNullable<typeof r.bundle> };
}

function checkFile(content: string): void {
  const data = LokiRuleFile.parse(parse(content));
  const groupNames = data.groups.map((g) => g.name);
  expect(new Set(groupNames).size).toBe(groupNames.length);
  for (const g of data.groups) {
    const names = g.rules.map((r) => r.alert);
    expect(new Set(names).size, g.name).toBe(names.length);
    for (const r of g.rules) {
      expect(parseLogql(r.expr), r.expr).toEqual([]);
      expect(r.labels?.[LABELS.severity]).toMatch(/^(critical|warning)$/);
      expect(r.annotations?.summary).toBeTruthy();
    }
  }
}

describe('loki-alerts.yaml', () => {
  const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml'));
  it.each(examples)('examples/%s produces a valid Loki rule file whose LogQL all parses', (f) => {
    const r = compiled(readFileSync(`examples/${f}`, 'utf8'), f);
    const file = r.bundle.files.find((x) => x.path.endsWith(`/${FILES.loki}`));
    expect(file, 'loki-alerts.yaml').toBeDefined();
    checkFile(file!.content);
  });

  it('covers every technology with a valid group', () => {
    const r = compiled(everyTechnologySpec(), 'everything.yaml');
    checkFile(r.bundle.files.find((x) => x.path.endsWith(`/${FILES.loki}`))!.content);
    expect(lokiRuleGroups(r.model).map((g) => g.name)).toContain(GROUPS.dependencyLogs('everything', 'etcd', 'etcd-main'));
  });

  it('never alerts on a single log line: rates over a window, held for 5 minutes, critical only when sustained', () => {
    for (const t of Object.values(TECHNOLOGIES)) {
      for (const p of t.logs) {
        const windowMinutes = parseDuration(p.window)! / 60;
        expect(p.perMinute * windowMinutes, `${t.id} ${p.name}`).toBeGreaterThanOrEqual(1);
        expect(parseDuration(p.for), `${t.id} ${p.name}`).toBeGreaterThanOrEqual(300);
        if (p.severity === 'critical') expect(p.perMinute, `${t.id} ${p.name}`).toBeGreaterThanOrEqual(1);
        expect(logqlExpr('{app="x"}', p)).toMatch(/^sum\(rate\(\{app="x"\} .* \[\d+m\]\)\) \* 60 > [\d.]+$/);
      }
    }
  });

  it('reads the service logs with the spec selector and dependency logs by dependency name', () => {
    const r = compiled(readFileSync('examples/order-api.yaml', 'utf8'), 'order-api.yaml');
    const groups = lokiRuleGroups(r.model);
    expect(groups[0]!.rules[0]!.expr).toContain('{app="order-api"}');
    const pg = groups.find((g) => g.name === GROUPS.dependencyLogs('order-api', 'postgresql', 'orders-db'))!;
    expect(pg.rules[0]!.expr).toContain('{app="orders-db"}');
    expect(pg.rules[0]!.labels!.dependency).toBe('orders-db');
    const k8s = groups.find((g) => g.name.startsWith('nthlayer-order-api-kubernetes-'))!;
    expect(k8s.rules[0]!.expr).toContain('|= "order-api"');
  });

  it('downgrades critical log alerts to warning for a low-tier service', () => {
    const r = compiled(everyTechnologySpec('low'), 'everything.yaml');
    const severities = new Set(lokiRuleGroups(r.model).flatMap((g) => g.rules.map((x) => x.labels![LABELS.severity])));
    expect([...severities]).toEqual(['warning']);
  });

  it('reports a logs selector that is not LogQL and falls back to the default', () => {
    const text = `${everyTechnologySpec()}  - kind: Observability\n    name: o\n    spec:\n      logs:\n        selector: 'app=everything'\n`;
    const r = compiled(text, 'everything.yaml');
    expect(r.diagnostics.map((d) => d.code)).toContain('loki/bad-selector');
    expect(lokiRuleGroups(r.model)[0]!.rules[0]!.expr).toContain('{app="everything"}');
  });

  const selectorCases: [string, string, boolean][] = [
    ['a plain selector', '{app="x"}', true],
    ['a selector with a regex matcher', '{app=~"a|b",env="prod"}', true],
    ['a selector with a line filter', '{app="x"} |= "y"', false],
    ['a bare label', 'app="x"', false],
    ['an unclosed selector', '{app="x"', false],
  ];
  for (const [name, text, want] of selectorCases) it(`isStreamSelector: ${name}`, () => expect(isStreamSelector(text)).toBe(want));
});
