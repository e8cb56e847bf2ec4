/**
 * Every example's rules pass `promtool check rules` with no warnings, and load in a real
 * Prometheus where every rule is healthy after its first evaluation.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compile, environmentFileCandidates } from '../../src/core/index.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { runPromtool, tempDir } from '../helpers/promtool.ts';

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

interface Variant {
  name: string;
  file: string;
  env?: string;
}
const variants: Variant[] = [
  ...examples.map((f) => ({ name: f, file: `examples/${f}` })),
  { name: 'payment-api-with-envs.yaml --env dev', file: 'examples/payment-api-with-envs.yaml', env: 'dev' },
  { name: 'payment-api-with-envs.yaml --env prod', file: 'examples/payment-api-with-envs.yaml', env: 'prod' },
  { name: 'order-api.yaml --env dev', file: 'examples/order-api.yaml', env: 'dev' },
];

function build(v: Variant) {
  const text = readFileSync(v.file, 'utf8');
  const name = /name:\s*([a-z0-9-]+)/.exec(text)![1]!;
  const environments = v.env
    ? environmentFileCandidates(v.file, name, v.env)
        .filter((f) => {
          try {
            readFileSync(f);
            return true;
          } catch {
            return false;
          }
        })
        .map((f) => ({ file: f, text: readFileSync(f, 'utf8') }))
    : [];
  const r = compile({ file: v.file, text, environments, ...(v.env ? { environment: v.env } : {}) });
  expect(r.ok, JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))).toBe(true);
  return r.bundle!;
}

const ruleFileNames = ['recording-rules.yaml', 'alerts.yaml'];

describe('promtool check rules', () => {
  for (const v of variants) {
    it.concurrent(`${v.name}: rule files pass with no errors and no warnings`, async () => {
      const dir = tempDir();
      const paths = build(v)
        .files.filter((f) => ruleFileNames.some((n) => f.path.endsWith(`/${n}`)) || f.path.startsWith('_fleet/'))
        .map((f) => {
          const p = join(dir, f.path.split('/').pop()!);
          writeFileSync(p, f.content);
          return p;
        });
      expect(paths.length).toBeGreaterThan(0);
      const r = await runPromtool(['check', 'rules', ...paths]);
      expect(r.ok, r.output).toBe(true);
      expect(r.output).not.toMatch(/warning|lint|duplicate/i);
      expect(r.output.match(/SUCCESS/g)?.length).toBe(paths.length);
    });
  }
});

describe('a real Prometheus loads every example', () => {
  let prom: RunningPrometheus;
  let expectedGroups = 0;
  let expectedRules = 0;

  beforeAll(async () => {
    const dir = tempDir();
    const files: string[] = [];
    for (const f of examples) {
      for (const file of build({ name: f, file: `examples/${f}` }).files) {
        if (!ruleFileNames.some((n) => file.path.endsWith(`/${n}`))) continue;
        // Same rules, evaluated every second so the test need not wait a minute for the first round.
        const data = parse(file.content) as { groups: { interval?: string; rules: unknown[] }[] };
        for (const g of data.groups) g.interval = '1s';
        expectedGroups += data.groups.length;
        expectedRules += data.groups.reduce((n, g) => n + g.rules.length, 0);
        const p = join(dir, `${f.replace('.yaml', '')}--${file.path.split('/').pop()}`);
        writeFileSync(p, stringify(data));
        files.push(p);
      }
    }
    prom = await startPrometheus({ ruleFiles: files });
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it('lists every group and rule with health ok after one evaluation', async () => {
    type Rules = {
      data: { groups: { name: string; lastEvaluation: string; rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    let body: Rules | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      body = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as Rules;
      const evaluated = body.data.groups.every((g) => !g.lastEvaluation.startsWith('0001') && g.rules.every((r) => r.health !== 'unknown'));
      if (body.data.groups.length === expectedGroups && evaluated) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(body!.data.groups.length).toBe(expectedGroups);
    const rules = body!.data.groups.flatMap((g) => g.rules);
    expect(rules.length).toBe(expectedRules);
    const unhealthy = rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`);
    expect(unhealthy).toEqual([]);
  });
});
