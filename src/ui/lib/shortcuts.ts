/** The studio's keyboard shortcuts: one table drives the handler and the help dialog. */
export type ShortcutId = 'save' | 'download' | 'share' | 'nextProblem' | 'prevProblem' | 'format' | 'help';

export interface Shortcut {
  id: ShortcutId;
  keys: string;
  label: string;
  match: (e: KeyLike) => boolean;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const mod = (e: KeyLike): boolean => e.ctrlKey || e.metaKey;
const letter = (e: KeyLike, l: string): boolean => e.key.toLowerCase() === l;

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'save', keys: 'Ctrl/⌘+S', label: 'Save the spec to a file', match: (e) => mod(e) && !e.shiftKey && !e.altKey && letter(e, 's') },
  {
    id: 'download',
    keys: 'Ctrl/⌘+Shift+S',
    label: 'Download generated files (zip)',
    match: (e) => mod(e) && e.shiftKey && !e.altKey && letter(e, 's'),
  },
  { id: 'share', keys: 'Ctrl/⌘+Shift+L', label: 'Create a review link', match: (e) => mod(e) && e.shiftKey && !e.altKey && letter(e, 'l') },
  { id: 'nextProblem', keys: 'F8', label: 'Go to the next problem', match: (e) => e.key === 'F8' && !e.shiftKey && !mod(e) },
  { id: 'prevProblem', keys: 'Shift+F8', label: 'Go to the previous problem', match: (e) => e.key === 'F8' && e.shiftKey && !mod(e) },
  {
    id: 'format',
    keys: 'Shift+Alt+F',
    label: 'Format the spec',
    match: (e) => e.shiftKey && e.altKey && !mod(e) && (letter(e, 'f') || e.key === 'Ï'),
  },
  { id: 'help', keys: '?', label: 'Show keyboard shortcuts', match: (e) => e.key === '?' && !mod(e) && !e.altKey },
];

/** `?` is a character people type; it only opens help outside text fields. */
export function shortcutFor(e: KeyLike, inTextField: boolean): ShortcutId | undefined {
  const s = SHORTCUTS.find((x) => x.match(e));
  if (!s || (s.id === 'help' && inTextField)) return undefined;
  return s.id;
}
