// "My services" — the customer's services (seed: create, read, update or downgrade, delete):
// the list, one service with its paths, sites and events, its update through the shop's
// wizard, and its deletion. Everything stays live.
import { useEffect, useState } from 'react';
import { Pencil, ShoppingCart } from 'lucide-react';
import type { ServiceSummary } from '../../../../core/orchestrator/contract';
import { useCommand, useThrottled, useTopic } from '../../lib/hooks';
import { money } from '../../lib/services';
import { relativeTime, utc } from '../../lib/format';
import { navigate, usePath } from '../../app/router';
import { QueryTable, type Column } from '../../components/DataTable';
import { BackLink } from '../../components/BackLink';
import { HealthBadge, ServiceStateBadge } from '../../components/StateBadge';
import { useShortcut } from '../../app/shortcuts';
import { useLiveService } from './live';
import { DeleteServiceButton, EventsPanel, OperationPanel, OverviewPanel, PathsPanel, SitesPanel } from './parts';
import { ServiceWizard } from '../shop/Wizard';

const BASE = '/my-services';

export function MyServicesPage() {
  const path = usePath();
  const rest = path
    .slice(BASE.length + 1)
    .split('/')
    .filter(Boolean);
  if (rest[0] && rest[1] === 'update') return <UpdateService id={rest[0]} />;
  if (rest[0]) return <MyService id={rest[0]} />;
  return <MyServiceList />;
}

function MyServiceList() {
  const list = useCommand('services.list', {});
  const soon = useThrottled(list.reload);
  useTopic('services.changed', {}, soon);
  useShortcut('n', () => navigate('/shop'));
  const rows = list.data?.services ?? [];
  const columns: Column<ServiceSummary>[] = [
    { id: 'name', label: 'Service', render: (s) => <b>{s.name}</b>, sort: (s) => s.name.toLowerCase() },
    { id: 'package', label: 'Package', render: (s) => `${s.packageName}${s.ips ? ' + IPS' : ''}`, sort: (s) => s.packageName },
    { id: 'state', label: 'State', render: (s) => <ServiceStateBadge state={s.state} />, sort: (s) => s.state },
    { id: 'health', label: 'Health', render: (s) => <HealthBadge health={s.health} />, sort: (s) => s.health },
    {
      id: 'op',
      label: 'In progress',
      render: (s) =>
        s.operation && (s.operation.state === 'PROCESSING' || s.operation.state === 'FAILED') ? (
          <span className={s.operation.state === 'FAILED' ? 'bad-text' : 'muted'}>
            {s.operation.type.toLowerCase()} {s.operation.state === 'FAILED' ? 'failed' : `${s.operation.progress.done}/${s.operation.progress.total}`}
          </span>
        ) : (
          <span className="faint">—</span>
        ),
    },
    { id: 'sites', label: 'Sites', numeric: true, render: (s) => s.sites, sort: (s) => s.sites },
    { id: 'monthly', label: 'Monthly', numeric: true, render: (s) => money(s.monthly, s.currency), sort: (s) => s.monthly },
    { id: 'updated', label: 'Updated', render: (s) => <span title={utc(s.updatedAt)}>{relativeTime(s.updatedAt)}</span>, sort: (s) => s.updatedAt },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1>My services</h1>
        <span className="sub">{list.data ? `${list.data.total} ${list.data.total === 1 ? 'service' : 'services'}` : ''}</span>
        <span className="grow" />
        <button className="btn primary" onClick={() => navigate('/shop')}>
          <ShoppingCart size={16} /> Shop <span className="kbd">N</span>
        </button>
      </div>
      <div className="panel">
        <QueryTable
          query={list}
          what="your services"
          label="My services"
          rows={rows}
          columns={columns}
          rowKey={(s) => s.id}
          onOpen={(s) => navigate(`${BASE}/${s.id}`)}
          initialSort={{ id: 'updated', desc: true }}
          empty={
            <>
              You have no services yet. <a href="#/shop">Visit the shop</a> to order one.
            </>
          }
        />
      </div>
    </div>
  );
}

function NotFound(props: { back: string; label: string }) {
  return (
    <div className="page">
      <div className="empty">
        <h2>Service not found</h2>
        <p>There is no such service among yours.</p>
        <a href={`#${props.back}`}>Back to {props.label}</a>
      </div>
    </div>
  );
}

function MyService(props: { id: string }) {
  const live = useLiveService(props.id);
  const s = live.service;
  if (live.error?.code === 'NOT_FOUND') return <NotFound back={BASE} label="My services" />;
  if (live.error) return <div className="page empty">Could not load the service: {live.error.message}</div>;
  if (!s) return <div className="page empty">Loading…</div>;
  const op = s.operation;
  const showOp = op && (op.state === 'PROCESSING' || op.state === 'FAILED' || Date.now() - Date.parse(op.updatedAt) < 60_000);
  return (
    <div className="page">
      <BackLink to={BASE}>My services</BackLink>
      <div className="page-head">
        <h1>{s.name}</h1>
        <ServiceStateBadge state={s.state} />
        {s.state !== 'DELETED' && <HealthBadge health={s.health} />}
        <span className="sub mono" data-testid="service-id">
          {s.id}
        </span>
        <span className="grow" />
        {s.actions.includes('update') && (
          <button className="btn" onClick={() => navigate(`${BASE}/${s.id}/update`)}>
            <Pencil size={15} /> Update
          </button>
        )}
        <DeleteServiceButton service={s} />
      </div>
      {s.state === 'DELETED' && (
        <div className="alert info" role="status">
          This service was deleted {relativeTime(s.deletedAt)}: it holds nothing any more.
        </div>
      )}
      <div className="detail-grid">
        {showOp && op && <OperationPanel op={op} actions={s.actions} staff={false} />}
        <OverviewPanel service={s} staff={false} />
        <PathsPanel service={s} staff={false} />
      </div>
      <div className="stack">
        <SitesPanel service={s} staff={false} />
        <EventsPanel service={s} />
      </div>
    </div>
  );
}

function UpdateService(props: { id: string }) {
  const live = useLiveService(props.id);
  const [frozen, setFrozen] = useState<typeof live.service>(null);
  // The wizard works on the service as it was when the change began.
  useEffect(() => {
    if (!frozen && live.service) setFrozen(live.service);
  }, [frozen, live.service]);
  if (live.error?.code === 'NOT_FOUND') return <NotFound back={BASE} label="My services" />;
  if (live.error) return <div className="page empty">Could not load the service: {live.error.message}</div>;
  if (!frozen) return <div className="page empty">Loading…</div>;
  return (
    <div className="page">
      <BackLink to={`${BASE}/${frozen.id}`}>{frozen.name}</BackLink>
      <div className="page-head">
        <h1>Change {frozen.name}</h1>
        <span className="sub">upgrade or downgrade: choose the package and options it should have</span>
      </div>
      {!frozen.actions.includes('update') ? (
        <div className="alert warn">
          {frozen.name} cannot be changed now
          {frozen.operation && frozen.operation.state !== 'COMPLETED'
            ? `: its ${frozen.operation.type.toLowerCase()} is ${frozen.operation.state.toLowerCase()}`
            : ''}
          .
        </div>
      ) : (
        <ServiceWizard mode={{ kind: 'update', service: frozen }} />
      )}
    </div>
  );
}

export { NotFound as ServiceNotFound };
