// Keyboard shortcuts: single keys and "g x" chords act only when no text field has focus;
// Ctrl/Cmd combinations act everywhere.
import { useEffect, useRef } from 'react';

export interface ShortcutHelp {
  keys: string;
  what: string;
}

/** Every shortcut, for the help overlay. */
export const SHORTCUTS: ShortcutHelp[] = [
  { keys: 'Ctrl K', what: 'Command palette: go anywhere, run any command you may run' },
  { keys: '?', what: 'This list' },
  { keys: 'Ctrl Shift L', what: 'Light / dark theme' },
  { keys: '[', what: 'Collapse / expand the navigation' },
  { keys: 'g then a letter', what: 'Go to an area (letters shown in the navigation)' },
  { keys: 'n', what: 'New item on the current page (e.g. a user)' },
  { keys: '↑ ↓ Enter', what: 'Move in a table, open the row' },
  { keys: 'Esc', what: 'Close a dialog or the palette' },
];

export function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('.xterm');
}

/** A plain key ("n") active while the component is mounted. */
export function useShortcut(key: string, handler: () => void, enabled = true): void {
  const h = useRef(handler);
  h.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const on = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('[role="dialog"]')) return;
      if (e.key === key) {
        e.preventDefault();
        h.current();
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [key, enabled]);
}
