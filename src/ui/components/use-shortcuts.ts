/** Listens for the studio's shortcuts once, calling whatever handlers the last render gave it. */
import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutId } from '../lib/shortcuts.ts';

export type ShortcutHandlers = Record<ShortcutId, () => void>;

export function useShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      const inText = target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      const id = shortcutFor(e, inText);
      if (!id) return;
      // Monaco formats by itself when it has focus.
      if (id === 'format' && target?.closest('.monaco-editor')) return;
      e.preventDefault();
      e.stopPropagation();
      latest.current[id]();
    };
    // Capture phase: seen before Monaco, which would otherwise take F8 for its own marker widget.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
