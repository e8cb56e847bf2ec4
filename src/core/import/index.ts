/**
 * `importSpecs`: Sloth, OpenSLO and Pyrra files → NthLayer specs (YAML text) + diagnostics in the
 * source files. Pure: texts in, texts out. The format of each document is detected from its
 * `version` / `apiVersion` / `kind`; a file may hold many documents of several formats.
 */
import { WORKBOOK_TIERS } from '../budget/windows.ts';
import { sortDiagnostics, type Diagnostic, type SpecPath } from '../spec/diagnostics.ts';
import { positionAt } from '../spec/source.ts';
import { formatDuration, parseDuration } from '../units.ts';
import { assemble } from './assemble.ts';
import { isRecord, reader, readObjects, type Reader, type SourceObject } from './documents.ts';
import { serviceName, serviceRegistry, type ServiceDraft } from './drafts.ts';
import {
  checkReferenced,
  indexKey,
  OPENSLO_V1,
  OPENSLO_V1ALPHA,
  readOpenSloService,
  readOpenSloSlo,
  type OpenSloIndex,
} from './openslo.ts';
import { PYRRA_API_VERSION, readPyrra } from './pyrra.ts';
import { readSloth, SLOTH_API_VERSION, SLOTH_VERSION } from './sloth.ts';
import {
  IMPORT_FORMATS,
  type ImportedDocument,
  type ImportFormat,
  type ImportInput,
  type ImportOptions,
  type ImportResult,
} from './types.ts';

export {
  IMPORT_FORMATS,
  type ImportedDocument,
  type ImportedSpec,
  type ImportFormat,
  type ImportInput,
  type ImportOptions,
  type ImportResult,
} from './types.ts';
export { PLACEHOLDER_TEAM } from './assemble.ts';

/** Sloth's default SLO period (`--default-slo-period`). */
export const SLOTH_DEFAULT_PERIOD = '30d';

export interface Detected {
  format?: ImportFormat;
  /** What the document is, for messages: `Sloth prometheus/v1`, `OpenSLO v1 SLI`, … */
  kind: string;
  /** Why it cannot be imported, when it cannot. */
  problem?: { message: string; hint?: string; at: string[] };
}

/** Which format a document is, from its version, apiVersion and kind. */
export function detectFormat(value: unknown): Detected {
  if (!isRecord(value)) return { kind: 'not a mapping', problem: { message: 'the document is not a mapping of fields', at: [] } };
  const { version, apiVersion, kind } = value;
  if (version === SLOTH_VERSION) return { format: 'sloth', kind: 'Sloth prometheus/v1' };
  if (typeof version === 'string' && version.startsWith('prometheus/')) {
    return {
      kind: `Sloth ${version}`,
      problem: { message: `unsupported Sloth spec version \`${version}\``, hint: `Sloth specs are ${SLOTH_VERSION}`, at: ['version'] },
    };
  }
  if (apiVersion === SLOTH_API_VERSION) {
    if (kind === 'PrometheusServiceLevel') return { format: 'sloth', kind: 'Sloth PrometheusServiceLevel' };
    if (kind === 'AlertWindows') return { format: 'sloth', kind: 'Sloth AlertWindows' };
    return {
      format: 'sloth',
      kind: `Sloth ${String(kind)}`,
      problem: { message: `unsupported Sloth kind \`${String(kind)}\``, hint: 'Sloth SLOs are kind PrometheusServiceLevel', at: ['kind'] },
    };
  }
  if (apiVersion === OPENSLO_V1 || apiVersion === OPENSLO_V1ALPHA) {
    const k = String(kind);
    const known =
      apiVersion === OPENSLO_V1
        ? ['SLO', 'SLI', 'Service', 'DataSource', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget']
        : ['SLO', 'Service'];
    const name = `OpenSLO ${apiVersion === OPENSLO_V1 ? 'v1' : 'v1alpha'} ${k}`;
    if (!known.includes(k))
      return {
        format: 'openslo',
        kind: name,
        problem: { message: `unknown OpenSLO kind \`${k}\``, hint: `kinds: ${known.join(', ')}`, at: ['kind'] },
      };
    return { format: 'openslo', kind: name };
  }
  if (typeof apiVersion === 'string' && /^openslo(\.com)?\//.test(apiVersion)) {
    return {
      format: 'openslo',
      kind: `OpenSLO ${apiVersion}`,
      problem: {
        message: `unsupported OpenSLO version \`${apiVersion}\``,
        hint: 'NthLayer imports openslo/v1 and openslo/v1alpha',
        at: ['apiVersion'],
      },
    };
  }
  if (apiVersion === PYRRA_API_VERSION) {
    if (kind === 'ServiceLevelObjective') return { format: 'pyrra', kind: 'Pyrra ServiceLevelObjective' };
    return {
      format: 'pyrra',
      kind: `Pyrra ${String(kind)}`,
      problem: {
        message: `unsupported Pyrra kind \`${String(kind)}\``,
        hint: 'Pyrra objectives are kind ServiceLevelObjective',
        at: ['kind'],
      },
    };
  }
  if (isRecord(value.service) && 'resources' in value) {
    return {
      kind: 'NthLayer spec',
      problem: {
        message: 'this is already an NthLayer spec; there is nothing to import',
        hint: 'run nthlayer validate on it instead',
        at: ['service'],
      },
    };
  }
  if (typeof value.service === 'string' && Array.isArray(value.slos)) return { kind: 'Sloth spec without version', format: 'sloth' };
  return {
    kind: 'unknown',
    problem: {
      message:
        'not a Sloth, OpenSLO or Pyrra document (no version: prometheus/v1, and no apiVersion sloth.slok.dev/v1, openslo/v1, openslo/v1alpha or pyrra.dev/v1alpha1)',
      hint: 'pass the SLO definitions themselves; --from tells which format you expect',
      at: [],
    },
  };
}

/** What is wrong with the options, for the shells to refuse them before importing (undefined: fine). */
export function checkImportOptions(options: ImportOptions): string | undefined {
  if (options.from !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(options.from)) {
    return `--from must be one of ${IMPORT_FORMATS.join(', ')}`;
  }
  if (options.service !== undefined && serviceName(options.service) !== options.service) {
    return `--service ${JSON.stringify(options.service)} is not a service name: use lowercase letters, digits and dashes, starting with a letter (e.g. ${serviceName(options.service)})`;
  }
  if (options.defaultSloPeriod !== undefined && !(parseDuration(options.defaultSloPeriod)! > 0)) {
    return `--default-slo-period ${JSON.stringify(options.defaultSloPeriod)} is not a duration such as 30d or 28d`;
  }
  return undefined;
}

export function importSpecs(inputs: readonly ImportInput[], options: ImportOptions = {}): ImportResult {
  const sink: Diagnostic[] = [];
  const objects: { o: SourceObject; r: Reader; d: Detected }[] = [];
  for (const input of inputs) {
    for (const o of readObjects(input, sink)) objects.push({ o, r: reader(o, sink), d: detectFormat(o.value) });
  }
  const service = options.service !== undefined ? serviceName(options.service) : undefined;
  const { serviceFor, services } = serviceRegistry();
  const documents: (ImportedDocument & { r: Reader; broken?: boolean })[] = [];
  const usable: typeof objects = [];
  for (const x of objects) {
    const { o, r, d } = x;
    if (o.broken) {
      documents.push({
        file: o.file,
        line: positionAt(o.source, [], 'value').line,
        kind: 'invalid YAML',
        imported: false,
        r,
        broken: true,
      });
      continue;
    }
    documents.push({
      file: o.file,
      line: positionAt(o.source, o.base, 'value').line,
      kind: d.kind,
      ...(d.format ? { format: d.format } : {}),
      imported: true,
      r,
    });
    if (d.problem) {
      r.report(
        d.problem.at,
        'error',
        'import/unsupported-document',
        `${d.problem.message}; not imported`,
        d.problem.hint,
        d.problem.at.length ? 'value' : 'value',
      );
      continue;
    }
    if (options.from && d.format !== options.from) {
      r.report(
        [],
        'error',
        'import/wrong-format',
        `this is a ${d.kind} document, but --from ${options.from} was given; not imported`,
        'drop --from to import every format, or pass only files of that format',
      );
      continue;
    }
    usable.push(x);
  }

  // Sloth's period: --default-slo-period, else the period of a single AlertWindows document, else 30d.
  let period =
    options.defaultSloPeriod !== undefined
      ? formatDuration(parseDuration(options.defaultSloPeriod) ?? parseDuration(SLOTH_DEFAULT_PERIOD)!)
      : undefined;
  const windowDocs = usable.filter((x) => x.d.kind === 'Sloth AlertWindows');
  for (const w of windowDocs) {
    const p = alertWindows(w.r, w.o.value as Record<string, unknown>);
    if (p && period === undefined && windowDocs.length === 1) {
      period = p;
      w.r.report(
        ['spec', 'sloPeriod'],
        'info',
        'import/sloth-period',
        `Sloth SLOs in this import get the ${p} period of these alert windows`,
        'pass --default-slo-period to choose another',
        'key',
      );
    }
  }
  const slothCtx = { period: period ?? SLOTH_DEFAULT_PERIOD, periodGiven: period !== undefined, ...(service ? { service } : {}) };

  const index: OpenSloIndex = new Map();
  for (const { o, r, d } of usable) {
    if (d.format !== 'openslo' || !isRecord(o.value)) continue;
    const kind = String(o.value.kind);
    if (kind === 'SLO' || kind === 'Service') continue;
    const name = isRecord(o.value.metadata) && typeof o.value.metadata.name === 'string' ? o.value.metadata.name : undefined;
    if (!name) {
      r.report(['metadata'], 'error', 'import/missing-field', `an OpenSLO ${kind} needs metadata.name; not imported`, undefined, 'key');
      continue;
    }
    const key = indexKey(kind, name);
    if (index.has(key)) {
      r.report(
        ['metadata', 'name'],
        'warning',
        'import/duplicate-object',
        `another ${kind} named \`${name}\` was read first; this one is not used`,
      );
      continue;
    }
    index.set(key, { r, value: o.value, kind, name, used: false });
  }

  for (const { o, r, d } of usable) {
    const value = o.value as Record<string, unknown>;
    const bind =
      (format: string) =>
      (name: string, at: SpecPath): ServiceDraft =>
        serviceFor(name, r, at, format);
    if (d.format === 'sloth' && d.kind !== 'Sloth AlertWindows') {
      readSloth(r, value, documentPeriod(o.source.doc, slothCtx, options.defaultSloPeriod !== undefined) ?? slothCtx, serviceFor);
    } else if (d.format === 'openslo') {
      if (value.kind === 'SLO') readOpenSloSlo(r, value, { index, ...(service ? { service } : {}) }, bind(d.kind.replace(/ SLO$/, '')));
      else if (value.kind === 'Service') {
        const name = isRecord(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : undefined;
        if (!name)
          r.report(['metadata'], 'error', 'import/missing-field', 'an OpenSLO Service needs metadata.name; not imported', undefined, 'key');
        else
          readOpenSloService(r, value, serviceFor(service ?? serviceName(name), r, ['metadata', 'name'], d.kind.replace(/ Service$/, '')));
      }
    } else if (d.format === 'pyrra') {
      readPyrra(r, value, service ? { service } : {}, bind('Pyrra ServiceLevelObjective'));
    }
  }
  for (const o of index.values()) {
    checkReferenced(o);
    if (!o.used) o.r.report(['kind'], 'info', 'import/unused', `this ${o.kind} is not used by any imported SLO; not imported`);
  }

  const specs = assemble(services());
  const out: ImportedDocument[] = documents.map(({ r, broken, ...doc }) => ({ ...doc, imported: !broken && !r.errorsSince(0) }));
  // An object used by several SLOs is read once per use; say each thing about it once.
  const seen = new Set<string>();
  const diagnostics = sortDiagnostics(
    sink.filter((d) => {
      const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
  return { specs, documents: out, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
}

/**
 * A Sloth `AlertWindows` catalog: its period, and a warning when its tiers differ from the
 * Workbook's (NthLayer computes its tiers; custom budget shares and windows are not carried over).
 */
function alertWindows(r: Reader, value: Record<string, unknown>): string | undefined {
  r.keys(value, [], ['apiVersion', 'kind', 'metadata', 'spec'], 'a Sloth AlertWindows');
  if (value.metadata !== undefined)
    r.report(['metadata'], 'info', 'import/kubernetes-metadata', 'Kubernetes metadata is not imported', undefined, 'key');
  const spec = r.map(value.spec, ['spec']);
  if (!spec) return undefined;
  r.keys(spec, ['spec'], ['sloPeriod', 'page', 'ticket'], 'a Sloth AlertWindows spec');
  const periodText = r.string(spec.sloPeriod, ['spec', 'sloPeriod']);
  const seconds = periodText ? parseDuration(periodText) : undefined;
  if (!seconds) {
    r.report(['spec'], 'error', 'import/missing-field', 'AlertWindows need a sloPeriod such as 30d', undefined, 'key');
    return undefined;
  }
  const expected: Record<string, { budget: number; short: string; long: string }> = {};
  for (const t of WORKBOOK_TIERS) {
    expected[`${t.kind}.${t.name.endsWith('fast') ? 'quick' : 'slow'}`] = {
      budget: t.budgetFraction * 100,
      short: formatDuration(t.shortWindow),
      long: formatDuration(t.longWindow),
    };
  }
  for (const [key, want] of Object.entries(expected)) {
    const [kind, speed] = key.split('.') as [string, string];
    const tier = isRecord(spec[kind]) ? (spec[kind] as Record<string, unknown>)[speed] : undefined;
    if (!isRecord(tier)) continue;
    const budget = tier.errorBudgetPercent;
    const short = normalDuration(tier.shortWindow);
    const long = normalDuration(tier.longWindow);
    if (budget !== want.budget || short !== want.short || long !== want.long) {
      r.report(
        ['spec', kind, speed],
        'warning',
        'import/alert-windows',
        `unsupported: custom ${kind} ${speed} window (${String(budget)}% over ${String(tier.longWindow)}/${String(tier.shortWindow)}); NthLayer uses the Workbook's ${want.budget}% over ${want.long}/${want.short}`,
        "NthLayer scales each tier's factor to the SLO window; its windows are fixed",
        'key',
      );
    }
  }
  return formatDuration(seconds);
}

function normalDuration(v: unknown): string | undefined {
  const s = typeof v === 'string' ? parseDuration(v) : undefined;
  return s === undefined ? undefined : formatDuration(s);
}

/**
 * The period a document's own comment names: NthLayer's sloth.yaml writes one document per SLO
 * window, each after a comment with the `--default-slo-period` it needs. A period given on the
 * command line wins.
 */
function documentPeriod(
  doc: { contents?: unknown } | undefined,
  ctx: { period: string; periodGiven: boolean; service?: string },
  flagGiven: boolean,
): typeof ctx | undefined {
  if (flagGiven || !doc) return undefined;
  const comment = (doc.contents as { commentBefore?: string | null } | null | undefined)?.commentBefore ?? '';
  const m = /--default-slo-period[= ](\S+)/.exec(comment);
  const seconds = m ? parseDuration(m[1]!) : undefined;
  return seconds ? { ...ctx, period: formatDuration(seconds), periodGiven: true } : undefined;
}
