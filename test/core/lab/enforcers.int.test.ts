// The lab's SecMon IPsec enforcers on a real host with the lab (boot delays 0): one per
// PoD, each with a Node ID, an address on its PoD's management network, registered with
// its data centre's IPsec EMS; one security association per live service chain of its PoD
// to the analyser. They are in the infrastructure view under their PoD and are console
// profiles; a console opened through the contract — a real program in a real pty — prints
// the lab's truth. Failing one changes its topology node (live) and its console's answer;
// repairing it brings both back; a lab reset makes new ones (the old Node IDs retired);
// a restart keeps them, with their Node IDs and a fault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import type { ServiceView } from '../../../core/orchestrator/contract.js';
import type { TopoDelta } from '../../../core/topology/contract.js';
import type { TestHost } from '../../helpers/host.js';
import { rmSync } from 'node:fs';
import { tempDir } from '../../helpers/host.js';
import { adminOf, intentOf, labHost, tenantWithCustomer } from '../../helpers/orch.js';
import { readSession } from '../terminals/helpers.js';

let th: TestHost;
let admin: PodiumApi;
let web: ServiceView;

beforeAll(async () => {
  th = await labHost({ seed: 'infra' });
  admin = await adminOf(th);
  const { customer } = await tenantWithCustomer(th, admin, 'Umbrella');
  web = (
    await customer.call('services.order', {
      intent: { ...intentOf('advanced-ws', { sites: 2, usersPerSite: 30, automatedRecovery: true }), name: 'Umbrella web' },
      wait: true,
    })
  ).service;
  expect(web.state).toBe('ACTIVE');
});
afterAll(() => th?.close());

const enforcers = async () => (await admin.call('lab.enforcers', {})).enforcers;
const infraNode = async (id: string) => (await admin.call('topology.infrastructure', {})).nodes.find((n) => n.id === id);

describe('the lab’s SecMon IPsec enforcers', () => {
  it('gives each PoD one enforcer with a Node ID, on its management network, registered with its data centre’s EMS', async () => {
    const list = await enforcers();
    const { pods } = await admin.call('pods.list', {});
    expect(list.map((e) => e.name).sort()).toEqual(pods.map((p) => `${p.name}-enf-1`).sort());
    const { nodes } = await admin.call('nodes.list', { kind: 'enforcer' });
    expect(nodes.map((n) => [n.nodeId, n.subjectId, n.name]).sort()).toEqual(list.map((e) => [e.nodeId, e.id, e.name]).sort());
    for (const e of list) {
      const pod = pods.find((p) => p.id === e.podId)!;
      expect(e).toMatchObject({ state: 'ACTIVE', fault: null, ems: { registered: true } });
      expect(e.address).toMatch(/^172\.24\.\d+\.10$/);
      expect(e.ems.lastFetch).not.toBeNull();
      // The EMS and analyser of the data centre: the same for every PoD of it.
      const sameDc = list.filter((x) => pods.find((p) => p.id === x.podId)!.dcId === pod.dcId);
      expect(new Set(sameDc.map((x) => x.ems.url)).size).toBe(1);
      expect(new Set(sameDc.map((x) => x.analyser)).size).toBe(1);
    }
    expect(new Set(list.map((e) => e.address)).size).toBe(list.length);
  });

  it('holds one SA per live service chain of its PoD, from the chain’s vRouter to the analyser', async () => {
    const list = await enforcers();
    for (const c of web.chains) {
      const vr = c.vnfs.find((v) => v.role === 'router')!;
      const e = list.find((x) => x.podId === c.podId)!;
      expect(e.connections).toContainEqual({
        name: `secmon-${vr.hostname}`,
        serviceId: web.id,
        path: c.path,
        local: vr.interfaces.find((i) => i.network === 'mgmt')!.ip,
        remote: e.analyser,
        established: true,
      });
    }
    // A PoD with no chain has an enforcer with no SAs.
    const used = new Set(web.chains.map((c) => c.podId));
    for (const e of list.filter((x) => !used.has(x.podId))) expect(e.connections).toEqual([]);
  });

  it('shows each enforcer in the infrastructure view under its PoD, and as a console profile', async () => {
    for (const e of await enforcers()) {
      expect(await infraNode(`enf:${e.id}`)).toMatchObject({
        kind: 'enforcer',
        ref: e.id,
        label: e.name,
        parent: `pod:${e.podId}`,
        state: 'ACTIVE',
        addresses: [e.address],
      });
      const details = await admin.call('topology.details', { view: 'infrastructure', nodeId: `enf:${e.id}` });
      expect(details.properties).toContainEqual({ label: 'Node ID', value: String(e.nodeId) });
      const cfg = (await admin.call('topology.configuration', { view: 'infrastructure', nodeId: `enf:${e.id}` })).configuration;
      const text = cfg.available ? cfg.data.text : '';
      expect(text).toContain(`written from the IPsec EMS (${e.ems.url})`);
      for (const c of e.connections) expect(text).toContain(`${c.name} {\n    version = 2\n    local_addrs = ${e.address}\n    remote_addrs = ${e.analyser}`);
    }
    const { profiles } = await admin.call('terminals.profiles.list', {});
    const consoles = profiles.filter((p) => p.kind === 'console' && p.consoleKind === 'enforcer');
    expect(consoles.map((p) => p.id).sort()).toEqual((await enforcers()).map((e) => `console:${e.id}`).sort());
    expect(consoles[0]).toMatchObject({ tenantId: null, state: 'ACTIVE', builtIn: true });
  });

  it('opens an enforcer’s console in a pty: enforcer status and swanctl --list-sas print the lab’s state; failing and repairing it shows', async () => {
    const chain = web.chains.find((c) => c.path === 'primary')!;
    const vr = chain.vnfs.find((v) => v.role === 'router')!;
    const e = (await enforcers()).find((x) => x.podId === chain.podId)!;
    const nodeStates: string[] = [];
    const stop = admin.subscribe('topology.changed', { view: 'infrastructure' }, (d: TopoDelta) => {
      for (const c of d.changes) {
        if (c.op === 'upsert' && c.node.id === `enf:${e.id}`) nodeStates.push(c.node.state);
        if (c.op === 'patch' && c.patch.id === `enf:${e.id}` && c.patch.state) nodeStates.push(c.patch.state);
      }
    });
    await admin.call('topology.infrastructure', {});

    const { session } = await admin.call('terminals.openConsole', { targetId: e.id, cols: 140, rows: 50 });
    const r = await readSession(admin, session.id);
    const type = (line: string) => admin.call('terminals.write', { sessionId: session.id, data: `${line}\r` });
    const prompt = new RegExp(`root@${e.name}:~# $`);
    await r.waitFor(prompt);
    await type('enforcer status');
    let out = await r.waitFor(/^Connections: .*established\r?$/m);
    expect(out).toContain(`IPsec EMS:        ${e.ems.url}`);
    expect(out).toMatch(/^Registered: {7}yes\r?$/m);
    expect(out).toContain(`Connections:      ${e.connections.length} from the EMS, ${e.connections.length} established`);
    await type('swanctl --list-sas');
    out = await r.waitFor(new RegExp(`^secmon-${vr.hostname}: #\\d+, ESTABLISHED, IKEv2\\r?$`, 'm'));
    expect(out).toContain(`remote '${e.analyser}' @ ${e.analyser}[4500]`);
    await r.waitFor(new RegExp(`remote ${e.analyser.replace(/\./g, '\\.')}/32`));

    // Fail it: ERROR in the topology (live), deregistered, no SAs; its console does not answer.
    const failed = (await admin.call('lab.failEnforcer', { enforcerId: e.id, reason: 'power lost' })).enforcer;
    expect(failed).toMatchObject({ state: 'ERROR', fault: 'lab: power lost', ems: { registered: false, lastFetch: null }, connections: [] });
    await expect.poll(() => nodeStates.at(-1)).toBe('ERROR');
    expect(await infraNode(`enf:${e.id}`)).toMatchObject({ state: 'ERROR', badges: ['fault'] });
    await type('enforcer status');
    await r.waitFor(new RegExp(`${e.name} is not responding: the enforcer is in ERROR \\(lab: power lost\\)`));
    const { profiles } = await admin.call('terminals.profiles.list', {});
    expect(profiles.find((p) => p.id === `console:${e.id}`)).toMatchObject({ state: 'ERROR' });
    const audit = await admin.call('audit.list', { command: 'lab.failEnforcer', limit: 5 });
    expect(audit.records[0]).toMatchObject({ target: `enforcer:${e.id}` });

    // Repair it: it registers again, its SAs are back, its console answers.
    const repaired = (await admin.call('lab.repairEnforcer', { enforcerId: e.id })).enforcer;
    expect(repaired).toMatchObject({ state: 'ACTIVE', fault: null, ems: { registered: true } });
    expect(repaired.connections.every((c) => c.established)).toBe(true);
    await expect.poll(() => nodeStates.at(-1)).toBe('ACTIVE');
    const before = r.text().length;
    await type('swanctl --list-sas');
    await expect.poll(() => r.text().slice(before)).toMatch(new RegExp(`secmon-${vr.hostname}: #\\d+, ESTABLISHED`));
    await expect(admin.call('lab.repairEnforcer', { enforcerId: e.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    stop();
    await admin.call('terminals.close', { sessionId: session.id });
    r.stop();
  });

  it('a failed vRouter’s SA goes down on its enforcer', async () => {
    const chain = web.chains.find((c) => c.path === 'secondary')!;
    const vr = chain.vnfs.find((v) => v.role === 'router')!;
    await admin.call('lab.failVnf', { vnfId: vr.id });
    const e = (await enforcers()).find((x) => x.podId === chain.podId)!;
    expect(e.connections.find((c) => c.name === `secmon-${vr.hostname}`)).toMatchObject({ established: false });
    const s = th.host.caps.terminals.consoles.snapshot(e.id)!;
    expect(s.crypto.find((c) => c.name === `secmon-${vr.hostname}`)).toMatchObject({ status: 'DOWN-NEGOTIATING' });
    await admin.call('lab.repairVnf', { vnfId: vr.id });
    expect((await enforcers()).find((x) => x.podId === chain.podId)!.connections.every((c) => c.established)).toBe(true);
  });

  it('a lab reset makes new enforcers; the old Node IDs are retired, never reused', async () => {
    const old = await enforcers();
    await admin.call('lab.reset', { seed: 'infra' });
    const now = await enforcers();
    expect(now).toHaveLength(3);
    const oldIds = new Set(old.map((e) => e.nodeId));
    expect(now.every((e) => !oldIds.has(e.nodeId))).toBe(true);
    const { nodes } = await admin.call('nodes.list', { kind: 'enforcer', includeRetired: true });
    expect(
      nodes
        .filter((n) => n.retired)
        .map((n) => n.nodeId)
        .sort(),
    ).toEqual([...oldIds].sort());
    await expect.poll(async () => (await infraNode(`enf:${now[0]!.id}`))?.state).toBe('ACTIVE');
  });

  it('keeps its enforcers, their Node IDs and a fault across a restart', async () => {
    const dir = tempDir();
    try {
      const first = await labHost({ extra: { dataDir: dir } });
      const a1 = await adminOf(first);
      const before = (await a1.call('lab.enforcers', {})).enforcers;
      const failed = before[0]!;
      await a1.call('lab.failEnforcer', { enforcerId: failed.id, reason: 'power supply' });
      await first.close();

      const second = await labHost({ extra: { dataDir: dir } });
      try {
        const after = (await (await adminOf(second)).call('lab.enforcers', {})).enforcers;
        expect(after.map((e) => [e.id, e.nodeId, e.address]).sort()).toEqual(before.map((e) => [e.id, e.nodeId, e.address]).sort());
        expect(after.find((e) => e.id === failed.id)).toMatchObject({ state: 'ERROR', ems: { registered: false } });
        expect(after.filter((e) => e.id !== failed.id).every((e) => e.state === 'ACTIVE' && e.ems.registered)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
