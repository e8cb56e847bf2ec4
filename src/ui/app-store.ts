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
  examples: EXAMPLE_FILES,
  exampleEnvironments: EXAMPLE_ENVIRONMENTS,
  defaultExample: DEFAULT_EXAMPLE,
  prefersDark: typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches,
});

export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studioStore, selector);
}
