/**
 * What the studio compiles, derived from what the person chose: the spec the preview shows (or the
 * review's), the environment picked, and every override file of the workspace (the core picks the
 * ones that apply). The preview and Verify both take exactly this value.
 */
import type { StudioCompileInput } from '../preview/compile-request.ts';
import type { ReviewState, StudioState } from './store.ts';
import { isEnvironmentPath, type WorkspaceFile } from './workspace.ts';

export interface StudioInputState {
  specPath: string;
  specText: string;
  environment: string;
  review: ReviewState | null;
}

/** The workspace's override files (never the examples' or a review's). */
export function workspaceEnvironmentFiles(docs: StudioState['docs']): WorkspaceFile[] {
  return Object.values(docs)
    .filter((d) => isEnvironmentPath(d.path))
    .map((d) => ({ path: d.path, text: d.text }));
}

export function studioInput(s: StudioInputState, envFiles: readonly WorkspaceFile[]): StudioCompileInput {
  if (s.review)
    return { file: s.review.path, text: s.review.text, environment: s.review.env ?? '', environmentFiles: s.review.environmentFiles };
  return { file: s.specPath, text: s.specText, environment: s.environment, environmentFiles: envFiles };
}

/** The same value from the whole store state (what App.tsx derives with hooks). */
export function studioInputOf(s: Pick<StudioState, 'docs' | 'specPath' | 'environment' | 'review'>): StudioCompileInput {
  return studioInput(
    { specPath: s.specPath, specText: s.docs[s.specPath]?.text ?? '', environment: s.environment, review: s.review },
    workspaceEnvironmentFiles(s.docs),
  );
}
