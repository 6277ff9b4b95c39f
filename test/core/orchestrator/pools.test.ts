import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { orchestratorMigrations } from '../../../core/orchestrator/migrations.js';
import { GLOBAL_POOLS, Pools, PoolExhausted, display, podPools } from '../../../core/orchestrator/pools.js';
import type { ApiError } from '../../../core/api/errors.js';

function pools() {
  const db = new Database(':memory:');
  orchestratorMigrations[0]!.up(db);
  const p = new Pools(db, () => Date.parse('2026-01-01T00:00:00Z'));
  p.ensure(GLOBAL_POOLS);
  p.ensure([{ id: 'tiny', kind: 'vlan', podId: null, first: 10, last: 12, base: null, blockLen: null, description: 'three VLANs' }]);
  return { db, p };
}

describe('pools', () => {
  it('allocates the lowest free value and reuses a released one', () => {
    const { p } = pools();
    expect([p.allocate('tiny', 'service:a', 'x'), p.allocate('tiny', 'service:b', 'x'), p.allocate('tiny', 'service:c', 'x')]).toEqual([10, 11, 12]);
    expect(p.releaseOwner('service:b')).toBe(1);
    expect(p.allocate('tiny', 'service:d', 'x')).toBe(11);
  });

  it('says which pool is exhausted, and where', () => {
    const { p } = pools();
    for (let i = 0; i < 3; i++) p.allocate('tiny', `service:${i}`, 'x');
    let err: unknown;
    try {
      p.allocate('tiny', 'service:z', 'x', { where: 'PoD fra-pod-1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PoolExhausted);
    expect((err as ApiError).code).toBe('RESOURCE_EXHAUSTED');
    expect((err as ApiError).message).toContain('tiny pool is exhausted');
    expect((err as ApiError).message).toContain('PoD fra-pod-1');
  });

  it('commits or rolls back what an operation allocated and released, in one go', () => {
    const { p } = pools();
    const a = p.allocate('tiny', 'service:s', 'old', { pendingOp: 'op1' });
    p.commitOp('op1');
    const b = p.allocate('tiny', 'service:s', 'new', { pendingOp: 'op2' });
    p.markRelease('service:s', 'old', 'op2');
    p.rollbackOp('op2');
    expect(p.byOwner('service:s').map((x) => [x.purpose, x.value, x.pendingOp, x.releaseOp])).toEqual([['old', a, null, null]]);
    const c = p.allocate('tiny', 'service:s', 'new', { pendingOp: 'op3' });
    expect(c).toBe(b); // the rolled-back value was given back
    p.markRelease('service:s', 'old', 'op3');
    p.commitOp('op3');
    expect(p.byOwner('service:s').map((x) => [x.purpose, x.value])).toEqual([['new', c]]);
  });

  it('finds values again after a rolled-back transaction moved its hint past them', () => {
    const { db, p } = pools();
    try {
      db.transaction(() => {
        p.allocate('tiny', 'service:a', 'x');
        p.allocate('tiny', 'service:b', 'x');
        throw new Error('roll back');
      })();
    } catch {
      // expected
    }
    expect(p.allocate('tiny', 'service:c', 'x')).toBe(10);
  });

  it('shows values as the network sees them; per-PoD pools do not overlap', () => {
    const { p } = pools();
    expect(display(p.get('link'), 3)).toBe('100.64.0.24/29');
    expect(display(p.get('site-lan'), 258)).toBe('10.1.2.0/24');
    expect(display(p.get('loopback'), 1)).toBe('100.96.0.1');
    expect(display(p.get('asn'), 4_200_000_007)).toBe('AS 4200000007');
    const a = podPools('pod-a', 0);
    const b = podPools('pod-b', 1);
    expect(a[0]!.base).toBe('198.18.0.0');
    expect(b[0]!.base).toBe('198.18.8.0');
    expect(a[1]!.base).toBe('172.24.0.0');
    expect(b[1]!.base).toBe('172.24.16.0');
  });
});
