// Rollups: every raw block, once, added into 1-minute and 1-hour buckets (by flow end
// time), keyed by the dimensions the views group by most — exporter, interfaces,
// protocol, DSCP, VLAN, direction, family — with bytes, packets and flows. High-cardinality
// dimensions (addresses, ports) get "top talkers" tables: each block's 50 largest values
// per dimension are added to the bucket, the rest to "Other". Rollups live in their own
// file and keep their own retention; the raw window drops whole blocks independently.
//
// A rollup bucket loaded back becomes a BlockColumns (one row per key, `flowCount` set),
// so the query engine answers from rollups with the same code as from raw blocks.
import { BlockColumns, BlockFormatError, Need, decodeBlock } from './block.js';
import type { Statement } from 'better-sqlite3';
import type { BlockReader, Db } from './flowdb.js';
import { keyLabel } from '../query/dims.js';
import { KeyTable } from '../query/keytable.js';
import { RowFlag, formatV6 } from '../record.js';
import type { BlockSource, StoredBlock } from '../query/engine.js';

const HAS_VLAN = RowFlag.HasVlan;

export const ROLLUP_DIMS = ['exporter', 'inif', 'outif', 'proto', 'dscp', 'vlan', 'direction', 'family'] as const;
export const TOP_DIMS = ['src', 'dst', 'srcport', 'dstport'] as const;
const TOP_PER_BLOCK = 50;
/** The columns a rollup reads from a raw block. */
const ROLLUP_NEEDS =
  Need.End |
  Need.Exporter |
  Need.InIf |
  Need.OutIf |
  Need.Proto |
  Need.Dscp |
  Need.Vlan |
  Need.Flags |
  Need.Direction |
  Need.Family |
  Need.Scaled |
  Need.Addr |
  Need.SrcPort |
  Need.DstPort;

export interface RollupRetention {
  minuteHours: number;
  hourDays: number;
}

const BUCKETS = [
  { table: 'r1m', top: 't1m', ms: 60_000 },
  { table: 'r1h', top: 't1h', ms: 3_600_000 },
] as const;

function grow(a: Float64Array, need: number): Float64Array {
  let size = a.length * 2;
  while (size < need) size *= 2;
  const s = new Float64Array(size);
  s.set(a);
  return s;
}

export class Rollups {
  private readonly upsert: Record<string, Statement<unknown[]>> = {};
  private readonly upsertTop: Record<string, Statement<unknown[]>> = {};
  private readonly cols = new BlockColumns();
  lastBlock: number;
  lagBlocks = 0;

  constructor(
    private readonly db: Db,
    private readonly reader: BlockReader,
  ) {
    for (const b of BUCKETS) {
      this.upsert[b.table] = db.prepare(
        `INSERT INTO ${b.table} (t, exporter, inif, outif, proto, dscp, vlan, direction, family, bytes, packets, flows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET bytes = bytes + excluded.bytes, packets = packets + excluded.packets, flows = flows + excluded.flows`,
      );
      this.upsertTop[b.top] = db.prepare(
        `INSERT INTO ${b.top} (t, dim, value, bytes, packets, flows) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET bytes = bytes + excluded.bytes, packets = packets + excluded.packets, flows = flows + excluded.flows`,
      );
    }
    this.lastBlock = (db.prepare(`SELECT value FROM rollup_state WHERE key = 'last_block'`).get() as { value: number } | undefined)?.value ?? 0;
  }

  /** Roll up to `limit` blocks not yet rolled up; returns how many. */
  step(limit = 32): number {
    const c = this.cols;
    let count = 0;
    this.db.transaction(() => {
      for (const blk of this.reader.since(this.lastBlock, limit)) {
        count++;
        this.lastBlock = blk.id;
        if (!blk.data) continue; // unreadable: counted by the reader
        try {
          decodeBlock(blk.data, c, ROLLUP_NEEDS);
        } catch (e) {
          if (e instanceof BlockFormatError) continue;
          throw e;
        }
        this.addBlock(c);
      }
      if (count > 0)
        this.db
          .prepare(`INSERT INTO rollup_state (key, value) VALUES ('last_block', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
          .run(this.lastBlock);
    })();
    this.lagBlocks = count === limit ? limit : 0;
    return count;
  }

  private readonly minuteDims = new KeyTable(9);
  private readonly hourDims = new KeyTable(9);
  private readonly minuteTop = new KeyTable(2);
  private readonly hourTop = new KeyTable(2);
  private readonly v6Table = new KeyTable(4);
  private readonly v6Row: number[] = [];
  private readonly scratch = new Float64Array(9);
  private sums: Float64Array = new Float64Array(3 * 1024);
  private hourSums: Float64Array = new Float64Array(3 * 1024);

  /**
   * Add a block's rows into the buckets: rows grouped by minute in typed-array tables (one
   * pass per table), the minute groups folded into hours, then one upsert per group.
   */
  private addBlock(c: BlockColumns): void {
    const b = c.batch;
    const n = c.length;
    const end = b.endMs;
    const bs = b.bytesScaled;
    const ps = b.packetsScaled;
    const v = this.scratch;
    const [minute, hour] = BUCKETS;
    // rollup dimensions, per minute
    const md = this.minuteDims;
    md.clear();
    let sums = this.sums;
    for (let i = 0; i < n; i++) {
      v[0] = Math.floor(end[i]! / 60_000) * 60_000;
      v[1] = b.exporter[i]!;
      v[2] = b.inIf[i]!;
      v[3] = b.outIf[i]!;
      v[4] = b.proto[i]!;
      v[5] = b.dscp[i]!;
      v[6] = b.flags[i]! & HAS_VLAN ? b.vlan[i]! : 0;
      v[7] = b.direction[i]!;
      v[8] = b.family[i]!;
      const size0 = md.size;
      const g = md.id(v) * 3;
      if (g + 3 > sums.length) sums = this.sums = grow(sums, g + 3);
      if (md.size !== size0) sums[g] = sums[g + 1] = sums[g + 2] = 0;
      sums[g] = sums[g]! + bs[i]!;
      sums[g + 1] = sums[g + 1]! + ps[i]!;
      sums[g + 2] = sums[g + 2]! + 1;
    }
    // … folded into hours
    const hd = this.hourDims;
    hd.clear();
    let hs = this.hourSums;
    for (let g = 0; g < md.size; g++) {
      for (let j = 0; j < 9; j++) v[j] = md.key(g, j);
      v[0] = Math.floor(v[0]! / 3_600_000) * 3_600_000;
      const size0 = hd.size;
      const h = hd.id(v) * 3;
      if (h + 3 > hs.length) hs = this.hourSums = grow(hs, h + 3);
      if (hd.size !== size0) hs[h] = hs[h + 1] = hs[h + 2] = 0;
      hs[h] = hs[h]! + sums[g * 3]!;
      hs[h + 1] = hs[h + 1]! + sums[g * 3 + 1]!;
      hs[h + 2] = hs[h + 2]! + sums[g * 3 + 2]!;
    }
    for (const [table, t, ss] of [
      [minute.table, md, sums],
      [hour.table, hd, hs],
    ] as const) {
      const up = this.upsert[table]!;
      for (let g = 0; g < t.size; g++) {
        up.run(
          t.key(g, 0),
          b.exporters[t.key(g, 1)] ?? '',
          t.key(g, 2),
          t.key(g, 3),
          t.key(g, 4),
          t.key(g, 5),
          t.key(g, 6),
          t.key(g, 7),
          t.key(g, 8),
          ss[g * 3],
          ss[g * 3 + 1],
          ss[g * 3 + 2],
        );
      }
    }
    // top talkers: each block's 50 largest values per bucket, the rest as Other
    for (const dim of TOP_DIMS) {
      const mt = this.minuteTop;
      mt.clear();
      this.v6Table.clear();
      this.v6Row.length = 0;
      sums = this.sums;
      for (let i = 0; i < n; i++) {
        v[0] = Math.floor(end[i]! / 60_000) * 60_000;
        v[1] = this.talkerKey(c, dim, i);
        const size0 = mt.size;
        const g = mt.id(v) * 3;
        if (g + 3 > sums.length) sums = this.sums = grow(sums, g + 3);
        if (mt.size !== size0) sums[g] = sums[g + 1] = sums[g + 2] = 0;
        sums[g] = sums[g]! + bs[i]!;
        sums[g + 1] = sums[g + 1]! + ps[i]!;
        sums[g + 2] = sums[g + 2]! + 1;
      }
      const ht = this.hourTop;
      ht.clear();
      hs = this.hourSums;
      for (let g = 0; g < mt.size; g++) {
        v[0] = Math.floor(mt.key(g, 0) / 3_600_000) * 3_600_000;
        v[1] = mt.key(g, 1);
        const size0 = ht.size;
        const h = ht.id(v) * 3;
        if (h + 3 > hs.length) hs = this.hourSums = grow(hs, h + 3);
        if (ht.size !== size0) hs[h] = hs[h + 1] = hs[h + 2] = 0;
        hs[h] = hs[h]! + sums[g * 3]!;
        hs[h + 1] = hs[h + 1]! + sums[g * 3 + 1]!;
        hs[h + 2] = hs[h + 2]! + sums[g * 3 + 2]!;
      }
      this.upsertTalkers(c, dim, minute.top, mt, sums);
      this.upsertTalkers(c, dim, hour.top, ht, hs);
    }
  }

  /** Per bucket: the 50 largest values (by bytes) of a talker table, the rest as Other. */
  private upsertTalkers(c: BlockColumns, dim: (typeof TOP_DIMS)[number], table: string, t: KeyTable, ss: Float64Array): void {
    const upTop = this.upsertTop[table]!;
    const byT = new Map<number, number[]>();
    for (let g = 0; g < t.size; g++) {
      const bucket = t.key(g, 0);
      let l = byT.get(bucket);
      if (!l) byT.set(bucket, (l = []));
      l.push(g);
    }
    for (const [bucket, list] of byT) {
      // the 50th largest byte count (a native numeric sort, not a comparator sort of every value)
      let threshold = -Infinity;
      if (list.length > TOP_PER_BLOCK) {
        const bytes = new Float64Array(list.length);
        for (let k = 0; k < list.length; k++) bytes[k] = ss[list[k]! * 3]!;
        bytes.sort();
        threshold = bytes[list.length - TOP_PER_BLOCK]!;
      }
      let kept = 0;
      let ob = 0;
      let op = 0;
      let of = 0;
      for (const g of list) {
        if (ss[g * 3]! >= threshold && kept < TOP_PER_BLOCK) {
          kept++;
          upTop.run(bucket, dim, this.talkerLabel(c, dim, t.key(g, 1)), ss[g * 3], ss[g * 3 + 1], ss[g * 3 + 2]);
        } else {
          ob += ss[g * 3]!;
          op += ss[g * 3 + 1]!;
          of += ss[g * 3 + 2]!;
        }
      }
      if (of > 0) upTop.run(bucket, dim, 'Other', ob, op, of);
    }
  }

  private readonly v6Words = new Float64Array(4);

  /** A top-talker value as a number: ports and IPv4 addresses as they are; IPv6 as −2 − (its index in this block); no address −1. */
  private talkerKey(c: BlockColumns, dim: (typeof TOP_DIMS)[number], i: number): number {
    const b = c.batch;
    if (dim === 'srcport') return b.srcPort[i]!;
    if (dim === 'dstport') return b.dstPort[i]!;
    const f = b.family[i]!;
    if (f === 4) return dim === 'src' ? c.src4[i]! : c.dst4[i]!;
    if (f !== 6) return -1;
    const a = dim === 'src' ? b.srcAddr : b.dstAddr;
    const w = this.v6Words;
    const o = i * 16;
    for (let k = 0; k < 4; k++) w[k] = ((a[o + 4 * k]! << 24) | (a[o + 4 * k + 1]! << 16) | (a[o + 4 * k + 2]! << 8) | a[o + 4 * k + 3]!) >>> 0;
    const id = this.v6Table.id(w);
    if (id === this.v6Row.length) this.v6Row.push(i);
    return -2 - id;
  }

  private talkerLabel(c: BlockColumns, dim: (typeof TOP_DIMS)[number], key: number): string {
    if (key >= 0 || key === -1) return keyLabel(dim, key);
    const row = this.v6Row[-2 - key]!;
    return formatV6(dim === 'src' ? c.batch.srcAddr : c.batch.dstAddr, row * 16);
  }

  prune(now: number, r: RollupRetention): void {
    const m = now - r.minuteHours * 3_600_000;
    const h = now - r.hourDays * 86_400_000;
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM r1m WHERE t < ?`).run(m);
      this.db.prepare(`DELETE FROM t1m WHERE t < ?`).run(m);
      this.db.prepare(`DELETE FROM r1h WHERE t < ?`).run(h);
      this.db.prepare(`DELETE FROM t1h WHERE t < ?`).run(h);
    })();
  }

  /** Oldest bucket kept, per resolution. */
  horizon(): { r1m: number | null; r1h: number | null } {
    const one = (t: string) => (this.db.prepare(`SELECT min(t) AS t FROM ${t}`).get() as { t: number | null }).t;
    return { r1m: one('r1m'), r1h: one('r1h') };
  }
}

/** One row of `r1m` / `r1h`: a bucket start (ms) and its key, with the key's sums. */
export interface RollupRow {
  t: number;
  exporter: string;
  inif: number;
  outif: number;
  proto: number;
  dscp: number;
  vlan: number;
  direction: number;
  family: number;
  bytes: number;
  packets: number;
  flows: number;
}

/** A rollup table read back as blocks of one row per key (`flowCount` = flows of the key). */
export class RollupSource implements BlockSource {
  constructor(
    private readonly db: Db,
    private readonly table: 'r1m' | 'r1h',
  ) {}

  *blocks(from: number, to: number): Iterable<StoredBlock> {
    const rows = this.db
      .prepare(
        `SELECT t, exporter, inif, outif, proto, dscp, vlan, direction, family, bytes, packets, flows FROM ${this.table} WHERE t >= ? AND t < ? ORDER BY t`,
      )
      .iterate(Math.floor(from), Math.ceil(to)) as Iterable<RollupRow>;
    const CHUNK = 16384;
    let c = new BlockColumns();
    c.ensure(CHUNK);
    let flows = new Float64Array(CHUNK);
    let n = 0;
    const emit = (): StoredBlock => {
      c.batch.length = n;
      const out: StoredBlock = { columns: c, flowCount: flows };
      c = new BlockColumns();
      c.ensure(CHUNK);
      flows = new Float64Array(CHUNK);
      n = 0;
      return out;
    };
    for (const r of rows) {
      const b = c.batch;
      b.startMs[n] = r.t;
      b.endMs[n] = r.t;
      b.exporter[n] = b.exporterId(r.exporter);
      b.inIf[n] = r.inif;
      b.outIf[n] = r.outif;
      b.proto[n] = r.proto;
      b.dscp[n] = r.dscp;
      b.vlan[n] = r.vlan;
      b.flags[n] = r.vlan ? HAS_VLAN : 0;
      b.direction[n] = r.direction;
      b.family[n] = r.family;
      b.bytesScaled[n] = r.bytes;
      b.packetsScaled[n] = r.packets;
      b.bytes[n] = r.bytes;
      b.packets[n] = r.packets;
      b.samplingRate[n] = 1;
      flows[n] = r.flows;
      n++;
      if (n === CHUNK) yield emit();
    }
    if (n > 0) yield emit();
  }
}

/** Top talkers of one high-cardinality dimension from the rollups' top tables. */
export function topTalkers(
  db: Db,
  table: 't1m' | 't1h',
  dim: string,
  from: number,
  to: number,
): { value: string; bytes: number; packets: number; flows: number }[] {
  return db
    .prepare(`SELECT value, sum(bytes) AS bytes, sum(packets) AS packets, sum(flows) AS flows FROM ${table} WHERE dim = ? AND t >= ? AND t < ? GROUP BY value`)
    .all(dim, Math.floor(from), Math.ceil(to)) as { value: string; bytes: number; packets: number; flows: number }[];
}
