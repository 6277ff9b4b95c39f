// Pieces of the service screens shared by the customer's and the operator's views.
import { useState } from 'react';
import { Ban, RotateCcw, Undo2, Trash2 } from 'lucide-react';
import type { OpSummary, ServiceView } from '../../../../core/orchestrator/contract';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Progress } from '../../components/Progress';
import { OpStateBadge, VnfStateBadge } from '../../components/StateBadge';
import { mb, money } from '../../lib/services';
import { relativeTime, utc } from '../../lib/format';
import { api } from '../../lib/transport';
import { useBusyRun } from '../../lib/hooks';

/** The service paths: each chain on its PoD, whether its vRouter answers, which one carries the traffic. */
export function PathsPanel(props: { service: ServiceView; staff: boolean }) {
  const s = props.service;
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Service paths</h2>
        {s.redundant ? (
          <span className="muted small" data-testid="active-path">
            Active path: <b>{s.activePath ?? 'none'}</b>
          </span>
        ) : (
          <span className="muted small">One path (no automated recovery)</span>
        )}
      </div>
      <div className="panel-body paths">
        {s.chains.length === 0 && <p className="muted">No VNFs (the service holds nothing now).</p>}
        {s.chains.map((ch) => {
          const active = s.activePath === ch.path;
          return (
            <div
              key={`${ch.path}-${ch.serverId}`}
              className={`path-box${active ? ' active' : ''}${ch.up ? '' : ' down'}`}
              data-testid={`path-${ch.path}`}
              data-pod={ch.podName}
            >
              <div className="path-h">
                <Badge tone={active ? 'ok' : ch.up ? 'neutral' : 'bad'}>
                  {ch.path === 'primary' ? 'Primary' : 'Redundant'} path{active ? ' · active' : ch.up ? ' · standby' : ' · down'}
                </Badge>
                <span>
                  {ch.podName} · {ch.dcName}
                </span>
                {props.staff && <span className="faint small">{ch.serverName}</span>}
                <span className="faint small">route cost {ch.preference}</span>
              </div>
              <ul className="vnf-progress">
                {ch.vnfs.map((v) => (
                  <li key={v.id}>
                    <VnfStateBadge state={v.state} /> <b>{v.hostname}</b> <span className="muted">{v.software}</span>
                    <span className="faint"> · {v.vcpu} vCPU</span>
                    {v.detail && v.state === 'ERROR' && <div className="bad-text small">{v.detail}</div>}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function SitesPanel(props: { service: ServiceView; staff: boolean }) {
  const s = props.service;
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Sites</h2>
        <span className="muted small">{s.siteList.length} with a CPE each</span>
      </div>
      <div className="table-wrap">
        <table className="grid" aria-label="Sites">
          <thead>
            <tr>
              <th>Site</th>
              <th>CPE</th>
              <th className="num">Users</th>
              <th>LAN</th>
              <th>Tunnels</th>
              <th>Address</th>
            </tr>
          </thead>
          <tbody>
            {s.siteList.map((x) => (
              <tr key={x.index}>
                <td>
                  <b>{x.name}</b>
                  {props.staff && <div className="faint small mono">{x.identity}</div>}
                </td>
                <td>{x.cpeModelName}</td>
                <td className="num">{x.users}</td>
                <td className="mono">{x.lan ?? '—'}</td>
                <td>
                  {s.state === 'DELETED' && <span className="faint">—</span>}
                  {s.state !== 'DELETED' &&
                    x.tunnels.map((t) => (
                      <span key={t.path} className="tunnel" title={`${t.path} path, cost ${t.metric}${t.peerIp ? `, to ${t.peerIp}` : ''}`}>
                        <span className={`dot ${t.up ? (t.active ? 'ok' : 'warn') : 'bad'}`} />
                        {t.path}
                        {t.active ? ' (active)' : ''}
                      </span>
                    ))}
                </td>
                <td className="muted">
                  {x.address.line1}, {x.address.postalCode} {x.address.city}, {x.address.country}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function EventsPanel(props: { service: ServiceView }) {
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Events</h2>
      </div>
      <ul className="events" aria-label="Service events">
        {props.service.events.map((e, i) => (
          <li key={i}>
            <span className="mono faint" title={utc(e.at)}>
              {utc(e.at).slice(11)}
            </span>
            <Badge tone={e.kind.includes('error') || e.kind.includes('down') ? 'bad' : e.kind.includes('switch') ? 'warn' : 'neutral'}>{e.kind}</Badge>
            <span>{e.message}</span>
          </li>
        ))}
        {props.service.events.length === 0 && <li className="muted">No events yet.</li>}
      </ul>
    </div>
  );
}

export function OverviewPanel(props: { service: ServiceView; staff: boolean }) {
  const s = props.service;
  const c = s.intent.company;
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Service</h2>
      </div>
      <dl className="kv panel-body">
        <dt>Package</dt>
        <dd data-testid="service-package">
          {s.packageName}
          {s.ips ? ' + intrusion prevention' : ''}
        </dd>
        {props.staff && (
          <>
            <dt>Tenant</dt>
            <dd>{s.tenantName}</dd>
          </>
        )}
        <dt>Bandwidth</dt>
        <dd>{c.bandwidthMbps} Mbps</dd>
        <dt>Sites</dt>
        <dd>
          {c.sites}, {c.usersPerSite} users each{c.growthPercent ? ` (+${c.growthPercent} % growth)` : ''}
        </dd>
        <dt>Remote users</dt>
        <dd>{c.remoteUsers || '—'}</dd>
        <dt>URL filtering</dt>
        <dd>{c.urlFiltering && c.urlFiltering !== 'none' ? c.urlFiltering : '—'}</dd>
        <dt>Automated recovery</dt>
        <dd>{s.redundant ? 'Yes — a redundant path' : 'No'}</dd>
        <dt>Price</dt>
        <dd data-testid="service-monthly">
          {money(s.monthly, s.currency)} / month <span className="faint">(catalog version {s.catalogVersion})</span>
        </dd>
        <dt>Resources</dt>
        <dd>
          {s.vcpu} vCPU
          {props.staff && <span className="faint"> · {mb(s.chains.flatMap((c2) => c2.vnfs).reduce((n, v) => n + v.ramMb, 0))} RAM</span>}
        </dd>
        <dt>Ordered</dt>
        <dd title={utc(s.createdAt)}>{relativeTime(s.createdAt)}</dd>
        {s.deletedAt && (
          <>
            <dt>Deleted</dt>
            <dd>{utc(s.deletedAt)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

const OP_WORD = { CREATE: 'Order', UPDATE: 'Update', DELETE: 'Deletion', REPAIR: 'Repair' } as const;

/** The operation in progress (or the last one) with its progress and the caller's actions. */
export function OperationPanel(props: { op: OpSummary; actions: string[]; staff: boolean; onOpen?: () => void }) {
  const op = props.op;
  const { busy, run } = useBusyRun();
  const open = op.state === 'PROCESSING' || op.state === 'FAILED';
  return (
    <div className={`panel op-panel${op.state === 'FAILED' ? ' failed' : ''}`} data-testid="operation-panel">
      <div className="panel-head">
        <h2>
          {OP_WORD[op.type]} {open ? 'in progress' : ''}
        </h2>
        <OpStateBadge state={op.state} />
        {op.phase === 'rollback' && <Badge tone="warn">rolling back</Badge>}
        <span className="grow" />
        {props.onOpen && (
          <button className="btn small" onClick={props.onOpen}>
            Steps and journal
          </button>
        )}
      </div>
      <div className="panel-body">
        <Progress
          done={op.progress.done}
          total={op.progress.total}
          label="Operation progress"
          tone={op.state === 'FAILED' ? 'bad' : op.state === 'COMPLETED' ? 'ok' : op.state === 'ROLLED_BACK' ? 'warn' : 'info'}
        />
        <div className="progress-text">
          {op.state === 'PROCESSING' && <span className="spinner" />} {op.currentStep ?? (op.state === 'COMPLETED' ? 'Done' : '')}{' '}
          <span className="faint">
            ({op.progress.done} of {op.progress.total} steps · by {op.createdBy} · {relativeTime(op.updatedAt)})
          </span>
        </div>
        {op.error && (
          <div className="alert bad" role="alert" style={{ marginTop: 10, marginBottom: 0 }}>
            {op.error.message}
          </div>
        )}
        {props.actions.some((a) => ['retry', 'rollback', 'cancel'].includes(a)) && (
          <div className="row" style={{ marginTop: 10 }}>
            {props.actions.includes('retry') && (
              <button
                className="btn primary"
                disabled={busy}
                onClick={() => void run('Retrying the operation', () => api.call('operations.retry', { id: op.id }))}
              >
                <RotateCcw size={15} /> Retry
              </button>
            )}
            {props.actions.includes('rollback') && (
              <button
                className="btn"
                disabled={busy}
                onClick={() => void run('Rolling the operation back', () => api.call('operations.rollback', { id: op.id }))}
              >
                <Undo2 size={15} /> Roll back
              </button>
            )}
            {props.actions.includes('cancel') && (
              <button className="btn" disabled={busy} onClick={() => void run('Cancelling the operation', () => api.call('operations.cancel', { id: op.id }))}>
                <Ban size={15} /> Cancel
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

/** The Delete button of a service that may be deleted, and the dialog it opens. */
export function DeleteServiceButton(props: { service: ServiceView }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {props.service.actions.includes('delete') && (
        <button className="btn danger" onClick={() => setOpen(true)}>
          <Trash2 size={15} /> Delete
        </button>
      )}
      {open && <DeleteDialog service={props.service} onClose={() => setOpen(false)} onDeleted={() => setOpen(false)} />}
    </>
  );
}

/** "Delete this service?" — with what goes away. */
function DeleteDialog(props: { service: ServiceView; onClose: () => void; onDeleted: () => void }) {
  const s = props.service;
  const { busy, run } = useBusyRun();
  const vnfs = s.chains.flatMap((c) => c.vnfs);
  const failedOrder = s.operation?.state === 'FAILED' && s.operation.type === 'CREATE';
  const del = async () => {
    if (await run(`Deleting ${s.name}`, () => api.call('services.delete', { id: s.id }), 'Delete')) props.onDeleted();
  };
  return (
    <Dialog
      title={`Delete ${s.name}?`}
      onClose={props.onClose}
      footer={
        <>
          <button className="btn" onClick={props.onClose}>
            Keep it
          </button>
          <button className="btn danger" onClick={() => void del()} disabled={busy}>
            {busy ? <span className="spinner" /> : <Trash2 size={15} />} Delete service
          </button>
        </>
      }
    >
      <p style={{ marginTop: 0 }}>{failedOrder ? 'The order failed; deleting it rolls it back. This goes away:' : 'This goes away for good:'}</p>
      <ul className="goes-away">
        <li>
          {vnfs.length} virtual network {vnfs.length === 1 ? 'function' : 'functions'}
          {vnfs.length > 0 && ` (${[...new Set(vnfs.map((v) => v.software))].join(', ')})`} in{' '}
          {[...new Set(s.chains.map((c) => c.podName))].join(' and ') || 'no PoD'}
        </li>
        <li>
          the IPsec tunnels of {s.siteList.length} {s.siteList.length === 1 ? 'site' : 'sites'} — their CPEs lose the connection
        </li>
        <li>its addresses and numbers ({s.allocations.length} allocations)</li>
        <li>the monthly price of {money(s.monthly, s.currency)} stops</li>
      </ul>
    </Dialog>
  );
}
