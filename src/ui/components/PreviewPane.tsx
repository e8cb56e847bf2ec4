/**
 * The live preview: plan, SLOs, dashboard and one tab per generated file (and in review mode what
 * the change does). While the spec is invalid the last settled preview stays, marked stale. Each
 * tab keeps its own scroll position.
 */
import type React from 'react';
import { Suspense, lazy, memo, useCallback, useLayoutEffect, useRef } from 'react';
import { useStudio } from '../app-store.ts';
import { markPreview } from '../lib/perf.ts';
import type { ReviewState } from '../lib/store.ts';
import { baseName } from '../lib/workspace.ts';
import type { PreviewState } from '../preview/use-preview.ts';
import type { LiveBudgets } from '../live/budgets.tsx';
import { VerifyPanel, type VerifyInput } from '../live/VerifyPanel.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { PagerDutyTab } from './PagerDutyTab.tsx';
import { FileView } from './FileView.tsx';
import { PlanView } from './PlanView.tsx';
import { ReviewChanges } from './ReviewChanges.tsx';
import { SloView } from './SloView.tsx';
import { TabStrip, type TabDef } from './TabStrip.tsx';

const DashboardPreview = lazy(() => import('../dashboard/DashboardPreview.tsx'));

export interface PreviewPaneProps {
  preview: PreviewState;
  activeTab: string;
  onTab: (tab: string) => void;
  /** Live budgets of the shown model (the SLO view and its gate). */
  budgets?: LiveBudgets;
  /** What verify checks: the spec as the person sees it. */
  verifyInput: VerifyInput;
  /** An open review link: adds the Changes tab. */
  review?: ReviewState | null;
}

function fileTabId(path: string): string {
  return `file:${baseName(path)}`;
}

const PANEL_ID = 'preview-panel';

function PreviewPaneView({ preview, activeTab, onTab, budgets, verifyInput, review = null }: PreviewPaneProps): React.JSX.Element {
  const theme = useStudio((s) => s.theme);
  const { current, lastGood, crash, timedOut } = preview;
  const shown = current?.ok ? current : lastGood;
  const stale = (timedOut !== undefined || (current !== undefined && !current.ok)) && lastGood !== undefined;
  const files = shown?.files ?? [];
  const service = shown?.plan?.service;
  const pagerduty = files.find((f) => service !== undefined && f.path === `${service}/pagerduty-config.json`);
  const tabs: TabDef[] = [
    ...(review ? [{ id: 'changes', label: 'Changes' }] : []),
    { id: 'plan', label: 'Plan' },
    { id: 'slos', label: 'SLOs' },
    { id: 'dashboard', label: 'Dashboard' },
    { id: 'verify', label: 'Verify' },
    ...(pagerduty ? [{ id: 'pagerduty', label: 'PagerDuty' }] : []),
    ...files.map((f) => ({ id: fileTabId(f.path), label: baseName(f.path) })),
  ];
  const selected = tabs.some((t) => t.id === activeTab) ? activeTab : review ? 'changes' : 'plan';

  // At commit: the DOM shows the result from here on (the browser paints it in its next frame).
  useLayoutEffect(() => {
    if (current) markPreview(preview.edit);
  }, [current, preview.edit]);

  // Each tab keeps its own scroll position: saved when it is left, restored when it is back.
  const panelRef = useRef<HTMLDivElement>(null);
  const scrolls = useRef(new Map<string, number>());
  const shownTab = useRef(selected);
  useLayoutEffect(() => {
    const panel = panelRef.current;
    if (!panel || shownTab.current === selected) return;
    shownTab.current = selected;
    panel.scrollTop = scrolls.current.get(selected) ?? 0;
  }, [selected]);
  const onScroll = (e: React.UIEvent<HTMLDivElement>): void => {
    if (shownTab.current === selected) scrolls.current.set(selected, e.currentTarget.scrollTop);
  };

  const openFile = useCallback((p: string) => onTab(fileTabId(p)), [onTab]);

  const errorCount = current?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;

  let body: React.ReactNode;
  if (selected === 'changes' && review) {
    body = <ReviewChanges review={review} theme={theme} />;
  } else if (timedOut && !shown) {
    body = (
      <div className="state state-error" role="alert" data-testid="compile-timeout">
        <p>{timedOut}</p>
      </div>
    );
  } else if (crash) {
    body = (
      <div className="state state-error" role="alert">
        <p>The generator failed: {crash}</p>
        <p className="muted">This is a bug in NthLayer; the spec itself may be fine.</p>
      </div>
    );
  } else if (!current) {
    body = (
      <div className="state state-loading" role="status">
        Generating preview…
      </div>
    );
  } else if (!shown) {
    body = (
      <div className="state state-empty" data-testid="preview-invalid">
        <p>
          Nothing to preview yet: the spec has {errorCount} {errorCount === 1 ? 'error' : 'errors'}.
        </p>
        <p className="muted">Fix the problems listed under the editor; the preview updates as you type.</p>
      </div>
    );
  } else if (selected === 'plan') {
    body = shown.plan ? <PlanView plan={shown.plan} onOpenFile={openFile} /> : null;
  } else if (selected === 'slos') {
    body = <SloView slos={shown.slos ?? []} live={{ model: shown.model, budgets }} />;
  } else if (selected === 'dashboard') {
    const dash = files.find((f) => baseName(f.path) === 'dashboard.json');
    body = (
      <Suspense
        fallback={
          <div className="state state-loading" role="status">
            Loading dashboard preview…
          </div>
        }
      >
        <DashboardPreview content={dash?.content} plan={shown.dashboardPlan} service={service} />
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
      <TabStrip tabs={tabs} selected={selected} onTab={onTab} label="Generated artifacts" panelId={PANEL_ID} />
      {timedOut && shown && selected !== 'changes' && (
        <div className="stale-banner" role="alert" data-testid="compile-timeout">
          {timedOut} Showing the last valid preview.
        </div>
      )}
      {stale && !timedOut && selected !== 'changes' && (
        <div className="stale-banner" role="status" data-testid="stale-banner">
          Stale: showing the last valid preview. The spec has {errorCount} {errorCount === 1 ? 'error' : 'errors'}.
        </div>
      )}
      <div
        id={PANEL_ID}
        ref={panelRef}
        role="tabpanel"
        aria-labelledby={`tab-${selected}`}
        tabIndex={0}
        onScroll={onScroll}
        className={stale && selected !== 'changes' ? 'panel stale' : 'panel'}
        data-stale={stale}
        data-tab={selected}
      >
        <ErrorBoundary label="preview">{body}</ErrorBoundary>
      </div>
    </div>
  );
}

/** Memoised: typing re-renders the studio, but the preview only changes when a result arrives. */
export const PreviewPane = memo(PreviewPaneView);
