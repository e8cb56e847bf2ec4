/**
 * SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): one run, one rule per kind of
 * finding. The rule id is the diagnostic's stable `code` (`schema/invalid-type`, `sli/not-a-ratio`,
 * `lint/short-range` …; SARIF allows `/`-separated hierarchical ids), so a finding keeps its
 * identity across runs. Lines and columns are 1-based; `endColumn` is the column after the end,
 * as in the diagnostics. Relative paths are relative to `%SRCROOT%`, the working directory.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../core/index.ts';
import { CLI_VERSION } from '../version.ts';

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

/** One finding in the shape every NthLayer check can give: a spec diagnostic or a lint finding. */
export interface Finding {
  ruleId: string;
  level: SarifLevel;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Where in the document (`resources[0].spec.objective`) or which rule (`slo:sli_error:ratio_rate5m`). */
  logical?: string;
}

/** What each family of rule ids checks, for the rules' descriptions. */
const FAMILIES: Record<string, string> = {
  yaml: 'The spec is well-formed YAML within the size and alias limits',
  schema: 'Fields, types and values follow the service.yaml schema',
  spec: 'Resources, names, templates and variables are consistent',
  sli: 'SLI queries read as events, ratios or thresholds',
  promql: 'PromQL in the spec parses',
  gate: 'DeploymentGate conditions parse',
  alerts: 'kind: Alerts rules refer to SLOs and thresholds that exist',
  dependency: 'Dependencies have templates and selectors that scope their rules',
  observability: 'Observability metrics and selectors are usable',
  loki: 'Log selectors are LogQL stream selectors',
  pagerduty: 'PagerDuty settings are valid',
  env: 'Environment files match their names',
  argo: 'The DeploymentGate can be expressed as an Argo AnalysisTemplate',
  lint: 'Generated PromQL passes the lint checks (apply --lint)',
};

export function findingOfDiagnostic(d: Diagnostic): Finding {
  return {
    ruleId: d.code,
    level: d.severity === 'info' ? 'note' : d.severity,
    message: `${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`,
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    ...(d.path ? { logical: d.path } : {}),
  };
}

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  if (rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(sep).join('/').split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(f: Finding): Record<string, number> {
  const out: Record<string, number> = { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) };
  const endLine = f.endLine ?? f.line;
  if (endLine > f.line) {
    out.endLine = endLine;
    if (f.endColumn !== undefined) out.endColumn = Math.max(1, f.endColumn);
  } else if (endLine === f.line && f.endColumn !== undefined && f.endColumn > f.column) {
    out.endColumn = f.endColumn;
  }
  return out;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: unknown[];
}

export function sarifLog(findings: readonly Finding[], cwd: string = process.cwd()): SarifLog {
  const ids = [...new Set(findings.map((f) => f.ruleId))].sort();
  const rules = ids.map((id) => {
    const family = id.split('/')[0]!;
    const levels = new Set(findings.filter((f) => f.ruleId === id).map((f) => f.level));
    return {
      id,
      name: id
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join(''),
      shortDescription: { text: `${FAMILIES[family] ?? 'NthLayer check'} (${id})` },
      defaultConfiguration: { level: levels.has('error') ? 'error' : levels.has('warning') ? 'warning' : 'note' },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ids.indexOf(f.ruleId),
    level: f.level,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: { artifactLocation: artifactLocation(f.file, cwd), region: region(f) },
        ...(f.logical ? { logicalLocations: [{ fullyQualifiedName: f.logical }] } : {}),
      },
    ],
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'nthlayer', version: CLI_VERSION, semanticVersion: CLI_VERSION, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
