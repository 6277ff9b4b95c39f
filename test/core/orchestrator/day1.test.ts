import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../core/catalog/defaults.js';
import type { VnfRole } from '../../../core/catalog/contract.js';
import { compactDiff, lineDiff, MASKED, renderCpe, renderDay1, type PathNet, type ServiceNet } from '../../../core/orchestrator/day1.js';
import { block } from '../../../core/orchestrator/net.js';

const type = (id: string) => DEFAULT_CATALOG.vnfTypes.find((t) => t.id === id)!;

function nets(o: Partial<ServiceNet> = {}, path: 'primary' | 'secondary' = 'primary'): { s: ServiceNet; p: PathNet } {
  const s: ServiceNet = {
    serviceId: 'svc_0123456789',
    tenantId: 'acme',
    tenantName: 'Acme Corp',
    tenantSlug: 'acme',
    packageName: 'Advanced with Web Security',
    psk: 'Sup3rSecretKey',
    vni: 10007,
    asn: 4200000003,
    bandwidthMbps: 50,
    remoteUsers: 20,
    urlFiltering: 'high',
    ips: false,
    redundant: true,
    sites: [1, 2].map((n) => ({
      number: n,
      siteId: `site-${n}`,
      name: `Site ${n}`,
      fqdn: `site-${n}.acme.cloudvpn.example`,
      users: 30,
      lanNetwork: `10.0.${n}.0`,
      lanMask: '255.255.255.0',
      lanPrefixLen: 24,
      lanGateway: `10.0.${n}.1`,
      cpeModel: 'ISR 4221',
    })),
    ravpn: block('172.16.0.0', 256, 4),
    interlink: block('100.64.0.0', 8, 9),
    ...o,
  };
  const p: PathNet = {
    path,
    mgmtMask: '255.255.240.0',
    mgmtGateway: '172.24.0.1',
    publicMask: '255.255.248.0',
    publicGateway: '198.18.0.1',
    mgmt: { router: '172.24.0.20', firewall: '172.24.0.21', 'web-security': '172.24.0.22' },
    routerOutside: '198.18.0.20',
    firewallOutside: '198.18.0.21',
    inside: block('100.64.0.0', 8, 1),
    service: block('100.64.0.0', 8, 2),
    loopback: '100.96.0.5',
    vlanInside: 101,
    vlanService: 102,
  };
  return { s, p };
}

const roles: VnfRole[] = ['router', 'firewall', 'web-security'];

describe('day-1 configuration', () => {
  it('vRouter: an IPsec VTI per site (virtual template, a keyring peer each), the IVRF, the default route to the vFW, BGP to the other path', () => {
    const { s, p } = nets();
    const { config, masked } = renderDay1(type('vrouter'), s, p, 77, roles);
    expect(config).toContain('vrf definition IVRF-23456789');
    expect(config).toContain('interface Virtual-Template1 type tunnel');
    expect(config).toContain(' tunnel protection ipsec profile CLOUDVPN-IPSEC');
    expect(config.match(/^ peer site-\d$/gm)).toEqual([' peer site-1', ' peer site-2']);
    expect(config).toContain('  identity fqdn site-2.acme.cloudvpn.example');
    expect(config).toContain('ip route vrf IVRF-23456789 0.0.0.0 0.0.0.0 100.64.0.10'); // the vFW's inside address
    expect(config).toContain('router bgp 4200000003');
    expect(config).toContain('  neighbor 100.64.0.74 remote-as 4200000003'); // the secondary vRouter on the interlink
    expect(config).toContain('platform hardware throughput level MB 50');
    expect(config).toContain('pre-shared-key Sup3rSecretKey');
    expect(masked).not.toContain('Sup3rSecretKey');
    expect(masked).toContain(`pre-shared-key ${MASKED}`);
    // Foundation: no firewall, no default route into the chain
    const f = renderDay1(type('vrouter'), { ...s, redundant: false, interlink: null }, p, 77, ['router']).config;
    expect(f).not.toContain('0.0.0.0 0.0.0.0 100.64');
    expect(f).toContain('Foundation: site-to-site only');
    expect(f).not.toContain('router bgp');
  });

  it('vFirewall: inside / outside, NAT, inspection, WCCP redirect to the vWS, webvpn for remote users', () => {
    const { s, p } = nets();
    const c = renderDay1(type('vfirewall'), s, p, 78, roles).config;
    expect(c).toMatch(/nameif outside\n security-level 0/);
    expect(c).toMatch(/nameif inside\n security-level 100/);
    expect(c).toContain('nat (inside,outside) after-auto source dynamic ENTERPRISE-SITES interface');
    expect(c).toContain('  inspect http');
    expect(c).toContain('wccp web-cache redirect-list WCCP-REDIRECT group-list WCCP-SERVERS');
    expect(c).toContain('access-list WCCP-SERVERS standard permit host 100.64.0.18');
    expect(c).toContain('webvpn\n enable outside');
    expect(c).toContain('ip local pool RA-POOL 172.16.4.10-172.16.4.29 mask 255.255.255.0');
    expect(c).toContain(' network-object 10.0.2.0 255.255.255.0');
    const plain = renderDay1(type('vfirewall'), { ...s, remoteUsers: 0 }, p, 78, ['router', 'firewall']).config;
    expect(plain).not.toContain('wccp');
    expect(plain).not.toContain('webvpn');
  });

  it('vWeb Security: the URL filtering level and its categories', () => {
    const { s, p } = nets();
    const high = renderDay1(type('vwebsecurity'), s, p, 79, roles).config;
    expect(high).toContain('<url_filtering level="high">');
    expect(high).toContain('<category name="Social Networking" action="block"/>');
    const low = renderDay1(type('vwebsecurity'), { ...s, urlFiltering: 'low' }, p, 79, roles).config;
    expect(low).toContain('<url_filtering level="base">');
    expect(low).not.toContain('Social Networking');
  });

  it('CPE: one tunnel per service path, the primary cheaper, its LAN address the first host', () => {
    const { s } = nets();
    const cpes = renderCpe(DEFAULT_CATALOG, s, [
      { path: 'primary', peerIp: '198.18.0.20' },
      { path: 'secondary', peerIp: '198.18.8.20' },
    ]);
    expect(cpes).toHaveLength(2);
    expect(cpes[0]!.config).toContain('ip route 0.0.0.0 0.0.0.0 Tunnel1 10');
    expect(cpes[0]!.config).toContain('ip route 0.0.0.0 0.0.0.0 Tunnel2 20');
    expect(cpes[0]!.config).toContain(' tunnel destination 198.18.8.20');
    expect(cpes[1]!.config).toContain('identity local fqdn site-2.acme.cloudvpn.example');
    expect(cpes[1]!.config).toContain(' ip address 10.0.2.1 255.255.255.0');
    expect(cpes[0]!.config).not.toContain('Sup3rSecretKey');
  });

  it('diffs configurations line by line', () => {
    const d = lineDiff('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(d.filter((l) => l.op !== ' ')).toEqual([
      { op: '-', text: 'b' },
      { op: '+', text: 'B' },
      { op: '+', text: 'e' },
    ]);
    expect(compactDiff(lineDiff('1\n2\n3\n4\n5\n6\n7\n8', '1\n2\n3\n4\n5\n6\n7\nX'), 1).map((l) => l.text)).toEqual(['7', '8', 'X']);
  });
});
