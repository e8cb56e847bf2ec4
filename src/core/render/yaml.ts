/**
 * The only place that turns generated data into YAML text. Deterministic: keys in the order the
 * generator built them, fixed line width, no anchors, block scalars for multi-line PromQL.
 */
import { stringify } from 'yaml';

export function renderYaml(value: unknown, header?: string): string {
  const body = stringify(value, {
    indent: 2,
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
    blockQuote: 'literal',
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    singleQuote: false,
  });
  return header ? `${header.trimEnd()}\n${body}` : body;
}

/** Comment lines for a file header. */
export function yamlComment(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${l}` : '#')).join('\n');
}

/**
 * A multi-document YAML stream: each document after a `---` line (and its comment lines, if any).
 * Documents are remembered by content like rules are (one OpenSLO document per SLO).
 */
export function renderYamlDocuments(docs: readonly unknown[], header?: string, comments?: readonly (readonly string[])[]): string {
  const body = docs.map((d, i) => `---\n${comments?.[i]?.length ? `${yamlComment(comments[i]!)}\n` : ''}${cached('doc', d, () => renderYaml(d))}`).join('');
  return header ? `${header.trimEnd()}\n${body}` : body;
}

// Large enough for a 1 000-SLO spec's rules and documents, so a regeneration never thrashes it.
const RULE_CACHE_LIMIT = 200_000;
const ruleCache = new Map<string, string>();

/** Rendered text by the JSON of what was rendered (and how: the render function is fixed per call site). */
const byIdentity = { doc: new WeakMap<object, string>(), rule: new WeakMap<object, string>() };

function cached(kind: 'doc' | 'rule', value: unknown, render: () => string): string {
  // Generators hand back the same objects for unchanged SLOs (memo.ts): those need no key at all.
  const same = typeof value === 'object' && value !== null ? byIdentity[kind].get(value) : undefined;
  if (same !== undefined) return same;
  const key = `${kind}${JSON.stringify(value)}`;
  let text = ruleCache.get(key);
  if (text === undefined) {
    text = render();
    if (ruleCache.size >= RULE_CACHE_LIMIT) ruleCache.clear();
    ruleCache.set(key, text);
  }
  if (typeof value === 'object' && value !== null) byIdentity[kind].set(value, text);
  return text;
}

function indentLines(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((l) => (l === '' ? l : pad + l)).join('\n');
}

function isRuleFile(v: unknown): v is { groups: { rules: unknown[] }[] } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const groups = (v as { groups?: unknown }).groups;
  return keys.length === 1 && Array.isArray(groups) && groups.every((g) => g && typeof g === 'object' && Array.isArray((g as { rules?: unknown }).rules) && (g as { rules: unknown[] }).rules.length > 0);
}

/**
 * Rule files (`groups:` of rules) rendered rule by rule, each rule's text remembered by its
 * content: while someone types, most rules (technology packs, other SLOs) do not change, so the
 * preview re-renders only the ones that did. The bytes are exactly renderYaml's (tests compare).
 */
export function renderRuleFile(value: unknown, header?: string): string {
  if (!isRuleFile(value)) return renderYaml(value, header);
  // Parts joined once: one flat string, not a rope of thousands of pieces.
  const parts: string[] = header ? [`${header.trimEnd()}\n`, 'groups:\n'] : ['groups:\n'];
  for (const group of value.groups) {
    const { rules, ...head } = group as { rules: unknown[] } & Record<string, unknown>;
    parts.push(`${indentLines(renderYaml([head]), 2)}    rules:\n`);
    for (const rule of rules) parts.push(cached('rule', rule, () => indentLines(renderYaml([rule]), 6)));
  }
  return parts.join('');
}
