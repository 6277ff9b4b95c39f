// The numeric fields of a decoded block's row, by the name filters and group-bys use: one
// getter per field, reading the typed-array column directly (filters compare them, group-bys
// key on them).
import type { BlockColumns } from '../store/block.js';

export type NumGetter = (c: BlockColumns, i: number) => number;

export const NUMERIC_FIELDS: Record<string, NumGetter> = {
  srcport: (c, i) => c.batch.srcPort[i]!,
  dstport: (c, i) => c.batch.dstPort[i]!,
  proto: (c, i) => c.batch.proto[i]!,
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
