// The Topology area: the infrastructure view and the service view, on one canvas each,
// with search, filters, the details panel, the context menu, the legend, export, and the
// view kept per user.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ChevronsDownUp, ChevronsUpDown, Download, Info, Maximize, Minus, Plus, RotateCcw, Search } from 'lucide-react';
import type { NodeState, TopoNode, ViewName } from '../../../core/topology/contract';
import { NODE_STATES } from '../../../core/topology/contract';
import type { TopoGraph } from '../../../core/topology/model';
import { api } from '../lib/transport';
import { download } from '../lib/download';
import { useCommand, useTopic } from '../lib/hooks';
import { navigate, usePath } from '../app/router';
import { allowed, useSession } from '../app/session';
import { notify, reportError } from '../app/toasts';
import { typing } from '../app/shortcuts';
import { FilterSelect } from '../components/FilterSelect';
import { layoutInfrastructure, layoutService, type Layout } from './layout';
import { firstLeaf, neighbour, search, type Direction, type SearchHit } from './scene';
import { TopologyView, type ViewTransform } from './view';
import { useTopologyData } from './data';
import { actionsFor, type NodeAction, type NodeActionContext } from './actions';
import './builtinActions';
import './operateActions';
import { EMPTY_VIEW, forgetView, loadView, saveView, viewKey, type SavedView } from './viewState';
import { DetailsPanel, SelectionSummary, type DetailsTab } from './DetailsPanel';
import { ContextMenu } from './ContextMenu';
import { Legend } from './Legend';
import { installProbe } from './probe';

/** `#/topology/infrastructure[/<node>]`, `#/topology/service[/<service>[/<node>]]`: a node in the path is selected and centred. */
function routeOf(path: string): { view: ViewName; serviceId: string | null; target: string | null } {
  const dec = (x: string | undefined) => (x ? decodeURIComponent(x) : null);
  const m = /^\/topology\/service(?:\/([^/]+)(?:\/([^/]+))?)?/.exec(path);
  if (m) return { view: 'service', serviceId: dec(m[1]), target: dec(m[2]) };
  const i = /^\/topology\/infrastructure\/([^/]+)/.exec(path);
  return { view: 'infrastructure', serviceId: null, target: dec(i?.[1]) };
}

export const topologyPath = (view: ViewName, serviceId: string | null, node?: string | null): string =>
  `/topology/${view}${view === 'service' && serviceId ? `/${encodeURIComponent(serviceId)}` : ''}${node ? `/${encodeURIComponent(node)}` : ''}`;

export function TopologyPage() {
  const session = useSession();
  const path = usePath();
  const mayInfra = allowed(session, 'topology.infrastructure');
  const route = routeOf(path);
  const view: ViewName = route.view === 'infrastructure' && !mayInfra ? 'service' : route.view;
  useEffect(() => {
    if (path === '/topology' || (route.view === 'infrastructure' && !mayInfra)) navigate(mayInfra ? '/topology/infrastructure' : '/topology/service');
  }, [path, route.view, mayInfra]);

  return (
    <div className="topo-page">
      <div className="topo-tabs" role="tablist" aria-label="Topology views">
        {mayInfra && (
          <a
            role="tab"
            aria-selected={view === 'infrastructure'}
            className={`topo-tab${view === 'infrastructure' ? ' active' : ''}`}
            href="#/topology/infrastructure"
          >
            Infrastructure
          </a>
        )}
        <a role="tab" aria-selected={view === 'service'} className={`topo-tab${view === 'service' ? ' active' : ''}`} href="#/topology/service">
          Service
        </a>
      </div>
      {view === 'infrastructure' ? (
        <TopologyCanvasPage key="infra" view="infrastructure" serviceId={null} target={route.target} />
      ) : (
        <ServiceView serviceId={route.serviceId} target={route.target} />
      )}
    </div>
  );
}

function ServiceView(props: { serviceId: string | null; target: string | null }) {
  const list = useCommand('topology.services', {});
  const services = useMemo(() => list.data?.services ?? [], [list.data]);
  // The picker follows services that are ordered or deleted meanwhile (and their names).
  useTopic(
    'services.changed',
    {},
    (e) => {
      const known = new Map(services.map((s) => [s.id, s.name]));
      if (e.items.some((i) => known.get(i.id) !== i.name || i.state === 'DELETED')) list.reload();
    },
    allowed(useSession(), 'services.read'),
  );
  // Open the first service when none is named — again after any redirect to this view (the
  // page's own redirect of "/topology" runs after this one and would otherwise win).
  const path = usePath();
  useEffect(() => {
    if (!props.serviceId && services[0]) navigate(topologyPath('service', services[0].id));
  }, [props.serviceId, services, path]);
  if (list.loading && !list.data)
    return (
      <div className="empty">
        <span className="spinner" />
      </div>
    );
  if (list.error) return <div className="empty">Could not list services: {list.error.message}</div>;
  if (services.length === 0) {
    return (
      <div className="empty topo-empty">
        <h2>No services to show</h2>
        <p>
          {list.data?.source
            ? 'There are no services yet (or none of your tenant’s).'
            : 'No inventory source is attached to this core yet: service chains appear here once orchestration is part of this build.'}
        </p>
      </div>
    );
  }
  return (
    <TopologyCanvasPage
      key={`svc:${props.serviceId}`}
      view="service"
      serviceId={props.serviceId}
      target={props.target}
      picker={
        <select aria-label="Service" value={props.serviceId ?? ''} onChange={(e) => navigate(`/topology/service/${encodeURIComponent(e.target.value)}`)}>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} — {s.tenantName}
              {s.redundant ? ' (redundant)' : ''}
            </option>
          ))}
        </select>
      }
    />
  );
}

function TopologyCanvasPage(props: { view: ViewName; serviceId: string | null; target?: string | null; picker?: React.ReactNode }) {
  const { view, serviceId } = props;
  const session = useSession();
  const key = viewKey(session.user.id, view, serviceId);
  const saved = useMemo(() => loadView(key), [key]);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set(saved.collapsed));
  const [filters, setFilters] = useState(saved.filters);
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState<string | null>(null);
  const [detailsFor, setDetailsFor] = useState<{ id: string; tab: DetailsTab } | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; ids: string[] } | null>(null);
  const [query, setQuery] = useState('');
  const [activeHit, setActiveHit] = useState(0);
  const [legend, setLegend] = useState(false);
  const [hover, setHover] = useState<string | null>(null);
  const [commands, setCommands] = useState<Set<string> | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<TopologyView | null>(null);
  const transformRef = useRef<ViewTransform | null>(saved.transform);
  const restored = useRef(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const data = useTopologyData(view, serviceId, (c) => {
    if (c.state.length) viewRef.current?.changed(c.state);
  });
  const graph = data.graph;

  useEffect(() => {
    api.call('system.commands', {}).then(
      (r) => setCommands(new Set(r.commands.map((c) => c.name))),
      () => setCommands(new Set()),
    );
  }, []);

  // The layout follows structure and collapsed groups only: state changes never move anything.
  const layout: Layout | null = useMemo(() => {
    if (!graph) return null;
    return view === 'infrastructure' ? layoutInfrastructure(graph, collapsed) : layoutService(graph);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- data.structure says when the graph's structure changed
  }, [graph, data.structure, collapsed, view]);

  // The canvas: made once per view.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const v = new TopologyView(host, {
      onPick: (id, how) => pickRef.current(id, how),
      onBoxSelect: (ids) => setSelection((s) => new Set([...s, ...ids])),
      onOpen: (id) => openRef.current(id),
      onContextMenu: (id, x, y) => menuRef.current(id, x, y),
      onHover: (id) => setHover(id),
      onTransform: (t) => {
        transformRef.current = t;
        scheduleSave();
      },
    });
    viewRef.current = v;
    const unprobe = installProbe(v, () => ({ view, serviceId, graph: graphRef.current, layout: layoutRef.current }));
    return () => {
      unprobe();
      v.destroy();
      viewRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one canvas for the life of the page
  }, []);

  const graphRef = useRef<TopoGraph | null>(null);
  const layoutRef = useRef<Layout | null>(null);
  graphRef.current = graph;
  layoutRef.current = layout;

  useEffect(() => {
    const v = viewRef.current;
    if (!v || !graph || !layout) return;
    v.setScene(graph, layout, view);
    if (!restored.current) {
      restored.current = true;
      if (saved.transform) v.setTransform(saved.transform);
      else v.fit();
    }
  }, [graph, layout, view, saved.transform]);

  useEffect(() => {
    const v = viewRef.current;
    if (!v) return;
    v.selection = selection;
    v.focus = focus;
    v.filters = filters;
    // In the infrastructure view, a selected VNF shows its service's chain across servers and data centres.
    const chain = new Set<string>();
    if (graph && view === 'infrastructure') {
      const services = new Set([...selection].map((id) => graph.nodes.get(id)?.serviceId).filter((s): s is string => !!s));
      if (services.size && services.size <= 20)
        for (const n of graph.nodes.values()) if (n.serviceId && services.has(n.serviceId) && layout?.boxes.has(n.id)) chain.add(n.id);
    }
    v.chain = chain;
    v.request();
  }, [selection, focus, filters, graph, layout, view, data.rev]);

  // Keep the view per user: zoom and position, collapsed groups, filters.
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stateRef = useRef<SavedView>(EMPTY_VIEW);
  stateRef.current = { transform: transformRef.current, collapsed: [...collapsed], filters };
  const scheduleSave = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => saveView(key, { ...stateRef.current, transform: transformRef.current }), 250);
  }, [key]);
  useEffect(() => scheduleSave(), [collapsed, filters, scheduleSave]);
  useEffect(
    () => () => {
      if (saveTimer.current) clearTimeout(saveTimer.current);
      saveView(key, { ...stateRef.current, transform: transformRef.current });
    },
    [key],
  );

  const node = useCallback((id: string | null | undefined): TopoNode | undefined => (id ? graph?.nodes.get(id) : undefined), [graph]);

  const reveal = useCallback(
    (id: string) => {
      if (!graph) return;
      const above = graph.ancestors(id).map((n) => n.id);
      if (above.some((a) => collapsed.has(a))) {
        setCollapsed((c) => {
          const next = new Set(c);
          for (const a of above) next.delete(a);
          return next;
        });
      }
    },
    [graph, collapsed],
  );

  const centre = useCallback(
    (id: string) => {
      reveal(id);
      // After the layout that shows it.
      requestAnimationFrame(() => requestAnimationFrame(() => viewRef.current?.centreOn(id)));
    },
    [reveal],
  );

  const toggle = useCallback(
    (id: string) =>
      setCollapsed((c) => {
        const next = new Set(c);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  const open = useCallback((id: string, tab: DetailsTab = 'properties') => {
    setSelection(new Set([id]));
    setFocus(id);
    setDetailsFor({ id, tab });
  }, []);

  const pickRef = useRef<(id: string | null, how: { additive: boolean; toggle: boolean }) => void>(() => {});
  pickRef.current = (id, how) => {
    setMenu(null);
    if (!id) {
      if (!how.additive && !how.toggle) {
        setSelection(new Set());
        setDetailsFor(null);
      }
      return;
    }
    setFocus(id);
    if (how.toggle || how.additive) {
      setSelection((s) => {
        const next = new Set(s);
        if (how.toggle && next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
      return;
    }
    setSelection(new Set([id]));
    setDetailsFor({ id, tab: 'properties' });
  };
  const openRef = useRef<(id: string) => void>(() => {});
  openRef.current = (id) => {
    const n = node(id);
    if (n && view === 'infrastructure' && (n.kind === 'dc' || n.kind === 'pod' || n.kind === 'server')) toggle(id);
    else open(id);
  };
  const menuRef = useRef<(id: string | null, x: number, y: number) => void>(() => {});
  menuRef.current = (id, x, y) => {
    if (!id) return setMenu(null);
    const ids = selection.has(id) ? [...selection] : [id];
    if (!selection.has(id)) setSelection(new Set([id]));
    setFocus(id);
    setMenu({ x, y, ids });
  };

  // A node named in the address (from another view's "open" actions): select and centre it once it is drawn.
  const targeted = useRef<string | null>(null);
  useEffect(() => {
    const t = props.target ?? null;
    if (!t || targeted.current === t || !graph || !layout || !graph.nodes.has(t)) return;
    targeted.current = t;
    open(t);
    centre(t);
  }, [props.target, graph, layout, open, centre]);

  // Search: by name, address or tenant; Enter centres the best match.
  const hits = useMemo(() => (graph && query.trim() ? search(graph, query, 12) : []), [graph, query]);
  useEffect(() => setActiveHit(0), [hits]);
  const choose = (h: SearchHit | undefined) => {
    if (!h) return;
    setQuery('');
    open(h.id);
    centre(h.id);
    const v = viewRef.current;
    if (v) {
      v.found = h.id;
      v.changed([h.id]);
      setTimeout(() => {
        if (v.found === h.id) {
          v.found = null;
          v.request();
        }
      }, 2500);
    }
    viewRef.current?.canvas.focus();
  };

  // Keyboard on the canvas: arrows move, Enter opens, Space collapses, Esc clears.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (typing(e.target)) return;
    const v = viewRef.current;
    if (!v || !graph || !layout) return;
    const dirs: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    const dir = dirs[e.key];
    if (dir) {
      e.preventDefault();
      const from = focus && layout.boxes.has(focus) ? focus : null;
      const next = from ? neighbour(graph, layout, from, dir) : firstLeaf(layout);
      if (next) {
        setFocus(next);
        if (!e.shiftKey) setSelection(new Set([next]));
        else setSelection((s) => new Set([...s, next]));
        const b = v.screenBox(next);
        const { width, height } = v.size;
        if (b && (b.x < 0 || b.y < 0 || b.x + b.w > width || b.y + b.h > height)) v.centreOn(next);
      }
    } else if (e.key === 'Enter' && focus) {
      e.preventDefault();
      open(focus);
    } else if ((e.key === ' ' || e.key === 'c') && focus && view === 'infrastructure') {
      const n = node(focus);
      const target = n && (n.kind === 'dc' || n.kind === 'pod' || n.kind === 'server') ? n.id : n?.parent;
      if (target) {
        e.preventDefault();
        toggle(target);
        setFocus(target);
        setSelection(new Set([target]));
      }
    } else if (e.key === 'Backspace' && focus) {
      const p = node(focus)?.parent;
      if (p) {
        e.preventDefault();
        setFocus(p);
        setSelection(new Set([p]));
      }
    } else if (e.key === 'Escape') {
      setMenu(null);
      setSelection(new Set());
      setDetailsFor(null);
    } else if (e.key === '+' || e.key === '=') v.zoomBy(1.4);
    else if (e.key === '-') v.zoomBy(1 / 1.4);
    else if (e.key === '0') v.fit(true);
    else if (e.key === '/') {
      e.preventDefault();
      searchRef.current?.focus();
    } else if ((e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && focus) {
      e.preventDefault();
      const b = v.screenBox(focus);
      const r = v.canvas.getBoundingClientRect();
      setMenu({ x: r.left + (b ? b.x + b.w / 2 : 40), y: r.top + (b ? b.y + b.h : 40), ids: selection.has(focus) ? [...selection] : [focus] });
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      setSelection(new Set([...layout.boxes.values()].filter((b) => !b.group || b.collapsed).map((b) => b.id)));
    }
  };

  const actionCtx = (ids: string[]): NodeActionContext => ({
    view,
    serviceId,
    nodes: ids.map((id) => node(id)).filter((n): n is TopoNode => !!n),
    call: async (command, input) => {
      const r = await window.podium!.call(command, input);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.output;
    },
    ui: {
      details: (id, tab) => open(id, tab),
      centre,
      toggle,
      openService: (sid, nodeId) => navigate(topologyPath('service', sid, nodeId)),
      openInfrastructure: (nodeId) => navigate(topologyPath('infrastructure', null, nodeId)),
      navigate,
      notify: (title, message) => notify('info', title, message),
    },
  });
  const canRun = (c: string) => commands?.has(c) ?? false;
  const menuActions: NodeAction[] = menu ? actionsFor(actionCtx(menu.ids).nodes, view, canRun) : [];

  const exportSvg = () => {
    const v = viewRef.current;
    if (!v) return;
    const title = view === 'infrastructure' ? 'Podium — infrastructure' : `Podium — service ${graph?.service?.name ?? serviceId}`;
    download(`podium-${view}${serviceId ? '-' + serviceId : ''}.svg`, new Blob([v.toSvg(title)], { type: 'image/svg+xml' }));
  };
  const exportPng = () => {
    viewRef.current?.toPng().then(
      (b) => download(`podium-${view}${serviceId ? '-' + serviceId : ''}.png`, b),
      (e: unknown) => reportError(e, 'Export PNG'),
    );
  };
  const collapseAll = (kind: 'pod' | 'server' | null) => {
    if (!graph) return;
    setCollapsed(kind ? new Set([...graph.nodes.values()].filter((n) => n.kind === kind).map((n) => n.id)) : new Set());
  };
  const resetView = () => {
    forgetView(key);
    setCollapsed(new Set());
    setFilters({ states: [], tenant: '' });
    requestAnimationFrame(() => viewRef.current?.fit(true));
  };

  const tenants = useMemo(() => {
    const m = new Map<string, string>();
    if (graph) for (const n of graph.nodes.values()) if (n.tenantId) m.set(n.tenantId, n.tenantName ?? n.tenantId);
    return [...m].sort((a, b) => a[1].localeCompare(b[1]));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- tenants change with structure
  }, [graph, data.structure]);

  const counts = useMemo(() => {
    const c: Partial<Record<NodeState, number>> = {};
    if (graph) for (const n of graph.nodes.values()) if (n.kind === 'vnf' || n.kind === 'platform' || view === 'service') c[n.state] = (c[n.state] ?? 0) + 1;
    return c;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- counts change with every delta
  }, [graph, data.rev, view]);

  const hovered = node(hover);
  const empty = !data.loading && graph && graph.nodes.size === 0;
  const header = graph?.service;
  const details = detailsFor && node(detailsFor.id) ? detailsFor : null;

  return (
    <div className="topo-main">
      <div className="topo-toolbar">
        {props.picker}
        <div className="topo-search">
          <Search size={15} />
          <input
            ref={searchRef}
            aria-label="Find a node"
            placeholder="Find a node  ( / )"
            title="Find a node by name, address or tenant; / focuses this box"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActiveHit((a) => Math.min(a + 1, hits.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActiveHit((a) => Math.max(a - 1, 0));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                choose(hits[activeHit]);
              } else if (e.key === 'Escape') {
                setQuery('');
                viewRef.current?.canvas.focus();
              }
            }}
          />
          {hits.length > 0 && (
            <ul className="topo-hits" role="listbox" aria-label="Matching nodes">
              {hits.map((h, i) => {
                const n = node(h.id)!;
                return (
                  <li
                    key={h.id}
                    role="option"
                    aria-selected={i === activeHit}
                    className={i === activeHit ? 'active' : ''}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => choose(h)}
                  >
                    <span className={`state-dot s-${n.state}`} />
                    <span className="hit-label">{n.label}</span>
                    <span className="hit-kind">{n.type ?? n.role ?? n.kind}</span>
                    <small>{h.why === 'name' ? (graph?.ancestors(h.id).slice(-1)[0]?.label ?? '') : h.why}</small>
                  </li>
                );
              })}
            </ul>
          )}
          {query.trim() && hits.length === 0 && <div className="topo-hits none">Nothing matches “{query}”.</div>}
        </div>
        <div className="topo-filter" role="group" aria-label="Highlight states">
          {NODE_STATES.filter((s) => counts[s] || filters.states.includes(s)).map((s) => (
            <button
              key={s}
              className={`chip s-${s}${filters.states.includes(s) ? ' on' : ''}`}
              aria-pressed={filters.states.includes(s)}
              title={`Highlight ${s} (others are dimmed)`}
              onClick={() => setFilters((f) => ({ ...f, states: f.states.includes(s) ? f.states.filter((x) => x !== s) : [...f.states, s] }))}
            >
              <span className={`state-dot s-${s}`} />
              {s} <b>{counts[s] ?? 0}</b>
            </button>
          ))}
        </div>
        {view === 'infrastructure' && tenants.length > 0 && (
          <FilterSelect
            label="Highlight tenant"
            all="All tenants"
            value={filters.tenant}
            onChange={(tenant) => setFilters((f) => ({ ...f, tenant }))}
            choices={tenants.map(([value, label]) => ({ value, label }))}
          />
        )}
        <div className="grow" />
        {view === 'infrastructure' && (
          <>
            <button className="btn small icon" title="Collapse servers" aria-label="Collapse servers" onClick={() => collapseAll('server')}>
              <ChevronsDownUp size={15} />
            </button>
            <button className="btn small icon" title="Expand everything" aria-label="Expand everything" onClick={() => collapseAll(null)}>
              <ChevronsUpDown size={15} />
            </button>
          </>
        )}
        <button className="btn small icon" title="Zoom in (+)" aria-label="Zoom in" onClick={() => viewRef.current?.zoomBy(1.4)}>
          <Plus size={15} />
        </button>
        <button className="btn small icon" title="Zoom out (−)" aria-label="Zoom out" onClick={() => viewRef.current?.zoomBy(1 / 1.4)}>
          <Minus size={15} />
        </button>
        <button className="btn small icon" title="Fit everything (0)" aria-label="Fit" onClick={() => viewRef.current?.fit(true)}>
          <Maximize size={15} />
        </button>
        <button className="btn small icon" title="Reset the view: zoom, filters, collapsed groups" aria-label="Reset view" onClick={resetView}>
          <RotateCcw size={15} />
        </button>
        <button className="btn small" onClick={exportSvg} title="Export what is on screen as SVG">
          <Download size={14} /> SVG
        </button>
        <button className="btn small" onClick={exportPng} title="Export what is on screen as PNG">
          <Download size={14} /> PNG
        </button>
        <button
          className={`btn small icon${legend ? ' primary' : ''}`}
          aria-pressed={legend}
          aria-label="Legend"
          title="Legend: what colours, marks and lines mean"
          onClick={() => setLegend((l) => !l)}
        >
          <Info size={15} />
        </button>
      </div>
      {header && (
        <div className="topo-service-head">
          <span className={`state-dot s-${header.state}`} />
          <b>{header.name}</b>
          <span className="muted">{header.tenantName}</span>
          {header.packageName && <span className="muted">· {header.packageName}</span>}
          <span className="grow" />
          {header.redundant ? (
            <span data-testid="active-path">
              Traffic on the <b className="accent">{header.activePath === 'redundant' ? 'redundant' : header.activePath === 'primary' ? 'primary' : 'no'}</b>{' '}
              path
            </span>
          ) : (
            <span className="muted">single path (no automated recovery)</span>
          )}
        </div>
      )}
      <div className="topo-body">
        <div className="topo-stage" ref={hostRef} onKeyDown={onKeyDown} aria-label={view === 'infrastructure' ? 'Infrastructure topology' : 'Service chain'}>
          {data.loading && (
            <div className="topo-overlay">
              <span className="spinner" /> Loading…
            </div>
          )}
          {data.error && (
            <div className="topo-overlay error">
              {data.error.code === 'NOT_FOUND' ? 'This service no longer exists, or is not yours to see.' : data.error.message}
            </div>
          )}
          {empty && (
            <div className="topo-overlay">
              <div>
                <h2>Nothing to show yet</h2>
                <p className="muted">
                  {data.source
                    ? `${data.source} reports no data centres yet.`
                    : 'No inventory source is attached to this core yet: data centres, PoDs, servers and VNFs appear here once orchestration is part of this build.'}
                </p>
              </div>
            </div>
          )}
          {hovered && (
            <div className="topo-hover" role="status">
              <span className={`state-dot s-${hovered.state}`} /> <b>{hovered.label}</b> <span className="muted">{hovered.sub}</span> · {hovered.state}
              {hovered.addresses[0] && <span className="mono"> · {hovered.addresses[0]}</span>}
            </div>
          )}
          {legend && <Legend view={view} onClose={() => setLegend(false)} />}
          <div className="topo-foot" data-testid="topology-status">
            {graph ? `${graph.nodes.size.toLocaleString()} nodes · ${selection.size ? `${selection.size} selected · ` : ''}live (v${data.rev})` : ''}
            {data.source && <span className="faint"> · {data.source}</span>}
          </div>
        </div>
        {selection.size > 1 && graph ? (
          <SelectionSummary
            graph={graph}
            ids={[...selection]}
            onGo={(id) => {
              open(id);
              centre(id);
            }}
            onClear={() => setSelection(new Set())}
          />
        ) : details && graph ? (
          <DetailsPanel
            key={details.id}
            view={view}
            serviceId={serviceId}
            node={graph.nodes.get(details.id)!}
            rev={data.rev}
            tab={details.tab}
            onTab={(tab) => setDetailsFor({ id: details.id, tab })}
            mayConfigure={allowed(session, 'topology.configuration')}
            onClose={() => setDetailsFor(null)}
            onGo={(id) => {
              open(id);
              centre(id);
            }}
          />
        ) : null}
      </div>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          title={menu.ids.length > 1 ? `${menu.ids.length} nodes` : (node(menu.ids[0])?.label ?? '')}
          actions={menuActions}
          onClose={() => {
            setMenu(null);
            viewRef.current?.canvas.focus();
          }}
          onRun={async (a) => {
            const ctx = actionCtx(menu.ids);
            setMenu(null);
            if (a.confirm && !window.confirm(a.confirm(ctx.nodes))) return;
            try {
              await a.run(ctx);
            } catch (e) {
              reportError(e, a.label);
            }
          }}
        />
      )}
    </div>
  );
}
