// What a VNF or enforcer console knows about its device: the interface between the core's
// state (the orchestrator's VNF records, the lab's routes and tunnels) and the console
// programs. A `ConsoleProvider` lists the devices that have a console and answers, on
// demand, a `DeviceState` snapshot and pings. The console program asks for a fresh
// snapshot for every command that shows state, so what it prints is the core's state at
// that moment. Pure types, plus the default ping answered from a snapshot.
import type { ConsoleKind } from '../contract.js';
import { intToIp, parseIPv4, prefixMask } from '../../orchestrator/net.js';

export type { ConsoleKind };

/** A device with a console, as listed in the profiles ("one click from a VNF to its CLI"). */
export interface ConsoleTarget {
  /** Stable id, e.g. the VNF id; the profile id is `console:<id>`. */
  id: string;
  kind: ConsoleKind;
  /** Shown as the tab title: the device's hostname. */
  name: string;
  tenantId: string | null;
  /** One line shown under the name ("ACTIVE · pod dc1-pod1 · server c220-03"). */
  detail: string | null;
  /** The device's state in the core (ACTIVE, ERROR, BUILD…), shown beside its name. */
  state?: string | null;
  /** Where the device belongs, for grouping in the profile picker (VNFs: their tenant and service). */
  tenantName?: string | null;
  serviceId?: string | null;
  serviceName?: string | null;
}

export interface DeviceInterface {
  name: string;
  description?: string | null;
  /** IPv4 address and prefix length; null when unnumbered. */
  ip: string | null;
  prefixLen: number | null;
  mac?: string | null;
  adminUp: boolean;
  operUp: boolean;
  vrf?: string | null;
  mtu?: number;
  /** ASA: the nameif (inside / outside / management). */
  nameif?: string | null;
  securityLevel?: number | null;
  counters?: { inPackets: number; outPackets: number; inBytes: number; outBytes: number };
}

export interface DeviceRoute {
  vrf?: string | null;
  /** "0.0.0.0/0", "10.1.0.0/24". */
  prefix: string;
  nextHop: string | null;
  iface: string | null;
  protocol: 'connected' | 'local' | 'static' | 'bgp' | 'ospf';
  distance?: number;
  metric?: number;
}

/** One IPsec tunnel (vRouter crypto session; enforcer security association). */
export interface CryptoSession {
  peer: string;
  /** The local tunnel interface (Virtual-Access2, Tunnel0) or connection name. */
  iface: string;
  localAddress: string | null;
  status: 'UP-ACTIVE' | 'UP-IDLE' | 'UP-NO-IKE' | 'DOWN-NEGOTIATING' | 'DOWN';
  localSubnet?: string | null;
  remoteSubnet?: string | null;
  ikeVersion?: 1 | 2;
  uptimeS?: number | null;
  packetsIn?: number;
  packetsOut?: number;
  /** Enforcer: the EMS connection this tunnel came from. */
  name?: string | null;
}

export interface DeviceState {
  id: string;
  kind: ConsoleKind;
  hostname: string;
  /** "17.3.4a" (IOS XE), "9.16(3)" (ASA), "14.0.1-014" (AsyncOS), "5.9.8" (strongSwan). */
  softwareVersion: string;
  /** "CSR1000V", "ASAv30", "WSAv S100V", "SecMon IPsec enforcer". */
  model: string;
  uptimeS: number;
  /** The VNF's state in the core (ACTIVE, BUILD, ERROR…). */
  state: string;
  /** The day-1 configuration the orchestrator rendered (secrets masked). */
  runningConfig: string;
  interfaces: DeviceInterface[];
  routes: DeviceRoute[];
  crypto: CryptoSession[];
  /**
   * What answers pings in the lab from the global routing table (peers, gateways, neighbours
   * in the chain): addresses, or inclusive ranges "10.0.3.10-10.0.3.89" (a site's hosts).
   */
  reachable: string[];
  /** The same, per VRF (a vRouter's IVRF): `ping vrf NAME` looks here. */
  reachableInVrf?: Record<string, string[]> | null;
  /**
   * Set when the device does not answer (its VM failed, is booting or being removed): the
   * console prints this for every command but leaving, until the device answers again.
   */
  notResponding?: string | null;
  /** vWebSecurity: the URL filtering level; enforcer: the IPsec EMS it registered with. */
  webSecurity?: { urlFiltering: 'low' | 'medium' | 'high' | 'none'; proxyPort: number; wccp: boolean; requests?: number; blocked?: number } | null;
  enforcer?: { emsUrl: string; registered: boolean; lastFetch: string | null; connections: number } | null;
}

export interface PingAnswer {
  /** Round-trip times of the replies, in ms; an empty list means no reply. */
  replies: (number | null)[];
  /** Set when the address is not routable from the device (IOS "% No route"). */
  unroutable?: boolean;
}

/** The source of console state that the core plugs in (the orchestrator and the lab). */
export interface ConsoleProvider {
  /** Devices that have a console now. */
  list(): ConsoleTarget[];
  /** The device's state now, or null when it no longer exists. */
  snapshot(targetId: string): DeviceState | null;
  /** Answer a ping from the device (in a VRF, or the global table); the default answers from the snapshot (pingFromState). */
  ping?(targetId: string, destination: string, count: number, vrf?: string | null): PingAnswer | null;
}

export function isIPv4(s: string): boolean {
  return parseIPv4(s) !== null;
}

export function inPrefix(ip: string, prefix: string): boolean {
  const [net, lenS] = prefix.split('/');
  const a = parseIPv4(ip);
  const b = parseIPv4(net ?? '');
  const len = Number(lenS);
  if (a === null || b === null || !Number.isInteger(len) || len < 0 || len > 32) return false;
  const mask = prefixMask(len);
  return (a & mask) === (b & mask);
}

/** The longest-prefix route to an address (global table, or one VRF). */
export function routeFor(state: Pick<DeviceState, 'routes'>, ip: string, vrf: string | null = null): DeviceRoute | null {
  let best: DeviceRoute | null = null;
  let bestLen = -1;
  for (const r of state.routes) {
    if ((r.vrf ?? null) !== vrf) continue;
    const len = Number(r.prefix.split('/')[1]);
    if (inPrefix(ip, r.prefix) && len > bestLen) {
      best = r;
      bestLen = len;
    }
  }
  return best;
}

/** Whether an address is in a `reachable` list (addresses, or inclusive ranges "A.B.C.D-A.B.C.E"). */
export function listedIn(list: readonly string[], ip: string): boolean {
  const a = parseIPv4(ip);
  if (a === null) return false;
  return list.some((entry) => {
    const dash = entry.indexOf('-');
    if (dash < 0) return entry === ip;
    const lo = parseIPv4(entry.slice(0, dash));
    const hi = parseIPv4(entry.slice(dash + 1));
    return lo !== null && hi !== null && a >= lo && a <= hi;
  });
}

/** The VRFs a device has: those its interfaces and routes name. */
export function vrfsOf(state: Pick<DeviceState, 'interfaces' | 'routes'>): string[] {
  const names = new Set<string>();
  for (const i of state.interfaces) if (i.vrf) names.add(i.vrf);
  for (const r of state.routes) if (r.vrf) names.add(r.vrf);
  return [...names];
}

/**
 * The default ping: the device's own up addresses (in that table) answer; otherwise the
 * address must be routable in that table (its route's interface up) and listed as
 * reachable in the lab's state for that table (`reachable`, or `reachableInVrf[vrf]`).
 * Round-trip times are small and deterministic for a given address.
 */
export function pingFromState(state: DeviceState, destination: string, count: number, vrf: string | null = null): PingAnswer {
  const own = state.interfaces.find((i) => i.ip === destination && (i.vrf ?? null) === vrf);
  const rtt = (k: number) => 1 + ((destination.length * 7 + k * 3) % 5);
  if (own) return { replies: Array.from({ length: count }, () => (own.adminUp && own.operUp ? 1 : null)) };
  const route = routeFor(state, destination, vrf);
  if (!route) return { replies: Array.from({ length: count }, () => null), unroutable: true };
  const iface = route.iface ? state.interfaces.find((i) => i.name === route.iface) : undefined;
  const up = iface ? iface.adminUp && iface.operUp : true;
  const list = vrf ? (state.reachableInVrf?.[vrf] ?? []) : state.reachable;
  const alive = up && listedIn(list, destination);
  return { replies: Array.from({ length: count }, (_, k) => (alive ? rtt(k) : null)) };
}

/** The console style of a catalog VNF role (the orchestrator's `VnfView.role`); null: no console. */
export function consoleKindOfRole(role: string): ConsoleKind | null {
  switch (role) {
    case 'router':
      return 'vrouter';
    case 'firewall':
      return 'vfirewall';
    case 'web-security':
      return 'vwebsecurity';
    default:
      return null;
  }
}

/** The connected and local routes that a device's numbered interfaces imply (vrf kept). */
export function connectedRoutes(interfaces: DeviceInterface[]): DeviceRoute[] {
  const out: DeviceRoute[] = [];
  for (const i of interfaces) {
    if (!i.ip || i.prefixLen === null) continue;
    const a = parseIPv4(i.ip);
    if (a === null) continue;
    const net = intToIp((a & prefixMask(i.prefixLen)) >>> 0);
    const vrf = i.vrf ?? null;
    out.push({ vrf, prefix: `${net}/${i.prefixLen}`, nextHop: null, iface: i.name, protocol: 'connected' });
    if (i.prefixLen < 32) out.push({ vrf, prefix: `${i.ip}/32`, nextHop: null, iface: i.name, protocol: 'local' });
  }
  return out;
}
