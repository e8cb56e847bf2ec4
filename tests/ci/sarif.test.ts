/**
 * `validate` and `apply --lint` in CI formats: SARIF 2.1.0 checked against the SARIF JSON schema
 * (tests/fixtures/sarif, offline) and GitHub workflow commands, both pointing at the line and
 * column of every bad input in tests/fixtures/invalid; PrometheusRule labels for a ruleSelector.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { annotation, escapeData, escapeProperty } from '../../src/cli/formats/github.ts';
import { tempDir } from '../helpers/promtool.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync('tests/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8')) as object);
function expectValidSarif(log: unknown): void {
  const ok = validateSarif(log);
  expect(ok, JSON.stringify(validateSarif.errors?.slice(0, 5), null, 1)).toBe(true);
}

const dir = 'tests/fixtures/invalid';
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
function expected(name: string): { line: number; column: number; message: string } {
  const m = /^# expect: (\d+):(\d+) (.+)$/.exec(readFileSync(join(dir, name), 'utf8').split('\n')[0] ?? '');
  return m ? { line: Number(m[1]), column: Number(m[2]), message: m[3]! } : { line: 1, column: 1, message: 'the file is empty' };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } };
  }[];
}
interface Sarif {
  runs: { tool: { driver: { rules: { id: string }[] } }; results: SarifResult[] }[];
}

function unescapeData(s: string): string {
  return s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}
function unescapeProperty(s: string): string {
  return unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
}
/** Parses `::level k=v,k=v::message` the way the runner does. */
function parseCommand(line: string): { level: string; props: Record<string, string>; message: string } | undefined {
  const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const props = Object.fromEntries(
    (m[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i), unescapeProperty(kv.slice(i + 1))];
      }),
  );
  return { level: m[1]!, props, message: unescapeData(m[3]!) };
}

describe('validate --format sarif', () => {
  it('one log for every invalid fixture validates against the SARIF 2.1.0 schema', async () => {
    const r = await run('validate', '--format', 'sarif', ...fixtures.map((f) => join(dir, f)));
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out) as Sarif;
    expectValidSarif(log);
    const run0 = log.runs[0]!;
    // Every result's ruleIndex points at its own rule, and rule ids are the diagnostics' codes.
    for (const res of run0.results) expect(run0.tool.driver.rules[res.ruleIndex]!.id).toBe(res.ruleId);
    expect(new Set(run0.results.map((x) => x.ruleId))).toContain('schema/invalid-value');
  });

  for (const name of fixtures) {
    it(`${name}: a result at the expected line and column, with a stable rule id`, async () => {
      const want = expected(name);
      const r = await run('validate', '--format', 'sarif', join(dir, name));
      expect(r.code).toBe(1);
      const log = JSON.parse(r.out) as Sarif;
      expectValidSarif(log);
      const hit = log.runs[0]!.results.find((x) => x.level === 'error' && x.message.text.includes(want.message));
      expect(hit, JSON.stringify(log.runs[0]!.results.map((x) => [x.ruleId, x.message.text]))).toBeDefined();
      expect(hit!.locations[0]!.physicalLocation.region).toMatchObject({ startLine: want.line, startColumn: want.column });
      expect(hit!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: `${dir}/${name}`, uriBaseId: '%SRCROOT%' });
      expect(hit!.ruleId).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
      // The same input gives the same rule id on a second run.
      const again = JSON.parse((await run('validate', '--format', 'sarif', join(dir, name))).out) as Sarif;
      expect(again.runs[0]!.results.map((x) => x.ruleId)).toEqual(log.runs[0]!.results.map((x) => x.ruleId));
    });
  }

  it('a valid spec gives a valid log with no results and exit 0', async () => {
    const r = await run('validate', '--format', 'sarif', 'examples/payment-api.yaml');
    expect(r.code).toBe(0);
    const log = JSON.parse(r.out) as Sarif;
    expectValidSarif(log);
    expect(log.runs[0]!.results.filter((x) => x.level === 'error')).toEqual([]);
  });
});

describe('validate --format github', () => {
  for (const name of fixtures) {
    it(`${name}: an ::error annotation at the expected file, line and column`, async () => {
      const want = expected(name);
      const r = await run('validate', '--format', 'github', join(dir, name));
      expect(r.code).toBe(1);
      const commands = r.out
        .split('\n')
        .map(parseCommand)
        .filter((c) => c !== undefined);
      const hit = commands.find((c) => c.level === 'error' && c.message.includes(want.message));
      expect(hit, r.out).toBeDefined();
      expect(hit!.props).toMatchObject({ file: `${dir}/${name}`, line: String(want.line), col: String(want.column) });
      expect(hit!.props.title).toMatch(/^nthlayer [a-z]+\/[a-z0-9-]+$/);
      // Every workflow command is one line: nothing in a message may start a new command.
      for (const line of r.out.split('\n')) if (line.startsWith('::')) expect(parseCommand(line)).toBeDefined();
    });
  }
});

describe('workflow command escaping', () => {
  it.each([
    ['100% sure', '100%25 sure'],
    ['two\nlines', 'two%0Alines'],
    ['crlf\r\nend', 'crlf%0D%0Aend'],
    ['%0A stays literal', '%250A stays literal'],
  ])('message %j is escaped as %j', (raw, escaped) => expect(escapeData(raw)).toBe(escaped));

  it.each([
    ['a: b, c', 'a%3A b%2C c'],
    ['C:\\path,with,commas', 'C%3A\\path%2Cwith%2Ccommas'],
    ['50%\n', '50%25%0A'],
  ])('property %j is escaped as %j', (raw, escaped) => expect(escapeProperty(raw)).toBe(escaped));

  it('a file name with a colon and a comma cannot inject a property, and a message cannot inject a command', () => {
    const line = annotation({ level: 'error', file: 'a,line=99:x.yaml', line: 3, col: 4, title: 't', message: 'bad\n::error::injected' });
    expect(line.split('\n')).toHaveLength(1);
    expect(parseCommand(line)).toEqual({
      level: 'error',
      props: { file: 'a,line=99:x.yaml', line: '3', col: '4', title: 't' },
      message: 'bad\n::error::injected',
    });
  });
});

describe('apply --lint --lint-format', () => {
  const spec = `service:
  name: lint-demo
  team: t
  tier: low
  type: api
resources:
  - kind: Observability
    name: obs
    spec:
      scrape_interval: 2m
  - kind: SLO
    name: availability
    spec:
      objective: 99.9
      indicator:
        success_ratio:
          total_query: sum(rate(http_requests_total{service="lint-demo"}[5m]))
          error_query: sum(rate(http_requests_total{service="lint-demo",code="500"}[5m]))
`;
  const specFile = (): string => {
    const d = tempDir();
    const f = join(d, 'lint-demo.yaml');
    writeFileSync(f, spec);
    return f;
  };

  it('sarif: stdout is one valid log whose results point at each flagged expression in the written files', async () => {
    const out = tempDir();
    const r = await run('apply', '--lint', '--lint-format', 'sarif', '-o', out, specFile());
    expect(r.code).toBe(1);
    expect(r.err).toContain('lint failed');
    const log = JSON.parse(r.out) as Sarif;
    expectValidSarif(log);
    const results = log.runs[0]!.results.filter((x) => x.ruleId === 'lint/short-range');
    expect(results.length).toBeGreaterThan(0);
    for (const res of results) {
      const loc = res.locations[0]!.physicalLocation;
      const written = readFileSync(
        loc.artifactLocation.uri.startsWith('file:') ? new URL(loc.artifactLocation.uri) : loc.artifactLocation.uri,
        'utf8',
      ).split('\n');
      const line = written[loc.region.startLine - 1]!;
      expect(line.slice(loc.region.startColumn - 1)).toMatch(/\[5m\]/);
      expect(line.slice(0, loc.region.startColumn - 1)).toMatch(/"?expr"?: $/);
    }
  });

  it('github: annotations at the written file and line; json: diagnostics and positioned findings', async () => {
    const out = tempDir();
    const g = await run('apply', '--lint', '--lint-format', 'github', '-o', out, specFile());
    expect(g.code).toBe(1);
    const first = g.out
      .split('\n')
      .map(parseCommand)
      .find((c) => c?.props.title === 'nthlayer lint/short-range')!;
    expect(first.props.file).toBe(join(out, 'lint-demo', 'recording-rules.yaml'));
    expect(Number(first.props.line)).toBeGreaterThan(1);
    const j = await run('apply', '--lint', '--lint-format', 'json', '-o', out, specFile());
    const report = JSON.parse(j.out) as { diagnostics: unknown[]; lint: { ruleId: string; line: number; column: number }[] };
    expect(report.lint.every((f) => f.line > 1 && f.column > 1)).toBe(true);
  });
});

describe('apply --format prometheus-operator --rule-labels', () => {
  it('puts the labels on every PrometheusRule, service and fleet files alike, and lint is quiet about selectors', async () => {
    const out = tempDir();
    const r = await run(
      'apply',
      '--format',
      'prometheus-operator',
      '--rule-labels',
      'release=prometheus',
      '--rule-labels',
      'prometheus.io/scrape-set=main',
      '--lint',
      '-o',
      out,
      'examples/checkout-service.yaml',
    );
    expect(r.code, r.err).toBe(0);
    for (const f of ['checkout-service/alerts.yaml', 'checkout-service/recording-rules.yaml', '_fleet/rabbitmq-alerts.yaml']) {
      const doc = parse(readFileSync(join(out, f), 'utf8')) as { kind: string; metadata: { labels: Record<string, string> } };
      expect(doc.kind).toBe('PrometheusRule');
      expect(doc.metadata.labels).toMatchObject({
        release: 'prometheus',
        'prometheus.io/scrape-set': 'main',
        'app.kubernetes.io/managed-by': 'nthlayer',
      });
    }
    expect(r.err).not.toContain('rule-selector');
  });

  it('without --rule-labels, --lint warns once per PrometheusRule that no ruleSelector will match it', async () => {
    const r = await run('apply', '--format', 'prometheus-operator', '--lint', '-o', tempDir(), 'examples/checkout-service.yaml');
    expect(r.code).toBe(0);
    const warnings = r.err.split('\n').filter((l) => l.includes('[rule-selector]'));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('warning: this PrometheusRule carries no labels for a ruleSelector');
  });

  it.each([
    [['--rule-labels', 'no-equals-sign']],
    [['--rule-labels', 'bad key=x']],
    [['--rule-labels', `k=${'v'.repeat(64)}`]],
    [['--format', 'prometheus', '--format', 'prometheus-operator']],
    [['--format', 'helm']],
  ])('%j is a usage error (64)', async (flags) => {
    const r = await run('apply', ...flags, '-o', tempDir(), 'examples/order-api.yaml');
    expect(r.code).toBe(64);
  });
});
