// The topology engine over generated sources: snapshots, deltas that bring a client's copy
// exactly to the engine's, batching, resyncs, and service chains with path switches.
import { afterEach, describe, expect, it } from 'vitest';
import { TopologyEngine } from '../../../core/topology/engine.js';
import { TopoGraph, diffGraphs } from '../../../core/topology/model.js';
import { delta as deltaSchema, snapshot as snapshotSchema, type TopoDelta } from '../../../core/topology/contract.js';
import { GeneratedSource, generateTopology } from '../../bench/lib/generated-topology.js';

const engines: TopologyEngine[] = [];
afterEach(() => {
  while (engines.length) engines.pop()!.stop();
});

function setup(nodes = 600, intervalMs = 20) {
  const source = new GeneratedSource({ nodes, seed: 7 });
  const deltas: TopoDelta[] = [];
  let t = 0;
  const engine = new TopologyEngine({ source, publish: (d) => deltas.push(d), intervalMs, now: () => t });
  engines.push(engine);
  return { source, engine, deltas, advance: (ms: number) => (t += ms) };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function sameGraph(a: TopoGraph, b: TopoGraph) {
  expect([...a.nodes.keys()].sort()).toEqual([...b.nodes.keys()].sort());
  for (const [id, n] of a.nodes) expect(b.nodes.get(id), id).toEqual(n);
  expect([...a.edges.values()].sort((x, y) => x.id.localeCompare(y.id))).toEqual([...b.edges.values()].sort((x, y) => x.id.localeCompare(y.id)));
}

describe('generated inventory', () => {
  it('is seeded: the same seed gives the same inventory, another seed another', () => {
    expect(generateTopology({ nodes: 500, seed: 3 })).toEqual(generateTopology({ nodes: 500, seed: 3 }));
    expect(generateTopology({ nodes: 500, seed: 3 })).not.toEqual(generateTopology({ nodes: 500, seed: 4 }));
  });

  it.each([500, 2000, 5000])('has about %i nodes in a realistic shape', (n) => {
    const s = new GeneratedSource({ nodes: n, seed: 1 });
    expect(s.nodeCount).toBeGreaterThanOrEqual(n);
    expect(s.nodeCount).toBeLessThan(n + 10);
    const { dataCentres, pods, servers, vnfs } = s.infra;
    expect(dataCentres.length).toBeGreaterThanOrEqual(2);
    expect(
      pods.every((p) => servers.some((x) => x.podId === p.id && x.role === 'control') && servers.some((x) => x.podId === p.id && x.role === 'storage')),
    ).toBe(true);
    // Every tenant VNF sits on a compute server; platform VMs on control servers.
    const role = new Map(servers.map((x) => [x.id, x.role]));
    for (const v of vnfs) expect(role.get(v.serverId)).toBe(v.type === 'platform' ? 'control' : 'compute');
    // A redundant service's two paths are in different data centres.
    const r = s.firstRedundant();
    expect(r.chains[0]!.dcName).not.toBe(r.chains[1]!.dcName);
  });
});

describe('topology engine: infrastructure', () => {
  it('returns a snapshot that matches the contract, parents before children', async () => {
    const { engine, source } = setup();
    const snap = await engine.infrastructure();
    expect(snapshotSchema.safeParse(snap).success).toBe(true);
    expect(snap.source).toBe(source.name);
    expect(snap.nodes.length).toBe(source.nodeCount);
    const seen = new Set<string>();
    for (const n of snap.nodes) {
      if (n.parent) expect(seen.has(n.parent), `${n.id} after its parent`).toBe(true);
      seen.add(n.id);
    }
    const vnf = snap.nodes.find((n) => n.kind === 'vnf')!;
    expect(vnf.parent).toMatch(/^srv:/);
    expect(vnf.tenantName).toBeTruthy();
  });

  it('without a source, answers an empty snapshot that says so', async () => {
    const engine = new TopologyEngine({ source: null, publish: () => {} });
    engines.push(engine);
    const snap = await engine.infrastructure();
    expect(snap).toMatchObject({ source: null, nodes: [], edges: [], version: 0 });
    expect(await engine.service('svc-0001')).toBeNull();
    expect(await engine.serviceList(null)).toEqual([]);
  });

  it('turns state changes into small patches that bring a client copy up to date', async () => {
    const { engine, source, deltas } = setup();
    const client = TopoGraph.fromSnapshot(await engine.infrastructure());
    const v = source.infra.vnfs.find((x) => x.type === 'vrouter')!;
    source.setVnfState(v.id, 'ERROR', 'VM crashed');
    await tick(5);
    expect(deltas).toHaveLength(1);
    const d = deltas[0]!;
    expect(deltaSchema.safeParse(d).success).toBe(true);
    expect(d).toMatchObject({ view: 'infrastructure', version: 1, resync: false, tenantId: null });
    expect(d.changes).toEqual([
      {
        op: 'patch',
        patch: { id: `vnf:${v.id}`, state: 'ERROR', badges: ['fault', ...(v.badges ?? []).filter((b) => b !== 'fault')].sort(), detail: 'VM crashed' },
      },
    ]);
    expect(client.apply(d)).toBe('applied');
    sameGraph(client, TopoGraph.fromSnapshot(await engine.infrastructure()));
  });

  it('batches a burst into one delta per interval and keeps only the last state', async () => {
    const { engine, source, deltas, advance } = setup(600, 50);
    await engine.infrastructure();
    const ids = source.infra.vnfs
      .filter((x) => x.type !== 'platform')
      .slice(0, 40)
      .map((x) => x.id);
    for (const id of ids) source.setVnfState(id, 'BUILD');
    for (const id of ids) source.setVnfState(id, 'ACTIVE');
    for (const id of ids.slice(0, 10)) source.setVnfState(id, 'DEGRADED');
    await tick(5); // the first batch after a quiet spell goes at once
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.changes).toHaveLength(10);
    source.setVnfState(ids[20]!, 'ERROR');
    source.setVnfState(ids[21]!, 'ERROR');
    await tick(5);
    expect(deltas).toHaveLength(1); // held: the interval has not passed
    advance(50);
    await tick(60);
    expect(deltas).toHaveLength(2);
    expect(deltas[1]!.version).toBe(2);
    expect(deltas[1]!.changes.map((c) => (c.op === 'patch' ? c.patch.id : c.op))).toEqual([`vnf:${ids[20]}`, `vnf:${ids[21]}`]);
  });

  it('publishes nothing when a change ends where it started', async () => {
    const { engine, source, deltas } = setup();
    await engine.infrastructure();
    const v = source.infra.vnfs.find((x) => x.type === 'vfirewall')!;
    const before = v.state;
    source.setVnfState(v.id, 'BUILD');
    source.setVnfState(v.id, before);
    await tick(5);
    expect(deltas).toHaveLength(0);
  });

  it('adds and removes nodes; removing a server removes what it holds', async () => {
    const { engine, source, deltas } = setup();
    const client = TopoGraph.fromSnapshot(await engine.infrastructure());
    const server = source.infra.servers.find((s) => s.role === 'compute')!;
    source.addVnf({
      id: 'extra-1',
      serverId: server.id,
      name: 'vr-extra-a',
      type: 'vrouter',
      state: 'BUILD',
      addresses: ['10.9.9.9'],
      serviceId: null,
      tenantId: null,
    });
    await tick(5);
    expect(deltas[0]!.changes[0]).toMatchObject({ op: 'upsert', node: { id: 'vnf:extra-1', parent: `srv:${server.id}`, state: 'BUILD' } });
    expect(client.apply(deltas[0]!)).toBe('applied');
    engine.flush();
    source.emit({ kind: 'removed', what: 'server', id: server.id });
    engine.flush();
    const d = deltas[deltas.length - 1]!;
    const removed = d.changes.filter((c) => c.op === 'remove').map((c) => (c.op === 'remove' ? c.id : ''));
    const held = source.infra.vnfs.filter((v) => v.serverId === server.id).length;
    expect(removed).toHaveLength(held + 1);
    expect(removed[removed.length - 1]).toBe(`srv:${server.id}`); // children first
    expect(client.apply(d)).toBe('applied');
    sameGraph(client, TopoGraph.fromSnapshot(await engine.infrastructure()));
    expect(client.nodes.has('vnf:extra-1')).toBe(false);
  });

  it('tells clients to refetch when a batch is too large, and when the source resyncs', async () => {
    const source = new GeneratedSource({ nodes: 600, seed: 2 });
    const deltas: TopoDelta[] = [];
    const engine = new TopologyEngine({ source, publish: (d) => deltas.push(d), intervalMs: 10, maxChanges: 20 });
    engines.push(engine);
    const client = TopoGraph.fromSnapshot(await engine.infrastructure());
    for (const v of source.infra.vnfs.slice(0, 30)) source.setVnfState(v.id, 'MAINTENANCE');
    engine.flush();
    expect(deltas[0]).toMatchObject({ resync: true, version: 1, changes: [] });
    expect(client.apply(deltas[0]!)).toBe('resync');
    const again = await engine.infrastructure();
    expect(again.version).toBe(1);
    expect(again.nodes.filter((n) => n.state === 'MAINTENANCE')).toHaveLength(30);
    source.emit({ kind: 'resync' });
    expect(deltas[1]).toMatchObject({ resync: true });
  });

  it('holds events that arrive while the infrastructure loads, and applies them after', async () => {
    const source = new GeneratedSource({ nodes: 300, seed: 5 });
    const before = source.infrastructure(); // what the slow load will answer: from before the change
    let release!: () => void;
    const slow = {
      name: source.name,
      infrastructure: () => new Promise<typeof before>((r) => (release = () => r(before))),
      services: () => [],
      service: () => null,
      subscribe: (l: Parameters<typeof source.subscribe>[0]) => source.subscribe(l),
    };
    const engine = new TopologyEngine({ source: slow, publish: () => {}, intervalMs: 10 });
    engines.push(engine);
    const pending = engine.infrastructure();
    const v = source.infra.vnfs.find((x) => x.type === 'vrouter')!;
    source.setVnfState(v.id, 'ERROR');
    release();
    const snap = await pending;
    expect(snap.nodes.find((n) => n.id === `vnf:${v.id}`)?.state).toBe('ERROR');
  });
});

describe('topology engine: service chains', () => {
  it('builds the chain: sites → CPEs → tunnels → vRouter → … → Internet, on both paths', async () => {
    const { engine, source } = setup(900);
    const r = source.firstRedundant();
    const snap = (await engine.service(r.id))!;
    expect(snapshotSchema.safeParse(snap).success).toBe(true);
    expect(snap.service).toMatchObject({ id: r.id, redundant: true, activePath: 'primary', tenantId: r.tenantId });
    const kinds = new Set(snap.nodes.map((n) => n.kind));
    for (const k of ['site', 'cpe', 'tunnel', 'vnf', 'internet', 'server']) expect(kinds.has(k as never), k).toBe(true);
    const chainEdges = snap.edges.filter((e) => e.kind === 'chain');
    expect(chainEdges.filter((e) => e.path === 'primary').every((e) => e.active)).toBe(true);
    expect(chainEdges.filter((e) => e.path === 'redundant').every((e) => !e.active)).toBe(true);
    expect(snap.edges.filter((e) => e.kind === 'inter-router')).toHaveLength(1);
    expect(snap.edges.filter((e) => e.kind === 'uplink').map((e) => e.to)).toEqual(['internet', 'internet']);
    const tunnels = snap.nodes.filter((n) => n.kind === 'tunnel');
    expect(tunnels).toHaveLength(r.sites.length * 2);
    expect(tunnels.filter((t) => t.state === 'STANDBY').every((t) => t.path === 'redundant')).toBe(true);
  });

  it('follows a failure of the primary path: the switch arrives as one delta per batch', async () => {
    const { engine, source, deltas } = setup(900);
    const r = source.firstRedundant();
    const client = TopoGraph.fromSnapshot((await engine.service(r.id))!);
    source.failPrimary(r.id);
    await tick(5);
    const mine = deltas.filter((d) => d.serviceId === r.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.tenantId).toBe(r.tenantId);
    expect(client.apply(mine[0]!)).toBe('applied');
    expect(client.service?.activePath).toBe('redundant');
    const active = [...client.edges.values()].filter((e) => e.kind === 'chain' && e.active);
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((e) => e.path === 'redundant')).toBe(true);
    const router = client.nodes.get(`vnf:${r.chains[0]!.vnfs[0]!.id}`)!;
    expect(router.state).toBe('ERROR');
    sameGraph(client, TopoGraph.fromSnapshot((await engine.service(r.id))!));
    // The infrastructure view, too, had the vRouter change (it is loaded only when asked for).
    const infra = await engine.infrastructure();
    expect(infra.nodes.find((n) => n.id === router.id)?.state).toBe('ERROR');
  });

  it('lists services per tenant', async () => {
    const { engine, source } = setup(900);
    const r = source.firstRedundant();
    const all = await engine.serviceList(null);
    const mine = await engine.serviceList(r.tenantId);
    expect(all.length).toBeGreaterThan(mine.length);
    expect(mine.every((s) => s.tenantId === r.tenantId)).toBe(true);
    expect(mine.some((s) => s.id === r.id)).toBe(true);
  });

  it('drops the least recently opened services beyond its limit, telling their watchers to refetch', async () => {
    const source = new GeneratedSource({ nodes: 900, seed: 7 });
    const deltas: TopoDelta[] = [];
    const engine = new TopologyEngine({ source, publish: (d) => deltas.push(d), maxServices: 2 });
    engines.push(engine);
    const ids = [...source.servicesById.keys()].slice(0, 3);
    for (const id of ids) await engine.service(id);
    expect(deltas).toEqual([expect.objectContaining({ serviceId: ids[0], resync: true })]);
  });
});

describe('diffGraphs', () => {
  it('is empty between equal graphs, and rebuilds one graph from another', async () => {
    const e1 = new TopologyEngine({ source: new GeneratedSource({ nodes: 300, seed: 1 }), publish: () => {} });
    const e2 = new TopologyEngine({ source: new GeneratedSource({ nodes: 300, seed: 2 }), publish: () => {} });
    engines.push(e1, e2);
    const [s1, s2] = await Promise.all([e1.infrastructure(), e2.infrastructure()]);
    const x = TopoGraph.fromSnapshot(s1);
    const y = TopoGraph.fromSnapshot(s2);
    expect(diffGraphs(x, TopoGraph.fromSnapshot(s1))).toEqual([]);
    const g = TopoGraph.fromSnapshot({ nodes: [], edges: [], version: 0, service: null });
    g.applyChanges(diffGraphs(g, x));
    sameGraph(g, x);
    g.applyChanges(diffGraphs(g, y));
    sameGraph(g, y);
  });
});
