// The fields of a flow record that filters and group-bys name. Pure data and helpers (no
// Node imports): the renderer reads it for autocompletion and labels.

export type FieldKind = 'addr' | 'number' | 'enum';

export interface FieldDef {
  name: string;
  kind: FieldKind;
  label: string;
  help: string;
  /** Can be a group-by dimension. */
  dimension: boolean;
  /** Named values (protocol names, directions…) → number. */
  names?: Record<string, number>;
  /** Also matches when either side matches (addr → src or dst; port → srcport or dstport). */
  either?: readonly [string, string];
  max?: number;
}

export const PROTOCOLS: Record<string, number> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  ospf: 89,
  pim: 103,
  vrrp: 112,
  sctp: 132,
};

export const PORT_NAMES: Record<string, number> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  dns: 53,
  dhcp: 67,
  http: 80,
  ntp: 123,
  snmp: 161,
  bgp: 179,
  ldap: 389,
  https: 443,
  ike: 500,
  syslog: 514,
  submission: 587,
  imaps: 993,
  ms_sql: 1433,
  openvpn: 1194,
  mysql: 3306,
  rdp: 3389,
  ipsec_nat: 4500,
  sip: 5060,
  postgres: 5432,
  http_alt: 8080,
  netflow: 2055,
  ipfix: 4739,
  sflow: 6343,
};

export const DIRECTIONS: Record<string, number> = { ingress: 0, egress: 1, unknown: 255 };
export const FAMILIES: Record<string, number> = { ipv4: 4, ipv6: 6, none: 0 };
export const SOURCES: Record<string, number> = { netflow5: 5, netflow9: 9, ipfix: 10, sflow: 105 };

export const FIELDS: readonly FieldDef[] = [
  { name: 'src', kind: 'addr', label: 'Source address', help: 'source IP address or prefix (src = 10.0.0.0/8)', dimension: true },
  { name: 'dst', kind: 'addr', label: 'Destination address', help: 'destination IP address or prefix', dimension: true },
  { name: 'addr', kind: 'addr', label: 'Address', help: 'source or destination address', dimension: false, either: ['src', 'dst'] },
  { name: 'srcport', kind: 'number', label: 'Source port', help: 'source transport port', dimension: true, names: PORT_NAMES, max: 65535 },
  {
    name: 'dstport',
    kind: 'number',
    label: 'Destination port',
    help: 'destination port (ICMP: type·256 + code)',
    dimension: true,
    names: PORT_NAMES,
    max: 65535,
  },
  {
    name: 'port',
    kind: 'number',
    label: 'Port',
    help: 'source or destination port',
    dimension: false,
    names: PORT_NAMES,
    either: ['srcport', 'dstport'],
    max: 65535,
  },
  { name: 'proto', kind: 'number', label: 'Protocol', help: 'IP protocol (tcp, udp, icmp… or a number)', dimension: true, names: PROTOCOLS, max: 255 },
  { name: 'exporter', kind: 'addr', label: 'Exporter', help: 'address of the exporter that sent the record', dimension: true },
  { name: 'domain', kind: 'number', label: 'Domain', help: 'observation domain / source ID / sFlow sub-agent', dimension: true, max: 4294967295 },
  { name: 'inif', kind: 'number', label: 'Input interface', help: 'input ifIndex', dimension: true, max: 4294967295 },
  { name: 'outif', kind: 'number', label: 'Output interface', help: 'output ifIndex', dimension: true, max: 4294967295 },
  { name: 'vlan', kind: 'number', label: 'VLAN', help: '802.1Q VLAN id (0 = untagged)', dimension: true, max: 4095 },
  { name: 'dscp', kind: 'number', label: 'DSCP', help: 'DSCP code point (0–63)', dimension: true, max: 63 },
  { name: 'tcpflags', kind: 'number', label: 'TCP flags', help: 'TCP flags (OR of the flags seen)', dimension: true, max: 65535 },
  { name: 'family', kind: 'enum', label: 'Address family', help: 'ipv4 or ipv6', dimension: true, names: FAMILIES },
  { name: 'direction', kind: 'enum', label: 'Direction', help: 'ingress, egress or unknown', dimension: true, names: DIRECTIONS },
  { name: 'source', kind: 'enum', label: 'Export protocol', help: 'netflow5, netflow9, ipfix or sflow', dimension: true, names: SOURCES },
  { name: 'bytes', kind: 'number', label: 'Bytes', help: 'bytes of the flow (scaled by sampling)', dimension: false, max: Number.MAX_SAFE_INTEGER },
  { name: 'packets', kind: 'number', label: 'Packets', help: 'packets of the flow (scaled by sampling)', dimension: false, max: Number.MAX_SAFE_INTEGER },
  { name: 'rate', kind: 'number', label: 'Sampling rate', help: 'sampling rate applied (1 = every packet)', dimension: true, max: 4294967295 },
];

export const FIELD_BY_NAME: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.name, f]));

/** Names users may type for fields, → the canonical name. */
export const FIELD_ALIASES: Record<string, string> = {
  sport: 'srcport',
  dport: 'dstport',
  srcaddr: 'src',
  dstaddr: 'dst',
  protocol: 'proto',
  host: 'addr',
  ip: 'addr',
  in: 'inif',
  out: 'outif',
  tos: 'dscp',
  flags: 'tcpflags',
};

export function fieldNamed(name: string): FieldDef | undefined {
  const n = name.toLowerCase();
  return FIELD_BY_NAME.get(n) ?? FIELD_BY_NAME.get(FIELD_ALIASES[n] ?? '');
}

export const DIMENSIONS = FIELDS.filter((f) => f.dimension).map((f) => f.name);
export type Dimension = string;

/** Edit distance, for "did you mean". */
export function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const dd = distance(word.toLowerCase(), c);
    if (dd < bestD) {
      bestD = dd;
      best = c;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}
