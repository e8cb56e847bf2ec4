/**
 * The composite GitHub Action (action.yml) run step by step the way the runner runs it: each
 * step's `if:` decided, its `env:` expressions filled in from inputs, github.action_path and
 * earlier steps' outputs, its script run with `bash --noprofile --norc -eo pipefail`, and
 * $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY and $RUNNER_TEMP provided. The "repository" is a temp
 * directory that installed nthlayer (node_modules/.bin/nthlayer → this checkout's bin), so the
 * npm-install branch (which needs the registry) is not taken here.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { httpService, openMetrics } from '../../src/demo/synthetic.ts';
import { startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';
import { availabilitySpec } from '../helpers/specs.ts';

interface Step {
  name: string;
  id?: string;
  if?: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}
interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const REPO = resolve('.');
const action = parse(readFileSync('action.yml', 'utf8')) as Action;

interface Outcome {
  failedStep?: string;
  stdout: string;
  outputs: Record<string, Record<string, string>>;
  summary: string;
  ran: string[];
}

function runAction(cwd: string, given: Record<string, string>, extraEnv: Record<string, string> = {}): Outcome {
  const inputs: Record<string, string> = {};
  for (const [name, def] of Object.entries(action.inputs)) {
    if (def.required && given[name] === undefined) throw new Error(`input ${name} is required`);
    inputs[name] = given[name] ?? def.default ?? '';
  }
  const temp = tempDir('nthlayer-runner-');
  const summary = join(temp, 'summary.md');
  writeFileSync(summary, '');
  const outputs: Record<string, Record<string, string>> = {};
  const expr = (e: string): string => {
    const m = /^\s*(inputs\.([\w-]+)|github\.action_path|steps\.([\w-]+)\.outputs\.([\w-]+))\s*$/.exec(e);
    if (!m) throw new Error(`expression the test harness does not know: ${e}`);
    if (m[2]) return inputs[m[2]] ?? '';
    if (m[1] === 'github.action_path') return REPO;
    return outputs[m[3]!]?.[m[4]!] ?? '';
  };
  const condition = (c: string): boolean => {
    const m = /^inputs\.([\w-]+) (==|!=) '(.*)'$/.exec(c.trim());
    if (!m) throw new Error(`if: the test harness does not know: ${c}`);
    return m[2] === '==' ? inputs[m[1]!] === m[3] : inputs[m[1]!] !== m[3];
  };
  let stdout = '';
  const ran: string[] = [];
  for (const step of action.runs.steps) {
    if (step.if && !condition(step.if)) continue;
    ran.push(step.name);
    const out = join(temp, `${step.id ?? ran.length}.out`);
    writeFileSync(out, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NTHLAYER_CONFIG: join(temp, 'none.yaml'),
      GITHUB_OUTPUT: out,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: temp,
      GITHUB_ACTION_PATH: REPO,
      CI: 'true',
      ...extraEnv,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = v.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => expr(e));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    stdout += r.stdout;
    if (step.id) {
      outputs[step.id] = Object.fromEntries(
        readFileSync(out, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    if (r.status !== 0)
      return { failedStep: step.name, stdout: `${stdout}${r.stderr}`, outputs, summary: readFileSync(summary, 'utf8'), ran };
  }
  return { stdout, outputs, summary: readFileSync(summary, 'utf8'), ran };
}

let repo: string;
let prom: RunningPrometheus;

beforeAll(async () => {
  repo = tempDir('nthlayer-user-repo-');
  mkdirSync(join(repo, 'node_modules/.bin'), { recursive: true });
  symlinkSync(join(REPO, 'bin/nthlayer.mjs'), join(repo, 'node_modules/.bin/nthlayer'));
  mkdirSync(join(repo, 'services'));
  for (const s of ['payments', 'search']) writeFileSync(join(repo, 'services', `${s}.yaml`), availabilitySpec(s));
  cpSync('tests/fixtures/invalid/bad-tier.yaml', join(repo, 'bad-tier.yaml'));
  const now = Math.floor(Date.now() / 60_000) * 60;
  const series = [
    ...httpService({ service: 'payments', requests: 'http_requests_total', statusLabel: 'code', perMinute: 600, errorShare: () => 0.0001 }),
    ...httpService({ service: 'search', requests: 'http_requests_total', statusLabel: 'code', perMinute: 600, errorShare: () => 0.002 }),
  ];
  prom = await startPrometheus({ openMetrics: openMetrics(series, now, 1440) });
}, 120_000);
afterAll(async () => {
  await prom?.stop();
});

describe('action.yml', () => {
  it('is a composite action whose scripts take inputs only through env (no ${{ }} in a script)', () => {
    expect(action.runs.using).toBe('composite');
    for (const s of action.runs.steps) {
      expect(s.shell).toBe('bash');
      expect(s.run).not.toContain('${{');
    }
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['specs', 'lint', 'sarif-file', 'check-deploy', 'prometheus-url']));
  });

  it('valid specs: validate and lint pass, the SARIF file is written, the gate allows a healthy service', () => {
    const r = runAction(repo, {
      specs: 'services/payments.yaml',
      'sarif-file': 'nthlayer.sarif',
      'check-deploy': 'true',
      'prometheus-url': prom.url,
    });
    expect(r.failedStep, r.stdout).toBeUndefined();
    expect(r.ran).toEqual([
      'Find nthlayer',
      'Validate',
      'Lint the generated rules',
      'Write SARIF',
      'Check the deploy against the error budget',
    ]);
    expect(r.outputs.gate).toEqual({ allowed: 'true' });
    const sarif = JSON.parse(readFileSync(join(repo, 'nthlayer.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(r.stdout).toMatch(/^::notice file=services\/payments\.yaml,title=Deploy allowed%3A payments::Deploy approved/m);
    expect(r.summary).toContain('### Deploy gate: payments — ✅ approved');
  });

  it('a glob of specs gates every one: an exhausted budget fails the step and sets deploy-allowed to false', () => {
    const r = runAction(repo, { specs: 'services/*.yaml', lint: 'false', 'check-deploy': 'true', 'prometheus-url': prom.url });
    expect(r.failedStep).toBe('Check the deploy against the error budget');
    expect(r.outputs.gate).toEqual({ allowed: 'false' });
    expect(r.stdout).toMatch(/^::error file=services\/search\.yaml,title=Deploy blocked%3A search::Deploy blocked/m);
    expect(r.summary).toContain('### Deploy gate: payments');
    expect(r.summary).toContain('### Deploy gate: search — ❌ blocked');
  });

  it('an invalid spec fails the Validate step with an annotation at its line and column; nothing after it runs', () => {
    const r = runAction(repo, { specs: 'bad-tier.yaml services/payments.yaml', 'check-deploy': 'true', 'prometheus-url': prom.url });
    expect(r.failedStep).toBe('Validate');
    expect(r.ran).toEqual(['Find nthlayer', 'Validate']);
    expect(r.stdout).toMatch(
      /^::error file=bad-tier\.yaml,line=5,col=9,endColumn=16,title=nthlayer schema\/invalid-value::`tier` must be one of/m,
    );
  });
});
