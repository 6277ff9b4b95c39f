// Manage Tenants (seed Figure 6-4): the enterprises that contract for managed services —
// create, edit, disable, quotas and usage; one tenant with what is kept per tenant (NVO3
// §3.5: VIM, server, VNI, VLANs, VM group, VM MAC/IP), its services and its users.
import { useMemo, useState, type FormEvent } from 'react';
import { Ban, Building2, CheckCircle2, Pencil, Plus } from 'lucide-react';
import type { TenantView } from '../../../../core/tenants/contract';
import type { ServiceSummary } from '../../../../core/orchestrator/contract';
import { useAction, useCommand, useThrottled, useTopic } from '../../lib/hooks';
import { mb, money } from '../../lib/services';
import { relativeTime, utc } from '../../lib/format';
import { navigate, usePath } from '../../app/router';
import { notify, reportError } from '../../app/toasts';
import { useShortcut } from '../../app/shortcuts';
import { DataTable, QueryTable, type Column } from '../../components/DataTable';
import { SearchBox } from '../../components/SearchBox';
import { BackLink } from '../../components/BackLink';
import { Dialog, FormButtons } from '../../components/Dialog';
import { Field, FormError } from '../../components/Field';
import { Badge } from '../../components/Badge';
import { UsageBar } from '../../components/UsageBar';
import { HealthBadge, ServiceStateBadge } from '../../components/StateBadge';
import { PodCell } from '../ops/Services';

const BASE = '/admin/tenants';

export function TenantsPage() {
  const path = usePath();
  const id = path.slice(BASE.length + 1).split('/')[0];
  return id ? <TenantDetail id={id} /> : <TenantList />;
}

function Mini(props: { used: number; max: number }) {
  const p = props.max > 0 ? Math.min(100, (props.used / props.max) * 100) : 0;
  return (
    <div className="mini" title={`${props.used} of ${props.max}`}>
      <span className="mono">
        {props.used} <span className="faint">/ {props.max}</span>
      </span>
      <div className="usage-track">
        <div className={`usage-fill ${p >= 90 ? 'bad' : p >= 70 ? 'warn' : 'ok'}`} style={{ width: `${p}%` }} />
      </div>
    </div>
  );
}

function TenantList() {
  const list = useCommand('tenants.list', {});
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const soon = useThrottled(list.reload, 400);
  useTopic('tenants.changed', {}, soon);
  useTopic('services.changed', {}, soon);
  useShortcut('n', () => setCreating(true));
  const rows = useMemo(() => {
    const f = q.trim().toLowerCase();
    const all = list.data?.tenants ?? [];
    return f ? all.filter((t) => [t.id, t.name, t.contact.name, t.contact.email].some((x) => x.toLowerCase().includes(f))) : all;
  }, [list.data, q]);
  const columns: Column<TenantView>[] = [
    {
      id: 'name',
      label: 'Tenant',
      render: (t) => (
        <>
          <b>{t.name}</b> {t.lab && <Badge>lab</Badge>}
          <div className="faint small mono">{t.id}</div>
        </>
      ),
      sort: (t) => t.name.toLowerCase(),
    },
    {
      id: 'contact',
      label: 'Contact',
      render: (t) => (
        <>
          {t.contact.name || <span className="faint">—</span>}
          <div className="faint small">{t.contact.email}</div>
        </>
      ),
    },
    { id: 'services', label: 'Services', render: (t) => <Mini used={t.usage.services} max={t.quotas.maxServices} />, sort: (t) => t.usage.services },
    { id: 'sites', label: 'Sites', render: (t) => <Mini used={t.usage.sites} max={t.quotas.maxSites} />, sort: (t) => t.usage.sites },
    { id: 'vcpu', label: 'vCPU', render: (t) => <Mini used={t.usage.vcpu} max={t.quotas.maxVcpu} />, sort: (t) => t.usage.vcpu },
    { id: 'vni', label: 'VNI', numeric: true, render: (t) => <span className="mono">{t.vni ?? '—'}</span>, sort: (t) => t.vni ?? 0 },
    {
      id: 'status',
      label: 'Status',
      render: (t) => (t.disabled ? <Badge tone="bad">Disabled</Badge> : <Badge tone="ok">Active</Badge>),
      sort: (t) => (t.disabled ? 1 : 0),
    },
    { id: 'created', label: 'Since', render: (t) => <span title={utc(t.createdAt)}>{relativeTime(t.createdAt)}</span>, sort: (t) => t.createdAt },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1>Tenants</h1>
        <span className="sub">{list.data ? `${list.data.tenants.length} enterprises` : ''}</span>
        <span className="grow" />
        <SearchBox placeholder="Filter tenants" label="Filter tenants" value={q} onChange={setQ} />
        <button className="btn primary" onClick={() => setCreating(true)}>
          <Plus size={16} /> New tenant <span className="kbd">N</span>
        </button>
      </div>
      <div className="panel">
        <QueryTable
          query={list}
          what="the tenants"
          label="Tenants"
          rows={rows}
          columns={columns}
          rowKey={(t) => t.id}
          onOpen={(t) => navigate(`${BASE}/${t.id}`)}
          initialSort={{ id: 'name' }}
          empty="No tenant yet: a tenant is an enterprise that contracts for managed services."
        />
      </div>
      {creating && (
        <TenantDialog
          onClose={() => setCreating(false)}
          onSaved={(t) => {
            setCreating(false);
            list.reload();
            navigate(`${BASE}/${t.id}`);
          }}
        />
      )}
    </div>
  );
}

interface TenantForm {
  id: string;
  name: string;
  contactName: string;
  email: string;
  phone: string;
  maxServices: string;
  maxSites: string;
  maxVcpu: string;
}

/** Create (no tenant) or edit a tenant. */
function TenantDialog(props: { tenant?: TenantView; onClose: () => void; onSaved: (t: TenantView) => void }) {
  const t = props.tenant;
  const [f, setF] = useState<TenantForm>({
    id: '',
    name: t?.name ?? '',
    contactName: t?.contact.name ?? '',
    email: t?.contact.email ?? '',
    phone: t?.contact.phone ?? '',
    maxServices: String(t?.quotas.maxServices ?? 10),
    maxSites: String(t?.quotas.maxSites ?? 100),
    maxVcpu: String(t?.quotas.maxVcpu ?? 200),
  });
  const create = useAction('tenants.create');
  const update = useAction('tenants.update');
  const act = t ? update : create;
  const set = (patch: Partial<TenantForm>) => setF((x) => ({ ...x, ...patch }));
  const num = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const quotas = { maxServices: num(f.maxServices), maxSites: num(f.maxSites), maxVcpu: num(f.maxVcpu) };
    const contact = { name: f.contactName.trim(), email: f.email.trim(), phone: f.phone.trim() };
    const r = t
      ? await update.run({ id: t.id, name: f.name, contact, quotas })
      : await create.run({ name: f.name, ...(f.id.trim() ? { id: f.id.trim() } : {}), contact, quotas });
    if (r) {
      notify('success', t ? `Saved ${r.tenant.name}` : `Tenant ${r.tenant.name} created`, t ? undefined : `Its own VNI is ${r.tenant.vni ?? '—'}.`);
      props.onSaved(r.tenant);
    }
  }
  const numErr = (path: string, v: string) => act.fieldError(path) ?? (v.trim() !== '' && Number.isNaN(num(v)) ? 'a whole number' : null);
  return (
    <Dialog
      title={t ? `Edit ${t.name}` : 'New tenant'}
      onClose={props.onClose}
      footer={
        <FormButtons form="tenant-form" onCancel={props.onClose} disabled={act.pending || f.name.trim().length < 2}>
          {act.pending ? <span className="spinner" /> : <Building2 size={15} />} {t ? 'Save' : 'Create tenant'}
        </FormButtons>
      }
    >
      <form id="tenant-form" onSubmit={submit}>
        <FormError message={act.general} />
        <Field label="Name" hint="The enterprise, as its people call it" error={act.fieldError('name')}>
          <input name="name" value={f.name} onChange={(e) => set({ name: e.target.value })} required />
        </Field>
        {!t && (
          <Field label="Identifier" hint="Optional; made from the name when empty (lower-case letters, digits, -)" error={act.fieldError('id')}>
            <input name="id" value={f.id} onChange={(e) => set({ id: e.target.value.toLowerCase() })} />
          </Field>
        )}
        <div className="form-grid">
          <Field label="Contact name" error={act.fieldError('contact.name')}>
            <input value={f.contactName} onChange={(e) => set({ contactName: e.target.value })} />
          </Field>
          <Field label="Contact email" error={act.fieldError('contact.email')}>
            <input type="email" value={f.email} onChange={(e) => set({ email: e.target.value })} />
          </Field>
          <Field label="Contact phone" error={act.fieldError('contact.phone')}>
            <input value={f.phone} onChange={(e) => set({ phone: e.target.value })} />
          </Field>
        </div>
        <h3 style={{ margin: '6px 0 10px' }}>Quotas</h3>
        <div className="form-grid three">
          <Field label="Services at most" hint={t ? `uses ${t.usage.services}` : undefined} error={numErr('quotas.maxServices', f.maxServices)}>
            <input inputMode="numeric" value={f.maxServices} onChange={(e) => set({ maxServices: e.target.value })} />
          </Field>
          <Field label="Sites at most" hint={t ? `uses ${t.usage.sites}` : undefined} error={numErr('quotas.maxSites', f.maxSites)}>
            <input inputMode="numeric" value={f.maxSites} onChange={(e) => set({ maxSites: e.target.value })} />
          </Field>
          <Field label="vCPU at most" hint={t ? `uses ${t.usage.vcpu}` : undefined} error={numErr('quotas.maxVcpu', f.maxVcpu)}>
            <input inputMode="numeric" value={f.maxVcpu} onChange={(e) => set({ maxVcpu: e.target.value })} />
          </Field>
        </div>
      </form>
    </Dialog>
  );
}

function TenantDetail(props: { id: string }) {
  const q = useCommand('tenants.get', { id: props.id }, [props.id]);
  const services = useCommand('services.list', { tenantId: props.id, limit: 1000 }, [props.id]);
  const users = useCommand('users.list', {});
  const [editing, setEditing] = useState(false);
  const toggle = useAction('tenants.update');
  const soon = useThrottled(() => {
    q.reload();
    services.reload();
  }, 400);
  useTopic('tenants.changed', {}, (e) => e.tenantId === props.id && soon(), true, [props.id]);
  useTopic('services.changed', {}, (e) => e.tenantId === props.id && soon(), true, [props.id]);
  if (q.error)
    return (
      <div className="page empty">
        {q.error.code === 'NOT_FOUND' || q.error.code === 'BAD_INPUT' ? 'No such tenant.' : `Could not load the tenant: ${q.error.message}`}
      </div>
    );
  const d = q.data;
  if (!d) return <div className="page empty">Loading…</div>;
  const t = d.tenant;
  const own = (users.data?.users ?? []).filter((u) => u.tenantId === t.id);
  const flip = async () => {
    const r = await toggle.run({ id: t.id, disabled: !t.disabled });
    if (r) {
      notify('success', `${r.tenant.name} ${r.tenant.disabled ? 'disabled: it cannot order or change services' : 'enabled'}`);
      q.reload();
    } else if (toggle.error) reportError(toggle.error);
  };
  const svcCols: Column<ServiceSummary>[] = [
    { id: 'name', label: 'Service', render: (s) => <b>{s.name}</b>, sort: (s) => s.name },
    { id: 'package', label: 'Package', render: (s) => `${s.packageName}${s.ips ? ' + IPS' : ''}` },
    { id: 'state', label: 'State', render: (s) => <ServiceStateBadge state={s.state} /> },
    { id: 'health', label: 'Health', render: (s) => <HealthBadge health={s.health} /> },
    { id: 'pod', label: 'PoD', render: (s) => <PodCell s={s} /> },
    { id: 'vcpu', label: 'vCPU', numeric: true, render: (s) => s.vcpu },
    { id: 'monthly', label: 'Monthly', numeric: true, render: (s) => money(s.monthly, s.currency) },
  ];
  return (
    <div className="page">
      <BackLink to={BASE}>Tenants</BackLink>
      <div className="page-head">
        <h1>{t.name}</h1>
        {t.disabled ? <Badge tone="bad">Disabled</Badge> : <Badge tone="ok">Active</Badge>}
        <span className="sub mono">{t.id}</span>
        <span className="grow" />
        <button className="btn" onClick={() => setEditing(true)}>
          <Pencil size={15} /> Edit
        </button>
        <button className={`btn${t.disabled ? '' : ' danger'}`} onClick={() => void flip()} disabled={toggle.pending}>
          {t.disabled ? <CheckCircle2 size={15} /> : <Ban size={15} />} {t.disabled ? 'Enable' : 'Disable'}
        </button>
      </div>
      {t.disabled && (
        <div className="alert warn" role="status">
          Disabled: {t.name} cannot order or change services. Its customers can still log in, see their services and delete them.
        </div>
      )}
      <div className="detail-grid">
        <div className="panel">
          <div className="panel-head">
            <h2>Usage and quotas</h2>
          </div>
          <div className="panel-body" data-testid="tenant-usage">
            <UsageBar label="Services" used={t.usage.services} total={t.quotas.maxServices} />
            <UsageBar label="Sites" used={t.usage.sites} total={t.quotas.maxSites} />
            <UsageBar label="vCPU" used={t.usage.vcpu} total={t.quotas.maxVcpu} />
            <dl className="kv" style={{ marginTop: 10 }}>
              <dt>RAM</dt>
              <dd>{mb(t.usage.ramMb)}</dd>
              <dt>Disk</dt>
              <dd>{t.usage.diskGb} GB</dd>
              <dt>Remote users</dt>
              <dd>{t.usage.remoteUsers}</dd>
            </dl>
          </div>
        </div>
        <div className="panel">
          <div className="panel-head">
            <h2>Tenant</h2>
          </div>
          <dl className="kv panel-body">
            <dt>Contact</dt>
            <dd>
              {t.contact.name || '—'}
              {t.contact.email && <div className="muted">{t.contact.email}</div>}
              {t.contact.phone && <div className="muted">{t.contact.phone}</div>}
            </dd>
            <dt>Own VNI</dt>
            <dd className="mono">{t.vni ?? '—'}</dd>
            <dt>Every VNI</dt>
            <dd className="mono">{d.profile.vnis.join(', ') || '—'}</dd>
            <dt>Customers</dt>
            <dd>{own.length ? own.map((u) => u.username).join(', ') : <span className="faint">none yet — add one in Users</span>}</dd>
            <dt>Since</dt>
            <dd>{utc(t.createdAt)}</dd>
          </dl>
        </div>
      </div>
      <div className="panel" style={{ marginTop: 16 }}>
        <div className="panel-head">
          <h2>Services</h2>
          <span className="muted small">{services.data?.total ?? 0}</span>
        </div>
        <DataTable
          label={`Services of ${t.name}`}
          rows={services.data?.services ?? []}
          columns={svcCols}
          rowKey={(s) => s.id}
          onOpen={(s) => navigate(`/ops/services/${s.id}`)}
          empty="No services."
        />
      </div>
      <div className="panel" style={{ marginTop: 16 }}>
        <div className="panel-head">
          <h2>What is kept per tenant</h2>
          <span className="muted small">one entry per VM (NVO3 §3.5)</span>
        </div>
        <div className="table-wrap">
          <table className="grid" aria-label="Tenant profile">
            <thead>
              <tr>
                <th>VM group</th>
                <th>VM</th>
                <th>VIM (vCenter)</th>
                <th>Server (vServer)</th>
                <th className="num">VNI</th>
                <th>VLANs</th>
                <th>MAC / IP</th>
              </tr>
            </thead>
            <tbody>
              {d.profile.entries.map((e) => (
                <tr key={e.vm.id}>
                  <td className="mono small">{e.vmGroupId}</td>
                  <td>
                    {e.vm.name}
                    <div className="faint small">
                      {e.role} · {e.vm.state} · node {e.vm.nodeId ?? '—'}
                    </div>
                  </td>
                  <td className="mono small">{e.vim.id}</td>
                  <td>
                    {e.server.name}
                    <div className="faint small">node {e.server.nodeId ?? '—'}</div>
                  </td>
                  <td className="num mono">{e.vni ?? '—'}</td>
                  <td className="mono small">{e.vlans.join(', ') || '—'}</td>
                  <td className="mono small">
                    {e.vm.interfaces.map((i) => (
                      <div key={i.name} className="nowrap">
                        {i.mac}
                        {i.ip ? ` · ${i.ip}` : ''}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
              {d.profile.entries.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    No VMs: the tenant has no running service.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </div>
      {editing && (
        <TenantDialog
          tenant={t}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            q.reload();
          }}
        />
      )}
    </div>
  );
}
