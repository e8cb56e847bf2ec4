/**
 * Where the cursor is in a block-style YAML spec, read from indentation alone (the document is
 * usually half-typed while completing, so it may not parse): the keys above the cursor line and
 * the `kind:` of the resource it is in. Plain string work, no Monaco, so it is tested directly.
 */

export interface YamlContext {
  /** Keys from the top of the document to the key on the cursor line (`['resources', 'spec', 'databases', 'type']`). */
  path: string[];
  /** The key being written on the cursor line, if the line is `key: value…`. */
  key?: string;
  /** The value typed so far after `key:`. */
  value: string;
  /** `kind:` of the enclosing `resources:` item, when the cursor is inside one. */
  resourceKind?: string;
  /** True on a blank line or bare `-` directly under `resources:` (where a resource snippet fits). */
  resourceSlot: boolean;
}

interface Line {
  /** Column of the key (after a list dash). */
  indent: number;
  /** Column of the list dash, for `- …` lines. */
  dash?: number;
  key?: string;
  value: string;
}

function parseLine(line: string): Line | undefined {
  if (line.trim() === '' || line.trimStart().startsWith('#')) return undefined;
  const m = /^(\s*)(-\s*)?([A-Za-z_][\w.-]*)?\s*(:)?\s?(.*)$/.exec(line);
  if (!m) return undefined;
  const dash = m[2] ?? '';
  const hasKey = m[4] === ':' && m[3] !== undefined;
  return {
    indent: m[1]!.length + dash.length,
    ...(dash ? { dash: m[1]!.length } : {}),
    ...(hasKey ? { key: m[3]! } : {}),
    value: hasKey ? (m[5] ?? '').replace(/\s+#.*$/, '').trim() : '',
  };
}

/** The `kind:` of the `resources:` item that holds line `at` (0-based), if any. */
function resourceKindAt(lines: readonly string[], at: number): string | undefined {
  let top = -1;
  for (let i = at; i >= 0; i--) {
    const p = parseLine(lines[i] ?? '');
    if (p && p.indent === 0 && p.dash === undefined) {
      if (p.key === 'resources') top = i;
      break;
    }
  }
  if (top < 0) return undefined;
  const items = lines.map(parseLine);
  const itemDash = items.slice(top + 1).find((p) => p?.dash !== undefined)?.dash;
  if (itemDash === undefined) return undefined;
  let start = -1;
  for (let i = at; i > top; i--)
    if (items[i]?.dash === itemDash) {
      start = i;
      break;
    }
  if (start < 0) return undefined;
  const keyIndent = items[start]!.indent;
  for (let i = start; i < lines.length; i++) {
    const p = items[i];
    if (!p) continue;
    if (i > start && (p.indent < keyIndent || p.dash === itemDash)) break;
    if (p.key === 'kind' && p.indent === keyIndent) return p.value;
  }
  return undefined;
}

/** The context of `column` (1-based) on line `lineNumber` (1-based) of `lines`. */
export function yamlContextAt(lines: readonly string[], lineNumber: number, column: number): YamlContext {
  const current = (lines[lineNumber - 1] ?? '').slice(0, Math.max(0, column - 1));
  const here = parseLine(current);
  const path: string[] = [];
  let limit = here ? here.indent : current.length;
  // Walk up: each line indented less than the last parent found is the next parent.
  for (let i = lineNumber - 2; i >= 0 && limit > 0; i--) {
    const p = parseLine(lines[i] ?? '');
    if (!p || p.indent >= limit) continue;
    if (p.key) path.unshift(p.key);
    limit = p.dash ?? p.indent;
    // The key of a `- key:` line is a sibling of the lines below it, not their parent.
    if (p.dash !== undefined && p.key) path.shift();
  }
  const resourceKind = path[0] === 'resources' ? resourceKindAt(lines, lineNumber - 1) : undefined;
  const bare = here === undefined || (here.key === undefined && /^\s*-?\s*$/.test(current));
  if (here?.key) path.push(here.key);
  return {
    path,
    ...(here?.key ? { key: here.key } : {}),
    value: here?.value ?? '',
    ...(resourceKind ? { resourceKind } : {}),
    resourceSlot: bare && path.length === 1 && path[0] === 'resources',
  };
}

/** The fields of a Dependencies resource whose list items are dependencies with a `type:`. */
const DEPENDENCY_LISTS = new Set([
  'services',
  'databases',
  'caches',
  'queues',
  'message_queues',
  'external_apis',
  'external_services',
  'orchestration',
  'infrastructure',
  'upstream',
  'downstream',
]);

/** True when the cursor is on a dependency's `type:` value. */
export function isDependencyType(ctx: YamlContext): boolean {
  return (
    ctx.key === 'type' &&
    ctx.resourceKind === 'Dependencies' &&
    ctx.path.length >= 4 &&
    DEPENDENCY_LISTS.has(ctx.path[ctx.path.length - 2]!)
  );
}

/** True when the cursor is on a resource's `kind:` value. */
export function isResourceKind(ctx: YamlContext): boolean {
  return ctx.key === 'kind' && ctx.path.length === 2 && ctx.path[0] === 'resources';
}
