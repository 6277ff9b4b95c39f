// 100 concurrent orders over the WebSocket (10 connections × 10 orders, all in flight at
// once), VMs booting 50–300 ms: none lost, none double-allocated. The baseline is the same
// 100 orders one after another, on a fresh host, in the same run.
import WebSocket from 'ws';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SocketClient, typed, type PodiumApi, type SocketLike } from '../../core/api/client.js';
import { serveHttp } from '../../core/host/http-server.js';
import { admin, benchHost, intent, ms, pct, PASSWORD } from './lib/orch.js';

const ORDERS = 100;
const CONNECTIONS = 10;
const PACKAGES = ['foundation', 'advanced', 'advanced-ws'];

async function scenario(concurrent: boolean) {
  const h = await benchHost({ lab: { bootDelayMs: { min: 50, max: 300 }, seed: 'infra' }, orchestrator: { reconcileMs: 0, runner: { concurrency: 16, transientRetries: 8, retryBaseMs: 50, bootTimeoutMs: 60_000, pollMs: 20 } } });
  const a = await admin(h.host, h.dir);
  await a.call('tenants.create', { id: 'rush', name: 'Rush Hour', quotas: { maxServices: 1000, maxSites: 10_000, maxVcpu: 100_000 } });
  const served = await serveHttp(h.host, { port: 0, rendererDir: '/nonexistent' });
  const clients: SocketClient[] = [];
  const apis: PodiumApi[] = [];
  for (let c = 0; c < CONNECTIONS; c++) {
    const sc = new SocketClient({ open: () => new WebSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`) as unknown as SocketLike, reconnect: false, callTimeoutMs: 120_000 });
    clients.push(sc);
    const api = typed(sc);
    await api.call('auth.login', { username: 'admin', password: PASSWORD });
    apis.push(api);
  }
  const lat: number[] = [];
  const one = async (i: number) => {
    const t0 = performance.now();
    const r = await apis[i % CONNECTIONS]!.call('services.order', {
      tenantId: 'rush',
      requestId: `order-${i}`,
      intent: intent(PACKAGES[i % 3]!, { sites: 1 + (i % 3), automatedRecovery: i % 5 === 0 }),
      wait: true,
    });
    lat.push(performance.now() - t0);
    return r;
  };
  const t0 = performance.now();
  const results = concurrent ? await Promise.all(Array.from({ length: ORDERS }, (_, i) => one(i))) : await (async () => {
    const out = [];
    for (let i = 0; i < ORDERS; i++) out.push(await one(i));
    return out;
  })();
  const elapsed = performance.now() - t0;
  const check = await a.call('orchestrator.check', {});
  const lab = await a.call('lab.status', {});
  clients.forEach((c) => c.close());
  await served.close();
  await h.host.close();
  // none lost, none double-allocated — checked on the database itself
  const db = new Database(join(h.dir, 'podium.db'), { readonly: true });
  const services = (db.prepare(`SELECT count(*) AS n FROM services WHERE tenant_id = 'rush'`).get() as { n: number }).n;
  const active = (db.prepare(`SELECT count(*) AS n FROM services WHERE tenant_id = 'rush' AND state = 'ACTIVE'`).get() as { n: number }).n;
  const completed = (db.prepare(`SELECT count(*) AS n FROM operations WHERE tenant_id = 'rush' AND state = 'COMPLETED'`).get() as { n: number }).n;
  const vnis = db.prepare(`SELECT count(*) AS n, count(DISTINCT value) AS d FROM pool_allocations WHERE pool = 'vni'`).get() as { n: number; d: number };
  // every address configured on a VNF, across every service: none may appear twice
  const ips = (db.prepare(`SELECT interfaces FROM vnf_instances WHERE state != 'DELETED'`).all() as { interfaces: string }[]).flatMap((r) =>
    (JSON.parse(r.interfaces) as { ip: string | null }[]).map((i) => i.ip).filter((ip): ip is string => ip !== null),
  );
  const ipDupes = ips.length - new Set(ips).size;
  db.close();
  await h.close().catch(() => {});
  const distinctIds = new Set(results.map((r) => r.service.id)).size;
  return { elapsed, lat, services, active, completed, distinctIds, vnis, ips: ips.length, ipDupes, check, lab };
}

const conc = await scenario(true);
const seq = await scenario(false);
const line = (label: string, r: Awaited<ReturnType<typeof scenario>>) =>
  console.log(
    `  ${label.padEnd(34)} ${(r.elapsed / 1000).toFixed(2).padStart(6)} s  ${(ORDERS / (r.elapsed / 1000)).toFixed(1).padStart(6)} orders/s  ` +
      `order → ACTIVE p50 ${ms(pct(r.lat, 50))}, p95 ${ms(pct(r.lat, 95))}`,
  );
console.log(`${ORDERS} orders over the WebSocket (${CONNECTIONS} connections), lab VMs boot in 50–300 ms, 1 in 5 with automated recovery:`);
line(`${ORDERS} at once (concurrent)`, conc);
line('baseline: one after another', seq);
for (const [label, r] of [
  ['concurrent', conc],
  ['sequential', seq],
] as const) {
  console.log(
    `  ${label}: ${r.services} services for ${ORDERS} orders (${r.distinctIds} distinct), ${r.active} ACTIVE, ${r.completed} operations COMPLETED; ` +
      `${r.vnis.n} VNIs allocated, ${r.vnis.d} distinct; ${r.ips} addresses configured on VNFs, ${r.ipDupes} of them twice; ` +
      `capacity and allocations: ${r.check.ok ? 'consistent' : r.check.problems.join('; ')}; lab VMs ${r.lab.vms.total}, orphans ${r.lab.consistency.vmsWithoutVnf.length + r.lab.consistency.vnfsWithoutVm.length}`,
  );
}
