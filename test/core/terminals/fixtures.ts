// Device states of a Cloud VPN Advanced service (vRouter → vFirewall → vWebSecurity) and
// a SecMon IPsec enforcer, shaped as the orchestrator will supply them. Test fixtures only:
// in the product these come from the orchestrator's VNF records and the lab's state.
import type { ConsoleProvider, ConsoleTarget, DeviceState } from '../../../core/terminals/consoles/state.js';

const VR_CONFIG = `version 17.3
service timestamps debug datetime msec
service timestamps log datetime msec
no service password-encryption
!
hostname acme-7f3a-vr-p
!
vrf definition IVRF
 rd 65001:100
 address-family ipv4
 exit-address-family
!
crypto ikev2 keyring KR
 peer ANY
  address 0.0.0.0 0.0.0.0
  pre-shared-key ******
!
crypto ikev2 profile IKEV2-PROFILE
 match identity remote address 0.0.0.0
 authentication remote pre-share
 authentication local pre-share
 keyring local KR
 virtual-template 1
!
crypto ipsec profile IPSEC-PROFILE
 set ikev2-profile IKEV2-PROFILE
!
interface GigabitEthernet1
 description outside
 ip address 203.0.113.10 255.255.255.0
!
interface GigabitEthernet2
 description to vFirewall
 vrf forwarding IVRF
 ip address 10.20.0.1 255.255.255.252
!
interface Virtual-Template1 type tunnel
 vrf forwarding IVRF
 ip unnumbered GigabitEthernet2
 tunnel source GigabitEthernet1
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile IPSEC-PROFILE
!
ip route 0.0.0.0 0.0.0.0 203.0.113.1
ip route vrf IVRF 0.0.0.0 0.0.0.0 10.20.0.2
!
end`;

export const vrouter: DeviceState = {
  id: 'vnf-vr-1',
  kind: 'vrouter',
  hostname: 'acme-7f3a-vr-p',
  softwareVersion: '17.3.4a',
  model: 'CSR1000V',
  uptimeS: 2 * 86400 + 3 * 3600 + 4 * 60,
  state: 'ACTIVE',
  runningConfig: VR_CONFIG,
  interfaces: [
    {
      name: 'GigabitEthernet1',
      description: 'outside',
      ip: '203.0.113.10',
      prefixLen: 24,
      mac: '52:54:00:0a:00:01',
      adminUp: true,
      operUp: true,
      counters: { inPackets: 1200, outPackets: 1100, inBytes: 150000, outBytes: 140000 },
    },
    {
      name: 'GigabitEthernet2',
      description: 'to vFirewall',
      ip: '10.20.0.1',
      prefixLen: 30,
      mac: '52:54:00:0a:00:02',
      adminUp: true,
      operUp: true,
      vrf: 'IVRF',
    },
    { name: 'GigabitEthernet3', description: 'spare', ip: null, prefixLen: null, mac: '52:54:00:0a:00:03', adminUp: false, operUp: false },
  ],
  routes: [
    { prefix: '0.0.0.0/0', nextHop: '203.0.113.1', iface: 'GigabitEthernet1', protocol: 'static' },
    { prefix: '203.0.113.0/24', nextHop: null, iface: 'GigabitEthernet1', protocol: 'connected' },
    { prefix: '203.0.113.10/32', nextHop: null, iface: 'GigabitEthernet1', protocol: 'local' },
    { vrf: 'IVRF', prefix: '0.0.0.0/0', nextHop: '10.20.0.2', iface: 'GigabitEthernet2', protocol: 'static' },
    { vrf: 'IVRF', prefix: '10.20.0.0/30', nextHop: null, iface: 'GigabitEthernet2', protocol: 'connected' },
    { vrf: 'IVRF', prefix: '192.168.10.0/24', nextHop: null, iface: 'Virtual-Access2', protocol: 'static' },
  ],
  crypto: [
    {
      peer: '198.51.100.20',
      iface: 'Virtual-Access2',
      localAddress: '203.0.113.10',
      status: 'UP-ACTIVE',
      localSubnet: '0.0.0.0/0.0.0.0',
      remoteSubnet: '192.168.10.0/255.255.255.0',
      ikeVersion: 2,
      uptimeS: 3600,
      packetsIn: 420,
      packetsOut: 415,
    },
    { peer: '198.51.100.21', iface: 'Virtual-Access3', localAddress: '203.0.113.10', status: 'DOWN-NEGOTIATING', ikeVersion: 2 },
  ],
  reachable: ['203.0.113.1', '198.51.100.20', '10.20.0.2'],
};

export const vfirewall: DeviceState = {
  id: 'vnf-fw-1',
  kind: 'vfirewall',
  hostname: 'acme-7f3a-fw-p',
  softwareVersion: '9.16(3)',
  model: 'ASAv30',
  uptimeS: 86400,
  state: 'ACTIVE',
  runningConfig: `hostname acme-7f3a-fw-p
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 198.18.0.10 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.20.0.2 255.255.255.252
object network INSIDE-NET
 subnet 192.168.0.0 255.255.0.0
 nat (inside,outside) dynamic interface
access-list WCCP-REDIRECT extended permit tcp any any eq www
wccp web-cache redirect-list WCCP-REDIRECT
wccp interface inside web-cache redirect in
route outside 0.0.0.0 0.0.0.0 198.18.0.1 1
policy-map global_policy
 class inspection_default
  inspect http
  inspect dns
webvpn
 enable outside
 anyconnect enable`,
  interfaces: [
    {
      name: 'GigabitEthernet0/0',
      nameif: 'outside',
      securityLevel: 0,
      ip: '198.18.0.10',
      prefixLen: 24,
      mac: '52:54:00:0b:00:01',
      adminUp: true,
      operUp: true,
    },
    { name: 'GigabitEthernet0/1', nameif: 'inside', securityLevel: 100, ip: '10.20.0.2', prefixLen: 30, mac: '52:54:00:0b:00:02', adminUp: true, operUp: true },
  ],
  routes: [
    { prefix: '0.0.0.0/0', nextHop: '198.18.0.1', iface: 'GigabitEthernet0/0', protocol: 'static' },
    { prefix: '198.18.0.0/24', nextHop: null, iface: 'GigabitEthernet0/0', protocol: 'connected' },
    { prefix: '10.20.0.0/30', nextHop: null, iface: 'GigabitEthernet0/1', protocol: 'connected' },
  ],
  crypto: [],
  reachable: ['198.18.0.1', '10.20.0.1'],
};

export const vwebsecurity: DeviceState = {
  id: 'vnf-ws-1',
  kind: 'vwebsecurity',
  hostname: 'acme-7f3a-ws-p',
  softwareVersion: '14.0.1-014',
  model: 'S100V',
  uptimeS: 7200,
  state: 'ACTIVE',
  runningConfig: '<config>\n  <wga_config>\n    <prox_acl_url_filtering_level>medium</prox_acl_url_filtering_level>\n  </wga_config>\n</config>',
  interfaces: [{ name: 'M1', description: 'Management', ip: '10.30.0.5', prefixLen: 24, mac: '52:54:00:0c:00:01', adminUp: true, operUp: true }],
  routes: [
    { prefix: '0.0.0.0/0', nextHop: '10.30.0.1', iface: 'M1', protocol: 'static' },
    { prefix: '10.30.0.0/24', nextHop: null, iface: 'M1', protocol: 'connected' },
  ],
  crypto: [],
  reachable: ['10.30.0.1'],
  webSecurity: { urlFiltering: 'medium', proxyPort: 3128, wccp: true, requests: 1520, blocked: 37 },
};

export const enforcer: DeviceState = {
  id: 'enf-1',
  kind: 'enforcer',
  hostname: 'secmon-enf-1',
  softwareVersion: '5.9.8',
  model: 'SecMon IPsec enforcer',
  uptimeS: 5400,
  state: 'ACTIVE',
  runningConfig:
    'connections {\n  secmon-analyser-1 {\n    remote_addrs = 10.40.0.20\n    local { auth = psk }\n    remote { auth = psk }\n    children { secmon { local_ts = 10.40.0.10/32 remote_ts = 10.40.0.20/32 } }\n  }\n}',
  interfaces: [{ name: 'eth0', ip: '10.40.0.10', prefixLen: 24, mac: '52:54:00:0d:00:01', adminUp: true, operUp: true }],
  routes: [
    { prefix: '0.0.0.0/0', nextHop: '10.40.0.1', iface: 'eth0', protocol: 'static' },
    { prefix: '10.40.0.0/24', nextHop: null, iface: 'eth0', protocol: 'connected' },
  ],
  crypto: [
    {
      peer: '10.40.0.20',
      iface: 'eth0',
      name: 'secmon-analyser-1',
      localAddress: '10.40.0.10',
      status: 'UP-ACTIVE',
      localSubnet: '10.40.0.10/32',
      remoteSubnet: '10.40.0.20/32',
      uptimeS: 1200,
      packetsIn: 30,
      packetsOut: 28,
    },
  ],
  reachable: ['10.40.0.1', '10.40.0.20'],
  enforcer: { emsUrl: 'https://ipsec-ems.lab:8443/api', registered: true, lastFetch: '2025-01-01T10:00:00Z', connections: 1 },
};

export const ALL = [vrouter, vfirewall, vwebsecurity, enforcer];

/** A provider over mutable fixture states (tests change them to see consoles follow). */
export class FixtureProvider implements ConsoleProvider {
  readonly states = new Map<string, DeviceState>(ALL.map((s) => [s.id, structuredClone(s)]));
  list(): ConsoleTarget[] {
    return [...this.states.values()].map((s) => ({
      id: s.id,
      kind: s.kind,
      name: s.hostname,
      tenantId: s.kind === 'enforcer' ? null : 't-acme',
      detail: `${s.state} · ${s.model}`,
    }));
  }
  snapshot(id: string): DeviceState | null {
    return this.states.get(id) ?? null;
  }
}
