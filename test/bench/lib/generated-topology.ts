// A generated inventory for tests and benchmarks — never part of the product. It makes a
// seeded, realistic infrastructure of about N nodes (data centres → PoDs → control /
// compute / storage servers → platform VMs and the VNF chains of tenant services, some
// with a redundant path in another data centre), and plays the TopologySource role that
// the orchestrator plays in a real core, with methods to change it as the lab would.
import type { NodeState, OperationEntry, PathRole, VnfType } from '../../../core/topology/contract.js';
import type {
  DataCentreRecord,
  InfrastructureRecords,
  NodeDetails,
  NodeLookup,
  PodRecord,
  ServerRecord,
  ServiceRecord,
  ServiceSummaryRecord,
  SourceEvent,
  TopologySource,
  VnfRecord,
} from '../../../core/topology/source.js';
import { prng } from '../../../core/orchestrator/ids.js';

const DCS = [
  ['dc1', 'DC-1 Frankfurt', 'Frankfurt am Main, DE'],
  ['dc2', 'DC-2 Amsterdam', 'Amsterdam, NL'],
  ['dc3', 'DC-3 Paris', 'Paris, FR'],
  ['dc4', 'DC-4 Madrid', 'Madrid, ES'],
] as const;
const TENANTS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Vandelay',
  'Oceanic',
  'Aperture',
  'Gringotts',
  'Monarch',
];
const CITIES = ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Lyon', 'Utrecht', 'Rotterdam', 'Vienna', 'Zurich', 'Milan', 'Porto', 'Ghent'];
const CPES = ['ISR 4321', 'ISR 1111', 'ISR 4331', 'Meraki MX68'];
const PACKAGES: { name: string; chain: VnfType[] }[] = [
  { name: 'Foundation', chain: ['vrouter'] },
  { name: 'Advanced', chain: ['vrouter', 'vfirewall'] },
  { name: 'Advanced with Web Security', chain: ['vrouter', 'vfirewall', 'vwebsecurity'] },
  { name: 'Advanced with Web Security + IPS', chain: ['vrouter', 'vfirewall', 'vwebsecurity', 'vips'] },
];
const SOFTWARE: Record<VnfType, string> = {
  vrouter: 'CSR1000V 16.9',
  vfirewall: 'ASAv 9.9',
  vwebsecurity: 'WSAv 11.5',
  vips: 'NGIPSv 6.2',
  other: 'VNF',
};
const PREFIX: Record<VnfType, string> = { vrouter: 'vr', vfirewall: 'fw', vwebsecurity: 'ws', vips: 'ips', other: 'x' };
const VCPU: Record<VnfType, number> = { vrouter: 2, vfirewall: 2, vwebsecurity: 4, vips: 4, other: 1 };

export interface GenerateOptions {
  /** About how many nodes (data centres, PoDs, servers, platform VMs and VNFs). */
  nodes: number;
  seed?: number;
  /** Share of services with a redundant path in another data centre. */
  redundantShare?: number;
}

export interface Generated {
  infra: InfrastructureRecords;
  services: ServiceRecord[];
}

export function generateTopology(opts: GenerateOptions): Generated {
  const rand = prng(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const target = Math.max(40, opts.nodes);
  const podCount = Math.max(2, Math.round(target / 420));
  const dcCount = Math.min(DCS.length, podCount <= 2 ? 2 : Math.ceil(podCount / 3));
  const computePerPod = podCount <= 2 ? Math.max(2, Math.min(16, Math.round(target / 2 / 28))) : 16;

  const dataCentres: DataCentreRecord[] = DCS.slice(0, dcCount).map(([id, name, location]) => ({ id, name, location }));
  const pods: PodRecord[] = [];
  const servers: ServerRecord[] = [];
  const vnfs: VnfRecord[] = [];
  const compute: { server: ServerRecord; dc: string; pod: PodRecord; load: number }[] = [];
  for (let p = 0; p < podCount; p++) {
    const dc = dataCentres[p % dcCount]!;
    const n = Math.floor(p / dcCount) + 1;
    const pod: PodRecord = {
      id: `pod-${dc.id}-${n}`,
      dcId: dc.id,
      name: `PoD ${dc.name.slice(0, 4)}-${String.fromCharCode(64 + n)}`,
      model: computePerPod >= 16 ? 'medium' : 'small',
      state: 'ACTIVE',
      address: `10.${p + 1}.0.1`,
    };
    pods.push(pod);
    const add = (role: ServerRecord['role'], count: number) => {
      for (let i = 1; i <= count; i++) {
        const s: ServerRecord = {
          id: `${pod.id}-${role}-${i}`,
          podId: pod.id,
          name: `${role === 'compute' ? 'c' : role === 'control' ? 'ctl' : 'st'}${String(i).padStart(2, '0')}-${dc.id}${String.fromCharCode(96 + n)}`,
          role,
          state: 'ACTIVE',
          addresses: [`10.${p + 1}.${role === 'control' ? 1 : role === 'compute' ? 2 : 3}.${i}`],
          utilization: [
            { metric: 'vCPU', used: 0, total: role === 'compute' ? 88 : 32, unit: '' },
            { metric: 'RAM', used: 0, total: role === 'compute' ? 384 : 128, unit: 'GiB' },
          ],
        };
        servers.push(s);
        if (role === 'compute') compute.push({ server: s, dc: dc.id, pod, load: 0 });
        if (role === 'control') {
          const platform = i === 1 ? ['esc-a', 'nso-dm-a'] : i === 2 ? ['esc-b', 'nso-dm-b'] : ['vim-ctl'];
          platform.forEach((name, j) =>
            vnfs.push({
              id: `${s.id}-${name}`,
              serverId: s.id,
              name: `${name}.${pod.id}`,
              type: 'platform',
              software: name.startsWith('esc') ? 'ESC 4.2' : name.startsWith('nso') ? 'NSO 4.7 device manager' : 'OpenStack controller',
              state: name.endsWith('-b') ? 'STANDBY' : 'ACTIVE',
              badges: name.endsWith('-a') ? ['master'] : [],
              addresses: [`10.${p + 1}.1.${10 + i * 4 + j}`],
              serviceId: null,
              tenantId: null,
            }),
          );
        }
      }
    };
    add('control', 3);
    add('compute', computePerPod);
    add('storage', 2);
  }

  const services: ServiceRecord[] = [];
  let count = dataCentres.length + pods.length + servers.length + vnfs.length;
  const tenants = Math.max(2, Math.min(TENANTS.length * 8, Math.round(target / 60)));
  let s = 0;
  while (count < target) {
    const tIndex = s % tenants;
    const tenantName = `${TENANTS[tIndex % TENANTS.length]}${tIndex >= TENANTS.length ? ` ${Math.floor(tIndex / TENANTS.length) + 1}` : ''}`;
    const tenantId = `t-${tenantName.toLowerCase().replace(/\s+/g, '-')}`;
    const pkg = pick(PACKAGES);
    const redundant = rand() < (opts.redundantShare ?? 0.3) && dataCentres.length > 1;
    const id = `svc-${String(s + 1).padStart(4, '0')}`;
    const short = `${tenantName.toLowerCase().replace(/\s+/g, '')}${s + 1}`;
    const placeOn = (notDc: string | null) => {
      const options = compute.filter((c) => c.dc !== notDc);
      // Best fit by load, ties broken by the seed: PoDs fill up evenly.
      let best = options[0]!;
      for (const c of options) if (c.load < best.load || (c.load === best.load && rand() < 0.3)) best = c;
      return best;
    };
    const chains: ServiceRecord['chains'] = [];
    const paths: PathRole[] = redundant ? ['primary', 'redundant'] : ['primary'];
    let firstDc: string | null = null;
    for (const path of paths) {
      const at = placeOn(path === 'redundant' ? firstDc : null);
      firstDc = at.dc;
      at.load += pkg.chain.length;
      const chainVnfs: VnfRecord[] = pkg.chain.map((type, position) => {
        const n = vnfs.length;
        const v: VnfRecord = {
          id: `${id}-${path === 'primary' ? 'a' : 'b'}-${PREFIX[type]}`,
          serverId: at.server.id,
          name: `${PREFIX[type]}-${short}-${path === 'primary' ? 'a' : 'b'}`,
          type,
          software: SOFTWARE[type],
          state: rand() < 0.02 ? 'BUILD' : 'ACTIVE',
          badges: redundant ? ['redundant'] : [],
          addresses: [`10.${100 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`, ...(type === 'vrouter' ? [`203.0.${(n >> 8) & 255}.${n & 255}`] : [])],
          serviceId: id,
          tenantId,
          tenantName,
          path,
          position,
          utilization: [{ metric: 'vCPU', used: VCPU[type], total: VCPU[type], unit: '' }],
        };
        vnfs.push(v);
        const u = at.server.utilization![0]!;
        u.used += VCPU[type];
        return v;
      });
      const pod = at.pod;
      chains.push({ path, podName: pod.name, dcName: dataCentres.find((d) => d.id === pod.dcId)!.name, serverName: at.server.name, up: true, vnfs: chainVnfs });
      count += chainVnfs.length;
    }
    const siteCount = 1 + Math.floor(rand() * 3);
    const sites: ServiceRecord['sites'] = [];
    for (let i = 1; i <= siteCount; i++) {
      const city = pick(CITIES);
      const router = (path: PathRole) => chains.find((c) => c.path === path)!.vnfs[0]!.addresses[1] ?? null;
      sites.push({
        id: `${id}-site-${i}`,
        name: `${city} ${i}`,
        address: `${10 + i} Hauptstraße, ${city}`,
        lan: `172.${16 + (s % 16)}.${i}.0/24`,
        cpe: { id: `${id}-cpe-${i}`, name: `cpe-${short}-${i}`, model: pick(CPES), state: 'ACTIVE', addresses: [`192.0.2.${(s * 4 + i) % 250}`] },
        tunnels: paths.map((path) => ({
          id: `${id}-site-${i}-${path}`,
          path,
          peer: router(path),
          up: true,
          active: path === 'primary',
          metric: path === 'primary' ? 10 : 20,
        })),
      });
    }
    services.push({
      id,
      name: `${tenantName} ${pkg.name}`,
      tenantId,
      tenantName,
      packageName: pkg.name,
      state: 'ACTIVE',
      redundant,
      activePath: 'primary',
      sites,
      chains,
    });
    s++;
  }
  return { infra: { dataCentres, pods, servers, vnfs }, services };
}

const CONFIG: Record<string, (v: VnfRecord) => string> = {
  vrouter: (v) =>
    [
      `hostname ${v.name}`,
      `vrf definition IVRF`,
      ` rd 65000:${v.id.length}`,
      `crypto ikev2 profile CLOUD-VPN`,
      ` match identity remote any`,
      ` authentication local pre-share`,
      ` virtual-template 1`,
      `interface Virtual-Template1 type tunnel`,
      ` vrf forwarding IVRF`,
      ` tunnel protection ipsec profile CLOUD-VPN`,
      `ip route vrf IVRF 0.0.0.0 0.0.0.0 ${v.addresses[0]}`,
    ].join('\n'),
  vfirewall: (v) =>
    [
      `hostname ${v.name}`,
      `interface GigabitEthernet0/0`,
      ` nameif inside`,
      `interface GigabitEthernet0/1`,
      ` nameif outside`,
      `nat (inside,outside) dynamic interface`,
      `webvpn`,
      ` enable outside`,
    ].join('\n'),
  vwebsecurity: (v) => [`<config hostname="${v.name}">`, `  <wga_config><prox_acl_url_filtering level="medium"/></wga_config>`, `</config>`].join('\n'),
};

/** The generated inventory as a TopologySource, with the lab's levers. */
export class GeneratedSource implements TopologySource {
  readonly name = 'generated inventory (tests)';
  private readonly listeners = new Set<(e: SourceEvent) => void>();
  readonly infra: InfrastructureRecords;
  readonly servicesById = new Map<string, ServiceRecord>();
  readonly vnfsById = new Map<string, VnfRecord>();
  private readonly history = new Map<string, OperationEntry[]>();

  constructor(opts: GenerateOptions) {
    const g = generateTopology(opts);
    this.infra = g.infra;
    for (const s of g.services) this.servicesById.set(s.id, s);
    for (const v of g.infra.vnfs) this.vnfsById.set(v.id, v);
  }

  get nodeCount(): number {
    return this.infra.dataCentres.length + this.infra.pods.length + this.infra.servers.length + this.infra.vnfs.length;
  }

  infrastructure(): InfrastructureRecords {
    return structuredClone(this.infra);
  }

  services(filter: { tenantId: string | null }): ServiceSummaryRecord[] {
    return [...this.servicesById.values()]
      .filter((s) => filter.tenantId === null || s.tenantId === filter.tenantId)
      .map((s) => ({
        id: s.id,
        name: s.name,
        tenantId: s.tenantId,
        tenantName: s.tenantName,
        packageName: s.packageName ?? null,
        state: s.state,
        redundant: s.redundant,
        activePath: s.activePath,
        vnfs: s.chains.reduce((n, c) => n + c.vnfs.length, 0),
        sites: s.sites.length,
      }));
  }

  service(id: string): ServiceRecord | null {
    const s = this.servicesById.get(id);
    return s ? structuredClone(s) : null;
  }

  details(node: NodeLookup): NodeDetails | null {
    const v = this.vnfsById.get(node.nodeId);
    if (!v) return null;
    return {
      properties: [{ label: 'Software', value: v.software ?? '' }],
      operations: this.history.get(v.id) ?? [
        { id: `op-${v.id}-1`, type: 'CREATE', state: 'COMPLETED', at: '2026-01-01T09:00:00.000Z', by: 'admin', summary: `created ${v.name}` },
      ],
      utilization: v.utilization ?? [],
      ...(CONFIG[v.type] ? { configuration: { format: v.type === 'vwebsecurity' ? 'xml' : 'cli', text: CONFIG[v.type]!(v) } } : {}),
    };
  }

  subscribe(listener: (e: SourceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: SourceEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  /** A VNF (or platform VM) changes state, as the VIM would report it. */
  setVnfState(id: string, state: NodeState, detail: string | null = null): VnfRecord {
    const v = this.vnfsById.get(id);
    if (!v) throw new Error(`no VNF ${id}`);
    v.state = state;
    v.detail = detail;
    v.badges = [...new Set([...(v.badges ?? []).filter((b) => b !== 'fault'), ...(state === 'ERROR' ? (['fault'] as const) : [])])];
    const list = this.history.get(id) ?? [];
    list.unshift({ id: `op-${id}-${list.length + 2}`, type: 'STATUS', state, at: new Date().toISOString(), by: null, summary: detail ?? `now ${state}` });
    this.history.set(id, list);
    for (const s of this.servicesById.values()) for (const c of s.chains) c.vnfs = c.vnfs.map((x) => (x.id === id ? v : x));
    this.emit({ kind: 'vnf', record: structuredClone(v) });
    return v;
  }

  /** The primary vRouter of a redundant service falls silent: the CPEs re-route to the redundant path. */
  failPrimary(serviceId: string): ServiceRecord {
    const s = this.servicesById.get(serviceId);
    if (!s?.redundant) throw new Error(`${serviceId} has no redundant path`);
    const primary = s.chains.find((c) => c.path === 'primary')!;
    this.setVnfState(primary.vnfs[0]!.id, 'ERROR', 'vRouter fell silent');
    primary.up = false;
    s.activePath = 'redundant';
    s.state = 'DEGRADED';
    for (const site of s.sites) for (const t of site.tunnels) Object.assign(t, { up: t.path !== 'primary', active: t.path === 'redundant' });
    this.emit({ kind: 'service', record: structuredClone(s) });
    return s;
  }

  /** A new VNF placed on a server (a structural change). */
  addVnf(v: VnfRecord): void {
    this.infra.vnfs.push(v);
    this.vnfsById.set(v.id, v);
    this.emit({ kind: 'vnf', record: structuredClone(v) });
  }

  removeVnf(id: string): void {
    this.infra.vnfs = this.infra.vnfs.filter((v) => v.id !== id);
    this.vnfsById.delete(id);
    this.emit({ kind: 'removed', what: 'vnf', id });
  }

  /** The first redundant service (for tests). */
  firstRedundant(): ServiceRecord {
    const s = [...this.servicesById.values()].find((x) => x.redundant && x.chains.length === 2 && x.chains[0]!.vnfs.length >= 3);
    if (!s) throw new Error('no redundant service was generated');
    return s;
  }
}
