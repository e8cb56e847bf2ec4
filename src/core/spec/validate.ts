/**
 * Schema validation of a parsed YAML document, with every zod issue turned into a positioned
 * diagnostic that says what to write instead.
 */
import type { z } from 'zod';
import type { Diagnostic, Severity, SpecPath } from './diagnostics.ts';
import { diagnosticAt, type SourceFile } from './source.ts';

type Issue = z.core.$ZodIssue;

export interface SchemaResult<T> {
  data: T | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Validates `value` (found at `base` in the document) against `schema`. Unknown keys are
 * warnings, not errors: they are dropped and the rest of the value is still validated and used.
 */
export function validateWithSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: SourceFile,
  base: SpecPath,
): SchemaResult<z.output<S>> {
  const diagnostics: Diagnostic[] = [];
  let current = value;
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = schema.safeParse(current, { reportInput: true });
    if (result.success) return { data: result.data, diagnostics };
    const unknownKeys = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    const others = result.error.issues.filter((i) => i.code !== 'unrecognized_keys');
    const ctx = issueContext(current, unknownKeys, others, schema);
    for (const issue of unknownKeys) diagnostics.push(...issueDiagnostics(issue, source, base, schema, ctx));
    if (others.length > 0) {
      for (const issue of others) diagnostics.push(...issueDiagnostics(issue, source, base, schema, ctx));
      return { data: undefined, diagnostics: dedupe(diagnostics) };
    }
    current = withoutKeys(current, unknownKeys);
  }
  return { data: undefined, diagnostics };
}

function withoutKeys(value: unknown, issues: Issue[]): unknown {
  const copy = structuredClone(value);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let target: unknown = copy;
    for (const p of issue.path) target = (target as Record<PropertyKey, unknown>)[p as string];
    if (target && typeof target === 'object') for (const k of issue.keys) delete (target as Record<string, unknown>)[k];
  }
  return copy;
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.path}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What every issue of one validation pass may need to know about the others: the keys present in
 * each mapping (a suggestion never names a key that is already there) and, for a missing required
 * field, the unknown key in the same mapping that is its misspelling (`teir` for `tier`).
 */
interface IssueContext {
  value: unknown;
  /** Unknown key → the missing field it misspells, keyed by `<parent path>\u0000<key>`. */
  misspelt: Map<string, string>;
}

const parentKey = (path: readonly PropertyKey[], key: string): string => `${JSON.stringify(path)}\u0000${key}`;

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p as string] : undefined;
  return v;
}

function presentKeys(value: unknown, path: readonly PropertyKey[]): string[] {
  const v = valueAt(value, path);
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

function isMissing(issue: Issue): boolean {
  return (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined;
}

function issueContext(value: unknown, unknownKeys: Issue[], others: Issue[], root: z.ZodType): IssueContext {
  const misspelt = new Map<string, string>();
  for (const issue of others) {
    if (!isMissing(issue) || issue.path.length === 0) continue;
    const parent = issue.path.slice(0, -1);
    const field = String(issue.path[issue.path.length - 1]);
    const candidates = unknownKeys
      .filter((u) => u.code === 'unrecognized_keys' && JSON.stringify(u.path) === JSON.stringify(parent))
      .flatMap((u) => (u.code === 'unrecognized_keys' ? u.keys : []))
      .filter((k) => !misspelt.has(parentKey(parent, k)));
    // The unknown key this field is closest to, and that is closest to this field among the known keys.
    const typo = candidates.find((k) => closest(k, unusedKeys(root, value, parent)) === field);
    if (typo) misspelt.set(parentKey(parent, typo), field);
  }
  return { value, misspelt };
}

/** Known keys of the mapping at `path` that the document does not use yet. */
function unusedKeys(root: z.ZodType, value: unknown, path: readonly PropertyKey[]): string[] {
  const present = new Set(presentKeys(value, path));
  return knownKeys(root, path as (string | number)[]).filter((k) => !present.has(k));
}

function issueDiagnostics(issue: Issue, source: SourceFile, base: SpecPath, root: z.ZodType, ctx: IssueContext): Diagnostic[] {
  const path = [...base, ...(issue.path as (string | number)[])];
  const field = lastName(path);
  const description = describeAt(root, issue.path as (string | number)[]);
  const hintFromDescription = description ? `${field}: ${firstSentence(description)}` : undefined;
  const at = (
    severity: Severity,
    code: string,
    message: string,
    hint?: string,
    p: SpecPath = path,
    want: 'key' | 'value' = 'value',
    suggestion?: string,
  ): Diagnostic => {
    const d = diagnosticAt(source, p, severity, code, message, hint, undefined, want);
    return suggestion ? { ...d, suggestion } : d;
  };
  const missing = (): Diagnostic[] => {
    const parent = issue.path.slice(0, -1);
    const typo = [...ctx.misspelt.entries()]
      .find(([k, f]) => f === field && k.startsWith(`${JSON.stringify(parent)}\u0000`))?.[0]
      .split('\u0000')[1];
    if (typo) {
      return [
        at(
          'error',
          'schema/missing-field',
          `missing required field \`${field}\`: \`${typo}\` looks like a misspelling of it`,
          `rename \`${typo}\` to \`${field}\``,
          [...path.slice(0, -1), typo],
          'key',
          field,
        ),
      ];
    }
    // At the mapping's own key (`service:`), not at its first field.
    return [
      at(
        'error',
        'schema/missing-field',
        `missing required field \`${field}\``,
        description ? `add \`${field}:\` (${firstSentence(description)})` : `add \`${field}:\``,
        path.slice(0, -1),
        path.length > 1 ? 'key' : 'value',
      ),
    ];
  };

  switch (issue.code) {
    case 'unrecognized_keys': {
      const unused = unusedKeys(root, ctx.value, issue.path);
      const known = knownKeys(root, issue.path as (string | number)[]);
      // A key reported as the misspelling of a missing field is said once, by that error.
      return issue.keys
        .filter((key) => !ctx.misspelt.has(parentKey(issue.path, key)))
        .map((key) => {
          const suggestion = closest(key, unused);
          return at(
            'warning',
            'schema/unknown-field',
            `unknown field \`${key}\`${field ? ` in ${field}` : ''}; it is ignored`,
            suggestion ? `did you mean \`${suggestion}\`?` : known.length ? `known fields: ${known.join(', ')}` : undefined,
            [...path, key],
            'key',
            suggestion,
          );
        });
    }
    case 'invalid_type': {
      if (issue.input === undefined) return missing();
      return [
        at(
          'error',
          'schema/invalid-type',
          `\`${field}\` must be ${article(issue.expected)}, not ${describeValue(issue.input)}`,
          hintFromDescription,
        ),
      ];
    }
    case 'invalid_value': {
      if (issue.input === undefined) return missing();
      const values = issue.values.map(String);
      const got = ` (got ${describeValue(issue.input)})`;
      if (values.length === 1 && field === 'kind') {
        return [at('error', 'schema/invalid-value', `\`kind\` must be ${values[0]}${got}`)];
      }
      const suggestion = typeof issue.input === 'string' ? closest(issue.input, values) : undefined;
      return [
        at(
          'error',
          'schema/invalid-value',
          `\`${field}\` must be one of ${values.join(', ')}${got}`,
          suggestion ? `did you mean \`${suggestion}\`?` : hintFromDescription,
          path,
          'value',
          suggestion,
        ),
      ];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const cmp = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
      const what =
        issue.origin === 'string'
          ? `${cmp} ${bound} characters long`
          : issue.origin === 'array'
            ? `${cmp} ${bound} items`
            : `${cmp} ${bound}`;
      return [at('error', 'schema/out-of-range', `\`${field}\` must be ${what}`, hintFromDescription)];
    }
    case 'invalid_format':
      return [
        at(
          'error',
          'schema/invalid-format',
          `\`${field}\` ${issue.message}${issue.input !== undefined ? ` (got ${describeValue(issue.input)})` : ''}`,
          hintFromDescription,
        ),
      ];
    case 'invalid_union': {
      if (issue.discriminator) {
        return [at('error', 'schema/invalid-value', `\`${issue.discriminator}\` has an unknown value`, hintFromDescription)];
      }
      // Report the branch that got furthest: the one whose first issue has the longest path.
      const best = [...issue.errors].sort((a, b) => deepest(b) - deepest(a))[0];
      if (best && best.length > 0)
        return best.flatMap((i) => issueDiagnostics({ ...i, path: [...issue.path, ...i.path] } as Issue, source, base, root, ctx));
      return [at('error', 'schema/invalid-shape', `\`${field}\` does not have an accepted shape`, hintFromDescription)];
    }
    case 'invalid_key':
      return [
        at('error', 'schema/invalid-key', `invalid key in \`${field}\`: ${issue.issues[0]?.message ?? issue.message}`, hintFromDescription),
      ];
    default:
      return [at('error', 'schema/invalid', `\`${field}\`: ${issue.message}`, hintFromDescription)];
  }
}

function deepest(issues: Issue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

function lastName(path: SpecPath): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (typeof p === 'string') return p;
  }
  return 'document';
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping (key: value lines)',
    array: 'a list (lines starting with -)',
    record: 'a mapping',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false',
    int: 'a whole number',
  };
  return names[expected] ?? `a ${expected}`;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function firstSentence(s: string): string {
  const m = /^(.*?[.!?])(\s|$)/.exec(s);
  return (m ? m[1]! : s).trim();
}

/** Walks a zod schema along a data path to read the description of the field there. */
function schemaAt(root: z.ZodType, path: (string | number)[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  for (const part of path) {
    s = s ? step(s, part) : undefined;
  }
  return s;
}

function step(s: z.ZodType, part: string | number): z.ZodType | undefined {
  const def = (s as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return step(def.innerType as z.ZodType, part);
    case 'object':
      return (def.shape as Record<string, z.ZodType>)[String(part)];
    case 'array':
      return def.element as z.ZodType;
    case 'record':
      return def.valueType as z.ZodType;
    case 'union': {
      for (const o of def.options as z.ZodType[]) {
        const r = step(o, part);
        if (r) return r;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function describeAt(root: z.ZodType, path: (string | number)[]): string | undefined {
  const s = schemaAt(root, path);
  return s?.description ?? unwrapOptional(s)?.description;
}

function unwrapOptional(s: z.ZodType | undefined): z.ZodType | undefined {
  if (!s) return undefined;
  const def = (s as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') return unwrapOptional(def.innerType as z.ZodType);
  return s;
}

function knownKeys(root: z.ZodType, path: (string | number)[]): string[] {
  const s = unwrapOptional(schemaAt(root, path));
  if (!s) return [];
  const def = (s as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (def.type === 'object') return Object.keys(def.shape as object);
  return [];
}

/**
 * The closest candidate by edit distance, when it is close enough to be a typo. Swapped
 * neighbours count as one edit (`teir` is one step from `tier`, two from `team`); ties go to
 * the candidate listed first.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(input.toLowerCase(), c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
