import { useCallback, useEffect, useState } from 'react';
import { Pause, Play, RefreshCw } from 'lucide-react';
import type { AuditRecord } from '../../../../core/auth/contract';
import { api } from '../../lib/transport';
import { useTopic } from '../../lib/hooks';
import { utc } from '../../lib/format';
import { DataTable, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { Badge } from '../../components/Badge';
import { FilterSelect } from '../../components/FilterSelect';
import { reportError } from '../../app/toasts';

interface Filters {
  actor: string;
  command: string;
  result: '' | 'ok' | 'error';
}

const PAGE = 100;

function matches(r: AuditRecord, f: Filters): boolean {
  if (f.actor && r.actor !== f.actor) return false;
  if (f.command && !(f.command.endsWith('.') ? r.command.startsWith(f.command) : r.command === f.command)) return false;
  if (f.result && r.result !== f.result) return false;
  return true;
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

export function AuditPage() {
  const [filters, setFilters] = useState<Filters>({ actor: '', command: '', result: '' });
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [live, setLive] = useState(true);
  const [open, setOpen] = useState<AuditRecord | null>(null);

  const load = useCallback(
    async (before?: number) => {
      setLoading(true);
      try {
        const r = await api.call('audit.list', {
          limit: PAGE,
          ...(before ? { before } : {}),
          ...(filters.actor ? { actor: filters.actor } : {}),
          ...(filters.command ? { command: filters.command } : {}),
          ...(filters.result ? { result: filters.result } : {}),
        });
        setRecords((cur) => (before ? [...cur, ...r.records] : r.records));
        setNextBefore(r.nextBefore);
      } catch (e) {
        reportError(e, 'Audit log');
      } finally {
        setLoading(false);
      }
    },
    [filters],
  );
  useEffect(() => void load(), [load]);
  useTopic(
    'audit.appended',
    {},
    (rec) => {
      if (matches(rec, filters)) setRecords((cur) => (cur.some((r) => r.id === rec.id) ? cur : [rec, ...cur]));
    },
    live,
    [filters],
  );

  const columns: Column<AuditRecord>[] = [
    { id: 'at', label: 'Time (UTC)', render: (r) => <span className="mono">{utc(r.at)}</span> },
    { id: 'actor', label: 'Actor', render: (r) => <b>{r.actor}</b> },
    { id: 'role', label: 'Role', render: (r) => <span className="muted">{r.role}</span> },
    { id: 'origin', label: 'Via', render: (r) => <span className="muted">{r.origin}</span> },
    { id: 'command', label: 'Command', render: (r) => <code>{r.command}</code> },
    { id: 'target', label: 'Target', render: (r) => r.target ?? <span className="faint">—</span> },
    {
      id: 'result',
      label: 'Result',
      render: (r) =>
        r.result === 'ok' ? (
          <Badge tone="ok">ok</Badge>
        ) : (
          <Badge tone="bad" title={r.errorMessage ?? ''}>
            {r.errorCode ?? 'error'}
          </Badge>
        ),
    },
    { id: 'ms', label: 'ms', numeric: true, render: (r) => r.durationMs.toFixed(1) },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <h1>Audit log</h1>
        <span className="sub">Every state-changing command: who, what, when, and how it ended</span>
        <span className="grow" />
        <button className="btn" onClick={() => setLive(!live)} aria-pressed={live} title={live ? 'Pause live updates' : 'Resume live updates'}>
          {live ? <Pause size={15} /> : <Play size={15} />} {live ? 'Live' : 'Paused'}
        </button>
        <button className="btn" onClick={() => void load()} disabled={loading}>
          <RefreshCw size={15} /> Refresh
        </button>
      </div>
      <div className="filters">
        <input
          placeholder="Actor (exact)"
          aria-label="Actor"
          value={filters.actor}
          onChange={(e) => setFilters({ ...filters, actor: e.target.value.trim() })}
        />
        <input
          className="wide"
          placeholder='Command, or a prefix like "users."'
          aria-label="Command"
          value={filters.command}
          onChange={(e) => setFilters({ ...filters, command: e.target.value.trim() })}
        />
        <FilterSelect
          label="Result"
          all="Any result"
          value={filters.result}
          onChange={(result) => setFilters({ ...filters, result })}
          choices={['ok', 'error']}
        />
      </div>
      <div className="panel">
        <DataTable
          label="Audit records"
          rows={records}
          columns={columns}
          rowKey={(r) => r.id}
          onOpen={setOpen}
          empty={loading ? 'Loading…' : 'No record matches.'}
        />
        {nextBefore !== null && (
          <div style={{ padding: 12, textAlign: 'center' }}>
            <button className="btn" onClick={() => void load(nextBefore)} disabled={loading}>
              Load older records
            </button>
          </div>
        )}
      </div>
      {open && (
        <Dialog title={`Audit record #${open.id}`} wide onClose={() => setOpen(null)}>
          <dl className="kv" style={{ marginTop: 0 }}>
            <dt>Time</dt>
            <dd className="mono">{utc(open.at)}</dd>
            <dt>Actor</dt>
            <dd>
              {open.actor} ({open.role}, via {open.origin})
            </dd>
            <dt>Command</dt>
            <dd>
              <code>{open.command}</code>
            </dd>
            <dt>Target</dt>
            <dd>{open.target ?? '—'}</dd>
            <dt>Result</dt>
            <dd>{open.result === 'ok' ? 'ok' : `${open.errorCode}: ${open.errorMessage}`}</dd>
            <dt>Duration</dt>
            <dd>{open.durationMs.toFixed(2)} ms</dd>
          </dl>
          <h3 style={{ margin: '16px 0 6px' }}>Input (secrets redacted)</h3>
          <pre className="json">{pretty(open.input)}</pre>
        </Dialog>
      )}
    </div>
  );
}
