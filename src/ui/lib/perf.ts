/**
 * Performance marks the benchmark reads: `nthlayer:editor-ready`, and per edit
 * `nthlayer:edit:<n>` → `nthlayer:preview:<n>` with a `nthlayer:edit-to-preview` measure.
 */
let editCount = 0;
const measured = new Set<number>();

export function markEdit(): number {
  editCount += 1;
  performance.mark(`nthlayer:edit:${editCount}`);
  return editCount;
}

export function latestEdit(): number {
  return editCount;
}

export function markPreview(edit: number): void {
  if (edit === 0 || measured.has(edit)) return;
  measured.add(edit);
  performance.mark(`nthlayer:preview:${edit}`);
  performance.measure('nthlayer:edit-to-preview', `nthlayer:edit:${edit}`, `nthlayer:preview:${edit}`);
}

export function markEditorReady(): void {
  if (performance.getEntriesByName('nthlayer:editor-ready').length === 0) performance.mark('nthlayer:editor-ready');
}
