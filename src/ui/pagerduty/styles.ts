/**
 * Styles of the PagerDuty tab as plain objects, on the studio's theme variables (with fallbacks
 * so the component also renders on its own).
 */
import type { CSSProperties } from 'react';

const v = (name: string, fallback: string): string => `var(--${name}, ${fallback})`;

const LEVEL_COLORS = ['#d9480f', '#e67700', '#5c7cfa'];
export const levelColor = (i: number): string => LEVEL_COLORS[i % LEVEL_COLORS.length]!;

export const styles = {
  root: { padding: 12, color: v('text', '#1f2328'), fontSize: 14, lineHeight: 1.4 },
  heading: { margin: '0 0 4px', fontSize: 16 },
  name: { fontFamily: 'ui-monospace, monospace' },
  subheading: { margin: '16px 0 6px', fontSize: 14 },
  muted: { margin: '0 0 8px', color: v('muted', '#656d76') },
  figure: { margin: '12px 0 8px' },
  caption: { marginBottom: 8, color: v('muted', '#656d76') },
  track: {
    position: 'relative',
    height: 44,
    margin: 0,
    padding: 0,
    listStyle: 'none',
    background: v('panel', '#f6f8fa'),
    border: `1px solid ${v('border', '#d0d7de')}`,
    borderRadius: 4,
  },
  bar: {
    position: 'absolute',
    top: 3,
    bottom: 3,
    boxSizing: 'border-box',
    padding: '2px 6px',
    borderRadius: 3,
    color: '#fff',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    borderRight: '2px solid rgba(255,255,255,0.8)',
  },
  barLabel: { display: 'block', fontWeight: 600, fontSize: 12 },
  barSub: { display: 'block', fontSize: 11, opacity: 0.9, overflow: 'hidden', textOverflow: 'ellipsis' },
  axis: { position: 'relative', height: 18, marginTop: 2, fontSize: 11, color: v('muted', '#656d76') },
  tick: { position: 'absolute', whiteSpace: 'nowrap' },
  loop: { margin: '4px 0 0', textAlign: 'right', color: v('muted', '#656d76'), fontSize: 12 },
  table: { borderCollapse: 'collapse', margin: '8px 0', minWidth: 360, fontSize: 'inherit' },
  th: { textAlign: 'left', padding: '4px 10px 4px 0', borderBottom: `1px solid ${v('border', '#d0d7de')}` },
  td: { textAlign: 'left', padding: '4px 10px 4px 0', fontWeight: 'normal' },
  srOnly: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' },
  facts: { display: 'flex', flexWrap: 'wrap', gap: '8px 24px', margin: '8px 0' },
  fact: { minWidth: 140 },
  dt: { color: v('muted', '#656d76'), fontSize: 12 },
  dd: { margin: 0 },
  rules: { margin: 0, paddingLeft: 18 },
  rule: { marginBottom: 6 },
  code: { fontFamily: 'ui-monospace, monospace', fontSize: 12, background: v('panel', '#f6f8fa'), padding: '0 3px', borderRadius: 3 },
  notes: { margin: '12px 0 0', paddingLeft: 18, color: v('muted', '#656d76'), fontSize: 12 },
} satisfies Record<string, CSSProperties>;
