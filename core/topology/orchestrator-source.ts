// The topology's inventory in the product: the orchestrator, read through its service
// interface (never its tables). Whole records for snapshots; the orchestrator's change
// feed (`OrchestratorService.watch`) for live changes — each change names a VNF, a
// service, a PoD, a server, a data centre or a redundancy pair, and is read again here,
// coalesced per turn of the event loop, and handed to the engine as whole records (the
// engine publishes only what differs). A reset (the lab's) makes every view resync.
// README.md in this folder maps each field.
import { ApiError } from '../api/errors.js';
import type { Actor } from '../api/define.js';
import type { OrchestratorService } from '../orchestrator/service.js';
import type { OrchestratorChange } from '../orchestrator/events.js';
import type { OpSummary, PairView, PlatformNode, PodView, ServerView, ServiceSummary, ServiceView, VnfView } from '../orchestrator/contract.js';
import type { Badge, NodeState, OperationEntry, PathRole, Utilization, VnfType } from './contract.js';
import type {
  ChainRecord,
  DataCentreRecord,
  EnforcerRecord,
  InfrastructureRecords,
  NodeDetails,
  NodeLookup,
  PodRecord,
  ServerRecord,
  ServiceRecord,
  ServiceSummaryRecord,
  SiteRecord,
  SourceEvent,
  SourceInterest,
  TopologySource,
  VnfRecord,
} from './source.js';

/** What the topology reads from the orchestrator: its service interface, nothing else. */
export type OrchestratorReads = Pick<
  OrchestratorService,
  | 'watch'
  | 'podsList'
  | 'podGet'
  | 'podsCapacity'
  | 'vnf'
  | 'vnfsList'
  | 'listServices'
  | 'getService'
  | 'redundancyStatus'
  | 'configs'
  | 'vnfConfigs'
  | 'listOps'
>;

/**
 * The IPsec enforcers of the PoDs, as their IPsec EMS knows them (the orchestrator does not
 * manage enforcers: they register with the EMS). In the product with the lab, the lab's EMS
 * (`LabEnforcers.inventory`). Its changes join the orchestrator's in the same coalesced reads.
 */
export interface EnforcerFacts {
  id: string;
  podId: string;
  name: string;
  state: 'ACTIVE' | 'ERROR';
  address: string;
  fault: string | null;
  /** Shown in the node's details (Node ID, EMS, registration, SAs). */
  properties: { label: string; value: string }[];
  /** Its IPsec configuration as fetched from the EMS (swanctl.conf). */
  configuration?: { format: string; text: string } | null;
}
export interface EnforcerReads {
  list(): EnforcerFacts[];
  get(id: string): EnforcerFacts | null;
  watch(listener: (id: string) => void): () => void;
}

export function enforcerRecord(e: EnforcerFacts): EnforcerRecord {
  return { id: e.id, podId: e.podId, name: e.name, state: e.state === 'ACTIVE' ? 'ACTIVE' : 'ERROR', addresses: [e.address], badges: e.fault ? ['fault'] : [] };
}

/** The topology reads as the local system; who may see what is decided by its own handlers. */
const READER: Actor = { kind: 'system', userId: null, username: 'topology', role: 'admin', tenantId: null };
const ALL = { includeDeleted: false, limit: 1_000_000, offset: 0 };

const VNF_TYPES: Record<string, VnfType> = { router: 'vrouter', firewall: 'vfirewall', 'web-security': 'vwebsecurity', ips: 'vips' };
const pathOf = (p: 'primary' | 'secondary'): PathRole => (p === 'primary' ? 'primary' : 'redundant');
const gib = (mb: number) => Math.round((mb / 1024) * 10) / 10;

type Usage3 = { total: number; reserved: number; used: number; free: number };

/** Used of what VNFs may have (the host keeps its reserve). */
function utilization(vcpu: Usage3, ramMb: Usage3, diskGb: Usage3): Utilization[] {
  return [
    { metric: 'vCPU', used: vcpu.used, total: vcpu.total - vcpu.reserved, unit: '' },
    { metric: 'RAM', used: gib(ramMb.used), total: gib(ramMb.total - ramMb.reserved), unit: 'GiB' },
    { metric: 'Disk', used: diskGb.used, total: diskGb.total - diskGb.reserved, unit: 'GB' },
  ];
}

export function vnfState(s: VnfView['state']): NodeState {
  switch (s) {
    case 'PLANNED':
    case 'BUILD':
      return 'BUILD';
    case 'ACTIVE':
      return 'ACTIVE';
    case 'ERROR':
      return 'ERROR';
    default:
      return 'MAINTENANCE'; // DELETING (DELETED VNFs are removed)
  }
}

export function serviceState(s: Pick<ServiceSummary, 'state' | 'health'>): NodeState {
  if (s.state === 'PROVISIONING' || s.state === 'UPDATING') return 'BUILD';
  if (s.state === 'FAILED') return 'ERROR';
  if (s.state === 'DELETING') return 'MAINTENANCE';
  return s.health === 'OK' ? 'ACTIVE' : s.health === 'DEGRADED' ? 'DEGRADED' : s.health === 'DOWN' ? 'ERROR' : 'UNKNOWN';
}

/** What a VNF's marks depend on in its service. */
type ServiceFacts = Pick<ServiceSummary, 'tenantName' | 'redundant' | 'activePath' | 'operation'>;

export function vnfRecord(v: VnfView, svc: ServiceFacts | undefined): VnfRecord {
  const badges: Badge[] = [];
  if (v.detail) badges.push('fault');
  if (svc?.redundant) {
    badges.push('redundant');
    if (svc.activePath === v.path) badges.push('traffic');
  }
  if (svc?.operation?.state === 'PROCESSING') badges.push('operation');
  return {
    id: v.id,
    serverId: v.serverId,
    name: v.hostname,
    type: VNF_TYPES[v.role] ?? 'other',
    software: v.software,
    state: vnfState(v.state),
    badges,
    addresses: v.interfaces.map((i) => i.ip).filter((ip): ip is string => !!ip),
    serviceId: v.serviceId,
    tenantId: v.tenantId,
    tenantName: svc?.tenantName ?? null,
    path: pathOf(v.path),
    position: v.position,
    detail: v.detail,
  };
}

export function serverRecord(s: ServerView): ServerRecord {
  return {
    id: s.id,
    podId: s.podId,
    name: s.name,
    role: s.role === 'production' ? 'compute' : s.role,
    state: s.state === 'active' ? 'ACTIVE' : s.state === 'maintenance' ? 'MAINTENANCE' : 'ERROR',
    badges: [],
    addresses: [],
    utilization: s.role === 'production' ? utilization(s.vcpu, s.ramMb, s.diskGb) : [],
    detail: s.state === 'failed' ? 'the server has failed' : null,
  };
}

export function podRecord(p: PodView): PodRecord {
  const faulty = !p.vim.available || (p.esc !== null && p.esc.master === null) || (p.dm !== null && p.dm.master === null);
  return {
    id: p.id,
    dcId: p.dcId,
    name: p.name,
    model: p.model,
    state: p.state === 'maintenance' ? 'MAINTENANCE' : 'ACTIVE',
    badges: faulty ? ['fault'] : [],
    utilization: utilization(p.vcpu, p.ramMb, p.diskGb),
  };
}

const PAIR_LABEL: Record<PlatformNode['kind'], string> = { esc: 'ESC', 'nso-dm': 'NSO device manager', 'nso-sm': 'NSO service manager' };
/** Short names on the canvas (the PoD is the group around them): "ESC 1", "NSO-DM 2", "NSO-SM 1". */
const PAIR_SHORT: Record<PlatformNode['kind'], string> = { esc: 'ESC', 'nso-dm': 'NSO-DM', 'nso-sm': 'NSO-SM' };

function platformRecord(n: PlatformNode, serverId: string): VnfRecord {
  const alive = n.alive;
  const state: NodeState = !alive ? 'ERROR' : n.role === 'master' ? 'ACTIVE' : n.role === 'none' ? 'UNKNOWN' : 'STANDBY';
  const badges: Badge[] = [];
  if (n.role === 'master') badges.push('master');
  if (!alive) badges.push('silent');
  return {
    id: n.id,
    serverId,
    name: `${PAIR_SHORT[n.kind]} ${/(\d+)/.exec(n.name)?.[1] ?? ''}`.trim(),
    type: 'platform',
    software: `${PAIR_LABEL[n.kind]} · ${n.role}`,
    state,
    badges,
    addresses: [n.address],
    serviceId: null,
    tenantId: null,
    tenantName: null,
    detail: !alive
      ? 'missed its keep-alives: it does not answer'
      : n.role === 'none'
        ? 'no redundancy state: it re-syncs from the master, then is subordinate'
        : null,
  };
}

/** The VIM endpoint of a PoD, shown as the platform VM it is in a PoD (the OpenStack controllers). */
export const vimId = (podId: string) => `${podId}:vim`;

function vimRecord(p: PodView, serverId: string): VnfRecord {
  return {
    id: vimId(p.id),
    serverId,
    name: 'VIM',
    type: 'platform',
    software: `VIM · ${p.vim.driver}`,
    state: p.vim.available ? 'ACTIVE' : 'ERROR',
    badges: [],
    addresses: [p.vim.endpoint],
    serviceId: null,
    tenantId: null,
    tenantName: null,
    detail: p.vim.available ? null : `no "${p.vim.driver}" VIM driver is loaded in this core`,
  };
}

/**
 * Where platform VMs are drawn. The orchestrator records a platform node's PoD, not which
 * of its control servers runs it: the n-th node of a pair is shown on the n-th control
 * server (the two of a pair never on the same one), the VIM on the third. The NSO service
 * manager belongs to no PoD: it is shown on the control servers of the first PoD of the
 * first data centre (the seed: "a single NCS Service Manager, in DC-1").
 */
function placePair(pair: PairView | null, control: ServerView[]): VnfRecord[] {
  if (!pair || control.length === 0) return [];
  return [...pair.nodes].sort((a, b) => a.id.localeCompare(b.id)).map((n, i) => platformRecord(n, control[i % control.length]!.id));
}

const controlOf = (servers: ServerView[]) => servers.filter((s) => s.role === 'control');

function podPlatform(pod: PodView, servers: ServerView[]): VnfRecord[] {
  const control = controlOf(servers);
  if (control.length === 0) return [];
  return [...placePair(pod.esc, control), ...placePair(pod.dm, control), vimRecord(pod, control[Math.min(2, control.length - 1)]!.id)];
}

function siteAddress(a: ServiceView['siteList'][number]['address']): string {
  return [a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean).join(', ');
}

/** What a service's record and its entry in the list of services share. */
function serviceHead(s: ServiceSummary): Omit<ServiceSummaryRecord, 'vnfs' | 'sites'> {
  return {
    id: s.id,
    name: s.name,
    tenantId: s.tenantId,
    tenantName: s.tenantName,
    packageName: s.packageName,
    state: serviceState(s),
    redundant: s.redundant,
    activePath: s.activePath ? pathOf(s.activePath) : null,
  };
}

export function serviceRecord(sv: ServiceView): ServiceRecord {
  // During an update that moves a chain, both servers hold a chain of the same path for a
  // while: the view shows the newest (the old one is still in the infrastructure view).
  const byPath = new Map<PathRole, ServiceView['chains'][number]>();
  for (const c of sv.chains) byPath.set(pathOf(c.path), c);
  const chains: ChainRecord[] = [...byPath].map(([path, c]) => ({
    path,
    podName: c.podName,
    dcName: c.dcName,
    serverName: c.serverName,
    up: c.up,
    vnfs: c.vnfs.map((v) => vnfRecord(v, sv)),
  }));
  const sites: SiteRecord[] = sv.siteList.map((s) => {
    const key = `${sv.id}/site-${s.index + 1}`;
    return {
      id: key,
      name: s.name,
      address: siteAddress(s.address),
      lan: s.lan,
      // The orchestrator does not monitor CPEs: their state is not known.
      cpe: { id: `${sv.id}/cpe-${s.index + 1}`, name: s.identity, model: s.cpeModelName, state: 'UNKNOWN', addresses: [] },
      tunnels: s.tunnels.map((t) => ({ id: `${key}/${pathOf(t.path)}`, path: pathOf(t.path), peer: t.peerIp, up: t.up, active: t.active, metric: t.metric })),
    };
  });
  return { ...serviceHead(sv), sites, chains };
}

function opEntry(o: OpSummary): OperationEntry {
  const parts = [`${o.progress.done}/${o.progress.total} steps`];
  if (o.phase === 'rollback') parts.push('rolling back');
  if (o.currentStep) parts.push(o.currentStep);
  if (o.error) parts.push(o.error.message);
  return { id: o.id, type: o.type, state: o.state, at: o.createdAt, by: o.createdBy, summary: parts.join(' — ') };
}

const notFound = (e: unknown) => e instanceof ApiError && e.code === 'NOT_FOUND';

function orNull<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (notFound(e)) return null;
    throw e;
  }
}

const mb = (n: number) => (n >= 1024 ? `${gib(n)} GiB` : `${n} MiB`);

/** What changed since the last flush: nothing yet. */
const noChanges = () => ({
  reset: false,
  vnfs: new Set<string>(),
  services: new Set<string>(),
  pods: new Set<string>(),
  dcs: new Set<string>(),
  enforcers: new Set<string>(),
  sm: false,
});

export interface OrchestratorSourceOptions {
  /** Told when reading a change failed (the change is dropped; the next one reads afresh). */
  onError?: (what: string, error: unknown) => void;
  /** The PoDs' IPsec enforcers (none when not given). */
  enforcers?: EnforcerReads | null;
}

export class OrchestratorSource implements TopologySource {
  readonly name = 'orchestrator';
  /** Listeners, with what each holds (none given: everything). */
  private readonly listeners = new Map<(e: SourceEvent) => void, SourceInterest | undefined>();
  private stopWatching: (() => void) | null = null;
  private stopWatchingEnforcers: (() => void) | null = null;
  private pending = noChanges();
  private flushing: ReturnType<typeof setImmediate> | null = null;
  /** Server → PoD, learnt from what was read (for details of a server). */
  private readonly podOfServer = new Map<string, string>();
  /**
   * VNF → PoD of the VNFs known to hold resources. A VNF holds them from its plan to its
   * deletion whatever its state: only a new or a removed one changes its PoD's utilization.
   */
  private readonly placed = new Map<string, string>();

  constructor(
    private readonly o: OrchestratorReads,
    private readonly opts: OrchestratorSourceOptions = {},
  ) {}

  // ------------------------------------------------------------------ snapshots

  infrastructure(): InfrastructureRecords {
    const { dataCentres, pods } = this.o.podsList();
    const servers: ServerRecord[] = [];
    const vnfs: VnfRecord[] = [];
    for (const p of pods) {
      const g = this.o.podGet(p.id);
      for (const s of g.servers) {
        servers.push(serverRecord(s));
        this.podOfServer.set(s.id, p.id);
      }
      vnfs.push(...podPlatform(g.pod, g.servers));
    }
    vnfs.push(...this.serviceManager());
    const services = new Map(this.o.listServices(READER, ALL).services.map((s) => [s.id, s]));
    this.placed.clear();
    for (const v of this.o.vnfsList()) {
      vnfs.push(vnfRecord(v, services.get(v.serviceId)));
      this.placed.set(v.id, v.podId);
    }
    return {
      dataCentres: dataCentres.map((d): DataCentreRecord => ({ id: d.id, name: d.name, location: d.location })),
      pods: pods.map(podRecord),
      servers,
      vnfs,
      enforcers: (this.opts.enforcers?.list() ?? []).map(enforcerRecord),
    };
  }

  services(filter: { tenantId: string | null }): ServiceSummaryRecord[] {
    const q = filter.tenantId ? { ...ALL, tenantId: filter.tenantId } : ALL;
    const counts = new Map<string, number>();
    for (const v of this.o.vnfsList(filter.tenantId ? { tenantId: filter.tenantId } : {})) counts.set(v.serviceId, (counts.get(v.serviceId) ?? 0) + 1);
    return this.o
      .listServices(READER, q)
      .services.map((s) => ({ ...serviceHead(s), vnfs: counts.get(s.id) ?? 0, sites: s.sites }))
      .sort((a, b) => a.tenantName.localeCompare(b.tenantName) || a.name.localeCompare(b.name));
  }

  service(serviceId: string): ServiceRecord | null {
    const sv = this.serviceView(serviceId);
    return sv ? serviceRecord(sv) : null;
  }

  private serviceView(id: string): ServiceView | null {
    const sv = orNull(() => this.o.getService(READER, id));
    return sv && sv.state !== 'DELETED' ? sv : null;
  }

  /** The NSO service manager pair, on the first PoD of the first data centre. */
  private serviceManager(): VnfRecord[] {
    const sm = this.o.redundancyStatus().pairs.find((p) => p.kind === 'nso-sm') ?? null;
    const { dataCentres, pods } = this.o.podsList();
    const host = dataCentres.map((d) => pods.find((p) => p.dcId === d.id)).find((p) => !!p);
    if (!sm || !host) return [];
    return placePair(sm, controlOf(this.o.podGet(host.id).servers));
  }

  // ------------------------------------------------------------------ live changes

  subscribe(listener: (e: SourceEvent) => void, interest?: SourceInterest): () => void {
    this.listeners.set(listener, interest);
    this.stopWatching ??= this.o.watch((c) => this.onChange(c));
    if (this.opts.enforcers) this.stopWatchingEnforcers ??= this.opts.enforcers.watch((id) => this.onEnforcer(id));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stopWatching?.();
        this.stopWatching = null;
        this.stopWatchingEnforcers?.();
        this.stopWatchingEnforcers = null;
        if (this.flushing) clearImmediate(this.flushing);
        this.flushing = null;
      }
    };
  }

  private onChange(c: OrchestratorChange): void {
    const p = this.pending;
    switch (c.kind) {
      case 'reset':
        p.reset = true;
        break;
      case 'vnf':
        p.vnfs.add(c.id);
        break;
      case 'service':
        p.services.add(c.id);
        break;
      case 'pod':
        p.pods.add(c.id);
        p.sm = true; // the service manager is drawn in the first PoD
        break;
      case 'server':
        p.pods.add(c.podId);
        break;
      case 'dataCentre':
        p.dcs.add(c.id);
        p.sm = true;
        break;
      case 'pair': {
        const m = /^(?:esc|nso-dm):(.+)$/.exec(c.pair);
        if (m) p.pods.add(m[1]!);
        else p.sm = true;
        break;
      }
    }
    this.schedule();
  }

  private onEnforcer(id: string): void {
    this.pending.enforcers.add(id);
    this.schedule();
  }

  /** Coalesced: everything that changed in this turn of the event loop is read once. */
  private schedule(): void {
    this.flushing ??= setImmediate(() => {
      this.flushing = null;
      this.flush();
    });
  }

  private emit(e: SourceEvent): void {
    for (const l of [...this.listeners.keys()]) l(e);
  }

  /** Does anyone hold the infrastructure view (or this service's)? What nobody holds is not read. */
  private wants(serviceId?: string): boolean {
    for (const i of this.listeners.values()) {
      if (!i || i.infrastructure() || (serviceId !== undefined && i.service(serviceId))) return true;
    }
    return false;
  }

  /** Read what changed and hand it over as whole records (public for tests: flush now). */
  flush(): void {
    const p = this.pending;
    this.pending = noChanges();
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    if (p.reset) return this.emit({ kind: 'resync' });
    const out: SourceEvent[] = [];
    const infra = this.wants();
    if (!infra) {
      // Nobody holds the infrastructure view: only the services someone opened matter.
      p.dcs.clear();
      p.pods.clear();
      p.enforcers.clear();
      p.sm = false;
    }
    try {
      const dataCentres = p.dcs.size ? this.o.podsList().dataCentres : [];
      for (const id of p.dcs) {
        const dc = dataCentres.find((d) => d.id === id);
        out.push(dc ? { kind: 'dataCentre', record: { id: dc.id, name: dc.name, location: dc.location } } : { kind: 'removed', what: 'dataCentre', id });
      }
      // VNFs: what they are now, grouped by service (their marks depend on it).
      const vnfsOf = new Map<string, Set<string>>();
      for (const id of p.vnfs) {
        const v = this.o.vnf(id);
        if (v && !infra && !this.wants(v.serviceId)) continue;
        const was = this.placed.get(id);
        if (!v || v.state === 'DELETED') {
          if (v && infra) p.pods.add(v.podId);
          if (was && infra) p.pods.add(was);
          this.placed.delete(id);
          out.push({ kind: 'removed', what: 'vnf', id });
          continue;
        }
        if (infra && was !== v.podId) {
          if (was) p.pods.add(was);
          p.pods.add(v.podId);
          this.placed.set(id, v.podId);
        }
        let set = vnfsOf.get(v.serviceId);
        if (!set) vnfsOf.set(v.serviceId, (set = new Set()));
        set.add(v.id);
      }
      for (const sid of new Set([...p.services, ...vnfsOf.keys()])) {
        if (!infra && !this.wants(sid)) continue;
        const sv = orNull(() => this.o.getService(READER, sid));
        const live = sv && sv.state !== 'DELETED' ? sv : null;
        if (p.services.has(sid)) out.push(live ? { kind: 'service', record: serviceRecord(live) } : { kind: 'removed', what: 'service', id: sid });
        const wanted = vnfsOf.get(sid) ?? new Set<string>();
        // A service change may change every VNF's marks (operation, traffic).
        for (const c of sv?.chains ?? []) {
          for (const v of c.vnfs) {
            if (p.services.has(sid) || wanted.has(v.id)) {
              out.push({ kind: 'vnf', record: vnfRecord(v, sv!) });
              wanted.delete(v.id);
            }
          }
        }
        for (const id of wanted) {
          const v = this.o.vnf(id);
          if (v && v.state !== 'DELETED') out.push({ kind: 'vnf', record: vnfRecord(v, sv ?? undefined) });
        }
      }
      // PoDs: their utilization, servers and platform VMs.
      for (const podId of p.pods) {
        const g = orNull(() => this.o.podGet(podId));
        if (!g) {
          out.push({ kind: 'removed', what: 'pod', id: podId });
          continue;
        }
        out.push({ kind: 'pod', record: podRecord(g.pod) });
        for (const s of g.servers) {
          this.podOfServer.set(s.id, podId);
          out.push({ kind: 'server', record: serverRecord(s) });
        }
        for (const r of podPlatform(g.pod, g.servers)) out.push({ kind: 'vnf', record: r });
      }
      if (p.sm) for (const r of this.serviceManager()) out.push({ kind: 'vnf', record: r });
      for (const id of p.enforcers) {
        const e = this.opts.enforcers?.get(id) ?? null;
        out.push(e ? { kind: 'enforcer', record: enforcerRecord(e) } : { kind: 'removed', what: 'enforcer', id });
      }
    } catch (e) {
      this.opts.onError?.('reading an orchestrator change', e);
    }
    for (const e of out) this.emit(e);
  }

  // ------------------------------------------------------------------ details

  details(node: NodeLookup): NodeDetails | null {
    if (node.view === 'service') return this.serviceDetails(node);
    switch (node.kind) {
      case 'dc':
        return this.dcDetails(node.nodeId);
      case 'pod':
        return this.podDetails(node.nodeId);
      case 'server':
        return this.serverDetails(node.nodeId);
      case 'vnf':
        return this.vnfDetails(node.nodeId);
      case 'platform':
        return this.platformDetails(node.nodeId);
      case 'enforcer': {
        const e = this.opts.enforcers?.get(node.nodeId) ?? null;
        return e ? { properties: e.properties, ...(e.configuration ? { configuration: e.configuration } : {}) } : null;
      }
      default:
        return null;
    }
  }

  private dcDetails(id: string): NodeDetails | null {
    const { dataCentres, pods } = this.o.podsList();
    const dc = dataCentres.find((d) => d.id === id);
    if (!dc) return null;
    const mine = pods.filter((p) => p.dcId === id);
    const sum = (f: (p: PodView) => Usage3) =>
      mine.reduce((a, p) => ({ total: a.total + f(p).total, reserved: a.reserved + f(p).reserved, used: a.used + f(p).used, free: 0 }), {
        total: 0,
        reserved: 0,
        used: 0,
        free: 0,
      });
    return {
      properties: [
        { label: 'Location', value: dc.location || '—' },
        { label: 'PoDs', value: mine.map((p) => `${p.name} (${p.model})`).join(', ') || 'none' },
        { label: 'Services', value: String(mine.reduce((n, p) => n + p.services, 0)) },
      ],
      utilization: mine.length
        ? utilization(
            sum((p) => p.vcpu),
            sum((p) => p.ramMb),
            sum((p) => p.diskGb),
          )
        : [],
    };
  }

  private podDetails(id: string): NodeDetails | null {
    const g = orNull(() => this.o.podGet(id));
    if (!g) return null;
    const p = g.pod;
    const fits = orNull(() => this.o.podsCapacity(id))?.pods[0]?.fits ?? [];
    const master = (pair: PairView | null) => (pair ? (pair.nodes.find((n) => n.id === pair.master)?.name ?? 'none that answers') : '—');
    return {
      properties: [
        { label: 'Model', value: `${p.model} (${p.servers.production} production, ${p.servers.control} control, ${p.servers.storage} storage servers)` },
        { label: 'VIM', value: `${p.vim.endpoint}${p.vim.available ? '' : ` — no "${p.vim.driver}" driver loaded`}` },
        { label: 'Node ID', value: p.nodeId === null ? '—' : String(p.nodeId) },
        { label: 'Services', value: String(p.services) },
        { label: 'VNFs', value: String(p.vnfs) },
        { label: 'ESC master', value: master(p.esc) },
        { label: 'NSO device manager master', value: master(p.dm) },
        ...(fits.length ? [{ label: 'Room for', value: fits.map((f) => `${f.more} × ${f.name}`).join(', ') }] : []),
      ],
      utilization: utilization(p.vcpu, p.ramMb, p.diskGb),
    };
  }

  private findServer(id: string): ServerView | null {
    const podId = this.podOfServer.get(id);
    const pods = podId ? [podId] : this.o.podsList().pods.map((p) => p.id);
    for (const pid of pods) {
      const s = orNull(() => this.o.podGet(pid))?.servers.find((x) => x.id === id);
      if (s) return s;
    }
    return null;
  }

  private serverDetails(id: string): NodeDetails | null {
    const s = this.findServer(id);
    if (!s) return null;
    return {
      properties: [
        { label: 'CPU', value: `${s.cpuModel}, ${s.ghz} GHz` },
        {
          label: 'Capacity',
          value: `${s.vcpu.total} vCPU, ${mb(s.ramMb.total)}, ${s.diskGb.total} GB disk (${s.vcpu.reserved} vCPU and ${mb(s.ramMb.reserved)} kept for the host)`,
        },
        { label: 'Node ID', value: s.nodeId === null ? '—' : String(s.nodeId) },
        { label: 'VNFs', value: String(s.vnfs.length) },
      ],
      ...(s.role === 'production' ? { utilization: utilization(s.vcpu, s.ramMb, s.diskGb) } : {}),
    };
  }

  private operations(serviceId: string): OperationEntry[] {
    return this.o.listOps(READER, { serviceId, limit: 30, offset: 0 }).operations.map(opEntry);
  }

  private vnfDetails(id: string): NodeDetails | null {
    const v = this.o.vnf(id);
    if (!v || v.state === 'DELETED') return null;
    const sv = this.serviceView(v.serviceId);
    const server = this.findServer(v.serverId);
    const cfg = sv ? orNull(() => this.o.vnfConfigs(sv.id))?.find((c) => c.vnfId === id) : undefined;
    const pod = sv?.chains.find((c) => c.serverId === v.serverId);
    return {
      properties: [
        ...(sv ? [{ label: 'Service name', value: `${sv.name} (${sv.packageName})` }] : []),
        { label: 'Software', value: v.software },
        { label: 'Flavor', value: `${v.vcpu} vCPU, ${mb(v.ramMb)}, ${v.diskGb} GB disk` },
        { label: 'VM', value: v.vmName },
        ...(pod ? [{ label: 'PoD', value: `${pod.podName} (${pod.dcName})` }] : []),
        { label: 'Server', value: v.serverName },
        { label: 'Node ID', value: v.nodeId === null ? '—' : String(v.nodeId) },
        ...v.functions.map((f) => ({ label: 'Function ID', value: `${f.functionId} — ${f.name} (${f.status})` })),
        ...v.interfaces.map((i) => ({ label: `Interface ${i.name}`, value: `${i.network} · ${i.ip ?? 'no address'} · ${i.mac}` })),
      ],
      operations: this.operations(v.serviceId),
      ...(server
        ? {
            utilization: [
              { metric: `vCPU held on ${server.name}`, used: v.vcpu, total: server.vcpu.total - server.vcpu.reserved, unit: '' },
              { metric: `RAM held on ${server.name}`, used: gib(v.ramMb), total: gib(server.ramMb.total - server.ramMb.reserved), unit: 'GiB' },
              { metric: `Disk held on ${server.name}`, used: v.diskGb, total: server.diskGb.total, unit: 'GB' },
            ],
          }
        : {}),
      ...(cfg ? { configuration: { format: cfg.config.trimStart().startsWith('<') ? 'xml' : 'cli', text: cfg.config } } : {}),
    };
  }

  private platformDetails(id: string): NodeDetails | null {
    if (id.endsWith(':vim')) {
      const pod = this.o.podsList().pods.find((p) => vimId(p.id) === id);
      if (!pod) return null;
      return {
        properties: [
          { label: 'Full name', value: `VIM of ${pod.name}` },
          { label: 'Endpoint', value: pod.vim.endpoint },
          { label: 'Driver', value: `${pod.vim.driver}${pod.vim.available ? ' (loaded)' : ' (not loaded in this core)'}` },
          { label: 'Runs on', value: `the control servers of ${pod.name} (shown on the third)` },
        ],
      };
    }
    const pair = this.o.redundancyStatus().pairs.find((p) => p.nodes.some((n) => n.id === id));
    const n = pair?.nodes.find((x) => x.id === id);
    if (!pair || !n) return null;
    return {
      properties: [
        { label: 'Full name', value: n.name },
        { label: 'Pair', value: `${pair.pair}${pair.healthy ? ' (healthy)' : ' (not redundant now)'}` },
        { label: 'Role', value: n.role },
        { label: 'Keep-alives', value: n.alive ? `sending (last ${n.lastKeepaliveAt ?? '—'})` : `silent since ${n.lastKeepaliveAt ?? '—'}` },
        { label: 'Virtual IP', value: pair.vip },
        { label: 'Node ID', value: n.nodeId === null ? '—' : String(n.nodeId) },
        ...(pair.lastFailoverAt ? [{ label: 'Last failover', value: pair.lastFailoverAt }] : []),
        {
          label: 'Runs on',
          value: n.podId
            ? 'a control server of its PoD (the orchestrator does not record which: the two of a pair are shown on different ones)'
            : 'the service manager belongs to no PoD: it is shown in the first PoD of the first data centre',
        },
      ],
    };
  }

  private serviceDetails(node: NodeLookup): NodeDetails | null {
    if (!node.serviceId) return null;
    if (node.kind === 'vnf') return this.vnfDetails(node.nodeId);
    const sv = this.serviceView(node.serviceId);
    if (!sv) return null;
    const ops = () => this.operations(sv.id);
    switch (node.kind) {
      case 'server': {
        // A path's group: its server, PoD and data centre.
        const chain = [...sv.chains].reverse().find((c) => pathOf(c.path) === node.nodeId);
        if (!chain) return null;
        return {
          properties: [
            { label: 'Server', value: chain.serverName },
            { label: 'PoD', value: `${chain.podName} (${chain.dcName})` },
            { label: 'Route cost at the CPEs', value: String(chain.preference) },
            { label: 'vRouter', value: chain.up ? 'answers' : 'silent' },
            { label: 'Carries traffic', value: sv.activePath === chain.path ? 'yes' : 'no' },
          ],
          operations: ops(),
        };
      }
      case 'site':
      case 'cpe': {
        const m = /\/(?:site|cpe)-(\d+)$/.exec(node.nodeId);
        const site = m ? sv.siteList.find((s) => s.index === Number(m[1]) - 1) : undefined;
        if (!site) return null;
        const common = [
          { label: 'Site', value: site.name },
          { label: 'Address', value: siteAddress(site.address) },
          { label: 'Users', value: String(site.users) },
          { label: 'LAN', value: site.lan ?? '—' },
        ];
        if (node.kind === 'site') return { properties: common, operations: ops() };
        const cfg = orNull(() => this.o.configs(sv.id))?.cpes.find((c) => c.site === site.index + 1);
        return {
          properties: [
            { label: 'Identity', value: site.identity },
            { label: 'Model', value: site.cpeModelName },
            ...common,
            { label: 'Monitoring', value: 'the orchestrator does not monitor CPEs: it renders their zero-touch configuration (see Configuration)' },
          ],
          operations: ops(),
          ...(cfg ? { configuration: { format: 'cli', text: cfg.config } } : {}),
        };
      }
      case 'tunnel': {
        const m = /\/site-(\d+)\/(primary|redundant)$/.exec(node.nodeId);
        const site = m ? sv.siteList.find((s) => s.index === Number(m[1]) - 1) : undefined;
        const t = site?.tunnels.find((x) => pathOf(x.path) === m![2]);
        if (!site || !t) return null;
        return {
          properties: [
            { label: 'From', value: `${site.identity} (${site.name})` },
            { label: 'To', value: t.peerIp ? `${t.peerIp} (the ${m![2]} vRouter)` : `the ${m![2]} vRouter (no address yet)` },
            { label: 'Route cost', value: String(t.metric) },
            { label: 'Up', value: t.up ? 'yes: the vRouter answers' : 'no: the vRouter is silent' },
            { label: 'Carries traffic', value: t.active ? 'yes' : 'no' },
          ],
        };
      }
      default:
        return null;
    }
  }
}
