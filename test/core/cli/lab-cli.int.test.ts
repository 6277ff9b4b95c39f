// The `podium` command with the orchestration core: the lab on by default and off with
// --no-lab, `podium lab …`, and `podium call` for orders — in process and over --url.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_PASSWORD, tempDir } from '../../helpers/host.js';
import { adminClient, ROOT, serve } from '../../helpers/child.js';

const ENV = { PODIUM_LAB_BOOT_MS: '0', PODIUM_KEEPALIVE_MS: '50' };
const dirs: string[] = [];

function podium(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'podium.js'), ...args], { cwd: ROOT, env: { ...process.env, PODIUM_LOG: 'error', ...ENV, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const intent = { packageId: 'advanced', company: { sites: 1, usersPerSite: 10, bandwidthMbps: 50 }, sites: [{ name: 'HQ', cpeModelId: 'isr4221', address: { line1: '1 Main St', city: 'Bonn', postalCode: '53111', country: 'DE' } }] };

describe('podium lab and podium call (in process)', () => {
  it('builds the lab, answers field errors with exit 1, orders and waits', () => {
    const d = tempDir();
    dirs.push(d);
    const reset = podium(['lab', 'reset', '--data', d]);
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.out)).toMatchObject({ dataCentres: 2, pods: 3, services: 7 });
    const st = JSON.parse(podium(['lab', 'status', '--data', d]).out) as { seeded: boolean; vms: { total: number } };
    expect(st).toMatchObject({ seeded: true });
    expect(st.vms.total).toBeGreaterThan(10);
    const bad = podium(['call', '--data', d, 'services.plan', JSON.stringify({ tenantId: 'acme', intent: { packageId: 'gold', company: { sites: 0, usersPerSite: 1e9, bandwidthMbps: 70 } } })]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('error BAD_INPUT');
    expect(bad.err).toContain('"path": "intent.company.usersPerSite"');
    const full = podium(['call', '--data', d, 'services.order', JSON.stringify({ tenantId: 'acme', intent: { ...intent, company: { ...intent.company, sites: 1 } }, wait: true })]);
    expect(full.code).toBe(0);
    expect(JSON.parse(full.out)).toMatchObject({ service: { state: 'ACTIVE', health: 'OK' }, operation: { state: 'COMPLETED' } });
    const usage = podium(['lab', 'drill', 'esc', '--data', d]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('name the PoD');
  });
});

describe('podium serve and podium call --url', () => {
  it('runs the lab unless --no-lab, and takes orders over the WebSocket', async () => {
    const d = tempDir();
    dirs.push(d);
    const srv = await serve(d, { ...ENV, PODIUM_LAB_SEED: 'infra' });
    try {
      expect(srv.output()).toContain('lab    on');
      (await adminClient(srv)).close();
      const auth = ['--url', srv.url, '--user', 'admin', '--password', ADMIN_PASSWORD];
      expect(podium(['call', ...auth, 'tenants.create', '{"id":"cli","name":"CLI Corp"}']).code).toBe(0);
      const order = podium(['call', ...auth, 'services.order', JSON.stringify({ tenantId: 'cli', intent, wait: true })]);
      expect(order.code).toBe(0);
      const svc = JSON.parse(order.out) as { service: { id: string; state: string; chains: { vnfs: { id: string; role: string }[] }[] } };
      expect(svc.service.state).toBe('ACTIVE');
      const router = svc.service.chains[0]!.vnfs.find((v) => v.role === 'router')!;
      expect(podium(['lab', 'fail-vnf', router.id, 'pulled the plug', ...auth]).code).toBe(0);
      const got = JSON.parse(podium(['call', ...auth, 'services.get', JSON.stringify({ id: svc.service.id })]).out) as { service: { health: string } };
      expect(got.service.health).toBe('DOWN');
      // the PoDs' IPsec enforcers: listed, failed and repaired from the command line
      const enfs = JSON.parse(podium(['lab', 'enforcers', ...auth]).out) as { enforcers: { id: string; state: string }[] };
      expect(enfs.enforcers).toHaveLength(3);
      const enf = enfs.enforcers[0]!;
      const failed = JSON.parse(podium(['lab', 'fail-enforcer', enf.id, 'pulled the plug', ...auth]).out) as { enforcer: { state: string; fault: string } };
      expect(failed.enforcer).toMatchObject({ state: 'ERROR', fault: 'lab: pulled the plug' });
      expect(JSON.parse(podium(['lab', 'repair-enforcer', enf.id, ...auth]).out)).toMatchObject({ enforcer: { state: 'ACTIVE' } });
      // the data directory is in use: in-process calls are told to go through the running shell
      const busy = podium(['call', '--data', d, 'lab.status']);
      expect(busy.code).toBe(2);
      expect(busy.err).toContain('pass --user and --password');
    } finally {
      const code = await srv.term();
      expect(code, srv.output()).toBe(0);
    }
    const off = await serve(d, ENV, ['--no-lab']);
    try {
      expect(off.output()).toContain('lab    off');
      const r = podium(['call', '--url', off.url, '--user', 'admin', '--password', ADMIN_PASSWORD, 'lab.status']);
      expect(JSON.parse(r.out)).toMatchObject({ enabled: false });
      const pods = JSON.parse(podium(['call', '--url', off.url, '--user', 'admin', '--password', ADMIN_PASSWORD, 'pods.list']).out) as { pods: { vim: { available: boolean } }[] };
      expect(pods.pods.every((p) => p.vim.available === false)).toBe(true);
      const e = podium(['call', '--url', off.url, '--user', 'admin', '--password', ADMIN_PASSWORD, 'services.plan', JSON.stringify({ tenantId: 'cli', intent })]);
      expect(JSON.parse(e.out)).toMatchObject({ placement: { ok: false, shortage: { resource: 'pods' } } });
    } finally {
      const code2 = await off.term();
      expect(code2, off.output()).toBe(0);
    }
  });
});
