// Operations that do not go to plan: failed boots (retry, rollback, automatic rollback),
// cancel, an update rolled back, and orders that cannot be placed or exceed a quota.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistent, failure, intentOf, labTenant, type LabTenant, tenantWithCustomer, waitOp } from '../../helpers/orch.js';

let { th, admin, tenantId, customer } = {} as LabTenant;

beforeAll(async () => ({ th, admin, tenantId, customer } = await labTenant('Mishaps Inc')));
afterAll(() => th.close());

describe('operations', () => {
  it('a failed boot leaves the order FAILED with the VIM’s reason; retry finishes it', async () => {
    await admin.call('lab.failBoots', { tenantId, role: 'firewall', count: 1 });
    const { operation, service } = await customer.call('services.order', { intent: intentOf('advanced'), wait: true });
    expect(operation.state).toBe('FAILED');
    expect(operation.error?.message).toMatch(/went to ERROR: lab: the boot failed/);
    const s = (await customer.call('services.get', { id: service.id })).service;
    expect(s.state).toBe('FAILED');
    expect(s.actions).toEqual(['delete']); // a customer may give up on it
    const asAdmin = (await admin.call('services.get', { id: service.id })).service;
    expect(asAdmin.actions).toEqual(['retry', 'rollback']);
    const op = (await admin.call('operations.get', { id: operation.id })).operation;
    expect(op.steps.find((x) => x.state === 'FAILED')?.name).toMatch(/^Wait for .*-fw-p to be ACTIVE$/);
    expect(op.actions).toEqual(['retry', 'rollback']);
    // the customer cannot retry
    expect((await failure(customer.call('operations.retry', { id: operation.id }))).code).toBe('FORBIDDEN');
    const r = await admin.call('operations.retry', { id: operation.id, wait: true });
    expect(r.operation.state).toBe('COMPLETED');
    const after = (await admin.call('operations.get', { id: operation.id })).operation;
    expect(after.steps.find((x) => x.name.includes('-fw-p to be ACTIVE'))?.attempts).toBe(2);
    expect((await customer.call('services.get', { id: service.id })).service).toMatchObject({ state: 'ACTIVE', health: 'OK' });
    await expectConsistent(admin);
  });

  it('rolling back a failed order removes everything it held', async () => {
    const before = (await admin.call('orchestrator.check', {})).counts['allocations'];
    await admin.call('lab.failBoots', { tenantId, role: 'router', count: 1 });
    const { operation, service } = await customer.call('services.order', { intent: intentOf('foundation'), wait: true });
    expect(operation.state).toBe('FAILED');
    const r = await admin.call('operations.rollback', { id: operation.id, wait: true });
    expect(r.operation.state).toBe('ROLLED_BACK');
    expect((await admin.call('services.get', { id: service.id })).service.state).toBe('DELETED');
    expect((await admin.call('orchestrator.check', {})).counts['allocations']).toBe(before);
    const op = (await admin.call('operations.get', { id: operation.id })).operation;
    expect(op.steps.filter((s) => s.phase === 'rollback').map((s) => [s.kind, s.state])).toEqual([['vim.delete', 'DONE']]);
    expect((await failure(admin.call('operations.retry', { id: operation.id }))).code).toBe('CONFLICT');
    await expectConsistent(admin);
  });

  it('a customer deleting a failed order rolls it back', async () => {
    await admin.call('lab.failBoots', { tenantId, count: 1 });
    const { operation, service } = await customer.call('services.order', { intent: intentOf('foundation'), wait: true });
    expect(operation.state).toBe('FAILED');
    const d = await customer.call('services.delete', { id: service.id, wait: true });
    expect(d.operation).toMatchObject({ id: operation.id, state: 'ROLLED_BACK' });
    await expectConsistent(admin);
  });

  it('with autoRollback a failure rolls back by itself', async () => {
    await admin.call('lab.failBoots', { tenantId, role: 'web-security', count: 1 });
    const { operation, service } = await customer.call('services.order', { intent: intentOf('advanced-ws'), autoRollback: true, wait: true });
    expect(operation.state).toBe('ROLLED_BACK');
    expect(operation.error).toBeNull();
    const op = (await admin.call('operations.get', { id: operation.id })).operation;
    expect(op.journal.map((j) => j.event)).toContain('rollback started');
    expect(op.steps.filter((s) => s.phase === 'rollback' && s.kind === 'vim.delete')).toHaveLength(3);
    expect((await admin.call('services.get', { id: service.id })).service.state).toBe('DELETED');
    await expectConsistent(admin);
  });

  it('cancel stops an order while its VNFs boot and rolls it back', async () => {
    await admin.call('lab.failBoots', { tenantId, slowMs: 60_000, count: 1 });
    const { operation, service } = await customer.call('services.order', { intent: intentOf('foundation') });
    await expect.poll(async () => (await customer.call('operations.get', { id: operation.id })).operation.currentStep).toMatch(/^Wait for/);
    expect((await customer.call('services.get', { id: service.id })).service.actions).toEqual(['cancel']);
    const c = await customer.call('operations.cancel', { id: operation.id, wait: true });
    expect(c.operation.state).toBe('ROLLED_BACK');
    const op = (await admin.call('operations.get', { id: operation.id })).operation;
    expect(op.steps.find((s) => s.kind === 'vim.wait')).toMatchObject({ state: 'SKIPPED', detail: 'cancelled' });
    expect(op.journal.map((j) => j.event)).toEqual(expect.arrayContaining(['cancel requested', 'rollback started', 'rolled back']));
    expect((await failure(customer.call('operations.cancel', { id: operation.id }))).code).toBe('CONFLICT');
    await expectConsistent(admin);
  });

  it('an update that fails is rolled back to the service as it was: package, configurations, allocations', async () => {
    const { service } = await customer.call('services.order', { intent: intentOf('advanced', { sites: 1 }), wait: true });
    const before = (await admin.call('services.get', { id: service.id })).service;
    const cfgBefore = (await admin.call('services.configs', { id: service.id })).vnfs;
    await admin.call('lab.failBoots', { tenantId, role: 'firewall', at: 'configure', count: 1 });
    const up = await customer.call('services.update', { id: service.id, intent: intentOf('advanced-ws', { sites: 1, urlFiltering: 'low' }), wait: true });
    expect(up.operation.state).toBe('FAILED');
    expect(up.service.state).toBe('FAILED');
    const rb = await admin.call('operations.rollback', { id: up.operation.id, wait: true });
    expect(rb.operation.state).toBe('ROLLED_BACK');
    const after = (await admin.call('services.get', { id: service.id })).service;
    expect(after).toMatchObject({ state: 'ACTIVE', packageId: 'advanced', vcpu: before.vcpu, monthly: before.monthly });
    expect(after.allocations.map((a) => a.display).sort()).toEqual(before.allocations.map((a) => a.display).sort());
    expect((await admin.call('services.configs', { id: service.id })).vnfs).toEqual(cfgBefore);
    const op = (await admin.call('operations.get', { id: up.operation.id })).operation;
    // the new vWS is removed; the vRouter and the vFirewall, whose new configurations were pushed (or tried), get their old ones back
    expect(op.steps.filter((s) => s.phase === 'rollback').map((s) => [s.kind, s.name.replace(/^.* (\S+-\w\w-p)$/, '$1').slice(-4), s.state])).toEqual([
      ['vim.delete', 'ws-p', 'DONE'],
      ['dm.restore', 'vr-p', 'DONE'],
      ['dm.restore', 'fw-p', 'DONE'],
    ]);
    expect(op.steps.find((s) => s.state === 'FAILED')?.error).toMatch(/rejected the configuration/);
    const vm = (await admin.call('lab.vms', {})).vms.find((v) => v.name === after.chains[0]!.vnfs.find((x) => x.role === 'firewall')!.vmName)!;
    expect(vm.status).toBe('ACTIVE');
    await expectConsistent(admin);
  });

  it('says which resource is short, and where, when an order cannot be placed', async () => {
    // every production server but one in maintenance, and that one nearly full
    const { pods } = await admin.call('pods.list', {});
    const servers = (await Promise.all(pods.map((p) => admin.call('pods.get', { id: p.id })))).flatMap((p) => p.servers.filter((s) => s.role === 'production'));
    const keep = servers.find((s) => s.vnfs.length === 0)!;
    for (const s of servers) if (s.id !== keep.id) await admin.call('servers.update', { id: s.id, state: 'maintenance' });
    try {
      const plan = await customer.call('services.plan', { intent: intentOf('advanced-ws', { ips: true, automatedRecovery: true }) });
      expect(plan.placement.ok).toBe(false);
      if (!plan.placement.ok) {
        expect(plan.placement.shortage.resource).toBe('pods');
        expect(plan.placement.shortage.message).toMatch(/second PoD/);
      }
      const e = await failure(customer.call('services.order', { intent: intentOf('advanced-ws', { ips: true, automatedRecovery: true }) }));
      expect(e.code).toBe('RESOURCE_EXHAUSTED');
      // fill the last server, then a single chain does not fit either: vCPU is short, on that server
      await admin.call('tenants.update', { id: tenantId, quotas: { maxServices: 100, maxVcpu: 1000 } });
      let n = 0;
      for (; n < 10; n++) {
        const r = await customer.call('services.plan', { intent: intentOf('advanced-ws', { ips: true }) });
        if (!r.placement.ok) break;
        await customer.call('services.order', { intent: intentOf('advanced-ws', { ips: true }), wait: true });
      }
      expect(n).toBe(4); // 44 vCPU / 11
      const full = await failure(customer.call('services.order', { intent: intentOf('foundation') }));
      expect(full.code).toBe('RESOURCE_EXHAUSTED');
      const sh = full.details?.['shortage'] as { resource: string; where: { serverName: string }[] };
      expect(sh.resource).toBe('vcpu');
      expect(sh.where[0]!.serverName).toBe(keep.name);
      expect(full.message).toContain(keep.name);
      await expectConsistent(admin);
    } finally {
      for (const s of servers) if (s.id !== keep.id) await admin.call('servers.update', { id: s.id, state: 'active' });
    }
  });

  it('enforces the tenant’s quotas', async () => {
    const { tenantId: t2, customer: c2 } = await tenantWithCustomer(th, admin, 'Tiny Quota');
    await admin.call('tenants.update', { id: t2, quotas: { maxServices: 1, maxVcpu: 4, maxSites: 3 } });
    const v = await failure(c2.call('services.order', { intent: intentOf('advanced', { automatedRecovery: true }) }));
    expect(v.code).toBe('RESOURCE_EXHAUSTED');
    expect(v.message).toMatch(/6 vCPU, over its quota of 4/);
    const s = await failure(c2.call('services.order', { intent: intentOf('foundation', { sites: 4 }) }));
    expect(s.message).toMatch(/4 sites, over its quota of 3/);
    await c2.call('services.order', { intent: intentOf('foundation'), wait: true });
    const n = await failure(c2.call('services.order', { intent: intentOf('foundation') }));
    expect(n.message).toMatch(/quota is 1/);
  });

  it('takes one order per request id', async () => {
    const a = await customer.call('services.order', { intent: intentOf('foundation'), requestId: 'req-1' });
    const b = await customer.call('services.order', { intent: intentOf('foundation'), requestId: 'req-1', wait: true });
    expect(b.service.id).toBe(a.service.id);
    expect(b.operation.id).toBe(a.operation.id);
    expect(await waitOp(customer, a.operation.id)).toBe('COMPLETED');
  });

  it('refuses a second operation on a service while one runs', async () => {
    await admin.call('lab.failBoots', { tenantId, slowMs: 400, count: 1 });
    const { service, operation } = await customer.call('services.order', { intent: intentOf('foundation') });
    const e = await failure(customer.call('services.delete', { id: service.id }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/wait for it to finish/);
    expect(await waitOp(customer, operation.id)).toBe('COMPLETED');
    expect((await customer.call('services.delete', { id: service.id, wait: true })).operation.state).toBe('COMPLETED');
  });
});

describe('updates that must move, and VMs that vanish', () => {
  it('moves a chain to another server when the added VNFs do not fit where it runs (make before break)', async () => {
    const { pods } = await admin.call('pods.list', {});
    const servers = (await Promise.all(pods.map((p) => admin.call('pods.get', { id: p.id })))).flatMap((p) => p.servers.filter((s) => s.role === 'production'));
    const empty = servers.filter((s) => s.vnfs.length === 0);
    const [x, y] = [empty[0]!, empty[1]!];
    const others = servers.filter((s) => s.id !== x.id && s.id !== y.id);
    for (const s of [...others, y]) await admin.call('servers.update', { id: s.id, state: 'maintenance' });
    try {
      const { tenantId: t, customer: c } = await tenantWithCustomer(th, admin, 'Movers');
      await admin.call('tenants.update', { id: t, quotas: { maxServices: 100, maxVcpu: 1000, maxSites: 1000 } });
      const { service } = await c.call('services.order', { intent: intentOf('foundation', { sites: 1 }), wait: true });
      // fill the rest of server x
      for (let i = 0; i < 4; i++) await c.call('services.order', { intent: intentOf('advanced', { sites: 1, ips: true }), wait: true });
      for (let i = 0; i < 2; i++) await c.call('services.order', { intent: intentOf('foundation', { sites: 1 }), wait: true });
      const onX = (await admin.call('pods.capacity', {})).pods.flatMap((p) => p.servers).find((s) => s.serverId === x.id)!;
      expect(onX.vcpu.free).toBeLessThan(3);
      await admin.call('servers.update', { id: y.id, state: 'active' });
      const plan = await c.call('services.plan', { serviceId: service.id, intent: intentOf('advanced-ws', { sites: 1 }) });
      expect(plan.chains.map((ch) => [ch.serverId, ch.vnfs.map((v) => v.action)])).toEqual([
        [y.id, ['create', 'create', 'create']],
        [x.id, ['delete']],
      ]);
      const up = await c.call('services.update', { id: service.id, intent: intentOf('advanced-ws', { sites: 1 }), wait: true });
      expect(up.operation.state).toBe('COMPLETED');
      const s = (await c.call('services.get', { id: service.id })).service;
      expect(s.chains.map((ch) => [ch.serverId, ch.vnfs.map((v) => v.software)])).toEqual([[y.id, ['CSR1000V', 'ASAv', 'WSAv']]]);
      const op = (await admin.call('operations.get', { id: up.operation.id })).operation;
      // the old vRouter goes only after the new chain is up and configured
      const removeAt = op.steps.find((st) => st.kind === 'vim.delete')!.stage;
      expect(Math.max(...op.steps.filter((st) => st.kind !== 'vim.delete').map((st) => st.stage))).toBeLessThan(removeAt);
      await expectConsistent(admin);
    } finally {
      for (const s of [...others, y]) await admin.call('servers.update', { id: s.id, state: 'active' });
    }
  });

  it('notices a VM that vanished from its VIM when it reconciles', async () => {
    const { service } = await customer.call('services.order', { intent: intentOf('foundation', { sites: 1 }), wait: true });
    const vnf = (await admin.call('services.get', { id: service.id })).service.chains[0]!.vnfs[0]!;
    th.host.caps.lab!.world.remove(vnf.vmName); // behind the orchestrator's back
    await th.host.caps.orchestrator.reconcile();
    const s = (await admin.call('services.get', { id: service.id })).service;
    expect(s.health).toBe('DOWN');
    expect(s.chains[0]!.vnfs[0]).toMatchObject({ state: 'ERROR', detail: 'the VIM no longer has this VM' });
    const r = await admin.call('services.repair', { id: service.id, wait: true });
    expect(r.service.health).toBe('OK');
    await expectConsistent(admin);
  });
});
