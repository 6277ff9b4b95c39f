// A host that stops in the middle of an operation resumes it at the next start; one that
// was asked to cancel rolls back. (Crashes at random points: test/cli/crash.int.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { PodiumApi } from '../../../core/api/client.js';
import { tempDir, type TestHost } from '../../helpers/host.js';
import { adminOf, expectConsistent, intentOf, labHost, tenantWithCustomer, waitOp } from '../../helpers/orch.js';

const dirs: string[] = [];
const hosts: TestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.host.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(dataDir: string): Promise<{ th: TestHost; admin: PodiumApi }> {
  const th = await labHost({ seed: 'infra', extra: { dataDir } });
  hosts.push(th);
  return { th, admin: await adminOf(th) };
}

async function stop(th: TestHost): Promise<void> {
  hosts.splice(hosts.indexOf(th), 1);
  await th.host.close();
}

describe('operations across a restart', () => {
  it('resumes an order whose VNFs were booting when the host stopped', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const a = await open(dir);
    const { customer } = await tenantWithCustomer(a.th, a.admin, 'Restart Co');
    await a.admin.call('lab.failBoots', { slowMs: 700, count: 2 });
    const { operation, service } = await customer.call('services.order', { intent: intentOf('advanced') });
    await expect.poll(async () => (await a.admin.call('operations.get', { id: operation.id })).operation.currentStep).toMatch(/^Wait for/);
    await stop(a.th);
    const b = await open(dir);
    expect(await waitOp(b.admin, operation.id)).toBe('COMPLETED');
    const op = (await b.admin.call('operations.get', { id: operation.id })).operation;
    const events = op.journal.map((j) => j.event);
    expect(events).toContain('resumed after restart');
    expect(events.indexOf('resumed after restart')).toBeLessThan(events.indexOf('completed'));
    // the step that was running was run again — idempotently: one VM per VNF
    expect(op.steps.filter((s) => s.kind === 'vim.wait').every((s) => s.attempts === 2 && s.state === 'DONE')).toBe(true);
    expect((await b.admin.call('services.get', { id: service.id })).service.state).toBe('ACTIVE');
    expect((await b.admin.call('lab.status', {})).vms.total).toBe(2);
    await expectConsistent(b.admin);
  });

  it('rolls back, after the restart, an order whose cancel was asked before the host stopped', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const a = await open(dir);
    const { customer } = await tenantWithCustomer(a.th, a.admin, 'Cancel Co');
    await a.admin.call('lab.failBoots', { slowMs: 60_000, count: 1 });
    const { operation } = await customer.call('services.order', { intent: intentOf('foundation') });
    await expect.poll(async () => (await a.admin.call('operations.get', { id: operation.id })).operation.currentStep).toMatch(/^Wait for/);
    // the cancel is recorded, then the host stops before the runner acts on it
    a.th.host.caps.orchestrator.repo.db.prepare(`UPDATE operations SET cancel_requested = 1 WHERE id = ?`).run(operation.id);
    await stop(a.th);
    const b = await open(dir);
    expect(await waitOp(b.admin, operation.id)).toBe('ROLLED_BACK');
    expect((await b.admin.call('lab.status', {})).vms.total).toBe(0);
    await expectConsistent(b.admin);
  });
});
