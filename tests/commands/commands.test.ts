/** Portfolio shapes, env list/diff, init, config precedence and the operator rule format. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { initCommand } from '../../src/cli/commands/misc.ts';
import { resolveSettings } from '../../src/cli/settings.ts';
import { compile } from '../../src/core/index.ts';
import { CSV_HEADER } from '../../src/core/portfolio/portfolio.ts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const saved = { ...process.env };
beforeEach(() => {
  process.env.NTHLAYER_CONFIG = join(mkdtempSync(join(tmpdir(), 'nthlayer-cfg-')), 'config.yaml');
  delete process.env.NTHLAYER_PROMETHEUS_URL;
});
afterEach(() => {
  process.env = { ...saved };
});

describe('portfolio without Prometheus', () => {
  it('JSON has the documented layout and every example service', async () => {
    const r = await cli('portfolio', '--format', 'json', 'examples');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out);
    expect(Object.keys(p)).toEqual(['generated_at', 'prometheus', 'summary', 'by_tier', 'services', 'insights']);
    expect(Object.keys(p.summary)).toEqual([
      'total_services',
      'services_with_slos',
      'healthy_services',
      'unknown_services',
      'org_health_percent',
      'total_slos',
      'duplicate_services',
    ]);
    expect(p.summary.total_services).toBe(11);
    // Unmeasured is unknown, never healthy: no health percentage without a measurement.
    expect(p.summary).toMatchObject({ healthy_services: 0, unknown_services: p.summary.services_with_slos, org_health_percent: null });
    expect(p.summary.duplicate_services).toEqual([
      {
        service: 'payment-api',
        files: ['examples/payment-api-pagerduty-demo.yaml', 'examples/payment-api-with-envs.yaml', 'examples/payment-api.yaml'],
      },
    ]);
    expect(p.insights.filter((i: { type: string }) => i.type === 'duplicate')).toHaveLength(1);
    expect(p.by_tier.map((t: { tier: string }) => t.tier)).toEqual(['critical', 'high', 'standard', 'low']);
    expect(Object.keys(p.services[0])).toEqual(['service', 'file', 'tier', 'team', 'type', 'overall_status', 'slos', 'also_in']);
    expect(Object.keys(p.services[0].slos[0])).toEqual([
      'name',
      'objective_percent',
      'window',
      'status',
      'current_value',
      'budget_remaining_percent',
      'budget_consumed_percent',
    ]);
    expect(p.services.every((s: { overall_status: string }) => s.overall_status === 'unknown')).toBe(true);
  });
  it('CSV has the documented header and one row per SLO', async () => {
    const r = await cli('portfolio', '--format', 'csv', 'examples');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines.length - 1).toBe(26);
  });
  it('markdown is a table', async () => {
    const r = await cli('portfolio', '--format', 'markdown', 'examples');
    expect(r.out).toContain('| service | tier | team | SLO | objective | status | budget left |');
  });
  it('an empty directory is a clear error', async () => {
    const r = await cli('portfolio', mkdtempSync(join(tmpdir(), 'empty-')));
    expect(r.code).toBe(66);
  });
});

describe('environments', () => {
  it('env list groups shared and service-specific files', async () => {
    const r = await cli('env', 'list', '-d', 'examples', '--format', 'json');
    const list = JSON.parse(r.out) as { file: string; environment: string; kind: string; service?: string }[];
    expect(list).toContainEqual({
      file: 'examples/environments/payment-api-prod.yaml',
      environment: 'prod',
      kind: 'service-specific',
      service: 'payment-api',
    });
    expect(list).toContainEqual({ file: 'examples/environments/dev.yaml', environment: 'dev', kind: 'shared' });
    expect(
      list
        .filter((f) => f.kind === 'shared')
        .map((f) => f.environment)
        .sort(),
    ).toEqual(['dev', 'prod', 'staging']);
  });
  it('env list -s lists exactly the files plan --env applies, including one named after the file, not the service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nthlayer-envs-'));
    mkdirSync(join(dir, 'environments'));
    writeFileSync(
      join(dir, 'spec.yaml'),
      'service:\n  name: foo\n  team: t\n  tier: low\n  type: api\nresources:\n  - kind: SLO\n    name: availability\n    spec:\n      objective: 99\n',
    );
    writeFileSync(join(dir, 'environments', 'spec-prod.yaml'), 'environment: prod\nservice:\n  tier: critical\n');
    writeFileSync(join(dir, 'environments', 'other-prod.yaml'), 'environment: prod\nservice:\n  tier: high\n');
    const listed = JSON.parse((await cli('env', 'list', '-s', join(dir, 'spec.yaml'), '--format', 'json')).out) as { file: string }[];
    expect(listed.map((f) => f.file)).toEqual([join(dir, 'environments', 'spec-prod.yaml')]);
    const plan = JSON.parse((await cli('plan', '--env', 'prod', '--format', 'json', join(dir, 'spec.yaml'))).out) as {
      tier: string;
      environment: string;
    };
    expect(plan).toMatchObject({ tier: 'critical', environment: 'prod' });
  });
  it('env diff shows what changes between dev and prod', async () => {
    const r = await cli('env', 'diff', '--format', 'json', 'examples/payment-api-with-envs.yaml', 'dev', 'prod');
    const d = JSON.parse(r.out) as { differences: { path: string; a: unknown; b: unknown }[] };
    const at = (p: string) => d.differences.find((x) => x.path === p);
    expect(at('tier')).toEqual({ path: 'tier', a: 'low', b: 'critical' });
    expect(at('slos.availability.objective')).toEqual({ path: 'slos.availability.objective', a: 99, b: 99.99 });
    expect(at('slos.latency-p95.sli.threshold_seconds')).toEqual({ path: 'slos.latency-p95.sli.threshold_seconds', a: 2.5, b: 0.25 });
    expect(at('pagerduty.urgency')).toEqual({ path: 'pagerduty.urgency', a: 'low', b: 'high' });
    expect(at('service')).toBeUndefined();
  });
});

describe('init', () => {
  it('writes a spec that validates, from flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-'));
    const file = join(dir, 'checkout.yaml');
    const r = await cli(
      'init',
      '--name',
      'checkout',
      '--team',
      'payments',
      '--tier',
      'critical',
      '--type',
      'api',
      '--technologies',
      'pg,redis,kafka',
      '-o',
      file,
    );
    expect(r.code).toBe(0);
    const v = await cli('validate', '--strict', file);
    expect(v.code).toBe(0);
    const m = compile({ file, text: readFileSync(file, 'utf8') }).model!;
    expect(m.technologies).toEqual(['postgresql', 'redis', 'kafka']);
    expect(m.slos.map((s) => s.name)).toEqual(['availability', 'latency']);
    expect((await cli('init', '--name', 'checkout', '--team', 'p', '-o', file)).code).toBe(73);
  });
  it('asks questions when interactive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-'));
    const input = new PassThrough();
    const out: string[] = [];
    const done = initCommand({ output: join(dir, 'w.yaml') }, { out: (s) => out.push(s), err: () => {}, color: false }, input);
    input.end('billing-worker\nbilling\nstandard\nworker\nrabbitmq, mysql\n');
    expect(await done).toBe(0);
    const m = compile({ file: 'w.yaml', text: readFileSync(join(dir, 'w.yaml'), 'utf8') }).model!;
    expect([m.name, m.tier, m.type, m.technologies]).toEqual(['billing-worker', 'standard', 'worker', ['mysql', 'rabbitmq']]);
  });
  it('a template spec validates too', async () => {
    const r = await cli('init', '--name', 'etl', '--team', 'data', '--tier', 'low', '--type', 'batch', '--template', 'pipeline', '-o', '-');
    expect(compile({ file: 'etl.yaml', text: `${r.out}\n` }).ok).toBe(true);
  });
  it('rejects a bad name or tier with a usage error', async () => {
    expect((await cli('init', '--name', 'Bad_Name', '--team', 't', '-o', '-')).code).toBe(64);
    expect((await cli('init', '--name', 'ok', '--team', 't', '--tier', 'gold', '-o', '-')).code).toBe(64);
  });
});

describe('settings', () => {
  it('resolve as flag > environment > config file > unset, and say where each came from', async () => {
    writeFileSync(
      process.env.NTHLAYER_CONFIG!,
      'prometheus:\n  url: http://from-file:9090\n  tenant: file-tenant\ngrafana:\n  api_key: glsa_supersecret1234\n',
    );
    expect(resolveSettings().prometheusUrl).toMatchObject({
      value: 'http://from-file:9090',
      source: `config ${process.env.NTHLAYER_CONFIG}`,
    });
    process.env.NTHLAYER_PROMETHEUS_URL = 'http://from-env:9090';
    expect(resolveSettings().prometheusUrl).toMatchObject({ value: 'http://from-env:9090', source: 'env NTHLAYER_PROMETHEUS_URL' });
    expect(resolveSettings({ prometheusUrl: 'http://from-flag:9090' }).prometheusUrl).toMatchObject({
      value: 'http://from-flag:9090',
      source: 'flag',
    });
    expect(resolveSettings().grafanaUrl).toMatchObject({ value: undefined, source: 'unset' });
    const shown = await cli('config', 'show', '--format', 'json');
    const rows = JSON.parse(shown.out).settings as { setting: string; value: string; source: string }[];
    expect(rows.find((x) => x.setting === 'grafanaApiKey')!.value).toBe('********1234');
    expect(shown.out).not.toContain('supersecret');
    expect(rows.find((x) => x.setting === 'tenant')!.source).toContain('config ');
  });
  it('setup writes the file non-interactively and config show reads it back', async () => {
    const r = await cli('setup', '--yes', '--prometheus-url', 'http://127.0.0.1:9090', '--pagerduty-api-key', 'u+abcdefgh');
    expect(r.code).toBe(0);
    const data = parse(readFileSync(process.env.NTHLAYER_CONFIG!, 'utf8'));
    expect(data).toEqual({ prometheus: { url: 'http://127.0.0.1:9090' }, pagerduty: { api_key: 'u+abcdefgh' } });
    expect(resolveSettings().prometheusUrl.value).toBe('http://127.0.0.1:9090');
  });
  it('a malformed config file is exit 65 with the offending key', async () => {
    writeFileSync(process.env.NTHLAYER_CONFIG!, 'prometheus:\n  urll: x\n');
    const r = await cli('config', 'show');
    expect(r.code).toBe(65);
    expect(r.err).toContain('prometheus');
  });
});

describe('apply --format prometheus-operator', () => {
  it('wraps rule files in PrometheusRule objects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'op-'));
    expect((await cli('apply', '--format', 'prometheus-operator', '-o', dir, 'examples/order-api.yaml')).code).toBe(0);
    const doc = parse(readFileSync(join(dir, 'order-api/alerts.yaml'), 'utf8'));
    expect(doc).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'order-api-alerts' } });
    expect(doc.spec.groups.length).toBeGreaterThan(1);
  });
  it('apply --lint passes on an example and fails on a spec with a bad override', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-'));
    expect((await cli('apply', '--lint', '-o', dir, 'examples/order-api.yaml')).code).toBe(0);
  });
});
