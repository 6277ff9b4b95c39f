// The operator's screen (seed Figure 6-5): every service of every tenant with its state,
// health, PoD(s), active path and open operation; filters; live.
import { useMemo, useState } from 'react';
import type { Health, ServiceState, ServiceSummary } from '../../../../core/orchestrator/contract';
import { HEALTH, SERVICE_STATES } from '../../../../core/orchestrator/contract';
import { useCommand, useThrottled, useTopic } from '../../lib/hooks';
import { relativeTime, utc } from '../../lib/format';
import { navigate, usePath } from '../../app/router';
import { QueryTable, type Column } from '../../components/DataTable';
import { SearchBox } from '../../components/SearchBox';
import { HealthBadge, OpStateBadge, ServiceStateBadge } from '../../components/StateBadge';
import { Badge } from '../../components/Badge';
import { FilterSelect, TenantFilter } from '../../components/FilterSelect';
import { StaffServiceDetail } from './ServiceDetail';

const BASE = '/ops/services';

export function OpsServicesPage() {
  const path = usePath();
  const id = path.slice(BASE.length + 1).split('/')[0];
  if (id) return <StaffServiceDetail id={id} back={BASE} backLabel="Services" />;
  return <ServiceList />;
}

export function PodCell(props: { s: ServiceSummary }) {
  return (
    <div className="pods-cell">
      {props.s.pods.map((p) => (
        <div key={`${p.path}-${p.podId}`} className={props.s.activePath === p.path ? '' : 'muted'}>
          {p.podName} <span className="faint small">{p.dcName.replace(/^DC-\d+ /, '')}</span>
          {props.s.redundant && <span className="faint small"> · {p.path === 'primary' ? 'P' : 'S'}</span>}
        </div>
      ))}
      {props.s.pods.length === 0 && <span className="faint">—</span>}
    </div>
  );
}

function ServiceList() {
  const [tenantId, setTenantId] = useState('');
  const [podId, setPodId] = useState('');
  const [state, setState] = useState<ServiceState | ''>('');
  const [health, setHealth] = useState<Health | ''>('');
  const [deleted, setDeleted] = useState(false);
  const [q, setQ] = useState('');
  const input = {
    ...(tenantId ? { tenantId } : {}),
    ...(podId ? { podId } : {}),
    ...(state ? { state } : {}),
    ...(health ? { health } : {}),
    includeDeleted: deleted,
    limit: 1000,
  };
  const list = useCommand('services.list', input, [tenantId, podId, state, health, deleted]);
  const pods = useCommand('pods.list', {});
  const soon = useThrottled(list.reload, 400);
  useTopic('services.changed', {}, soon);

  const rows = useMemo(() => {
    const f = q.trim().toLowerCase();
    const all = list.data?.services ?? [];
    return f ? all.filter((s) => [s.name, s.id, s.tenantName, s.packageName, ...s.pods.map((p) => p.podName)].some((x) => x.toLowerCase().includes(f))) : all;
  }, [list.data, q]);
  const counts = useMemo(() => {
    const all = list.data?.services ?? [];
    return { degraded: all.filter((s) => s.health === 'DEGRADED' || s.health === 'DOWN').length, failed: all.filter((s) => s.state === 'FAILED').length };
  }, [list.data]);

  const columns: Column<ServiceSummary>[] = [
    {
      id: 'name',
      label: 'Service',
      render: (s) => (
        <>
          <b>{s.name}</b>
          <div className="faint small mono">{s.id}</div>
        </>
      ),
      sort: (s) => s.name.toLowerCase(),
    },
    { id: 'tenant', label: 'Tenant', render: (s) => s.tenantName, sort: (s) => s.tenantName },
    { id: 'package', label: 'Package', render: (s) => `${s.packageName}${s.ips ? ' + IPS' : ''}`, sort: (s) => s.packageName },
    { id: 'state', label: 'State', render: (s) => <ServiceStateBadge state={s.state} />, sort: (s) => s.state },
    { id: 'health', label: 'Health', render: (s) => <HealthBadge health={s.health} />, sort: (s) => s.health },
    { id: 'pod', label: 'PoD', render: (s) => <PodCell s={s} />, sort: (s) => s.pods[0]?.podName ?? '' },
    {
      id: 'path',
      label: 'Active path',
      render: (s) => (s.activePath ? <Badge tone={s.activePath === 'primary' ? 'neutral' : 'warn'}>{s.activePath}</Badge> : <span className="faint">—</span>),
      sort: (s) => s.activePath ?? '',
    },
    {
      id: 'op',
      label: 'Operation',
      render: (s) =>
        s.operation ? (
          <span className="op-cell">
            <span className="small">{s.operation.type}</span> <OpStateBadge state={s.operation.state} />
            {s.operation.state === 'PROCESSING' && (
              <span className="faint small">
                {' '}
                {s.operation.progress.done}/{s.operation.progress.total}
              </span>
            )}
          </span>
        ) : (
          <span className="faint">—</span>
        ),
      sort: (s) => (s.operation ? `${s.operation.state === 'FAILED' ? 0 : s.operation.state === 'PROCESSING' ? 1 : 2}${s.operation.type}` : '9'),
    },
    { id: 'vcpu', label: 'vCPU', numeric: true, render: (s) => s.vcpu, sort: (s) => s.vcpu },
    { id: 'sites', label: 'Sites', numeric: true, render: (s) => s.sites, sort: (s) => s.sites },
    { id: 'updated', label: 'Updated', render: (s) => <span title={utc(s.updatedAt)}>{relativeTime(s.updatedAt)}</span>, sort: (s) => s.updatedAt },
  ];

  return (
    <div className="page wide">
      <div className="page-head">
        <h1>Services</h1>
        <span className="sub">
          {list.data ? `${rows.length} of ${list.data.total}` : ''}
          {counts.degraded > 0 && <span className="warn-text"> · {counts.degraded} degraded or down</span>}
          {counts.failed > 0 && <span className="bad-text"> · {counts.failed} failed</span>}
        </span>
      </div>
      <div className="filters">
        <SearchBox wide placeholder="Find a service, tenant or PoD" label="Find services" value={q} onChange={setQ} />
        <TenantFilter value={tenantId} onChange={setTenantId} />
        <FilterSelect
          label="PoD"
          all="Every PoD"
          value={podId}
          onChange={setPodId}
          choices={pods.data?.pods.map((p) => ({ value: p.id, label: `${p.name} (${p.dcName})` }))}
        />
        <FilterSelect label="State" all="Any state" value={state} onChange={setState} choices={SERVICE_STATES} />
        <FilterSelect label="Health" all="Any health" value={health} onChange={setHealth} choices={HEALTH} />
        <label className="check">
          <input type="checkbox" checked={deleted} onChange={(e) => setDeleted(e.target.checked)} /> <span>Deleted too</span>
        </label>
      </div>
      <div className="panel">
        <QueryTable
          query={list}
          what="the services"
          label="Services"
          rows={rows}
          columns={columns}
          rowKey={(s) => s.id}
          onOpen={(s) => navigate(`${BASE}/${s.id}`)}
          initialSort={{ id: 'updated', desc: true }}
          empty="No service matches."
        />
      </div>
    </div>
  );
}
