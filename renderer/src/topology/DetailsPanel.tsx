// The details of one node: properties, rendered configuration, operation history and
// utilization — each as far as the inventory provides it, with an honest note where not.
import { useEffect, useState } from 'react';
import { X } from 'lucide-react';
import type { CommandOutput } from '../../../core/api/contract';
import type { NodeState, TopoNode, ViewName } from '../../../core/topology/contract';
import type { TopoGraph } from '../../../core/topology/model';
import { api } from '../lib/transport';
import { CopyButton } from '../components/CopyButton';
import { utc } from '../lib/format';

export type DetailsTab = 'properties' | 'configuration' | 'operations' | 'utilization';

type Details = CommandOutput<'topology.details'>;
type Config = CommandOutput<'topology.configuration'>;

function Bar(props: { used: number; total: number }) {
  const pct = props.total > 0 ? Math.min(100, (props.used / props.total) * 100) : 0;
  return (
    <div className="util-bar" role="meter" aria-valuemin={0} aria-valuemax={props.total} aria-valuenow={props.used}>
      <div style={{ width: `${pct}%` }} className={pct > 90 ? 'hot' : pct > 70 ? 'warm' : ''} />
    </div>
  );
}

export function DetailsPanel(props: {
  view: ViewName;
  serviceId: string | null;
  node: TopoNode;
  rev: number;
  tab: DetailsTab;
  mayConfigure: boolean;
  onTab(tab: DetailsTab): void;
  onClose(): void;
  onGo(id: string): void;
}) {
  const { node, view, serviceId } = props;
  const [details, setDetails] = useState<Details | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [config, setConfig] = useState<Config | null>(null);
  const ref = { view, nodeId: node.id, ...(serviceId ? { serviceId } : {}) };
  // Fetched again when the node changes (its state, badges, utilization).
  const stamp = `${node.state}|${node.badges.join()}|${node.detail}|${JSON.stringify(node.utilization)}`;
  useEffect(() => {
    let live = true;
    api.call('topology.details', ref).then(
      (d) => live && (setDetails(d), setError(null)),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- ref is made of the listed values
  }, [node.id, view, serviceId, stamp]);
  useEffect(() => {
    if (props.tab !== 'configuration' || !props.mayConfigure) return;
    let live = true;
    api.call('topology.configuration', ref).then(
      (c) => live && setConfig(c),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- ref is made of the listed values
  }, [props.tab, node.id, view, serviceId, props.mayConfigure]);

  const tabs: DetailsTab[] = ['properties', ...(props.mayConfigure ? (['configuration'] as const) : []), 'operations', 'utilization'];
  const tab = tabs.includes(props.tab) ? props.tab : 'properties';
  return (
    <aside className="topo-details panel" aria-label={`Details of ${node.label}`}>
      <div className="panel-head">
        <span className={`state-dot s-${node.state}`} />
        <div className="grow" style={{ minWidth: 0 }}>
          <h3 className="ellipsis">{node.label}</h3>
          <div className="faint" style={{ fontSize: 12 }}>
            {node.type ?? (node.role ? `${node.role} server` : node.kind)} · <span data-testid="details-state">{node.state}</span>
          </div>
        </div>
        <button className="btn ghost small icon" aria-label="Close details" onClick={props.onClose}>
          <X size={16} />
        </button>
      </div>
      {details && details.ancestors.length > 0 && (
        <nav className="crumbs" aria-label="Placed in">
          {details.ancestors.map((a) => (
            <button key={a.id} className="linkish" onClick={() => props.onGo(a.id)}>
              {a.label}
            </button>
          ))}
        </nav>
      )}
      <div className="topo-details-tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t} role="tab" aria-selected={t === tab} className={t === tab ? 'active' : ''} onClick={() => props.onTab(t)}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      <div className="panel-body topo-details-body" role="tabpanel" aria-label={tab}>
        {error && <div className="alert bad">{error}</div>}
        {!details && !error && <span className="spinner" />}
        {details && tab === 'properties' && (
          <dl className="kv">
            {details.properties.map((p, i) => (
              <div key={i} style={{ display: 'contents' }}>
                <dt>{p.label}</dt>
                <dd className={/address|id/i.test(p.label) ? 'mono' : ''}>{p.value}</dd>
              </div>
            ))}
          </dl>
        )}
        {tab === 'configuration' &&
          (!config ? (
            <span className="spinner" />
          ) : config.configuration.available ? (
            <>
              <div className="row" style={{ marginBottom: 8 }}>
                <span className="muted">Rendered configuration ({config.configuration.data.format}), secrets masked</span>
                <span className="grow" />
                <CopyButton text={config.configuration.data.text} />
              </div>
              <pre className="json" data-testid="configuration">
                {config.configuration.data.text}
              </pre>
            </>
          ) : (
            <p className="muted">{config.configuration.reason}.</p>
          ))}
        {details &&
          tab === 'operations' &&
          (details.operations.available ? (
            details.operations.data.length ? (
              <ol className="ops">
                {details.operations.data.map((o) => (
                  <li key={o.id}>
                    <span className={`badge ${/FAIL|ERROR/.test(o.state) ? 'bad' : /COMPLETED|ACTIVE/.test(o.state) ? 'ok' : 'info'}`}>{o.state}</span>{' '}
                    <b>{o.type}</b> {o.summary}
                    <div className="faint">
                      {utc(o.at)}
                      {o.by ? ` · ${o.by}` : ''}
                    </div>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">No operations on this node yet.</p>
            )
          ) : (
            <p className="muted">{details.operations.reason}.</p>
          ))}
        {details &&
          tab === 'utilization' &&
          (details.utilization.available && details.utilization.data.length ? (
            <div className="utils">
              {details.utilization.data.map((u) => (
                <div key={u.metric}>
                  <div className="row">
                    <span>{u.metric}</span>
                    <span className="grow" />
                    <span className="mono">
                      {u.used.toLocaleString()} / {u.total.toLocaleString()} {u.unit}
                    </span>
                  </div>
                  <Bar used={u.used} total={u.total} />
                </div>
              ))}
            </div>
          ) : (
            <p className="muted">{details.utilization.available ? 'No utilization reported.' : details.utilization.reason + '.'}</p>
          ))}
      </div>
    </aside>
  );
}

export function SelectionSummary(props: { graph: TopoGraph; ids: string[]; onGo(id: string): void; onClear(): void }) {
  const nodes = props.ids.map((id) => props.graph.nodes.get(id)).filter((n): n is TopoNode => !!n);
  const byState = new Map<NodeState, number>();
  for (const n of nodes) byState.set(n.state, (byState.get(n.state) ?? 0) + 1);
  return (
    <aside className="topo-details panel" aria-label="Selection">
      <div className="panel-head">
        <h3 className="grow">{nodes.length} selected</h3>
        <button className="btn ghost small" onClick={props.onClear}>
          Clear
        </button>
      </div>
      <div className="panel-body topo-details-body">
        <div className="row wrap" style={{ marginBottom: 10 }}>
          {[...byState].map(([s, n]) => (
            <span key={s} className="chip static">
              <span className={`state-dot s-${s}`} /> {s} <b>{n}</b>
            </span>
          ))}
        </div>
        <ul className="sel-list">
          {nodes.slice(0, 200).map((n) => (
            <li key={n.id}>
              <button className="linkish" onClick={() => props.onGo(n.id)}>
                <span className={`state-dot s-${n.state}`} /> {n.label}
              </button>
              <span className="faint"> {n.type ?? n.role ?? n.kind}</span>
            </li>
          ))}
          {nodes.length > 200 && <li className="faint">… and {nodes.length - 200} more</li>}
        </ul>
      </div>
    </aside>
  );
}
