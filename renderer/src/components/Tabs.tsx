// Tabs with the keyboard: ← → move between them.
import type { KeyboardEvent, ReactNode } from 'react';

export function Tabs<T extends string>(props: { tabs: { id: T; label: ReactNode }[]; current: T; onChange: (t: T) => void; label: string }) {
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const n = props.tabs.length;
    const next = props.tabs[(i + (e.key === 'ArrowRight' ? 1 : n - 1)) % n]!;
    props.onChange(next.id);
    const list = e.currentTarget.parentElement;
    requestAnimationFrame(() => list?.querySelector<HTMLButtonElement>(`[data-tab="${next.id}"]`)?.focus());
  };
  return (
    <div className="tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((t, i) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          data-tab={t.id}
          aria-selected={t.id === props.current}
          tabIndex={t.id === props.current ? 0 : -1}
          className={t.id === props.current ? 'active' : ''}
          onClick={() => props.onChange(t.id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
