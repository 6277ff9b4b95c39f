// Placement properties on random inputs (a seeded generator, hundreds of cases): a chain
// is on one production server, no server is ever overcommitted, a redundant path is on
// another PoD — in another data centre whenever some pair across data centres fits — and
// "it does not fit" is only said when no server (or pair) could take it.
import { describe, expect, it } from 'vitest';
import { prng } from '../../../core/orchestrator/ids.js';
import { fits, place, take, type Res, type ServerCap, type Strategy } from '../../../core/orchestrator/placement.js';

function world(rand: () => number): ServerCap[] {
  const dcs = 1 + Math.floor(rand() * 3);
  const out: ServerCap[] = [];
  let podN = 0;
  for (let d = 0; d < dcs; d++) {
    const pods = 1 + Math.floor(rand() * 3);
    for (let p = 0; p < pods; p++, podN++) {
      const servers = 1 + Math.floor(rand() * 5);
      for (let s = 0; s < servers; s++) {
        out.push({
          id: `s${podN}-${s}`,
          name: `s${podN}-${s}`,
          podId: `p${podN}`,
          podName: `p${podN}`,
          dcId: `d${d}`,
          dcName: `d${d}`,
          free: { vcpu: Math.floor(rand() * 48), ramMb: Math.floor(rand() * 64) * 1024, diskGb: Math.floor(rand() * 800) },
        });
      }
    }
  }
  return out;
}

const CHAINS: Res[] = [
  { vcpu: 2, ramMb: 4096, diskGb: 8 },
  { vcpu: 3, ramMb: 6144, diskGb: 16 },
  { vcpu: 9, ramMb: 14336, diskGb: 66 },
  { vcpu: 5, ramMb: 12288, diskGb: 216 },
  { vcpu: 11, ramMb: 20480, diskGb: 266 },
];

function crossDcPairExists(servers: ServerCap[], need: Res): boolean {
  const f = servers.filter((s) => fits(s, need));
  return f.some((a) => f.some((b) => a.dcId !== b.dcId));
}

function anyPairExists(servers: ServerCap[], need: Res): boolean {
  const f = servers.filter((s) => fits(s, need));
  return f.some((a) => f.some((b) => a.podId !== b.podId));
}

describe.each(['best-fit', 'first-fit'] as Strategy[])('placement (%s) on random inputs', (strategy) => {
  it('never overcommits, keeps a chain on one server, and separates redundant paths (400 worlds × 40 orders)', () => {
    let placed = 0;
    let refused = 0;
    let crossDc = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const rand = prng(seed);
      const servers = world(rand);
      const capacity = new Map(servers.map((s) => [s.id, { ...s.free }]));
      const used = new Map(servers.map((s) => [s.id, { vcpu: 0, ramMb: 0, diskGb: 0 }]));
      for (let k = 0; k < 40; k++) {
        const need = CHAINS[Math.floor(rand() * CHAINS.length)]!;
        const redundant = rand() < 0.4;
        const before = servers.map((s) => ({ ...s, free: { ...s.free } }));
        const p = place(servers, need, redundant, strategy);
        // place() does not change the snapshot
        expect(servers.map((s) => s.free)).toEqual(before.map((s) => s.free));
        if (!p.ok) {
          refused++;
          // only refused when nothing could take it
          if (redundant) expect(anyPairExists(servers, need)).toBe(false);
          else expect(servers.some((s) => fits(s, need))).toBe(false);
          expect(p.shortage.message.length).toBeGreaterThan(10);
          continue;
        }
        placed++;
        const chosen = [p.primary, ...(p.secondary ? [p.secondary] : [])];
        expect(chosen.length).toBe(redundant ? 2 : 1);
        if (p.secondary) {
          expect(p.secondary.podId).not.toBe(p.primary.podId);
          if (crossDcPairExists(servers, need)) {
            expect(p.secondary.dcId).not.toBe(p.primary.dcId);
            crossDc++;
          }
        }
        for (const s of chosen) {
          take(s, need);
          const u = used.get(s.id)!;
          u.vcpu += need.vcpu;
          u.ramMb += need.ramMb;
          u.diskGb += need.diskGb;
        }
        // the invariant, checked against the original capacities
        for (const s of servers) {
          const cap = capacity.get(s.id)!;
          const u = used.get(s.id)!;
          expect(u.vcpu <= cap.vcpu && u.ramMb <= cap.ramMb && u.diskGb <= cap.diskGb).toBe(true);
          expect(s.free.vcpu).toBe(cap.vcpu - u.vcpu);
        }
      }
    }
    // the generator exercised every branch
    expect(placed).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(100);
    expect(crossDc).toBeGreaterThan(500);
  });
});

describe('best fit', () => {
  it('fills the tightest server first, so a large chain still finds a large hole', () => {
    const s = (id: string, vcpu: number): ServerCap => ({ id, name: id, podId: 'p', podName: 'p', dcId: 'd', dcName: 'd', free: { vcpu, ramMb: 1 << 20, diskGb: 10_000 } });
    const servers = [s('roomy', 40), s('tight', 4)];
    const small = { vcpu: 2, ramMb: 1024, diskGb: 8 };
    const p = place(servers, small, false, 'best-fit');
    expect(p.ok && p.primary.id).toBe('tight');
    const ff = place(servers, small, false, 'first-fit');
    expect(ff.ok && ff.primary.id).toBe('roomy');
  });

  it('says which resource is short and where the roomiest servers are', () => {
    const servers: ServerCap[] = [
      { id: 'a', name: 'a-prod-01', podId: 'p1', podName: 'pod-1', dcId: 'd1', dcName: 'DC-1', free: { vcpu: 8, ramMb: 65536, diskGb: 1000 } },
      { id: 'b', name: 'b-prod-01', podId: 'p2', podName: 'pod-2', dcId: 'd1', dcName: 'DC-1', free: { vcpu: 3, ramMb: 65536, diskGb: 1000 } },
    ];
    const p = place(servers, { vcpu: 11, ramMb: 20480, diskGb: 266 }, false);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.shortage.resource).toBe('vcpu');
    expect(p.shortage.message).toContain('a-prod-01 in pod-1 (DC-1) with 8 vCPU free');
    expect(p.shortage.where.map((w) => w.serverName)).toEqual(['a-prod-01', 'b-prod-01']);
    const r = place([servers[0]!], { vcpu: 2, ramMb: 1024, diskGb: 8 }, true);
    expect(!r.ok && r.shortage.resource).toBe('pods');
  });
});
