/** The studio's one store; the shipped examples and their environment files are its read-only templates. */
import { useStore } from 'zustand';
import { createStudioStore, type StudioState } from './lib/store.ts';
import { describeExample, exampleId, filesFromGlob, type ExampleInfo, type WorkspaceFile } from './lib/workspace.ts';

const exampleTexts = import.meta.glob<string>('../../examples/*.yaml', { query: '?raw', import: 'default', eager: true });
const environmentTexts = import.meta.glob<string>('../../examples/environments/*.yaml', { query: '?raw', import: 'default', eager: true });

/** The shipped examples as files: all the store needs to start. */
export const EXAMPLE_FILES: WorkspaceFile[] = filesFromGlob(exampleTexts);
export const EXAMPLE_ENVIRONMENTS: WorkspaceFile[] = filesFromGlob(environmentTexts);
const DEFAULT_EXAMPLE =
  EXAMPLE_FILES.find((f) => exampleId(f.path) === 'payment-api')?.path ?? EXAMPLE_FILES[0]?.path ?? 'examples/service.yaml';

let described: ExampleInfo[] | undefined;
/**
 * The examples with their titles and service fields, for the gallery and the portfolio. Parsed on
 * first use: parsing every example at startup delayed the editor by a few hundred ms.
 */
export function examples(): ExampleInfo[] {
  described ??= EXAMPLE_FILES.map(describeExample);
  return described;
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const memory = new Map<string, string>();
const backing = safeStorage() ?? {
  getItem: (k: string) => memory.get(k) ?? null,
  setItem: (k: string, v: string) => void memory.set(k, v),
  removeItem: (k: string) => void memory.delete(k),
};

/** Autosave must never break typing: a full or blocked storage becomes one visible message. */
let warned = false;
function write(k: string, v: string): void {
  try {
    backing.setItem(k, v);
    warned = false;
  } catch {
    if (warned) return;
    warned = true;
    // Deferred: this may run inside a store update.
    queueMicrotask(() =>
      studioStore.getState().setNotice({
        kind: 'error',
        text: 'Autosave failed: this browser refused to store the spec (storage full or blocked). Save it to a file (Ctrl+S).',
      }),
    );
  }
}

/**
 * Autosave writes at most every 300 ms, not on every store change: a localStorage write is
 * synchronous, milliseconds of the main thread per keystroke, and the store changes several times
 * per keystroke (the text, then the preview). The latest value of each key waits here and is
 * read from here; it is written 300 ms after the first change, and at once when the page is hidden or left
 * (reload, close, another tab), so nothing typed is lost.
 */
const AUTOSAVE_PAUSE_MS = 300;
const unsaved = new Map<string, string>();
let autosave: ReturnType<typeof setTimeout> | undefined;

function flushAutosave(): void {
  if (autosave !== undefined) clearTimeout(autosave);
  autosave = undefined;
  for (const [k, v] of unsaved) write(k, v);
  unsaved.clear();
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', flushAutosave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushAutosave();
  });
}

const storage = {
  getItem: (k: string): string | null => {
    const waiting = unsaved.get(k);
    if (waiting !== undefined) return waiting;
    try {
      return backing.getItem(k);
    } catch {
      return null;
    }
  },
  setItem: (k: string, v: string): void => {
    unsaved.set(k, v);
    autosave ??= setTimeout(flushAutosave, AUTOSAVE_PAUSE_MS);
  },
  removeItem: (k: string): void => {
    unsaved.delete(k);
    try {
      backing.removeItem(k);
    } catch {
      // nothing to remove
    }
  },
};

export const studioStore = createStudioStore({
  storage,
  examples: EXAMPLE_FILES,
  exampleEnvironments: EXAMPLE_ENVIRONMENTS,
  defaultExample: DEFAULT_EXAMPLE,
  prefersDark: typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches,
});

export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studioStore, selector);
}
