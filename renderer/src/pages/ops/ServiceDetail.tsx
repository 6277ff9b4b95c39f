// One service as the NOC sees it: state, health and the operation; its chains with each
// VNF's state, server and Node ID; the rendered configurations (secrets masked), with the
// open update's changes as a diff; allocations; events; and what can be done — repair,
// retry / roll back / cancel the operation, delete, and in the lab fail or recover a VNF.
import { useEffect, useState } from 'react';
import { Flame, HeartPulse, Wrench } from 'lucide-react';
import type { VnfView } from '../../../../core/orchestrator/contract';
import { useBusyRun, useCommand } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { mb } from '../../lib/services';
import { navigate } from '../../app/router';
import { Tabs } from '../../components/Tabs';
import { BackLink } from '../../components/BackLink';
import { Dialog } from '../../components/Dialog';
import { DiffView } from '../../components/DiffView';
import { HealthBadge, ServiceStateBadge, VnfStateBadge } from '../../components/StateBadge';
import { Badge } from '../../components/Badge';
import { CopyButton } from '../../components/CopyButton';
import { useLiveService } from '../services/live';
import { DeleteServiceButton, EventsPanel, OperationPanel, OverviewPanel, PathsPanel, SitesPanel } from '../services/parts';
import { ServiceNotFound } from '../services/MyServices';
import { OpenConsoleButton } from '../terminals/OpenConsoleButton';

type Tab = 'overview' | 'vnfs' | 'sites' | 'configs' | 'allocations' | 'events';

export function StaffServiceDetail(props: { id: string; back: string; backLabel: string }) {
  const live = useLiveService(props.id);
  const lab = useCommand('lab.status', {});
  const [tab, setTab] = useState<Tab>('overview');
  const [failing, setFailing] = useState<VnfView | null>(null);
  const { busy, run } = useBusyRun();
  const s = live.service;
  if (live.error?.code === 'NOT_FOUND') return <ServiceNotFound back={props.back} label={props.backLabel} />;
  if (live.error) return <div className="page empty">Could not load the service: {live.error.message}</div>;
  if (!s) return <div className="page empty">Loading…</div>;
  const labOn = lab.data?.enabled === true;
  const vnfs = s.chains.flatMap((c) => c.vnfs);
  return (
    <div className="page">
      <BackLink to={props.back}>{props.backLabel}</BackLink>
      <div className="page-head">
        <h1>{s.name}</h1>
        <ServiceStateBadge state={s.state} />
        {s.state !== 'DELETED' && <HealthBadge health={s.health} />}
        <span className="sub">
          {s.tenantName} · <span className="mono">{s.id}</span>
        </span>
        <span className="grow" />
        {s.actions.includes('repair') && (
          <button className="btn primary" disabled={busy} onClick={() => void run(`Repairing ${s.name}`, () => api.call('services.repair', { id: s.id }))}>
            <Wrench size={15} /> Repair
          </button>
        )}
        <DeleteServiceButton service={s} />
      </div>
      {s.operation && (
        <div style={{ marginBottom: 16 }}>
          <OperationPanel op={s.operation} actions={s.actions} staff onOpen={() => navigate(`/ops/operations/${s.operation!.id}`)} />
        </div>
      )}
      <Tabs<Tab>
        label="Service details"
        current={tab}
        onChange={setTab}
        tabs={[
          { id: 'overview', label: 'Overview' },
          { id: 'vnfs', label: `VNFs (${vnfs.length})` },
          { id: 'sites', label: `Sites (${s.siteList.length})` },
          { id: 'configs', label: 'Configurations' },
          { id: 'allocations', label: `Allocations (${s.allocations.length})` },
          { id: 'events', label: `Events (${s.events.length})` },
        ]}
      />
      <div className="tab-body" role="tabpanel">
        {tab === 'overview' && (
          <div className="detail-grid">
            <OverviewPanel service={s} staff />
            <PathsPanel service={s} staff />
          </div>
        )}
        {tab === 'vnfs' && (
          <div className="panel">
            <div className="table-wrap">
              <table className="grid" aria-label="VNFs">
                <thead>
                  <tr>
                    <th>VNF</th>
                    <th>State</th>
                    <th>Path</th>
                    <th>PoD / server</th>
                    <th className="num">Node ID</th>
                    <th>Functions</th>
                    <th className="num">Size</th>
                    <th>Management</th>
                    <th>Console</th>
                    {labOn && <th>Lab</th>}
                  </tr>
                </thead>
                <tbody>
                  {s.chains.flatMap((ch) =>
                    ch.vnfs.map((v) => (
                      <tr key={v.id} data-testid={`vnf-${v.hostname}`}>
                        <td>
                          <b>{v.hostname}</b>
                          <div className="faint small">
                            {v.software} · <span className="mono">{v.vmName}</span>
                          </div>
                        </td>
                        <td>
                          <VnfStateBadge state={v.state} />
                          {v.detail && <div className="bad-text small">{v.detail}</div>}
                        </td>
                        <td>{v.path}</td>
                        <td>
                          {ch.podName}
                          <div className="faint small">{v.serverName}</div>
                        </td>
                        <td className="num mono">{v.nodeId ?? '—'}</td>
                        <td className="small">
                          {v.functions.map((f) => (
                            <div key={f.functionId}>
                              {f.name} <span className="faint mono">#{f.functionId}</span> <span className="faint">{f.status}</span>
                            </div>
                          ))}
                        </td>
                        <td className="num small nowrap">
                          {v.vcpu} vCPU · {mb(v.ramMb)} · {v.diskGb} GB
                        </td>
                        <td className="mono small">{v.interfaces.find((i) => i.network === 'mgmt')?.ip ?? '—'}</td>
                        <td>
                          <OpenConsoleButton vnf={v} />
                        </td>
                        {labOn && (
                          <td>
                            {v.state === 'ACTIVE' && (
                              <button className="btn small danger" onClick={() => setFailing(v)} aria-label={`Fail ${v.hostname} in the lab`}>
                                <Flame size={13} /> Fail
                              </button>
                            )}
                            {v.state === 'ERROR' && (
                              <button
                                className="btn small"
                                disabled={busy}
                                aria-label={`Recover ${v.hostname} in the lab`}
                                onClick={() => void run(`${v.hostname} recovers in the lab`, () => api.call('lab.repairVnf', { vnfId: v.id }))}
                              >
                                <HeartPulse size={13} /> Recover
                              </button>
                            )}
                          </td>
                        )}
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </div>
        )}
        {tab === 'sites' && <SitesPanel service={s} staff />}
        {tab === 'configs' && <Configs id={s.id} version={s.updatedAt} />}
        {tab === 'allocations' && (
          <div className="panel">
            <table className="grid" aria-label="Allocations">
              <thead>
                <tr>
                  <th>Purpose</th>
                  <th>Pool</th>
                  <th>Value</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {s.allocations.map((a) => (
                  <tr key={`${a.pool}-${a.purpose}-${a.display}`}>
                    <td className="mono">{a.purpose}</td>
                    <td className="mono muted">{a.pool}</td>
                    <td className="mono">{a.display}</td>
                    <td>{a.pending && <Badge tone="info">pending</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {tab === 'events' && <EventsPanel service={s} />}
      </div>
      {failing && (
        <Dialog
          title={`Fail ${failing.hostname} in the lab?`}
          onClose={() => setFailing(null)}
          footer={
            <>
              <button className="btn" onClick={() => setFailing(null)}>
                Cancel
              </button>
              <button
                className="btn danger"
                onClick={() => {
                  const v = failing;
                  setFailing(null);
                  void run(`${v.hostname} fails in the lab`, () => api.call('lab.failVnf', { vnfId: v.id, reason: 'failed from the console (lab drill)' }));
                }}
              >
                <Flame size={15} /> Fail it
              </button>
            </>
          }
        >
          <p style={{ marginTop: 0 }}>
            The lab VIM puts the VM <span className="mono">{failing.vmName}</span> in ERROR, as if it had crashed. The core hears it as a real VIM would report
            it.
          </p>
          {failing.role === 'router' && s.redundant && (
            <p className="muted">It is a vRouter of a redundant service: if it carries the traffic, the sites re-route to the other path.</p>
          )}
        </Dialog>
      )}
    </div>
  );
}

function Configs(props: { id: string; version: string }) {
  const cfg = useCommand('services.configs', { id: props.id }, [props.id]);
  const [open, setOpen] = useState<string | null>(null);
  const { reload } = cfg;
  useEffect(() => reload(), [props.version, reload]);
  if (cfg.error) return <div className="empty">Could not load the configurations: {cfg.error.message}</div>;
  if (!cfg.data) return <div className="empty">Loading…</div>;
  const d = cfg.data;
  return (
    <div className="stack">
      {d.pending && (
        <section className="panel" aria-label="Pending change">
          <div className="panel-head">
            <h2>Pending change</h2>
            <Badge tone={d.pending.state === 'FAILED' ? 'bad' : 'info'}>update {d.pending.state.toLowerCase()}</Badge>
            <span className="muted small mono">{d.pending.operationId}</span>
          </div>
          <div className="panel-body stack">
            {d.pending.vnfs.map((v) => (
              <div key={v.vnfId}>
                <div className="row" style={{ marginBottom: 6 }}>
                  <b>{v.hostname}</b>
                  <Badge tone={v.change === 'add' ? 'ok' : v.change === 'remove' ? 'bad' : 'warn'}>
                    {v.change === 'add' ? 'added' : v.change === 'remove' ? 'removed' : 'reconfigured'}
                  </Badge>
                  <span className="faint small">{v.path} path</span>
                </div>
                <DiffView lines={v.lines} label={`Configuration change of ${v.hostname}`} maxHeight={320} />
              </div>
            ))}
            {d.pending.vnfs.length === 0 && <p className="muted">The update changes no configuration.</p>}
          </div>
        </section>
      )}
      <div className="panel">
        <div className="panel-head">
          <h2>Day-1 configurations</h2>
          <span className="muted small">rendered by the service manager; secrets masked</span>
        </div>
        <div className="panel-body stack">
          {d.vnfs.map((v) => (
            <details key={v.vnfId} open={open === v.vnfId} onToggle={(e) => (e.currentTarget.open ? setOpen(v.vnfId) : open === v.vnfId && setOpen(null))}>
              <summary>
                <b>{v.hostname}</b>{' '}
                <span className="faint">
                  {v.role}, {v.path} path · {v.config.split('\n').length} lines
                </span>
              </summary>
              <div className="row" style={{ margin: '6px 0' }}>
                <CopyButton text={v.config} />
              </div>
              <pre className="json config">{v.config}</pre>
            </details>
          ))}
        </div>
      </div>
      <div className="panel">
        <div className="panel-head">
          <h2>CPE zero-touch configurations</h2>
        </div>
        <div className="panel-body stack">
          {d.cpes.map((c) => (
            <details key={c.site}>
              <summary>
                <b>{c.name}</b> <span className="faint">site {c.site}</span>
              </summary>
              <pre className="json config">{c.config}</pre>
            </details>
          ))}
        </div>
      </div>
    </div>
  );
}
