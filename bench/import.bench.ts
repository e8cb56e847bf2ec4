/**
 * `importSpecs` (read, map, write the spec text) against a bare `yaml` parse of the same text,
 * for each import fixture and a generated Sloth file with 200 SLOs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { importSpecs } from '../src/core/index.ts';
import { fmt, time, type Benchmark } from './harness.ts';

/** A Sloth prometheus/v1 file with `n` SLOs, alternating availability and latency events. */
export function syntheticSloth(n: number): string {
  const lines = ['version: "prometheus/v1"', 'service: "big-service"', 'labels:', '  team: platform', 'slos:'];
  for (let i = 0; i < n; i++) {
    const sel = `job="big-service",route="/r${i}"`;
    const error =
      i % 2 === 0
        ? `sum(rate(http_requests_total{${sel},code=~"5.."}[{{.window}}]))`
        : `(sum(rate(http_request_duration_seconds_count{${sel}}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{${sel},le="0.5"}[{{.window}}])))`;
    const total =
      i % 2 === 0
        ? `sum(rate(http_requests_total{${sel}}[{{.window}}]))`
        : `sum(rate(http_request_duration_seconds_count{${sel}}[{{.window}}]))`;
    lines.push(
      `  - name: "slo-${i}"`,
      '    objective: 99.9',
      '    sli:',
      '      events:',
      `        error_query: '${error}'`,
      `        total_query: '${total}'`,
      '    alerting:',
      `      name: BigService${i}`,
      '      page_alert:',
      '        labels:',
      '          severity: critical',
      '      ticket_alert:',
      '        disable: true',
    );
  }
  return `${lines.join('\n')}\n`;
}

export const importBenchmark: Benchmark = {
  name: 'import: Sloth/OpenSLO/Pyrra → spec text vs bare yaml parse',
  run() {
    const dir = 'tests/fixtures/import';
    const inputs = readdirSync(dir)
      .flatMap((d) => readdirSync(`${dir}/${d}`).map((f) => ({ name: `${d}/${f}`, text: readFileSync(`${dir}/${d}/${f}`, 'utf8') })))
      .sort((a, b) => a.name.localeCompare(b.name));
    inputs.push({ name: 'synthetic 200-SLO Sloth file', text: syntheticSloth(200) });
    console.log('| input | bytes | bare yaml parse | importSpecs | ratio |');
    console.log('|---|---|---|---|---|');
    for (const { name, text } of inputs) {
      const runs = text.length > 50_000 ? 9 : 25;
      const bare = time(() => parseAllDocuments(text).forEach((d) => d.toJS()), runs);
      const full = time(() => importSpecs([{ file: name, text }]), runs);
      console.log(`| ${name} | ${text.length} | ${fmt(bare)} | ${fmt(full)} | ${(full / bare).toFixed(1)}× |`);
    }
  },
};
