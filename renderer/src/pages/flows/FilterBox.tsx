// The filter box: the core's own parser (pure code) checks as you type and points at the
// column of a mistake; completion offers fields, operators, values and joiners.
// Keys: ↑/↓ choose, Tab or Enter take a suggestion, Enter applies, Esc closes the list.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Filter } from 'lucide-react';
import { parseFilter } from '../../../../core/flows/query/filter';
import { complete, type Completion } from '../../../../core/flows/query/complete';

export function FilterBox(props: { value: string; onApply: (filter: string) => void; exporters: string[] }) {
  const [text, setText] = useState(props.value);
  const [cursor, setCursor] = useState(props.value.length);
  const [open, setOpen] = useState(false);
  const [sel, setSel] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const parsed = useMemo(() => parseFilter(text), [text]);
  const comp: Completion = useMemo(() => complete(text, cursor, { exporters: props.exporters }), [text, cursor, props.exporters]);
  const items = open ? comp.items : [];
  const error = parsed.ok ? null : parsed.error;
  const dirty = text !== props.value;

  const take = (k: number) => {
    const it = items[k];
    if (!it) return;
    const before = text.slice(0, comp.from);
    const after = text.slice(comp.to);
    const ins = it.text + (after.startsWith(' ') ? '' : ' ');
    const next = before + ins + after;
    setText(next);
    const pos = before.length + ins.length;
    setCursor(pos);
    setSel(0);
    requestAnimationFrame(() => input.current?.setSelectionRange(pos, pos));
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (items.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setSel((s) => (s + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
    } else if (items.length && e.key === 'Tab') {
      e.preventDefault();
      take(sel);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (items.length && open && dirty && sel > 0) take(sel);
      else if (!error) {
        setOpen(false);
        props.onApply(text.trim());
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.stopPropagation();
        setOpen(false);
      }
    }
  };

  return (
    <div className="fl-filter">
      <div className={`fl-filter-row${error ? ' invalid' : ''}`}>
        <Filter size={15} aria-hidden="true" />
        <input
          ref={input}
          aria-label="Filter"
          aria-invalid={!!error}
          aria-describedby="fl-filter-msg"
          spellCheck={false}
          autoComplete="off"
          placeholder="Filter, e.g. proto = tcp and dst in 10.0.0.0/8 and not dstport in (80, 443)"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCursor(e.target.selectionStart ?? e.target.value.length);
            setOpen(true);
            setSel(0);
          }}
          onKeyDown={onKey}
          onKeyUp={(e) => setCursor(e.currentTarget.selectionStart ?? text.length)}
          onClick={(e) => setCursor(e.currentTarget.selectionStart ?? text.length)}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        <button className="btn small" disabled={!!error || !dirty} onClick={() => props.onApply(text.trim())} title="Apply the filter (Enter)">
          Apply
        </button>
      </div>
      {error ? (
        <div id="fl-filter-msg" className="fl-filter-error" role="alert">
          <pre className="fl-caret" aria-hidden="true">
            {text + '\n' + ' '.repeat(error.column - 1) + '^'.repeat(Math.min(error.length, Math.max(1, text.length - error.column + 1)))}
          </pre>
          <span>
            Column {error.column}: {error.message}
            {error.expected.length > 0 && <span className="faint"> — expected {error.expected.slice(0, 6).join(', ')}</span>}
          </span>
        </div>
      ) : (
        <div id="fl-filter-msg" className="fl-filter-hint faint">
          {dirty ? 'Enter to apply' : text ? 'Filter applied' : 'Fields, = != < > <= >= IN, CIDR prefixes, AND OR NOT, parentheses'}
        </div>
      )}
      {items.length > 0 && (
        <ul className="fl-complete" role="listbox" aria-label="Suggestions">
          {items.map((it, k) => (
            <li
              key={it.text}
              role="option"
              aria-selected={k === sel}
              className={k === sel ? 'sel' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                take(k);
              }}
            >
              <b>{it.text}</b> <span className="faint">{it.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
