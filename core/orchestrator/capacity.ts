// Capacity: the seed's calculator (Figure 6-12) — how many services of one type fit on each
// PoD model — and the what-if for a mix of types, on the models and on the live PoDs.
// A chain lives on one server, so a server holds ⌊free / need⌋ chains in its scarcest
// resource, and a PoD the sum over its production servers.
import type { ServiceTypeView } from '../catalog/contract.js';
import type { PodModel } from './contract.js';
import { explainShortage, fits, place, take, type Res, type ServerCap } from './placement.js';

export type Dim = 'vcpu' | 'ramMb' | 'diskGb';

export function allocatable(m: PodModel): Res {
  return { vcpu: m.server.vcpu - m.server.reservedVcpu, ramMb: m.server.ramMb - m.server.reservedRamMb, diskGb: m.server.diskGb };
}

/** How many chains of `need` fit in `free`, and which resource runs out first. */
export function perServer(free: Res, need: Res): { n: number; bound: Dim } {
  let n = Infinity;
  let bound: Dim = 'vcpu';
  for (const k of ['vcpu', 'ramMb', 'diskGb'] as const) {
    if (need[k] <= 0) continue;
    const f = Math.floor(Math.max(0, free[k]) / need[k]);
    if (f < n) {
      n = f;
      bound = k;
    }
  }
  return { n: Number.isFinite(n) ? n : 0, bound };
}

export function calculator(models: PodModel[], types: ServiceTypeView[]) {
  const table = types.map((t) => ({
    serviceType: t.id,
    name: t.name,
    cells: models.map((m) => {
      const p = perServer(allocatable(m), t);
      return { podModel: m.id, services: p.n * m.productionServers, bound: p.bound };
    }),
  }));
  return {
    podModels: models,
    serviceTypes: types.map((t) => ({ id: t.id, name: t.name, ips: t.ips, vcpu: t.vcpu, ramMb: t.ramMb, diskGb: t.diskGb })),
    table,
    chart: {
      categories: types.map((t) => t.name),
      series: models.map((m, mi) => ({ name: m.name, podModel: m.id, values: table.map((row) => row.cells[mi]!.services) })),
    },
  };
}

export interface MixEntry {
  type: ServiceTypeView;
  share: number;
}

/**
 * Place a mix on servers by best fit, keeping the proportions: always the type furthest
 * behind its share goes next; stop when it no longer fits anywhere. Bounded by `limit`.
 */
export function simulateMix(servers: ServerCap[], mix: MixEntry[], limit = 200_000): { total: number; byType: Record<string, number>; bound: string } {
  const snap = servers.map((s) => ({ ...s, free: { ...s.free } }));
  const placed = new Map(mix.map((m) => [m.type.id, 0]));
  const active = mix.filter((m) => m.share > 0);
  let total = 0;
  let bound = 'none';
  if (active.length === 0) return { total: 0, byType: Object.fromEntries(placed), bound };
  for (; total < limit; ) {
    const next = active.reduce((a, b) => (placed.get(a.type.id)! / a.share <= placed.get(b.type.id)! / b.share ? a : b));
    const p = place(snap, next.type, false);
    if (!p.ok) {
      bound = p.shortage.resource;
      break;
    }
    take(p.primary, next.type);
    placed.set(next.type.id, placed.get(next.type.id)! + 1);
    total++;
  }
  if (total >= limit) bound = 'limit';
  return { total, byType: Object.fromEntries(placed), bound };
}

export function modelServers(m: PodModel): ServerCap[] {
  const free = allocatable(m);
  return Array.from({ length: m.productionServers }, (_, i) => ({
    id: `${m.id}-${i + 1}`,
    name: `${m.id}-${i + 1}`,
    podId: m.id,
    podName: m.name,
    dcId: 'model',
    dcName: 'model',
    free: { ...free },
  }));
}

/** How many more of each type fit on some servers, each type alone. */
export function moreOfEach(servers: ServerCap[], types: ServiceTypeView[]): { serviceType: string; name: string; more: number }[] {
  return types.map((t) => ({ serviceType: t.id, name: t.name, more: servers.reduce((n, s) => n + perServer(s.free, t).n, 0) }));
}

export { explainShortage, fits };
