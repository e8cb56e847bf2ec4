/**
 * Stage 1 of the pipeline: `service.yaml` text → validated spec + positioned diagnostics.
 * Checks the file on its own (YAML, schema, semantics, PromQL syntax); merging templates and
 * environments happens in the model stage.
 */
import { parseCondition } from '../budget/condition.ts';
import { parsePromql } from '../promql/parse.ts';
import { formatPath, MAX_DIAGNOSTICS_PER_FILE, type Diagnostic, type SpecPath } from './diagnostics.ts';
import {
  EnvironmentOverrideSchema,
  RESOURCE_KINDS,
  RESOURCE_SCHEMAS,
  ServiceBlockSchema,
  type EnvironmentOverride,
  type ResourceKind,
  type ResourceSpec,
  type ServiceBlock,
  type ServiceSpec,
} from './schema.ts';
import { diagnosticAt, isRemembering, parseYaml, positionInScalar, type SourceFile } from './source.ts';
import { checkSpecText } from './text-checks.ts';
import { closest, describeValue, validateWithSchema } from './validate.ts';

export interface ParsedSpec {
  /** Undefined when the file has errors that leave nothing usable. */
  spec: ServiceSpec | undefined;
  /** Resources that passed validation, each with its index in the file. */
  resources: { resource: ResourceSpec; index: number }[];
  source: SourceFile;
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /** Warn when the file name does not match `service.name` (the CLI sets this; the studio does not). */
  checkFileName?: boolean;
}

const KNOWN_VARIABLES = ['service', 'team', 'tier', 'type', 'support_model', 'language', 'framework', 'env'] as const;
export const BUILTIN_TEMPLATE_NAMES = ['critical-api', 'standard-api', 'low-api', 'background-job', 'pipeline'] as const;

/** Fields of an indicator that hold PromQL. */
const PROMQL_FIELDS = ['query', 'metric', 'latency_query', 'total_query', 'good_query', 'error_query', 'ratio_query'] as const;

/**
 * What parseSpec found about one `resources:` item, remembered by the item's object. An edit
 * re-parses one item (source.ts) and the others keep their objects, so only the edited one is
 * validated and checked again. Only results without any diagnostic are remembered: a diagnostic
 * carries a line and column, which move when lines are inserted above.
 */
const validResources = new WeakMap<object, ResourceSpec>();
const cleanTextItems = new WeakSet<object>();
const cleanVariableItems = new WeakSet<object>();
const cleanResources = new WeakSet<object>();

export function parseSpec(text: string, file = 'service.yaml', options: ParseOptions = {}): ParsedSpec {
  const remember = isRemembering();
  const parsed = parseYaml(text, file);
  const { source } = parsed;
  const diagnostics = [...parsed.diagnostics];
  const empty = (): ParsedSpec => ({ spec: undefined, resources: [], source, diagnostics });
  if (parsed.value === undefined) return empty();

  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push(
      diagnosticAt(
        source,
        [],
        'error',
        'spec/not-a-mapping',
        `the top level must be a mapping with \`service:\` and \`resources:\`, not ${describeValue(value)}`,
        'start the file with `service:` (name, team, tier, type) followed by `resources:`',
      ),
    );
    return empty();
  }
  const top = value as Record<string, unknown>;
  if (top.apiVersion === 'srm/v1' || top.apiVersion === 'opensrm/v1') {
    diagnostics.push(
      diagnosticAt(
        source,
        ['apiVersion'],
        'error',
        'spec/opensrm-unsupported',
        `OpenSRM manifests (${String(top.apiVersion)}) are not supported yet`,
        'write the spec in the NthLayer shape: a `service:` block and a `resources:` list',
      ),
    );
    return empty();
  }
  for (const key of Object.keys(top)) {
    if (!['apiVersion', 'kind', 'service', 'resources'].includes(key)) {
      const s = closest(key, ['service', 'resources', 'apiVersion', 'kind']);
      diagnostics.push(
        diagnosticAt(
          source,
          [key],
          'warning',
          'schema/unknown-field',
          `unknown top-level field \`${key}\`; it is ignored`,
          s ? `did you mean \`${s}\`?` : 'top-level fields are service, resources, apiVersion and kind',
          undefined,
          'key',
        ),
      );
    }
  }

  let service: ServiceBlock | undefined;
  if (top.service === undefined) {
    diagnostics.push(
      diagnosticAt(
        source,
        [],
        'error',
        'schema/missing-field',
        'missing required `service:` block',
        'add `service:` with name, team, tier and type',
      ),
    );
  } else {
    const r = validateWithSchema(ServiceBlockSchema, top.service, source, ['service']);
    diagnostics.push(...r.diagnostics);
    service = r.data;
  }

  const resources: { resource: ResourceSpec; index: number }[] = [];
  if (top.resources !== undefined && top.resources !== null) {
    if (!Array.isArray(top.resources)) {
      diagnostics.push(
        diagnosticAt(
          source,
          ['resources'],
          'error',
          'schema/invalid-type',
          `\`resources\` must be a list (lines starting with -), not ${describeValue(top.resources)}`,
          'write each resource as `- kind: SLO` with name and spec',
        ),
      );
    } else {
      top.resources.forEach((item: unknown, index) => {
        const known = remember && item && typeof item === 'object' ? validResources.get(item) : undefined;
        if (known) {
          resources.push({ resource: known, index });
          return;
        }
        const r = validateResource(item, source, ['resources', index]);
        diagnostics.push(...r.diagnostics);
        if (r.resource) resources.push({ resource: r.resource, index });
        if (remember && r.resource && r.diagnostics.length === 0 && item && typeof item === 'object') validResources.set(item, r.resource);
      });
    }
  }

  for (const d of checkSpecText(value, source, [], remember ? cleanTextItems : undefined)) diagnostics.push(d);
  diagnostics.push(...checkResources(resources, source, remember ? cleanResources : undefined));
  diagnostics.push(...checkVariables(top.resources, source, ['resources'], remember ? cleanVariableItems : undefined));
  if (service && options.checkFileName) diagnostics.push(...checkFileName(service.name, source));
  if (service?.template && !(BUILTIN_TEMPLATE_NAMES as readonly string[]).includes(service.template)) {
    const s = closest(service.template, BUILTIN_TEMPLATE_NAMES);
    diagnostics.push(
      diagnosticAt(
        source,
        ['service', 'template'],
        'error',
        'spec/unknown-template',
        `unknown template \`${service.template}\``,
        s ? `did you mean \`${s}\`?` : `built-in templates: ${BUILTIN_TEMPLATE_NAMES.join(', ')}`,
      ),
    );
  }

  const spec: ServiceSpec | undefined = service
    ? {
        ...(typeof top.apiVersion === 'string' ? { apiVersion: top.apiVersion } : {}),
        ...(typeof top.kind === 'string' ? { kind: top.kind } : {}),
        service,
        resources: resources.map((r) => r.resource),
      }
    : undefined;
  return { spec, resources, source, diagnostics };
}

/** Validates one `{kind, name, spec}` entry, with a clear message for an unknown kind. */
export function validateResource(
  item: unknown,
  source: SourceFile,
  path: SpecPath,
): { resource: ResourceSpec | undefined; diagnostics: Diagnostic[] } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return {
      resource: undefined,
      diagnostics: [
        diagnosticAt(
          source,
          path,
          'error',
          'schema/invalid-type',
          `each resource must be a mapping with kind, name and spec, not ${describeValue(item)}`,
          'write `- kind: SLO`, then `name:` and `spec:` indented under it',
        ),
      ],
    };
  }
  const kind = (item as Record<string, unknown>).kind;
  // `kind:` with nothing after it (half-typed) reads as null: that is a missing kind, not a kind called null.
  if (kind === undefined || kind === null) {
    return {
      resource: undefined,
      diagnostics: [
        diagnosticAt(
          source,
          kind === null ? [...path, 'kind'] : path,
          'error',
          'schema/missing-field',
          kind === null ? '`kind` is empty' : 'resource has no `kind`',
          `${kind === null ? 'write' : 'add `kind:` —'} one of ${RESOURCE_KINDS.join(', ')}`,
        ),
      ],
    };
  }
  if (typeof kind !== 'string' || !(RESOURCE_KINDS as readonly string[]).includes(kind)) {
    const s = typeof kind === 'string' ? closest(kind, RESOURCE_KINDS) : undefined;
    return {
      resource: undefined,
      diagnostics: [
        diagnosticAt(
          source,
          [...path, 'kind'],
          'error',
          'spec/unknown-kind',
          `unknown resource kind ${JSON.stringify(kind)}`,
          s ? `did you mean \`${s}\`?` : `kinds: ${RESOURCE_KINDS.join(', ')}`,
        ),
      ],
    };
  }
  const r = validateWithSchema(RESOURCE_SCHEMAS[kind as ResourceKind], item, source, path);
  return { resource: r.data as ResourceSpec | undefined, diagnostics: r.diagnostics };
}

/** Checks of each resource on its own and of names across them; `clean` as in checkSpecText. */
function checkResources(resources: { resource: ResourceSpec; index: number }[], source: SourceFile, clean?: WeakSet<object>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  for (const { resource, index } of resources) {
    const previous = seen.get(resource.name);
    if (previous !== undefined) {
      out.push(
        diagnosticAt(
          source,
          ['resources', index, 'name'],
          'error',
          'spec/duplicate-name',
          `duplicate resource name \`${resource.name}\` (also used by resources[${previous}])`,
          'give every resource its own name; environment files and templates match resources by kind and name',
        ),
      );
    } else seen.set(resource.name, index);
    if (clean?.has(resource)) continue;
    const before = out.length;
    out.push(...checkResource(resource, index, source));
    if (out.length === before) clean?.add(resource);
  }
  return out;
}

function checkResource(resource: ResourceSpec, index: number, source: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (resource.kind === 'SLO') out.push(...checkSlo(resource.spec, source, ['resources', index, 'spec']));
  if (resource.kind === 'DeploymentGate') {
    resource.spec.conditions?.forEach((c, i) => {
      const { error } = parseCondition(c.when);
      if (!error) return;
      const path: SpecPath = ['resources', index, 'spec', 'conditions', i, 'when'];
      out.push({
        severity: 'error',
        code: 'gate/condition-syntax',
        message: `condition \`${c.name}\`: ${error.message}`,
        path: formatPath(path),
        file: source.file,
        ...positionInScalar(source, path, error.at, error.at + 1),
        hint: 'write comparisons joined by AND, OR and NOT, e.g. "hour >= 9 AND hour <= 17 AND weekday"',
      });
    });
  }
  if (resource.kind === 'Dependencies') {
    resource.spec.databases?.forEach((db, i) => {
      if (!db.type) {
        out.push(
          diagnosticAt(
            source,
            ['resources', index, 'spec', 'databases', i],
            'warning',
            'spec/database-without-type',
            `database \`${db.name ?? i}\` has no \`type\`, so no dashboard row or alerts are generated for it`,
            'add `type:` (postgresql, mysql, mongodb, redis, elasticsearch …)',
          ),
        );
      }
    });
  }
  return out;
}

/** Below this an objective is almost certainly a typo (12 for 99.12); burn-rate paging needs a small budget. */
export const LOW_OBJECTIVE = 50;

/** SLO checks that only need the SLO itself (so environment files get them too). */
export function checkSlo(spec: ResourceSpec['spec'] & object, source: SourceFile, path: SpecPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  const slo = spec as Extract<ResourceSpec, { kind: 'SLO' }>['spec'];
  const objective = slo.objective ?? slo.target;
  const objectiveKey = slo.objective !== undefined ? 'objective' : 'target';
  if (slo.objective !== undefined && slo.target !== undefined && slo.objective !== slo.target) {
    out.push(
      diagnosticAt(
        source,
        [...path, 'target'],
        'warning',
        'slo/objective-and-target',
        `both \`objective\` (${slo.objective}) and \`target\` (${slo.target}) are set; objective is used`,
        'keep only `objective`',
      ),
    );
  }
  if (objective !== undefined) {
    if (objective > 100) {
      out.push(
        diagnosticAt(
          source,
          [...path, objectiveKey],
          'error',
          'slo/objective-range',
          `objective ${objective} is more than 100%: an objective is the percentage of events that must be good`,
          'write a percentage below 100, e.g. 99.9',
        ),
      );
    } else if (objective === 100) {
      out.push(
        diagnosticAt(
          source,
          [...path, objectiveKey],
          'error',
          'slo/objective-100',
          `objective ${objective} leaves no error budget: every burn rate would be infinite`,
          'use a target below 100, e.g. 99.99',
        ),
      );
    } else if (objective <= 0) {
      out.push(
        diagnosticAt(
          source,
          [...path, objectiveKey],
          'error',
          'slo/objective-range',
          `objective must be a percentage strictly between 0 and 100 (got ${objective})`,
          'write the target as a percentage, e.g. 99.9',
        ),
      );
    } else if (objective < 1) {
      out.push(
        diagnosticAt(
          source,
          [...path, objectiveKey],
          'warning',
          'slo/objective-looks-like-ratio',
          `objective ${objective} reads as ${objective}%; it looks like a ratio`,
          `write it as a percentage: ${+(objective * 100).toFixed(6)}`,
        ),
      );
    } else if (objective < LOW_OBJECTIVE) {
      out.push(
        diagnosticAt(
          source,
          [...path, objectiveKey],
          'warning',
          'slo/objective-low',
          `objective ${objective}% lets ${+(100 - objective).toFixed(6)}% of events fail; service objectives are usually 90% to 99.99%`,
          'write the share of events that must be good, e.g. 99.9; at this objective the fast burn-rate tiers cannot fire and are not generated',
        ),
      );
    } else if (objective > 99.99) {
      out.push(
        diagnosticAt(
          source,
          [...path, objectiveKey],
          'info',
          'slo/objective-extreme',
          `objective ${objective}% leaves very little budget; burn-rate alerts degenerate into "alert on any sustained error"`,
          'check the objective is realistic for the dependencies (SRE Workbook: extreme availability goals)',
        ),
      );
    }
  }
  const indicators: { value: Record<string, unknown>; path: SpecPath }[] = [];
  if (slo.indicator) indicators.push({ value: slo.indicator as Record<string, unknown>, path: [...path, 'indicator'] });
  slo.indicators?.forEach((ind, i) => indicators.push({ value: ind as Record<string, unknown>, path: [...path, 'indicators', i] }));
  if (slo.indicators && slo.indicators.length > 1) {
    out.push(
      diagnosticAt(
        source,
        [...path, 'indicators', 1],
        'warning',
        'slo/extra-indicators',
        `only the first of ${slo.indicators.length} indicators is used`,
        'define one SLO per indicator',
      ),
    );
  }
  for (const ind of indicators) {
    for (const group of [
      ind,
      ...(['success_ratio', 'success_rate'] as const)
        .filter((k) => ind.value[k] && typeof ind.value[k] === 'object')
        .map((k) => ({ value: ind.value[k] as Record<string, unknown>, path: [...ind.path, k] })),
    ]) {
      for (const f of PROMQL_FIELDS) {
        const q = group.value[f];
        if (typeof q !== 'string') continue;
        for (const err of parsePromql(q).errors.slice(0, 1)) {
          out.push({
            severity: 'error',
            code: 'promql/syntax',
            message: `PromQL syntax error in \`${f}\`: ${err.message}`,
            path: formatPath([...group.path, f]),
            file: source.file,
            ...positionInScalar(source, [...group.path, f], err.from, err.to),
            hint: 'check brackets, quotes and commas; the query must parse as Prometheus would',
          });
        }
      }
      if (group.value.good_query !== undefined && group.value.error_query !== undefined) {
        out.push(
          diagnosticAt(
            source,
            [...group.path, 'error_query'],
            'error',
            'slo/good-and-error',
            'give either `good_query` or `error_query`, not both',
            'keep the one that counts events directly; the other is total minus it',
          ),
        );
      }
    }
  }
  return out;
}

/**
 * Warns about `${var}` references that will not be substituted (at most a file's worth). `clean`
 * holds items of the list at `path` known to have none (what is found does not depend on the index).
 */
function checkVariables(value: unknown, source: SourceFile, path: SpecPath, clean?: WeakSet<object>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (v: unknown, p: SpecPath): void => {
    if (out.length > MAX_DIAGNOSTICS_PER_FILE) return;
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\$\{(\w+)\}/g)) {
        if ((KNOWN_VARIABLES as readonly string[]).includes(m[1]!)) continue;
        // Past the cap, compile() reports "N more"; positioning the rest would be wasted work.
        if (out.length > MAX_DIAGNOSTICS_PER_FILE) return;
        const s = closest(m[1]!, KNOWN_VARIABLES);
        out.push({
          severity: 'warning',
          code: 'spec/unknown-variable',
          message: `unknown variable \${${m[1]}} is left as written`,
          path: formatPath(p),
          file: source.file,
          ...positionInScalar(source, p, m.index, m.index + m[0].length),
          hint: s ? `did you mean \${${s}}?` : `variables: ${KNOWN_VARIABLES.map((k) => `\${${k}}`).join(', ')}`,
        });
      }
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, [...p, k]);
  };
  if (clean && Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      if (!item || typeof item !== 'object') return visit(item, [...path, i]);
      if (clean.has(item)) return;
      const before = out.length;
      visit(item, [...path, i]);
      if (out.length === before && before <= MAX_DIAGNOSTICS_PER_FILE) clean.add(item);
    });
  } else visit(value, path);
  return out;
}

function checkFileName(name: string, source: SourceFile): Diagnostic[] {
  const base = source.file.split(/[\\/]/).pop() ?? source.file;
  const stem = base.replace(/\.(reliability\.)?ya?ml$/, '');
  if (stem === name || stem.startsWith(`${name}-`) || stem.startsWith(`${name}.`)) return [];
  return [
    diagnosticAt(
      source,
      ['service', 'name'],
      'warning',
      'spec/file-name',
      `file name \`${base}\` does not match the service name \`${name}\``,
      `rename the file to ${name}.yaml so environment overrides (environments/${name}-<env>.yaml) are found`,
    ),
  ];
}

export interface ParsedEnvironment {
  override: EnvironmentOverride | undefined;
  source: SourceFile;
  diagnostics: Diagnostic[];
}

/** Parses an environment override file (`environments/<env>.yaml`). */
export function parseEnvironment(text: string, file: string): ParsedEnvironment {
  const parsed = parseYaml(text, file);
  const { source } = parsed;
  const diagnostics = [...parsed.diagnostics];
  if (parsed.value === undefined) return { override: undefined, source, diagnostics };
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    diagnostics.push(
      diagnosticAt(
        source,
        [],
        'error',
        'spec/not-a-mapping',
        `an environment file must be a mapping with \`environment:\`, not ${describeValue(parsed.value)}`,
        'start the file with `environment: <name>`',
      ),
    );
    return { override: undefined, source, diagnostics };
  }
  const r = validateWithSchema(EnvironmentOverrideSchema, parsed.value, source, []);
  diagnostics.push(...r.diagnostics);
  if (r.data) diagnostics.push(...checkVariables((parsed.value as Record<string, unknown>).resources, source, ['resources']));
  for (const d of checkSpecText(parsed.value, source)) diagnostics.push(d);
  return { override: r.data, source, diagnostics };
}
