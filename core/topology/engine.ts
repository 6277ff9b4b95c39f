// The topology engine: holds each view's graph (the infrastructure, and the services that
// someone has opened), turns a source's change events into node and edge changes, and
// publishes them as versioned deltas — batched, at most one per view every `intervalMs`
// (≈ 6–7 per second by default), the first change after a quiet spell without waiting.
import type { Change, ServiceListItem, TopoDelta, TopoEdge, TopoNode, TopoSnapshot, ViewName } from './contract.js';
import { diffGraphs } from './model.js';
import { buildInfrastructure, buildService, dcNode, enforcerNode, nodeId, podNode, serverNode, vnfNode, type BuiltGraph } from './build.js';
import type { NodeDetails, ServiceRecord, SourceEvent, TopologySource, VnfRecord } from './source.js';

export interface EngineOptions {
  source: TopologySource | null;
  publish: (delta: TopoDelta) => void;
  intervalMs?: number;
  /** Above this many changes in one batch, clients are told to refetch instead. */
  maxChanges?: number;
  /** Services kept in memory for live deltas (least recently opened are dropped first). */
  maxServices?: number;
  now?: () => number;
  onError?: (what: string, error: unknown) => void;
}

const KIND_DEPTH: Record<TopoNode['kind'], number> = { dc: 0, pod: 1, server: 2, vnf: 3, platform: 3, enforcer: 2, site: 0, cpe: 1, tunnel: 2, internet: 0 };

interface View {
  view: ViewName;
  serviceId: string | null;
  tenantId: string | null;
  current: BuiltGraph;
  published: BuiltGraph;
  version: number;
  dirty: Set<string>;
  edgesDirty: boolean;
}

function copy(g: BuiltGraph): BuiltGraph {
  return { nodes: new Map(g.nodes), edges: new Map(g.edges), service: g.service };
}

function newView(view: ViewName, serviceId: string | null, tenantId: string | null, built: BuiltGraph): View {
  return { view, serviceId, tenantId, current: built, published: copy(built), version: 0, dirty: new Set(), edgesDirty: false };
}

export class TopologyEngine {
  private infra: View | null = null;
  private infraLoading: Promise<View> | null = null;
  private heldEvents: SourceEvent[] | null = null;
  private readonly services = new Map<string, { view: View; record: ServiceRecord }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** A flush at the next turn of the event loop (a change after a quiet spell: no timer's 1 ms floor). */
  private soon: ReturnType<typeof setImmediate> | null = null;
  private lastFlush = -Infinity;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly interval: number;
  private readonly maxChanges: number;
  private readonly maxServices: number;
  private readonly now: () => number;
  /** How many deltas and changes were published (for tests and the status of the view). */
  readonly stats = { deltas: 0, changes: 0, resyncs: 0, events: 0 };

  constructor(private readonly opts: EngineOptions) {
    this.interval = opts.intervalMs ?? 150;
    this.maxChanges = opts.maxChanges ?? 5000;
    this.maxServices = opts.maxServices ?? 200;
    this.now = opts.now ?? (() => performance.now());
    this.unsubscribe = opts.source
      ? opts.source.subscribe((e) => this.onEvent(e), {
          infrastructure: () => this.infra !== null || this.infraLoading !== null,
          service: (id) => this.services.has(id),
        })
      : () => {};
  }

  get sourceName(): string | null {
    return this.opts.source?.name ?? null;
  }

  stop(): void {
    this.flush();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.soon) clearImmediate(this.soon);
    this.soon = null;
    this.unsubscribe();
  }

  // ------------------------------------------------------------------ snapshots

  async infrastructure(): Promise<TopoSnapshot> {
    if (!this.opts.source) return this.emptySnapshot('infrastructure', null);
    const v = await this.loadInfra();
    this.flush();
    return this.snapshotOf(v);
  }

  async serviceList(tenantId: string | null): Promise<ServiceListItem[]> {
    if (!this.opts.source) return [];
    const list = await this.opts.source.services({ tenantId });
    return list
      .filter((s) => tenantId === null || s.tenantId === tenantId)
      .map((s) => ({
        id: s.id,
        name: s.name,
        tenantId: s.tenantId,
        tenantName: s.tenantName,
        state: s.state,
        redundant: s.redundant,
        activePath: s.activePath,
        packageName: s.packageName ?? null,
        vnfs: s.vnfs,
        sites: s.sites,
      }));
  }

  /** One service's chain, or null when there is no such service. */
  async service(serviceId: string): Promise<TopoSnapshot | null> {
    if (!this.opts.source) return null;
    let entry = this.services.get(serviceId);
    if (!entry) {
      const record = await this.opts.source.service(serviceId);
      if (!record) return null;
      entry = this.services.get(serviceId); // an event may have brought it meanwhile
      if (!entry) {
        entry = { record, view: newView('service', serviceId, record.tenantId, buildService(record)) };
        this.services.set(serviceId, entry);
        this.evictServices();
      }
    } else {
      // Most recently opened last.
      this.services.delete(serviceId);
      this.services.set(serviceId, entry);
    }
    this.flush();
    return this.snapshotOf(entry.view);
  }

  /** The node as held now in a view (null if the view is not loaded or the node is not in it). */
  async node(view: ViewName, serviceId: string | null, id: string): Promise<{ node: TopoNode; ancestors: TopoNode[]; tenantId: string | null } | null> {
    let v: View | null = null;
    if (view === 'infrastructure') v = this.opts.source ? await this.loadInfra() : null;
    else if (serviceId) {
      if (!this.services.has(serviceId)) await this.service(serviceId);
      v = this.services.get(serviceId)?.view ?? null;
    }
    const node = v?.current.nodes.get(id);
    if (!v || !node) return null;
    const ancestors: TopoNode[] = [];
    let p = node.parent ? v.current.nodes.get(node.parent) : undefined;
    while (p) {
      ancestors.unshift(p);
      p = p.parent ? v.current.nodes.get(p.parent) : undefined;
    }
    return { node, ancestors, tenantId: v.tenantId };
  }

  async details(view: ViewName, serviceId: string | null, node: TopoNode): Promise<NodeDetails | null> {
    const src = this.opts.source;
    if (!src?.details) return null;
    return (await src.details({ view, serviceId, nodeId: node.ref, kind: node.kind })) ?? null;
  }

  private emptySnapshot(view: ViewName, serviceId: string | null): TopoSnapshot {
    return { view, serviceId, version: 0, source: this.sourceName, at: new Date().toISOString(), service: null, nodes: [], edges: [] };
  }

  private snapshotOf(v: View): TopoSnapshot {
    // Parents before children, so a reader can build groups in one pass.
    const nodes = [...v.current.nodes.values()].sort((a, b) => KIND_DEPTH[a.kind] - KIND_DEPTH[b.kind]);
    return {
      view: v.view,
      serviceId: v.serviceId,
      version: v.version,
      source: this.sourceName,
      at: new Date().toISOString(),
      service: v.current.service,
      nodes,
      edges: [...v.current.edges.values()],
    };
  }

  private loadInfra(): Promise<View> {
    if (this.infra) return Promise.resolve(this.infra);
    if (!this.infraLoading) {
      this.heldEvents = [];
      this.infraLoading = Promise.resolve(this.opts.source!.infrastructure()).then(
        (records) => {
          this.infra = newView('infrastructure', null, null, buildInfrastructure(records));
          const held = this.heldEvents ?? [];
          this.heldEvents = null;
          this.infraLoading = null;
          for (const e of held) this.applyInfra(e);
          return this.infra;
        },
        (e: unknown) => {
          this.heldEvents = null;
          this.infraLoading = null;
          throw e;
        },
      );
    }
    return this.infraLoading;
  }

  // ------------------------------------------------------------------ events

  private onEvent(e: SourceEvent): void {
    if (this.stopped) return;
    this.stats.events++;
    try {
      if (e.kind === 'resync') return this.resyncAll();
      if (this.heldEvents) this.heldEvents.push(e);
      else if (this.infra) this.applyInfra(e);
      this.applyServices(e);
    } catch (err) {
      this.opts.onError?.('topology event', err);
    }
    this.schedule();
  }

  private views(): View[] {
    return [...(this.infra ? [this.infra] : []), ...[...this.services.values()].map((s) => s.view)];
  }

  private resyncAll(): void {
    const views = this.views();
    this.infra = null;
    this.services.clear();
    for (const v of views) this.publishResync(v);
  }

  private publishResync(v: View): void {
    this.stats.resyncs++;
    this.opts.publish({ view: v.view, serviceId: v.serviceId, tenantId: v.tenantId, version: v.version + 1, resync: true, changes: [] });
  }

  private setNode(v: View, n: TopoNode): void {
    v.current.nodes.set(n.id, n);
    v.dirty.add(n.id);
  }

  private removeNode(v: View, id: string): void {
    if (!v.current.nodes.has(id)) return;
    const doomed = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of v.current.nodes.values()) {
        if (n.parent && doomed.has(n.parent) && !doomed.has(n.id)) {
          doomed.add(n.id);
          grew = true;
        }
      }
    }
    for (const d of doomed) {
      v.current.nodes.delete(d);
      v.dirty.add(d);
    }
    for (const [eid, e] of v.current.edges) {
      if (doomed.has(e.from) || doomed.has(e.to)) {
        v.current.edges.delete(eid);
        v.edgesDirty = true;
      }
    }
  }

  private applyInfra(e: SourceEvent): void {
    const v = this.infra!;
    switch (e.kind) {
      case 'dataCentre': {
        const prev = v.current.nodes.get(nodeId.dc(e.record.id));
        const order = prev ? prev.order : [...v.current.nodes.values()].filter((n) => n.kind === 'dc').length;
        return this.setNode(v, dcNode(e.record, order));
      }
      case 'pod':
        return this.setNode(v, podNode(e.record));
      case 'server':
        return this.setNode(v, serverNode(e.record));
      case 'vnf':
        return this.setNode(v, vnfNode(e.record));
      case 'enforcer':
        return this.setNode(v, enforcerNode(e.record));
      case 'removed': {
        const ids: Record<string, (id: string) => string> = {
          dataCentre: nodeId.dc,
          pod: nodeId.pod,
          server: nodeId.server,
          vnf: nodeId.vnf,
          enforcer: nodeId.enforcer,
        };
        const f = ids[e.what];
        if (f) this.removeNode(v, f(e.id));
        return;
      }
      default:
        return;
    }
  }

  private applyServices(e: SourceEvent): void {
    if (e.kind === 'service') {
      const entry = this.services.get(e.record.id);
      if (entry) this.rebuildService(entry, e.record);
    } else if (e.kind === 'removed' && e.what === 'service') {
      const entry = this.services.get(e.id);
      if (entry) {
        this.services.delete(e.id);
        this.publishResync(entry.view);
      }
    } else if (e.kind === 'vnf' && e.record.serviceId) {
      const entry = this.services.get(e.record.serviceId);
      if (entry) this.rebuildService(entry, withVnf(entry.record, e.record));
    } else if (e.kind === 'removed' && e.what === 'vnf') {
      for (const entry of this.services.values()) {
        if (entry.record.chains.some((c) => c.vnfs.some((x) => x.id === e.id))) {
          this.rebuildService(entry, { ...entry.record, chains: entry.record.chains.map((c) => ({ ...c, vnfs: c.vnfs.filter((x) => x.id !== e.id) })) });
        }
      }
    }
  }

  private rebuildService(entry: { view: View; record: ServiceRecord }, record: ServiceRecord): void {
    entry.record = record;
    const built = buildService(record);
    const v = entry.view;
    for (const id of new Set([...v.current.nodes.keys(), ...built.nodes.keys()])) {
      if (v.current.nodes.get(id) !== built.nodes.get(id)) v.dirty.add(id);
    }
    v.current = built;
    v.tenantId = record.tenantId;
    v.edgesDirty = true;
  }

  private evictServices(): void {
    while (this.services.size > this.maxServices) {
      const [id, entry] = this.services.entries().next().value as [string, { view: View }];
      this.services.delete(id);
      this.publishResync(entry.view); // anyone still watching refetches, which keeps it again
    }
  }

  // ------------------------------------------------------------------ batching

  private schedule(): void {
    if (this.timer || this.soon || this.stopped) return;
    const wait = Math.max(0, this.lastFlush + this.interval - this.now());
    if (wait === 0) {
      // Still coalesces what changes in this turn (a source's burst), without waiting for a timer.
      this.soon = setImmediate(() => {
        this.soon = null;
        this.flush();
      });
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
    this.timer.unref?.();
  }

  /** Publish what changed since the last delta of each view. */
  flush(): void {
    if (this.soon) {
      clearImmediate(this.soon);
      this.soon = null;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    let published = false;
    for (const v of this.views()) published = this.flushView(v) || published;
    // Only what was sent counts against the rate: a snapshot that found nothing to send does not delay the next change.
    if (published) this.lastFlush = this.now();
  }

  private flushView(v: View): boolean {
    if (v.dirty.size === 0 && !v.edgesDirty && v.published.service === v.current.service) return false;
    const order = [...v.dirty].sort((a, b) => depthOf(v, a) - depthOf(v, b));
    const nodeChanges = diffGraphs(
      { nodes: v.published.nodes, edges: v.published.edges, service: v.published.service },
      { nodes: v.current.nodes, edges: v.current.edges, service: v.current.service },
      order,
    );
    const edgeChanges: Change[] = v.edgesDirty ? edgeDiff(v.published.edges, v.current.edges) : [];
    for (const id of v.dirty) {
      const n = v.current.nodes.get(id);
      if (n) v.published.nodes.set(id, n);
      else v.published.nodes.delete(id);
    }
    if (v.edgesDirty) v.published.edges = new Map(v.current.edges);
    v.published.service = v.current.service;
    v.dirty.clear();
    v.edgesDirty = false;
    const changes = [...nodeChanges, ...edgeChanges];
    if (changes.length === 0) return false;
    v.version++;
    if (changes.length > this.maxChanges) {
      this.stats.resyncs++;
      this.opts.publish({ view: v.view, serviceId: v.serviceId, tenantId: v.tenantId, version: v.version, resync: true, changes: [] });
      return true;
    }
    this.stats.deltas++;
    this.stats.changes += changes.length;
    this.opts.publish({ view: v.view, serviceId: v.serviceId, tenantId: v.tenantId, version: v.version, resync: false, changes });
    return true;
  }
}

function depthOf(v: View, id: string): number {
  const n = v.current.nodes.get(id) ?? v.published.nodes.get(id);
  return n ? KIND_DEPTH[n.kind] : 0;
}

function edgeDiff(prev: ReadonlyMap<string, TopoEdge>, next: ReadonlyMap<string, TopoEdge>): Change[] {
  return diffGraphs({ nodes: new Map(), edges: prev }, { nodes: new Map(), edges: next }).filter((c) => c.op === 'edge' || c.op === 'unedge');
}

function withVnf(s: ServiceRecord, v: VnfRecord): ServiceRecord {
  return {
    ...s,
    chains: s.chains.map((c) => ({ ...c, vnfs: c.vnfs.map((x) => (x.id === v.id ? { ...v, path: x.path ?? c.path, position: x.position } : x)) })),
  };
}
