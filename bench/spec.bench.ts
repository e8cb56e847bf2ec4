/**
 * Parse + validate + normalise (`parseSpec` → `toModel`) against a bare `yaml` parse of the same
 * text, for every example and for a generated 200-SLO spec.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYamlBare } from 'yaml';
import { toModel } from '../src/core/model/load.ts';
import { parseSpec } from '../src/core/spec/parse.ts';
import { fmt, time, type Benchmark } from './harness.ts';

/** A spec with `n` SLOs alternating ratio and latency indicators, like a large real service. */
export function syntheticSpec(n: number): string {
  const lines = ['service:', '  name: big-service', '  team: platform', '  tier: critical', '  type: api', 'resources:'];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      lines.push(
        '  - kind: SLO',
        `    name: availability-${i}`,
        '    spec:',
        '      objective: 99.9',
        '      window: 30d',
        '      indicator:',
        '        type: availability',
        '        query: |',
        `          sum(rate(http_requests_total{service="big-service",route="/r${i}",code!~"5.."}[5m]))`,
        '          /',
        `          sum(rate(http_requests_total{service="big-service",route="/r${i}"}[5m]))`,
      );
    } else {
      lines.push(
        '  - kind: SLO',
        `    name: latency-${i}`,
        '    spec:',
        '      objective: 99.0',
        '      window: 28d',
        '      indicator:',
        '        type: latency',
        '        threshold_ms: 500',
        `        query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="big-service",route="/r${i}"}[5m])))`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export const specBenchmark: Benchmark = {
  name: 'spec: parse + validate + normalise vs bare yaml parse',
  run() {
    const inputs: { name: string; text: string }[] = readdirSync('examples')
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(`examples/${f}`, 'utf8') }));
    inputs.push({ name: 'synthetic 200-SLO spec', text: syntheticSpec(200) });
    console.log('| input | bytes | bare yaml.parse | parse+validate+normalise | ratio |');
    console.log('|---|---|---|---|---|');
    for (const { name, text } of inputs) {
      const runs = text.length > 50_000 ? 9 : 25;
      const bare = time(() => parseYamlBare(text), runs);
      const full = time(() => toModel(parseSpec(text, name)), runs);
      console.log(`| ${name} | ${text.length} | ${fmt(bare)} | ${fmt(full)} | ${(full / bare).toFixed(1)}× |`);
    }
  },
};
