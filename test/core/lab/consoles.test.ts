// The lab consoles read a day-1 configuration as the device would (IOS XE, ASA, AsyncOS),
// and the small rules of the lab's address plan: CPE uplinks, site hosts, image versions,
// and what a VNF that does not answer says.
import { describe, expect, it } from 'vitest';
import { addressPlus, maskToPrefixLen, networkOf, readAsaConfig, readAsyncOsConfig, readIosConfig } from '../../../core/lab/consoles/config.js';
import { cpeWanAddress, notRespondingReason, siteHosts, versionOfImage } from '../../../core/lab/consoles/device.js';

const IOS = `hostname initech-2e8d-vr-p
!
vrf definition IVRF-50AC2E8D
 rd 4200000005:10008
!
interface GigabitEthernet1
 description management
 ip address 172.24.32.26 255.255.240.0
 no shutdown
!
interface GigabitEthernet3
 description inside: service chain (VNI 10008, VLAN 106)
 vrf forwarding IVRF-50AC2E8D
 ip address 100.64.0.73 255.255.255.248
 no shutdown
!
interface GigabitEthernet5
 ip address 192.0.2.1 255.255.255.0
 shutdown
!
interface Loopback1
 vrf forwarding IVRF-50AC2E8D
 ip address 100.96.0.7 255.255.255.255
!
crypto ikev2 profile CLOUDVPN-IKEV2
 match identity remote fqdn domain initech.cloudvpn.example
!
interface Virtual-Template1 type tunnel
 vrf forwarding IVRF-50AC2E8D
 ip unnumbered Loopback1
!
ip route 198.18.16.1 255.255.255.255 GigabitEthernet2
ip route 0.0.0.0 0.0.0.0 198.18.16.1
ip route vrf IVRF-50AC2E8D 0.0.0.0 0.0.0.0 100.64.0.74
ip route 10.9.0.0 255.255.0.0 100.64.0.74 250
ip route 10.8.0.0 255.255.0.0 not-an-address
!
router bgp 4200000005
 address-family ipv4 vrf IVRF-50AC2E8D
  redistribute connected
  neighbor 100.64.0.106 remote-as 4200000005
  neighbor 100.64.0.106 activate
 exit-address-family
!
end
`;

const ASA = `hostname initech-2e8d-fw-p
!
interface Management0/0
 nameif management
 security-level 100
 ip address 172.24.32.27 255.255.240.0
 management-only
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.18.16.25 255.255.248.0
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 100.64.0.74 255.255.255.248
!
route outside 0.0.0.0 0.0.0.0 198.18.16.1
route inside 10.0.12.0 255.255.255.0 100.64.0.73
route dmz 10.0.99.0 255.255.255.0 100.64.0.99
!
wccp interface inside web-cache redirect in
end
`;

const WSA = `<?xml version="1.0" encoding="ISO-8859-1"?>
<config>
  <hostname>initech-2e8d-ws-p</hostname>
  <interfaces>
    <interface name="Management" ip="172.24.32.28" netmask="255.255.240.0"/>
    <interface name="P1" ip="100.64.0.82" netmask="255.255.255.248"/>
  </interfaces>
  <transparent_redirection mode="wccp">
    <wccp_router>100.64.0.81</wccp_router>
  </transparent_redirection>
  <url_filtering level="base">
    <category name="Adult" action="block"/>
  </url_filtering>
</config>
`;

describe('reading a day-1 configuration', () => {
  it('IOS XE: hostname, interfaces with VRF and shutdown, templates, static routes, BGP', () => {
    const c = readIosConfig(IOS);
    expect(c.hostname).toBe('initech-2e8d-vr-p');
    expect(c.ikev2Profile).toBe('CLOUDVPN-IKEV2');
    expect(c.interfaces.map((i) => [i.name, i.ip, i.prefixLen, i.vrf, i.shutdown, i.template])).toEqual([
      ['GigabitEthernet1', '172.24.32.26', 20, null, false, false],
      ['GigabitEthernet3', '100.64.0.73', 29, 'IVRF-50AC2E8D', false, false],
      ['GigabitEthernet5', '192.0.2.1', 24, null, true, false],
      ['Loopback1', '100.96.0.7', 32, 'IVRF-50AC2E8D', false, false],
      ['Virtual-Template1', null, null, 'IVRF-50AC2E8D', false, true],
    ]);
    expect(c.interfaces[0]!.description).toBe('management');
    expect(c.interfaces[4]!.unnumbered).toBe('Loopback1');
    expect(c.routes).toEqual([
      { vrf: null, prefix: '198.18.16.1/32', nextHop: null, iface: 'GigabitEthernet2', distance: null },
      { vrf: null, prefix: '0.0.0.0/0', nextHop: '198.18.16.1', iface: null, distance: null },
      { vrf: 'IVRF-50AC2E8D', prefix: '0.0.0.0/0', nextHop: '100.64.0.74', iface: null, distance: null },
      { vrf: null, prefix: '10.9.0.0/16', nextHop: '100.64.0.74', iface: null, distance: 250 },
    ]);
    expect(c.bgp).toEqual({ asn: '4200000005', vrf: 'IVRF-50AC2E8D', neighbours: ['100.64.0.106'] });
  });

  it('ASA: nameif and security level, routes by nameif resolved to the interface, WCCP', () => {
    const c = readAsaConfig(ASA);
    expect(c.hostname).toBe('initech-2e8d-fw-p');
    expect(c.interfaces.map((i) => [i.name, i.nameif, i.securityLevel, i.ip, i.prefixLen])).toEqual([
      ['Management0/0', 'management', 100, '172.24.32.27', 20],
      ['GigabitEthernet0/0', 'outside', 0, '198.18.16.25', 21],
      ['GigabitEthernet0/1', 'inside', 100, '100.64.0.74', 29],
    ]);
    // A route through a nameif no interface has is not installed.
    expect(c.routes).toEqual([
      { vrf: null, prefix: '0.0.0.0/0', nextHop: '198.18.16.1', iface: 'GigabitEthernet0/0', distance: null },
      { vrf: null, prefix: '10.0.12.0/24', nextHop: '100.64.0.73', iface: 'GigabitEthernet0/1', distance: null },
    ]);
    expect(c.wccp).toBe(true);
  });

  it('AsyncOS: hostname, interfaces with netmasks, filtering level and WCCP', () => {
    const c = readAsyncOsConfig(WSA);
    expect(c.hostname).toBe('initech-2e8d-ws-p');
    expect(c.interfaces.map((i) => [i.name, i.ip, i.prefixLen])).toEqual([
      ['Management', '172.24.32.28', 20],
      ['P1', '100.64.0.82', 29],
    ]);
    expect(c.urlFiltering).toBe('base');
    expect(c.wccp).toBe(true);
    expect(c.routes).toEqual([]);
  });

  it('masks, networks and address arithmetic', () => {
    expect(['255.255.255.255', '255.255.248.0', '0.0.0.0', '255.0.255.0', 'x'].map(maskToPrefixLen)).toEqual([32, 21, 0, null, null]);
    expect(networkOf('100.64.0.73', 29)).toBe('100.64.0.72/29');
    expect(networkOf('10.1.2.3', 0)).toBe('0.0.0.0/0');
    expect(addressPlus('10.0.12.0', 10)).toBe('10.0.12.10');
    expect(addressPlus('10.0.12.250', 10)).toBe('10.0.13.4');
  });
});

describe('the lab’s address plan for consoles', () => {
  it('gives each CPE one uplink address in 198.19.0.0/16, derived from its LAN, distinct for the first 65534 LANs', () => {
    expect(cpeWanAddress('10.0.12.0/24')).toBe('198.19.0.13');
    expect(cpeWanAddress('10.0.0.0/24')).toBe('198.19.0.1');
    expect(cpeWanAddress('10.1.0.0/24')).toBe('198.19.1.1');
    const seen = new Set<string>();
    for (let b = 0; b < 255; b += 17) for (let c = 0; c < 256; c++) seen.add(cpeWanAddress(`10.${b}.${c}.0/24`)!);
    expect(seen.size).toBe(15 * 256);
    // The last two /24s of 10.0.0.0/8 wrap around (documented in the lab's README).
    expect(cpeWanAddress('10.255.253.0/24')).toBe('198.19.255.254');
    expect(cpeWanAddress('10.255.254.0/24')).toBe(cpeWanAddress('10.0.0.0/24'));
  });

  it('names the hosts of a site that answer: the ones the lab’s traffic uses', () => {
    expect(siteHosts({ lan: '10.0.12.0/24', users: 80 })).toEqual({ first: '10.0.12.10', last: '10.0.12.89' });
    expect(siteHosts({ lan: '10.0.12.0/24', users: 1000 })).toEqual({ first: '10.0.12.10', last: '10.0.12.249' });
    expect(siteHosts({ lan: null, users: 5 })).toBeNull();
  });

  it('reads the software version from the image', () => {
    expect(versionOfImage('csr1000v-universalk9.16.06.qcow2', 'CSR1000V')).toBe('16.06');
    expect(versionOfImage('asav9-8.qcow2', 'ASAv')).toBe('9.8');
    expect(versionOfImage('coeus-11-5-wsav-s100v.qcow2', 'WSAv')).toBe('11.5');
    expect(versionOfImage(null, 'WSAv')).toBe('WSAv');
  });

  it('says why a VNF does not answer, from its state', () => {
    expect(notRespondingReason({ hostname: 'x-vr-p', state: 'ACTIVE', detail: null })).toBeNull();
    expect(notRespondingReason({ hostname: 'x-vr-p', state: 'ERROR', detail: 'lab: failed by the lab' })).toBe(
      'x-vr-p is not responding: its VM is in ERROR (lab: failed by the lab)',
    );
    expect(notRespondingReason({ hostname: 'x-vr-p', state: 'BUILD', detail: null })).toBe('x-vr-p is not responding yet: its VM is booting (BUILD)');
    expect(notRespondingReason({ hostname: 'x-vr-p', state: 'DELETING', detail: null })).toContain('being removed');
  });
});
