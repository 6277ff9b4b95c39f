import { Search } from 'lucide-react';

/** A text box that filters a list as one types, with a magnifier in it. */
export function SearchBox(props: { label: string; placeholder: string; value: string; onChange: (value: string) => void; wide?: boolean }) {
  return (
    <div className="row" style={{ position: 'relative' }}>
      <Search size={15} style={{ position: 'absolute', left: 9, color: 'var(--text-faint)' }} />
      <input
        {...(props.wide ? { className: 'wide' } : {})}
        placeholder={props.placeholder}
        aria-label={props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        style={{ paddingLeft: 30 }}
      />
    </div>
  );
}
