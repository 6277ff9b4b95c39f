// A customer never sees or touches another tenant's services, operations or events —
// through calls or topic subscriptions, in process and over the WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import { typed } from '../../../core/api/client.js';
import { inProcess, overWebSocket, type Transport } from '../../helpers/transports.js';
import { loginAdmin, userApi, type TestHost } from '../../helpers/host.js';
import { failure, intentOf, labHost } from '../../helpers/orch.js';

describe.each([
  ['in-process', (h: TestHost) => Promise.resolve(inProcess(h.host))],
  ['websocket', (h: TestHost) => overWebSocket(h.host)],
] as const)('tenant isolation over %s', (name, makeTransport) => {
  let th: TestHost;
  let t: Transport;
  let admin: PodiumApi;
  let alice: PodiumApi;
  let bob: PodiumApi;
  let tA: string;
  let tB: string;
  let bService = '';
  let bOp = '';

  beforeAll(async () => {
    th = await labHost({ seed: 'infra' });
    t = await makeTransport(th);
    admin = await loginAdmin(t.open(), th.dataDir);
    tA = (await admin.call('tenants.create', { name: `Alpha ${name}` })).tenant.id;
    tB = (await admin.call('tenants.create', { name: `Bravo ${name}` })).tenant.id;
    alice = await userApi(admin, t.open(), { username: `alice-${name}`, role: 'customer', tenantId: tA });
    bob = await userApi(admin, t.open(), { username: `bob-${name}`, role: 'customer', tenantId: tB });
    const r = await bob.call('services.order', { intent: intentOf('advanced', { automatedRecovery: true }), wait: true });
    bService = r.service.id;
    bOp = r.operation.id;
    expect(r.operation.state).toBe('COMPLETED');
  });
  afterAll(async () => {
    await t.close();
    await th.close();
  });

  it('answers NOT_FOUND for another tenant’s service and operation, exactly as for one that does not exist', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['services.get', () => alice.call('services.get', { id: bService })],
      ['services.update', () => alice.call('services.update', { id: bService, intent: intentOf('foundation') })],
      ['services.delete', () => alice.call('services.delete', { id: bService })],
      ['services.plan (update)', () => alice.call('services.plan', { serviceId: bService, intent: intentOf('foundation') })],
      ['services.plan (tenant)', () => alice.call('services.plan', { tenantId: tB, intent: intentOf('foundation') })],
      ['services.order (tenant)', () => alice.call('services.order', { tenantId: tB, intent: intentOf('foundation') })],
      ['operations.get', () => alice.call('operations.get', { id: bOp })],
      ['operations.cancel', () => alice.call('operations.cancel', { id: bOp })],
      ['tenants.get', () => alice.call('tenants.get', { id: tB })],
    ];
    for (const [what, call] of calls) {
      const e = await failure(call());
      expect([what, e.code, e.message]).toEqual([what, 'NOT_FOUND', 'not found']);
    }
    for (const call of [() => alice.call('services.get', { id: 'svc_0000000000' }), () => alice.call('operations.get', { id: 'op_0000000000' })]) {
      const missing = await failure(call());
      expect([missing.code, missing.message]).toEqual(['NOT_FOUND', 'not found']);
    }
  });

  it('lists only the customer’s own services and operations, whatever filter is asked for', async () => {
    await alice.call('services.order', { intent: intentOf('foundation'), wait: true });
    const mine = await alice.call('services.list', {});
    expect(mine.services.map((s) => s.tenantId)).toEqual([tA]);
    expect((await alice.call('services.list', { tenantId: tB })).total).toBe(0);
    expect((await alice.call('operations.list', { tenantId: tB })).total).toBe(0);
    expect((await alice.call('operations.list', { serviceId: bService })).total).toBe(0);
    expect((await alice.call('operations.list', {})).operations.every((o) => o.tenantId === tA)).toBe(true);
    // the operator sees both
    expect((await admin.call('services.list', {})).services.map((s) => s.tenantId).sort()).toEqual([tA, tB].sort());
  });

  it('refuses the staff’s commands and topics to customers', async () => {
    for (const [cmd, input] of [
      ['services.configs', { id: bService }],
      ['services.repair', { id: bService }],
      ['operations.retry', { id: bOp }],
      ['pods.list', {}],
      ['lab.failVnf', { vnfId: 'x' }],
      ['tenants.list', {}],
    ] as const) {
      const r = await t.open().call(cmd, input);
      expect(r.ok).toBe(false);
    }
    expect((await failure(alice.call('pods.list', {}))).code).toBe('FORBIDDEN');
    const errors: string[] = [];
    const raw = t.open();
    await typed(raw).call('auth.login', { username: `alice-${name}`, password: 'Staple-Lamp-Orbit-' + `alice-${name}`.length });
    for (const topic of ['pods.changed', 'redundancy.changed', 'audit.appended']) {
      const r = await raw.subscribe(topic, {}, () => {});
      errors.push(r.ok ? 'ok' : r.error.code);
    }
    expect(errors).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('delivers a tenant’s live events to that tenant only', async () => {
    const seenByAlice: string[] = [];
    const seenByBob: string[] = [];
    const record = (who: string[]) => (e: { tenantId: string | null; items: { id: string }[] }) => {
      who.push(`${e.tenantId}:${e.items.map((i) => i.id).join(',')}`);
    };
    const subs = [
      alice.subscribe('services.changed', {}, record(seenByAlice)),
      alice.subscribe('services.changed', { serviceId: bService }, record(seenByAlice)),
      alice.subscribe('operations.changed', {}, record(seenByAlice)),
      alice.subscribe('vnfs.changed', {}, record(seenByAlice)),
      alice.subscribe('tenants.changed', {}, (e) => seenByAlice.push(`${e.tenantId}:tenant ${e.tenant.id}`)),
      bob.subscribe('tenants.changed', {}, (e) => seenByBob.push(`${e.tenantId}:tenant ${e.tenant.id}`)),
      bob.subscribe('services.changed', {}, record(seenByBob)),
      bob.subscribe('vnfs.changed', {}, record(seenByBob)),
      bob.subscribe('operations.changed', {}, record(seenByBob)),
    ];
    await new Promise((r) => setTimeout(r, 100));
    // Bravo's service changes: an update, and its tenant record
    const up = await bob.call('services.update', { id: bService, intent: intentOf('advanced-ws', { automatedRecovery: true }), wait: true });
    expect(up.operation.state).toBe('COMPLETED');
    await admin.call('tenants.update', { id: tB, contact: { phone: '+1 555 0100' } });
    // Alpha's own order: the control that Alice's subscriptions work
    const mine = await alice.call('services.order', { intent: intentOf('foundation'), wait: true });
    await expect.poll(() => seenByBob.some((s) => s.includes(bService))).toBe(true);
    await expect.poll(() => seenByBob).toContain(`${tB}:tenant ${tB}`);
    await expect.poll(() => seenByAlice.some((s) => s.includes(mine.service.id))).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    subs.forEach((s) => s());
    expect(seenByAlice.length).toBeGreaterThan(0);
    expect(seenByAlice.every((s) => s.startsWith(`${tA}:`))).toBe(true);
    expect(seenByAlice.join(' ')).not.toContain(bService);
    expect(seenByBob.every((s) => s.startsWith(`${tB}:`))).toBe(true);
  });
});
