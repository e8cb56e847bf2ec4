/**
 * @monaco-editor/react's DiffEditor would dispose its models before the diff widget lets go of
 * them (an uncaught error); the diffs keep them instead (keepCurrent*Model) and this disposes
 * them once the widget is gone.
 */
import { useEffect } from 'react';
import { monaco } from './setup.ts';

export function useDisposeDiffModels(originalPath: string, modifiedPath: string): void {
  useEffect(
    () => () => {
      setTimeout(() => {
        for (const p of [originalPath, modifiedPath]) monaco.editor.getModel(monaco.Uri.parse(p))?.dispose();
      }, 0);
    },
    [originalPath, modifiedPath],
  );
}
