// Order → chain ACTIVE in the lab with boot delays set to 0: p50 and p95, per package and
// overall, in process and over the WebSocket. Baselines measured in the same run: the
// round trip of system.info (the transport's floor) and services.plan (the service
// manager's dry run: validation, placement, allocations, rendering — everything but the
// commit and the VIM work).
import WebSocket from 'ws';
import { SocketClient, typed, type SocketLike } from '../../core/api/client.js';
import { serveHttp } from '../../core/host/http-server.js';
import { admin, benchHost, intent, ms, pct, PASSWORD } from './lib/orch.js';

const N = Number(process.env['BENCH_N'] ?? 300);
const WARMUP = 20;

const h = await benchHost({ lab: { bootDelayMs: { min: 0, max: 0 }, seed: 'infra' }, orchestrator: { reconcileMs: 0 } });
const api = await admin(h.host, h.dir);
await api.call('tenants.create', { id: 'bench', name: 'Bench Corp', quotas: { maxServices: 100_000, maxSites: 1_000_000, maxVcpu: 10_000_000 } });

const KINDS = [
  { name: 'Foundation (1 VNF)', intent: intent('foundation') },
  { name: 'Advanced with Web Security (3 VNFs)', intent: intent('advanced-ws') },
  { name: 'Advanced + automated recovery (4 VNFs, 2 PoDs)', intent: intent('advanced', { automatedRecovery: true }) },
];

const now = () => performance.now();
async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = now();
  const r = await f();
  return [now() - t0, r];
}

// warm-up (JIT, statement cache)
for (let i = 0; i < WARMUP; i++) {
  const r = await api.call('services.order', { tenantId: 'bench', intent: KINDS[i % 3]!.intent, wait: true });
  await api.call('services.delete', { id: r.service.id, wait: true });
}

const info: number[] = [];
const plan: number[] = [];
const order: Record<string, number[]> = {};
const del: number[] = [];
for (let i = 0; i < N; i++) {
  const k = KINDS[i % KINDS.length]!;
  info.push((await time(() => api.call('system.info', {})))[0]);
  plan.push((await time(() => api.call('services.plan', { tenantId: 'bench', intent: k.intent })))[0]);
  const [t, r] = await time(() => api.call('services.order', { tenantId: 'bench', intent: k.intent, wait: true }));
  if (r.operation.state !== 'COMPLETED' || r.service.state !== 'ACTIVE') throw new Error(`order ${i} ended ${r.operation.state}`);
  (order[k.name] ??= []).push(t);
  del.push((await time(() => api.call('services.delete', { id: r.service.id, wait: true })))[0]);
}

// over the WebSocket: the browser shell's path
const served = await serveHttp(h.host, { port: 0, rendererDir: '/nonexistent' });
const sc = new SocketClient({ open: () => new WebSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`) as unknown as SocketLike, reconnect: false, callTimeoutMs: 60_000 });
const ws = typed(sc);
await ws.call('auth.login', { username: 'admin', password: PASSWORD });
const wsInfo: number[] = [];
const wsOrder: number[] = [];
for (let i = 0; i < Math.min(N, 100); i++) {
  wsInfo.push((await time(() => ws.call('system.info', {})))[0]);
  const [t, r] = await time(() => ws.call('services.order', { tenantId: 'bench', intent: KINDS[0]!.intent, wait: true }));
  if (r.operation.state !== 'COMPLETED') throw new Error('WebSocket order failed');
  wsOrder.push(t);
  await ws.call('services.delete', { id: r.service.id, wait: true });
}
sc.close();
await served.close();
const check = await api.call('orchestrator.check', {});
await h.close();

const row = (label: string, xs: number[]) => console.log(`  ${label.padEnd(62)} n=${String(xs.length).padStart(4)}  p50 ${ms(pct(xs, 50)).padStart(9)}  p95 ${ms(pct(xs, 95)).padStart(9)}`);
console.log(`order → chain ACTIVE, lab boot delay 0 (${N} orders in process, ${wsOrder.length} over WebSocket; ${WARMUP} warm-up)`);
for (const k of KINDS) row(`order → ACTIVE: ${k.name}`, order[k.name]!);
row('order → ACTIVE: all packages', Object.values(order).flat());
row('delete → DELETED (all packages)', del);
row('baseline: services.plan (dry run, same intents)', plan);
row('baseline: system.info round trip', info);
row('WebSocket: order → ACTIVE, Foundation', wsOrder);
row('WebSocket baseline: system.info round trip', wsInfo);
console.log(`  consistency after the run: ${check.ok ? 'ok' : check.problems.join('; ')}`);
