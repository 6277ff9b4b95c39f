// Placing 10,000 services on 10 PoDs: time, and how full the PoDs get against the best
// possible packing bound — best fit (what the service manager uses) against first fit
// (the baseline), measured in the same run.
//   A. The placement algorithm alone, PoDs smaller than the demand: how full do they get
//      before orders are refused, against the bound (100 % of the scarcest resource, and
//      the most services any placement could hold: smallest first, fractional).
//   B. The algorithm alone, PoDs sized to the demand: how many servers it uses against
//      the bin-packing lower bound ⌈demand / server⌉.
//   C. Through the real order path — intent check, placement, pool allocations, day-1
//      rendering and the journal, each order one SQLite transaction — with the VIM work
//      held back (the operations are not run), on 10 PoDs made through the contract.
import { DEFAULT_CATALOG } from '../../core/catalog/defaults.js';
import { serviceTypes } from '../../core/catalog/model.js';
import type { ServiceTypeView } from '../../core/catalog/contract.js';
import { prng } from '../../core/orchestrator/ids.js';
import { place, take, type ServerCap, type Strategy } from '../../core/orchestrator/placement.js';
import { DEFAULT_SERVER } from '../../core/orchestrator/infra.js';
import { admin, benchHost, intent, ms, pct } from './lib/orch.js';

const N = Number(process.env['BENCH_N'] ?? 10_000);
const types = serviceTypes(DEFAULT_CATALOG);
const MIX: [string, number][] = [
  ['foundation', 0.4],
  ['advanced', 0.25],
  ['advanced+ips', 0.1],
  ['advanced-ws', 0.15],
  ['advanced-ws+ips', 0.1],
];
const REDUNDANT = 0.2;

interface Req {
  type: ServiceTypeView;
  redundant: boolean;
}

function requests(seed: number): Req[] {
  const r = prng(seed);
  return Array.from({ length: N }, () => {
    let x = r();
    let id = MIX[0]![0];
    for (const [t, share] of MIX) {
      if (x < share) {
        id = t;
        break;
      }
      x -= share;
    }
    return { type: types.find((t) => t.id === id)!, redundant: r() < REDUNDANT };
  });
}

const CAP = { vcpu: DEFAULT_SERVER.vcpu - DEFAULT_SERVER.reservedVcpu, ramMb: DEFAULT_SERVER.ramMb - DEFAULT_SERVER.reservedRamMb, diskGb: DEFAULT_SERVER.diskGb };

function pods(serversPerPod: number[]): ServerCap[] {
  return serversPerPod.flatMap((n, p) =>
    Array.from({ length: n }, (_, i) => ({ id: `p${p}-s${i}`, name: `p${p}-s${i}`, podId: `p${p}`, podName: `pod-${p}`, dcId: `dc${p % 3}`, dcName: `DC-${(p % 3) + 1}`, free: { ...CAP } })),
  );
}

function run(servers: ServerCap[], reqs: Req[], strategy: Strategy) {
  const t0 = performance.now();
  let placed = 0;
  let chains = 0;
  for (const q of reqs) {
    const p = place(servers, q.type, q.redundant, strategy);
    if (!p.ok) continue;
    take(p.primary, q.type);
    if (p.secondary) take(p.secondary, q.type);
    placed++;
    chains += p.secondary ? 2 : 1;
  }
  const t = performance.now() - t0;
  const total = { vcpu: CAP.vcpu * servers.length, ramMb: CAP.ramMb * servers.length, diskGb: CAP.diskGb * servers.length };
  const used = servers.reduce((u, s) => ({ vcpu: u.vcpu + CAP.vcpu - s.free.vcpu, ramMb: u.ramMb + CAP.ramMb - s.free.ramMb, diskGb: u.diskGb + CAP.diskGb - s.free.diskGb }), { vcpu: 0, ramMb: 0, diskGb: 0 });
  const usedServers = servers.filter((s) => s.free.vcpu < CAP.vcpu).length;
  return { t, placed, chains, usedVcpu: used.vcpu, fill: { vcpu: used.vcpu / total.vcpu, ramMb: used.ramMb / total.ramMb, diskGb: used.diskGb / total.diskGb }, usedServers };
}

/** The most services any placement could hold: take the cheapest (in vCPU per service) first, fractionally. */
function countBound(reqs: Req[], totalVcpu: number): number {
  const costs = reqs.map((q) => q.type.vcpu * (q.redundant ? 2 : 1)).sort((a, b) => a - b);
  let left = totalVcpu;
  let n = 0;
  for (const c of costs) {
    if (c > left) return n + left / c;
    left -= c;
    n++;
  }
  return n;
}

const pctf = (x: number) => `${(100 * x).toFixed(1)} %`;
const reqs = requests(42);
const demand = reqs.reduce((n, q) => n + q.type.vcpu * (q.redundant ? 2 : 1), 0);

// A. 10 PoDs, smaller than the demand: 3 large, 4 medium, 3 small
const shapeA = [16, 16, 16, 8, 8, 8, 8, 4, 4, 4];
const serversA = shapeA.reduce((a, b) => a + b, 0);
const bound = countBound(reqs, serversA * CAP.vcpu);
console.log(`A. ${N} services (20 % redundant; mix ${MIX.map(([t, s]) => `${t} ${s * 100} %`).join(', ')}), ${demand} vCPU of demand,`);
console.log(`   on 10 PoDs (3 large, 4 medium, 3 small) = ${serversA} production servers, ${serversA * CAP.vcpu} vCPU:`);
console.log(`   bounds: 100 % of the scarcest resource (vCPU); and no placement of this stream could hold more than ${bound.toFixed(0)} services`);
console.log(`   (cheapest first, fractional — an order stream placed as it comes cannot pick, so the vCPU fill is the fair figure)`);
for (const s of ['best-fit', 'first-fit'] as Strategy[]) {
  const r = run(pods(shapeA), reqs, s);
  console.log(
    `   ${s.padEnd(9)} ${ms(r.t).padStart(10)} (${((r.t * 1000) / N).toFixed(1)} µs per order)  placed ${r.placed} (${pctf(r.placed / bound)} of the bound), ` +
      `vCPU ${pctf(r.fill.vcpu)}, RAM ${pctf(r.fill.ramMb)}, disk ${pctf(r.fill.diskGb)}`,
  );
}

// B. 10 PoDs sized to the demand (5 % above the lower bound)
const lower = Math.ceil(demand / CAP.vcpu);
const per = Math.ceil((lower * 1.05) / 10);
console.log(`B. the same ${N} services on 10 PoDs of ${per} servers (${per * 10}, 5 % above the bin-packing lower bound ⌈${demand} / ${CAP.vcpu}⌉ = ${lower}):`);
for (const s of ['best-fit', 'first-fit'] as Strategy[]) {
  const r = run(pods(Array(10).fill(per) as number[]), reqs, s);
  const lb = Math.ceil(r.usedVcpu / CAP.vcpu);
  console.log(
    `   ${s.padEnd(9)} ${ms(r.t).padStart(10)}  placed ${r.placed} of ${N}; servers used ${r.usedServers}, lower bound for what it placed ⌈${r.usedVcpu} / ${CAP.vcpu}⌉ = ${lb} ` +
      `(${pctf(r.usedServers / lb - 1)} above); vCPU of the servers used ${pctf(r.usedVcpu / (r.usedServers * CAP.vcpu))}`,
  );
}

// C. The real order path, on 10 PoDs made through the contract (VIM work held back)
const h = await benchHost({ lab: { bootDelayMs: { min: 0, max: 0 }, seed: 'none' }, orchestrator: { reconcileMs: 0, runner: { concurrency: 0, transientRetries: 0, retryBaseMs: 10, bootTimeoutMs: 1000, pollMs: 10 } } });
const api = await admin(h.host, h.dir);
const dcs = [];
for (const name of ['DC-1', 'DC-2', 'DC-3']) dcs.push((await api.call('datacentres.create', { name })).dataCentre.id);
const models = ['large', 'large', 'large', 'medium', 'medium', 'medium', 'medium', 'small', 'small', 'small'];
for (let p = 0; p < 10; p++) await api.call('pods.create', { dcId: dcs[p % 3]!, name: `pod-${p}`, model: models[p]! });
await api.call('tenants.create', { id: 'bench', name: 'Bench', quotas: { maxServices: 100_000, maxSites: 1_000_000, maxVcpu: 10_000_000 } });
const byType = new Map(types.map((t) => [t.id, t]));
const lat: number[] = [];
let ok = 0;
let refused = 0;
const t0 = performance.now();
for (const q of reqs) {
  const t = byType.get(q.type.id)!;
  const i = intent(t.packageId, { sites: 1, ips: t.ips, automatedRecovery: q.redundant });
  const s = performance.now();
  try {
    await api.call('services.order', { tenantId: 'bench', intent: i });
    ok++;
  } catch {
    refused++;
  }
  lat.push(performance.now() - s);
}
const total = performance.now() - t0;
const cap = await api.call('pods.capacity', {});
const usedV = cap.pods.reduce((n, p) => n + p.vcpu.used, 0);
const allocV = cap.pods.reduce((n, p) => n + p.vcpu.total - p.vcpu.reserved, 0);
const check = await api.call('orchestrator.check', {});
await h.close();
console.log(`C. the order path (one transaction per order; the VNFs are not booted) on 10 PoDs made with pods.create:`);
console.log(
  `   ${N} orders in ${(total / 1000).toFixed(1)} s (${(N / (total / 1000)).toFixed(0)} orders/s); per order p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}; ` +
    `placed ${ok}, refused ${refused} (RESOURCE_EXHAUSTED); vCPU ${pctf(usedV / allocV)}; consistency ${check.ok ? 'ok' : check.problems.slice(0, 3).join('; ')}`,
);
