// Operations: every lifecycle operation as a record (PROCESSING, COMPLETED, FAILED,
// ROLLED_BACK) — the list, and one with its steps by stage and its journal; retry, roll
// back, cancel.
import { useState } from 'react';
import { Ban, RotateCcw, Undo2 } from 'lucide-react';
import type { OpState, OpSummary } from '../../../../core/orchestrator/contract';
import { OP_STATES } from '../../../../core/orchestrator/contract';
import { useBusyRun, useCommand, useThrottled, useTopic } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { relativeTime, utc } from '../../lib/format';
import { navigate, usePath } from '../../app/router';
import { QueryTable, type Column } from '../../components/DataTable';
import { BackLink } from '../../components/BackLink';
import { OpStateBadge } from '../../components/StateBadge';
import { Badge } from '../../components/Badge';
import { Progress } from '../../components/Progress';
import { FilterSelect, TenantFilter } from '../../components/FilterSelect';

const BASE = '/ops/operations';

export function OperationsPage() {
  const path = usePath();
  const id = path.slice(BASE.length + 1).split('/')[0];
  return id ? <OperationDetail id={id} /> : <OperationList />;
}

function duration(o: { createdAt: string; finishedAt: string | null }): string {
  const end = o.finishedAt ? Date.parse(o.finishedAt) : Date.now();
  const s = Math.max(0, (end - Date.parse(o.createdAt)) / 1000);
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function OperationList() {
  const [state, setState] = useState<OpState | ''>('');
  const [tenantId, setTenantId] = useState('');
  const list = useCommand('operations.list', { ...(state ? { state } : {}), ...(tenantId ? { tenantId } : {}), limit: 500 }, [state, tenantId]);
  const services = useCommand('services.list', { includeDeleted: true, limit: 1000 });
  const soon = useThrottled(() => {
    list.reload();
    services.reload();
  }, 400);
  useTopic('operations.changed', {}, soon);
  const names = new Map((services.data?.services ?? []).map((s) => [s.id, s.name]));
  const columns: Column<OpSummary>[] = [
    { id: 'id', label: 'Operation', render: (o) => <span className="mono">{o.id}</span>, sort: (o) => o.id },
    { id: 'type', label: 'Type', render: (o) => o.type, sort: (o) => o.type },
    {
      id: 'service',
      label: 'Service',
      render: (o) => (
        <>
          {names.get(o.serviceId) ?? <span className="mono">{o.serviceId}</span>}
          <div className="faint small">{o.tenantId}</div>
        </>
      ),
      sort: (o) => names.get(o.serviceId) ?? o.serviceId,
    },
    {
      id: 'state',
      label: 'State',
      render: (o) => (
        <>
          <OpStateBadge state={o.state} /> {o.phase === 'rollback' && o.state === 'PROCESSING' && <Badge tone="warn">rolling back</Badge>}
        </>
      ),
      sort: (o) => o.state,
    },
    {
      id: 'progress',
      label: 'Progress',
      render: (o) => (
        <div style={{ minWidth: 140 }}>
          <Progress
            done={o.progress.done}
            total={o.progress.total}
            label={`Progress of ${o.id}`}
            tone={o.state === 'FAILED' ? 'bad' : o.state === 'COMPLETED' ? 'ok' : 'info'}
          />
          <div className="faint small clamp" title={o.error?.message}>
            {o.state === 'PROCESSING' ? (o.currentStep ?? '') : o.error ? o.error.message : `${o.progress.done}/${o.progress.total} steps`}
          </div>
        </div>
      ),
    },
    { id: 'by', label: 'By', render: (o) => o.createdBy, sort: (o) => o.createdBy },
    { id: 'took', label: 'Took', numeric: true, render: (o) => <span className="nowrap">{duration(o)}</span> },
    { id: 'created', label: 'Started', render: (o) => <span title={utc(o.createdAt)}>{relativeTime(o.createdAt)}</span>, sort: (o) => o.createdAt },
  ];
  return (
    <div className="page wide">
      <div className="page-head">
        <h1>Operations</h1>
        <span className="sub">{list.data ? `${list.data.total} operations` : ''}</span>
      </div>
      <div className="filters">
        <FilterSelect label="State" all="Any state" value={state} onChange={setState} choices={OP_STATES} />
        <TenantFilter value={tenantId} onChange={setTenantId} />
      </div>
      <div className="panel">
        <QueryTable
          query={list}
          what="the operations"
          label="Operations"
          rows={list.data?.operations ?? []}
          columns={columns}
          rowKey={(o) => o.id}
          onOpen={(o) => navigate(`${BASE}/${o.id}`)}
          initialSort={{ id: 'created', desc: true }}
          empty="No operation matches."
        />
      </div>
    </div>
  );
}

/** A service's name (its id until it is known). */
function ServiceName(props: { id: string }) {
  const q = useCommand('services.get', { id: props.id }, [props.id]);
  return q.data ? <>{q.data.service.name}</> : <span className="mono">{props.id}</span>;
}

function OperationDetail(props: { id: string }) {
  const q = useCommand('operations.get', { id: props.id }, [props.id]);
  const soon = useThrottled(q.reload, 250);
  useTopic('operations.changed', { operationId: props.id }, soon, true, [props.id]);
  const { busy, run } = useBusyRun();
  if (q.error)
    return <div className="page empty">{q.error.code === 'NOT_FOUND' ? 'No such operation.' : `Could not load the operation: ${q.error.message}`}</div>;
  const op = q.data?.operation;
  if (!op) return <div className="page empty">Loading…</div>;
  const stages = [...new Set(op.steps.map((s) => `${s.phase}:${s.stage}`))];
  return (
    <div className="page wide">
      <BackLink to={BASE}>Operations</BackLink>
      <div className="page-head">
        <h1>
          {op.type} <span className="mono">{op.id}</span>
        </h1>
        <OpStateBadge state={op.state} />
        {op.phase === 'rollback' && <Badge tone="warn">rollback phase</Badge>}
        {op.cancelRequested && <Badge tone="warn">cancel requested</Badge>}
        <span className="grow" />
        {op.actions.includes('retry') && (
          <button className="btn primary" disabled={busy} onClick={() => void run('Retrying', () => api.call('operations.retry', { id: op.id }))}>
            <RotateCcw size={15} /> Retry
          </button>
        )}
        {op.actions.includes('rollback') && (
          <button className="btn" disabled={busy} onClick={() => void run('Rolling back', () => api.call('operations.rollback', { id: op.id }))}>
            <Undo2 size={15} /> Roll back
          </button>
        )}
        {op.actions.includes('cancel') && (
          <button className="btn" disabled={busy} onClick={() => void run('Cancelling', () => api.call('operations.cancel', { id: op.id }))}>
            <Ban size={15} /> Cancel
          </button>
        )}
      </div>
      <div className="detail-grid">
        <div className="panel">
          <div className="panel-body">
            <dl className="kv">
              <dt>Service</dt>
              <dd>
                <a href={`#/ops/services/${op.serviceId}`}>
                  <ServiceName id={op.serviceId} />
                </a>{' '}
                <span className="faint">({op.tenantId})</span>
              </dd>
              <dt>Started</dt>
              <dd>
                {utc(op.createdAt)} by {op.createdBy}
              </dd>
              <dt>Finished</dt>
              <dd>{op.finishedAt ? `${utc(op.finishedAt)} (${duration(op)})` : '—'}</dd>
              <dt>Automatic rollback</dt>
              <dd>{op.autoRollback ? 'on' : 'off'}</dd>
              <dt>Progress</dt>
              <dd>
                {op.progress.done} of {op.progress.total} steps
              </dd>
            </dl>
            {op.error && (
              <div className="alert bad" role="alert" style={{ marginTop: 12, marginBottom: 0 }}>
                {op.error.code}: {op.error.message}
              </div>
            )}
          </div>
        </div>
        <div className="panel">
          <div className="panel-head">
            <h2>Journal</h2>
          </div>
          <ul className="events journal" aria-label="Journal">
            {op.journal.map((j, i) => (
              <li key={i}>
                <span className="mono faint">{utc(j.at).slice(11)}</span>
                <span>
                  <b>{j.event}</b> {j.detail && <span className="muted">{j.detail}</span>}
                </span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="panel" style={{ marginTop: 16 }}>
        <div className="panel-head">
          <h2>Steps</h2>
          <span className="muted small">steps of a stage run together, stages in order</span>
        </div>
        <div className="table-wrap">
          <table className="grid" aria-label="Steps">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Stage</th>
                <th>Step</th>
                <th>State</th>
                <th className="num">Attempts</th>
                <th>PoD</th>
                <th>Took</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {op.steps.map((s) => (
                <tr key={s.seq} className={s.state === 'FAILED' ? 'row-bad' : s.state === 'RUNNING' ? 'row-running' : ''}>
                  <td className="num">{s.seq}</td>
                  <td className="small">
                    {s.phase === 'rollback' ? 'rollback ' : ''}
                    {stages.indexOf(`${s.phase}:${s.stage}`) + 1}
                  </td>
                  <td>
                    {s.name}
                    <div className="faint small mono">{s.kind}</div>
                  </td>
                  <td>
                    <Badge tone={s.state === 'DONE' ? 'ok' : s.state === 'FAILED' ? 'bad' : s.state === 'RUNNING' ? 'info' : 'neutral'}>{s.state}</Badge>
                  </td>
                  <td className="num">{s.attempts}</td>
                  <td className="small nowrap">{s.podId?.replace(/^pod-/, '') ?? '—'}</td>
                  <td className="small">
                    {s.startedAt && s.finishedAt ? `${((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1)} s` : s.startedAt ? '…' : ''}
                  </td>
                  <td className="small">{s.error ? <span className="bad-text">{s.error}</span> : (s.detail ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
