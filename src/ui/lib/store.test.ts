import { describe, expect, it } from 'vitest';
import { createStudioStore, freePath, isModified, STORAGE_KEY } from './store.ts';

const examples = [
  { path: 'examples/payment-api.yaml', text: 'service:\n  name: payment-api\n' },
  { path: 'examples/order-api.yaml', text: 'service:\n  name: order-api\n' },
];

function memoryStorage(initial: Record<string, string> = {}): { getItem: (k: string) => string | null; setItem: (k: string, v: string) => void; removeItem: (k: string) => void; data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

const make = (storage = memoryStorage(), list = examples) => createStudioStore({ storage, examples: list, defaultPath: 'examples/payment-api.yaml' });

describe('studio store', () => {
  it('starts on the default example, unmodified', () => {
    const s = make().getState();
    expect(s.activePath).toBe('examples/payment-api.yaml');
    expect(isModified(s.docs[s.activePath])).toBe(false);
  });

  it('an edit is saved to storage at once and survives a new store (a reload)', () => {
    const storage = memoryStorage();
    make(storage).getState().setText('service:\n  name: payment-api\n  team: sre\n');
    expect(storage.data.get(STORAGE_KEY)).toContain('team: sre');
    const reloaded = make(storage).getState();
    expect(reloaded.docs['examples/payment-api.yaml']?.text).toContain('team: sre');
    expect(isModified(reloaded.docs['examples/payment-api.yaml'])).toBe(true);
  });

  it('an unedited example follows the shipped version after an upgrade', () => {
    const storage = memoryStorage();
    make(storage).getState().setTab('slos');
    const upgraded = [{ ...examples[0]!, text: 'service:\n  name: payment-api\n  tier: critical\n' }, examples[1]!];
    const s = make(storage, upgraded).getState();
    expect(s.docs['examples/payment-api.yaml']?.text).toContain('tier: critical');
    expect(s.activeTab).toBe('slos');
  });

  it('damaged storage is ignored rather than trusted', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: JSON.stringify({ state: { docs: 'nope', theme: 'neon' }, version: 1 }) });
    const s = make(storage).getState();
    expect(s.docs['examples/payment-api.yaml']?.text).toBe(examples[0]!.text);
    expect(s.theme).toBe('light');
  });

  it('import notes stay with their document across a reload, until dismissed; damaged notes are dropped, not the document', () => {
    const storage = memoryStorage();
    const store = make(storage);
    const path = store.getState().addDoc({ path: 'checkout.yaml', text: 'service:\n  name: checkout\n' });
    const note = { severity: 'warning' as const, code: 'import/dropped', message: 'dropped: x', path: 'slos[0].x', file: 'checkout.sloth.yaml', line: 12, column: 7, endLine: 12, endColumn: 8 };
    store.getState().setImportNotes(path, { sources: ['checkout.sloth.yaml'], diagnostics: [note] });
    expect(make(storage).getState().docs[path]?.imported).toEqual({ sources: ['checkout.sloth.yaml'], diagnostics: [note] });

    const saved = JSON.parse(storage.data.get(STORAGE_KEY)!) as { state: { docs: Record<string, { imported: { diagnostics: unknown[] } }> } };
    saved.state.docs[path]!.imported.diagnostics = [{ line: 'twelve' }];
    storage.data.set(STORAGE_KEY, JSON.stringify(saved));
    const damaged = make(storage).getState().docs[path];
    expect(damaged?.text).toBe('service:\n  name: checkout\n');
    expect(damaged?.imported).toBeUndefined();

    store.getState().setImportNotes(path, null);
    expect(make(storage).getState().docs[path]?.imported).toBeUndefined();
  });

  it('a new document never overwrites an open one', () => {
    const store = make();
    const a = store.getState().addDoc({ path: 'payment-api.yaml', text: 'other' });
    expect(a).toBe('examples/payment-api-2.yaml');
    expect(store.getState().docs['examples/payment-api.yaml']?.text).toBe(examples[0]!.text);
    expect(freePath(store.getState().docs, 'new.yml')).toBe('examples/new.yaml');
    expect(freePath(store.getState().docs, 'My Service (copy).YAML')).toBe('examples/My-Service-copy.yaml');
  });

  it('opening the same file twice switches to it instead of duplicating it', () => {
    const store = make();
    const first = store.getState().addDoc({ path: 'x.yaml', text: 'a' });
    store.getState().openDoc('examples/order-api.yaml');
    expect(store.getState().addDoc({ path: 'x.yaml', text: 'a' })).toBe(first);
    expect(store.getState().activePath).toBe(first);
  });

  it('forking a review opens an editable copy with the review environment and tab', () => {
    const store = make();
    store.getState().startReview({ v: 1, file: 'payment-api.yaml', text: 'shared', base: 'base', env: 'prod', tab: 'slos' });
    expect(store.getState().activeTab).toBe('slos');
    store.getState().forkReview();
    const s = store.getState();
    expect(s.review).toBeNull();
    expect(s.docs[s.activePath]).toEqual({ path: 'examples/payment-api-2.yaml', text: 'shared', base: 'base' });
    expect(s.environment).toBe('prod');
  });

  it('a review is not persisted', () => {
    const storage = memoryStorage();
    make(storage).getState().startReview({ v: 1, file: 'a.yaml', text: 't', base: 'b' });
    expect(make(storage).getState().review).toBeNull();
  });

  it('closing an example discards its edits but keeps it; closing a new document removes it', () => {
    const store = make();
    store.getState().setText('edited');
    store.getState().closeDoc('examples/payment-api.yaml');
    expect(store.getState().docs['examples/payment-api.yaml']?.text).toBe(examples[0]!.text);
    const p = store.getState().addDoc({ path: 'mine.yaml', text: 'x' });
    store.getState().closeDoc(p);
    expect(store.getState().docs[p]).toBeUndefined();
    expect(store.getState().activePath).toBe('examples/payment-api.yaml');
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
    expect(s.docs['examples/payment-api.yaml']?.text).toContain('team: kept');
  });

  it('the portfolio workspace is kept in memory only', () => {
    const storage = memoryStorage();
    make(storage).getState().setPortfolio({ source: 'specs.zip', files: [{ path: 'a.yaml', text: 'x' }] });
    expect(storage.data.get(STORAGE_KEY) ?? '').not.toContain('specs.zip');
    expect(make(storage).getState().portfolio).toBeNull();
  });
});
