// PoDs: data centres → PoDs → servers with live utilization; the PoD models (Table 6-2);
// for admins, new data centres and PoDs, maintenance, and model edits.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ChevronDown, ChevronRight, Plus, Pencil, Wrench, CheckCircle2 } from 'lucide-react';
import type { PodModel, PodView } from '../../../../core/orchestrator/contract';
import { useAction, useBusyRun, useCommand, useThrottled, useTopic } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { mb } from '../../lib/services';
import { useSession } from '../../app/session';
import { notify, reportError } from '../../app/toasts';
import { Badge } from '../../components/Badge';
import { Dialog, FormButtons } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { UsageBar } from '../../components/UsageBar';

function PairMini(props: { label: string; pair: PodView['esc'] }) {
  const p = props.pair;
  if (!p) return null;
  return (
    <span className="pair-mini" title={p.nodes.map((n) => `${n.name}: ${n.role}${n.alive ? '' : ' (silent)'}`).join('\n')}>
      {props.label}{' '}
      {p.nodes.map((n) => (
        <Badge key={n.id} tone={n.role === 'master' ? 'ok' : n.role === 'none' ? 'neutral' : 'info'}>
          {n.role}
        </Badge>
      ))}
    </span>
  );
}

function Servers(props: { podId: string; tick: number; admin: boolean }) {
  const q = useCommand('pods.get', { id: props.podId }, [props.podId]);
  const { reload } = q;
  useEffect(() => {
    if (props.tick) reload();
  }, [props.tick, reload]);
  const [busy, setBusy] = useState(false);
  if (q.error) return <div className="empty">Could not load the servers: {q.error.message}</div>;
  if (!q.data) return <div className="empty">Loading…</div>;
  const flip = async (id: string, state: 'active' | 'maintenance') => {
    setBusy(true);
    try {
      await api.call('servers.update', { id, state });
      reload();
    } catch (e) {
      reportError(e, 'Server');
    } finally {
      setBusy(false);
    }
  };
  return (
    <table className="grid servers" aria-label={`Servers of ${q.data.pod.name}`}>
      <thead>
        <tr>
          <th>Server</th>
          <th>Role</th>
          <th style={{ width: '18%' }}>vCPU</th>
          <th style={{ width: '18%' }}>RAM</th>
          <th style={{ width: '18%' }}>Disk</th>
          <th className="num">VNFs</th>
          {props.admin && <th />}
        </tr>
      </thead>
      <tbody>
        {q.data.servers.map((s) => (
          <tr key={s.id} className={s.state !== 'active' ? 'row-muted' : ''}>
            <td>
              <b>{s.name}</b> {s.state !== 'active' && <Badge tone="warn">{s.state}</Badge>}
              <div className="faint small">
                node {s.nodeId ?? '—'} · {s.cpuModel} {s.ghz} GHz
              </div>
            </td>
            <td className="small">{s.role}</td>
            {s.role === 'production' ? (
              <>
                <td>
                  <UsageBar compact label="vCPU" used={s.vcpu.used} reserved={s.vcpu.reserved} total={s.vcpu.total} />
                </td>
                <td>
                  <UsageBar compact label="RAM" used={s.ramMb.used} reserved={s.ramMb.reserved} total={s.ramMb.total} format={mb} />
                </td>
                <td>
                  <UsageBar compact label="Disk" used={s.diskGb.used} total={s.diskGb.total} unit="GB" />
                </td>
              </>
            ) : (
              <td colSpan={3} className="faint small">
                {s.role === 'control' ? 'OpenStack controller (HA cluster of three)' : 'storage'}
              </td>
            )}
            <td className="num" title={s.vnfs.map((v) => `${v.role} of ${v.serviceId} (${v.tenantId}): ${v.state}`).join('\n')}>
              {s.vnfs.length}
            </td>
            {props.admin && (
              <td>
                {s.role === 'production' && s.state !== 'failed' && (
                  <button className="btn small" disabled={busy} onClick={() => void flip(s.id, s.state === 'active' ? 'maintenance' : 'active')}>
                    {s.state === 'active' ? 'Maintenance' : 'In service'}
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PodsPage() {
  const session = useSession();
  const admin = session.permissions.includes('infra.manage');
  const list = useCommand('pods.list', {});
  const models = useCommand('pods.models', {});
  const [live, setLive] = useState<Map<string, PodView>>(new Map());
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [tick, setTick] = useState(0);
  const [dialog, setDialog] = useState<null | { kind: 'dc' } | { kind: 'pod'; dcId: string } | { kind: 'model'; model: PodModel }>(null);
  const { busy, run } = useBusyRun();
  const bump = useThrottled(() => setTick((t) => t + 1), 500);
  useTopic('pods.changed', {}, (e) => {
    setLive((m) => {
      const n = new Map(m);
      for (const p of e.items) n.set(p.id, p);
      return n;
    });
    bump();
  });
  const { reload } = list;
  useEffect(() => setLive(new Map()), [list.data]);
  const pods = useMemo(() => (list.data?.pods ?? []).map((p) => live.get(p.id) ?? p), [list.data, live]);
  const toggle = (id: string) => setOpen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set(s).add(id)));
  const podState = async (p: PodView) => {
    const label = `${p.name} ${p.state === 'active' ? 'in maintenance: no new placements' : 'back in service'}`;
    if (await run(label, () => api.call('pods.update', { id: p.id, state: p.state === 'active' ? 'maintenance' : 'active' }), p.name)) reload();
  };
  if (list.error) return <div className="page empty">Could not load the PoDs: {list.error.message}</div>;
  const dcs = list.data?.dataCentres ?? [];
  const totalServices = pods.reduce((n, p) => n + p.services, 0);
  return (
    <div className="page wide">
      <div className="page-head">
        <h1>PoDs</h1>
        <span className="sub">
          {dcs.length} data centres · {pods.length} PoDs · {totalServices} service chains placed
        </span>
        <span className="grow" />
        {admin && (
          <button className="btn" onClick={() => setDialog({ kind: 'dc' })}>
            <Plus size={15} /> New data centre
          </button>
        )}
      </div>
      {dcs.map((dc) => (
        <section key={dc.id} className="panel dc" aria-label={dc.name}>
          <div className="panel-head">
            <h2>{dc.name}</h2>
            <span className="muted small">{dc.location}</span>
            <span className="grow" />
            {admin && (
              <button className="btn small" onClick={() => setDialog({ kind: 'pod', dcId: dc.id })}>
                <Plus size={13} /> New PoD
              </button>
            )}
          </div>
          <div className="panel-body stack">
            {pods
              .filter((p) => p.dcId === dc.id)
              .map((p) => (
                <div key={p.id} className={`pod${p.state !== 'active' ? ' maint' : ''}`} data-testid={`pod-${p.name}`}>
                  <div className="pod-h">
                    <button className="btn ghost small icon" aria-expanded={open.has(p.id)} aria-label={`Servers of ${p.name}`} onClick={() => toggle(p.id)}>
                      {open.has(p.id) ? <ChevronDown size={16} /> : <ChevronRight size={16} />}
                    </button>
                    <h3>{p.name}</h3>
                    <Badge tone="info">{p.model}</Badge>
                    {p.state !== 'active' && <Badge tone="warn">maintenance</Badge>}
                    {!p.vim.available && <Badge tone="bad">VIM driver “{p.vim.driver}” not loaded</Badge>}
                    <span className="faint small mono">{p.vim.endpoint}</span>
                    <span className="grow" />
                    <PairMini label="NSO DM" pair={p.dm} />
                    <PairMini label="ESC" pair={p.esc} />
                    {admin && (
                      <button className="btn small" disabled={busy} onClick={() => void podState(p)}>
                        {p.state === 'active' ? <Wrench size={13} /> : <CheckCircle2 size={13} />} {p.state === 'active' ? 'Maintenance' : 'In service'}
                      </button>
                    )}
                  </div>
                  <div className="pod-body">
                    <div className="pod-bars" data-testid={`util-${p.name}`}>
                      <UsageBar label="vCPU" used={p.vcpu.used} reserved={p.vcpu.reserved} total={p.vcpu.total} />
                      <UsageBar label="RAM" used={p.ramMb.used} reserved={p.ramMb.reserved} total={p.ramMb.total} format={mb} />
                      <UsageBar label="Disk" used={p.diskGb.used} total={p.diskGb.total} unit="GB" />
                    </div>
                    <dl className="kv pod-kv">
                      <dt>Services</dt>
                      <dd data-testid={`services-${p.name}`}>{p.services}</dd>
                      <dt>VNFs</dt>
                      <dd>{p.vnfs}</dd>
                      <dt>Servers</dt>
                      <dd>
                        {p.servers.production} production · {p.servers.control} control · {p.servers.storage} storage
                      </dd>
                    </dl>
                  </div>
                  {open.has(p.id) && <Servers podId={p.id} tick={tick} admin={admin} />}
                </div>
              ))}
          </div>
        </section>
      ))}
      <div className="panel" style={{ marginTop: 16 }}>
        <div className="panel-head">
          <h2>PoD models</h2>
          <span className="muted small">every model has the same control and storage servers; it is the number of production servers</span>
        </div>
        <table className="grid" aria-label="PoD models">
          <thead>
            <tr>
              <th>Model</th>
              <th className="num">Production</th>
              <th className="num">Control</th>
              <th className="num">Storage</th>
              <th>Production server</th>
              <th>Why</th>
              {admin && <th />}
            </tr>
          </thead>
          <tbody>
            {(models.data?.models ?? []).map((m) => (
              <tr key={m.id}>
                <td>
                  <b>{m.name}</b> <span className="faint mono small">{m.id}</span>
                </td>
                <td className="num">{m.productionServers}</td>
                <td className="num">{m.controlServers}</td>
                <td className="num">{m.storageServers}</td>
                <td className="small">
                  {m.server.cpuModel}, {m.server.vcpu} vCPU ({m.server.reservedVcpu} for the host), {mb(m.server.ramMb)} ({mb(m.server.reservedRamMb)} for the
                  host), {m.server.diskGb} GB
                </td>
                <td className="small muted">{m.note}</td>
                {admin && (
                  <td>
                    <button className="btn small" onClick={() => setDialog({ kind: 'model', model: m })} aria-label={`Edit the ${m.name} model`}>
                      <Pencil size={13} /> Edit
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog?.kind === 'dc' && <NewDc onClose={() => setDialog(null)} onDone={() => (setDialog(null), reload())} />}
      {dialog?.kind === 'pod' && (
        <NewPod dcId={dialog.dcId} models={models.data?.models ?? []} onClose={() => setDialog(null)} onDone={() => (setDialog(null), reload())} />
      )}
      {dialog?.kind === 'model' && (
        <EditModel
          model={dialog.model}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            models.reload();
          }}
        />
      )}
    </div>
  );
}

function NewDc(props: { onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const act = useAction('datacentres.create');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await act.run({ name, location })) {
      notify('success', `Data centre ${name} added`);
      props.onDone();
    }
  };
  return (
    <Dialog
      title="New data centre"
      onClose={props.onClose}
      footer={
        <FormButtons form="dc-form" onCancel={props.onClose} disabled={act.pending}>
          Add
        </FormButtons>
      }
    >
      <form id="dc-form" onSubmit={submit}>
        {act.general && <div className="alert bad">{act.general}</div>}
        <Field label="Name" hint="e.g. DC-3 Vienna" error={act.fieldError('name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Location" error={act.fieldError('location')}>
          <input value={location} onChange={(e) => setLocation(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  );
}

function NewPod(props: { dcId: string; models: PodModel[]; onClose: () => void; onDone: () => void }) {
  const [name, setName] = useState('');
  const [model, setModel] = useState(props.models[0]?.id ?? 'small');
  const act = useAction('pods.create');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await act.run({ dcId: props.dcId, name, model })) {
      notify('success', `PoD ${name} added`, 'Its servers, device manager, ESC pair, VIM endpoint and pools are ready.');
      props.onDone();
    }
  };
  return (
    <Dialog
      title="New PoD"
      onClose={props.onClose}
      footer={
        <FormButtons form="pod-form" onCancel={props.onClose} disabled={act.pending}>
          Add
        </FormButtons>
      }
    >
      <form id="pod-form" onSubmit={submit}>
        {act.general && <div className="alert bad">{act.general}</div>}
        <Field label="Name" hint="e.g. vie-pod-1" error={act.fieldError('name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Model" error={act.fieldError('model')}>
          <select value={model} onChange={(e) => setModel(e.target.value)}>
            {props.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} — {m.productionServers} production servers
              </option>
            ))}
          </select>
        </Field>
      </form>
    </Dialog>
  );
}

function EditModel(props: { model: PodModel; onClose: () => void; onDone: () => void }) {
  const m = props.model;
  const [f, setF] = useState({
    productionServers: String(m.productionServers),
    vcpu: String(m.server.vcpu),
    reservedVcpu: String(m.server.reservedVcpu),
    ramGb: String(m.server.ramMb / 1024),
    reservedRamGb: String(m.server.reservedRamMb / 1024),
    diskGb: String(m.server.diskGb),
    note: m.note,
  });
  const act = useAction('pods.updateModel');
  const n = (s: string) => Number(s.trim());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await act.run({
      model: {
        ...m,
        productionServers: n(f.productionServers),
        note: f.note,
        server: {
          ...m.server,
          vcpu: n(f.vcpu),
          reservedVcpu: n(f.reservedVcpu),
          ramMb: Math.round(n(f.ramGb) * 1024),
          reservedRamMb: Math.round(n(f.reservedRamGb) * 1024),
          diskGb: n(f.diskGb),
        },
      },
    });
    if (r) {
      notify('success', `Model ${m.name} saved`, 'It applies to PoDs made from now on, and to the capacity calculator.');
      props.onDone();
    }
  };
  const e = (p: string) => act.fieldError(`model.${p}`);
  const set = (k: keyof typeof f) => (ev: { target: { value: string } }) => setF((x) => ({ ...x, [k]: ev.target.value }));
  return (
    <Dialog
      title={`Edit the ${m.name} model`}
      onClose={props.onClose}
      footer={
        <FormButtons form="model-form" onCancel={props.onClose} disabled={act.pending}>
          Save
        </FormButtons>
      }
    >
      <form id="model-form" onSubmit={submit}>
        {act.general && <div className="alert bad">{act.general}</div>}
        <div className="form-grid">
          <Field label="Production servers" error={e('productionServers')}>
            <input inputMode="numeric" value={f.productionServers} onChange={set('productionServers')} />
          </Field>
          <Field label="Disk per server (GB)" error={e('server.diskGb')}>
            <input inputMode="numeric" value={f.diskGb} onChange={set('diskGb')} />
          </Field>
          <Field label="vCPU per server" error={e('server.vcpu')}>
            <input inputMode="numeric" value={f.vcpu} onChange={set('vcpu')} />
          </Field>
          <Field label="vCPU kept for the host" error={e('server.reservedVcpu')}>
            <input inputMode="numeric" value={f.reservedVcpu} onChange={set('reservedVcpu')} />
          </Field>
          <Field label="RAM per server (GB)" error={e('server.ramMb')}>
            <input inputMode="decimal" value={f.ramGb} onChange={set('ramGb')} />
          </Field>
          <Field label="RAM kept for the host (GB)" error={e('server.reservedRamMb')}>
            <input inputMode="decimal" value={f.reservedRamGb} onChange={set('reservedRamGb')} />
          </Field>
        </div>
        <Field label="Why these numbers" error={e('note')}>
          <textarea rows={3} value={f.note} onChange={set('note')} />
        </Field>
        <p className="faint small">
          Control ({m.controlServers}) and storage ({m.storageServers}) servers are the same in every model.
        </p>
      </form>
    </Dialog>
  );
}
