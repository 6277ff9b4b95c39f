// The variables a day-1 template of each VNF role receives (and the CPE's day-0 template).
// The orchestrator builds values of exactly these types (core/orchestrator/day1.ts); the
// catalog checks an edited template against the samples below, so a template can only use
// names that will exist.
import type { VnfRole } from './contract.js';
import type { TemplateScope } from './templates.js';

export interface SiteVars {
  number: number;
  siteId: string;
  name: string;
  fqdn: string;
  users: number;
  lanNetwork: string;
  lanMask: string;
  lanPrefixLen: number;
  /** The CPE's own address on the LAN: its first host. */
  lanGateway: string;
  cpeModel: string;
}

export interface CommonVars {
  hostname: string;
  serviceId: string;
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  packageName: string;
  path: 'primary' | 'secondary';
  nodeId: number;
  domain: string;
  mgmtIp: string;
  mgmtMask: string;
  mgmtGateway: string;
  vni: number;
  sites: SiteVars[];
}

export interface RouterVars extends CommonVars {
  ivrf: string;
  rd: string;
  asn: string;
  psk: string;
  bandwidthMbps: number;
  outsideIp: string;
  outsideMask: string;
  outsideGateway: string;
  insideIp: string;
  insideMask: string;
  insideVlan: number;
  loopbackIp: string;
  hasFirewall: boolean;
  firewallInsideIp: string;
  redundancy: boolean;
  routePreference: number;
  interlinkIp: string;
  interlinkMask: string;
  peerRouterIp: string;
}

export interface FirewallVars extends CommonVars {
  outsideIp: string;
  outsideMask: string;
  outsideGateway: string;
  insideIp: string;
  insideMask: string;
  routerInsideIp: string;
  webSecurity: boolean;
  serviceIp: string;
  serviceMask: string;
  wsaIp: string;
  remoteAccess: boolean;
  remoteUsers: number;
  raPoolStart: string;
  raPoolEnd: string;
  raPoolMask: string;
  ips: boolean;
}

export interface WebSecurityVars extends CommonVars {
  level: 'low' | 'medium' | 'high';
  levelName: string;
  blockedCategories: string[];
  serviceIp: string;
  serviceMask: string;
  wccpRouterIp: string;
}

export interface IpsVars extends CommonVars {
  policy: string;
  inlineSet: string;
}

export interface CpeTunnelVars {
  number: number;
  path: 'primary' | 'secondary';
  peerIp: string;
  metric: number;
}

export interface CpeVars {
  hostname: string;
  serviceId: string;
  tenantName: string;
  site: SiteVars;
  identity: string;
  psk: string;
  tunnels: CpeTunnelVars[];
}

export type Day1Vars = RouterVars | FirewallVars | WebSecurityVars | IpsVars;

const site: SiteVars = {
  number: 1,
  siteId: 'site-1',
  name: 'Head office',
  fqdn: 'site-1.acme.cloudvpn.example',
  users: 40,
  lanNetwork: '10.20.1.0',
  lanMask: '255.255.255.0',
  lanPrefixLen: 24,
  lanGateway: '10.20.1.1',
  cpeModel: 'ISR 1111-4P',
};

const common: CommonVars = {
  hostname: 'acme-vr-p',
  serviceId: 'svc_0123abcd',
  tenantId: 'acme',
  tenantName: 'Acme Corp',
  tenantSlug: 'acme',
  packageName: 'Advanced',
  path: 'primary',
  nodeId: 101,
  domain: 'acme.cloudvpn.example',
  mgmtIp: '192.0.2.10',
  mgmtMask: '255.255.255.0',
  mgmtGateway: '192.0.2.1',
  vni: 10001,
  sites: [site],
};

export const DAY1_SAMPLES: Record<VnfRole, TemplateScope> = {
  router: {
    ...common,
    ivrf: 'IVRF-0123ABCD',
    rd: '4200000001:10001',
    asn: '4200000001',
    psk: '<psk>',
    bandwidthMbps: 50,
    outsideIp: '198.18.0.10',
    outsideMask: '255.255.248.0',
    outsideGateway: '198.18.0.1',
    insideIp: '100.64.0.1',
    insideMask: '255.255.255.248',
    insideVlan: 101,
    loopbackIp: '100.96.0.1',
    hasFirewall: true,
    firewallInsideIp: '100.64.0.2',
    redundancy: true,
    routePreference: 10,
    interlinkIp: '100.64.0.9',
    interlinkMask: '255.255.255.248',
    peerRouterIp: '100.64.0.10',
  } satisfies RouterVars as unknown as TemplateScope,
  firewall: {
    ...common,
    outsideIp: '198.18.0.11',
    outsideMask: '255.255.248.0',
    outsideGateway: '198.18.0.1',
    insideIp: '100.64.0.2',
    insideMask: '255.255.255.248',
    routerInsideIp: '100.64.0.1',
    webSecurity: true,
    serviceIp: '100.64.0.17',
    serviceMask: '255.255.255.248',
    wsaIp: '100.64.0.18',
    remoteAccess: true,
    remoteUsers: 50,
    raPoolStart: '172.16.0.10',
    raPoolEnd: '172.16.0.250',
    raPoolMask: '255.255.255.0',
    ips: true,
  } satisfies FirewallVars as unknown as TemplateScope,
  'web-security': {
    ...common,
    level: 'medium',
    levelName: 'medium',
    blockedCategories: ['Adult', 'Malware Sites'],
    serviceIp: '100.64.0.18',
    serviceMask: '255.255.255.248',
    wccpRouterIp: '100.64.0.17',
  } satisfies WebSecurityVars as unknown as TemplateScope,
  ips: { ...common, policy: 'Balanced Security and Connectivity', inlineSet: 'CLOUDVPN' } satisfies IpsVars as unknown as TemplateScope,
};

export const CPE_SAMPLE: TemplateScope = {
  hostname: 'acme-site-1',
  serviceId: 'svc_0123abcd',
  tenantName: 'Acme Corp',
  site,
  identity: 'site-1.acme.cloudvpn.example',
  psk: '<psk>',
  tunnels: [
    { number: 1, path: 'primary', peerIp: '198.18.0.10', metric: 10 },
    { number: 2, path: 'secondary', peerIp: '198.18.8.10', metric: 20 },
  ],
} satisfies CpeVars as unknown as TemplateScope;

/** Categories the vWS blocks at each URL filtering level (the seed's base / medium / high). */
export const URL_CATEGORIES: Record<'low' | 'medium' | 'high', string[]> = {
  low: ['Adult', 'Malware Sites', 'Phishing and Fraud'],
  medium: ['Adult', 'Malware Sites', 'Phishing and Fraud', 'Gambling', 'Illegal Drugs', 'Hate Speech', 'Filter Avoidance'],
  high: [
    'Adult',
    'Malware Sites',
    'Phishing and Fraud',
    'Gambling',
    'Illegal Drugs',
    'Hate Speech',
    'Filter Avoidance',
    'Peer File Transfer',
    'Social Networking',
    'Streaming Video',
    'Online Games',
  ],
};
