/**
 * The live preview: plan, SLOs, dashboard and one tab per generated file. While the spec is
 * invalid the last good preview stays, marked stale.
 */
import type React from 'react';
import { Suspense, lazy, memo, useEffect, useRef } from 'react';
import { markPreview } from '../lib/perf.ts';
import { baseName } from '../lib/workspace.ts';
import type { PreviewState } from '../preview/use-preview.ts';
import type { LiveBudgets } from '../live/budgets.tsx';
import { VerifyPanel, type VerifyInput } from '../live/VerifyPanel.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { PagerDutyTab } from './PagerDutyTab.tsx';
import { FileView } from './FileView.tsx';
import { PlanView } from './PlanView.tsx';
import { SloView } from './SloView.tsx';

const DashboardPreview = lazy(() => import('../dashboard/DashboardPreview.tsx'));

export interface PreviewPaneProps {
  preview: PreviewState;
  activeTab: string;
  onTab: (tab: string) => void;
  /** Live budgets of the shown model (the SLO view and its gate). */
  budgets?: LiveBudgets;
  /** What verify checks: the spec as the person sees it. */
  verifyInput: VerifyInput;
}

interface TabDef {
  id: string;
  label: string;
}

export function fileTabId(path: string): string {
  return `file:${baseName(path)}`;
}

function PreviewPaneView({ preview, activeTab, onTab, budgets, verifyInput }: PreviewPaneProps): React.JSX.Element {
  const { current, lastGood, crash, timedOut } = preview;
  const shown = current?.ok ? current : lastGood;
  const stale = (timedOut !== undefined || (current !== undefined && !current.ok)) && lastGood !== undefined;
  const files = shown?.files ?? [];
  const service = shown?.plan?.service;
  const pagerduty = files.find((f) => service !== undefined && f.path === `${service}/pagerduty-config.json`);
  const tabs: TabDef[] = [
    { id: 'plan', label: 'Plan' },
    { id: 'slos', label: 'SLOs' },
    { id: 'dashboard', label: 'Dashboard' },
    { id: 'verify', label: 'Verify' },
    ...(pagerduty ? [{ id: 'pagerduty', label: 'PagerDuty' }] : []),
    ...files.map((f) => ({ id: fileTabId(f.path), label: baseName(f.path) })),
  ];
  const selected = tabs.some((t) => t.id === activeTab) ? activeTab : 'plan';
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    if (current) markPreview(preview.edit);
  }, [current, preview.edit]);

  const onKeyDown = (e: React.KeyboardEvent): void => {
    const i = tabs.findIndex((t) => t.id === selected);
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    const id = tabs[next]!.id;
    onTab(id);
    tabRefs.current.get(id)?.focus();
  };

  const errorCount = current?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;

  let body: React.ReactNode;
  if (timedOut && !shown) {
    body = <div className="state state-error" role="alert" data-testid="compile-timeout"><p>{timedOut}</p></div>;
  } else if (crash) {
    body = <div className="state state-error" role="alert"><p>The generator failed: {crash}</p><p className="muted">This is a bug in NthLayer; the spec itself may be fine.</p></div>;
  } else if (!current) {
    body = <div className="state state-loading" role="status">Generating preview…</div>;
  } else if (!shown) {
    body = (
      <div className="state state-empty" data-testid="preview-invalid">
        <p>Nothing to preview yet: the spec has {errorCount} {errorCount === 1 ? 'error' : 'errors'}.</p>
        <p className="muted">Fix the problems listed under the editor; the preview updates as you type.</p>
      </div>
    );
  } else if (selected === 'plan') {
    body = shown.plan ? <PlanView plan={shown.plan} onOpenFile={(p) => onTab(fileTabId(p))} /> : null;
  } else if (selected === 'slos') {
    body = <SloView slos={shown.slos ?? []} live={{ model: shown.model, budgets }} />;
  } else if (selected === 'dashboard') {
    const dash = files.find((f) => baseName(f.path) === 'dashboard.json');
    body = (
      <Suspense fallback={<div className="state state-loading" role="status">Loading dashboard preview…</div>}>
        <DashboardPreview content={dash?.content} service={service} />
      </Suspense>
    );
  } else if (selected === 'verify') {
    body = <VerifyPanel input={verifyInput} valid={current?.ok === true} />;
  } else if (selected === 'pagerduty') {
    body = <PagerDutyTab file={pagerduty} />;
  } else {
    const file = files.find((f) => fileTabId(f.path) === selected);
    body = file ? <FileView file={file} /> : null;
  }

  return (
    <div className="preview">
      <div role="tablist" aria-label="Generated artifacts" className="tabs" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) tabRefs.current.set(t.id, el);
              else tabRefs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === selected}
            aria-controls="preview-panel"
            tabIndex={t.id === selected ? 0 : -1}
            className={t.id === selected ? 'tab active' : 'tab'}
            onClick={() => onTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {timedOut && shown && (
        <div className="stale-banner" role="alert" data-testid="compile-timeout">
          {timedOut} Showing the last valid preview.
        </div>
      )}
      {stale && !timedOut && (
        <div className="stale-banner" role="status" data-testid="stale-banner">
          Stale: showing the last valid preview. The spec has {errorCount} {errorCount === 1 ? 'error' : 'errors'}.
        </div>
      )}
      <div id="preview-panel" role="tabpanel" aria-labelledby={`tab-${selected}`} className={stale ? 'panel stale' : 'panel'} data-stale={stale}>
        <ErrorBoundary label="preview">{body}</ErrorBoundary>
      </div>
    </div>
  );
}

/** Memoised: typing re-renders the studio, but the preview only changes when a result arrives. */
export const PreviewPane = memo(PreviewPaneView);
