// Day-1 configuration rendering: the variables of each VNF of a chain, made from the
// service's intent and its allocations, run through the catalog's templates.
//   vRouter: IPsec VTI per site (a Virtual-Access cloned per site), the IVRF, the default
//            route to the vFirewall, BGP over the inter-vRouter link when redundant;
//   vFW:     inside / outside, NAT, inspection, WCCP redirect to the vWS, webvpn;
//   vWS:     the URL filtering level;  vIPS: the inline pair and its policy.
import type { CatalogDocument, VnfRole, VnfType } from '../catalog/contract.js';
import { renderTemplate, type TemplateScope } from '../catalog/templates.js';
import { URL_CATEGORIES, type CommonVars, type CpeVars, type FirewallVars, type IpsVars, type RouterVars, type SiteVars, type WebSecurityVars } from '../catalog/day1-vars.js';
import type { PathName } from './contract.js';
import type { Block } from './net.js';

export const MASKED = '******';

/** Addresses of one service path (a chain on one server of one PoD). */
export interface PathNet {
  path: PathName;
  mgmtMask: string;
  mgmtGateway: string;
  publicMask: string;
  publicGateway: string;
  /** Management address per role in the chain. */
  mgmt: Partial<Record<VnfRole, string>>;
  routerOutside: string;
  firewallOutside: string | null;
  inside: Block;
  service: Block | null;
  loopback: string;
  vlanInside: number;
  vlanService: number | null;
}

export interface ServiceNet {
  serviceId: string;
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  packageName: string;
  psk: string;
  vni: number;
  asn: number;
  bandwidthMbps: number;
  remoteUsers: number;
  urlFiltering: 'low' | 'medium' | 'high' | null;
  ips: boolean;
  redundant: boolean;
  sites: SiteVars[];
  ravpn: Block | null;
  interlink: Block | null;
}

const ABBREV: Record<VnfRole, string> = { router: 'vr', firewall: 'fw', 'web-security': 'ws', ips: 'ips' };

export function hostnameOf(s: Pick<ServiceNet, 'tenantSlug' | 'serviceId'>, role: VnfRole, path: PathName): string {
  return `${s.tenantSlug}-${s.serviceId.slice(-4)}-${ABBREV[role]}-${path === 'primary' ? 'p' : 's'}`;
}

export function domainOf(tenantSlug: string): string {
  return `${tenantSlug}.cloudvpn.example`;
}

export const ROUTE_COST: Record<PathName, number> = { primary: 10, secondary: 20 };

function common(s: ServiceNet, p: PathNet, role: VnfRole, nodeId: number): CommonVars {
  return {
    hostname: hostnameOf(s, role, p.path),
    serviceId: s.serviceId,
    tenantId: s.tenantId,
    tenantName: s.tenantName,
    tenantSlug: s.tenantSlug,
    packageName: s.packageName,
    path: p.path,
    nodeId,
    domain: domainOf(s.tenantSlug),
    mgmtIp: p.mgmt[role] ?? '0.0.0.0',
    mgmtMask: p.mgmtMask,
    mgmtGateway: p.mgmtGateway,
    vni: s.vni,
    sites: s.sites,
  };
}

/** The variables of one VNF of a path; `roles` are the roles present in the chain. */
export function varsFor(s: ServiceNet, p: PathNet, role: VnfRole, nodeId: number, roles: readonly VnfRole[], psk: string): TemplateScope {
  const c = common(s, p, role, nodeId);
  const hasFw = roles.includes('firewall');
  const hasWs = roles.includes('web-security');
  switch (role) {
    case 'router': {
      const il = s.interlink;
      const v: RouterVars = {
        ...c,
        ivrf: `IVRF-${s.serviceId.slice(-8).toUpperCase()}`,
        rd: `${s.asn}:${s.vni}`,
        asn: String(s.asn),
        psk,
        bandwidthMbps: s.bandwidthMbps,
        outsideIp: p.routerOutside,
        outsideMask: p.publicMask,
        outsideGateway: p.publicGateway,
        insideIp: p.inside.host(1),
        insideMask: p.inside.mask,
        insideVlan: p.vlanInside,
        loopbackIp: p.loopback,
        hasFirewall: hasFw,
        firewallInsideIp: hasFw ? p.inside.host(2) : '',
        redundancy: s.redundant && il !== null,
        routePreference: ROUTE_COST[p.path],
        interlinkIp: il ? il.host(p.path === 'primary' ? 1 : 2) : '',
        interlinkMask: il ? il.mask : '',
        peerRouterIp: il ? il.host(p.path === 'primary' ? 2 : 1) : '',
      };
      return v as unknown as TemplateScope;
    }
    case 'firewall': {
      const ra = s.ravpn;
      const v: FirewallVars = {
        ...c,
        outsideIp: p.firewallOutside ?? '',
        outsideMask: p.publicMask,
        outsideGateway: p.publicGateway,
        insideIp: p.inside.host(2),
        insideMask: p.inside.mask,
        routerInsideIp: p.inside.host(1),
        webSecurity: hasWs && p.service !== null,
        serviceIp: p.service ? p.service.host(1) : '',
        serviceMask: p.service ? p.service.mask : '',
        wsaIp: p.service ? p.service.host(2) : '',
        remoteAccess: s.remoteUsers > 0 && ra !== null,
        remoteUsers: s.remoteUsers,
        raPoolStart: ra ? ra.host(10) : '',
        raPoolEnd: ra ? ra.host(Math.min(250, 9 + Math.max(1, s.remoteUsers))) : '',
        raPoolMask: ra ? ra.mask : '',
        ips: s.ips,
      };
      return v as unknown as TemplateScope;
    }
    case 'web-security': {
      const level = s.urlFiltering ?? 'medium';
      const v: WebSecurityVars = {
        ...c,
        level,
        levelName: level === 'low' ? 'base' : level,
        blockedCategories: URL_CATEGORIES[level],
        serviceIp: p.service ? p.service.host(2) : '',
        serviceMask: p.service ? p.service.mask : '',
        wccpRouterIp: p.service ? p.service.host(1) : '',
      };
      return v as unknown as TemplateScope;
    }
    case 'ips': {
      const v: IpsVars = { ...c, policy: 'Balanced Security and Connectivity', inlineSet: 'CLOUDVPN' };
      return v as unknown as TemplateScope;
    }
  }
}

/** The configuration to push (with the key) and the one to show (key masked). */
export function renderDay1(type: VnfType, s: ServiceNet, p: PathNet, nodeId: number, roles: readonly VnfRole[]): { config: string; masked: string } {
  return {
    config: renderTemplate(type.day1Template, varsFor(s, p, type.role, nodeId, roles, s.psk)),
    masked: renderTemplate(type.day1Template, varsFor(s, p, type.role, nodeId, roles, MASKED)),
  };
}

/** The zero-touch configuration of each site's CPE: one tunnel per service path, the primary cheaper. */
export function renderCpe(doc: CatalogDocument, s: ServiceNet, peers: { path: PathName; peerIp: string }[], mask = true): { site: number; name: string; config: string }[] {
  return s.sites.map((site) => {
    const v: CpeVars = {
      hostname: `${s.tenantSlug}-site-${site.number}`,
      serviceId: s.serviceId,
      tenantName: s.tenantName,
      site,
      identity: site.fqdn,
      psk: mask ? MASKED : s.psk,
      tunnels: peers.map((p, i) => ({ number: i + 1, path: p.path, peerIp: p.peerIp, metric: ROUTE_COST[p.path] })),
    };
    return { site: site.number, name: site.name, config: renderTemplate(doc.cpeTemplate, v as unknown as TemplateScope) };
  });
}

/** A line diff (longest common subsequence) for the dry-run view of changed configurations. */
export function lineDiff(before: string, after: string): { op: '+' | '-' | ' '; text: string }[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const out: { op: '+' | '-' | ' '; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}

/** Only the changed lines with a little context. */
export function compactDiff(lines: { op: '+' | '-' | ' '; text: string }[], context = 2): { op: '+' | '-' | ' '; text: string }[] {
  const keep = new Set<number>();
  lines.forEach((l, i) => {
    if (l.op !== ' ') for (let k = i - context; k <= i + context; k++) keep.add(k);
  });
  return lines.filter((_, i) => keep.has(i));
}
