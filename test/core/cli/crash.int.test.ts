// Crash recovery: the real host (`podium serve`) is killed with SIGKILL at random points of
// provisioning — orders, updates, deletes and cancels in flight — then started again, more
// than twenty times. After each restart every operation ends COMPLETED or ROLLED_BACK, no
// pool holds an allocation a live service does not account for, the lab VIM's VMs and the
// live VNFs agree, and SQLite's integrity check passes on the file the kill left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { prng } from '../../../core/orchestrator/ids.js';
import { checkInvariants } from '../../../core/orchestrator/invariants.js';
import type { PodiumApi } from '../../../core/api/client.js';
import { ADMIN_PASSWORD, tempDir } from '../../helpers/host.js';
import { client, serve, type Served } from '../../helpers/child.js';
import { intentOf } from '../../helpers/orch.js';

const RUNS = 24;
const ENV = { PODIUM_LAB_BOOT_MS: '5-80', PODIUM_LAB_SEED: 'infra', PODIUM_KEEPALIVE_MS: '50' };
let dir: string;

beforeAll(() => {
  dir = tempDir('podium-crash-');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function login(api: PodiumApi, first: boolean): Promise<void> {
  if (first) {
    const initial = readFileSync(join(dir, 'initial-admin-password'), 'utf8').trim();
    await api.call('auth.login', { username: 'admin', password: initial });
    await api.call('auth.changePassword', { currentPassword: initial, newPassword: ADMIN_PASSWORD });
  } else {
    await api.call('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
  }
}

async function settle(api: PodiumApi): Promise<void> {
  const t0 = Date.now();
  while ((await api.call('operations.list', { state: 'PROCESSING', limit: 1 })).total > 0) {
    if (Date.now() - t0 > 30_000) throw new Error('operations still PROCESSING 30 s after the restart');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The state the kill left behind, checked on the file itself before anything opens it again. */
function integrity(): string {
  const db = new Database(join(dir, 'podium.db'));
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('crash recovery', () => {
  it(`survives SIGKILL at random points of provisioning (${RUNS} runs)`, { timeout: 600_000 }, async () => {
    const rand = prng(20260101);
    const stats = { orders: 0, updates: 0, deletes: 0, cancels: 0, unanswered: 0, killedWithWork: 0 };
    const PACKAGES = ['foundation', 'advanced', 'advanced-ws'];
    let srv: Served | null = null;
    try {
      for (let run = 0; run < RUNS; run++) {
        srv = await serve(dir, ENV);
        const c = client(srv);
        await login(c.api, run === 0);
        if (run === 0) await c.api.call('tenants.create', { id: 'crash', name: 'Crash Test Dummies', quotas: { maxServices: 10_000, maxSites: 100_000, maxVcpu: 1_000_000 } });
        // the previous run's kill has been recovered from: nothing is left half done
        await settle(c.api);
        const ops = await c.api.call('operations.list', { limit: 1000 });
        const states = new Set(ops.operations.map((o) => o.state));
        expect([...states].filter((s) => s !== 'COMPLETED' && s !== 'ROLLED_BACK')).toEqual([]);
        const check = await c.api.call('orchestrator.check', {});
        expect(check.problems).toEqual([]);
        const lab = await c.api.call('lab.status', {});
        expect(lab.consistency).toEqual({ vmsWithoutVnf: [], vnfsWithoutVm: [] });

        // new work, not awaited: orders, updates and deletes of what exists, cancels
        const live = (await c.api.call('services.list', { state: 'ACTIVE', limit: 1000 })).services;
        const calls: Promise<unknown>[] = [];
        const pending: string[] = [];
        const n = 1 + Math.floor(rand() * 4);
        for (let k = 0; k < n; k++) {
          const pkg = PACKAGES[Math.floor(rand() * PACKAGES.length)]!;
          const intent = intentOf(pkg, { sites: 1 + Math.floor(rand() * 3), automatedRecovery: rand() < 0.35, ips: pkg !== 'foundation' && rand() < 0.3 });
          stats.orders++;
          calls.push(
            c.api.call('services.order', { tenantId: 'crash', intent, requestId: `r${run}-${k}` }).then(
              (r) => pending.push(r.operation.id),
              () => stats.unanswered++,
            ),
          );
        }
        for (const s of live.slice(0, 2)) {
          if (rand() < 0.5) {
            stats.updates++;
            const pkg = PACKAGES[Math.floor(rand() * PACKAGES.length)]!;
            calls.push(c.api.call('services.update', { id: s.id, intent: intentOf(pkg, { sites: 2, automatedRecovery: rand() < 0.5 }) }).catch(() => stats.unanswered++));
          } else {
            stats.deletes++;
            calls.push(c.api.call('services.delete', { id: s.id }).catch(() => stats.unanswered++));
          }
        }
        // sometimes cancel an order as soon as it is known
        if (rand() < 0.4) {
          void Promise.race([Promise.all(calls), new Promise((r) => setTimeout(r, 100))]).then(() => {
            const id = pending[0];
            if (id) {
              stats.cancels++;
              c.api.call('operations.cancel', { id }).catch(() => {});
            }
          });
        }
        // kill at a random point: before the answers, while VMs boot, while they are configured…
        await new Promise((r) => setTimeout(r, Math.floor(rand() * 350)));
        const processing = await c.api.call('operations.list', { state: 'PROCESSING', limit: 1 }).then((r) => r.total, () => 0);
        if (processing > 0) stats.killedWithWork++;
        await srv.kill9();
        c.close();
        srv = null;
        expect(integrity()).toBe('ok');
      }
    } finally {
      // a failed assertion must not leave a host running
      if (srv) await srv.kill9();
    }
    // the last restart, then a clean stop, then the file itself
    srv = await serve(dir, ENV);
    const last = srv;
    const c = client(last);
    let all;
    try {
        await login(c.api, false);
        await settle(c.api);
        all = await c.api.call('operations.list', { limit: 1000 });
      } catch (e) {
        await last.kill9();
        throw e;
      }
      expect(all.operations.filter((o) => o.state !== 'COMPLETED' && o.state !== 'ROLLED_BACK')).toEqual([]);
      const byState: Record<string, number> = {};
      for (const o of all.operations) byState[o.state] = (byState[o.state] ?? 0) + 1;
      c.close();
      expect(await last.term()).toBe(0);
      const db = new Database(join(dir, 'podium.db'));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const inv = checkInvariants(db, { quiescent: true });
        expect(inv.problems).toEqual([]);
        // allocations are exactly those of live services (and tenants' own VNIs)
        const owners = db.prepare(`SELECT DISTINCT owner FROM pool_allocations`).all() as { owner: string }[];
        const live = new Set((db.prepare(`SELECT id FROM services WHERE state != 'DELETED'`).all() as { id: string }[]).map((r) => `service:${r.id}`));
        expect(owners.filter((o) => !live.has(o.owner) && !o.owner.startsWith('tenant:'))).toEqual([]);
        expect([...live].filter((o) => !owners.some((x) => x.owner === o))).toEqual([]);
        const vms = (db.prepare(`SELECT name FROM lab_vms`).all() as { name: string }[]).map((r) => r.name).sort();
        const vnfs = (db.prepare(`SELECT vm_name FROM vnf_instances WHERE state != 'DELETED'`).all() as { vm_name: string }[]).map((r) => r.vm_name).sort();
        expect(vms).toEqual(vnfs);
        const journal = db.prepare(`SELECT count(*) AS n FROM op_journal WHERE event = 'resumed after restart'`).get() as { n: number };
        console.log(
          `crash test: ${RUNS} kills; ${stats.orders} orders, ${stats.updates} updates, ${stats.deletes} deletes, ${stats.cancels} cancels sent (${stats.unanswered} calls cut off by the kill); ` +
            `${stats.killedWithWork} kills with operations in progress; ${journal.n} operations resumed after a restart; ` +
            `final: ${Object.entries(byState).map(([k, v]) => `${v} ${k}`).join(', ')}; ${inv.counts['vnfs.live']} live VNFs, ${inv.counts['allocations']} allocations`,
        );
        expect(stats.killedWithWork).toBeGreaterThanOrEqual(RUNS / 3);
        expect(journal.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
