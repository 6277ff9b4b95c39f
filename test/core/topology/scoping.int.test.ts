// Topology through a real host: who may see what (customers: their own services' chains
// only; the infrastructure is for admins and operators), and deltas over the topic,
// filtered per view, per service and per tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import type { TopoDelta } from '../../../core/topology/contract.js';
import { TopoGraph } from '../../../core/topology/model.js';
import { startHost, loginAdmin, userApi, rawOf, type TestHost } from '../../helpers/host.js';
import { GeneratedSource } from '../../bench/lib/generated-topology.js';

let th: TestHost;
let source: GeneratedSource;
let admin: PodiumApi;
let operator: PodiumApi;
let customer: PodiumApi;
let mine: string; // a service of the customer's tenant
let theirs: string; // a service of another tenant

beforeAll(async () => {
  source = new GeneratedSource({ nodes: 900, seed: 11 });
  th = await startHost({ topologySource: source });
  const r = source.firstRedundant();
  mine = r.id;
  theirs = [...source.servicesById.values()].find((s) => s.tenantId !== r.tenantId)!.id;
  th.host.auth.setTenantDirectory({ exists: (id) => id === r.tenantId });
  admin = await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
  operator = await userApi(admin, rawOf(th.host.connect('inproc')), { username: 'topo-op', role: 'operator' });
  customer = await userApi(admin, rawOf(th.host.connect('inproc')), { username: 'topo-cust', role: 'customer', tenantId: r.tenantId });
});
afterAll(() => th.close());

describe('topology scoping', () => {
  it('admins and operators see the infrastructure; customers are refused', async () => {
    const a = await admin.call('topology.infrastructure', {});
    expect(a.nodes.length).toBe(source.nodeCount);
    expect((await operator.call('topology.infrastructure', {})).nodes.length).toBe(source.nodeCount);
    await expect(customer.call('topology.infrastructure', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("a customer lists and opens only their own tenant's services", async () => {
    const list = await customer.call('topology.services', {});
    expect(list.services.length).toBeGreaterThan(0);
    expect(new Set(list.services.map((s) => s.tenantId))).toEqual(new Set([source.servicesById.get(mine)!.tenantId]));
    expect((await customer.call('topology.services', { tenantId: 't-someone-else' })).services).toEqual([]);
    const snap = await customer.call('topology.service', { serviceId: mine });
    expect(snap.service?.id).toBe(mine);
    // Another tenant's service looks exactly like one that does not exist.
    const other = await customer.call('topology.service', { serviceId: theirs }).catch((e: unknown) => e);
    const none = await customer.call('topology.service', { serviceId: 'svc-none' }).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'NOT_FOUND', message: 'not found' });
    expect(none).toMatchObject({ code: 'NOT_FOUND' });
    expect((await operator.call('topology.service', { serviceId: theirs })).service?.id).toBe(theirs);
  });

  it('details: customers get their own nodes, not infrastructure or another tenant’s; configuration is for admins and operators', async () => {
    const r = source.servicesById.get(mine)!;
    const vr = `vnf:${r.chains[0]!.vnfs[0]!.id}`;
    const d = await customer.call('topology.details', { view: 'service', serviceId: mine, nodeId: vr });
    expect(d.node.id).toBe(vr);
    expect(d.operations.available).toBe(true);
    expect(d.properties.find((p) => p.label === 'Tenant')?.value).toBe(r.tenantName);
    await expect(customer.call('topology.details', { view: 'infrastructure', nodeId: vr })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const o = source.servicesById.get(theirs)!;
    await expect(customer.call('topology.details', { view: 'service', serviceId: theirs, nodeId: `vnf:${o.chains[0]!.vnfs[0]!.id}` })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(customer.call('topology.configuration', { view: 'service', serviceId: mine, nodeId: vr })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const c = await operator.call('topology.configuration', { view: 'infrastructure', nodeId: vr });
    expect(c.configuration).toMatchObject({ available: true, data: { format: 'cli' } });
    if (c.configuration.available) expect(c.configuration.data.text).toContain('crypto ikev2 profile');
    const dc = await operator.call('topology.configuration', { view: 'infrastructure', nodeId: 'dc:dc1' });
    expect(dc.configuration).toMatchObject({ available: false });
  });

  it('deltas reach the right subscribers only', async () => {
    const got = {
      adminInfra: [] as TopoDelta[],
      custInfra: [] as TopoDelta[],
      custMine: [] as TopoDelta[],
      custTheirs: [] as TopoDelta[],
      opTheirs: [] as TopoDelta[],
    };
    await operator.call('topology.service', { serviceId: theirs });
    const stops = [
      admin.subscribe('topology.changed', { view: 'infrastructure' }, (e) => got.adminInfra.push(e)),
      customer.subscribe('topology.changed', { view: 'infrastructure' }, (e) => got.custInfra.push(e)),
      customer.subscribe('topology.changed', { view: 'service', serviceId: mine }, (e) => got.custMine.push(e)),
      customer.subscribe('topology.changed', { view: 'service' }, (e) => got.custTheirs.push(e)),
      operator.subscribe('topology.changed', { view: 'service', serviceId: theirs }, (e) => got.opTheirs.push(e)),
    ];
    const infra = TopoGraph.fromSnapshot(await admin.call('topology.infrastructure', {}));
    const chain = TopoGraph.fromSnapshot(await customer.call('topology.service', { serviceId: mine }));
    await new Promise((r) => setTimeout(r, 20));
    source.failPrimary(mine);
    const o = source.servicesById.get(theirs)!;
    source.setVnfState(o.chains[0]!.vnfs[0]!.id, 'DEGRADED');
    await expect.poll(() => got.adminInfra.length + got.custMine.length + got.opTheirs.length).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 200));
    for (const s of stops) s();
    expect(got.custInfra).toEqual([]);
    expect(got.custTheirs.every((d) => d.serviceId === mine)).toBe(true);
    expect(got.opTheirs.every((d) => d.serviceId === theirs)).toBe(true);
    for (const d of got.adminInfra) expect(infra.apply(d)).toBe('applied');
    for (const d of got.custMine) expect(chain.apply(d)).toBe('applied');
    expect(chain.service?.activePath).toBe('redundant');
    expect(infra.nodes.get(`vnf:${o.chains[0]!.vnfs[0]!.id}`)?.state).toBe('DEGRADED');
  });
});

describe('topology without a source', () => {
  it('takes the orchestrator as its source unless told otherwise: empty views while there is no infrastructure', async () => {
    const plain = await startHost();
    try {
      const api = await loginAdmin(rawOf(plain.host.connect('inproc')), plain.dataDir);
      expect(await api.call('topology.infrastructure', {})).toMatchObject({ source: 'orchestrator', nodes: [] });
      expect(await api.call('topology.services', {})).toEqual({ source: 'orchestrator', services: [] });
      await expect(api.call('topology.service', { serviceId: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'there is no service "x"' });
    } finally {
      await plain.close();
    }
  });

  it('answers empty views that say no inventory is attached', async () => {
    const bare = await startHost({ topologySource: null });
    try {
      const api = await loginAdmin(rawOf(bare.host.connect('inproc')), bare.dataDir);
      expect(await api.call('topology.infrastructure', {})).toMatchObject({ source: null, nodes: [] });
      expect(await api.call('topology.services', {})).toEqual({ source: null, services: [] });
      await expect(api.call('topology.service', { serviceId: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await bare.close();
    }
  });
});
