// The topology views on the orchestrator and the embedded lab (the product's source): the
// lab's infrastructure as a graph, its services as chains, live deltas that bring a
// client's copy exactly to a fresh snapshot after the lab fails, repairs and restarts
// VNFs, drills, maintenance and a reset; details; and customers seeing only their own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MASKED } from '../../../core/orchestrator/day1.js';
import type { PodiumApi } from '../../../core/api/client.js';
import { typed } from '../../../core/api/client.js';
import type { TopoDelta, TopoNode, TopoSnapshot } from '../../../core/topology/contract.js';
import { delta as deltaSchema, snapshot as snapshotSchema } from '../../../core/topology/contract.js';
import { TopoGraph } from '../../../core/topology/model.js';
import { rawOf, type TestHost } from '../../helpers/host.js';
import { adminOf, expectConsistent, labHost } from '../../helpers/orch.js';

let th: TestHost;
let admin: PodiumApi;

const byName = async (name: string) => (await admin.call('services.list', {})).services.find((s) => s.name === name)!;

/** Deltas of one view, applied to a copy made from a snapshot; `sync()` checks it equals a fresh snapshot. */
class Watcher {
  graph!: TopoGraph;
  deltas: TopoDelta[] = [];
  resyncs = 0;
  private stop: () => void = () => {};
  constructor(
    private readonly api: PodiumApi,
    readonly view: 'infrastructure' | 'service',
    readonly serviceId?: string,
  ) {}
  private fetch(): Promise<TopoSnapshot> {
    return this.view === 'infrastructure' ? this.api.call('topology.infrastructure', {}) : this.api.call('topology.service', { serviceId: this.serviceId! });
  }
  async start(): Promise<this> {
    this.stop = this.api.subscribe('topology.changed', { view: this.view, ...(this.serviceId ? { serviceId: this.serviceId } : {}) }, (d) => {
      expect(deltaSchema.safeParse(d).success).toBe(true);
      this.deltas.push(d);
      if (!this.graph) return;
      const r = this.graph.apply(d);
      if (r === 'gap' || r === 'resync') this.resyncs++;
    });
    await new Promise((r) => setTimeout(r, 10));
    this.graph = TopoGraph.fromSnapshot(await this.fetch());
    return this;
  }
  node(id: string): TopoNode | undefined {
    return this.graph.nodes.get(id);
  }
  /** Wait until the copy, kept by deltas only, has settled and equals a fresh snapshot. */
  async settled(): Promise<void> {
    await expect
      .poll(
        async () => {
          const fresh = TopoGraph.fromSnapshot(await this.fetch());
          if (fresh.version !== this.graph.version) return `version ${this.graph.version} of ${fresh.version}`;
          const diff = [...new Set([...fresh.nodes.keys(), ...this.graph.nodes.keys()])].filter(
            (id) => JSON.stringify(fresh.nodes.get(id)) !== JSON.stringify(this.graph.nodes.get(id)),
          );
          return diff.length ? `differs: ${diff.slice(0, 5).join(', ')}` : 'same';
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe('same');
    expect(this.resyncs).toBe(0);
  }
  close() {
    this.stop();
  }
}

beforeAll(async () => {
  th = await labHost({ seed: 'full', keepaliveMs: 50 });
  admin = await adminOf(th);
  // The lab's services reach their states (as lab.int.test.ts checks in detail).
  await until(async () => (await byName('Initech offices'))?.activePath === 'secondary' && (await byName('Globex branches'))?.state === 'FAILED');
});

async function until(f: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!(await f())) {
    if (Date.now() - t0 > timeoutMs) throw new Error('the lab did not reach its states');
    await new Promise((r) => setTimeout(r, 50));
  }
}
afterAll(() => th?.close());

describe('the infrastructure view on the lab', () => {
  it('shows the data centres, PoDs, servers, platform VMs and every VNF, with the orchestrator as source', async () => {
    const snap = await admin.call('topology.infrastructure', {});
    expect(snapshotSchema.safeParse(snap).success).toBe(true);
    expect(snap.source).toBe('orchestrator');
    const of = (kind: string) => snap.nodes.filter((n) => n.kind === kind);
    expect(of('dc').map((n) => [n.label, n.sub])).toEqual([
      ['DC-1 Frankfurt', 'Frankfurt am Main, DE'],
      ['DC-2 Amsterdam', 'Amsterdam, NL'],
    ]);
    expect(of('pod').map((n) => [n.label, n.sub, n.parent])).toEqual(
      expect.arrayContaining([
        ['fra-pod-1', 'medium PoD', 'dc:dc-dc-1-frankfurt'],
        ['ams-pod-1', 'large PoD', 'dc:dc-dc-2-amsterdam'],
      ]),
    );
    const servers = of('server');
    expect(servers.length).toBe(28 + 3 * 6);
    expect(servers.filter((s) => s.role === 'compute').length).toBe(28);
    const { pods } = await admin.call('pods.list', {});
    const fra1 = pods.find((p) => p.name === 'fra-pod-1')!;
    const podNode = snap.nodes.find((n) => n.id === `pod:${fra1.id}`)!;
    expect(podNode.utilization.find((u) => u.metric === 'vCPU')).toEqual({
      metric: 'vCPU',
      used: fra1.vcpu.used,
      total: fra1.vcpu.total - fra1.vcpu.reserved,
      unit: '',
    });

    // Every live VNF, on its server, in its state.
    const vnfs = of('vnf');
    const live = (await admin.call('services.list', {})).services;
    let count = 0;
    for (const s of live) {
      const sv = (await admin.call('services.get', { id: s.id })).service;
      for (const c of sv.chains) {
        for (const v of c.vnfs) {
          count++;
          const n = vnfs.find((x) => x.ref === v.id);
          expect(n, v.hostname).toBeDefined();
          expect(n!.parent).toBe(`srv:${v.serverId}`);
          expect(n!.label).toBe(v.hostname);
          expect(n!.tenantName).toBe(s.tenantName);
          expect(n!.state).toBe({ PLANNED: 'BUILD', BUILD: 'BUILD', ACTIVE: 'ACTIVE', ERROR: 'ERROR', DELETING: 'MAINTENANCE', DELETED: '' }[v.state]);
          expect(n!.addresses).toEqual(v.interfaces.map((i) => i.ip).filter(Boolean));
          if (v.detail) expect(n!.badges).toContain('fault');
        }
      }
    }
    expect(vnfs.length).toBe(count);
    // The Initech primary vRouter is in ERROR; the traffic runs on its redundant path.
    const initech = (await admin.call('services.get', { id: (await byName('Initech offices')).id })).service;
    const pr = initech.chains.find((c) => c.path === 'primary')!.vnfs.find((v) => v.role === 'router')!;
    const sr = initech.chains.find((c) => c.path === 'secondary')!.vnfs.find((v) => v.role === 'router')!;
    expect(vnfs.find((n) => n.ref === pr.id)).toMatchObject({
      state: 'ERROR',
      type: 'vrouter',
      path: 'primary',
      detail: expect.stringMatching(/stopped answering/),
    });
    expect(vnfs.find((n) => n.ref === sr.id)!.badges).toEqual(expect.arrayContaining(['redundant', 'traffic']));

    // Platform VMs: ESC and NSO device manager pairs and the VIM on each PoD's control servers, the NSO service manager once.
    const platform = of('platform');
    expect(platform.length).toBe(3 * 5 + 2);
    const roleOf = new Map(servers.map((s) => [s.id, s.role]));
    expect(platform.every((p) => roleOf.get(p.parent!) === 'control')).toBe(true);
    const esc = platform.filter((p) => p.ref.startsWith(`${fra1.id}:esc-`));
    expect(esc.map((p) => [p.state, p.badges])).toEqual([
      ['ACTIVE', ['master']],
      ['STANDBY', []],
    ]);
    expect(esc[0]!.parent).not.toBe(esc[1]!.parent);
    expect(platform.find((p) => p.ref === `${fra1.id}:vim`)).toMatchObject({ state: 'ACTIVE', addresses: [fra1.vim.endpoint] });
    expect(platform.filter((p) => p.ref.startsWith('nso-sm-')).map((p) => p.state)).toEqual(['ACTIVE', 'STANDBY']);
  });

  it('follows the lab live: a failed VNF, its repair, a restart, a drill and maintenance reach a client as deltas that keep it exact', async () => {
    const w = await new Watcher(admin, 'infrastructure').start();
    const s = await byName('Acme site-to-site');
    const vnf = (await admin.call('services.get', { id: s.id })).service.chains[0]!.vnfs.find((v) => v.role === 'router')!;
    const id = `vnf:${vnf.id}`;
    expect(w.node(id)?.state).toBe('ACTIVE');

    await admin.call('lab.failVnf', { vnfId: vnf.id, reason: 'kernel panic' });
    await expect.poll(() => w.node(id)?.state).toBe('ERROR');
    expect(w.node(id)).toMatchObject({ detail: 'lab: kernel panic', badges: ['fault'] });
    await w.settled();

    await admin.call('lab.repairVnf', { vnfId: vnf.id });
    await expect.poll(() => w.node(id)?.state).toBe('ACTIVE');
    expect(w.node(id)?.badges).toEqual([]);
    await w.settled();

    // A restart re-creates the VM: it is rebuilt (the lab's VMs boot in 400 ms here) and comes back ACTIVE; its service's operation marks it meanwhile.
    await admin.call('lab.setBootDelay', { minMs: 400, maxMs: 400 });
    const r = await admin.call('vnfs.redeploy', { id: vnf.id });
    expect(r.operation).toMatchObject({ type: 'REPAIR', state: 'PROCESSING' });
    await expect.poll(() => w.node(id)?.state).toBe('BUILD');
    expect(w.node(id)?.badges).toContain('operation');
    await expect.poll(() => w.node(id)?.state).toBe('ACTIVE');
    await expect.poll(() => w.node(id)?.badges).toEqual([]);
    await admin.call('lab.setBootDelay', { minMs: 0, maxMs: 0 });
    await w.settled();

    // A failover drill: the ESC master of a PoD falls silent, its slave takes over.
    const { pods } = await admin.call('pods.list', {});
    const pod = pods.find((p) => p.name === 'fra-pod-2')!;
    const d = await admin.call('lab.drill', { target: 'esc', podId: pod.id, reviveAfterMs: 0, wait: true });
    await expect.poll(() => w.node(`vnf:${d.silenced}`)?.state).toBe('ERROR');
    expect(w.node(`vnf:${d.silenced}`)?.badges).toEqual(['silent']);
    expect(w.node(`vnf:${d.after}`)).toMatchObject({ state: 'ACTIVE', badges: ['master'] });
    await w.settled();
    await admin.call('lab.revive', {});
    await expect.poll(() => w.node(`vnf:${d.silenced}`)?.state).toBe('STANDBY');

    // Maintenance of a PoD and a server.
    await admin.call('pods.update', { id: pod.id, state: 'maintenance' });
    await expect.poll(() => w.node(`pod:${pod.id}`)?.state).toBe('MAINTENANCE');
    const srv = (await admin.call('pods.get', { id: pod.id })).servers.find((x) => x.role === 'production')!;
    await admin.call('servers.update', { id: srv.id, state: 'maintenance' });
    await expect.poll(() => w.node(`srv:${srv.id}`)?.state).toBe('MAINTENANCE');
    await admin.call('servers.update', { id: srv.id, state: 'active' });
    await admin.call('pods.update', { id: pod.id, state: 'active' });
    await expect.poll(() => w.node(`pod:${pod.id}`)?.state).toBe('ACTIVE');
    await w.settled();
    w.close();
    await expectConsistent(admin);
  });

  it('adds a new order’s VNFs as they are built, and removes a deleted service’s', async () => {
    const w = await new Watcher(admin, 'infrastructure').start();
    const { service } = await admin.call('services.order', {
      tenantId: 'globex',
      intent: {
        name: 'Globex test link',
        packageId: 'foundation',
        company: { sites: 1, usersPerSite: 10, bandwidthMbps: 10 },
        sites: [{ name: 'Haarlem', cpeModelId: 'isr1111', address: { line1: '1 Test Street', city: 'Haarlem', postalCode: '2011', country: 'NL' } }],
      },
      wait: true,
    });
    const ids = service.chains.flatMap((c) => c.vnfs.map((v) => `vnf:${v.id}`));
    await expect.poll(() => ids.map((i) => w.node(i)?.state)).toEqual(ids.map(() => 'ACTIVE'));
    await w.settled();
    await admin.call('services.delete', { id: service.id, wait: true });
    await expect.poll(() => ids.filter((i) => w.node(i)).length).toBe(0);
    await w.settled();
    w.close();
  });
});

describe('the service view on the lab', () => {
  it('lists the lab’s services and shows a redundant one with both paths in two data centres', async () => {
    const list = await admin.call('topology.services', {});
    expect(list.source).toBe('orchestrator');
    const names = list.services.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Acme secure web', 'Initech offices', 'Globex branches']));
    expect(names).not.toContain('Acme pilot (retired)');
    const web = list.services.find((s) => s.name === 'Acme secure web')!;
    const sv = (await admin.call('services.get', { id: web.id })).service;
    expect(web).toMatchObject({ tenantName: 'Acme Corp', state: 'ACTIVE', redundant: true, activePath: 'primary', sites: 2 });
    expect(web.vnfs).toBe(sv.chains.reduce((n, c) => n + c.vnfs.length, 0));
    expect(list.services.find((s) => s.name === 'Globex branches')!.state).toBe('ERROR');
    expect(list.services.find((s) => s.name === 'Initech offices')).toMatchObject({ state: 'DEGRADED', activePath: 'redundant' });

    const snap = await admin.call('topology.service', { serviceId: web.id });
    expect(snap.service).toMatchObject({ name: 'Acme secure web', tenantName: 'Acme Corp', redundant: true, activePath: 'primary', state: 'ACTIVE' });
    const groups = snap.nodes.filter((n) => n.id.startsWith('chain:'));
    expect(groups.map((g) => [g.id, g.state, g.badges])).toEqual([
      ['chain:primary', 'ACTIVE', ['traffic']],
      ['chain:redundant', 'STANDBY', []],
    ]);
    expect(groups[0]!.sub).not.toBe(groups[1]!.sub); // another PoD, another data centre
    const types = (path: string) =>
      snap.nodes
        .filter((n) => n.kind === 'vnf' && n.path === path)
        .sort((a, b) => a.order - b.order)
        .map((n) => n.type);
    expect(types('primary')).toEqual(['vrouter', 'vfirewall', 'vwebsecurity']);
    expect(types('redundant')).toEqual(['vrouter', 'vfirewall', 'vwebsecurity']);
    expect(snap.nodes.filter((n) => n.kind === 'site').map((n) => n.label)).toEqual(['Frankfurt HQ', 'Cologne branch']);
    expect(snap.nodes.filter((n) => n.kind === 'cpe').map((n) => [n.label, n.sub, n.state])).toEqual([
      ['site-1.acme.cloudvpn.example', sv.siteList[0]!.cpeModelName, 'UNKNOWN'],
      ['site-2.acme.cloudvpn.example', sv.siteList[1]!.cpeModelName, 'UNKNOWN'],
    ]);
    const tunnels = snap.nodes.filter((n) => n.kind === 'tunnel');
    expect(tunnels.map((t) => [t.path, t.state, t.badges])).toEqual([
      ['primary', 'ACTIVE', ['traffic']],
      ['redundant', 'STANDBY', []],
      ['primary', 'ACTIVE', ['traffic']],
      ['redundant', 'STANDBY', []],
    ]);
    expect(tunnels[0]!.addresses).toEqual([sv.siteList[0]!.tunnels[0]!.peerIp]);
    expect(snap.edges.filter((e) => e.kind === 'inter-router')).toHaveLength(1);
    expect(snap.edges.filter((e) => e.kind === 'chain' && e.active).every((e) => e.path === 'primary')).toBe(true);
  });

  it('switches paths live when the lab fails the primary vRouter, and back when it is repaired', async () => {
    const web = await byName('Acme secure web');
    const w = await new Watcher(admin, 'service', web.id).start();
    const sv = (await admin.call('services.get', { id: web.id })).service;
    const router = sv.chains.find((c) => c.path === 'primary')!.vnfs.find((v) => v.role === 'router')!;
    await admin.call('lab.failVnf', { vnfId: router.id });
    await expect.poll(() => w.graph.service?.activePath).toBe('redundant');
    expect(w.graph.service?.state).toBe('DEGRADED');
    expect(w.node(`vnf:${router.id}`)?.state).toBe('ERROR');
    expect(w.node('chain:primary')?.state).toBe('ERROR');
    expect(w.node('chain:redundant')).toMatchObject({ state: 'ACTIVE', badges: ['traffic'] });
    expect([...w.graph.edges.values()].filter((e) => e.kind === 'chain' && e.active).every((e) => e.path === 'redundant')).toBe(true);
    await w.settled();
    await admin.call('lab.repairVnf', { vnfId: router.id });
    await expect.poll(() => w.graph.service?.activePath).toBe('primary');
    expect(w.graph.service?.state).toBe('ACTIVE');
    await w.settled();
    w.close();
  });
});

describe('details', () => {
  it('of a VNF: its properties, masked configuration, its service’s operations and what it holds on its server', async () => {
    const web = await byName('Acme secure web');
    const sv = (await admin.call('services.get', { id: web.id })).service;
    const v = sv.chains[0]!.vnfs.find((x) => x.role === 'router')!;
    const d = await admin.call('topology.details', { view: 'infrastructure', nodeId: `vnf:${v.id}` });
    const prop = (l: string) => d.properties.find((p) => p.label === l)?.value;
    expect(prop('Node ID')).toBe(String(v.nodeId));
    expect(prop('VM')).toBe(v.vmName);
    expect(prop('Service name')).toBe('Acme secure web (Advanced with Web Security)');
    expect(prop('Placed in')).toContain(v.serverName);
    expect(d.operations.available && d.operations.data.map((o) => o.type)).toContain('CREATE');
    expect(d.utilization.available && d.utilization.data[0]).toMatchObject({ used: v.vcpu });
    const c = await admin.call('topology.configuration', { view: 'service', serviceId: web.id, nodeId: `vnf:${v.id}` });
    const cfg = (await admin.call('services.configs', { id: web.id })).vnfs.find((x) => x.vnfId === v.id)!.config;
    expect(c.configuration).toEqual({ available: true, data: { format: 'cli', text: cfg } });
    const cpe = await admin.call('topology.configuration', { view: 'service', serviceId: web.id, nodeId: `cpe:${web.id}/cpe-1` });
    expect(cpe.configuration.available).toBe(true);
    // Secrets masked: the service's pre-shared key (read from the store itself) appears in neither.
    const db = new Database(join(th.dataDir, 'podium.db'), { readonly: true });
    const { psk } = db.prepare(`SELECT psk FROM services WHERE id = ?`).get(web.id) as { psk: string };
    db.close();
    expect(psk.length).toBeGreaterThan(8);
    if (cpe.configuration.available) {
      expect(cpe.configuration.data.text).toContain('site-1.acme.cloudvpn.example');
      expect(cpe.configuration.data.text).toContain(MASKED);
      expect(cpe.configuration.data.text).not.toContain(psk);
    }
    if (c.configuration.available) {
      expect(c.configuration.data.text).toContain(MASKED);
      expect(c.configuration.data.text).not.toContain(psk);
    }
  });

  it('of a PoD, a server, a platform VM, a tunnel; none for what the orchestrator does not know', async () => {
    const { pods } = await admin.call('pods.list', {});
    const pod = pods.find((p) => p.name === 'ams-pod-1')!;
    const pd = await admin.call('topology.details', { view: 'infrastructure', nodeId: `pod:${pod.id}` });
    expect(pd.properties.find((p) => p.label === 'Room for')?.value).toMatch(/\d+ × /);
    expect(pd.utilization.available).toBe(true);
    const srv = (await admin.call('pods.get', { id: pod.id })).servers.find((s) => s.role === 'production' && s.vnfs.length > 0)!;
    const sd = await admin.call('topology.details', { view: 'infrastructure', nodeId: `srv:${srv.id}` });
    expect(sd.utilization.available && sd.utilization.data.find((u) => u.metric === 'vCPU')?.used).toBe(srv.vcpu.used);
    expect(sd.operations.available).toBe(false);
    const esc = await admin.call('topology.details', { view: 'infrastructure', nodeId: `vnf:${pod.id}:esc-1` });
    expect(esc.properties.find((p) => p.label === 'Pair')?.value).toContain(`esc:${pod.id}`);
    const noCfg = await admin.call('topology.configuration', { view: 'infrastructure', nodeId: `pod:${pod.id}` });
    expect(noCfg.configuration.available).toBe(false);
    const web = await byName('Acme secure web');
    const t = await admin.call('topology.details', { view: 'service', serviceId: web.id, nodeId: `tun:${web.id}/site-1/redundant` });
    expect(t.properties.find((p) => p.label === 'Route cost')?.value).toBe('20');
  });
});

describe('customers on the lab', () => {
  it('see their own services’ chains only, and receive only their deltas', async () => {
    const line = readFileSync(join(th.dataDir, 'lab-users.txt'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('alice.acme\t'))!;
    const alice = typed(rawOf(th.host.connect('inproc')));
    const first = line.split('\t')[3]!;
    await alice.call('auth.login', { username: 'alice.acme', password: first });
    await alice.call('auth.changePassword', { currentPassword: first, newPassword: 'Alice-Lab-Passw0rd-1' });

    const list = await alice.call('topology.services', {});
    expect(list.services.length).toBeGreaterThan(0);
    expect(new Set(list.services.map((s) => s.tenantId))).toEqual(new Set(['acme']));
    await expect(alice.call('topology.infrastructure', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const initech = await byName('Initech offices');
    await expect(alice.call('topology.service', { serviceId: initech.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'not found' });
    const web = list.services.find((s) => s.name === 'Acme secure web')!;
    const snap = await alice.call('topology.service', { serviceId: web.id });
    expect(snap.nodes.every((n) => n.tenantId === 'acme' || n.tenantId === null)).toBe(true);

    const got: TopoDelta[] = [];
    const stops = [
      alice.subscribe('topology.changed', { view: 'service' }, (d) => got.push(d)),
      alice.subscribe('topology.changed', { view: 'infrastructure' }, (d) => got.push(d)),
    ];
    await admin.call('topology.service', { serviceId: initech.id }); // someone watches Initech's chain
    const ir = (await admin.call('services.get', { id: initech.id })).service.chains.find((c) => c.path === 'secondary')!.vnfs[0]!;
    const wr = (await admin.call('services.get', { id: web.id })).service.chains[0]!.vnfs[0]!;
    await admin.call('lab.failVnf', { vnfId: ir.id });
    await admin.call('lab.failVnf', { vnfId: wr.id });
    await expect.poll(() => got.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 400));
    await admin.call('lab.repairVnf', { vnfId: ir.id });
    await admin.call('lab.repairVnf', { vnfId: wr.id });
    for (const s of stops) s();
    expect(got.every((d) => d.view === 'service' && d.serviceId === web.id && d.tenantId === 'acme')).toBe(true);
  });
});

describe('a lab reset', () => {
  it('makes every view resync, and the new lab is what the views show', async () => {
    const w = await new Watcher(admin, 'infrastructure').start();
    const before = [...w.graph.nodes.values()].filter((n) => n.kind === 'vnf').length;
    await admin.call('lab.reset', { wait: true });
    await expect.poll(() => w.deltas.some((d) => d.resync)).toBe(true);
    const after = await admin.call('topology.infrastructure', {});
    expect(after.nodes.filter((n) => n.kind === 'dc')).toHaveLength(2);
    expect(after.nodes.filter((n) => n.kind === 'vnf').length).toBeGreaterThan(0);
    expect(after.nodes.some((n) => w.graph.nodes.get(n.id)?.kind === 'vnf')).toBe(false); // new services, new VNF ids
    expect(before).toBeGreaterThan(0);
    w.close();
  });
});
