// The RBAC matrix: every command × every role is allowed or refused exactly as the
// contract declares. Each call sends an input that fails every schema (a number), so an
// allowed call stops at BAD_INPUT and nothing is changed; a refused one is FORBIDDEN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, rolesFor } from '../../../core/api/contract.js';
import type { CommandSpec } from '../../../core/api/define.js';
import { ROLES } from '../../../core/api/define.js';
import type { PodiumApi, RawPodium } from '../../../core/api/client.js';
import { startHost, loginAdmin, userApi, rawOf, type TestHost } from '../../helpers/host.js';

let th: TestHost;
const raws = new Map<string, RawPodium>();

beforeAll(async () => {
  th = await startHost();
  th.host.auth.setTenantDirectory({ exists: (id) => id === 't-rbac' });
  const adminRaw = rawOf(th.host.connect('inproc'));
  const admin: PodiumApi = await loginAdmin(adminRaw, th.dataDir);
  raws.set('admin', adminRaw);
  for (const role of ['operator', 'customer'] as const) {
    const raw = rawOf(th.host.connect('inproc'));
    await userApi(admin, raw, role === 'customer' ? { username: 'rbac-customer', role, tenantId: 't-rbac' } : { username: 'rbac-operator', role });
    raws.set(role, raw);
  }
});
afterAll(() => th.close());

const commands = Object.entries(contract.commands as Record<string, CommandSpec>);

describe('RBAC matrix', () => {
  it('covers every command', () => {
    expect(commands.length).toBeGreaterThan(5);
  });
  for (const [name, spec] of commands) {
    for (const role of ROLES) {
      const allowed = rolesFor(spec.permission).includes(role);
      it(`${name} × ${role}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const r = await raws.get(role)!.call(name, 42);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        if (allowed) expect(r.error.code).toBe('BAD_INPUT');
        else expect(r.error.code).toBe('FORBIDDEN');
      });
    }
  }
  it('refuses every non-public command without a session', async () => {
    const anon = rawOf(th.host.connect('inproc'));
    for (const [name, spec] of commands) {
      const r = await anon.call(name, 42);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error.code, name).toBe(spec.permission === 'public' ? 'BAD_INPUT' : 'UNAUTHENTICATED');
    }
  });
});
