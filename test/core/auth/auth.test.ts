import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../core/api/errors.js';
import { typed } from '../../../core/api/client.js';
import { startHost, rawOf, initialAdminPassword, loginAdmin, type TestHost } from '../../helpers/host.js';

let th: TestHost | null = null;
afterEach(async () => {
  await th?.close();
  th = null;
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof ApiError ? e.code : 'THROWN';
  }
}

describe('auth', () => {
  it('creates admin on first start with a password written once to the data directory', async () => {
    th = await startHost();
    expect(th.host.initialAdminPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(initialAdminPassword(th.dataDir)).toBe(th.host.initialAdminPassword);
    await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
    // once changed, the file is gone
    expect(existsSync(join(th.dataDir, 'initial-admin-password'))).toBe(false);
    await th.host.close();
    const again = await startHost({ dataDir: th.dataDir });
    expect(again.host.initialAdminPassword).toBeNull();
    th = again;
  });

  it('backs off after five failed logins in a row, doubling, and a good login resets it', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    th = await startHost({ now: () => now });
    const api = typed(rawOf(th.host.connect('inproc')));
    const pw = initialAdminPassword(th.dataDir);
    for (let i = 0; i < 5; i++) expect(await code(api.call('auth.login', { username: 'admin', password: 'wrong' }))).toBe('UNAUTHENTICATED');
    // locked now, even with the right password
    const locked = await api.call('auth.login', { username: 'admin', password: pw }).catch((e: ApiError) => e);
    expect(locked).toBeInstanceOf(ApiError);
    expect((locked as ApiError).code).toBe('RATE_LIMITED');
    expect((locked as ApiError).details?.['retryAfterS']).toBe(30);
    now += 31_000;
    expect(await code(api.call('auth.login', { username: 'admin', password: 'wrong' }))).toBe('UNAUTHENTICATED');
    const longer = (await api.call('auth.login', { username: 'admin', password: pw }).catch((e: ApiError) => e)) as ApiError;
    expect(longer.details?.['retryAfterS']).toBe(60);
    now += 61_000;
    expect(await code(api.call('auth.login', { username: 'admin', password: pw }))).toBe('ok');
    expect(await code(api.call('auth.login', { username: 'admin', password: 'wrong' }))).toBe('UNAUTHENTICATED');
    expect(await code(api.call('auth.login', { username: 'admin', password: pw }))).toBe('ok');
  });

  it('ends a session after its idle time', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    th = await startHost({ now: () => now });
    const api = await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
    expect(await code(api.call('users.list', {}))).toBe('ok');
    now += 11 * 3600_000; // idle < 12 h: still alive, and the call slides it
    expect(await code(api.call('users.list', {}))).toBe('ok');
    now += 11 * 3600_000;
    expect(await code(api.call('users.list', {}))).toBe('ok');
    now += 13 * 3600_000;
    expect(await code(api.call('users.list', {}))).toBe('UNAUTHENTICATED');
  });

  it('keeps at least one active admin, and an admin cannot disable themself', async () => {
    th = await startHost();
    const api = await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
    const me = (await api.call('auth.whoami', {})).user;
    expect(await code(api.call('users.update', { id: me.id, role: 'operator' }))).toBe('CONFLICT');
    const { user: second } = await api.call('users.create', { username: 'second', role: 'admin' });
    expect(await code(api.call('users.update', { id: me.id, disabled: true }))).toBe('CONFLICT');
    expect(await code(api.call('users.update', { id: second.id, disabled: true }))).toBe('ok');
  });

  it('requires a tenant for customers, and only for customers', async () => {
    th = await startHost();
    const api = await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
    expect(await code(api.call('users.create', { username: 'cust', role: 'customer' }))).toBe('BAD_INPUT');
    expect(await code(api.call('users.create', { username: 'cust', role: 'customer', tenantId: 'nope' }))).toBe('BAD_INPUT');
    expect(await code(api.call('users.create', { username: 'op', role: 'operator', tenantId: 'acme' }))).toBe('BAD_INPUT');
    th.host.auth.setTenantDirectory({ exists: (id) => id === 'acme' });
    const { user } = await api.call('users.create', { username: 'cust', role: 'customer', tenantId: 'acme' });
    expect(user.tenantId).toBe('acme');
  });

  it('resets a password: the user must change it, and old sessions end', async () => {
    th = await startHost();
    const admin = await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
    const { user } = await admin.call('users.create', { username: 'ops', role: 'operator', password: 'first-password-1' });
    const ops = typed(rawOf(th.host.connect('inproc')));
    await ops.call('auth.login', { username: 'ops', password: 'first-password-1' });
    await ops.call('auth.changePassword', { currentPassword: 'first-password-1', newPassword: 'second-password-2' });
    const reset = await admin.call('users.resetPassword', { id: user.id });
    expect(reset.user.mustChangePassword).toBe(true);
    expect(await code(ops.call('auth.whoami', {}))).toBe('UNAUTHENTICATED');
    const again = typed(rawOf(th.host.connect('inproc')));
    const s = await again.call('auth.login', { username: 'ops', password: reset.temporaryPassword });
    expect(s.user.mustChangePassword).toBe(true);
  });
});
