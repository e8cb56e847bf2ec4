/** Helpers for tests that drive the real Debian `promtool`. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { compile } from '../../src/core/index.ts';
import { formatNumber } from '../../src/core/units.ts';

export function tempDir(prefix = 'nthlayer-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Generated files of a spec, written to a temp dir; returns the dir and the paths by file name
 * (fleet-wide files by their own name, e.g. `kubernetes-alerts.yaml`).
 */
export function generateTo(text: string, file = 'svc.yaml'): { dir: string; files: Record<string, string> } {
  const r = compile({ file, text });
  if (!r.bundle) throw new Error(`spec has errors: ${JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error'))}`);
  const dir = tempDir();
  const files: Record<string, string> = {};
  for (const f of r.bundle.files) {
    const name = f.path.split('/').pop()!;
    writeFileSync(join(dir, name), f.content);
    files[name] = join(dir, name);
  }
  return { dir, files };
}

/** A segment of traffic: `minutes` long, `perMinute` events each minute. */
export interface Segment {
  minutes: number;
  perMinute: number;
}

/** A counter's values, one per minute, in promtool's expanding notation (`a+bxn` per segment). */
export function counterValues(segments: Segment[]): string {
  let value = 0;
  const parts = ['0'];
  for (const s of segments) {
    if (s.minutes <= 0) continue;
    const first = value + s.perMinute;
    parts.push(s.minutes === 1 ? formatNumber(first) : `${formatNumber(first)}+${formatNumber(s.perMinute)}x${s.minutes - 1}`);
    value += s.perMinute * s.minutes;
  }
  return parts.join(' ');
}

export function totalOf(segments: Segment[], fromMinute = 0, toMinute = Infinity): number {
  let t = 0;
  let m = 0;
  for (const s of segments) {
    for (let i = 0; i < s.minutes; i++, m++) if (m >= fromMinute && m < toMinute) t += s.perMinute;
  }
  return t;
}

export interface PromtoolResult {
  ok: boolean;
  output: string;
}

/** Runs promtool without blocking, so concurrent scenarios really run side by side. */
export function runPromtool(args: string[], cwd?: string, opts: { timeoutMs?: number } = {}): Promise<PromtoolResult> {
  return new Promise((resolve) => {
    execFile(
      'promtool',
      args,
      { encoding: 'utf8', cwd, timeout: opts.timeoutMs ?? 240_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ ok: !error, output: `${stdout ?? ''}${stderr ?? ''}${error && !stdout && !stderr ? String(error) : ''}` });
      },
    );
  });
}

export interface ExprCheck {
  expr: string;
  at: string;
  /** Expected value of a single label-less sample, or [] for no result. */
  value: number | [];
}

/** Writes a promtool unit-test file for the rule files in `dir` and runs it. */
export function promtoolTest(
  dir: string,
  ruleFiles: string[],
  inputSeries: { series: string; values: string }[],
  checks: ExprCheck[],
): Promise<PromtoolResult> {
  const test = {
    rule_files: ruleFiles,
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: inputSeries,
        promql_expr_test: checks.map((c) => ({
          expr: c.expr,
          eval_time: c.at,
          exp_samples: Array.isArray(c.value) ? [] : [{ labels: '{}', value: c.value }],
        })),
      },
    ],
  };
  const file = join(dir, `test-${Math.abs(hash(JSON.stringify(checks)))}.yaml`);
  writeFileSync(file, stringify(test, { lineWidth: 0 }));
  return runPromtool(['test', 'rules', file], dir);
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

/** How many SLO alerts (burn-rate tiers and no-data) are firing with these labels (0 when none); technology packs are not counted. */
export function firing(labels: Record<string, string>): string {
  const m = Object.entries({ alertstate: 'firing', ...labels })
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `count(ALERTS{${m},burn_tier=~".+"}) or vector(0)`;
}

/** How many alerts of any kind are firing with these labels (0 when none). */
export function firingAny(labels: Record<string, string>): string {
  const m = Object.entries({ alertstate: 'firing', ...labels })
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `count(ALERTS{${m}}) or vector(0)`;
}
