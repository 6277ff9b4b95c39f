// The first version of the catalog. The seed's tables (6-1, 6-3) lost their numbers; the
// values here are our choices, each with its reason in `note` and in README.md. An admin
// edits them (catalog.update), and every edit is a new version.
import type { CatalogDocument } from './contract.js';

const ROUTER_TEMPLATE = `hostname {{hostname}}
!
! Podium day-1 configuration — {{packageName}}, {{path}} path
! service {{serviceId}} of {{tenantName}}; Node ID {{nodeId}}
!
platform hardware throughput level MB {{bandwidthMbps}}
!
vrf definition {{ivrf}}
 rd {{rd}}
 address-family ipv4
 exit-address-family
!
interface GigabitEthernet1
 description management
 ip address {{mgmtIp}} {{mgmtMask}}
 no shutdown
!
interface GigabitEthernet2
 description outside: IPsec termination for the sites
 ip address {{outsideIp}} {{outsideMask}}
 no shutdown
!
interface GigabitEthernet3
 description inside: service chain (VNI {{vni}}, VLAN {{insideVlan}})
 vrf forwarding {{ivrf}}
 ip address {{insideIp}} {{insideMask}}
 no shutdown
!
interface Loopback1
 description unnumbered source of the site tunnels
 vrf forwarding {{ivrf}}
 ip address {{loopbackIp}} 255.255.255.255
!
aaa new-model
aaa authorization network CLOUDVPN-AUTHZ local
!
crypto ikev2 authorization policy CLOUDVPN-AUTHZ
 route set interface
 route accept any
!
crypto ikev2 proposal CLOUDVPN-PROP
 encryption aes-cbc-256
 integrity sha256
 group 14
!
crypto ikev2 policy CLOUDVPN-POL
 proposal CLOUDVPN-PROP
!
crypto ikev2 keyring CLOUDVPN-KR
{{#each sites}}
 peer {{siteId}}
  description {{name}} ({{users}} users, LAN {{lanNetwork}}/{{lanPrefixLen}})
  identity fqdn {{fqdn}}
  pre-shared-key {{psk}}
{{/each}}
!
crypto ikev2 profile CLOUDVPN-IKEV2
 match identity remote fqdn domain {{domain}}
 identity local address {{outsideIp}}
 authentication remote pre-share
 authentication local pre-share
 keyring local CLOUDVPN-KR
 aaa authorization group psk list CLOUDVPN-AUTHZ CLOUDVPN-AUTHZ
 virtual-template 1
!
crypto ipsec transform-set CLOUDVPN-TS esp-aes 256 esp-sha256-hmac
 mode tunnel
!
crypto ipsec profile CLOUDVPN-IPSEC
 set transform-set CLOUDVPN-TS
 set ikev2-profile CLOUDVPN-IKEV2
!
! one Virtual-Access (an IPsec VTI) per site is cloned from this template
interface Virtual-Template1 type tunnel
 vrf forwarding {{ivrf}}
 ip unnumbered Loopback1
 tunnel source GigabitEthernet2
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile CLOUDVPN-IPSEC
!
ip route {{outsideGateway}} 255.255.255.255 GigabitEthernet2
ip route 0.0.0.0 0.0.0.0 {{outsideGateway}}
{{#if hasFirewall}}
! Internet-bound traffic of every site goes to the vFirewall
ip route vrf {{ivrf}} 0.0.0.0 0.0.0.0 {{firewallInsideIp}}
{{else}}
! Foundation: site-to-site only; no Internet breakout in the cloud
{{/if}}
{{#if redundancy}}
!
interface GigabitEthernet4
 description inter-vRouter link to the other service path
 vrf forwarding {{ivrf}}
 ip address {{interlinkIp}} {{interlinkMask}}
 no shutdown
!
router bgp {{asn}}
 bgp log-neighbor-changes
 address-family ipv4 vrf {{ivrf}}
  redistribute connected
  redistribute static
  neighbor {{peerRouterIp}} remote-as {{asn}}
  neighbor {{peerRouterIp}} activate
 exit-address-family
{{/if}}
!
end
`;

const FIREWALL_TEMPLATE = `hostname {{hostname}}
!
! Podium day-1 configuration — {{packageName}}, {{path}} path
! service {{serviceId}} of {{tenantName}}; Node ID {{nodeId}}
!
interface Management0/0
 nameif management
 security-level 100
 ip address {{mgmtIp}} {{mgmtMask}}
 management-only
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address {{outsideIp}} {{outsideMask}}
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address {{insideIp}} {{insideMask}}
{{#if webSecurity}}
!
interface GigabitEthernet0/2
 nameif wsa
 security-level 90
 ip address {{serviceIp}} {{serviceMask}}
{{/if}}
!
route outside 0.0.0.0 0.0.0.0 {{outsideGateway}}
{{#each sites}}
route inside {{lanNetwork}} {{lanMask}} {{routerInsideIp}}
{{/each}}
!
object-group network ENTERPRISE-SITES
{{#each sites}}
 network-object {{lanNetwork}} {{lanMask}}
{{/each}}
!
! topology hiding: the sites leave with the public address of the outside interface
nat (inside,outside) after-auto source dynamic ENTERPRISE-SITES interface
!
access-list INSIDE-IN extended permit ip object-group ENTERPRISE-SITES any
access-group INSIDE-IN in interface inside
!
policy-map global_policy
 class inspection_default
  inspect dns preset_dns_map
  inspect ftp
  inspect http
  inspect icmp
  inspect sip
  inspect esmtp
service-policy global_policy global
{{#if webSecurity}}
!
! web traffic of the sites is redirected to the vWeb Security
access-list WCCP-REDIRECT extended permit tcp object-group ENTERPRISE-SITES any eq www
access-list WCCP-REDIRECT extended permit tcp object-group ENTERPRISE-SITES any eq https
access-list WCCP-SERVERS standard permit host {{wsaIp}}
wccp web-cache redirect-list WCCP-REDIRECT group-list WCCP-SERVERS
wccp interface inside web-cache redirect in
{{/if}}
{{#if remoteAccess}}
!
! remote access for up to {{remoteUsers}} mobile users (AnyConnect over SSL)
ip local pool RA-POOL {{raPoolStart}}-{{raPoolEnd}} mask {{raPoolMask}}
webvpn
 enable outside
 anyconnect image disk0:/anyconnect-webdeploy-k9.pkg 1
 anyconnect enable
 tunnel-group-list enable
group-policy RA-POLICY internal
group-policy RA-POLICY attributes
 vpn-tunnel-protocol ssl-client
 split-tunnel-policy tunnelspecified
 split-tunnel-network-list value RA-SPLIT
access-list RA-SPLIT standard permit any4
tunnel-group CLOUDVPN-RA type remote-access
tunnel-group CLOUDVPN-RA general-attributes
 address-pool RA-POOL
 default-group-policy RA-POLICY
tunnel-group CLOUDVPN-RA webvpn-attributes
 group-alias {{tenantSlug}} enable
{{/if}}
{{#if ips}}
!
! intrusion prevention: outside traffic crosses the vIPS inline pair
{{/if}}
!
end
`;

const WEB_SECURITY_TEMPLATE = `<?xml version="1.0" encoding="ISO-8859-1"?>
<!-- Podium day-1 configuration — {{packageName}}, {{path}} path -->
<!-- service {{serviceId}} of {{tenantName}}; Node ID {{nodeId}} -->
<config>
  <hostname>{{hostname}}</hostname>
  <interfaces>
    <interface name="Management" ip="{{mgmtIp}}" netmask="{{mgmtMask}}"/>
    <interface name="P1" ip="{{serviceIp}}" netmask="{{serviceMask}}"/>
  </interfaces>
  <transparent_redirection mode="wccp">
    <wccp_router>{{wccpRouterIp}}</wccp_router>
    <wccp_service>web-cache</wccp_service>
  </transparent_redirection>
  <url_filtering level="{{levelName}}">
{{#each blockedCategories}}
    <category name="{{this}}" action="block"/>
{{/each}}
  </url_filtering>
</config>
`;

const IPS_TEMPLATE = `! Podium day-1 configuration — {{packageName}}, {{path}} path
! service {{serviceId}} of {{tenantName}}; Node ID {{nodeId}}
configure network hostname {{hostname}}
configure network ipv4 manual {{mgmtIp}} {{mgmtMask}} {{mgmtGateway}}
configure inline-set {{inlineSet}} interfaces eth1 eth2 mode inline failsafe
configure intrusion-policy "{{policy}}" inline-set {{inlineSet}}
`;

const CPE_TEMPLATE = `hostname {{hostname}}
!
! Podium zero-touch configuration — {{site.name}} of {{tenantName}} (service {{serviceId}})
!
crypto ikev2 profile CLOUDVPN
 identity local fqdn {{identity}}
 authentication local pre-share key {{psk}}
 authentication remote pre-share key {{psk}}
!
interface GigabitEthernet0/0/1
 description LAN {{site.lanNetwork}}/{{site.lanPrefixLen}}
 ip address {{site.lanGateway}} {{site.lanMask}}
!
{{#each tunnels}}
interface Tunnel{{number}}
 description {{path}} Cloud VPN path
 ip unnumbered GigabitEthernet0/0/1
 tunnel source GigabitEthernet0/0/0
 tunnel destination {{peerIp}}
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile CLOUDVPN
!
ip route 0.0.0.0 0.0.0.0 Tunnel{{number}} {{metric}}
{{/each}}
!
end
`;

export const DEFAULT_CATALOG: CatalogDocument = {
  currency: 'USD',
  vnfTypes: [
    {
      id: 'vrouter',
      name: 'vRouter',
      role: 'router',
      software: 'CSR1000V',
      image: 'csr1000v-universalk9.16.06.qcow2',
      vcpu: 2,
      ramMb: 4096,
      diskGb: 8,
      interfaces: [
        { name: 'GigabitEthernet1', network: 'mgmt' },
        { name: 'GigabitEthernet2', network: 'outside' },
        { name: 'GigabitEthernet3', network: 'inside' },
        { name: 'GigabitEthernet4', network: 'service' },
      ],
      bootSeconds: 240,
      functions: ['IPsec aggregation', 'Service routing'],
      day1Template: ROUTER_TEMPLATE,
      note: '2 vCPU / 4 GB / 8 GB: the CSR1000V small footprint that carries IPsec for tens of sites at up to 100 Mbps; 1 vCPU would not leave a core for crypto.',
    },
    {
      id: 'vfirewall',
      name: 'vFirewall',
      role: 'firewall',
      software: 'ASAv',
      image: 'asav9-8.qcow2',
      vcpu: 1,
      ramMb: 2048,
      diskGb: 8,
      interfaces: [
        { name: 'Management0/0', network: 'mgmt' },
        { name: 'GigabitEthernet0/0', network: 'outside' },
        { name: 'GigabitEthernet0/1', network: 'inside' },
        { name: 'GigabitEthernet0/2', network: 'service' },
      ],
      bootSeconds: 300,
      functions: ['Firewall', 'NAT', 'Remote access VPN'],
      day1Template: FIREWALL_TEMPLATE,
      note: '1 vCPU / 2 GB / 8 GB: the ASAv10 size — 1 Gbps of inspection and 250 AnyConnect peers, well above a 100 Mbps tenant.',
    },
    {
      id: 'vwebsecurity',
      name: 'vWeb Security',
      role: 'web-security',
      software: 'WSAv',
      image: 'coeus-11-5-wsav-s100v.qcow2',
      vcpu: 2,
      ramMb: 6144,
      diskGb: 200,
      interfaces: [
        { name: 'Management', network: 'mgmt' },
        { name: 'P1', network: 'service' },
      ],
      bootSeconds: 420,
      functions: ['URL filtering'],
      day1Template: WEB_SECURITY_TEMPLATE,
      note: '2 vCPU / 6 GB / 200 GB: a small WSAv; the disk holds the web cache and logs, which is why it is the largest disk in the chain.',
    },
    {
      id: 'vips',
      name: 'vIPS',
      role: 'ips',
      software: 'NGIPSv',
      image: 'ngipsv-6-2.qcow2',
      vcpu: 6,
      ramMb: 8192,
      diskGb: 50,
      interfaces: [
        { name: 'eth0', network: 'mgmt' },
        { name: 'eth1', network: 'inside' },
        { name: 'eth2', network: 'outside' },
      ],
      bootSeconds: 600,
      functions: ['Intrusion prevention'],
      day1Template: IPS_TEMPLATE,
      note: '6 vCPU / 8 GB / 50 GB: deep inspection is the costliest work per packet; at 6 vCPU the IPS option more than doubles Advanced (3 → 9) and Advanced with Web Security (5 → 11), as the seed says.',
    },
  ],
  packages: [
    {
      id: 'foundation',
      name: 'Foundation',
      description: 'Site-to-site IPsec VPN between your sites through a cloud vRouter.',
      chain: ['vrouter'],
      allows: { ips: false, urlFiltering: false, remoteUsers: false, automatedRecovery: true },
      price: { setup: 250, monthly: 180, perSiteMonthly: 20 },
      orderable: true,
    },
    {
      id: 'advanced',
      name: 'Advanced',
      description: 'Foundation plus a cloud firewall: Internet access with NAT and inspection, and remote users over SSL VPN.',
      chain: ['vrouter', 'vfirewall'],
      allows: { ips: true, urlFiltering: false, remoteUsers: true, automatedRecovery: true },
      price: { setup: 400, monthly: 390, perSiteMonthly: 25 },
      orderable: true,
    },
    {
      id: 'advanced-ws',
      name: 'Advanced with Web Security',
      description: 'Advanced plus web security: URL filtering of the web traffic of every site.',
      chain: ['vrouter', 'vfirewall', 'vwebsecurity'],
      allows: { ips: true, urlFiltering: true, remoteUsers: true, automatedRecovery: true },
      price: { setup: 550, monthly: 640, perSiteMonthly: 30 },
      orderable: true,
    },
  ],
  options: {
    ips: { vnfTypeId: 'vips', monthly: 320, label: 'Intrusion prevention' },
    urlFiltering: { levels: ['low', 'medium', 'high'], default: 'medium', label: 'URL filtering' },
    remoteUsers: { perUserMonthly: 3, max: 250, label: 'Remote users (SSL VPN)' },
    automatedRecovery: { monthlyFactor: 0.8, label: 'Automated recovery (a redundant path in another data centre)' },
  },
  bandwidths: [
    { mbps: 10, monthly: 0 },
    { mbps: 50, monthly: 90 },
    { mbps: 100, monthly: 160 },
  ],
  cpeModels: [
    { id: 'isr1111', name: 'ISR 1111-4P', description: 'Small branch: 4 LAN ports, up to 50 Mbps of IPsec.', price: 690, maxMbps: 50, ports: 4, orderable: true },
    { id: 'isr4221', name: 'ISR 4221', description: 'Branch: 2 LAN ports and a module slot, up to 100 Mbps of IPsec.', price: 1290, maxMbps: 100, ports: 2, orderable: true },
    { id: 'isr4331', name: 'ISR 4331', description: 'Large branch or head office: up to 300 Mbps of IPsec.', price: 2450, maxMbps: 300, ports: 3, orderable: true },
  ],
  shipping: { perSite: 35 },
  cpeTemplate: CPE_TEMPLATE,
  limits: { maxSites: 50, maxUsersPerSite: 10_000, maxGrowthPercent: 300 },
};
