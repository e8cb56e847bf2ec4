/**
 * What the person chose: the documents of their workspace, the spec the preview shows, its
 * environment, tab, theme, and a review they opened from a link. Everything generated is derived
 * from this elsewhere and never written back. Documents persist to localStorage on every change,
 * so a reload loses nothing (see workspace.ts for how the workspace is laid out).
 */
import { z } from 'zod';
import type { Diagnostic } from '../../core/index.ts';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ConnectionSchema, DEFAULT_CONNECTION, type ConnectionSettings } from '../live/connection.ts';
import type { SharePayload } from './share.ts';
import {
  EXAMPLES_DIR,
  baseName,
  environmentFolderOf,
  exampleFork,
  folderOf,
  freeFilePath,
  freeFolder,
  isEnvironmentPath,
  isExamplePath,
  type WorkspaceFile,
} from './workspace.ts';

/** More notes than a person reads; bounds what one import can put in storage. */
const MAX_IMPORT_NOTES = 500;

export interface StudioDoc {
  path: string;
  text: string;
  /** The version this document started from: the example, the opened file, the fork point. */
  base: string;
  /** Set when the document was imported from Sloth, OpenSLO or Pyrra: what the import reported. */
  imported?: ImportNotes;
  /** The example this document is a fork of (`examples/payment-api.yaml`). */
  origin?: string;
  /** A source file kept so diagnostics about it can be opened (an imported Sloth file); never edited. */
  readOnly?: boolean;
  /** Opened with a folder or zip: kept in memory only until something in its folder is edited. */
  transient?: boolean;
}

/** The import's diagnostics, positioned in the source files; shown under Problems until dismissed. */
export interface ImportNotes {
  sources: string[];
  diagnostics: Diagnostic[];
}

/** Stored notes are data from storage: validated, bounded, and dropped when damaged. */
const ImportNotesSchema = z.object({
  sources: z.array(z.string().max(300)).max(50),
  diagnostics: z
    .array(
      z.object({
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
      }),
    )
    .max(MAX_IMPORT_NOTES),
});

export type Theme = 'light' | 'dark';

/** Tabs that are not generated files. */
export const VIEW_TABS = ['plan', 'slos', 'dashboard', 'verify', 'pagerduty'] as const;
export type ViewTab = (typeof VIEW_TABS)[number];

/** Where a review's files live while it is open: apart from the person's own documents. */
const REVIEW_DIR = 'review/';

export interface ReviewState extends SharePayload {
  /** Workspace path the review compiles as (`review/<file>`). */
  path: string;
  /** The override files the author's preview applied, at `review/environments/<name>`. */
  environmentFiles: WorkspaceFile[];
}

/** Top-level views: the editor with its preview, or the portfolio of many specs. */
export type StudioView = 'editor' | 'portfolio';

export interface StudioState {
  docs: Record<string, StudioDoc>;
  /** The document in the editor. */
  activePath: string;
  /** The spec the preview compiles: the active document, or the spec an open override file belongs to. */
  specPath: string;
  environment: string;
  activeTab: string;
  theme: Theme;
  review: ReviewState | null;
  /** How to reach Prometheus (persisted with the documents). */
  connection: ConnectionSettings;
  view: StudioView;
  /** What the portfolio shows: the examples (null) or a folder of the workspace, and its name. */
  portfolio: { source: string; folder: string } | null;
  /** A message about something the person just tried (link refused, file too big …). */
  notice: { kind: 'error' | 'info'; text: string; cause?: NoticeCause } | null;

  setText: (text: string) => void;
  openDoc: (path: string) => void;
  /** Opens an example: the person's fork of it, made on first use. */
  openExample: (examplePath: string) => string | undefined;
  /** Opens a file as a new document at the workspace root (or switches to it, if the same text is already open). */
  addDoc: (file: WorkspaceFile, options?: { base?: string; readOnly?: boolean }) => string;
  /** Brings a folder or zip into the workspace under a folder of its own; returns that folder. */
  addFolder: (name: string, files: readonly WorkspaceFile[]) => string;
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

/** What a notice is about, so it can clear itself once that is no longer true. */
export type NoticeCause = 'invalid-spec';

export interface StoreOptions {
  storage: StateStorage;
  /** The shipped examples (read-only templates). */
  examples: readonly WorkspaceFile[];
  /** The examples' environment override files (`examples/environments/…`). */
  exampleEnvironments?: readonly WorkspaceFile[];
  /** The example a first visit starts on (forked into the workspace). */
  defaultExample: string;
  prefersDark?: boolean;
}

export const STORAGE_KEY = 'nthlayer-studio';
const STORE_VERSION = 2;

const DocSchema = z.object({
  path: z.string().max(300),
  text: z.string(),
  base: z.string(),
  imported: ImportNotesSchema.optional().catch(undefined),
  origin: z.string().max(300).optional().catch(undefined),
  readOnly: z.boolean().optional().catch(undefined),
});

const PersistedSchema = z.object({
  docs: z.record(z.string().max(300), DocSchema),
  activePath: z.string(),
  specPath: z.string().optional().catch(undefined),
  environment: z.string().max(63),
  activeTab: z.string().max(300),
  theme: z.enum(['light', 'dark']),
  // A damaged connection or view falls back to the default without costing the documents.
  connection: ConnectionSchema.optional().catch(undefined),
  view: z.enum(['editor', 'portfolio']).optional().catch(undefined),
});
type Persisted = z.infer<typeof PersistedSchema>;

/** True when the document differs from the version it started from. */
export function isModified(doc: StudioDoc | undefined): boolean {
  return doc !== undefined && doc.text !== doc.base;
}

/** A document the preview can compile: not an override file, not a read-only source. */
export function isSpecDoc(doc: StudioDoc | undefined): boolean {
  return doc !== undefined && !doc.readOnly && !isEnvironmentPath(doc.path);
}

/** The folder whose `environments/` an override file sits in: `a/environments/x.yaml` → `a/`. */
function ownerFolder(envPath: string): string {
  return folderOf(folderOf(envPath).replace(/environments\/$/, ''));
}

/** A path for a new document at `dir` that does not clash with an open one. */
export function freePath(docs: Record<string, StudioDoc>, file: string, dir = ''): string {
  return freeFilePath((p) => docs[p] !== undefined || isExamplePath(p), dir, file);
}

/** The spec the preview should show when `path` is opened, given the one it showed before. */
function specForPath(docs: Record<string, StudioDoc>, path: string, previous: string): string {
  const doc = docs[path];
  if (isSpecDoc(doc)) return path;
  if (doc && isEnvironmentPath(doc.path)) {
    const folder = ownerFolder(doc.path);
    if (isSpecDoc(docs[previous]) && folderOf(previous) === folder) return previous;
    const sibling = Object.values(docs).find((d) => isSpecDoc(d) && folderOf(d.path) === folder);
    if (sibling) return sibling.path;
  }
  return isSpecDoc(docs[previous]) ? previous : (Object.values(docs).find((d) => isSpecDoc(d))?.path ?? previous);
}

export function createStudioStore(options: StoreOptions): StoreApi<StudioState> {
  const examples = options.examples;
  const exampleEnvs = options.exampleEnvironments ?? [];
  const exampleByPath = new Map(examples.map((e) => [e.path, e]));

  /** The documents of a fresh fork of an example, in a folder that is free in `docs`. */
  const forkDocs = (docs: Record<string, StudioDoc>, example: WorkspaceFile, text = example.text): StudioDoc[] => {
    const folder = freeFolder((f) => Object.keys(docs).some((p) => p.startsWith(f)), baseName(example.path).replace(/\.ya?ml$/, ''));
    return exampleFork(example, exampleEnvs, folder).map((f, i) =>
      i === 0 ? { path: f.path, text, base: example.text, origin: example.path } : { path: f.path, text: f.text, base: f.text },
    );
  };

  const initialDocs: Record<string, StudioDoc> = {};
  const start = exampleByPath.get(options.defaultExample) ?? examples[0];
  const startDocs = start ? forkDocs(initialDocs, start) : [];
  for (const d of startDocs) initialDocs[d.path] = d;
  const startPath = startDocs[0]?.path ?? freePath(initialDocs, 'service.yaml');

  /** Moves version-1 storage (every document under `examples/`) into the workspace layout. */
  const migrate = (persisted: unknown, version: number): unknown => {
    if (version >= STORE_VERSION || !persisted || typeof persisted !== 'object') return persisted;
    const old = persisted as {
      docs?: Record<string, { path?: unknown; text?: unknown; base?: unknown; imported?: unknown }>;
      activePath?: unknown;
    };
    const docs: Record<string, StudioDoc> = {};
    const moved = new Map<string, string>();
    for (const [path, doc] of Object.entries(old.docs ?? {})) {
      if (typeof doc?.text !== 'string' || typeof doc.base !== 'string') continue;
      const example = exampleByPath.get(path);
      if (example) {
        // An unedited example is just the template; an edited one becomes the person's fork.
        if (doc.text === doc.base) continue;
        const fork = forkDocs(docs, example, doc.text);
        for (const d of fork) docs[d.path] = d;
        moved.set(path, fork[0]!.path);
      } else {
        const to = freePath(docs, path);
        docs[to] = { path: to, text: doc.text, base: doc.base, ...(doc.imported ? { imported: doc.imported as ImportNotes } : {}) };
        moved.set(path, to);
      }
    }
    const active = typeof old.activePath === 'string' ? moved.get(old.activePath) : undefined;
    return { ...old, docs, activePath: active ?? Object.keys(docs)[0] ?? '', specPath: active ?? '' };
  };

  return createStore<StudioState>()(
    persist(
      (set, get) => ({
        docs: initialDocs,
        activePath: startPath,
        specPath: startPath,
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
          if (!doc || doc.readOnly || doc.text === text) return;
          set({ docs: { ...docs, [activePath]: { ...doc, text } } });
        },
        openDoc: (path) => {
          const { docs, specPath } = get();
          if (!docs[path]) return;
          const nextSpec = specForPath(docs, path, specPath);
          set({ activePath: path, specPath: nextSpec, ...(nextSpec !== specPath ? { environment: '' } : {}) });
        },
        openExample: (examplePath) => {
          const example = exampleByPath.get(examplePath);
          if (!example) return undefined;
          const { docs } = get();
          const existing = Object.values(docs).find((d) => d.origin === examplePath);
          if (existing) {
            get().openDoc(existing.path);
            return existing.path;
          }
          const fork = forkDocs(docs, example);
          const next = { ...docs };
          for (const d of fork) next[d.path] = d;
          set({ docs: next, activePath: fork[0]!.path, specPath: fork[0]!.path, environment: '' });
          return fork[0]!.path;
        },
        addDoc: (file, opts = {}) => {
          const { docs } = get();
          const same = Object.values(docs).find(
            (d) => baseName(d.path) === baseName(file.path) && d.text === file.text && folderOf(d.path) === '',
          );
          if (same) {
            get().openDoc(same.path);
            return same.path;
          }
          const path = freePath(docs, file.path);
          const doc: StudioDoc = { path, text: file.text, base: opts.base ?? file.text, ...(opts.readOnly ? { readOnly: true } : {}) };
          const next = { ...docs, [path]: doc };
          if (opts.readOnly) {
            set({ docs: next });
            return path;
          }
          set({ docs: next, activePath: path, specPath: path, environment: '' });
          return path;
        },
        addFolder: (name, files) => {
          const { docs } = get();
          const folder = freeFolder((f) => Object.keys(docs).some((p) => p.startsWith(f)) || f === `${EXAMPLES_DIR}/`, name);
          const next = { ...docs };
          for (const f of files) {
            const path = `${folder}${f.path}`;
            next[path] = { path, text: f.text, base: f.text, transient: true };
          }
          set({ docs: next });
          return folder;
        },
        resetDoc: () => {
          const { docs, activePath } = get();
          const doc = docs[activePath];
          if (doc) set({ docs: { ...docs, [activePath]: { ...doc, text: doc.base } } });
        },
        closeDoc: (path) => {
          const { docs, activePath, specPath } = get();
          const doc = docs[path];
          if (!doc) return;
          const rest = { ...docs };
          delete rest[path];
          // A spec's override files go with the last spec of their folder.
          if (isSpecDoc(doc)) {
            const folder = folderOf(path);
            const envDir = environmentFolderOf(path);
            const specsLeft = Object.values(rest).some((d) => isSpecDoc(d) && folderOf(d.path) === folder);
            if (!specsLeft && folder !== '') for (const p of Object.keys(rest)) if (p.startsWith(envDir)) delete rest[p];
          }
          const remaining = Object.values(rest);
          if (remaining.length === 0) {
            // The workspace is never empty: a fresh fork of the default example.
            const fresh = start ? forkDocs(rest, start) : [];
            for (const d of fresh) rest[d.path] = d;
            const first = fresh[0]?.path ?? '';
            set({ docs: rest, activePath: first, specPath: first, environment: '' });
            return;
          }
          const nextActive = rest[activePath]
            ? activePath
            : rest[specPath]
              ? specPath
              : (remaining.find((d) => isSpecDoc(d)) ?? remaining[0]!).path;
          const nextSpec = specForPath(rest, nextActive, rest[specPath] ? specPath : '');
          set({ docs: rest, activePath: nextActive, specPath: nextSpec, ...(nextSpec !== specPath ? { environment: '' } : {}) });
        },
        setEnvironment: (environment) => set({ environment }),
        setTab: (activeTab) => set({ activeTab }),
        setTheme: (theme) => set({ theme }),
        startReview: (payload) =>
          set({
            review: {
              ...payload,
              path: `${REVIEW_DIR}${payload.file}`,
              environmentFiles: (payload.environments ?? []).map((e) => ({ path: `${REVIEW_DIR}environments/${e.file}`, text: e.text })),
            },
            ...(payload.tab ? { activeTab: payload.tab } : {}),
          }),
        forkReview: () => {
          const { review, docs } = get();
          if (!review) return;
          // The fork keeps the review's layout: the spec and the override files it was shown with.
          const folder = freeFolder((f) => Object.keys(docs).some((p) => p.startsWith(f)), baseName(review.file).replace(/\.ya?ml$/, ''));
          const next = { ...docs };
          const specPath = `${folder}${review.file}`;
          next[specPath] = { path: specPath, text: review.text, base: review.base };
          for (const e of review.environmentFiles) {
            const p = `${folder}environments/${baseName(e.path)}`;
            next[p] = { path: p, text: e.text, base: e.text };
          }
          set({
            docs: next,
            review: null,
            activePath: specPath,
            specPath,
            environment: review.env ?? '',
            activeTab: review.tab ?? get().activeTab,
          });
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
          const next: StudioDoc = notes
            ? { ...rest, imported: { sources: notes.sources, diagnostics: notes.diagnostics.slice(0, MAX_IMPORT_NOTES) } }
            : rest;
          set({ docs: { ...docs, [path]: next } });
        },
      }),
      {
        name: STORAGE_KEY,
        version: STORE_VERSION,
        migrate,
        storage: createJSONStorage(() => options.storage),
        partialize: (s): Persisted => ({
          docs: persistedDocs(s.docs),
          activePath: s.activePath,
          specPath: s.specPath,
          environment: s.environment,
          activeTab: s.activeTab,
          theme: s.theme,
          connection: s.connection,
          view: s.view,
        }),
        // Storage is a boundary too: a damaged or foreign entry is ignored, not trusted.
        merge: (persisted, current) => {
          const parsed = PersistedSchema.safeParse(persisted);
          if (!parsed.success) return current;
          const docs: Record<string, StudioDoc> = {};
          for (const [path, doc] of Object.entries(parsed.data.docs)) {
            // Nothing is ever stored beside the examples: they are templates, not documents.
            if (isExamplePath(path) || path.startsWith(REVIEW_DIR)) continue;
            const { imported, origin, readOnly, ...rest } = doc;
            docs[path] = {
              ...rest,
              path,
              ...(imported ? { imported } : {}),
              ...(origin ? { origin } : {}),
              ...(readOnly ? { readOnly } : {}),
            };
          }
          if (Object.keys(docs).length === 0)
            return {
              ...current,
              ...parsed.data,
              connection: parsed.data.connection ?? current.connection,
              view: parsed.data.view ?? current.view,
              docs: current.docs,
              activePath: current.activePath,
              specPath: current.specPath,
            };
          const activePath = docs[parsed.data.activePath] ? parsed.data.activePath : Object.keys(docs)[0]!;
          return {
            ...current,
            ...parsed.data,
            connection: parsed.data.connection ?? current.connection,
            view: parsed.data.view ?? current.view,
            docs,
            activePath,
            specPath: specForPath(docs, activePath, parsed.data.specPath ?? ''),
          };
        },
      },
    ),
  );
}

/** Everything but unedited documents of an opened folder (a folder can be larger than storage). */
function persistedDocs(docs: Record<string, StudioDoc>): Record<string, StudioDoc> {
  const editedFolders = new Set(
    Object.values(docs)
      .filter((d) => d.transient && isModified(d))
      .map((d) => d.path.split('/')[0]),
  );
  const out: Record<string, StudioDoc> = {};
  for (const [p, d] of Object.entries(docs)) {
    if (d.transient && !editedFolders.has(p.split('/')[0])) continue;
    const { transient: _t, ...rest } = d;
    out[p] = rest;
  }
  return out;
}
