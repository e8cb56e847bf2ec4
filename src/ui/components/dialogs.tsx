/** Modal dialogs on the native <dialog> element (focus trap, Escape and inert background for free). */
import type React from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { galleryCards } from '../lib/gallery.ts';
import type { ExampleInfo } from '../lib/workspace.ts';
import { WIZARD_TECHNOLOGIES, WIZARD_TIERS, WIZARD_TYPES, wizardErrors, wizardSpec, type WizardInput } from '../lib/wizard.ts';
import { SHORTCUTS } from '../lib/shortcuts.ts';
import { copyText } from '../lib/download.ts';

export function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  wide?: boolean;
}): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={id}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={id}>{title}</h2>
        <button type="button" className="icon" onClick={onClose} aria-label="Close dialog">
          ✕
        </button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

export function ExamplesDialog({
  examples,
  modified,
  forked,
  onOpen,
  onClose,
}: {
  examples: readonly ExampleInfo[];
  /** Whether the person's copy of an example has edits. */
  modified: (path: string) => boolean;
  /** Whether the person already has a copy of an example (opening it again switches to that copy). */
  forked: (path: string) => boolean;
  onOpen: (path: string) => void;
  onClose: () => void;
}): React.JSX.Element {
  const state = (path: string): string => (modified(path) ? ' · your copy, edited' : forked(path) ? ' · your copy' : '');
  return (
    <Dialog title="Examples" onClose={onClose} wide>
      <p className="muted gallery-note">
        Examples are templates: opening one makes your own copy (with its environment files) in this browser.
      </p>
      <ul className="gallery">
        {galleryCards(examples).map(({ example: e, sentence, variants }) => (
          <li key={e.path} className="gallery-item">
            <button type="button" className="card" onClick={() => onOpen(e.path)} data-example={e.id}>
              <strong>{e.id}</strong>
              <span className="card-meta">
                {[e.type, e.tier].filter(Boolean).join(' · ')}
                {state(e.path)}
              </span>
              <span className="card-title">{sentence}</span>
            </button>
            {variants.length > 0 && (
              <ul className="card-variants" aria-label={`Variants of ${e.id}`}>
                {variants.map((v) => (
                  <li key={v.example.path}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => onOpen(v.example.path)}
                      data-example={v.example.id}
                      title={v.sentence}
                    >
                      {v.example.id.replace(`${e.id}-`, '').replace(/-/g, ' ')}
                    </button>
                    {state(v.example.path)}
                    <span className="muted">: {v.sentence}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

export function WizardDialog({
  onCreate,
  onClose,
}: {
  onCreate: (fileName: string, text: string) => void;
  onClose: () => void;
}): React.JSX.Element {
  const [input, setInput] = useState<WizardInput>({
    name: 'my-service',
    team: 'platform',
    type: 'api',
    tier: 'standard',
    technologies: [],
  });
  const errors = wizardErrors(input);
  const valid = Object.keys(errors).length === 0;
  const toggle = (t: WizardInput['technologies'][number]): void =>
    setInput({
      ...input,
      technologies: input.technologies.includes(t) ? input.technologies.filter((x) => x !== t) : [...input.technologies, t],
    });
  return (
    <Dialog title="New service spec" onClose={onClose} wide>
      <form
        className="wizard"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onCreate(`${input.name}.yaml`, wizardSpec(input));
        }}
      >
        <label>
          Service name
          <input
            value={input.name}
            onChange={(e) => setInput({ ...input, name: e.target.value.trim() })}
            aria-invalid={errors.name !== undefined}
            aria-describedby="wiz-name-help"
            required
          />
          <span id="wiz-name-help" className={errors.name ? 'field-error' : 'muted'}>
            {errors.name ?? 'lowercase with dashes, e.g. payment-api'}
          </span>
        </label>
        <label>
          Team
          <input
            value={input.team}
            onChange={(e) => setInput({ ...input, team: e.target.value })}
            aria-invalid={errors.team !== undefined}
            required
          />
          {errors.team && <span className="field-error">{errors.team}</span>}
        </label>
        <label>
          Service type
          <select value={input.type} onChange={(e) => setInput({ ...input, type: e.target.value as WizardInput['type'] })}>
            {WIZARD_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tier
          <select value={input.tier} onChange={(e) => setInput({ ...input, tier: e.target.value as WizardInput['tier'] })}>
            {WIZARD_TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="tech-list">
          <legend>Technologies it depends on</legend>
          {WIZARD_TECHNOLOGIES.map((t) => (
            <label key={t} className="check">
              <input type="checkbox" checked={input.technologies.includes(t)} onChange={() => toggle(t)} /> {t}
            </label>
          ))}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid}>
            Create spec
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ShareDialog({
  result,
  onClose,
}: {
  result: { ok: true; url: string } | { ok: false; error: string };
  onClose: () => void;
}): React.JSX.Element {
  const [copied, setCopied] = useState(false);
  return (
    <Dialog title="Share for review" onClose={onClose}>
      {result.ok ? (
        <>
          <p>
            Anyone with this link sees the spec read-only, with a diff against its base version, and can fork it. The spec travels in the
            link itself; nothing is uploaded.
          </p>
          <label>
            Review link
            <input readOnly value={result.url} data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={() => void copyText(result.url).then(setCopied)}>
              {copied ? 'Copied' : 'Copy link'}
            </button>
          </div>
        </>
      ) : (
        <p role="alert" className="field-error" data-testid="share-error">
          {result.error}
        </p>
      )}
    </Dialog>
  );
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.label}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              <kbd>Ctrl+Space</kbd>
            </th>
            <td>
              Complete (in the editor): fields, a dependency&apos;s <code>type:</code>, a resource&apos;s <code>kind:</code>, resource
              snippets on an empty item under <code>resources:</code>
            </td>
          </tr>
          <tr>
            <th scope="row">
              <kbd>Ctrl+.</kbd>
            </th>
            <td>Quick fix: NthLayer&apos;s own suggestion (did you mean …?) comes first</td>
          </tr>
          <tr>
            <th scope="row">
              <kbd>Tab</kbd>
            </th>
            <td>
              Moves through the page; it never edits the spec. Entering the editor with Tab, Tab moves on until you type or click in it
            </td>
          </tr>
          <tr>
            <th scope="row">
              <kbd>Ctrl+M</kbd>
            </th>
            <td>In the editor: switch Tab between indenting and moving focus</td>
          </tr>
          <tr>
            <th scope="row">
              <kbd>←</kbd> <kbd>→</kbd>
            </th>
            <td>Move between preview tabs (Home, End: first and last)</td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}
