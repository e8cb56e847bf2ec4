/**
 * Notes on generated objects (rules): what one stage works out about an object and a later one,
 * or the next keystroke's run, reads again. Generators hand back the same objects for unchanged
 * SLOs, so a keystroke pays only for the objects it changed.
 *
 * One weak map holds every kind of note: a spec has thousands of rules, and a weak map entry
 * whose key is young costs the collector on each young-generation pass, once per map.
 */
import type { Rendered } from './hash.ts';
import type { ParsedPromql } from './promql/parse.ts';

export interface Notes {
  /** The parse of the rule expression's shape (generators/rules.ts). */
  shape: ParsedPromql | undefined;
  /** Whether the output check found nothing wrong with the rule (generators/check-output.ts). */
  checked: boolean;
  /** The rule's YAML text as an item of a `rules:` list (render/yaml.ts). */
  ruleText: Rendered | undefined;
}

const notes = new WeakMap<object, Notes>();

export function notesOf(o: object): Notes {
  let n = notes.get(o);
  if (n === undefined) {
    // Every field from the start: one object layout for all notes.
    n = { shape: undefined, checked: false, ruleText: undefined };
    notes.set(o, n);
  }
  return n;
}
