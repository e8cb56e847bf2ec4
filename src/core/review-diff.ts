/**
 * What a change to a spec does, for a review: the consequences a person checks before approving
 * ("objective 99.95% → 99.9%; page_fast threshold 0.72% → 1.44%; +2 alerts; panel X removed"),
 * computed from two compiles (the base and the proposed spec) with the same facts `plan` and
 * `slo show` print, plus which generated files change. Pure: the shells only draw the result.
 */
import type { Bundle } from './bundle.ts';
import { sloFacts, type TierFacts } from './budget/facts.ts';
import { FILES } from './conventions.ts';
import { dashboardPlanOf } from './generators/dashboard/preview.ts';
import type { RuleGroup } from './generators/rules.ts';
import type { ServiceModel, SloModel } from './model/types.ts';
import { formatDuration, formatNumber } from './units.ts';

export interface Compiled {
  model: ServiceModel;
  bundle: Bundle;
}

export type ConsequenceKind = 'service' | 'slo' | 'tier' | 'alerts' | 'recording-rules' | 'panels' | 'dependencies';

export interface Consequence {
  kind: ConsequenceKind;
  /** One line for a person: `availability: page_fast threshold 0.72% → 1.44%`. */
  text: string;
}

export interface FileChange {
  path: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  before?: string;
  after?: string;
}

export interface ReviewConsequences {
  changes: Consequence[];
  files: FileChange[];
}

const pct = (ratio: number): string => `${formatNumber(ratio * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function tierChanges(slo: string, a: TierFacts, b: TierFacts): Consequence[] {
  const out: Consequence[] = [];
  const say = (text: string): void => void out.push({ kind: 'tier', text: `${slo}: ${b.name} ${text}` });
  if (a.enabled !== b.enabled) say(b.enabled ? 'alert on' : `alert off${b.off === 'impossible' ? ' (it could never fire)' : ''}`);
  if (a.threshold !== b.threshold) say(`threshold ${pct(a.threshold)} → ${pct(b.threshold)} error ratio`);
  else if (a.factor !== b.factor) say(`burn rate ${formatNumber(a.factor)}× → ${formatNumber(b.factor)}×`);
  if (a.longWindow !== b.longWindow || a.shortWindow !== b.shortWindow) {
    say(
      `windows ${formatDuration(a.longWindow)}/${formatDuration(a.shortWindow)} → ${formatDuration(b.longWindow)}/${formatDuration(b.shortWindow)}`,
    );
  }
  if (a.for !== b.for) say(`for ${formatDuration(a.for)} → ${formatDuration(b.for)}`);
  if (a.severity !== b.severity) say(`severity ${a.severity} → ${b.severity}`);
  return out;
}

function sloChanges(base: Compiled, head: Compiled): Consequence[] {
  const out: Consequence[] = [];
  const byName = (m: ServiceModel): Map<string, SloModel> => new Map(m.slos.map((s) => [s.name, s]));
  const before = byName(base.model);
  const after = byName(head.model);
  for (const [name, s] of after) {
    if (!before.has(name))
      out.push({ kind: 'slo', text: `SLO ${name} added: ${formatNumber(s.objectivePercent)}% over ${formatDuration(s.window)}` });
  }
  for (const [name] of before) if (!after.has(name)) out.push({ kind: 'slo', text: `SLO ${name} removed` });
  for (const [name, b] of after) {
    const a = before.get(name);
    if (!a) continue;
    if (a.objectivePercent !== b.objectivePercent)
      out.push({ kind: 'slo', text: `${name}: objective ${formatNumber(a.objectivePercent)}% → ${formatNumber(b.objectivePercent)}%` });
    if (a.window !== b.window) out.push({ kind: 'slo', text: `${name}: window ${formatDuration(a.window)} → ${formatDuration(b.window)}` });
    const fa = sloFacts(base.model, a);
    const fb = sloFacts(head.model, b);
    if (fa.budgetMinutes !== fb.budgetMinutes)
      out.push({
        kind: 'slo',
        text: `${name}: error budget ${formatNumber(fa.budgetMinutes)} → ${formatNumber(fb.budgetMinutes)} minutes`,
      });
    for (const tb of fb.tiers) {
      const ta = fa.tiers.find((t) => t.name === tb.name);
      if (ta) out.push(...tierChanges(name, ta, tb));
    }
  }
  return out;
}

function ruleGroups(bundle: Bundle): RuleGroup[] {
  return bundle.artifacts.flatMap((a) => {
    if (a.file !== FILES.alerts && a.file !== FILES.recordingRules && !(a.shared && a.file.endsWith('-alerts.yaml'))) return [];
    const data = a.data as { groups?: RuleGroup[]; spec?: { groups?: RuleGroup[] } };
    return data.groups ?? data.spec?.groups ?? [];
  });
}

/** How many rules of each name (alert or record) a bundle has. */
function ruleCounts(bundle: Bundle, kind: 'alert' | 'record'): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of ruleGroups(bundle)) {
    for (const r of g.rules) {
      const name = kind === 'alert' ? ('alert' in r ? r.alert : undefined) : 'record' in r ? r.record : undefined;
      if (name !== undefined) out.set(name, (out.get(name) ?? 0) + 1);
    }
  }
  return out;
}

function countChanges(base: Bundle, head: Bundle, kind: 'alert' | 'record'): Consequence[] {
  const a = ruleCounts(base, kind);
  const b = ruleCounts(head, kind);
  const added: string[] = [];
  const removed: string[] = [];
  let plus = 0;
  let minus = 0;
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const d = (b.get(name) ?? 0) - (a.get(name) ?? 0);
    if (d > 0) {
      plus += d;
      added.push(d > 1 ? `${name} ×${d}` : name);
    }
    if (d < 0) {
      minus -= d;
      removed.push(-d > 1 ? `${name} ×${-d}` : name);
    }
  }
  const word = kind === 'alert' ? 'alert' : 'recording rule';
  const consequence: ConsequenceKind = kind === 'alert' ? 'alerts' : 'recording-rules';
  const out: Consequence[] = [];
  if (plus) out.push({ kind: consequence, text: `+${plural(plus, word)}: ${added.sort().join(', ')}` });
  if (minus) out.push({ kind: consequence, text: `−${plural(minus, word)}: ${removed.sort().join(', ')}` });
  return out;
}

function panelTitles(bundle: Bundle): string[] {
  const plan = dashboardPlanOf(bundle);
  return plan ? plan.rows.flatMap((r) => r.panels.map((p) => `${r.title} / ${p.title}`)) : [];
}

function panelChanges(base: Bundle, head: Bundle): Consequence[] {
  const a = panelTitles(base);
  const b = panelTitles(head);
  const out: Consequence[] = [];
  for (const t of b) if (!a.includes(t)) out.push({ kind: 'panels', text: `panel “${t}” added` });
  for (const t of a) if (!b.includes(t)) out.push({ kind: 'panels', text: `panel “${t}” removed` });
  return out;
}

function serviceChanges(base: ServiceModel, head: ServiceModel): Consequence[] {
  const out: Consequence[] = [];
  for (const field of ['name', 'team', 'tier', 'type'] as const) {
    if (base[field] !== head[field]) out.push({ kind: 'service', text: `${field} ${base[field]} → ${head[field]}` });
  }
  const deps = (m: ServiceModel): string[] => m.dependencies.map((d) => `${d.name}${d.technology ? ` (${d.technology})` : ''}`);
  const da = deps(base);
  const db = deps(head);
  for (const d of db) if (!da.includes(d)) out.push({ kind: 'dependencies', text: `dependency ${d} added` });
  for (const d of da) if (!db.includes(d)) out.push({ kind: 'dependencies', text: `dependency ${d} removed` });
  return out;
}

/** Every generated file of either side, with its contents on each side. */
export function fileChanges(base: Bundle | undefined, head: Bundle | undefined): FileChange[] {
  const a = new Map((base?.files ?? []).map((f) => [f.path, f.content]));
  const b = new Map((head?.files ?? []).map((f) => [f.path, f.content]));
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths.map((path): FileChange => {
    const before = a.get(path);
    const after = b.get(path);
    const status = before === undefined ? 'added' : after === undefined ? 'removed' : before === after ? 'unchanged' : 'changed';
    return { path, status, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
  });
}

/** The consequences of going from `base` to `head`; either side may not compile (undefined). */
export function reviewConsequences(base: Compiled | undefined, head: Compiled | undefined): ReviewConsequences {
  const files = fileChanges(base?.bundle, head?.bundle);
  if (!base || !head) return { changes: [], files };
  return {
    changes: [
      ...serviceChanges(base.model, head.model),
      ...sloChanges(base, head),
      ...countChanges(base.bundle, head.bundle, 'alert'),
      ...countChanges(base.bundle, head.bundle, 'record'),
      ...panelChanges(base.bundle, head.bundle),
    ],
    files,
  };
}
