// A sortable table with keyboard navigation: ↑/↓ move, Enter opens, Home/End jump.
import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ArrowDown, ArrowUp } from 'lucide-react';

export interface Column<T> {
  id: string;
  label: string;
  render: (row: T) => ReactNode;
  /** Value to sort by; no sort when absent. */
  sort?: (row: T) => string | number;
  numeric?: boolean;
  width?: string;
}

export interface DataTableProps<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  onOpen?: (row: T) => void;
  selectedKey?: string | number | null;
  empty?: ReactNode;
  initialSort?: { id: string; desc?: boolean };
  label: string;
}

export function DataTable<T>(props: DataTableProps<T>) {
  const [sort, setSort] = useState(props.initialSort ?? null);
  const rows = useMemo(() => {
    const col = sort && props.columns.find((c) => c.id === sort.id);
    if (!col?.sort) return props.rows;
    const key = col.sort;
    const sorted = [...props.rows].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return sort?.desc ? sorted.reverse() : sorted;
  }, [props.rows, props.columns, sort]);

  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, row: T) => {
    const tr = e.currentTarget;
    const move = (el: Element | null | undefined) => (el as HTMLElement | null)?.focus();
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(tr.nextElementSibling);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(tr.previousElementSibling);
    } else if (e.key === 'Home') {
      e.preventDefault();
      move(tr.parentElement?.firstElementChild);
    } else if (e.key === 'End') {
      e.preventDefault();
      move(tr.parentElement?.lastElementChild);
    } else if (e.key === 'Enter' && props.onOpen) {
      e.preventDefault();
      props.onOpen(row);
    }
  };

  return (
    <div className="table-wrap">
      <table className="grid" aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const active = sort?.id === c.id;
              return (
                <th
                  key={c.id}
                  className={`${c.sort ? 'sortable' : ''} ${c.numeric ? 'num' : ''}`}
                  style={c.width ? { width: c.width } : undefined}
                  aria-sort={active ? (sort?.desc ? 'descending' : 'ascending') : undefined}
                  onClick={() => c.sort && setSort(active ? { id: c.id, desc: !sort?.desc } : { id: c.id })}
                >
                  {c.label} {active && (sort?.desc ? <ArrowDown size={12} /> : <ArrowUp size={12} />)}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const k = props.rowKey(r);
            return (
              <tr
                key={k}
                tabIndex={0}
                className={`${props.onOpen ? 'selectable' : ''} ${props.selectedKey === k ? 'selected' : ''}`}
                onClick={() => props.onOpen?.(r)}
                onKeyDown={(e) => onKey(e, r)}
              >
                {props.columns.map((c) => (
                  <td key={c.id} className={c.numeric ? 'num' : undefined}>
                    {c.render(r)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <div className="empty">{props.empty ?? 'Nothing here yet.'}</div>}
    </div>
  );
}

/**
 * The table of a list that a query loads: why it could not be loaded ("Could not load
 * `what`: …"), or the rows, with "Loading…" where they are still to come.
 */
export function QueryTable<T>(props: DataTableProps<T> & { query: { error: { message: string } | null; loading: boolean }; what: string }) {
  const { query, what, ...table } = props;
  if (query.error)
    return (
      <div className="empty">
        Could not load {what}: {query.error.message}
      </div>
    );
  return <DataTable {...table} empty={query.loading ? 'Loading…' : props.empty} />;
}
