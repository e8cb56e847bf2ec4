/**
 * Issue #19, findings 2, 5, 11, 14 and 15: spec text that would break generated files is refused
 * with a positioned diagnostic and exit 1 (never exit 0 with files promtool rejects, never a stack
 * trace and exit 70); text that is allowed reaches the files so that the real promtool accepts
 * them and the alert's description still renders at firing time. Template checking agrees with
 * promtool's rule loader case by case.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { compile } from '../../src/core/index.ts';
import { quote, unquote, readVectorSelector, parsePromql } from '../../src/core/promql/parse.ts';
import { formatDiagnostic } from '../../src/core/spec/diagnostics.ts';
import { checkGoTemplate } from '../../src/core/templates/go-template.ts';
import { TEMPLATE_CASES } from '../helpers/template-cases.ts';
import { counterValues, runPromtool, tempDir } from '../helpers/promtool.ts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const head = (service = ''): string => `service:\n  name: svc\n  team: web\n  tier: standard\n  type: api\n${service}resources:\n`;
const slo = (name: string, extra = ''): string => `  - kind: SLO\n    name: ${name}\n    spec:\n      objective: 99.9\n${extra}`;

function write(text: string): string {
  const file = join(tempDir(), 'svc.yaml');
  writeFileSync(file, text);
  return file;
}

describe('refused at the spec, with a position and exit 1', () => {
  it.each([
    ['a team with template text', `${head().replace('team: web', 'team: "payments {{ end }}"')}`, 'text/template-delimiters', 3],
    ['an SLO name with template text', head() + slo('"avail {{ $value }}"'), 'text/template-delimiters', 8],
    [
      'a severity with template text',
      head() + slo('a', '      alerting:\n        page_fast:\n          severity: "{{ .x }}"\n'),
      'text/template-delimiters',
      13,
    ],
    ['a runbook URL with template text', head('  runbook_url: "https://x/{{ end }}"\n') + slo('a'), 'text/template-delimiters', 6],
    ['an SLO label value with template text', head() + slo('a', '      labels:\n        domain: "{{"\n'), 'text/template-delimiters', 12],
    [
      'an annotation that is a broken template',
      head() + slo('a', '      alerting:\n        annotations:\n          note: "{{ if }}x{{ end }}"\n'),
      'text/template-syntax',
      13,
    ],
    [
      'an annotation calling an undefined function',
      head() + slo('a', '      alerting:\n        annotations:\n          note: "{{ nosuch }}"\n'),
      'text/template-syntax',
      13,
    ],
    ['an SLO name with U+FFFD', head() + slo('"avail\ufffd"'), 'text/replacement-character', 8],
    ['an SLO name that is a lone surrogate', head() + slo('"\\ud800"'), 'text/invalid-unicode', 8],
    ['labels: {__name__: x}', head() + slo('a', '      labels: {__name__: x}\n'), 'spec/invalid-label-name', 11],
    [
      'an annotation name that is not a label name',
      head() + slo('a', '      alerting:\n        annotations:\n          "bad-name": x\n'),
      'spec/invalid-label-name',
      13,
    ],
    [
      'a histogram that injects PromQL',
      head() +
        slo(
          'lat',
          '      indicator:\n        type: latency\n        threshold_ms: 500\n        histogram: \'foo{service="other"}) or vector(1) or (bar\'\n',
        ),
      'spec/invalid-metric-name',
      14,
    ],
    [
      'a histogram with a space',
      head() + slo('lat', '      indicator:\n        type: latency\n        threshold_ms: 500\n        histogram: my histogram\n'),
      'spec/invalid-metric-name',
      14,
    ],
    [
      'a newline in a dependency name',
      `${head()}  - kind: Dependencies\n    name: deps\n    spec:\n      databases:\n        - name: "a\\nb"\n          type: postgresql\n`,
      'text/line-break',
      11,
    ],
    ['runbook_url: javascript:', head('  runbook_url: "javascript:alert(document.domain)"\n') + slo('a'), 'spec/unsafe-url', 6],
    ['dashboard_url: data:', head('  dashboard_url: "data:text/html,<script>alert(1)</script>"\n') + slo('a'), 'spec/unsafe-url', 6],
    [
      'a selector with a syntax error',
      head() + slo('a', '      indicator:\n        selector: \'{job="x",}}\'\n'),
      'text/template-delimiters',
      12,
    ],
    [
      'a selector that parses but is not just matchers',
      head() + slo('a', '      indicator:\n        selector: \'{job="x"} or vector(1)\'\n'),
      'spec/invalid-selector',
      12,
    ],
    ['a selector missing a quote', head() + slo('a', "      indicator:\n        selector: '{job=\"x}'\n"), 'spec/invalid-selector', 12],
    [
      'a literal {{.window}} inside a query',
      head() +
        slo(
          'a',
          '      indicator:\n        success_ratio:\n          total_query: sum(rate(x{a="{{.window}}"}[5m]))\n          error_query: sum(rate(y[5m]))\n',
        ),
      'text/template-delimiters',
      13,
    ],
    ['an escape character in a description', head() + slo('a', '      description: "paint \\e[31mred"\n'), 'text/control-character', 11],
  ])('%s', async (_name, text, code, line) => {
    const r = await cli('validate', '--format', 'json', write(text));
    expect(r.code).toBe(1);
    const [report] = JSON.parse(r.out) as { diagnostics: { code: string; line: number; severity: string }[] }[];
    const d = report!.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(report!.diagnostics)).toBeDefined();
    expect(d!.severity).toBe('error');
    expect(d!.line).toBe(line);
    expect((await cli('apply', '-o', tempDir(), write(text))).code).toBe(1);
  });
});

describe('allowed text reaches files the real promtool accepts', () => {
  const tricky = `${head('  runbook_url: https://runbooks.example/svc?a=1&b=2\n')}${slo('"it\'s \\"quoted\\" \\\\ ü"', '      labels:\n        domain: "commerce \\"eu\\""\n      alerting:\n        labels:\n          instance_hint: "{{ $labels.instance }}"\n        annotations:\n          note: "value {{ $value | humanize }} on {{ $labels.job }}"\n')}`;

  it('quotes, backslashes and non-ASCII in names and labels, and real templates where templates belong', async () => {
    const r = compile({ file: 'svc.yaml', text: tricky });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dir = tempDir();
    for (const f of r.bundle!.files) writeFileSync(join(dir, f.path.split('/').pop()!), f.content);
    const check = await runPromtool(['check', 'rules', join(dir, 'recording-rules.yaml'), join(dir, 'alerts.yaml')]);
    expect(check.ok, check.output).toBe(true);
  });

  it('an SLO named with quotes still renders its description at firing time (promtool test rules)', async () => {
    const text = `${head()}${slo('"it\'s \\"q\\""', '      window: 7d\n      indicator:\n        success_ratio:\n          total_query: sum(rate(http_requests_total{service="svc"}[5m]))\n          error_query: sum(rate(http_requests_total{service="svc",code="500"}[5m]))\n')}`;
    const r = compile({ file: 'svc.yaml', text });
    expect(r.ok).toBe(true);
    const dir = tempDir();
    for (const f of r.bundle!.files) writeFileSync(join(dir, f.path.split('/').pop()!), f.content);
    const alertname = (readFileSync(join(dir, 'alerts.yaml'), 'utf8').match(/alert: (\w+ErrorBudgetBurn)/) ?? [])[1]!;
    // 20 % errors for 3 hours: the fast page tier fires. Expecting no alert makes promtool print
    // the alerts it got, with their rendered annotations.
    const test = {
      rule_files: ['recording-rules.yaml', 'alerts.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: 'http_requests_total{service="svc",code="200"}', values: counterValues([{ minutes: 180, perMinute: 800 }]) },
            { series: 'http_requests_total{service="svc",code="500"}', values: counterValues([{ minutes: 180, perMinute: 200 }]) },
          ],
          alert_rule_test: [{ alertname, eval_time: '2h', exp_alerts: [] }],
        },
      ],
    };
    writeFileSync(join(dir, 'test.yaml'), stringify(test));
    const out = (await runPromtool(['test', 'rules', 'test.yaml'], dir)).output;
    expect(out).toContain('Budget left: ');
    expect(out).not.toContain('error expanding template');
    expect(out).not.toMatch(/Budget left: unknown/);
  });
});

describe('templates: our checker agrees with promtool, case by case', () => {
  const cases = TEMPLATE_CASES;
  it('every case gets the same verdict from checkGoTemplate and `promtool check rules`', () => {
    const dir = tempDir();
    const rules = {
      groups: cases.map((c, i) => ({ name: `g${i}`, rules: [{ alert: 'A', expr: 'vector(1)', annotations: { summary: c } }] })),
    };
    writeFileSync(join(dir, 'rules.yaml'), stringify(rules, { lineWidth: 0 }));
    const r = spawnSync('promtool', ['check', 'rules', join(dir, 'rules.yaml')], { encoding: 'utf8' });
    const output = `${r.stdout}${r.stderr}`;
    const rejected = new Set([...output.matchAll(/group "g(\d+)"/g)].map((m) => Number(m[1])));
    const ours = cases.map((c) => checkGoTemplate(c).length > 0);
    expect(ours).toEqual(cases.map((_, i) => rejected.has(i)));
    expect(rejected.size).toBeGreaterThan(10);
  });
});

describe('selectors keep their meaning', () => {
  it('escapes such as \\x41, \\101 and \\u00e9 are read as Prometheus reads them and written back exactly', () => {
    const p = parsePromql('x{a="\\x41\\101\\u00e9\\n\\\\"}');
    let value = '';
    p.tree.iterate({
      enter: (n) => {
        if (n.name === 'VectorSelector') value = readVectorSelector(p.text, n.node).matchers[0]!.value;
      },
    });
    expect(value).toBe('AAé\n\\');
    expect(unquote(quote(value))).toBe(value);
    expect(unquote(quote('tab\there\u0001'))).toBe('tab\there\u0001');
  });
});

describe('diagnostics never carry control characters to the terminal', () => {
  it('spec text in a message is escaped when printed', () => {
    const r = compile({ file: 'svc.yaml', text: head('  template: "x\\e]0;pwned\\a"\n') });
    const printed = r.diagnostics.map(formatDiagnostic).join('\n');
    expect(r.ok).toBe(false);
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(printed).toContain('\\x1b');
  });
});
