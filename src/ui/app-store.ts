/** The studio's one store; the shipped examples and their environment files are its read-only templates. */
import { useStore } from 'zustand';
import { createStudioStore, type StudioState } from './lib/store.ts';
import { describeExample, filesFromGlob, type ExampleInfo, type WorkspaceFile } from './lib/workspace.ts';

const exampleTexts = import.meta.glob<string>('../../examples/*.yaml', { query: '?raw', import: 'default', eager: true });
const environmentTexts = import.meta.glob<string>('../../examples/environments/*.yaml', { query: '?raw', import: 'default', eager: true });

export const EXAMPLES: ExampleInfo[] = filesFromGlob(exampleTexts).map(describeExample);
export const EXAMPLE_ENVIRONMENTS: WorkspaceFile[] = filesFromGlob(environmentTexts);
const DEFAULT_EXAMPLE = EXAMPLES.find((e) => e.id === 'payment-api')?.path ?? EXAMPLES[0]?.path ?? 'examples/service.yaml';

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
const storage = {
  getItem: (k: string): string | null => {
    try {
      return backing.getItem(k);
    } catch {
      return null;
    }
  },
  setItem: (k: string, v: string): void => {
    try {
      backing.setItem(k, v);
      warned = false;
    } catch {
      if (warned) return;
      warned = true;
      // Deferred: this runs inside a store update.
      queueMicrotask(() =>
        studioStore.getState().setNotice({
          kind: 'error',
          text: 'Autosave failed: this browser refused to store the spec (storage full or blocked). Save it to a file (Ctrl+S).',
        }),
      );
    }
  },
  removeItem: (k: string): void => {
    try {
      backing.removeItem(k);
    } catch {
      // nothing to remove
    }
  },
};

export const studioStore = createStudioStore({
  storage,
  examples: EXAMPLES,
  exampleEnvironments: EXAMPLE_ENVIRONMENTS,
  defaultExample: DEFAULT_EXAMPLE,
  prefersDark: typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches,
});

export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studioStore, selector);
}
