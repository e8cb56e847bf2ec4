/** The studio's one store, with the shipped examples and environment files as its workspace. */
import { useStore } from 'zustand';
import { createStudioStore, type StudioState } from './lib/store.ts';
import { describeExample, filesFromGlob, type ExampleInfo, type WorkspaceFile } from './lib/workspace.ts';

const exampleTexts = import.meta.glob<string>('../../examples/*.yaml', { query: '?raw', import: 'default', eager: true });
const environmentTexts = import.meta.glob<string>('../../examples/environments/*.yaml', { query: '?raw', import: 'default', eager: true });

export const EXAMPLES: ExampleInfo[] = filesFromGlob(exampleTexts).map(describeExample);
export const ENVIRONMENT_FILES: WorkspaceFile[] = filesFromGlob(environmentTexts);
export const DEFAULT_PATH = EXAMPLES.find((e) => e.id === 'payment-api')?.path ?? EXAMPLES[0]?.path ?? 'examples/service.yaml';

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const memory = new Map<string, string>();
const storage = safeStorage() ?? {
  getItem: (k: string) => memory.get(k) ?? null,
  setItem: (k: string, v: string) => void memory.set(k, v),
  removeItem: (k: string) => void memory.delete(k),
};

export const studioStore = createStudioStore({
  storage,
  examples: EXAMPLES,
  defaultPath: DEFAULT_PATH,
  prefersDark: typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches,
});

export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studioStore, selector);
}
