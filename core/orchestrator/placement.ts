// Placement: where a VNF chain goes. Pure functions over a snapshot of free capacity, used
// inside the order transaction (so two orders can never both take the same room) and by the
// property tests and benchmarks.
//
// Rules (seed: "A Cloud VPN service request is always provisioned on a single VMS PoD
// production server"):
//  - a chain goes on one production server, and only where vCPU, RAM and disk all fit —
//    never overcommitted;
//  - a redundant path goes on another PoD, in another data centre whenever some pair of
//    servers across data centres can hold both chains;
//  - best fit: the server left with the least free vCPU (then RAM, then disk) — it keeps
//    large holes for large chains. First fit is kept as the benchmarks' baseline.

export interface Res {
  vcpu: number;
  ramMb: number;
  diskGb: number;
}

export interface ServerCap {
  id: string;
  name: string;
  podId: string;
  podName: string;
  dcId: string;
  dcName: string;
  /** Free room: allocatable capacity minus what live VNFs hold. */
  free: Res;
}

export type Strategy = 'best-fit' | 'first-fit';

export interface ShortageWhere {
  podId: string;
  podName: string;
  dcName: string;
  serverId: string | null;
  serverName: string | null;
  free: Res;
}

export interface PlacementShortage {
  resource: 'vcpu' | 'ramMb' | 'diskGb' | 'pods';
  message: string;
  need: Res;
  where: ShortageWhere[];
}

export type Placement = { ok: true; primary: ServerCap; secondary: ServerCap | null } | { ok: false; shortage: PlacementShortage };

export const fits = (s: ServerCap, need: Res) => s.free.vcpu >= need.vcpu && s.free.ramMb >= need.ramMb && s.free.diskGb >= need.diskGb;

/** Smaller is better: what is left after placing `need` (vCPU first). */
function leftover(s: ServerCap, need: Res): [number, number, number] {
  return [s.free.vcpu - need.vcpu, s.free.ramMb - need.ramMb, s.free.diskGb - need.diskGb];
}

function better(a: ServerCap, b: ServerCap, need: Res): boolean {
  const la = leftover(a, need);
  const lb = leftover(b, need);
  for (let i = 0; i < 3; i++) if (la[i]! !== lb[i]!) return la[i]! < lb[i]!;
  return false; // keep the earlier one: stable
}

/** The best server among candidates for a need, by strategy; null when none fits. */
function pick(cands: readonly ServerCap[], need: Res, strategy: Strategy, ok: (s: ServerCap) => boolean = () => true): ServerCap | null {
  let best: ServerCap | null = null;
  for (const s of cands) {
    if (!ok(s) || !fits(s, need)) continue;
    if (strategy === 'first-fit') return s;
    if (!best || better(s, best, need)) best = s;
  }
  return best;
}

const fmt = (r: Res) => `${r.vcpu} vCPU, ${Math.round(r.ramMb / 1024)} GB RAM, ${r.diskGb} GB disk`;

const whereOf = (s: ServerCap): ShortageWhere => ({ podId: s.podId, podName: s.podName, dcName: s.dcName, serverId: s.id, serverName: s.name, free: { ...s.free } });

/** Why nothing fits: the resource that is short on the roomiest servers, and where those are. */
export function explainShortage(servers: readonly ServerCap[], need: Res): PlacementShortage {
  if (servers.length === 0) {
    return { resource: 'pods', message: 'there is no production server in service (every PoD or server is in maintenance, or none exists)', need, where: [] };
  }
  const roomiest = [...servers].sort((a, b) => b.free.vcpu - a.free.vcpu || b.free.ramMb - a.free.ramMb || b.free.diskGb - a.free.diskGb).slice(0, 3);
  const short = (s: ServerCap): ('vcpu' | 'ramMb' | 'diskGb')[] =>
    (['vcpu', 'ramMb', 'diskGb'] as const).filter((k) => s.free[k] < need[k]);
  // The resource that fails on the most servers, ties to vCPU first.
  const count = { vcpu: 0, ramMb: 0, diskGb: 0 };
  for (const s of servers) for (const k of short(s)) count[k]++;
  const resource = (['vcpu', 'ramMb', 'diskGb'] as const).reduce((a, b) => (count[b] > count[a] ? b : a));
  const top = roomiest[0]!;
  const label = { vcpu: 'vCPU', ramMb: 'RAM', diskGb: 'disk' }[resource];
  const have = resource === 'ramMb' ? `${Math.round(top.free.ramMb / 1024)} GB` : resource === 'diskGb' ? `${top.free.diskGb} GB` : `${top.free.vcpu} vCPU`;
  return {
    resource,
    message: `no production server has room for the chain (${fmt(need)}): ${label} is short — the roomiest is ${top.name} in ${top.podName} (${top.dcName}) with ${have} free`,
    need,
    where: roomiest.map(whereOf),
  };
}

/** Place a secondary path for an existing primary: another PoD, another data centre when one can hold it. */
export function placeSecondary(servers: readonly ServerCap[], need: Res, primary: { podId: string; dcId: string }, strategy: Strategy = 'best-fit'): ServerCap | null {
  return (
    pick(servers, need, strategy, (s) => s.dcId !== primary.dcId) ??
    pick(servers, need, strategy, (s) => s.podId !== primary.podId)
  );
}

/** Place a chain (and its redundant path). Does not change the snapshot; see `take`. */
export function place(servers: readonly ServerCap[], need: Res, redundant: boolean, strategy: Strategy = 'best-fit'): Placement {
  if (!redundant) {
    const s = pick(servers, need, strategy);
    return s ? { ok: true, primary: s, secondary: null } : { ok: false, shortage: explainShortage(servers, need) };
  }
  const feasible = servers.filter((s) => fits(s, need));
  if (feasible.length === 0) return { ok: false, shortage: explainShortage(servers, need) };
  // Primary candidates in preference order; for each, the best partner in another DC, else another PoD.
  const order = strategy === 'first-fit' ? feasible : [...feasible].sort((a, b) => (better(a, b, need) ? -1 : better(b, a, need) ? 1 : 0));
  for (const crossDc of [true, false]) {
    for (const p of order) {
      const s = pick(feasible, need, strategy, (x) => (crossDc ? x.dcId !== p.dcId : x.podId !== p.podId));
      if (s) return { ok: true, primary: p, secondary: s };
    }
  }
  const pods = [...new Set(feasible.map((s) => s.podName))];
  return {
    ok: false,
    shortage: {
      resource: 'pods',
      message: `automated recovery needs a second PoD with room for the chain (${fmt(need)}), but only ${pods.join(', ')} has room`,
      need,
      where: feasible.slice(0, 3).map(whereOf),
    },
  };
}

/** Record a placement in the snapshot (the benchmarks and the planner place many in a row). */
export function take(s: ServerCap, need: Res): void {
  s.free = { vcpu: s.free.vcpu - need.vcpu, ramMb: s.free.ramMb - need.ramMb, diskGb: s.free.diskGb - need.diskGb };
}
