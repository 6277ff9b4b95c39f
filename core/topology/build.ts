// Records → graph: how each inventory record becomes a node (and a service its chain of
// nodes and edges). Pure functions; the engine calls them for whole snapshots and for
// single records as they change.
import type { Badge, NodeState, PathRole, ServiceHeader, TopoEdge, TopoNode, VnfType } from './contract.js';
import type { DataCentreRecord, EnforcerRecord, InfrastructureRecords, PodRecord, ServerRecord, ServiceRecord, VnfRecord } from './source.js';

/** Node ids are the record's id behind a kind prefix, so two kinds never collide. */
export const nodeId = {
  dc: (id: string) => `dc:${id}`,
  pod: (id: string) => `pod:${id}`,
  server: (id: string) => `srv:${id}`,
  vnf: (id: string) => `vnf:${id}`,
  enforcer: (id: string) => `enf:${id}`,
  site: (id: string) => `site:${id}`,
  cpe: (id: string) => `cpe:${id}`,
  tunnel: (id: string) => `tun:${id}`,
  chain: (path: PathRole) => `chain:${path}`,
  internet: 'internet',
};

const ROLE_ORDER = { control: 0, compute: 1, storage: 2 } as const;
const TYPE_ORDER: Record<VnfType | 'platform', number> = { platform: -1, vrouter: 0, vfirewall: 1, vwebsecurity: 2, vips: 3, other: 4 };
export const TYPE_LABEL: Record<VnfType | 'platform', string> = {
  vrouter: 'vRouter',
  vfirewall: 'vFirewall',
  vwebsecurity: 'vWebSecurity',
  vips: 'vIPS',
  other: 'VNF',
  platform: 'Platform',
};

function base(id: string, ref: string, kind: TopoNode['kind'], label: string): TopoNode {
  return {
    id,
    kind,
    ref,
    label,
    sub: null,
    state: 'ACTIVE',
    badges: [],
    parent: null,
    role: null,
    type: null,
    addresses: [],
    tenantId: null,
    tenantName: null,
    serviceId: null,
    path: null,
    order: 0,
    detail: null,
    utilization: [],
  };
}

const uniq = (b: readonly Badge[] | undefined): Badge[] => [...new Set(b ?? [])].sort();

export function dcNode(r: DataCentreRecord, order: number): TopoNode {
  return { ...base(nodeId.dc(r.id), r.id, 'dc', r.name), sub: r.location || null, state: r.state ?? 'ACTIVE', order };
}

export function podNode(r: PodRecord): TopoNode {
  return {
    ...base(nodeId.pod(r.id), r.id, 'pod', r.name),
    sub: r.model ? `${r.model} PoD` : null,
    state: r.state,
    badges: uniq(r.badges),
    parent: nodeId.dc(r.dcId),
    addresses: r.address ? [r.address] : [],
    utilization: r.utilization ?? [],
  };
}

export function serverNode(r: ServerRecord): TopoNode {
  return {
    ...base(nodeId.server(r.id), r.id, 'server', r.name),
    sub: `${r.role} server`,
    state: r.state,
    badges: uniq(r.badges),
    parent: nodeId.pod(r.podId),
    role: r.role,
    addresses: r.addresses ?? [],
    order: ROLE_ORDER[r.role] * 100_000,
    detail: r.detail ?? null,
    utilization: r.utilization ?? [],
  };
}

export function vnfNode(r: VnfRecord, parent: string | null = nodeId.server(r.serverId)): TopoNode {
  const platform = r.type === 'platform';
  return {
    ...base(nodeId.vnf(r.id), r.id, platform ? 'platform' : 'vnf', r.name),
    sub: r.software ?? TYPE_LABEL[r.type],
    state: r.state,
    badges: uniq(r.badges),
    parent,
    type: r.type === 'platform' ? null : r.type,
    addresses: r.addresses,
    tenantId: r.tenantId,
    tenantName: r.tenantName ?? null,
    serviceId: r.serviceId,
    path: r.path ?? null,
    order: TYPE_ORDER[r.type] * 10 + (r.position ?? 0),
    detail: r.detail ?? null,
    utilization: r.utilization ?? [],
  };
}

export function enforcerNode(r: EnforcerRecord): TopoNode {
  return {
    ...base(nodeId.enforcer(r.id), r.id, 'enforcer', r.name),
    sub: 'IPsec enforcer',
    state: r.state,
    badges: uniq(r.badges),
    parent: nodeId.pod(r.podId),
    addresses: r.addresses,
    order: 900_000,
  };
}

export interface BuiltGraph {
  nodes: Map<string, TopoNode>;
  edges: Map<string, TopoEdge>;
  service: ServiceHeader | null;
}

/** The infrastructure view: nodes parents-first (data centres, PoDs, servers, then what they hold). */
export function buildInfrastructure(r: InfrastructureRecords): BuiltGraph {
  const nodes = new Map<string, TopoNode>();
  r.dataCentres.forEach((dc, i) => nodes.set(nodeId.dc(dc.id), dcNode(dc, i)));
  for (const p of r.pods) nodes.set(nodeId.pod(p.id), podNode(p));
  for (const s of r.servers) nodes.set(nodeId.server(s.id), serverNode(s));
  for (const v of r.vnfs) nodes.set(nodeId.vnf(v.id), vnfNode(v));
  for (const e of r.enforcers ?? []) nodes.set(nodeId.enforcer(e.id), enforcerNode(e));
  return { nodes, edges: new Map(), service: null };
}

export function serviceHeaderOf(r: ServiceRecord): ServiceHeader {
  return {
    id: r.id,
    name: r.name,
    tenantId: r.tenantId,
    tenantName: r.tenantName,
    state: r.state,
    redundant: r.redundant,
    activePath: r.activePath,
    packageName: r.packageName ?? null,
  };
}

const withBadge = (b: readonly Badge[], add: Badge, on: boolean): Badge[] => uniq(on ? [...b, add] : b.filter((x) => x !== add));

/**
 * The service view: sites → CPEs → tunnels → (per path) vRouter → vFirewall → vWebSecurity
 * → Internet. Each path's VNFs are drawn inside their server; the vRouters of the two
 * paths are linked (Figure 6-15).
 */
export function buildService(r: ServiceRecord): BuiltGraph {
  const nodes = new Map<string, TopoNode>();
  const edges = new Map<string, TopoEdge>();
  const tenant = { tenantId: r.tenantId, tenantName: r.tenantName, serviceId: r.id };
  const addEdge = (e: Omit<TopoEdge, 'id'>) => {
    const id = `${e.kind}:${e.from}>${e.to}`;
    edges.set(id, { id, ...e });
  };
  const chains = [...r.chains].sort((a, b) => (a.path === b.path ? 0 : a.path === 'primary' ? -1 : 1));
  const firstOf = new Map<PathRole, string>();
  chains.forEach((c, ci) => {
    const gid = nodeId.chain(c.path);
    const carries = r.activePath === c.path;
    const state: NodeState = !c.up ? 'ERROR' : carries || !r.redundant ? 'ACTIVE' : 'STANDBY';
    nodes.set(gid, {
      ...base(gid, c.path, 'server', `${c.path === 'primary' ? 'Primary path' : 'Redundant path'}${c.serverName ? ` — ${c.serverName}` : ''}`),
      ...tenant,
      sub: [c.podName, c.dcName].filter(Boolean).join(' · ') || null,
      state,
      badges: withBadge([], 'traffic', carries),
      path: c.path,
      order: ci,
    });
    const vnfs = [...c.vnfs].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || (a.position ?? 0) - (b.position ?? 0));
    vnfs.forEach((v, i) => {
      const n = vnfNode({ ...v, path: c.path }, gid);
      nodes.set(n.id, { ...n, ...tenant, order: i, badges: withBadge(withBadge(n.badges, 'traffic', carries), 'redundant', r.redundant) });
      if (i === 0) firstOf.set(c.path, n.id);
      const prev = vnfs[i - 1];
      if (prev) addEdge({ kind: 'chain', from: nodeId.vnf(prev.id), to: n.id, path: c.path, active: carries, up: c.up });
    });
    const last = vnfs[vnfs.length - 1];
    if (last) addEdge({ kind: 'uplink', from: nodeId.vnf(last.id), to: nodeId.internet, path: c.path, active: carries, up: c.up });
  });
  nodes.set(nodeId.internet, { ...base(nodeId.internet, 'internet', 'internet', 'Internet'), ...tenant, sub: null, order: 0 });
  r.sites.forEach((s, i) => {
    const sid = nodeId.site(s.id);
    const cid = nodeId.cpe(s.cpe.id);
    nodes.set(sid, { ...base(sid, s.id, 'site', s.name), ...tenant, sub: s.address ?? null, addresses: s.lan ? [s.lan] : [], order: i });
    nodes.set(cid, {
      ...base(cid, s.cpe.id, 'cpe', s.cpe.name),
      ...tenant,
      sub: s.cpe.model ?? 'CPE',
      state: s.cpe.state,
      addresses: s.cpe.addresses,
      order: i,
    });
    addEdge({ kind: 'access', from: sid, to: cid, path: null, active: true, up: s.cpe.state !== 'ERROR' });
    for (const t of s.tunnels) {
      const tid = nodeId.tunnel(t.id);
      const state: NodeState = !t.up ? 'ERROR' : t.active || !r.redundant ? 'ACTIVE' : 'STANDBY';
      nodes.set(tid, {
        ...base(tid, t.id, 'tunnel', `IPsec ${s.name}`),
        ...tenant,
        sub: `${t.path === 'primary' ? 'primary' : 'redundant'}${t.metric !== undefined ? ` · cost ${t.metric}` : ''}`,
        state,
        badges: withBadge([], 'traffic', t.active),
        addresses: t.peer ? [t.peer] : [],
        path: t.path,
        order: i * 2 + (t.path === 'primary' ? 0 : 1),
      });
      addEdge({ kind: 'tunnel', from: cid, to: tid, path: t.path, active: t.active, up: t.up });
      const router = firstOf.get(t.path);
      if (router) addEdge({ kind: 'tunnel', from: tid, to: router, path: t.path, active: t.active, up: t.up });
    }
  });
  const a = firstOf.get('primary');
  const b = firstOf.get('redundant');
  if (a && b) addEdge({ kind: 'inter-router', from: a, to: b, path: null, active: false, up: true });
  return { nodes, edges, service: serviceHeaderOf(r) };
}
