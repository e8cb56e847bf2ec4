/** The header's Prometheus status, and the small dialog that chooses how to reach Prometheus. */
import type React from 'react';
import { useState } from 'react';
import { Dialog } from '../components/dialogs.tsx';
import { checkDirectUrl, checkTenant, type ConnectionMode, type ConnectionSettings } from './connection.ts';
import { useLive, type LiveStatus } from './LiveProvider.tsx';

export function statusText(status: LiveStatus): string {
  switch (status.kind) {
    case 'off':
      return 'Prometheus: not connected (sample data)';
    case 'detecting':
      return 'Prometheus: looking for the proxy…';
    case 'checking':
      return 'Prometheus: connecting…';
    case 'ok':
      return `Prometheus ${status.version}: connected`;
    case 'error':
      return 'Prometheus: unreachable';
  }
}

export function ConnectionButton({ onOpen }: { onOpen: () => void }): React.JSX.Element {
  const { status } = useLive();
  return (
    <button
      type="button"
      className={`conn conn-${status.kind}`}
      onClick={onOpen}
      data-testid="connection-status"
      title={status.kind === 'error' ? status.message : 'Choose how the studio reaches Prometheus'}
      aria-label={`${statusText(status)}. Connection settings`}
    >
      <span className="conn-dot" aria-hidden="true" /> {statusText(status)}
    </button>
  );
}

const MODES: { id: ConnectionMode; label: string; help: string }[] = [
  {
    id: 'auto',
    label: 'Automatic',
    help: "Use the studio's own proxy when it answers (nthlayer proxy, npm run demo, or npm start with NTHLAYER_PROMETHEUS_URL); otherwise none.",
  },
  { id: 'none', label: 'None', help: 'Never ask a Prometheus: every chart shows labelled sample data.' },
  { id: 'proxy', label: 'Studio proxy', help: "Always use /api/v1 on this page's origin." },
  {
    id: 'direct',
    label: 'Direct URL',
    help: 'A Prometheus started with --web.cors.origin allowing this page. It is the only other address this page will contact.',
  },
];

export function ConnectionDialog({
  settings,
  onSave,
  onClose,
}: {
  settings: ConnectionSettings;
  onSave: (s: ConnectionSettings) => void;
  onClose: () => void;
}): React.JSX.Element {
  const [draft, setDraft] = useState<ConnectionSettings>(settings);
  const live = useLive();
  const url = draft.mode === 'direct' ? checkDirectUrl(draft.directUrl) : undefined;
  const tenantError = checkTenant(draft.tenant);
  const valid = (!url || url.ok) && !tenantError;
  return (
    <Dialog title="Prometheus connection" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) {
            onSave({ ...draft, directUrl: url?.ok ? url.url : draft.directUrl });
            onClose();
          }
        }}
      >
        <fieldset className="conn-modes">
          <legend>Connect through</legend>
          {MODES.map((m) => (
            <label key={m.id} className="check">
              <input
                type="radio"
                name="conn-mode"
                value={m.id}
                checked={draft.mode === m.id}
                onChange={() => setDraft({ ...draft, mode: m.id })}
              />
              <span>
                <strong>{m.label}</strong> <span className="muted">{m.help}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {draft.mode === 'direct' && (
          <label>
            Prometheus URL
            <input
              value={draft.directUrl}
              placeholder="http://127.0.0.1:9090"
              onChange={(e) => setDraft({ ...draft, directUrl: e.target.value })}
              aria-invalid={url !== undefined && !url.ok}
              aria-describedby="conn-url-help"
            />
            <span id="conn-url-help" className={url && !url.ok ? 'field-error' : 'muted'}>
              {url && !url.ok ? url.error : 'Start it with --web.cors.origin matching this page.'}
            </span>
          </label>
        )}
        {draft.mode !== 'none' && (
          <label>
            Tenant (X-Scope-OrgID, for Mimir or Cortex; optional)
            <input
              value={draft.tenant}
              onChange={(e) => setDraft({ ...draft, tenant: e.target.value.trim() })}
              aria-invalid={tenantError !== undefined}
            />
            {tenantError && <span className="field-error">{tenantError}</span>}
          </label>
        )}
        <p className="muted" data-testid="connection-detail">
          Now: {statusText(live.status)}
          {live.target ? ` via ${live.target.label}` : ''}
          {live.status.kind === 'error' ? ` — ${live.status.message}` : ''}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={live.check} disabled={!live.client}>
            Test connection
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** One line under the header while the chosen Prometheus fails, so sample data is never mistaken for live. */
export function ConnectionError({ onOpen }: { onOpen: () => void }): React.JSX.Element | null {
  const { status, check } = useLive();
  if (status.kind !== 'error') return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="live-error">
      <span>Prometheus: {status.message}</span>
      <button type="button" onClick={check}>
        Retry
      </button>
      <button type="button" onClick={onOpen}>
        Connection settings
      </button>
    </div>
  );
}
