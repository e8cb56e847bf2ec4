import { joinRendered, rendered, type Rendered } from '../hash.ts';

/** JSON with two-space indentation and a final newline; keys in insertion order. */
export function renderJson(value: unknown): string {
  return renderJsonText(value).text;
}

/** renderJson's text with its fingerprint sum (what the bundle writes and hashes). */
export function renderJsonText(value: unknown): Rendered {
  const pieces = panelPieces(value);
  if (!pieces) return rendered(`${JSON.stringify(value, null, 2)}\n`);
  pieces.push(NEWLINE);
  return joinRendered(pieces);
}

const PANEL_HEAD = '{\n  "panels": [\n';
const PANEL_TAIL = '\n  ]\n}';
const NEWLINE = rendered('\n');
const OPEN = rendered('[\n');
const BETWEEN = rendered(',\n');
const CLOSE = rendered('\n  ]');
const EMPTY = rendered('[]');

/** JSON text of objects already rendered, by identity (dashboard panels come back unchanged). */
const known = new WeakMap<object, Rendered>();

/**
 * A dashboard panel's (or row's) text as it sits in the dashboard's `panels` list. Inside
 * `{"panels":[…]}` it is already indented where it goes: the native serializer does the
 * indenting, and the wrapper's first and last lines are cut off.
 */
export function panelText(panel: unknown): Rendered {
  return rendered(JSON.stringify({ panels: [panel] }, null, 2).slice(PANEL_HEAD.length, -PANEL_TAIL.length));
}

/** The panel texts of a dashboard made by {@link withPanelTexts}. */
const PANEL_TEXTS = Symbol('panel texts');
/** Panel data by panel text: a dashboard read twice, or two dashboards with the same panel, parse it once. */
const parsedPanels = new WeakMap<Rendered, unknown>();

/**
 * A dashboard whose `panels` are kept as their texts and become objects only when read. Writing
 * the dashboard needs the texts alone, and a thousand-SLO dashboard's panels are a few hundred
 * thousand small objects: built on every cold compile for nothing, and copied by the garbage
 * collector. Reading `panels` (a push to Grafana, a test) parses them once and keeps the result,
 * so the object reads, compares and serialises as plain JSON data with `panels` as its last key.
 */
export function withPanelTexts(shell: Readonly<Record<string, unknown>>, texts: readonly Rendered[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  Object.defineProperty(out, PANEL_TEXTS, { value: texts, enumerable: false });
  const lazyPanels = (): void => {
    Object.defineProperty(out, 'panels', {
      enumerable: true,
      configurable: true,
      get(): unknown[] {
        const panels = texts.map(parsePanel);
        Object.defineProperty(out, 'panels', { value: panels, enumerable: true, writable: true, configurable: true });
        return panels;
      },
    });
  };
  // `panels` where the shell has it, else last.
  for (const key of Object.keys(shell)) {
    if (key === 'panels') lazyPanels();
    else out[key] = shell[key];
  }
  if (!Object.prototype.hasOwnProperty.call(shell, 'panels')) lazyPanels();
  return out;
}

function parsePanel(text: Rendered): unknown {
  let data = parsedPanels.get(text);
  if (data === undefined) {
    data = JSON.parse(text.text) as unknown;
    parsedPanels.set(text, data);
    // Written again as they are (a dashboard rebuilt around them), they are not serialised again.
    if (typeof data === 'object' && data !== null) known.set(data, text);
  }
  return data;
}

/**
 * The pieces of `JSON.stringify(value, null, 2)` for an object with a `panels` array, each panel
 * rendered once per object and already indented: a 1 000-panel dashboard re-renders only what
 * changed. Undefined for anything else.
 */
function panelPieces(value: unknown): Rendered[] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  // Panels still kept as texts (withPanelTexts) are written from them without being read.
  const lazy = Object.getOwnPropertyDescriptor(value, 'panels')?.get
    ? (value as { [PANEL_TEXTS]?: readonly Rendered[] })[PANEL_TEXTS]
    : undefined;
  const panels = lazy ? undefined : record.panels;
  if (!lazy && !Array.isArray(panels)) return undefined;
  const marker = JSON.stringify('\u0000panels\u0000');
  // The other fields, key order kept, with a marker where the panels go.
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(record)) fields[key] = key === 'panels' ? (JSON.parse(marker) as string) : record[key];
  const shell = JSON.stringify(fields, null, 2);
  const at = shell.indexOf(marker);
  const head = rendered(shell.slice(0, at));
  const tail = rendered(shell.slice(at + marker.length));
  const count = lazy ? lazy.length : (panels as unknown[]).length;
  if (count === 0) return [head, EMPTY, tail];
  const pieces = [head, OPEN];
  for (let i = 0; i < count; i++) {
    if (i > 0) pieces.push(BETWEEN);
    pieces.push(lazy ? lazy[i]! : textOf((panels as unknown[])[i]));
  }
  pieces.push(CLOSE, tail);
  return pieces;
}

/** A panel's text in the dashboard: remembered by the panel object, made once. */
function textOf(panel: unknown): Rendered {
  const same = typeof panel === 'object' && panel !== null ? known.get(panel) : undefined;
  if (same !== undefined) return same;
  const text = panelText(panel);
  if (typeof panel === 'object' && panel !== null) known.set(panel, text);
  return text;
}
