// What the operator's screens read beyond the lifecycle itself: the configuration changes
// of an open update (shown as a diff next to the running configurations).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectConsistent, failure, intentOf, labTenant, type LabTenant } from '../../helpers/orch.js';

let { th, admin, tenantId, customer } = {} as LabTenant;

beforeAll(async () => ({ th, admin, tenantId, customer } = await labTenant('Diff Readers')));
afterAll(() => th.close());

describe('services.configs while an update is open', () => {
  it('lists the VNFs the update adds and reconfigures, with masked diffs, until it is rolled back', async () => {
    const { service } = await customer.call('services.order', { intent: intentOf('foundation', { sites: 2 }), wait: true });
    // a new service's events say it was made, not that it came back
    const events = (await customer.call('services.get', { id: service.id })).service.events.map((e) => e.kind);
    expect(events).toContain('created');
    expect(events).not.toContain('path-up');
    const idle = await admin.call('services.configs', { id: service.id });
    expect(idle.pending).toBeNull();
    expect(idle.vnfs.map((v) => v.role)).toEqual(['router']);

    await admin.call('lab.failBoots', { tenantId, role: 'firewall', count: 1 });
    const up = await customer.call('services.update', { id: service.id, intent: intentOf('advanced-ws', { sites: 2 }), wait: true });
    expect(up.operation.state).toBe('FAILED');
    const open = await admin.call('services.configs', { id: service.id });
    expect(open.pending).toMatchObject({ operationId: up.operation.id, state: 'FAILED' });
    const byRole = Object.fromEntries(open.pending!.vnfs.map((v) => [v.role, v]));
    expect(byRole['firewall']?.change).toBe('add');
    expect(byRole['web-security']?.change).toBe('add');
    expect(byRole['firewall']!.lines.every((l) => l.op === '+')).toBe(true);
    // the vRouter stays and is told about the firewall behind it
    expect(byRole['router']?.change).toBe('reconfigure');
    expect(byRole['router']!.lines.some((l) => l.op === '+')).toBe(true);
    expect(byRole['router']!.lines.some((l) => l.op === ' ')).toBe(true);
    // secrets stay masked in the diff
    const text = open.pending!.vnfs.flatMap((v) => v.lines.map((l) => l.text)).join('\n');
    const psk = th.host.caps.orchestrator.repo.service(service.id).psk;
    expect(psk.length).toBeGreaterThan(8);
    expect(text).not.toContain(psk);
    // customers never read configurations
    expect((await failure(customer.call('services.configs', { id: service.id }))).code).toBe('FORBIDDEN');

    await admin.call('operations.rollback', { id: up.operation.id, wait: true });
    expect((await admin.call('services.configs', { id: service.id })).pending).toBeNull();
    await expectConsistent(admin);
  });
});
