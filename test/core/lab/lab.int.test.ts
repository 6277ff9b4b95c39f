// The embedded lab at first start: two data centres, three PoDs of different models, a few
// tenants with services in different states; its users; reset; and the identities of
// every node and function.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PodiumApi } from '../../../core/api/client.js';
import { typed } from '../../../core/api/client.js';
import { rawOf, type TestHost } from '../../helpers/host.js';
import { adminOf, expectConsistent, labHost } from '../../helpers/orch.js';

let th: TestHost;
let admin: PodiumApi;

const states = async () =>
  Object.fromEntries((await admin.call('services.list', { includeDeleted: true })).services.map((s) => [s.name, `${s.state}/${s.health}/${s.activePath ?? '-'}`]));

const EXPECTED = {
  'Acme site-to-site': 'ACTIVE/OK/primary',
  'Acme secure web': 'ACTIVE/OK/primary',
  'Acme pilot (retired)': 'DELETED/UNKNOWN/-',
  'Globex internet edge': 'ACTIVE/OK/primary',
  'Globex branches': 'FAILED/DEGRADED/primary',
  'Initech offices': 'ACTIVE/DEGRADED/secondary',
  'Initech lab link': 'PROVISIONING/UNKNOWN/-',
};

beforeAll(async () => {
  th = await labHost({ seed: 'full' });
  admin = await adminOf(th);
});
afterAll(() => th.close());

describe('the embedded lab', () => {
  it('builds two data centres and three PoDs of different models', async () => {
    const { dataCentres, pods } = await admin.call('pods.list', {});
    expect(dataCentres.map((d) => [d.name, d.pods])).toEqual([
      ['DC-1 Frankfurt', 2],
      ['DC-2 Amsterdam', 1],
    ]);
    expect(pods.map((p) => [p.name, p.model, p.servers.production, p.servers.control, p.servers.storage, p.vim.driver, p.vim.available])).toEqual([
      ['ams-pod-1', 'large', 16, 3, 3, 'lab', true],
      ['fra-pod-1', 'medium', 8, 3, 3, 'lab', true],
      ['fra-pod-2', 'small', 4, 3, 3, 'lab', true],
    ]);
    expect(pods.every((p) => p.esc?.healthy && p.dm?.healthy)).toBe(true);
  });

  it('has tenants with services in different states, so every screen shows something true', async () => {
    await expect.poll(states, { timeout: 15_000 }).toEqual(EXPECTED);
    const { tenants } = await admin.call('tenants.list', {});
    expect(tenants.filter((t) => t.lab).map((t) => t.id)).toEqual(['acme', 'globex', 'initech']);
    const failed = (await admin.call('services.list', { state: 'FAILED' })).services[0]!;
    expect(failed.operation?.error?.message).toMatch(/boot failed/);
    const degraded = (await admin.call('services.list', { health: 'DEGRADED', tenantId: 'initech' })).services[0]!;
    expect(degraded.redundant).toBe(true);
    await expectConsistent(admin);
  });

  it('creates an operator and a customer per tenant, their first passwords in a file only the owner reads', async () => {
    await expect.poll(() => { try { return readFileSync(join(th.dataDir, 'lab-users.txt'), 'utf8'); } catch { return ''; } }).toMatch(/peter\.initech/);
    expect(statSync(join(th.dataDir, 'lab-users.txt')).mode & 0o777).toBe(0o600);
    const lines = readFileSync(join(th.dataDir, 'lab-users.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines.map((l) => l.split('\t').slice(0, 3).join(' '))).toEqual(['alice.acme customer acme', 'hank.globex customer globex', 'noc operator -', 'peter.initech customer initech']);
    const alice = lines[0]!.split('\t');
    const api = typed(rawOf(th.host.connect('inproc')));
    const s = await api.call('auth.login', { username: alice[0]!, password: alice[3]! });
    expect(s.user).toMatchObject({ role: 'customer', tenantId: 'acme', mustChangePassword: true });
  });

  it('gives every server, VNF and platform node a Node ID, and every function a Function ID — 32-bit, unique', async () => {
    const { nodes } = await admin.call('nodes.list', {});
    const ids = nodes.map((n) => n.nodeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id > 0 && id <= 0xffff_ffff)).toBe(true);
    const kinds = Object.fromEntries(['server', 'vnf', 'platform'].map((k) => [k, nodes.filter((n) => n.kind === k).length]));
    expect(kinds['server']).toBe(28 + 3 * 6);
    expect(kinds['platform']).toBe(2 + 3 + 3 * 4); // SM pair; per PoD itself, its ESC pair and its DM pair
    const server = nodes.find((n) => n.kind === 'server')!;
    expect(server.info).toMatchObject({ processingGhz: 120, memoryBytes: 256 * 1024 ** 3, storageBytes: 3600 * 1024 ** 3 });
    const fw = nodes.find((n) => n.kind === 'vnf' && n.name.includes('-fw-'))!;
    expect(fw.functions.map((f) => f.name)).toEqual(expect.arrayContaining(['Firewall', 'NAT']));
    const fids = nodes.flatMap((n) => n.functions.map((f) => f.functionId));
    expect(new Set(fids).size).toBe(fids.length);
    const booting = (await admin.call('services.list', { state: 'PROVISIONING' })).services[0]!;
    const vnf = (await admin.call('services.get', { id: booting.id })).service.chains[0]!.vnfs[0]!;
    expect(vnf.functions.every((f) => f.status === 'Starting')).toBe(true);
    expect(nodes.find((n) => n.nodeId === vnf.nodeId)?.functions[0]?.status).toBe('Starting');
  });

  it('shows the lab VIM: VMs by PoD and state, armed faults, and VMs and VNFs agreeing', async () => {
    const st = await admin.call('lab.status', {});
    expect(st.seeded).toBe(true);
    expect(st.vms.byStatus).toMatchObject({ BUILD: 1, ERROR: 2 });
    expect(st.byPod.reduce((n, p) => n + p.vms, 0)).toBe(st.vms.total);
    // the VIM's own capacity report agrees with the orchestrator's accounting
    const { pods } = await admin.call('pods.list', {});
    for (const p of pods) {
      const hv = st.byPod.find((b) => b.podId === p.id)!.hypervisors;
      expect([hv.count, hv.vcpus, hv.vcpusUsed]).toEqual([p.servers.production, p.vcpu.total - p.vcpu.reserved, p.vcpu.used]);
    }
    expect(st.consistency).toEqual({ vmsWithoutVnf: [], vnfsWithoutVm: [] });
    const hv = await admin.call('lab.vms', {});
    expect(hv.vms.length).toBe(st.vms.total);
  });

  it('rebuilds itself on reset: the same lab, fresh services, the tenants and users kept', async () => {
    const before = (await admin.call('services.list', { includeDeleted: true })).services.map((s) => s.id);
    const r = await admin.call('lab.reset', {});
    expect(r).toEqual({ dataCentres: 2, pods: 3, services: 7, usersCreated: [] });
    await expect.poll(states, { timeout: 15_000 }).toEqual(EXPECTED);
    const after = (await admin.call('services.list', { includeDeleted: true })).services.map((s) => s.id);
    expect(after.some((id) => before.includes(id))).toBe(false);
    expect((await admin.call('tenants.list', {})).tenants.map((t) => t.id)).toEqual(['acme', 'globex', 'initech']);
    await expectConsistent(admin);
    const infraOnly = await admin.call('lab.reset', { seed: 'infra' });
    expect(infraOnly.services).toBe(0);
    expect((await admin.call('services.list', {})).total).toBe(0);
    expect((await admin.call('lab.status', {})).vms.total).toBe(0);
    await expectConsistent(admin);
  });
});
