// The orchestrator's change feed (what other capabilities of the core — the topology —
// follow), and restarting one VNF by re-creating its VM (`vnfs.redeploy`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorChange } from '../../../core/orchestrator/events.js';
import { expectConsistent, failure, intentOf, labTenant, type LabTenant, tenantWithCustomer } from '../../helpers/orch.js';

let { th, admin, tenantId, customer } = {} as LabTenant;

beforeAll(async () => ({ th, admin, tenantId, customer } = await labTenant('Feed GmbH', { seed: 'infra', keepaliveMs: 50 })));
afterAll(() => th.close());

function record(): { changes: OrchestratorChange[]; stop(): void } {
  const changes: OrchestratorChange[] = [];
  const stop = th.host.caps.orchestrator.watch((c) => changes.push(c));
  return { changes, stop };
}

describe('the change feed', () => {
  it('names each VNF and the service as an order builds them, one change at a time', async () => {
    const r = record();
    const { service } = await customer.call('services.order', { intent: intentOf('foundation', { sites: 1 }), wait: true });
    r.stop();
    const vnfIds = service.chains.flatMap((c) => c.vnfs.map((v) => v.id));
    for (const id of vnfIds) expect(r.changes).toContainEqual({ kind: 'vnf', id });
    expect(r.changes).toContainEqual({ kind: 'service', id: service.id });
    // Not batched: the VNF is named at each step (queued, booting, ACTIVE).
    expect(r.changes.filter((c) => c.kind === 'vnf' && c.id === vnfIds[0]).length).toBeGreaterThanOrEqual(3);
    // After `stop`, nothing more arrives; another listener still hears the failure.
    const seen = r.changes.length;
    const other = record();
    await admin.call('lab.failVnf', { vnfId: vnfIds[0]! });
    expect(r.changes.length).toBe(seen);
    expect(other.changes).toContainEqual({ kind: 'vnf', id: vnfIds[0] });
    other.stop();
    await admin.call('lab.repairVnf', { vnfId: vnfIds[0]! });
  });

  it('names data centres, PoDs, servers, redundancy pairs, and says when everything was reset', async () => {
    const r = record();
    const { dataCentre } = await admin.call('datacentres.create', { name: 'DC-9 Feed', location: 'Nowhere' });
    const { pod } = await admin.call('pods.create', { dcId: dataCentre.id, name: 'feed-pod-1', model: 'small' });
    await admin.call('pods.update', { id: pod.id, state: 'maintenance' });
    const srv = (await admin.call('pods.get', { id: pod.id })).servers.find((s) => s.role === 'production')!;
    await admin.call('servers.update', { id: srv.id, state: 'maintenance' });
    await admin.call('lab.drill', { target: 'esc', podId: pod.id, reviveAfterMs: 0, wait: true });
    await admin.call('lab.revive', {});
    expect(r.changes).toContainEqual({ kind: 'dataCentre', id: dataCentre.id });
    expect(r.changes).toContainEqual({ kind: 'pod', id: pod.id });
    expect(r.changes).toContainEqual({ kind: 'server', id: srv.id, podId: pod.id });
    expect(r.changes).toContainEqual({ kind: 'pair', pair: `esc:${pod.id}` });
    await admin.call('lab.reset', { seed: 'infra' });
    expect(r.changes).toContainEqual({ kind: 'reset' });
    r.stop();
  });
});

describe('restarting a VNF (vnfs.redeploy)', () => {
  let serviceId = '';
  it('re-creates an ACTIVE vRouter: the path switches while it is away and returns when it is back', async () => {
    ({ customer, tenantId } = await tenantWithCustomer(th, admin, 'Restart AG'));
    const { service } = await customer.call('services.order', { intent: intentOf('advanced', { sites: 1, automatedRecovery: true }), wait: true });
    serviceId = service.id;
    const router = service.chains.find((c) => c.path === 'primary')!.vnfs.find((v) => v.role === 'router')!;
    const before = (await admin.call('lab.vms', {})).vms.find((v) => v.name === router.vmName)!;
    expect((await failure(customer.call('vnfs.redeploy', { id: router.id }))).code).toBe('FORBIDDEN');
    const r = await admin.call('vnfs.redeploy', { id: router.id, wait: true });
    expect(r.operation).toMatchObject({ type: 'REPAIR', state: 'COMPLETED' });
    expect(r.service).toMatchObject({ health: 'OK', activePath: 'primary', state: 'ACTIVE' });
    // Newest first: away to the secondary path when its VM was removed, back once it was re-created and configured.
    const kinds = r.service.events.slice(0, 3).map((e) => `${e.kind}: ${e.message}`);
    expect(kinds[0]).toMatch(/^path-switch: .*prefer the primary path \(cost 10\) again/);
    expect(kinds[1]).toBe(`repaired: re-created: ${router.hostname}`);
    expect(kinds[2]).toMatch(/^path-switch: .*fell silent.*re-routed to the secondary path/);
    const after = (await admin.call('lab.vms', {})).vms.find((v) => v.name === router.vmName)!;
    expect(after.vimId).not.toBe(before.vimId);
    expect(after.configLines).toBeGreaterThan(50);
    const op = (await admin.call('operations.get', { id: r.operation.id })).operation;
    expect(op.steps.map((s) => s.kind)).toEqual(['vim.delete', 'vim.create', 'vim.wait', 'dm.configure']);
    expect(op.journal.map((j) => j.event)).toContain('restart');
    expect(tenantId).toBeTruthy();
    await expectConsistent(admin);
  });

  it('re-creates a VNF in ERROR, and refuses one that is being built', async () => {
    const s = (await admin.call('services.get', { id: serviceId })).service;
    const fw = s.chains[0]!.vnfs.find((v) => v.role === 'firewall')!;
    await admin.call('lab.failVnf', { vnfId: fw.id });
    const r = await admin.call('vnfs.redeploy', { id: fw.id, wait: true });
    expect(r.operation.state).toBe('COMPLETED');
    expect(r.service.chains[0]!.vnfs.find((v) => v.id === fw.id)!.state).toBe('ACTIVE');
    await admin.call('lab.setBootDelay', { minMs: 500, maxMs: 500 });
    const again = await admin.call('vnfs.redeploy', { id: fw.id });
    await expect
      .poll(async () => (await admin.call('services.get', { id: serviceId })).service.chains[0]!.vnfs.find((v) => v.id === fw.id)!.state)
      .toBe('BUILD');
    const e = await failure(admin.call('vnfs.redeploy', { id: fw.id }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/is BUILD|is PROCESSING/);
    await admin.call('lab.setBootDelay', { minMs: 0, maxMs: 0 });
    await expect.poll(async () => (await admin.call('operations.get', { id: again.operation.id })).operation.state, { timeout: 10_000 }).toBe('COMPLETED');
    expect((await failure(admin.call('vnfs.redeploy', { id: 'vnf_none' }))).code).toBe('NOT_FOUND');
    await expectConsistent(admin);
  });
});
