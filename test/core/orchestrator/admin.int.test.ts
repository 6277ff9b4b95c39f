// The admin's side: editing the catalog (versions, checks, what changes for services),
// data centres and PoDs, PoD models and the capacity calculator, and batched live updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistent, failure, intentOf, labTenant, type LabTenant, tenantWithCustomer } from '../../helpers/orch.js';

let { th, admin, customer } = {} as LabTenant;

beforeAll(async () => ({ th, admin, customer } = await labTenant('Catalog Watchers')));
afterAll(() => th.close());

describe('catalog administration', () => {
  it('saves an edit as a new version; services keep the version they were ordered under', async () => {
    const { service } = await customer.call('services.order', { intent: intentOf('foundation'), wait: true });
    const cur = await admin.call('catalog.list', {});
    expect(cur.version.version).toBe(1);
    const edited = structuredClone(cur.catalog);
    edited.packages.find((p) => p.id === 'foundation')!.price.monthly = 199;
    edited.vnfTypes.find((t) => t.id === 'vips')!.vcpu = 8;
    const r = await admin.call('catalog.update', { baseVersion: 1, catalog: edited, note: 'new Foundation price; a larger IPS' });
    expect(r.version).toMatchObject({ version: 2, createdBy: 'admin' });
    expect(r.changes.map((c) => c.path).sort()).toEqual(['packages[foundation].price.monthly', 'vnfTypes[vips].vcpu']);
    // the calculator and new quotes follow the new version; the old service keeps its own
    const types = (await customer.call('catalog.list', {})).serviceTypes;
    expect(types.find((t) => t.id === 'advanced+ips')!.vcpu).toBe(11);
    const plan = await customer.call('services.plan', { intent: intentOf('foundation') });
    expect(plan.quote).toMatchObject({ catalogVersion: 2 });
    expect(plan.quote.monthly.lines[0]!.unit).toBe(199);
    const s = (await customer.call('services.get', { id: service.id })).service;
    expect(s.catalogVersion).toBe(1);
    expect(s.quote.monthly.lines[0]!.unit).toBe(180);
    const v = await admin.call('catalog.versions', {});
    expect(v.versions.map((x) => x.version)).toEqual([2, 1]);
    expect((await admin.call('catalog.diff', { from: 1, to: 2 })).changes).toHaveLength(2);
    expect((await admin.call('catalog.get', { version: 1 })).catalog.vnfTypes.find((t) => t.id === 'vips')!.vcpu).toBe(6);
  });

  it('refuses an edit made on an old version, an edit that changes nothing, and one that breaks the catalog', async () => {
    const cur = await admin.call('catalog.list', {});
    const stale = await failure(admin.call('catalog.update', { baseVersion: 1, catalog: cur.catalog, note: 'stale' }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/changed since version 1/);
    const same = await failure(admin.call('catalog.update', { baseVersion: cur.version.version, catalog: cur.catalog, note: 'nothing' }));
    expect(same.code).toBe('CONFLICT');
    const broken = structuredClone(cur.catalog);
    broken.vnfTypes[1]!.day1Template = 'hostname {{hostname}}\n{{#if webSecurity}}\nwccp {{wsaAddress}}\n{{/if}}\n';
    broken.packages[0]!.chain = ['vfirewall'];
    const e = await failure(admin.call('catalog.update', { baseVersion: cur.version.version, catalog: broken, note: 'broken' }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues).toEqual(
      expect.arrayContaining([
        { path: 'catalog.vnfTypes.1.day1Template', message: 'line 3: unknown variable "wsaAddress"' },
        { path: 'catalog.packages.0.chain.0', message: 'a chain starts with a router (it terminates the site tunnels)' },
      ]),
    );
    expect((await failure(customer.call('catalog.update', { baseVersion: 2, catalog: cur.catalog, note: 'x' }))).code).toBe('FORBIDDEN');
  });

  it('a package taken off the shop cannot be ordered, but its services can still be changed', async () => {
    const cur = await admin.call('catalog.list', {});
    const { service } = await customer.call('services.order', { intent: intentOf('advanced', { sites: 1 }), wait: true });
    const edited = structuredClone(cur.catalog);
    edited.packages.find((p) => p.id === 'advanced')!.orderable = false;
    await admin.call('catalog.update', { baseVersion: cur.version.version, catalog: edited, note: 'retire Advanced' });
    expect((await customer.call('catalog.list', { orderableOnly: true })).catalog.packages.map((p) => p.id)).toEqual(['foundation', 'advanced-ws']);
    const e = await failure(customer.call('services.order', { intent: intentOf('advanced') }));
    expect(e.issues[0]).toMatchObject({ path: 'intent.packageId', message: expect.stringMatching(/no longer offered/) });
    const up = await customer.call('services.update', { id: service.id, intent: intentOf('advanced', { sites: 1, bandwidthMbps: 100 }), wait: true });
    expect(up.operation.state).toBe('COMPLETED');
    const back = structuredClone(edited);
    back.packages.find((p) => p.id === 'advanced')!.orderable = true;
    await admin.call('catalog.update', { baseVersion: (await admin.call('catalog.versions', {})).current, catalog: back, note: 'Advanced is back' });
  });
});

describe('catalog preview (the editor’s review step)', () => {
  it('answers an edit’s changes against its base version, or its field-level problems, and saves nothing', async () => {
    const cur = await admin.call('catalog.list', {});
    const edited = structuredClone(cur.catalog);
    edited.cpeModels.find((m) => m.id === 'isr4221')!.price = 1350;
    const p = await admin.call('catalog.preview', { baseVersion: cur.version.version, catalog: edited });
    expect(p.current).toBe(cur.version.version);
    expect(p.changes).toEqual([{ path: 'cpeModels[isr4221].price', kind: 'changed', before: 1290, after: 1350 }]);
    edited.packages[0]!.chain = ['vfirewall'];
    const e = await failure(admin.call('catalog.preview', { baseVersion: cur.version.version, catalog: edited }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues).toContainEqual({ path: 'catalog.packages.0.chain.0', message: 'a chain starts with a router (it terminates the site tunnels)' });
    expect((await admin.call('catalog.versions', {})).current).toBe(cur.version.version);
    expect((await failure(customer.call('catalog.preview', { baseVersion: 1, catalog: cur.catalog }))).code).toBe('FORBIDDEN');
  });
});

describe('infrastructure administration', () => {
  it('adds a data centre and a PoD of a model: its servers, device manager, ESC pair, VIM endpoint and pools', async () => {
    const { dataCentre } = await admin.call('datacentres.create', { name: 'DC-3 Vienna', location: 'Vienna, AT' });
    const { pod } = await admin.call('pods.create', { dcId: dataCentre.id, name: 'vie-pod-1', model: 'small' });
    expect(pod).toMatchObject({ dcName: 'DC-3 Vienna', model: 'small', state: 'active', servers: { production: 4, control: 3, storage: 3 }, vcpu: { total: 192, reserved: 16, used: 0, free: 176 } });
    expect(pod.vim).toEqual({ driver: 'lab', endpoint: 'lab://pod-vie-pod-1/compute/v2.1', available: true });
    expect(pod.esc?.nodes.map((n) => n.role)).toEqual(['master', 'slave']);
    expect(pod.dm?.nodes.map((n) => n.role)).toEqual(['master', 'subordinate']);
    expect((await failure(admin.call('pods.create', { dcId: dataCentre.id, name: 'vie-pod-1', model: 'small' }))).code).toBe('CONFLICT');
    const bad = await failure(admin.call('pods.create', { dcId: dataCentre.id, name: 'vie-pod-2', model: 'huge' }));
    expect(bad.issues[0]?.path).toBe('model');
    // maintenance: no new placements there
    await admin.call('pods.update', { id: pod.id, state: 'maintenance' });
    const cap = await admin.call('pods.capacity', { podId: pod.id });
    expect(cap.pods[0]!.fits.every((f) => f.more === 0)).toBe(true);
    await admin.call('pods.update', { id: pod.id, state: 'active' });
    const cap2 = await admin.call('pods.capacity', { podId: pod.id });
    expect(cap2.pods[0]!.fits.find((f) => f.serviceType === 'foundation')!.more).toBe(88);
    expect(cap2.pods[0]!.servers).toHaveLength(4);
  });

  it('edits a PoD model; the calculator follows; the what-if answers for a mix, on models and live PoDs', async () => {
    const { models } = await admin.call('pods.models', {});
    const small = models.find((m) => m.id === 'small')!;
    const calc1 = await admin.call('capacity.calculator', {});
    const cell = (c: typeof calc1, t: string) => c.table.find((r) => r.serviceType === t)!.cells.find((x) => x.podModel === 'small')!.services;
    expect(cell(calc1, 'foundation')).toBe(88);
    await admin.call('pods.updateModel', { model: { ...small, productionServers: 6 } });
    const calc2 = await admin.call('capacity.calculator', {});
    expect(cell(calc2, 'foundation')).toBe(132);
    await admin.call('pods.updateModel', { model: small });
    const bad = await failure(admin.call('pods.updateModel', { model: { ...small, server: { ...small.server, reservedVcpu: 48 } } }));
    expect(bad.issues[0]?.path).toBe('model.server.reservedVcpu');
    const w = await admin.call('capacity.whatIf', { mix: [{ serviceType: 'foundation', share: 2 }, { serviceType: 'advanced-ws+ips', share: 1 }] });
    const m = w.models.find((x) => x.podModel === 'small')!;
    expect(m.byType['foundation']! + m.byType['advanced-ws+ips']!).toBe(m.services);
    expect(m.byType['foundation']! * 2 + m.byType['advanced-ws+ips']! * 13).toBeLessThanOrEqual(176);
    expect(w.live.length).toBe((await admin.call('pods.list', {})).pods.length);
    expect(w.liveTotal).toBe(w.live.reduce((n, l) => n + l.more, 0));
    const unknown = await failure(admin.call('capacity.whatIf', { mix: [{ serviceType: 'platinum', share: 1 }] }));
    expect(unknown.issues[0]?.path).toBe('mix.0.serviceType');
  });
});

describe('live updates', () => {
  it('are batched: many changes, a few messages, each with every item’s latest state', async () => {
    const batches: number[] = [];
    const states = new Map<string, string>();
    const stop = admin.subscribe('operations.changed', {}, (e) => {
      batches.push(e.items.length);
      for (const o of e.items) states.set(o.id, o.state);
    });
    const pods: string[] = [];
    const stopPods = admin.subscribe('pods.changed', {}, (e) => pods.push(...e.items.map((p) => p.id)));
    await new Promise((r) => setTimeout(r, 50));
    const { customer: c } = await tenantWithCustomer(th, admin, 'Batch Buyers');
    await admin.call('tenants.update', { id: (await c.call('auth.whoami', {})).user.tenantId!, quotas: { maxServices: 20 } });
    const orders = await Promise.all(Array.from({ length: 10 }, () => c.call('services.order', { intent: intentOf('foundation', { sites: 1 }), wait: true })));
    await expect.poll(() => orders.every((o) => states.get(o.operation.id) === 'COMPLETED')).toBe(true);
    stop();
    stopPods();
    const changes = orders.length * 5; // ordered, three steps, completed — at least
    expect(batches.length).toBeLessThan(changes);
    expect(batches.some((n) => n > 1)).toBe(true);
    expect(pods.length).toBeGreaterThan(0);
    await expectConsistent(admin);
  });
});
