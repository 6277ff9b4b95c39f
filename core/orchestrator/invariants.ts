// The orchestrator's consistency rules, checked on the tables themselves. Used by
// `orchestrator.check`, the crash test (on the database a killed host left behind) and the
// property tests.
import type { Database } from 'better-sqlite3';

export interface CheckResult {
  ok: boolean;
  problems: string[];
  counts: Record<string, number>;
}

export function checkInvariants(db: Database, opts: { tenantExists?: (id: string) => boolean; quiescent?: boolean } = {}): CheckResult {
  const problems: string[] = [];
  const counts: Record<string, number> = {};

  // 1. Never overcommitted: what live VNFs hold fits every server's allocatable room.
  const over = db
    .prepare(
      `SELECT s.name, s.vcpu - s.reserved_vcpu AS cv, s.ram_mb - s.reserved_ram_mb AS cr, s.disk_gb AS cd,
              sum(v.vcpu) AS uv, sum(v.ram_mb) AS ur, sum(v.disk_gb) AS ud, s.role
       FROM vnf_instances v JOIN servers s ON s.id = v.server_id
       WHERE v.state != 'DELETED' GROUP BY s.id
       HAVING uv > cv OR ur > cr OR ud > cd OR s.role != 'production'`,
    )
    .all() as { name: string; cv: number; cr: number; cd: number; uv: number; ur: number; ud: number; role: string }[];
  for (const o of over) problems.push(`server ${o.name} (${o.role}) holds ${o.uv}/${o.cv} vCPU, ${o.ur}/${o.cr} MB, ${o.ud}/${o.cd} GB`);

  // 2. Every allocation belongs to a live service or an existing tenant.
  const orphan = db
    .prepare(
      `SELECT a.pool, a.value, a.owner, a.purpose FROM pool_allocations a
       WHERE a.owner LIKE 'service:%' AND NOT EXISTS (SELECT 1 FROM services s WHERE 'service:' || s.id = a.owner AND s.state != 'DELETED')`,
    )
    .all() as { pool: string; value: number; owner: string; purpose: string }[];
  for (const a of orphan) problems.push(`allocation ${a.pool}=${a.value} (${a.purpose}) is held by ${a.owner}, which is not a live service`);
  if (opts.tenantExists) {
    const tenantAllocs = db.prepare(`SELECT pool, value, owner FROM pool_allocations WHERE owner LIKE 'tenant:%'`).all() as { pool: string; value: number; owner: string }[];
    for (const a of tenantAllocs) if (!opts.tenantExists(a.owner.slice('tenant:'.length))) problems.push(`allocation ${a.pool}=${a.value} is held by ${a.owner}, which does not exist`);
  }
  const strange = db.prepare(`SELECT count(*) AS n FROM pool_allocations WHERE owner NOT LIKE 'service:%' AND owner NOT LIKE 'tenant:%'`).get() as { n: number };
  if (strange.n) problems.push(`${strange.n} allocations have an owner that is neither a service nor a tenant`);

  // 3. Pending / releasing marks only for operations that are still open.
  const marks = db
    .prepare(
      `SELECT a.pool, a.value, coalesce(a.pending_op, a.release_op) AS op FROM pool_allocations a
       WHERE (a.pending_op IS NOT NULL OR a.release_op IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = coalesce(a.pending_op, a.release_op) AND o.state IN ('PROCESSING', 'FAILED'))`,
    )
    .all() as { pool: string; value: number; op: string }[];
  for (const m of marks) problems.push(`allocation ${m.pool}=${m.value} is still marked by finished operation ${m.op}`);

  // 4. Deleted services hold nothing.
  const ghosts = db
    .prepare(`SELECT s.id, count(v.id) AS n FROM services s JOIN vnf_instances v ON v.service_id = s.id AND v.state != 'DELETED' WHERE s.state = 'DELETED' GROUP BY s.id`)
    .all() as { id: string; n: number }[];
  for (const g of ghosts) problems.push(`deleted service ${g.id} still has ${g.n} live VNFs`);

  // 5. A service at rest: ACTIVE, no open operation, each path on one server, the paths on different PoDs, its allocations complete.
  const rest = db.prepare(`SELECT id, state, redundant, current_op FROM services WHERE state != 'DELETED'`).all() as { id: string; state: string; redundant: number; current_op: string | null }[];
  const live = db.prepare(`SELECT service_id, path, role, server_id, pod_id FROM vnf_instances WHERE state != 'DELETED'`).all() as { service_id: string; path: string; role: string; server_id: string; pod_id: string }[];
  const byService = new Map<string, typeof live>();
  for (const v of live) byService.set(v.service_id, [...(byService.get(v.service_id) ?? []), v]);
  const allocs = db.prepare(`SELECT owner, purpose FROM pool_allocations WHERE owner LIKE 'service:%'`).all() as { owner: string; purpose: string }[];
  const purposes = new Map<string, Set<string>>();
  for (const a of allocs) {
    const k = a.owner.slice('service:'.length);
    if (!purposes.has(k)) purposes.set(k, new Set());
    purposes.get(k)!.add(a.purpose);
  }
  for (const s of rest) {
    if (s.current_op === null && s.state !== 'ACTIVE') problems.push(`service ${s.id} is ${s.state} without an operation`);
    if (s.current_op !== null) {
      const o = db.prepare(`SELECT state FROM operations WHERE id = ?`).get(s.current_op) as { state: string } | undefined;
      if (!o || (o.state !== 'PROCESSING' && o.state !== 'FAILED')) problems.push(`service ${s.id} points at operation ${s.current_op}, which is ${o?.state ?? 'missing'}`);
      continue;
    }
    const vnfs = byService.get(s.id) ?? [];
    const paths = new Map<string, Set<string>>();
    for (const v of vnfs) paths.set(v.path, new Set([...(paths.get(v.path) ?? []), v.server_id]));
    for (const [p, servers] of paths) if (servers.size > 1) problems.push(`service ${s.id}: its ${p} chain is spread over ${servers.size} servers`);
    if (s.redundant) {
      const pp = vnfs.find((v) => v.path === 'primary')?.pod_id;
      const sp = vnfs.find((v) => v.path === 'secondary')?.pod_id;
      if (!pp || !sp) problems.push(`redundant service ${s.id} lacks a ${pp ? 'secondary' : 'primary'} path`);
      else if (pp === sp) problems.push(`redundant service ${s.id} has both paths on PoD ${pp}`);
    }
    const have = purposes.get(s.id) ?? new Set<string>();
    const needed = ['vni', 'asn', ...[...paths.keys()].flatMap((p) => [`${p}:public:router`, `${p}:link:inside`, `${p}:loopback`, `${p}:vlan:inside`])];
    for (const n of needed) if (!have.has(n)) problems.push(`service ${s.id} lacks its ${n} allocation`);
    if (vnfs.length === 0) problems.push(`service ${s.id} is ACTIVE with no VNF`);
  }

  // 6. At rest, nothing is half done.
  const ops = db.prepare(`SELECT state, count(*) AS n FROM operations GROUP BY state`).all() as { state: string; n: number }[];
  for (const o of ops) counts[`operations.${o.state}`] = o.n;
  if (opts.quiescent && (counts['operations.PROCESSING'] ?? 0) > 0) problems.push(`${counts['operations.PROCESSING']} operations are still PROCESSING`);
  const svc = db.prepare(`SELECT state, count(*) AS n FROM services GROUP BY state`).all() as { state: string; n: number }[];
  for (const s of svc) counts[`services.${s.state}`] = s.n;
  counts['allocations'] = (db.prepare(`SELECT count(*) AS n FROM pool_allocations`).get() as { n: number }).n;
  counts['vnfs.live'] = live.length;
  return { ok: problems.length === 0, problems, counts };
}
