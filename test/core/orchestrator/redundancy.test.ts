import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { orchestratorMigrations } from '../../../core/orchestrator/migrations.js';
import { Redundancy } from '../../../core/orchestrator/redundancy.js';
import type { PairView } from '../../../core/orchestrator/contract.js';

function setup() {
  const db = new Database(':memory:');
  orchestratorMigrations[0]!.up(db);
  const add = db.prepare(`INSERT INTO platform_nodes (id, kind, pair, pod_id, name, role, address, vip, node_id, changed_at) VALUES (?, ?, ?, NULL, ?, ?, '192.0.2.1', '192.0.2.9', NULL, '')`);
  add.run('esc-1', 'esc', 'esc:p', 'ESC 1', 'master');
  add.run('esc-2', 'esc', 'esc:p', 'ESC 2', 'slave');
  add.run('sm-1', 'nso-sm', 'nso-sm', 'SM 1', 'master');
  add.run('sm-2', 'nso-sm', 'nso-sm', 'SM 2', 'subordinate');
  let now = 1_000_000;
  const changes: { pair: PairView; reason: string }[] = [];
  const r = new Redundancy(db, () => now, { keepaliveMs: 1000, missed: 3 }, (pair, reason) => changes.push({ pair, reason }));
  for (const id of ['esc-1', 'esc-2', 'sm-1', 'sm-2']) r.revive(id); // first keep-alives
  changes.length = 0;
  return { r, changes, advance: (ms: number) => ((now += ms), r.tick()) };
}

const roles = (p: PairView) => Object.fromEntries(p.nodes.map((n) => [n.id, `${n.role}${n.alive ? '' : ' (silent)'}`]));

describe('platform redundancy (keep-alives)', () => {
  it('ESC: the slave promotes itself after the master misses its keep-alives; the old master returns as slave', () => {
    const { r, changes, advance } = setup();
    r.silence('esc-1');
    expect(r.masterAvailable('esc:p')).toBe(false); // a silent master does not answer
    advance(1000);
    advance(1000);
    expect(roles(r.pair('esc:p'))).toEqual({ 'esc-1': 'master (silent)', 'esc-2': 'slave' }); // not yet: 3 intervals
    advance(1500);
    expect(roles(r.pair('esc:p'))).toEqual({ 'esc-1': 'slave (silent)', 'esc-2': 'master' });
    expect(r.masterAvailable('esc:p')).toBe(true);
    expect(changes.at(-1)!.reason).toContain('ESC 2 promoted itself to master (ESC 1 missed 3 keep-alives)');
    expect(r.pair('esc:p').healthy).toBe(false);
    r.revive('esc-1');
    expect(roles(r.pair('esc:p'))).toEqual({ 'esc-1': 'slave', 'esc-2': 'master' });
    expect(r.pair('esc:p').healthy).toBe(true);
  });

  it('NSO: master / subordinate / none — the old master has no redundancy state until it re-syncs', () => {
    const { r, advance } = setup();
    r.silence('sm-1');
    advance(3500);
    expect(roles(r.pair('nso-sm'))).toEqual({ 'sm-1': 'none (silent)', 'sm-2': 'master' });
    r.revive('sm-1');
    expect(roles(r.pair('nso-sm'))).toEqual({ 'sm-1': 'subordinate', 'sm-2': 'master' });
  });

  it('with both silent there is no master to promote', () => {
    const { r, advance } = setup();
    r.silence('esc-1');
    r.silence('esc-2');
    advance(5000);
    expect(r.masterAvailable('esc:p')).toBe(false);
    expect(r.pair('esc:p').master).toBeNull();
  });
});
