import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GROUPS, LABELS } from '../../conventions.ts';
import { compile } from '../../index.ts';
import type { ServiceModel } from '../../model/types.ts';
import { metricNames, parsePromql, vectorSelectors } from '../../promql/parse.ts';
import { renderYaml, yamlComment } from '../../render/yaml.ts';
import { everyTechnologySpec } from '../../technologies/fixtures.ts';
import { DEPENDENCY_TECHNOLOGIES } from '../../technologies/ids.ts';
import { TECHNOLOGIES } from '../../technologies/registry.ts';
import { scopeFor } from '../../technologies/scope.ts';
import { sloAlertGroups } from '../alerts/index.ts';
import { isAlertingRule, type AlertingRule } from '../rules.ts';
import { ALERT_PACK_ATTRIBUTION, TIER_SEVERITIES, fleetAlertGroup, technologyAlertGroups } from './index.ts';

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

  it('emit the service-type group, then one group per dependency', () => {
    expect(technologyAlertGroups(all).map((g) => g.name)).toEqual([
      GROUPS.technology('everything', 'http'),
      ...DEPENDENCY_TECHNOLOGIES.map((t) => GROUPS.dependency('everything', t, `${t}-main`)),
    ]);
  });

  it('label every rule with severity, service, team, tier, routing, technology and the dependency', () => {
    for (const g of technologyAlertGroups(all)) {
      for (const r of g.rules.filter(isAlertingRule)) {
        expect(r.labels).toMatchObject({
          [LABELS.service]: 'everything',
          [LABELS.team]: 'platform',
          [LABELS.tier]: 'critical',
          [LABELS.routing]: 'sre',
        });
        const tech = r.labels![LABELS.technology]!;
        expect(g.name).toBe(
          tech === 'http' ? GROUPS.technology('everything', tech) : GROUPS.dependency('everything', tech, `${tech}-main`),
        );
        if (tech !== 'http') expect(r.labels![LABELS.dependency]).toBe(`${tech}-main`);
        expect(r.annotations!.runbook_url).toBe(`https://runbooks.example.com/everything#${r.alert.toLowerCase()}`);
        expect(r.annotations!.dashboard_url).toBe('/d/nthlayer-everything');
      }
    }
  });

  it('every expression parses', () => {
    for (const r of rulesOf(all)) expect(parsePromql(r.expr).errors, r.expr).toEqual([]);
  });

  it('scope the service-type rules to the service, and every selector of a dependency rule to the dependency', () => {
    const [http, ...deps] = technologyAlertGroups(all);
    for (const r of http!.rules) expect(r.expr).toContain('service="everything"');
    for (const g of deps) {
      const dep = all.dependencies.find((d) => g.name === GROUPS.dependency('everything', d.technology!, d.name))!;
      const scope = scopeFor(TECHNOLOGIES[dep.technology!], dep.selector);
      for (const r of g.rules) {
        for (const sel of vectorSelectors(parsePromql(r.expr))) {
          const own = scope(sel.metric);
          expect(own.length, `${r.expr}: ${sel.metric}`).toBeGreaterThan(0);
          for (const m of own) expect(sel.matchers, `${r.expr}: ${sel.metric}`).toContainEqual(m);
        }
      }
    }
  });

  it('put the rules no dependency selector can scope in one fleet-wide group per technology, without routing labels', () => {
    const fleet = new Map(
      DEPENDENCY_TECHNOLOGIES.map((t) => [
        t,
        fleetAlertGroup(t)
          ?.rules.filter(isAlertingRule)
          .map((r) => r.alert) ?? [],
      ]),
    );
    expect(fleet.get('kubernetes')).toEqual(['KubernetesNodeNotReady']);
    expect(fleet.get('traefik')).toEqual([
      'TraefikCertificateExpiringSoon',
      'TraefikCertificateExpiringImminently',
      'TraefikConfigReloadFailure',
    ]);
    expect(fleet.get('postgresql')).toEqual([]);
    for (const t of DEPENDENCY_TECHNOLOGIES) {
      for (const r of fleetAlertGroup(t)?.rules.filter(isAlertingRule) ?? []) {
        expect(Object.keys(r.labels!).sort()).toEqual([LABELS.scope, LABELS.severity, LABELS.technology]);
        expect(r.labels![LABELS.scope]).toBe('fleet');
      }
    }
    // The same bytes whichever service writes the file.
    const a = compile({ file: 'a.yaml', text: everyTechnologySpec('critical', 'api', 'alpha') }).bundle!.files.filter((f) =>
      f.path.startsWith('_fleet/'),
    );
    const b = compile({ file: 'b.yaml', text: everyTechnologySpec('low', 'worker', 'beta') }).bundle!.files.filter((f) =>
      f.path.startsWith('_fleet/'),
    );
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('keep an exporter label the rule labels would overwrite, so two failing Traefik services stay two alerts', () => {
    const traefik = technologyAlertGroups(all)
      .find((g) => g.name.includes('-traefik-'))!
      .rules.filter(isAlertingRule);
    const down = traefik.find((r) => r.alert === 'TraefikServiceDown')!;
    expect(down.expr).toMatch(/^label_replace\(.*, "exported_service", "\$1", "service", "\(\.\*\)"\)$/);
    for (const r of traefik) expect(`${r.annotations!.summary}${r.annotations!.description}`).not.toContain('$labels.service ');
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
    const rules = technologyAlertGroups(modelOf(text)).find((g) => g.name.includes('-postgresql-'))!.rules;
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
