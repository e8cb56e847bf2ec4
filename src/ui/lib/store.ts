/**
 * What the person chose: open documents, environment, tab, theme, and a review they opened from a
 * link. Everything generated is derived from this elsewhere and never written back.
 * Documents persist to localStorage on every change, so a reload loses nothing.
 */
import { z } from 'zod';
import type { Diagnostic } from '../../core/index.ts';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ConnectionSchema, DEFAULT_CONNECTION, type ConnectionSettings } from '../live/connection.ts';
import type { SharePayload } from './share.ts';
import { WORKSPACE_DIR, baseName, type WorkspaceFile } from './workspace.ts';

/** More notes than a person reads; bounds what one import can put in storage. */
export const MAX_IMPORT_NOTES = 500;

export interface StudioDoc {
  path: string;
  text: string;
  /** The version this document started from: the example, the opened file, the fork point. */
  base: string;
  /** Set when the document was imported from Sloth, OpenSLO or Pyrra: what the import reported. */
  imported?: ImportNotes;
}

/** The import's diagnostics, positioned in the source files; shown under Problems until dismissed. */
export interface ImportNotes {
  sources: string[];
  diagnostics: Diagnostic[];
}

/** Stored notes are data from storage: validated, bounded, and dropped when damaged. */
const ImportNotesSchema = z.object({
  sources: z.array(z.string().max(300)).max(50),
  diagnostics: z.array(z.object({
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string().max(2000),
    path: z.string().max(500),
    file: z.string().max(300),
    line: z.number().int(),
    column: z.number().int(),
    endLine: z.number().int(),
    endColumn: z.number().int(),
    hint: z.string().max(2000).optional(),
    code: z.string().max(100),
  })).max(MAX_IMPORT_NOTES),
});

export type Theme = 'light' | 'dark';

/** Tabs that are not generated files. */
export const VIEW_TABS = ['plan', 'slos', 'dashboard', 'verify', 'pagerduty'] as const;
export type ViewTab = (typeof VIEW_TABS)[number];

export interface ReviewState extends SharePayload {
  /** Workspace path the review compiles as (`examples/<file>`). */
  path: string;
}

/** Top-level views: the editor with its preview, or the portfolio of many specs. */
export type StudioView = 'editor' | 'portfolio';

export interface StudioState {
  docs: Record<string, StudioDoc>;
  activePath: string;
  environment: string;
  activeTab: string;
  theme: Theme;
  review: ReviewState | null;
  /** How to reach Prometheus (persisted with the documents). */
  connection: ConnectionSettings;
  view: StudioView;
  /** The specs open in the portfolio and where they came from (kept in memory only: a folder can be large). */
  portfolio: { source: string; files: WorkspaceFile[] } | null;
  /** A message about something the person just tried (link refused, file too big …). */
  notice: { kind: 'error' | 'info'; text: string } | null;

  setText: (text: string) => void;
  openDoc: (path: string) => void;
  /** Opens a file as a new document (or switches to it, if the same text is already open). */
  addDoc: (file: WorkspaceFile, base?: string) => string;
  resetDoc: () => void;
  closeDoc: (path: string) => void;
  setEnvironment: (env: string) => void;
  setTab: (tab: string) => void;
  setTheme: (theme: Theme) => void;
  startReview: (payload: SharePayload) => void;
  forkReview: () => void;
  exitReview: () => void;
  setNotice: (notice: StudioState['notice']) => void;
  setConnection: (connection: ConnectionSettings) => void;
  setView: (view: StudioView) => void;
  setPortfolio: (portfolio: StudioState['portfolio']) => void;
  /** Attaches (or with null, dismisses) the import notes of a document. */
  setImportNotes: (path: string, notes: ImportNotes | null) => void;
}

export interface StoreOptions {
  storage: StateStorage;
  examples: readonly WorkspaceFile[];
  defaultPath: string;
  prefersDark?: boolean;
}

export const STORAGE_KEY = 'nthlayer-studio';


const PersistedSchema = z.object({
  docs: z.record(z.string().max(300), z.object({
    path: z.string().max(300), text: z.string(), base: z.string(), imported: ImportNotesSchema.optional().catch(undefined),
  })),
  activePath: z.string(),
  environment: z.string().max(63),
  activeTab: z.string().max(300),
  theme: z.enum(['light', 'dark']),
  // A damaged connection or view falls back to the default without costing the documents.
  connection: ConnectionSchema.optional().catch(undefined),
  view: z.enum(['editor', 'portfolio']).optional().catch(undefined),
});
type Persisted = z.infer<typeof PersistedSchema>;

/** A path for a new document that does not clash with an open one: `examples/x.yaml`, `examples/x-2.yaml`. */
export function freePath(docs: Record<string, StudioDoc>, file: string): string {
  // Only characters that survive a review link and every file system.
  const name = baseName(file).replace(/\.ya?ml$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80) || 'service';
  let candidate = `${WORKSPACE_DIR}/${name}.yaml`;
  for (let i = 2; docs[candidate]; i++) candidate = `${WORKSPACE_DIR}/${name}-${i}.yaml`;
  return candidate;
}

export function createStudioStore(options: StoreOptions): StoreApi<StudioState> {
  const initialDocs: Record<string, StudioDoc> = {};
  for (const e of options.examples) initialDocs[e.path] = { path: e.path, text: e.text, base: e.text };
  const examplePaths = new Set(options.examples.map((e) => e.path));

  return createStore<StudioState>()(
    persist(
      (set, get) => ({
        docs: initialDocs,
        activePath: options.defaultPath,
        environment: '',
        activeTab: 'plan',
        theme: options.prefersDark ? 'dark' : 'light',
        review: null,
        notice: null,
        connection: DEFAULT_CONNECTION,
        view: 'editor',
        portfolio: null,

        setText: (text) => {
          const { docs, activePath } = get();
          const doc = docs[activePath];
          if (!doc || doc.text === text) return;
          set({ docs: { ...docs, [activePath]: { ...doc, text } } });
        },
        openDoc: (path) => {
          if (get().docs[path]) set({ activePath: path, environment: '' });
        },
        addDoc: (file, base) => {
          const { docs } = get();
          const same = Object.values(docs).find((d) => baseName(d.path) === baseName(file.path) && d.text === file.text);
          if (same) {
            set({ activePath: same.path });
            return same.path;
          }
          const path = freePath(docs, file.path);
          set({ docs: { ...docs, [path]: { path, text: file.text, base: base ?? file.text } }, activePath: path, environment: '' });
          return path;
        },
        resetDoc: () => {
          const { docs, activePath } = get();
          const doc = docs[activePath];
          if (doc) set({ docs: { ...docs, [activePath]: { ...doc, text: doc.base } } });
        },
        closeDoc: (path) => {
          const { docs, activePath } = get();
          // Examples always stay in the gallery; closing one only discards its edits.
          if (examplePaths.has(path)) {
            const original = options.examples.find((e) => e.path === path);
            if (original) set({ docs: { ...docs, [path]: { path, text: original.text, base: original.text } } });
            return;
          }
          const rest = { ...docs };
          delete rest[path];
          set({ docs: rest, ...(activePath === path ? { activePath: options.defaultPath, environment: '' } : {}) });
        },
        setEnvironment: (environment) => set({ environment }),
        setTab: (activeTab) => set({ activeTab }),
        setTheme: (theme) => set({ theme }),
        startReview: (payload) => set({ review: { ...payload, path: `${WORKSPACE_DIR}/${payload.file}` }, ...(payload.tab ? { activeTab: payload.tab } : {}) }),
        forkReview: () => {
          const { review } = get();
          if (!review) return;
          const path = get().addDoc({ path: review.path, text: review.text }, review.base);
          set({ review: null, activePath: path, environment: review.env ?? '', activeTab: review.tab ?? get().activeTab });
        },
        exitReview: () => set({ review: null }),
        setNotice: (notice) => set({ notice }),
        setConnection: (connection) => set({ connection }),
        setView: (view) => set({ view }),
        setPortfolio: (portfolio) => set({ portfolio }),
        setImportNotes: (path, notes) => {
          const { docs } = get();
          const doc = docs[path];
          if (!doc) return;
          const { imported: _old, ...rest } = doc;
          const next: StudioDoc = notes ? { ...rest, imported: { sources: notes.sources, diagnostics: notes.diagnostics.slice(0, MAX_IMPORT_NOTES) } } : rest;
          set({ docs: { ...docs, [path]: next } });
        },
      }),
      {
        name: STORAGE_KEY,
        version: 1,
        storage: createJSONStorage(() => options.storage),
        partialize: (s): Persisted => ({ docs: s.docs, activePath: s.activePath, environment: s.environment, activeTab: s.activeTab, theme: s.theme, connection: s.connection, view: s.view }),
        // Storage is a boundary too: a damaged or foreign entry is ignored, not trusted.
        merge: (persisted, current) => {
          const parsed = PersistedSchema.safeParse(persisted);
          if (!parsed.success) return current;
          const docs = { ...current.docs };
          for (const [path, doc] of Object.entries(parsed.data.docs)) {
            // Unedited examples follow the shipped version; edits and new documents are kept.
            if (examplePaths.has(path) && doc.text === doc.base) continue;
            const { imported, ...rest } = doc;
            docs[path] = { ...rest, path, ...(imported ? { imported } : {}) };
          }
          return {
            ...current,
            ...parsed.data,
            connection: parsed.data.connection ?? current.connection,
            view: parsed.data.view ?? current.view,
            docs,
            activePath: docs[parsed.data.activePath] ? parsed.data.activePath : current.activePath,
          };
        },
      },
    ),
  );
}

/** True when the document differs from the version it started from. */
export function isModified(doc: StudioDoc | undefined): boolean {
  return doc !== undefined && doc.text !== doc.base;
}
