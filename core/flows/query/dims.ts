// Group-by dimensions over a decoded block: a key per row (a number when it can be, else
// text) and the label a key is shown with.
import type { BlockColumns } from '../store/block.js';
import { formatV6 } from '../record.js';
import { DIRECTIONS, FAMILIES, PROTOCOLS, SOURCES } from './fields.js';

export type KeyFn = (c: BlockColumns, i: number) => number | string;

const inverse = (m: Record<string, number>) => new Map(Object.entries(m).map(([k, v]) => [v, k]));
const PROTO_NAMES = inverse(PROTOCOLS);
const DIR_NAMES = inverse(DIRECTIONS);
const FAMILY_NAMES = inverse(FAMILIES);
const SOURCE_NAMES = inverse(SOURCES);

function v4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export const KEY_FNS: Record<string, KeyFn> = {
  src: (c, i) => (c.batch.family[i] === 6 ? formatV6(c.batch.srcAddr, i * 16) : c.batch.family[i] === 4 ? c.src4[i]! : -1),
  dst: (c, i) => (c.batch.family[i] === 6 ? formatV6(c.batch.dstAddr, i * 16) : c.batch.family[i] === 4 ? c.dst4[i]! : -1),
  srcport: (c, i) => c.batch.srcPort[i]!,
  dstport: (c, i) => c.batch.dstPort[i]!,
  proto: (c, i) => c.batch.proto[i]!,
  exporter: (c, i) => c.batch.exporters[c.batch.exporter[i]!] ?? '',
  domain: (c, i) => c.batch.domain[i]!,
  inif: (c, i) => c.batch.inIf[i]!,
  outif: (c, i) => c.batch.outIf[i]!,
  vlan: (c, i) => (c.batch.flags[i]! & 2 ? c.batch.vlan[i]! : 0),
  dscp: (c, i) => c.batch.dscp[i]!,
  tcpflags: (c, i) => c.batch.tcpFlags[i]!,
  family: (c, i) => c.batch.family[i]!,
  direction: (c, i) => c.batch.direction[i]!,
  source: (c, i) => c.batch.source[i]!,
  rate: (c, i) => c.batch.samplingRate[i]!,
};

/** The text a dimension's key is shown with. */
export function keyLabel(dim: string, key: number | string): string {
  if (typeof key === 'string') return key;
  switch (dim) {
    case 'src':
    case 'dst':
      return key < 0 ? '(none)' : v4Text(key);
    case 'proto':
      return PROTO_NAMES.get(key) ?? String(key);
    case 'direction':
      return DIR_NAMES.get(key) ?? String(key);
    case 'family':
      return FAMILY_NAMES.get(key) ?? String(key);
    case 'source':
      return SOURCE_NAMES.get(key) ?? String(key);
    default:
      return String(key);
  }
}

/** The value of a label as typed in a filter (for drill-down). */
export function filterValue(dim: string, label: string): string {
  return /^[\w.:/-]+$/.test(label) ? label : JSON.stringify(label);
}
