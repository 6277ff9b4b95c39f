// A lab VNF as its console sees it: the orchestrator's record of the VNF and its service
// (the day-1 configuration it rendered, the addresses it allocated, the sites and the
// state of each service path) and the lab VIM's record of its VM (when it came up, its
// image), turned into the `DeviceState` a console answers from. Pure: the provider
// (./provider.ts) reads the inputs through the orchestrator's service interface and the
// lab's VIM; the rules are in core/lab/README.md ("VNF consoles").
import type { ServiceView, VnfView } from '../../orchestrator/contract.js';
import type { ConsoleKind, CryptoSession, DeviceInterface, DeviceRoute, DeviceState } from '../../terminals/consoles/state.js';
import { connectedRoutes, consoleKindOfRole, routeFor, vrfsOf } from '../../terminals/consoles/state.js';
import { addressPlus, networkOf, readAsaConfig, readAsyncOsConfig, readIosConfig, type DeviceConfig } from './config.js';

export interface LabVmFacts {
  /** When the VM last became ACTIVE (ms since the epoch); null when it is not ACTIVE. */
  activeSince: number | null;
  /** The image it booted ("csr1000v-universalk9.16.06.qcow2"): the software version shown. */
  image: string | null;
}

export interface DeviceInput {
  service: ServiceView;
  /** The masked day-1 configuration of each VNF of the service, by VNF id (`services.configs`). */
  configs: ReadonlyMap<string, string>;
  vnfId: string;
  vm: LabVmFacts | null;
  now: number;
}

type Site = ServiceView['siteList'][number];

/** The lab's CPEs reach the cloud from the lab's internet: one address each in 198.19.0.0/16, derived from its LAN. */
export const CPE_WAN_BASE = '198.19.0.0';

export function cpeWanAddress(lan: string): string | null {
  const net = lan.split('/')[0] ?? '';
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(net);
  if (!m) return null;
  const index = ((Number(m[2]) << 8) | Number(m[3])) % 65534;
  return addressPlus(CPE_WAN_BASE, index + 1);
}

/** The hosts of a site's LAN that answer: the same ones the lab's traffic uses (traffic/generator.ts). */
export function siteHosts(site: Pick<Site, 'lan' | 'users'>): { first: string; last: string } | null {
  if (!site.lan) return null;
  const net = site.lan.split('/')[0]!;
  const n = Math.max(1, Math.min(240, site.users));
  const first = addressPlus(net, 10);
  const last = addressPlus(net, 10 + n - 1);
  return first && last ? { first, last } : null;
}

/** "csr1000v-universalk9.16.06.qcow2" → "16.06"; "asav9-8.qcow2" → "9.8" (Cisco's "k9" crypto mark is no version). */
export function versionOfImage(image: string | null, fallback: string): string {
  const m = image ? /(\d+)[.-](\d+)(?:[.-](\d+))?/.exec(image.replace(/k9/gi, '')) : null;
  return m ? m.slice(1).filter(Boolean).join('.') : fallback;
}

function readConfig(kind: ConsoleKind | null, text: string): DeviceConfig {
  if (kind === 'vfirewall') return readAsaConfig(text);
  if (kind === 'vwebsecurity') return readAsyncOsConfig(text);
  return readIosConfig(text);
}

/** Why a VNF does not answer, or null when it does (ACTIVE). */
export function notRespondingReason(v: Pick<VnfView, 'hostname' | 'state' | 'detail'>): string | null {
  switch (v.state) {
    case 'ACTIVE':
      return null;
    case 'ERROR':
      return `${v.hostname} is not responding: its VM is in ERROR${v.detail ? ` (${v.detail})` : ''}`;
    case 'BUILD':
      return `${v.hostname} is not responding yet: its VM is booting (BUILD)`;
    case 'PLANNED':
      return `${v.hostname} is not responding: its VM has not been created yet (PLANNED)`;
    case 'DELETING':
      return `${v.hostname} is not responding: its VM is being removed (DELETING)`;
    default:
      return `${v.hostname} is not responding: its VM is ${v.state}`;
  }
}

const tunnelUp = (site: Site, path: VnfView['path']) => site.tunnels.find((t) => t.path === path)?.up === true;

function naturalKey(name: string): string {
  return name.replace(/\d+/g, (d) => d.padStart(6, '0'));
}

function sortRoutes(routes: DeviceRoute[]): DeviceRoute[] {
  const key = (r: DeviceRoute) => {
    const [net, len] = r.prefix.split('/');
    const n = net!
      .split('.')
      .map((x) => x.padStart(3, '0'))
      .join('.');
    return `${r.vrf ?? ''}|${n}|${len!.padStart(2, '0')}|${r.protocol === 'local' ? 1 : 0}`;
  };
  return routes.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** One VNF of the service: its interfaces and the routes it holds by itself (no BGP). */
interface Built {
  vnf: VnfView;
  kind: ConsoleKind | null;
  cfg: DeviceConfig;
  responding: boolean;
  interfaces: DeviceInterface[];
  routes: DeviceRoute[];
}

function build(service: ServiceView, vnf: VnfView, text: string): Built {
  const kind = consoleKindOfRole(vnf.role);
  const cfg = readConfig(kind, text);
  const responding = vnf.state === 'ACTIVE';
  const fromConfig = (name: string, mac: string | null): DeviceInterface => {
    const c = cfg.interfaces.find((i) => i.name === name);
    // What the configuration does not bring up stays administratively down, as on the device.
    const adminUp = c !== undefined && !c.shutdown;
    return {
      name,
      description: c?.description ?? null,
      ip: c?.ip ?? null,
      prefixLen: c?.prefixLen ?? null,
      mac,
      adminUp,
      operUp: adminUp && responding && !c?.template,
      vrf: c?.vrf ?? null,
      nameif: c?.nameif ?? null,
      securityLevel: c?.securityLevel ?? null,
    };
  };
  const physical = vnf.interfaces.map((p) => fromConfig(p.name, p.mac));
  const logical = cfg.interfaces.filter((c) => !vnf.interfaces.some((p) => p.name === c.name)).map((c) => fromConfig(c.name, null));
  const sites = service.siteList.filter((s) => s.lan);
  const template = cfg.interfaces.find((i) => i.template);
  const access: DeviceInterface[] =
    kind === 'vrouter' && responding && template
      ? sites
          .filter((s) => tunnelUp(s, vnf.path))
          .map((s) => ({
            name: `Virtual-Access${s.index + 1}`,
            description: `${s.name} (site-${s.index + 1})`,
            ip: null,
            prefixLen: null,
            mac: null,
            adminUp: true,
            operUp: true,
            vrf: template.vrf,
            mtu: 1438,
          }))
      : [];
  const interfaces = [...physical, ...[...logical, ...access].sort((a, b) => naturalKey(a.name).localeCompare(naturalKey(b.name)))];

  const up = interfaces.filter((i) => i.adminUp && i.operUp);
  const routes = connectedRoutes(up);
  for (const r of cfg.routes) {
    // A static route stays out of the table while its interface is down or its next hop unresolved.
    if (r.iface && !up.some((i) => i.name === r.iface)) continue;
    if (r.nextHop && !routeFor({ routes }, r.nextHop, r.vrf)) continue;
    routes.push({
      vrf: r.vrf,
      prefix: r.prefix,
      nextHop: r.nextHop,
      iface: kind === 'vfirewall' || !r.nextHop ? r.iface : null,
      protocol: 'static',
      distance: r.distance ?? 1,
      metric: 0,
    });
  }
  // IKEv2 `route set interface` / `route accept any`: each site's LAN through its Virtual-Access.
  for (const a of access) {
    const site = sites.find((s) => `Virtual-Access${s.index + 1}` === a.name)!;
    routes.push({ vrf: a.vrf ?? null, prefix: site.lan!, nextHop: null, iface: a.name, protocol: 'static', distance: 1, metric: 0 });
  }
  return { vnf, kind, cfg, responding, interfaces, routes };
}

/** Routes learned over iBGP from the other vRouter: what it redistributes (connected, static) that this one lacks. */
function bgpRoutes(self: Built, others: Built[]): DeviceRoute[] {
  const bgp = self.cfg.bgp;
  if (!bgp || !self.responding) return [];
  const out: DeviceRoute[] = [];
  for (const n of bgp.neighbours) {
    if (!routeFor({ routes: self.routes.filter((r) => r.protocol === 'connected') }, n, bgp.vrf)) continue;
    const peer = others.find((o) => o.kind === 'vrouter' && o.responding && o.interfaces.some((i) => i.ip === n && i.adminUp && i.operUp));
    if (!peer) continue;
    for (const r of peer.routes) {
      if ((r.vrf ?? null) !== bgp.vrf || r.protocol === 'local') continue;
      const have = (x: DeviceRoute) => (x.vrf ?? null) === bgp.vrf && x.prefix === r.prefix;
      if (self.routes.some(have) || out.some(have)) continue;
      out.push({ vrf: bgp.vrf, prefix: r.prefix, nextHop: n, iface: null, protocol: 'bgp', distance: 200, metric: 0 });
    }
  }
  return out;
}

/**
 * What answers pings from this device, per routing table: an address answers when it
 * belongs to something running — a PoD gateway, an ACTIVE VNF of the service, a site's
 * CPE, a site's hosts while its tunnel on this path is up — and this device has a route to
 * it more specific than a default route (public addresses: the global default route too).
 */
function reachability(self: Built, all: Built[], routes: DeviceRoute[], service: ServiceView): { global: string[]; vrf: Record<string, string[]> } {
  const candidates: { probe: string; entry: string; public: boolean }[] = [];
  const add = (probe: string | null, entry: string | null = probe, pub = false) => {
    if (probe && entry && !self.interfaces.some((i) => i.ip === probe)) candidates.push({ probe, entry, public: pub });
  };
  const vnfAddress = (ip: string) => all.some((b) => b.interfaces.some((i) => i.ip === ip));
  // The PoD's gateways: the first address of the management network, and static next hops that are no VNF's.
  const mgmt = self.interfaces.find((i) => self.vnf.interfaces.some((p) => p.name === i.name && p.network === 'mgmt'));
  if (mgmt?.ip && mgmt.prefixLen !== null) add(addressPlus(networkOf(mgmt.ip, mgmt.prefixLen)!.split('/')[0]!, 1));
  for (const r of self.cfg.routes) if (r.nextHop && !vnfAddress(r.nextHop)) add(r.nextHop, r.nextHop, true);
  // The service's other VNFs, while ACTIVE.
  for (const b of all) {
    if (b === self || !b.responding) continue;
    for (const i of b.interfaces) {
      if (!i.ip || !i.adminUp || !i.operUp) continue;
      add(
        i.ip,
        i.ip,
        b.vnf.interfaces.some((p) => p.name === i.name && p.network === 'outside'),
      );
    }
  }
  // The sites: their CPEs (always online in the lab), and their hosts through an up tunnel of this path.
  for (const s of service.siteList) {
    if (!s.lan) continue;
    add(cpeWanAddress(s.lan), cpeWanAddress(s.lan), true);
    const hosts = siteHosts(s);
    if (hosts && tunnelUp(s, self.vnf.path)) add(hosts.first, `${hosts.first}-${hosts.last}`);
  }
  const global: string[] = [];
  const vrf: Record<string, string[]> = {};
  const tables = [null, ...vrfsOf({ interfaces: self.interfaces, routes })];
  for (const c of candidates) {
    for (const t of tables) {
      const r = routeFor({ routes }, c.probe, t);
      if (!r || (r.prefix === '0.0.0.0/0' && !(t === null && c.public))) continue;
      const list = t === null ? global : (vrf[t] ??= []);
      if (!list.includes(c.entry)) list.push(c.entry);
    }
  }
  return { global, vrf };
}

function cryptoSessions(self: Built, service: ServiceView, uptimeS: number): CryptoSession[] {
  if (self.kind !== 'vrouter') return [];
  const outside = self.interfaces.find((i) => self.vnf.interfaces.some((p) => p.name === i.name && p.network === 'outside'));
  const out: CryptoSession[] = [];
  for (const s of service.siteList) {
    if (!s.lan) continue;
    const up = self.responding && tunnelUp(s, self.vnf.path);
    out.push({
      peer: cpeWanAddress(s.lan) ?? '0.0.0.0',
      iface: `Virtual-Access${s.index + 1}`,
      localAddress: outside?.ip ?? null,
      status: up ? 'UP-ACTIVE' : 'DOWN',
      ikeVersion: 2,
      uptimeS: up ? uptimeS : null,
      name: self.cfg.ikev2Profile,
    });
  }
  return out;
}

function urlFilteringOf(level: string | null): 'low' | 'medium' | 'high' | 'none' {
  if (level === 'base' || level === 'low') return 'low';
  if (level === 'medium' || level === 'high') return level;
  return 'none';
}

/** The console state of one VNF of a service; null when it is not there (or has no console style). */
export function deviceState(input: DeviceInput): DeviceState | null {
  const { service } = input;
  const vnfs = service.chains.flatMap((c) => c.vnfs).filter((v) => v.state !== 'DELETED');
  const vnf = vnfs.find((v) => v.id === input.vnfId);
  const kind = vnf ? consoleKindOfRole(vnf.role) : null;
  if (!vnf || !kind) return null;
  const all = vnfs.map((v) => build(service, v, input.configs.get(v.id) ?? ''));
  const self = all.find((b) => b.vnf.id === vnf.id)!;
  const routes = sortRoutes([...self.routes, ...bgpRoutes(self, all)]);
  const reach = reachability(self, all, routes, service);
  const uptimeS = self.responding && input.vm?.activeSince != null ? Math.max(0, Math.floor((input.now - input.vm.activeSince) / 1000)) : 0;
  return {
    id: vnf.id,
    kind,
    hostname: self.cfg.hostname ?? vnf.hostname,
    softwareVersion: versionOfImage(input.vm?.image ?? null, vnf.software),
    model: vnf.software,
    uptimeS,
    state: vnf.state,
    runningConfig: input.configs.get(vnf.id) ?? '',
    interfaces: self.interfaces,
    routes,
    crypto: cryptoSessions(self, service, uptimeS),
    reachable: reach.global,
    reachableInVrf: reach.vrf,
    webSecurity: kind === 'vwebsecurity' ? { urlFiltering: urlFilteringOf(self.cfg.urlFiltering), proxyPort: 3128, wccp: self.cfg.wccp } : null,
    enforcer: null,
    notResponding: notRespondingReason(vnf),
  };
}
