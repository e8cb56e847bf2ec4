/**
 * The mounted editor, for commands that start outside it (problems list, shortcuts, toolbar).
 * Typed structurally so this module does not pull Monaco into the first chunk.
 */
export interface EditorHandle {
  reveal: (line: number, column: number) => void;
  format: () => Promise<void>;
  focus: () => void;
  position: () => { line: number; column: number };
}

let handle: EditorHandle | undefined;

export function setEditorHandle(h: EditorHandle | undefined): void {
  handle = h;
}

export function editorHandle(): EditorHandle | undefined {
  return handle;
}
