// Ctrl+K: one box to go anywhere and run anything this user may run.
import { useEffect, useMemo, useRef, useState } from 'react';
import { ArrowRight, Terminal, Zap } from 'lucide-react';
import type { CommandInfo } from '../../../core/system/contract';

export interface PaletteItem {
  id: string;
  label: string;
  detail?: string;
  kind: 'Go to' | 'Action' | 'Command';
  run: () => void;
}

/** Subsequence match score: higher is better, -1 for no match. */
export function score(query: string, text: string): number {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (!q) return 0;
  const at = t.indexOf(q);
  if (at >= 0) return 1000 - at - t.length / 100;
  let ti = 0;
  let gaps = 0;
  for (const ch of q) {
    const found = t.indexOf(ch, ti);
    if (found < 0) return -1;
    gaps += found - ti;
    ti = found + 1;
  }
  return 500 - gaps - t.length / 100;
}

const ICON = { 'Go to': ArrowRight, Action: Zap, Command: Terminal };

export function Palette(props: { items: PaletteItem[]; commands: CommandInfo[]; onRunCommand: (c: CommandInfo) => void; onClose: () => void }) {
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const all = useMemo<PaletteItem[]>(
    () => [
      ...props.items,
      ...props.commands.map((c) => ({ id: `cmd:${c.name}`, label: c.name, detail: c.summary, kind: 'Command' as const, run: () => props.onRunCommand(c) })),
    ],
    [props],
  );
  const shown = useMemo(
    () =>
      all
        .map((it) => ({ it, s: Math.max(score(q, it.label), score(q, `${it.kind} ${it.label} ${it.detail ?? ''}`) - 100) }))
        .filter((x) => x.s >= 0)
        .sort((a, b) => b.s - a.s)
        .slice(0, 60)
        .map((x) => x.it),
    [all, q],
  );
  useEffect(() => setActive(0), [q]);

  const choose = (it: PaletteItem | undefined) => {
    if (!it) return;
    props.onClose();
    it.run();
  };

  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette">
        <input
          ref={input}
          placeholder="Go to a page, or run a command…"
          aria-label="Search commands"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, shown.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              choose(shown[active]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              props.onClose();
            }
          }}
        />
        <ul role="listbox">
          {shown.map((it, i) => {
            const Icon = ICON[it.kind];
            return (
              <li
                key={it.id}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(it)}
              >
                <Icon size={15} />
                <span>
                  {it.label} {it.detail && <small>— {it.detail}</small>}
                </span>
                <span className="what">{it.kind}</span>
              </li>
            );
          })}
          {shown.length === 0 && <li className="muted">Nothing matches “{q}”.</li>}
        </ul>
      </div>
    </div>
  );
}
