// Reading a rendered day-1 configuration the way the device does: its hostname, its
// interfaces (address and mask, VRF, ASA nameif and security level, shut or not), its
// static routes and its BGP neighbours. Three dialects: IOS XE (vRouter), ASA (vFirewall)
// and AsyncOS's XML (vWebSecurity). Pure functions over the text the orchestrator rendered
// (the masked one: nothing read here is a secret).
import { intToIp, parseIPv4, prefixMask } from '../../orchestrator/net.js';

export interface ConfigInterface {
  name: string;
  description: string | null;
  ip: string | null;
  prefixLen: number | null;
  vrf: string | null;
  /** ASA: inside / outside / management / wsa. */
  nameif: string | null;
  securityLevel: number | null;
  /** `shutdown` in the block. */
  shutdown: boolean;
  /** IOS: `ip unnumbered IFACE`. */
  unnumbered: string | null;
  /** IOS: an interface template (Virtual-Template … type tunnel), cloned per session. */
  template: boolean;
}

export interface ConfigRoute {
  vrf: string | null;
  prefix: string;
  nextHop: string | null;
  /** The exit interface: IOS names it, ASA names its nameif (resolved to the interface here). */
  iface: string | null;
  distance: number | null;
}

export interface ConfigBgp {
  asn: string;
  vrf: string | null;
  neighbours: string[];
}

export interface DeviceConfig {
  hostname: string | null;
  interfaces: ConfigInterface[];
  routes: ConfigRoute[];
  bgp: ConfigBgp | null;
  /** IOS: the IKEv2 profile the site tunnels use. */
  ikev2Profile: string | null;
  /** AsyncOS: the URL filtering level as written (base, medium, high); ASA and AsyncOS: WCCP redirection. */
  urlFiltering: string | null;
  wccp: boolean;
}

/** "255.255.255.248" → 29; null when it is not a contiguous mask. */
export function maskToPrefixLen(mask: string): number | null {
  const n = parseIPv4(mask);
  if (n === null) return null;
  let len = 0;
  while (len < 32 && ((n >>> (31 - len)) & 1) === 1) len++;
  return prefixMask(len) === n ? len : null;
}

/** The network of an address in a prefix: ("100.64.0.73", 29) → "100.64.0.72/29". */
export function networkOf(ip: string, prefixLen: number): string | null {
  const n = parseIPv4(ip);
  if (n === null || prefixLen < 0 || prefixLen > 32) return null;
  return `${intToIp((n & prefixMask(prefixLen)) >>> 0)}/${prefixLen}`;
}

/** The n-th address after an address ("10.0.12.0", 10 → "10.0.12.10"). */
export function addressPlus(ip: string, n: number): string | null {
  const a = parseIPv4(ip);
  return a === null ? null : intToIp((a + n) >>> 0);
}

function blankInterface(name: string): ConfigInterface {
  return {
    name,
    description: null,
    ip: null,
    prefixLen: null,
    vrf: null,
    nameif: null,
    securityLevel: null,
    shutdown: false,
    unnumbered: null,
    template: false,
  };
}

/** Top-level blocks: a line at column 0 and the indented lines under it. */
function blocks(text: string): { head: string; body: string[] }[] {
  const out: { head: string; body: string[] }[] = [];
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    if (!raw.trim() || raw.trimStart().startsWith('!')) continue;
    if (/^\s/.test(raw)) out[out.length - 1]?.body.push(raw.trim());
    else out.push({ head: raw.trim(), body: [] });
  }
  return out;
}

function route(vrf: string | null, net: string, mask: string, via: string, distance: string | undefined, isIface: (s: string) => boolean): ConfigRoute | null {
  const len = maskToPrefixLen(mask);
  const prefix = len === null ? null : networkOf(net, len);
  if (!prefix) return null;
  const d = distance !== undefined && /^\d+$/.test(distance) ? Number(distance) : null;
  return parseIPv4(via) !== null
    ? { vrf, prefix, nextHop: via, iface: null, distance: d }
    : isIface(via)
      ? { vrf, prefix, nextHop: null, iface: via, distance: d }
      : null;
}

/** IOS XE (the vRouter's day-1 configuration). */
export function readIosConfig(text: string): DeviceConfig {
  const cfg: DeviceConfig = { hostname: null, interfaces: [], routes: [], bgp: null, ikev2Profile: null, urlFiltering: null, wccp: false };
  const all = blocks(text);
  for (const b of all) {
    const w = b.head.split(/\s+/);
    if (w[0] === 'hostname' && w[1]) cfg.hostname = w[1];
    if (w[0] === 'crypto' && w[1] === 'ikev2' && w[2] === 'profile' && w[3]) cfg.ikev2Profile = w[3];
    if (w[0] === 'interface' && w[1]) {
      const i = blankInterface(w[1]);
      i.template = w[2] === 'type' || w[1].startsWith('Virtual-Template');
      for (const line of b.body) {
        const x = line.split(/\s+/);
        if (x[0] === 'description') i.description = line.slice('description'.length).trim() || null;
        else if (x[0] === 'vrf' && x[1] === 'forwarding' && x[2]) i.vrf = x[2];
        else if (x[0] === 'ip' && x[1] === 'address' && x[2] && x[3]) {
          const len = maskToPrefixLen(x[3]);
          if (parseIPv4(x[2]) !== null && len !== null) {
            i.ip = x[2];
            i.prefixLen = len;
          }
        } else if (x[0] === 'ip' && x[1] === 'unnumbered' && x[2]) i.unnumbered = x[2];
        else if (line === 'shutdown') i.shutdown = true;
        else if (line === 'no shutdown') i.shutdown = false;
      }
      cfg.interfaces.push(i);
    }
    if (w[0] === 'router' && w[1] === 'bgp' && w[2]) {
      let vrf: string | null = null;
      const neighbours: string[] = [];
      for (const line of b.body) {
        const x = line.split(/\s+/);
        if (x[0] === 'address-family' && x[2] === 'vrf' && x[3]) vrf = x[3];
        if (x[0] === 'neighbor' && x[1] && x[2] === 'remote-as' && parseIPv4(x[1]) !== null && !neighbours.includes(x[1])) neighbours.push(x[1]);
      }
      cfg.bgp = { asn: w[2], vrf, neighbours };
    }
  }
  const isIface = (s: string) => cfg.interfaces.some((i) => i.name === s) || /^[A-Za-z-]+\d[\d/.]*$/.test(s);
  for (const b of all) {
    const w = b.head.split(/\s+/);
    if (w[0] !== 'ip' || w[1] !== 'route') continue;
    const vrf = w[2] === 'vrf' ? (w[3] ?? null) : null;
    const at = vrf ? 4 : 2;
    const r = route(vrf, w[at] ?? '', w[at + 1] ?? '', w[at + 2] ?? '', w[at + 3], isIface);
    if (r) cfg.routes.push(r);
  }
  return cfg;
}

/** ASA (the vFirewall's day-1 configuration). */
export function readAsaConfig(text: string): DeviceConfig {
  const cfg: DeviceConfig = { hostname: null, interfaces: [], routes: [], bgp: null, ikev2Profile: null, urlFiltering: null, wccp: false };
  const all = blocks(text);
  for (const b of all) {
    const w = b.head.split(/\s+/);
    if (w[0] === 'hostname' && w[1]) cfg.hostname = w[1];
    if (w[0] === 'wccp' && w[1] === 'interface') cfg.wccp = true;
    if (w[0] !== 'interface' || !w[1]) continue;
    const i = blankInterface(w[1]);
    for (const line of b.body) {
      const x = line.split(/\s+/);
      if (x[0] === 'description') i.description = line.slice('description'.length).trim() || null;
      else if (x[0] === 'nameif' && x[1]) i.nameif = x[1];
      else if (x[0] === 'security-level' && x[1] && /^\d+$/.test(x[1])) i.securityLevel = Number(x[1]);
      else if (x[0] === 'ip' && x[1] === 'address' && x[2] && x[3]) {
        const len = maskToPrefixLen(x[3]);
        if (parseIPv4(x[2]) !== null && len !== null) {
          i.ip = x[2];
          i.prefixLen = len;
        }
      } else if (line === 'shutdown') i.shutdown = true;
      else if (line === 'no shutdown') i.shutdown = false;
    }
    cfg.interfaces.push(i);
  }
  for (const b of all) {
    const w = b.head.split(/\s+/);
    if (w[0] !== 'route' || !w[1]) continue;
    const iface = cfg.interfaces.find((i) => i.nameif === w[1]);
    if (!iface) continue;
    const r = route(null, w[2] ?? '', w[3] ?? '', w[4] ?? '', w[5], () => false);
    if (r) cfg.routes.push({ ...r, iface: iface.name });
  }
  return cfg;
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? m[1]! : null;
}

/** AsyncOS (the vWebSecurity's day-1 configuration, XML). */
export function readAsyncOsConfig(text: string): DeviceConfig {
  const cfg: DeviceConfig = { hostname: null, interfaces: [], routes: [], bgp: null, ikev2Profile: null, urlFiltering: null, wccp: false };
  cfg.hostname = /<hostname>([^<]+)<\/hostname>/.exec(text)?.[1]?.trim() ?? null;
  for (const m of text.matchAll(/<interface\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    if (!name) continue;
    const i = blankInterface(name);
    const ip = attr(m[0], 'ip');
    const len = maskToPrefixLen(attr(m[0], 'netmask') ?? '');
    if (ip && parseIPv4(ip) !== null && len !== null) {
      i.ip = ip;
      i.prefixLen = len;
    }
    cfg.interfaces.push(i);
  }
  cfg.urlFiltering = attr(/<url_filtering\b[^>]*>/.exec(text)?.[0] ?? '', 'level');
  cfg.wccp = attr(/<transparent_redirection\b[^>]*>/.exec(text)?.[0] ?? '', 'mode') === 'wccp';
  return cfg;
}
