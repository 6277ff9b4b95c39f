// Redundancy (seed: service path, ESC and NSO redundancy): the NSO service manager pair, and
// per PoD its NSO device manager and ESC pairs with their roles — master / slave, master /
// subordinate / none — and keep-alive ages; the paths of redundant services with the
// active one; failover drills and revive in the lab, the flip visible as it happens.
import { useEffect, useState } from 'react';
import { HeartPulse, Siren } from 'lucide-react';
import type { PairView, PlatformNode } from '../../../../core/orchestrator/contract';
import { useBusyRun, useCommand, useThrottled, useTopic } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { ageText } from '../../lib/services';
import { utc } from '../../lib/format';
import { Badge } from '../../components/Badge';
import { useSession } from '../../app/session';

const ROLE_TONE: Record<PlatformNode['role'], 'ok' | 'info' | 'neutral'> = { master: 'ok', slave: 'info', subordinate: 'info', none: 'neutral' };
const KIND: Record<PairView['kind'], string> = { 'nso-sm': 'NSO service manager', 'nso-dm': 'NSO device manager', esc: 'ESC' };
const SHORT: Record<PairView['kind'], string> = { 'nso-sm': 'NSO SM', 'nso-dm': 'NSO DM', esc: 'ESC' };

function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function PairCard(props: {
  pair: PairView;
  now: number;
  silenced: Set<string>;
  lab: boolean;
  onDrill: () => void;
  onRevive: (id: string) => void;
  busy: boolean;
}) {
  const p = props.pair;
  return (
    <div className={`pair${p.healthy ? '' : ' unhealthy'}`} data-testid={`pair-${p.pair}`} aria-label={`${KIND[p.kind]} pair ${p.pair}`} role="group">
      <div className="pair-h">
        <b title={KIND[p.kind]}>{p.kind === 'nso-sm' ? KIND[p.kind] : SHORT[p.kind]}</b>
        <Badge tone={p.healthy ? 'ok' : p.master ? 'warn' : 'bad'}>{p.healthy ? 'redundant' : p.master ? 'no standby' : 'no master'}</Badge>
        <span className="grow" />
        {props.lab && (
          <button
            className="btn small"
            disabled={props.busy || !p.master}
            onClick={props.onDrill}
            title="The master falls silent; its standby takes over after the missed keep-alives"
          >
            <Siren size={13} /> Drill
          </button>
        )}
      </div>
      <ul className="pair-nodes">
        {p.nodes.map((n) => {
          const age = n.lastKeepaliveAt ? props.now - Date.parse(n.lastKeepaliveAt) : null;
          const silent = props.silenced.has(n.id);
          return (
            <li key={n.id} data-testid={`node-${n.id}`} data-role={n.role}>
              <div className="node-line">
                <span className={`dot ${n.alive ? 'ok' : 'bad'}`} />
                <span className="node-name">{n.name.replace(/ of \S+$/, '')}</span>
                <Badge tone={ROLE_TONE[n.role]}>{n.role}</Badge>
                <span className="grow" />
                {silent ? (
                  <span className="bad-text small">silent{age !== null ? ` for ${ageText(age)}` : ''}</span>
                ) : (
                  <span className="muted small">keep-alive {age !== null ? `${ageText(Math.max(0, age))} ago` : '—'}</span>
                )}
              </div>
              <div className="node-line faint small">
                <span className="mono">{n.address}</span>
                {n.nodeId !== null && <span>node {n.nodeId}</span>}
                <span className="grow" />
                {props.lab && silent && (
                  <button className="btn small" disabled={props.busy} onClick={() => props.onRevive(n.id)} aria-label={`Revive ${n.name}`}>
                    <HeartPulse size={13} /> Revive
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <div className="faint small pair-foot">
        VIP <span className="mono">{p.vip}</span>
        {p.lastFailoverAt && <> · last failover {utc(p.lastFailoverAt)}</>}
      </div>
    </div>
  );
}

export function RedundancyPage() {
  const status = useCommand('redundancy.status', {});
  const pods = useCommand('pods.list', {});
  const lab = useCommand('lab.status', {});
  const session = useSession();
  const tenants = useCommand('tenants.list', {});
  const now = useNow(500);
  const { busy, run: runAndTell } = useBusyRun();
  const [log, setLog] = useState<{ at: number; pair: string; reason: string }[]>([]);
  const refresh = useThrottled(() => {
    status.reload();
    lab.reload();
  }, 150);
  useTopic('redundancy.changed', {}, (e) => {
    setLog((l) => [{ at: Date.now(), pair: e.pair.pair, reason: e.reason }, ...l].slice(0, 30));
    refresh();
  });
  useTopic('services.changed', {}, refresh);
  // Keep-alive ages move every second; the core answers them on request.
  const reloadStatus = status.reload;
  useEffect(() => {
    const t = setInterval(reloadStatus, 1000);
    return () => clearInterval(t);
  }, [reloadStatus]);

  const d = status.data;
  const labOn = lab.data?.enabled === true && session.permissions.includes('lab.control');
  const silenced = new Set(lab.data?.silenced ?? []);
  const pairs = d?.pairs ?? [];
  const tenantName = new Map((tenants.data?.tenants ?? []).map((t) => [t.id, t.name]));
  const run = async (label: string, f: () => Promise<unknown>) => {
    if (await runAndTell(label, f)) {
      status.reload();
      lab.reload();
    }
  };
  const drill = (p: PairView) =>
    run(`Drill: ${p.pair} master falls silent`, () => api.call('lab.drill', { target: p.kind, ...(p.podId ? { podId: p.podId } : {}), wait: false }));
  const revive = (id: string) => run(`${id} sends keep-alives again`, () => api.call('lab.revive', { nodeId: id }));
  const card = (p: PairView | undefined) =>
    p ? (
      <PairCard key={p.pair} pair={p} now={now} silenced={silenced} lab={labOn} busy={busy} onDrill={() => void drill(p)} onRevive={(id) => void revive(id)} />
    ) : null;

  if (status.error) return <div className="page empty">Could not load the redundancy state: {status.error.message}</div>;
  const dcs = pods.data?.dataCentres ?? [];
  return (
    <div className="page wide">
      <div className="page-head">
        <h1>Redundancy</h1>
        {d && (
          <span className="sub">
            keep-alive every {d.keepaliveMs} ms · a master silent for {d.deadAfterMs} ms is replaced by its standby
          </span>
        )}
      </div>
      <div className="redundancy-grid">
        <div className="stack">
          <div className="panel">
            <div className="panel-head">
              <h2>Service manager</h2>
              <span className="muted small">one pair for every data centre</span>
            </div>
            <div className="panel-body">{card(pairs.find((p) => p.kind === 'nso-sm'))}</div>
          </div>
          {dcs.map((dc) => (
            <div className="panel" key={dc.id}>
              <div className="panel-head">
                <h2>{dc.name}</h2>
                <span className="muted small">{dc.location}</span>
              </div>
              <div className="panel-body stack">
                {(pods.data?.pods ?? [])
                  .filter((p) => p.dcId === dc.id)
                  .map((pod) => (
                    <div key={pod.id} className="pod-pairs">
                      <h3>
                        {pod.name} <span className="faint small">({pod.model})</span>
                      </h3>
                      <div className="pair-row">
                        {card(pairs.find((p) => p.pair === `nso-dm:${pod.id}`))}
                        {card(pairs.find((p) => p.pair === `esc:${pod.id}`))}
                      </div>
                    </div>
                  ))}
              </div>
            </div>
          ))}
        </div>
        <div className="stack">
          <div className="panel">
            <div className="panel-head">
              <h2>Service paths</h2>
              <span className="muted small">services with automated recovery</span>
            </div>
            <table className="grid" aria-label="Service paths">
              <thead>
                <tr>
                  <th>Service</th>
                  <th>Primary</th>
                  <th>Redundant</th>
                  <th>Active</th>
                </tr>
              </thead>
              <tbody>
                {(d?.servicePaths ?? []).map((sp) => (
                  <tr key={sp.serviceId} data-testid={`paths-${sp.serviceId}`}>
                    <td>
                      <a href={`#/ops/services/${sp.serviceId}`}>{sp.name}</a>
                      <div className="faint small">{tenantName.get(sp.tenantId) ?? sp.tenantId}</div>
                    </td>
                    <td>
                      <span className={`dot ${sp.primaryUp ? 'ok' : 'bad'}`} />
                      {sp.primaryUp ? 'up' : 'down'}
                    </td>
                    <td>
                      <span className={`dot ${sp.secondaryUp ? 'ok' : 'bad'}`} />
                      {sp.secondaryUp ? 'up' : 'down'}
                    </td>
                    <td data-testid="active">
                      {sp.activePath ? <Badge tone={sp.activePath === 'primary' ? 'ok' : 'warn'}>{sp.activePath}</Badge> : <Badge tone="bad">none</Badge>}
                    </td>
                  </tr>
                ))}
                {d && d.servicePaths.length === 0 && (
                  <tr>
                    <td colSpan={4} className="muted">
                      No service has automated recovery.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <div className="panel">
            <div className="panel-head">
              <h2>Changes</h2>
              <span className="muted small">since this page opened</span>
            </div>
            <ul className="events" aria-label="Redundancy changes">
              {log.map((l, i) => (
                <li key={i}>
                  <span className="mono faint">{new Date(l.at).toISOString().slice(11, 19)}</span>
                  <Badge tone="warn">{l.pair}</Badge>
                  <span>{l.reason}</span>
                </li>
              ))}
              {log.length === 0 && <li className="muted">No failover or silence yet. {labOn ? 'Run a drill to see one.' : ''}</li>}
            </ul>
          </div>
        </div>
      </div>
    </div>
  );
}
