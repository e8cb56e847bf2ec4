import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GROUPS, LABELS } from '../../conventions.ts';
import { compile } from '../../index.ts';
import type { ServiceModel } from '../../model/types.ts';
import { metricNames, parsePromql } from '../../promql/parse.ts';
import { renderYaml, yamlComment } from '../../render/yaml.ts';
import { everyTechnologySpec } from '../../technologies/fixtures.ts';
import { DEPENDENCY_TECHNOLOGIES } from '../../technologies/ids.ts';
import { sloAlertGroups } from '../alerts/index.ts';
import { isAlertingRule, type AlertingRule } from '../rules.ts';
import { ALERT_PACK_ATTRIBUTION, TIER_SEVERITIES, technologyAlertGroups } from './index.ts';

function modelOf(text: string, file = 'everything.yaml'): ServiceModel {
  const r = compile({ file, text });
  if (!r.model || !r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.model;
}

/** promtool over the packs alone, or over alerts.yaml as the alerts generator assembles it (SLO groups first). */
function promtoolCheck(model: ServiceModel, withSlo = false): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nthlayer-packs-'));
  const file = join(dir, 'packs.yaml');
  const groups = [...(withSlo ? sloAlertGroups(model) : []), ...technologyAlertGroups(model)];
  writeFileSync(file, renderYaml({ groups }, yamlComment(ALERT_PACK_ATTRIBUTION)));
  const r = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const rulesOf = (model: ServiceModel): AlertingRule[] => technologyAlertGroups(model).flatMap((g) => g.rules.filter(isAlertingRule));

describe('technology alert packs', () => {
  const all = modelOf(everyTechnologySpec());

  it('emit one group per dependency technology after the service-type group', () => {
    expect(technologyAlertGroups(all).map((g) => g.name)).toEqual([
      GROUPS.technology('everything', 'http'),
      ...DEPENDENCY_TECHNOLOGIES.map((t) => GROUPS.technology('everything', t)),
    ]);
  });

  it('label every rule with severity, service, team, tier, routing and technology', () => {
    for (const g of technologyAlertGroups(all)) {
      for (const r of g.rules.filter(isAlertingRule)) {
        expect(r.labels).toMatchObject({ [LABELS.service]: 'everything', [LABELS.team]: 'platform', [LABELS.tier]: 'critical', [LABELS.routing]: 'sre' });
        expect(g.name).toBe(GROUPS.technology('everything', r.labels![LABELS.technology]!));
        expect(r.annotations!.runbook_url).toBe(`https://runbooks.example.com/everything#${r.alert.toLowerCase()}`);
        expect(r.annotations!.dashboard_url).toBe('/d/nthlayer-everything');
      }
    }
  });

  it('every expression parses', () => {
    for (const r of rulesOf(all)) expect(parsePromql(r.expr).errors, r.expr).toEqual([]);
  });

  it('scope the service-type rules to the service and leave exporter rules unscoped', () => {
    const [http, postgres] = technologyAlertGroups(all);
    for (const r of http!.rules) expect(r.expr).toContain('service="everything"');
    for (const r of postgres!.rules) expect(r.expr).not.toContain('service="everything"');
  });

  const tierCases: [string, string, string[]][] = [
    ['a critical service keeps info alerts', 'critical', ['critical', 'warning', 'info']],
    ['a high-tier service keeps every severity', 'high', ['critical', 'warning', 'info']],
    ['a standard service drops info alerts', 'standard', ['critical', 'warning']],
    ['a low-tier service keeps only critical alerts', 'low', ['critical']],
  ];
  for (const [name, tier, severities] of tierCases) {
    it(name, () => {
      const got = new Set(rulesOf(modelOf(everyTechnologySpec(tier))).map((r) => r.labels![LABELS.severity]!));
      expect([...got].sort()).toEqual([...severities].sort());
      expect(TIER_SEVERITIES[tier as keyof typeof TIER_SEVERITIES]).toEqual(severities);
    });
  }

  it('apply Observability.metrics overrides to alert expressions', () => {
    const text = `${everyTechnologySpec()}  - kind: Observability\n    name: o\n    spec:\n      metrics:\n        postgresql.up: pg_exporter_up\n`;
    const rules = technologyAlertGroups(modelOf(text)).find((g) => g.name.endsWith('-postgresql'))!.rules;
    expect(rules.flatMap((r) => metricNames(r.expr))).toContain('pg_exporter_up');
    expect(rules.flatMap((r) => metricNames(r.expr))).not.toContain('pg_up');
  });

  it('carry the CC BY 4.0 attribution for awesome-prometheus-alerts', () => {
    const text = ALERT_PACK_ATTRIBUTION.join(' ');
    expect(text).toContain('awesome-prometheus-alerts');
    expect(text).toContain('CC BY 4.0');
    expect(rulesOf(all).some((r) => r.annotations!.source === 'awesome-prometheus-alerts')).toBe(true);
  });

  it('pass promtool check rules with no warnings, for every technology at once', () => {
    const r = promtoolCheck(all);
    expect(r.ok, r.output).toBe(true);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.output.toLowerCase()).not.toContain('warn');
  });

  for (const type of ['worker', 'stream']) {
    it(`pass promtool check rules for a ${type} service`, () => {
      const r = promtoolCheck(modelOf(everyTechnologySpec('critical', type)));
      expect(r.ok, r.output).toBe(true);
      expect(r.output.toLowerCase()).not.toContain('warn');
    });
  }

  const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml'));
  it.each(examples)('pass promtool check rules for examples/%s, appended to its SLO alerts', (f) => {
    const r = promtoolCheck(modelOf(readFileSync(`examples/${f}`, 'utf8'), f), true);
    expect(r.ok, r.output).toBe(true);
    expect(r.output.toLowerCase()).not.toContain('warn');
  });
});
