/**
 * The preview's tab list: ARIA tabs with arrow-key movement, and the tabs that do not fit in one
 * row behind a "More" menu (the selected tab always stays in the row), measured from the tabs' own
 * widths so nothing is cut off at 1280 px.
 */
import type React from 'react';
import { useLayoutEffect, useRef, useState } from 'react';

export interface TabDef {
  id: string;
  label: string;
}

export interface TabStripProps {
  tabs: readonly TabDef[];
  selected: string;
  onTab: (id: string) => void;
  label: string;
  panelId: string;
}

/** How many tabs fit, given their widths, the row's width and the width the More button needs. */
function fittingTabs(widths: readonly number[], available: number, moreWidth: number, gap = 2): number {
  const total = widths.reduce((sum, w, i) => sum + w + (i ? gap : 0), 0);
  if (total <= available) return widths.length;
  let used = moreWidth;
  let n = 0;
  for (const w of widths) {
    if (used + gap + w > available) break;
    used += gap + w;
    n++;
  }
  return n;
}

export function TabStrip({ tabs, selected, onTab, label, panelId }: TabStripProps): React.JSX.Element {
  const rowRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  const [fit, setFit] = useState(tabs.length);
  const [menuOpen, setMenuOpen] = useState(false);
  const key = tabs.map((t) => `${t.id}\u0000${t.label}`).join('\u0001');

  useLayoutEffect(() => {
    const row = rowRef.current;
    const measure = measureRef.current;
    if (!row || !measure) return;
    const compute = (): void => {
      const widths = [...measure.querySelectorAll<HTMLElement>('[data-measure-tab]')].map((el) => el.offsetWidth);
      const more = measure.querySelector<HTMLElement>('[data-measure-more]')?.offsetWidth ?? 80;
      const style = getComputedStyle(row);
      const available = row.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      setFit(available > 0 ? fittingTabs(widths, available, more) : tabs.length);
    };
    compute();
    const ro = new ResizeObserver(compute);
    ro.observe(row);
    return () => ro.disconnect();
  }, [key, tabs.length]);

  // The row shows the first tabs that fit; the selected tab takes the last place if it is further on.
  const inRow = tabs.slice(0, fit);
  const selectedIndex = tabs.findIndex((t) => t.id === selected);
  if (fit < tabs.length && selectedIndex >= fit && fit > 0) inRow[fit - 1] = tabs[selectedIndex]!;
  const overflow = tabs.filter((t) => !inRow.includes(t));

  const move = (id: string): void => {
    onTab(id);
    setMenuOpen(false);
    // The tab may only now be in the row.
    requestAnimationFrame(() => tabRefs.current.get(id)?.focus());
  };

  const onKeyDown = (e: React.KeyboardEvent): void => {
    const i = tabs.findIndex((t) => t.id === selected);
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    move(tabs[next]!.id);
  };

  return (
    <div className="tab-strip" ref={rowRef}>
      <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKeyDown}>
        {inRow.map((t) => (
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
            aria-controls={panelId}
            tabIndex={t.id === selected ? 0 : -1}
            className={t.id === selected ? 'tab active' : 'tab'}
            onClick={() => onTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {overflow.length > 0 && (
        <div className="tab-more">
          <button
            type="button"
            className="tab"
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen(!menuOpen)}
            data-testid="tab-more"
            onKeyDown={(e) => {
              if (e.key === 'Escape') setMenuOpen(false);
            }}
          >
            More ({overflow.length}) ▾
          </button>
          {menuOpen && (
            <ul
              role="menu"
              className="tab-menu"
              aria-label="More preview tabs"
              onKeyDown={(e) => {
                const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]')];
                const at = items.indexOf(document.activeElement as HTMLElement);
                if (e.key === 'Escape') {
                  setMenuOpen(false);
                  e.preventDefault();
                }
                if (e.key === 'ArrowDown') {
                  items[(at + 1) % items.length]?.focus();
                  e.preventDefault();
                }
                if (e.key === 'ArrowUp') {
                  items[(at - 1 + items.length) % items.length]?.focus();
                  e.preventDefault();
                }
              }}
            >
              {overflow.map((t, i) => (
                <li key={t.id} role="none">
                  <button type="button" role="menuitem" autoFocus={i === 0} onClick={() => move(t.id)} data-tab={t.id}>
                    {t.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {/* Every tab at its natural width, out of sight, to decide what fits. */}
      <div className="tabs tab-measure" ref={measureRef} aria-hidden="true">
        {tabs.map((t) => (
          <span key={t.id} className="tab" data-measure-tab>
            {t.label}
          </span>
        ))}
        <span className="tab" data-measure-more>
          More ({tabs.length}) ▾
        </span>
      </div>
    </div>
  );
}
