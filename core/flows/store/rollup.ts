// Rollups: every raw block, once, added into 1-minute and 1-hour buckets (by flow end
// time), keyed by the dimensions the views group by most — exporter, interfaces,
// protocol, DSCP, VLAN, direction, family — with bytes, packets and flows. High-cardinality
// dimensions (addresses, ports) get "top talkers" tables: each block's 50 largest values
// per dimension are added to the bucket, the rest to "Other". Rollups live in their own
// file and keep their own retention; the raw window drops whole blocks independently.
//
// A rollup bucket loaded back becomes a BlockColumns (one row per key, `flowCount` set),
// so the query engine answers from rollups with the same code as from raw blocks.
import { BlockColumns, decodeBlock } from './block.js';
import type { Statement } from 'better-sqlite3';
import type { BlockReader, Db } from './flowdb.js';
import { KEY_FNS, keyLabel } from '../query/dims.js';
import type { BlockSource, StoredBlock } from '../query/engine.js';

export const ROLLUP_DIMS = ['exporter', 'inif', 'outif', 'proto', 'dscp', 'vlan', 'direction', 'family'] as const;
export const TOP_DIMS = ['src', 'dst', 'srcport', 'dstport'] as const;
const TOP_PER_BLOCK = 50;

export interface RollupRetention {
  minuteHours: number;
  hourDays: number;
}

const BUCKETS = [
  { table: 'r1m', top: 't1m', ms: 60_000 },
  { table: 'r1h', top: 't1h', ms: 3_600_000 },
] as const;

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
    const blocks = this.reader.since(this.lastBlock, limit);
    if (blocks.length === 0) {
      this.lagBlocks = 0;
      return 0;
    }
    const c = this.cols;
    this.db.transaction(() => {
      for (const blk of blocks) {
        decodeBlock(blk.data, c);
        this.addBlock(c);
        this.lastBlock = blk.id;
      }
      this.db
        .prepare(`INSERT INTO rollup_state (key, value) VALUES ('last_block', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
        .run(this.lastBlock);
    })();
    this.lagBlocks = blocks.length === limit ? limit : 0;
    return blocks.length;
  }

  private addBlock(c: BlockColumns): void {
    const b = c.batch;
    const n = c.length;
    for (const bucket of BUCKETS) {
      const groups = new Map<string, { t: number; k: (string | number)[]; bytes: number; packets: number; flows: number }>();
      for (let i = 0; i < n; i++) {
        const t = Math.floor(b.endMs[i]! / bucket.ms) * bucket.ms;
        const ex = b.exporters[b.exporter[i]!] ?? '';
        const vlan = b.flags[i]! & 2 ? b.vlan[i]! : 0;
        const key = `${t}|${ex}|${b.inIf[i]}|${b.outIf[i]}|${b.proto[i]}|${b.dscp[i]}|${vlan}|${b.direction[i]}|${b.family[i]}`;
        let g = groups.get(key);
        if (!g) {
          g = { t, k: [ex, b.inIf[i]!, b.outIf[i]!, b.proto[i]!, b.dscp[i]!, vlan, b.direction[i]!, b.family[i]!], bytes: 0, packets: 0, flows: 0 };
          groups.set(key, g);
        }
        g.bytes += b.bytesScaled[i]!;
        g.packets += b.packetsScaled[i]!;
        g.flows++;
      }
      const up = this.upsert[bucket.table]!;
      for (const g of groups.values()) up.run(g.t, ...g.k, g.bytes, g.packets, g.flows);
      const upTop = this.upsertTop[bucket.top]!;
      for (const dim of TOP_DIMS) {
        const fn = KEY_FNS[dim]!;
        const per = new Map<string, { t: number; v: string; bytes: number; packets: number; flows: number }>();
        for (let i = 0; i < n; i++) {
          const t = Math.floor(b.endMs[i]! / bucket.ms) * bucket.ms;
          const v = keyLabel(dim, fn(c, i));
          const key = `${t}|${v}`;
          let g = per.get(key);
          if (!g) per.set(key, (g = { t, v, bytes: 0, packets: 0, flows: 0 }));
          g.bytes += b.bytesScaled[i]!;
          g.packets += b.packetsScaled[i]!;
          g.flows++;
        }
        const byT = new Map<number, (typeof per extends Map<string, infer V> ? V : never)[]>();
        for (const g of per.values()) {
          const l = byT.get(g.t) ?? [];
          l.push(g);
          byT.set(g.t, l);
        }
        for (const [t, list] of byT) {
          list.sort((x, y) => y.bytes - x.bytes);
          const other = { bytes: 0, packets: 0, flows: 0 };
          list.forEach((g, r) => {
            if (r < TOP_PER_BLOCK) upTop.run(t, dim, g.v, g.bytes, g.packets, g.flows);
            else {
              other.bytes += g.bytes;
              other.packets += g.packets;
              other.flows += g.flows;
            }
          });
          if (other.flows > 0) upTop.run(t, dim, 'Other', other.bytes, other.packets, other.flows);
        }
      }
    }
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
      .iterate(Math.floor(from), Math.ceil(to)) as Iterable<{
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
    }>;
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
      b.flags[n] = r.vlan ? 2 : 0;
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
