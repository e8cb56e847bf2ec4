import { describe, expect, it } from 'vitest';
import { createStudioStore, freePath, isModified, STORAGE_KEY } from './store.ts';
import { studioInputOf } from './studio-input.ts';

const examples = [
  { path: 'examples/payment-api.yaml', text: 'service:\n  name: payment-api\n' },
  { path: 'examples/order-api.yaml', text: 'service:\n  name: order-api\n' },
];
const exampleEnvironments = [
  { path: 'examples/environments/prod.yaml', text: 'environment: prod\n' },
  { path: 'examples/environments/payment-api-prod.yaml', text: 'environment: prod\n# payment\n' },
  { path: 'examples/environments/order-api-dev.yaml', text: 'environment: dev\n' },
];

function memoryStorage(initial: Record<string, string> = {}): {
  getItem: (k: string) => string | null;
  setItem: (k: string, v: string) => void;
  removeItem: (k: string) => void;
  data: Map<string, string>;
} {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const make = (storage = memoryStorage(), list = examples) =>
  createStudioStore({ storage, examples: list, exampleEnvironments, defaultExample: 'examples/payment-api.yaml' });

describe("studio store: the workspace is the person's own", () => {
  it('a first visit starts on a fork of the default example, in a folder of its own, with the override files that apply to it', () => {
    const s = make().getState();
    expect(s.activePath).toBe('payment-api/payment-api.yaml');
    expect(s.specPath).toBe('payment-api/payment-api.yaml');
    expect(Object.keys(s.docs).sort()).toEqual([
      'payment-api/environments/payment-api-prod.yaml',
      'payment-api/environments/prod.yaml',
      'payment-api/payment-api.yaml',
    ]);
    expect(s.docs['payment-api/payment-api.yaml']?.origin).toBe('examples/payment-api.yaml');
    expect(isModified(s.docs[s.activePath])).toBe(false);
    // Nothing of the person's lives beside the examples.
    expect(Object.keys(s.docs).some((p) => p.startsWith('examples/'))).toBe(false);
  });

  it('opening an example again switches to the fork instead of making another', () => {
    const store = make();
    const order = store.getState().openExample('examples/order-api.yaml');
    expect(order).toBe('order-api/order-api.yaml');
    expect(Object.keys(store.getState().docs)).toContain('order-api/environments/order-api-dev.yaml');
    expect(Object.keys(store.getState().docs)).not.toContain('order-api/environments/payment-api-prod.yaml');
    store.getState().openExample('examples/payment-api.yaml');
    expect(store.getState().openExample('examples/order-api.yaml')).toBe(order);
    expect(Object.keys(store.getState().docs).filter((p) => p.endsWith('order-api.yaml'))).toHaveLength(1);
  });

  it("a created or pasted spec lives at the workspace root and never gets the examples' environment files", () => {
    const store = make();
    const p = store.getState().addDoc({ path: 'payment-api.yaml', text: 'service:\n  name: payment-api\n  team: x\n' });
    expect(p).toBe('payment-api.yaml');
    const input = studioInputOf(store.getState());
    expect(input.file).toBe('payment-api.yaml');
    // Override files are offered, but the core's rule picks only those beside the spec: none here.
    expect(input.environmentFiles.every((f) => !f.path.startsWith('environments/'))).toBe(true);
    expect(freePath(store.getState().docs, 'My Service (copy).YAML')).toBe('My-Service-copy.yaml');
  });

  it('a new document never overwrites an open one', () => {
    const store = make();
    const a = store.getState().addDoc({ path: 'x.yaml', text: 'a' });
    const b = store.getState().addDoc({ path: 'x.yaml', text: 'b' });
    expect([a, b]).toEqual(['x.yaml', 'x-2.yaml']);
  });

  it('opening the same file twice switches to it instead of duplicating it', () => {
    const store = make();
    const first = store.getState().addDoc({ path: 'x.yaml', text: 'a' });
    store.getState().openExample('examples/order-api.yaml');
    expect(store.getState().addDoc({ path: 'x.yaml', text: 'a' })).toBe(first);
    expect(store.getState().activePath).toBe(first);
  });

  it('an override file opened in the editor keeps the preview on the spec it belongs to', () => {
    const store = make();
    store.getState().openDoc('payment-api/environments/prod.yaml');
    expect(store.getState().activePath).toBe('payment-api/environments/prod.yaml');
    expect(store.getState().specPath).toBe('payment-api/payment-api.yaml');
    store.getState().setText('environment: prod\nservice:\n  team: x\n');
    expect(studioInputOf(store.getState()).environmentFiles.find((f) => f.path === 'payment-api/environments/prod.yaml')?.text).toContain(
      'team: x',
    );
  });

  it('a folder brings its specs and environments/ files in as editable documents under a folder of its own', () => {
    const store = make();
    const folder = store.getState().addFolder('team-repo', [
      { path: 'svc.yaml', text: 'service:\n  name: svc\n' },
      { path: 'environments/prod.yaml', text: 'environment: prod\n' },
    ]);
    expect(folder).toBe('team-repo/');
    expect(store.getState().docs['team-repo/environments/prod.yaml']?.text).toBe('environment: prod\n');
    store.getState().openDoc('team-repo/svc.yaml');
    expect(studioInputOf(store.getState()).file).toBe('team-repo/svc.yaml');
  });

  it('an opened folder is kept in memory only until something in it is edited', () => {
    const storage = memoryStorage();
    const store = make(storage);
    store.getState().addFolder('big', [
      { path: 'a.yaml', text: 'service:\n  name: a\n' },
      { path: 'environments/dev.yaml', text: 'environment: dev\n' },
    ]);
    expect(storage.data.get(STORAGE_KEY) ?? '').not.toContain('big/a.yaml');
    store.getState().openDoc('big/a.yaml');
    store.getState().setText('service:\n  name: a\n  team: t\n');
    const saved = storage.data.get(STORAGE_KEY) ?? '';
    expect(saved).toContain('big/a.yaml');
    expect(saved).toContain('big/environments/dev.yaml');
  });

  it("closing a fork's last spec removes its override files; closing everything starts a fresh fork", () => {
    const store = make();
    store.getState().closeDoc('payment-api/payment-api.yaml');
    const s = store.getState();
    expect(Object.keys(s.docs).sort()).toEqual([
      'payment-api/environments/payment-api-prod.yaml',
      'payment-api/environments/prod.yaml',
      'payment-api/payment-api.yaml',
    ]);
    expect(s.activePath).toBe('payment-api/payment-api.yaml');
    const p = store.getState().addDoc({ path: 'mine.yaml', text: 'x' });
    store.getState().closeDoc('payment-api/payment-api.yaml');
    expect(Object.keys(store.getState().docs)).toEqual([p]);
  });
});

describe('studio store: storage', () => {
  it('an edit is saved to storage at once and survives a new store (a reload)', () => {
    const storage = memoryStorage();
    make(storage).getState().setText('service:\n  name: payment-api\n  team: sre\n');
    expect(storage.data.get(STORAGE_KEY)).toContain('team: sre');
    const reloaded = make(storage).getState();
    expect(reloaded.docs['payment-api/payment-api.yaml']?.text).toContain('team: sre');
    expect(isModified(reloaded.docs['payment-api/payment-api.yaml'])).toBe(true);
  });

  it('version-1 storage (every document under examples/) moves into the workspace layout', () => {
    const storage = memoryStorage({
      [STORAGE_KEY]: JSON.stringify({
        version: 1,
        state: {
          docs: {
            'examples/payment-api.yaml': {
              path: 'examples/payment-api.yaml',
              text: 'service:\n  name: payment-api\n  team: edited\n',
              base: examples[0]!.text,
            },
            'examples/order-api.yaml': { path: 'examples/order-api.yaml', text: examples[1]!.text, base: examples[1]!.text },
            'examples/mine.yaml': { path: 'examples/mine.yaml', text: 'mine', base: 'mine' },
          },
          activePath: 'examples/mine.yaml',
          environment: '',
          activeTab: 'slos',
          theme: 'dark',
        },
      }),
    });
    const s = make(storage).getState();
    expect(Object.keys(s.docs).sort()).toEqual([
      'mine.yaml',
      'payment-api/environments/payment-api-prod.yaml',
      'payment-api/environments/prod.yaml',
      'payment-api/payment-api.yaml',
    ]);
    expect(s.docs['payment-api/payment-api.yaml']?.text).toContain('team: edited');
    expect(s.docs['payment-api/payment-api.yaml']?.base).toBe(examples[0]!.text);
    expect(s.activePath).toBe('mine.yaml');
    expect(s.theme).toBe('dark');
  });

  it('damaged storage is ignored rather than trusted', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify({ state: { docs: 'nope', theme: 'neon' }, version: 2 }) });
    const s = make(storage).getState();
    expect(s.docs['payment-api/payment-api.yaml']?.text).toBe(examples[0]!.text);
    expect(s.theme).toBe('light');
  });

  it('a stored document beside the examples is never loaded', () => {
    const storage = memoryStorage({
      [STORAGE_KEY]: JSON.stringify({
        version: 2,
        state: {
          docs: {
            'examples/x.yaml': { path: 'examples/x.yaml', text: 't', base: 't' },
            'y.yaml': { path: 'y.yaml', text: 'y', base: 'y' },
          },
          activePath: 'examples/x.yaml',
          environment: '',
          activeTab: 'plan',
          theme: 'light',
        },
      }),
    });
    const s = make(storage).getState();
    expect(Object.keys(s.docs)).toEqual(['y.yaml']);
    expect(s.activePath).toBe('y.yaml');
  });

  it('import notes stay with their document across a reload, until dismissed; damaged notes are dropped, not the document', () => {
    const storage = memoryStorage();
    const store = make(storage);
    const path = store.getState().addDoc({ path: 'checkout.yaml', text: 'service:\n  name: checkout\n' });
    const note = {
      severity: 'warning' as const,
      code: 'import/dropped',
      message: 'dropped: x',
      path: 'slos[0].x',
      file: 'checkout.sloth.yaml',
      line: 12,
      column: 7,
      endLine: 12,
      endColumn: 8,
    };
    store.getState().setImportNotes(path, { sources: ['checkout.sloth.yaml'], diagnostics: [note] });
    expect(make(storage).getState().docs[path]?.imported).toEqual({ sources: ['checkout.sloth.yaml'], diagnostics: [note] });

    const saved = JSON.parse(storage.data.get(STORAGE_KEY)!) as {
      state: { docs: Record<string, { imported: { diagnostics: unknown[] } }> };
    };
    saved.state.docs[path]!.imported.diagnostics = [{ line: 'twelve' }];
    storage.data.set(STORAGE_KEY, JSON.stringify(saved));
    const damaged = make(storage).getState().docs[path];
    expect(damaged?.text).toBe('service:\n  name: checkout\n');
    expect(damaged?.imported).toBeUndefined();

    store.getState().setImportNotes(path, null);
    expect(make(storage).getState().docs[path]?.imported).toBeUndefined();
  });

  it('a read-only source document cannot be edited', () => {
    const store = make();
    const p = store.getState().addDoc({ path: 'slos.sloth.yaml', text: 'version: prometheus/v1\n' }, { readOnly: true });
    store.getState().openDoc(p);
    store.getState().setText('changed');
    expect(store.getState().docs[p]?.text).toBe('version: prometheus/v1\n');
  });
});

describe('studio store: reviews', () => {
  it("forking a review opens an editable copy with the review's override files, environment and tab", () => {
    const store = make();
    store.getState().startReview({
      v: 1,
      file: 'payment-api.yaml',
      text: 'shared',
      base: 'base',
      env: 'prod',
      tab: 'slos',
      environments: [{ file: 'prod.yaml', text: 'environment: prod\n' }],
    });
    expect(store.getState().activeTab).toBe('slos');
    expect(studioInputOf(store.getState())).toEqual({
      file: 'review/payment-api.yaml',
      text: 'shared',
      environment: 'prod',
      environmentFiles: [{ path: 'review/environments/prod.yaml', text: 'environment: prod\n' }],
    });
    store.getState().forkReview();
    const s = store.getState();
    expect(s.review).toBeNull();
    expect(s.docs[s.activePath]).toEqual({ path: 'payment-api-2/payment-api.yaml', text: 'shared', base: 'base' });
    expect(s.docs['payment-api-2/environments/prod.yaml']?.text).toBe('environment: prod\n');
    expect(s.environment).toBe('prod');
  });

  it('a review is not persisted', () => {
    const storage = memoryStorage();
    make(storage).getState().startReview({ v: 1, file: 'a.yaml', text: 't', base: 'b' });
    expect(make(storage).getState().review).toBeNull();
  });
});

describe('studio store: the Prometheus connection', () => {
  it('starts on automatic detection and survives a reload once chosen', () => {
    const storage = memoryStorage();
    expect(make(storage).getState().connection).toEqual({ mode: 'auto', directUrl: '', tenant: '' });
    make(storage).getState().setConnection({ mode: 'direct', directUrl: 'http://127.0.0.1:9090', tenant: 'team-a' });
    expect(make(storage).getState().connection).toEqual({ mode: 'direct', directUrl: 'http://127.0.0.1:9090', tenant: 'team-a' });
  });

  it('a damaged connection in storage falls back to the default and keeps the documents', () => {
    const storage = memoryStorage();
    make(storage).getState().setText('service:\n  name: payment-api\n  team: kept\n');
    const saved = JSON.parse(storage.data.get(STORAGE_KEY)!) as { state: Record<string, unknown> };
    saved.state.connection = { mode: 'ftp', directUrl: 42, tenant: '<script>' };
    saved.state.view = 'elsewhere';
    storage.data.set(STORAGE_KEY, JSON.stringify(saved));
    const s = make(storage).getState();
    expect(s.connection.mode).toBe('auto');
    expect(s.view).toBe('editor');
    expect(s.docs['payment-api/payment-api.yaml']?.text).toContain('team: kept');
  });

  it('which folder the portfolio shows is kept in memory only', () => {
    const storage = memoryStorage();
    make(storage).getState().setPortfolio({ source: 'specs.zip', folder: 'specs/' });
    expect(storage.data.get(STORAGE_KEY) ?? '').not.toContain('specs.zip');
    expect(make(storage).getState().portfolio).toBeNull();
  });
});
