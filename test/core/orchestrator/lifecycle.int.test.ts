// The customer journey through the contract, over each transport: shop (catalog → intent →
// price → plan) → purchase → ACTIVE; upgrade to Advanced with Web Security; delete — with
// the operator's and the admin's views following each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import { inProcess, overWebSocket, type Transport } from '../../helpers/transports.js';
import { loginAdmin, userApi, type TestHost } from '../../helpers/host.js';
import { expectConsistent, failure, intentOf, labHost, waitOp } from '../../helpers/orch.js';

describe.each([
  ['in-process', (h: TestHost) => Promise.resolve(inProcess(h.host))],
  ['websocket', (h: TestHost) => overWebSocket(h.host)],
] as const)('service lifecycle over %s', (name, makeTransport) => {
  let th: TestHost;
  let t: Transport;
  let admin: PodiumApi;
  let operator: PodiumApi;
  let customer: PodiumApi;
  let tenantId: string;

  beforeAll(async () => {
    th = await labHost({ seed: 'infra' });
    t = await makeTransport(th);
    admin = await loginAdmin(t.open(), th.dataDir);
    const { tenant } = await admin.call('tenants.create', { name: `Journey ${name}`, contact: { email: 'it@journey.example' }, quotas: { maxServices: 5 } });
    tenantId = tenant.id;
    operator = await userApi(admin, t.open(), { username: `noc-${name}`, role: 'operator' });
    customer = await userApi(admin, t.open(), { username: `buyer-${name}`, role: 'customer', tenantId });
  });
  afterAll(async () => {
    await t.close();
    await th.close();
  });

  it('walks the shop: packages, then a price as the answers come in, then a full dry run', async () => {
    const cat = await customer.call('catalog.list', { orderableOnly: true });
    expect(cat.catalog.packages.map((p) => p.name)).toEqual(['Foundation', 'Advanced', 'Advanced with Web Security']);
    // "Tell us about your company": no CPEs yet — a price, and a placement preview
    const early = await customer.call('services.plan', { intent: intentOf('foundation', { sites: 3, bandwidthMbps: 10 }, false) });
    expect(early.complete).toBe(false);
    expect(early.quote.oneTime.lines.some((l) => l.label.startsWith('CPE'))).toBe(false);
    expect(early.placement.ok).toBe(true);
    // field-level errors, as the wizard shows them
    const bad = await failure(customer.call('services.plan', { intent: { packageId: 'foundation', company: { sites: 0, usersPerSite: 1e9, bandwidthMbps: 30 } } }));
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.issues.map((i) => i.path)).toEqual(['intent.company.sites', 'intent.company.usersPerSite', 'intent.company.bandwidthMbps']);
    // CPE and shipping per site, then the order summary
    const full = await customer.call('services.plan', { intent: intentOf('foundation', { sites: 3, bandwidthMbps: 10 }) });
    expect(full.complete).toBe(true);
    expect(full.quote.oneTime.lines.find((l) => l.label === 'CPE ISR 4221')).toMatchObject({ quantity: 3, unit: 1290 });
    expect(full.chains).toHaveLength(1);
    expect(full.chains[0]!.vnfs.map((v) => [v.software, v.action])).toEqual([['CSR1000V', 'create']]);
    expect(full.chains[0]!.vnfs[0]!.config).toContain('identity fqdn site-3.');
    expect(full.diff.summary[0]).toMatch(/^\+ vRouter .* on .* in .* \(DC-.*\), primary path$/);
    expect(full.allocations.map((a) => a.purpose)).toEqual(expect.arrayContaining(['vni', 'site:0:lan', 'site:2:lan', 'primary:public:router']));
    // a dry run leaves nothing behind
    expect((await customer.call('services.list', {})).total).toBe(0);
    expect((await admin.call('orchestrator.check', {})).counts['allocations']).toBe(1); // the tenant's own VNI
  });

  let serviceId = '';

  it('purchases: the order becomes an operation that ends ACTIVE, visible to customer, operator and admin', async () => {
    const seen: string[] = [];
    const stop = customer.subscribe('services.changed', {}, (e) => e.items.forEach((s) => seen.push(s.state)));
    await new Promise((r) => setTimeout(r, 50));
    const { service, operation } = await customer.call('services.order', { intent: { ...intentOf('foundation', { sites: 3, bandwidthMbps: 10 }), name: 'HQ VPN' } });
    serviceId = service.id;
    expect(service.state).toBe('PROVISIONING');
    expect(operation.type).toBe('CREATE');
    expect(await waitOp(customer, operation.id)).toBe('COMPLETED');
    const got = (await customer.call('services.get', { id: serviceId })).service;
    expect(got).toMatchObject({ state: 'ACTIVE', health: 'OK', activePath: 'primary', name: 'HQ VPN', sites: 3 });
    expect(got.chains[0]!.vnfs[0]).toMatchObject({ role: 'router', software: 'CSR1000V', state: 'ACTIVE' });
    expect(got.chains[0]!.vnfs[0]!.nodeId).toBeGreaterThan(0);
    expect(got.siteList.map((s) => s.tunnels.length)).toEqual([1, 1, 1]);
    expect(got.actions).toEqual(['update', 'delete']);
    await expect.poll(() => seen).toContain('ACTIVE');
    stop();
    // the operator sees it with its PoD; the admin's PoD shows the vCPU it holds
    const ops = await operator.call('services.list', { tenantId });
    expect(ops.services.map((s) => [s.id, s.state, s.pods.length])).toEqual([[serviceId, 'ACTIVE', 1]]);
    const podId = ops.services[0]!.pods[0]!.podId;
    const cap = await admin.call('pods.capacity', { podId });
    expect(cap.pods[0]!.vcpu.used).toBe(2);
    const pod = await admin.call('pods.get', { id: podId });
    expect(pod.servers.flatMap((s) => s.vnfs).map((v) => v.serviceId)).toEqual([serviceId]);
    const op = (await operator.call('operations.get', { id: operation.id })).operation;
    expect(op.steps.map((s) => [s.kind, s.state])).toEqual([
      ['vim.create', 'DONE'],
      ['vim.wait', 'DONE'],
      ['dm.configure', 'DONE'],
    ]);
    expect(op.journal.map((j) => j.event)).toEqual(expect.arrayContaining(['ordered', 'step started', 'step done', 'completed']));
    await expectConsistent(admin);
  });

  it('upgrades to Advanced with Web Security: the dry run shows the diff, the update adds the VNFs in place', async () => {
    const intent = { ...intentOf('advanced-ws', { sites: 3, bandwidthMbps: 10, remoteUsers: 5 }), name: 'HQ VPN' };
    const plan = await customer.call('services.plan', { serviceId, intent });
    expect(plan.serviceId).toBe(serviceId);
    expect(plan.chains[0]!.vnfs.map((v) => [v.software, v.action])).toEqual([
      ['CSR1000V', 'reconfigure'],
      ['ASAv', 'create'],
      ['WSAv', 'create'],
    ]);
    const routerDiff = plan.diff.configs.find((c) => c.vnf.includes('-vr-'))!;
    expect(routerDiff.lines).toContainEqual({ op: '+', text: expect.stringMatching(/^ip route vrf IVRF-\w+ 0\.0\.0\.0 0\.0\.0\.0 100\.64\./) });
    expect(plan.diff.monthly.after).toBeGreaterThan(plan.diff.monthly.before!);
    const { operation } = await customer.call('services.update', { id: serviceId, intent });
    expect(operation.type).toBe('UPDATE');
    expect(await waitOp(customer, operation.id)).toBe('COMPLETED');
    const s = (await customer.call('services.get', { id: serviceId })).service;
    expect(s).toMatchObject({ state: 'ACTIVE', health: 'OK', packageId: 'advanced-ws', packageName: 'Advanced with Web Security' });
    expect(s.chains).toHaveLength(1);
    expect(s.chains[0]!.vnfs.map((v) => v.software)).toEqual(['CSR1000V', 'ASAv', 'WSAv']);
    expect(s.vcpu).toBe(5);
    const admins = await admin.call('pods.capacity', { podId: s.pods[0]!.podId });
    expect(admins.pods[0]!.vcpu.used).toBe(5);
    const cfg = await operator.call('services.configs', { id: serviceId });
    expect(cfg.vnfs.find((v) => v.role === 'firewall')!.config).toContain('wccp interface inside web-cache redirect in');
    expect(cfg.cpes).toHaveLength(3);
    // asking for what it already is changes nothing
    const same = await failure(customer.call('services.update', { id: serviceId, intent }));
    expect(same.code).toBe('CONFLICT');
    await expectConsistent(admin);
  });

  it('deletes: the VNFs go, the allocations are released, the PoD is empty again', async () => {
    const before = (await admin.call('orchestrator.check', {})).counts['allocations']!;
    const { operation } = await customer.call('services.delete', { id: serviceId, wait: true });
    expect(operation.state).toBe('COMPLETED');
    const s = (await customer.call('services.get', { id: serviceId })).service;
    expect(s.state).toBe('DELETED');
    expect(s.allocations).toEqual([]);
    expect(s.actions).toEqual([]);
    expect((await customer.call('services.list', {})).total).toBe(0);
    expect((await operator.call('services.list', { includeDeleted: true, tenantId })).services[0]!.state).toBe('DELETED');
    const after = (await admin.call('orchestrator.check', {})).counts['allocations']!;
    expect(after).toBe(1);
    expect(before).toBeGreaterThan(after);
    const lab = await admin.call('lab.status', {});
    expect(lab.vms.total).toBe(0);
    const nodes = await admin.call('nodes.list', { kind: 'vnf', includeRetired: true });
    expect(nodes.nodes.every((n) => n.retired)).toBe(true);
    await expectConsistent(admin);
  });

  it('keeps the tenant’s record: quotas, usage, and what is kept per tenant', async () => {
    const { operation } = await customer.call('services.order', { intent: intentOf('advanced', { sites: 2, automatedRecovery: true }), wait: true });
    expect(operation.state).toBe('COMPLETED');
    const { tenant, profile } = await customer.call('tenants.get', { id: tenantId });
    expect(tenant.usage).toMatchObject({ services: 1, sites: 2, vcpu: 6 });
    expect(tenant.vni).toBeGreaterThanOrEqual(10_000);
    expect(profile.vnis).toContain(tenant.vni);
    expect(profile.vnis.length).toBe(2);
    expect(profile.entries).toHaveLength(4);
    for (const e of profile.entries) {
      expect(e.vim.id).toMatch(/^lab:\/\/pod-/);
      expect(e.server.nodeId).toBeGreaterThan(0);
      expect(e.vm.nodeId).toBeGreaterThan(0);
      expect(e.vlans.length).toBeGreaterThan(0);
      expect(e.vm.interfaces.every((i) => /^02:50(:[0-9a-f]{2}){4}$/.test(i.mac))).toBe(true);
      expect(e.vmGroupId).toBe(`${e.serviceId}/${e.path}`);
    }
    expect(new Set(profile.entries.map((e) => e.vim.id)).size).toBe(2); // two PoDs: two VIMs
    // admins lower a quota below usage: refused, field by field
    const low = await failure(admin.call('tenants.update', { id: tenantId, quotas: { maxVcpu: 1 } }));
    expect(low.issues[0]?.path).toBe('quotas.maxVcpu');
  });

  it('refuses orders from a disabled tenant, and lets the customer see but not buy', async () => {
    await admin.call('tenants.update', { id: tenantId, disabled: true });
    const e = await failure(customer.call('services.order', { intent: intentOf('foundation') }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/disabled/);
    expect((await customer.call('services.list', {})).total).toBe(1);
    await admin.call('tenants.update', { id: tenantId, disabled: false });
  });
});
