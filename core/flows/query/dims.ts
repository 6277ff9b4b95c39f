// Group-by dimensions over a decoded block: a key per row (a number when it can be, else
// text) and the label a key is shown with.
import type { BlockColumns } from '../store/block.js';
import { formatV6, ipv4Text } from '../record.js';
import { DIRECTIONS, FAMILIES, PROTOCOLS, SOURCES } from './fields.js';
import { NUMERIC_FIELDS } from './columns.js';

export type KeyFn = (c: BlockColumns, i: number) => number | string;

const inverse = (m: Record<string, number>) => new Map(Object.entries(m).map(([k, v]) => [v, k]));
const PROTO_NAMES = inverse(PROTOCOLS);
const DIR_NAMES = inverse(DIRECTIONS);
const FAMILY_NAMES = inverse(FAMILIES);
const SOURCE_NAMES = inverse(SOURCES);

export const KEY_FNS: Record<string, KeyFn> = {
  ...NUMERIC_FIELDS,
  src: (c, i) => (c.batch.family[i] === 6 ? formatV6(c.batch.srcAddr, i * 16) : c.batch.family[i] === 4 ? c.src4[i]! : -1),
  dst: (c, i) => (c.batch.family[i] === 6 ? formatV6(c.batch.dstAddr, i * 16) : c.batch.family[i] === 4 ? c.dst4[i]! : -1),
  exporter: (c, i) => c.batch.exporters[c.batch.exporter[i]!] ?? '',
};

/** The text a dimension's key is shown with. */
export function keyLabel(dim: string, key: number | string): string {
  if (typeof key === 'string') return key;
  switch (dim) {
    case 'src':
    case 'dst':
      return key < 0 ? '(none)' : ipv4Text(key);
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
