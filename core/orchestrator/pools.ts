// Resource pools: VNIs, VLANs, ASNs and IP prefixes. Every allocation and release happens
// inside the caller's transaction — the same one that records the work using it — so a
// crash can never leave a value allocated to nobody, nor in use by two.
//
// An allocation belongs to an owner ("service:<id>" or "tenant:<id>") for a purpose
// ("vni", "site:0:lan", "primary:link:inside"…). During an update, new values carry the
// operation as `pending_op` and values to give back carry it as `release_op`; completing
// the operation drops the released ones and clears the marks, rolling it back drops the
// pending ones.
import type { Db } from '../store/store.js';
import { ApiError } from '../api/errors.js';
import { block } from './net.js';

export type PoolKind = 'vni' | 'vlan' | 'asn' | 'prefix';

export interface PoolDef {
  id: string;
  kind: PoolKind;
  podId: string | null;
  first: number;
  last: number;
  /** Prefix pools: the first address and the addresses per block. */
  base: string | null;
  blockLen: number | null;
  description: string;
}

export interface Allocation {
  pool: string;
  value: number;
  owner: string;
  tenantId: string | null;
  purpose: string;
  pendingOp: string | null;
  releaseOp: string | null;
}

interface PoolRow {
  id: string;
  kind: PoolKind;
  pod_id: string | null;
  first: number;
  last: number;
  base: string | null;
  block_len: number | null;
  description: string;
}

const def = (r: PoolRow): PoolDef => ({ id: r.id, kind: r.kind, podId: r.pod_id, first: r.first, last: r.last, base: r.base, blockLen: r.block_len, description: r.description });

/** The pools every installation has (per-PoD pools are made with their PoD). */
export const GLOBAL_POOLS: PoolDef[] = [
  { id: 'vni', kind: 'vni', podId: null, first: 10_000, last: 16_000_000, base: null, blockLen: null, description: 'VXLAN network identifiers: one per tenant and one per service' },
  { id: 'asn', kind: 'asn', podId: null, first: 4_200_000_000, last: 4_294_967_294, base: null, blockLen: null, description: 'private 4-byte AS numbers: one per service (its vRouters’ BGP)' },
  { id: 'link', kind: 'prefix', podId: null, first: 0, last: 262_143, base: '100.64.0.0', blockLen: 8, description: '/29 links between the VNFs of a chain and between redundant vRouters (100.64.0.0/11)' },
  { id: 'loopback', kind: 'prefix', podId: null, first: 1, last: 2_097_151, base: '100.96.0.0', blockLen: 1, description: 'vRouter loopbacks, the unnumbered source of the site tunnels (100.96.0.0/11)' },
  { id: 'site-lan', kind: 'prefix', podId: null, first: 0, last: 65_535, base: '10.0.0.0', blockLen: 256, description: '/24 LANs of the enterprise sites (10.0.0.0/8)' },
  { id: 'ravpn', kind: 'prefix', podId: null, first: 0, last: 1_023, base: '172.16.0.0', blockLen: 256, description: '/24 address pools of remote users (172.16.0.0/14)' },
];

export const MAX_PODS = 64;

/** The pools a PoD brings: its public addresses, management addresses and VLANs. */
export function podPools(podId: string, poolIndex: number): PoolDef[] {
  if (poolIndex < 0 || poolIndex >= MAX_PODS) throw new Error(`pool index ${poolIndex} is outside 0..${MAX_PODS - 1}`);
  const pub = block('198.18.0.0', 2048, poolIndex);
  const mgmt = block('172.24.0.0', 4096, poolIndex);
  return [
    { id: `public:${podId}`, kind: 'prefix', podId, first: 16, last: 2047, base: pub.network, blockLen: 1, description: `public addresses of the PoD (${pub.cidr}; .1 is its gateway)` },
    { id: `mgmt:${podId}`, kind: 'prefix', podId, first: 16, last: 4094, base: mgmt.network, blockLen: 1, description: `management addresses of its VNFs (${mgmt.cidr}; .1 is the ESC's side)` },
    { id: `vlan:${podId}`, kind: 'vlan', podId, first: 100, last: 3999, base: null, blockLen: null, description: 'provider VLANs of the service chains on its production network' },
  ];
}

export function display(p: Pick<PoolDef, 'kind' | 'base' | 'blockLen'>, value: number): string {
  switch (p.kind) {
    case 'vni':
      return `VNI ${value}`;
    case 'vlan':
      return `VLAN ${value}`;
    case 'asn':
      return `AS ${value}`;
    case 'prefix': {
      const b = block(p.base ?? '0.0.0.0', p.blockLen ?? 1, value);
      return p.blockLen === 1 ? b.network : b.cidr;
    }
  }
}

export class PoolExhausted extends ApiError {
  constructor(pool: PoolDef, where: string) {
    super('RESOURCE_EXHAUSTED', `the ${pool.id} pool is exhausted (${pool.description}) — ${where}`, {
      shortage: { resource: 'pool', pool: pool.id, message: `no free value in ${pool.id}`, where: [] },
    });
  }
}

export class Pools {
  private defs = new Map<string, PoolDef>();
  /** Values below a pool's hint are known to be taken (an optimisation; the primary key guarantees uniqueness). */
  private hints = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  ensure(defs: readonly PoolDef[]): void {
    const ins = this.db.prepare(
      `INSERT OR IGNORE INTO pools (id, kind, pod_id, first, last, base, block_len, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const d of defs) ins.run(d.id, d.kind, d.podId, d.first, d.last, d.base, d.blockLen, d.description);
    this.defs.clear();
  }

  dropPodPools(podId: string): void {
    this.db.prepare(`DELETE FROM pools WHERE pod_id = ?`).run(podId);
    this.defs.clear();
    this.hints.clear();
  }

  get(poolId: string): PoolDef {
    let d = this.defs.get(poolId);
    if (!d) {
      const r = this.db.prepare(`SELECT * FROM pools WHERE id = ?`).get(poolId) as PoolRow | undefined;
      if (!r) throw new Error(`no pool ${poolId}`);
      d = def(r);
      this.defs.set(poolId, d);
    }
    return d;
  }

  list(): PoolDef[] {
    return (this.db.prepare(`SELECT * FROM pools ORDER BY id`).all() as PoolRow[]).map(def);
  }

  private taken = (pool: string, value: number) =>
    this.db.prepare(`SELECT 1 FROM pool_allocations WHERE pool = ? AND value = ?`).get(pool, value) !== undefined;

  /** The lowest free value of a pool, or null. */
  private firstFree(p: PoolDef): number | null {
    let start = Math.max(p.first, this.hints.get(p.id) ?? p.first);
    // A hint just past a free value was left by a rolled-back transaction: start over.
    if (start > p.first && !this.taken(p.id, start - 1)) start = p.first;
    if (start <= p.last && !this.taken(p.id, start)) return start;
    const r = this.db
      .prepare(
        `SELECT a.value + 1 AS v FROM pool_allocations a
         WHERE a.pool = ? AND a.value >= ? AND a.value < ?
           AND NOT EXISTS (SELECT 1 FROM pool_allocations b WHERE b.pool = a.pool AND b.value = a.value + 1)
         ORDER BY a.value LIMIT 1`,
      )
      .get(p.id, start, p.last) as { v: number } | undefined;
    if (r) return r.v;
    // Everything from `start` on is taken; below it there may be gaps the hint skipped.
    if (start > p.first) {
      this.hints.set(p.id, p.first);
      return this.firstFree(p);
    }
    return null;
  }

  /** Allocate the lowest free value (call inside a transaction). */
  allocate(poolId: string, owner: string, purpose: string, opts: { tenantId?: string | null; pendingOp?: string | null; where?: string } = {}): number {
    const p = this.get(poolId);
    const v = this.firstFree(p);
    if (v === null) throw new PoolExhausted(p, opts.where ?? (p.podId ? `PoD ${p.podId}` : 'every PoD'));
    this.db
      .prepare(`INSERT INTO pool_allocations (pool, value, owner, tenant_id, purpose, pending_op, release_op, allocated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`)
      .run(p.id, v, owner, opts.tenantId ?? null, purpose, opts.pendingOp ?? null, new Date(this.now()).toISOString());
    this.hints.set(p.id, v + 1);
    return v;
  }

  byOwner(owner: string): Allocation[] {
    return (
      this.db
        .prepare(`SELECT pool, value, owner, tenant_id AS tenantId, purpose, pending_op AS pendingOp, release_op AS releaseOp FROM pool_allocations WHERE owner = ? ORDER BY purpose, pool`)
        .all(owner) as Allocation[]
    ).map((a) => ({ ...a }));
  }

  /** Give back everything an owner holds (inside the transaction that ends its use). */
  releaseOwner(owner: string): number {
    const rows = this.db.prepare(`SELECT pool, value FROM pool_allocations WHERE owner = ?`).all(owner) as { pool: string; value: number }[];
    this.db.prepare(`DELETE FROM pool_allocations WHERE owner = ?`).run(owner);
    for (const r of rows) this.lowerHint(r.pool, r.value);
    return rows.length;
  }

  markRelease(owner: string, purpose: string, opId: string): void {
    this.db.prepare(`UPDATE pool_allocations SET release_op = ? WHERE owner = ? AND purpose = ?`).run(opId, owner, purpose);
  }

  /** The operation completed: drop what it released, keep what it allocated. */
  commitOp(opId: string): void {
    const rows = this.db.prepare(`SELECT pool, value FROM pool_allocations WHERE release_op = ?`).all(opId) as { pool: string; value: number }[];
    this.db.prepare(`DELETE FROM pool_allocations WHERE release_op = ?`).run(opId);
    this.db.prepare(`UPDATE pool_allocations SET pending_op = NULL WHERE pending_op = ?`).run(opId);
    for (const r of rows) this.lowerHint(r.pool, r.value);
  }

  /** The operation was rolled back: drop what it allocated, keep what it meant to release. */
  rollbackOp(opId: string): void {
    const rows = this.db.prepare(`SELECT pool, value FROM pool_allocations WHERE pending_op = ?`).all(opId) as { pool: string; value: number }[];
    this.db.prepare(`DELETE FROM pool_allocations WHERE pending_op = ?`).run(opId);
    this.db.prepare(`UPDATE pool_allocations SET release_op = NULL WHERE release_op = ?`).run(opId);
    for (const r of rows) this.lowerHint(r.pool, r.value);
  }

  private lowerHint(pool: string, value: number): void {
    const h = this.hints.get(pool);
    if (h !== undefined && value < h) this.hints.set(pool, value);
  }

  /** Forget the hints (after a rolled-back transaction that allocated). */
  resetHints(): void {
    this.hints.clear();
  }

  usage(): { pool: string; description: string; size: number; used: number }[] {
    const counts = new Map(
      (this.db.prepare(`SELECT pool, count(*) AS n FROM pool_allocations GROUP BY pool`).all() as { pool: string; n: number }[]).map((r) => [r.pool, r.n]),
    );
    return this.list().map((p) => ({ pool: p.id, description: p.description, size: p.last - p.first + 1, used: counts.get(p.id) ?? 0 }));
  }
}
