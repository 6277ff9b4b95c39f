// The context menu of the selected nodes: the actions this user may run on them.
import { useEffect, useRef, useState } from 'react';
import type { NodeAction } from './actions';

export function ContextMenu(props: { x: number; y: number; title: string; actions: NodeAction[]; onRun(a: NodeAction): void; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const { onClose } = props;
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [onClose]);
  useEffect(() => {
    ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active]);
  // Keep it on screen.
  const left = Math.min(props.x, window.innerWidth - 260);
  const top = Math.min(props.y, window.innerHeight - 40 - props.actions.length * 32 - 40);
  let group = '';
  return (
    <div
      ref={ref}
      className="ctx-menu"
      role="menu"
      aria-label={`Actions on ${props.title}`}
      style={{ left, top: Math.max(8, top) }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown') {
          e.preventDefault();
          setActive((a) => (a + 1) % Math.max(1, props.actions.length));
        } else if (e.key === 'ArrowUp') {
          e.preventDefault();
          setActive((a) => (a - 1 + props.actions.length) % Math.max(1, props.actions.length));
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <div className="ctx-title">{props.title}</div>
      {props.actions.length === 0 && <div className="ctx-empty">No actions you may run here.</div>}
      {props.actions.map((a, i) => {
        const head = a.group !== group ? (group = a.group) : null;
        return (
          <div key={a.id}>
            {head && i > 0 && <div className="ctx-sep" role="separator" />}
            <button
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              className={`ctx-item${a.danger ? ' danger' : ''}`}
              onClick={() => props.onRun(a)}
              onMouseEnter={() => setActive(i)}
            >
              {a.label}
              {a.command && <span className="ctx-cmd">{a.command}</span>}
            </button>
          </div>
        );
      })}
    </div>
  );
}
