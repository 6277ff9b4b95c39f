// Redundancy end to end: automated recovery orders a second chain in the other data centre;
// failing the primary vRouter in the lab switches the sites' path, and the console shows it;
// failover drills flip the ESC and NSO pairs, and work waits for the new master.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistent, failure, intentOf, labTenant, type LabTenant } from '../../helpers/orch.js';

let { th, admin, customer } = {} as LabTenant;
let serviceId = '';

beforeAll(async () => ({ th, admin, customer } = await labTenant('Redundant Ltd', { seed: 'infra', keepaliveMs: 100 })));
afterAll(() => th.close());

describe('service path redundancy', () => {
  it('orders a second chain on a PoD of the other data centre; each CPE holds two tunnels, the primary cheaper', async () => {
    const { service, operation } = await customer.call('services.order', { intent: intentOf('advanced', { sites: 2, automatedRecovery: true }), wait: true });
    expect(operation.state).toBe('COMPLETED');
    serviceId = service.id;
    const s = (await customer.call('services.get', { id: serviceId })).service;
    expect(s.redundant).toBe(true);
    expect(s.chains.map((c) => [c.path, c.preference, c.up])).toEqual([
      ['primary', 10, true],
      ['secondary', 20, true],
    ]);
    const [p, q] = s.chains;
    expect(p!.podId).not.toBe(q!.podId);
    expect(p!.dcName).not.toBe(q!.dcName);
    expect(s.siteList[0]!.tunnels.map((t) => [t.path, t.metric, t.up, t.active])).toEqual([
      ['primary', 10, true, true],
      ['secondary', 20, true, false],
    ]);
    expect(s.siteList[0]!.tunnels[0]!.peerIp).not.toBe(s.siteList[0]!.tunnels[1]!.peerIp);
    const cfg = await admin.call('services.configs', { id: serviceId });
    expect(cfg.cpes[0]!.config).toMatch(/Tunnel1 10\n[\s\S]*Tunnel2 20/);
    expect(cfg.vnfs.filter((v) => v.role === 'router').every((v) => v.config.includes('router bgp'))).toBe(true);
  });

  it('switches to the secondary path when the primary vRouter falls silent, and back when it answers again', async () => {
    const events: string[] = [];
    const stop = customer.subscribe('services.changed', { serviceId }, (e) => e.items.forEach((s) => events.push(`${s.health}/${s.activePath}`)));
    await new Promise((r) => setTimeout(r, 50));
    const s = (await customer.call('services.get', { id: serviceId })).service;
    const router = s.chains[0]!.vnfs.find((v) => v.role === 'router')!;
    const vm = await admin.call('lab.failVnf', { vnfId: router.id, reason: 'the primary vRouter stopped answering' });
    expect(vm.vm.status).toBe('ERROR');
    const after = (await customer.call('services.get', { id: serviceId })).service;
    expect(after).toMatchObject({ health: 'DEGRADED', activePath: 'secondary' });
    expect(after.siteList[0]!.tunnels.map((t) => [t.path, t.up, t.active])).toEqual([
      ['primary', false, false],
      ['secondary', true, true],
    ]);
    expect(after.events[0]).toMatchObject({ kind: 'path-switch' });
    expect(after.events[0]!.message).toMatch(/fell silent.*re-routed to the secondary path \(cost 20\)/);
    expect(after.actions).toEqual(['update', 'delete']); // a customer does not repair
    const st = await admin.call('redundancy.status', {});
    expect(st.servicePaths.find((p) => p.serviceId === serviceId)).toMatchObject({ activePath: 'secondary', primaryUp: false, secondaryUp: true });
    await expect.poll(() => events).toContain('DEGRADED/secondary');
    await admin.call('lab.repairVnf', { vnfId: router.id });
    const back = (await customer.call('services.get', { id: serviceId })).service;
    expect(back).toMatchObject({ health: 'OK', activePath: 'primary' });
    expect(back.events[0]!.message).toMatch(/prefer the primary path \(cost 10\) again/);
    await expect.poll(() => events).toContain('OK/primary');
    stop();
  });

  it('repairs a failed VNF: the operator re-creates it, and the path returns', async () => {
    const s = (await admin.call('services.get', { id: serviceId })).service;
    const router = s.chains[0]!.vnfs.find((v) => v.role === 'router')!;
    const oldVimId = (await admin.call('lab.vms', {})).vms.find((v) => v.name === router.vmName)!.vimId;
    await admin.call('lab.failVnf', { vnfId: router.id, reason: 'kernel panic' });
    expect((await admin.call('services.get', { id: serviceId })).service.actions).toContain('repair');
    expect((await failure(customer.call('services.repair', { id: serviceId }))).code).toBe('FORBIDDEN');
    const r = await admin.call('services.repair', { id: serviceId, wait: true });
    expect(r.operation).toMatchObject({ type: 'REPAIR', state: 'COMPLETED' });
    expect(r.service).toMatchObject({ health: 'OK', activePath: 'primary' });
    const vm = (await admin.call('lab.vms', {})).vms.find((v) => v.name === router.vmName)!;
    expect(vm.vimId).not.toBe(oldVimId);
    expect(vm.configLines).toBeGreaterThan(50);
    await expectConsistent(admin);
  });

  it('is DOWN when both vRouters are silent', async () => {
    const s = (await admin.call('services.get', { id: serviceId })).service;
    const routers = s.chains.map((c) => c.vnfs.find((v) => v.role === 'router')!);
    for (const r of routers) await admin.call('lab.failVnf', { vnfId: r.id });
    expect((await admin.call('services.get', { id: serviceId })).service).toMatchObject({ health: 'DOWN', activePath: null });
    for (const r of routers) await admin.call('lab.repairVnf', { vnfId: r.id });
    expect((await admin.call('services.get', { id: serviceId })).service).toMatchObject({ health: 'OK', activePath: 'primary' });
  });
});

describe('platform redundancy drills', () => {
  it('ESC: the slave takes over after the master misses its keep-alives; the old master returns as slave', async () => {
    const { pods } = await admin.call('pods.list', {});
    const pod = pods[0]!;
    const changes: string[] = [];
    const stop = admin.subscribe('redundancy.changed', {}, (e) => changes.push(e.reason));
    await new Promise((r) => setTimeout(r, 50));
    const d = await admin.call('lab.drill', { target: 'esc', podId: pod.id, reviveAfterMs: 500 });
    expect(d.before).toBe(`${pod.id}:esc-1`);
    expect(d.after).toBe(`${pod.id}:esc-2`);
    expect(d.tookMs).toBeGreaterThanOrEqual(300); // three missed keep-alives of 100 ms
    const now = (await admin.call('pods.list', {})).pods.find((p) => p.id === pod.id)!;
    expect(now.esc?.master).toBe(`${pod.id}:esc-2`);
    expect(now.esc?.nodes.map((n) => [n.id.slice(-5), n.role, n.alive])).toEqual([
      ['esc-1', 'slave', false],
      ['esc-2', 'master', true],
    ]);
    await expect.poll(async () => (await admin.call('pods.list', {})).pods.find((p) => p.id === pod.id)!.esc!.healthy, { timeout: 3000 }).toBe(true);
    await expect.poll(() => changes.join(' | ')).toMatch(/ESC 2 of .* promoted itself to master/);
    await expect.poll(() => changes.join(' | ')).toMatch(/ESC 1 of .* is sending keep-alives again/);
    stop();
  });

  it('NSO device manager: work on its PoD waits (and retries) until the subordinate has taken over', async () => {
    const plan = await customer.call('services.plan', { intent: intentOf('foundation') });
    const podId = plan.chains[0]!.podId;
    const d = await admin.call('lab.drill', { target: 'nso-dm', podId, reviveAfterMs: 0, wait: false });
    expect(d.before).toBe(`${podId}:dm-1`);
    const { operation } = await customer.call('services.order', { intent: intentOf('foundation'), wait: true });
    expect(operation.state).toBe('COMPLETED');
    const op = (await admin.call('operations.get', { id: operation.id })).operation;
    expect(op.journal.some((j) => j.event === 'step will retry' && /device manager of .* has no master/.test(j.detail ?? ''))).toBe(true);
    const status = await admin.call('redundancy.status', {});
    const pair = status.pairs.find((p) => p.pair === `nso-dm:${podId}`)!;
    expect(pair.master).toBe(`${podId}:dm-2`);
    expect(pair.nodes.find((n) => n.id.endsWith('dm-1'))).toMatchObject({ role: 'none', alive: false });
    const revived = await admin.call('lab.revive', {});
    expect(revived.revived).toContain(`${podId}:dm-1`);
    const after = (await admin.call('redundancy.status', {})).pairs.find((p) => p.pair === `nso-dm:${podId}`)!;
    expect(after.nodes.find((n) => n.id.endsWith('dm-1'))).toMatchObject({ role: 'subordinate', alive: true });
  });

  it('NSO service manager: orders are refused while it has no master, and taken again after the failover', async () => {
    await admin.call('lab.drill', { target: 'nso-sm', reviveAfterMs: 0, wait: false });
    const e = await failure(customer.call('services.order', { intent: intentOf('foundation') }));
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toMatch(/service manager has no master/);
    await expect.poll(async () => (await admin.call('redundancy.status', {})).pairs.find((p) => p.pair === 'nso-sm')!.master, { timeout: 3000 }).toBe('nso-sm-2');
    const ok = await customer.call('services.order', { intent: intentOf('foundation'), wait: true });
    expect(ok.operation.state).toBe('COMPLETED');
    await admin.call('lab.revive', {});
    await expectConsistent(admin);
  });
});
