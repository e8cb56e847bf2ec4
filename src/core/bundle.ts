/**
 * Stage 3: model → `{ files, diagnostics }`, the same bytes for the CLI's `apply` and the studio's
 * zip. Pure: the clock and the spec text come in as options.
 */
import { FILES, outputPath } from './conventions.ts';
import { checkGeneratedRules } from './generators/check-output.ts';
import { buildManifest, type Manifest, type ManifestFile } from './generators/manifest/manifest.ts';
import { argoArtifact } from './generators/argo/index.ts';
import { GENERATORS } from './generators/registry.ts';
import type { RuleGroup } from './generators/rules.ts';
import type { Artifact, GeneratorContext } from './generators/types.ts';
import { fnv1a64, hashOfSum, type Rendered } from './hash.ts';
import { nextGeneration } from './memo.ts';
import type { ServiceModel } from './model/types.ts';
import { renderJsonText } from './render/json.ts';
import { renderRuleFileText, renderYamlDocumentsText, yamlComment } from './render/yaml.ts';
import type { Diagnostic } from './spec/diagnostics.ts';

export interface GeneratedFile {
  /** Relative to the output directory: `payment-api/alerts.yaml`. */
  path: string;
  content: string;
  /** UTF-8 size of the content: counted once here, read by the manifest, plan and studio. */
  bytes: number;
  /** The content's fingerprint (manifest.json's `hash`). */
  hash: string;
}

export interface Bundle {
  files: GeneratedFile[];
  artifacts: Artifact[];
  diagnostics: Diagnostic[];
}

export type RuleFormat = 'prometheus' | 'prometheus-operator';

export interface GenerateOptions {
  /** The spec text(s) the model came from, for the manifest's spec hash. */
  specText?: string;
  /** Rule files as plain Prometheus rule files (default) or prometheus-operator PrometheusRule objects. */
  ruleFormat?: RuleFormat;
  /** prometheus-operator only: labels put on every PrometheusRule (what the Prometheus's ruleSelector matches). */
  ruleLabels?: Readonly<Record<string, string>>;
  /** Also write an Argo Rollouts AnalysisTemplate of the deploy gate (`apply --format argo-rollouts`). */
  argoRollouts?: boolean;
}

const RULE_FILES = new Set(['recording-rules.yaml', 'alerts.yaml']);

/** Wraps a rule file in a prometheus-operator PrometheusRule custom resource. */
function asPrometheusRule(model: ServiceModel, a: Artifact, ruleLabels: Readonly<Record<string, string>> = {}): Artifact {
  if (a.shared) {
    const name = a.file
      .split('/')
      .pop()!
      .replace(/\.yaml$/, '');
    return {
      ...a,
      data: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: `nthlayer-fleet-${name}`, labels: { ...ruleLabels, 'app.kubernetes.io/managed-by': 'nthlayer', scope: 'fleet' } },
        spec: a.data,
      },
    };
  }
  const kind = a.file === 'alerts.yaml' ? 'alerts' : 'recording-rules';
  return {
    ...a,
    data: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: `${model.name}-${kind}`,
        labels: {
          ...ruleLabels,
          'app.kubernetes.io/name': model.name,
          'app.kubernetes.io/managed-by': 'nthlayer',
          team: model.team,
          tier: model.tier,
        },
      },
      spec: a.data,
    },
  };
}

/** Where an artifact is written, relative to the output directory. */
function artifactPath(service: string, a: Pick<Artifact, 'file' | 'shared'>): string {
  return a.shared ? a.file : outputPath(service, a.file);
}

function renderArtifact(a: Artifact): Rendered {
  if (a.format === 'json') return renderJsonText(a.data);
  const header = a.header ? yamlComment(a.header) : undefined;
  if (a.documents) return renderYamlDocumentsText(a.data as unknown[], header, a.documentComments);
  return renderRuleFileText(a.data, header);
}

interface Generated {
  artifacts: Artifact[];
  files: GeneratedFile[];
  diagnostics: Diagnostic[];
  /** manifest.json with an empty spec hash, filled in per call. */
  manifest: Manifest;
}

let last: { key: string; generated: Generated } | undefined;

/**
 * model → files. The studio compiles on every keystroke and most keystrokes (comments,
 * whitespace, a half-typed word that fails) leave the model as it was, so the last result is
 * kept and reused when the model and options are the same; only the spec hash is redone.
 */
export function generate(model: ServiceModel, options: GenerateOptions = {}): Bundle {
  const key = JSON.stringify([model, options.ruleFormat ?? 'prometheus', options.ruleLabels ?? {}, options.argoRollouts === true]);
  if (last?.key !== key) last = { key, generated: generateFresh(model, options) };
  const g = last.generated;
  const manifest: Manifest = { ...g.manifest, specHash: fnv1a64(options.specText ?? '') };
  const manifestArtifact: Artifact = { file: FILES.manifest, format: 'json', data: manifest, counts: {} };
  return {
    files: [...g.files, fileOf(outputPath(model.name, FILES.manifest), renderArtifact(manifestArtifact))],
    artifacts: [...g.artifacts, manifestArtifact],
    diagnostics: [...g.diagnostics],
  };
}

function generateFresh(model: ServiceModel, options: GenerateOptions): Generated {
  nextGeneration();
  const diagnostics: Diagnostic[] = [];
  const ctx: GeneratorContext = {
    report: (d) => diagnostics.push({ file: '', line: 1, column: 1, endLine: 1, endColumn: 1, path: '', ...d }),
  };
  const artifacts: Artifact[] = [];
  const plain: Artifact[] = [];
  for (const g of GENERATORS) {
    const out = g.generate(model, ctx);
    for (const a of Array.isArray(out) ? out : out ? [out] : []) {
      plain.push(a);
      artifacts.push(
        options.ruleFormat === 'prometheus-operator' && (RULE_FILES.has(a.file) || a.shared)
          ? asPrometheusRule(model, a, options.ruleLabels)
          : a,
      );
    }
  }
  checkGeneratedRules(plain, ctx.report);
  if (options.argoRollouts) {
    const argo = argoArtifact(model, ctx);
    if (argo) artifacts.push(argo);
  }
  const files: GeneratedFile[] = artifacts.map((a) => fileOf(artifactPath(model.name, a), renderArtifact(a)));
  const manifestFiles: ManifestFile[] = artifacts.map((a, i) => ({
    path: a.shared ? `../${a.file}` : a.file,
    bytes: files[i]!.bytes,
    hash: files[i]!.hash,
    counts: a.counts,
  }));
  return { artifacts, files, diagnostics, manifest: buildManifest(model, '', manifestFiles, ruleGroupsOf(artifacts)) };
}

/** The rule groups of the service's own rule files, as generated (before any PrometheusRule wrapping). */
function ruleGroupsOf(artifacts: readonly Artifact[]): RuleGroup[] {
  return artifacts
    .filter((a) => RULE_FILES.has(a.file))
    .flatMap((a) => {
      const data = a.data as { groups?: RuleGroup[]; spec?: { groups?: RuleGroup[] } };
      return data.groups ?? data.spec?.groups ?? [];
    });
}

/**
 * A file from its rendered text. The size and the fingerprint come from the text's sum, which the
 * renderers built from the sums of its parts: a regeneration pays for the parts that changed.
 */
function fileOf(path: string, r: Rendered): GeneratedFile {
  return { path, content: r.text, bytes: r.bytes, hash: hashOfSum(r) };
}
