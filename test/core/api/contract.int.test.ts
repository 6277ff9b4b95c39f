// The contract suite: the same assertions over every transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typed } from '../../../core/api/client.js';
import { startHost, loginAdmin, userApi, initialAdminPassword, ADMIN_PASSWORD, type TestHost } from '../../helpers/host.js';
import { inProcess, overWebSocket, type Transport } from '../../helpers/transports.js';
import { failure } from '../../helpers/orch.js';

describe.each([
  ['in-process', (h: TestHost) => Promise.resolve(inProcess(h.host))],
  ['websocket', (h: TestHost) => overWebSocket(h.host)],
] as const)('contract over %s', (_name, makeTransport) => {
  let th: TestHost;
  let t: Transport;

  beforeAll(async () => {
    th = await startHost();
    t = await makeTransport(th);
  });
  afterAll(async () => {
    await t.close();
    await th.close();
  });

  it('answers system.info without a session', async () => {
    const info = await typed(t.open()).call('system.info', {});
    expect(info.product).toBe('Podium');
    expect(info.schemaVersion).toBe(th.host.schemaVersion);
  });

  it('refuses commands before login, with UNAUTHENTICATED', async () => {
    const e = await failure(typed(t.open()).call('users.list', { includeDisabled: true }));
    expect(e.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const e = await failure(typed(t.open()).call('auth.login', { username: 'admin', password: 'nope' }));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toBe('wrong username or password');
  });

  it('makes the first login change the password before anything else', async () => {
    const api = typed(t.open());
    const first = initialAdminPassword(th.dataDir);
    const s = await api.call('auth.login', { username: 'admin', password: first });
    expect(s.user.mustChangePassword).toBe(true);
    const e = await failure(api.call('users.list', {}));
    expect(e.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // whoami still works during the change
    expect((await api.call('auth.whoami', {})).user.username).toBe('admin');
    const short = await failure(api.call('auth.changePassword', { currentPassword: first, newPassword: 'short' }));
    expect(short.code).toBe('BAD_INPUT');
    expect(short.issues[0]?.path).toBe('newPassword');
    const changed = await api.call('auth.changePassword', { currentPassword: first, newPassword: ADMIN_PASSWORD });
    expect(changed.user.mustChangePassword).toBe(false);
    const users = await api.call('users.list', {});
    expect(users.users.map((u) => u.username)).toContain('admin');
  });

  it('gives field-level errors for input that fails its schema', async () => {
    const admin = await loginAdmin(t.open(), th.dataDir);
    const e = await failure(admin.call('users.create', { username: 'X!', role: 'boss' as never }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.issues.map((i) => i.path).sort()).toEqual(['role', 'username']);
  });

  it('answers an unknown command with UNKNOWN_COMMAND', async () => {
    const r = await t.open().call('no.such.command', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });

  it('creates an operator who cannot run admin commands', async () => {
    const admin = await loginAdmin(t.open(), th.dataDir);
    const op = await userApi(admin, t.open(), { username: `op-${t.name}`, role: 'operator' });
    const e = await failure(op.call('users.create', { username: 'sneaky', role: 'admin' }));
    expect(e.code).toBe('FORBIDDEN');
    const who = await op.call('auth.whoami', {});
    expect(who.user.role).toBe('operator');
    expect(who.permissions).not.toContain('users.manage');
  });

  it('writes an audit record for each state-changing call, refused ones too', async () => {
    const admin = await loginAdmin(t.open(), th.dataDir);
    const name = `audited-${t.name}`;
    const { user } = await admin.call('users.create', { username: name, role: 'operator', password: 'a-long-password-1' });
    await failure(admin.call('users.create', { username: name, role: 'operator' }));
    const log = await admin.call('audit.list', { command: 'users.create', limit: 10 });
    const mine = log.records.filter((r) => r.target === `user:${name}`);
    expect(mine.map((r) => r.result)).toEqual(['error', 'ok']);
    expect(mine[0]?.errorCode).toBe('CONFLICT');
    expect(mine[1]?.actor).toBe('admin');
    // secrets never reach the log
    expect(mine[1]?.input).not.toContain('a-long-password-1');
    expect(mine[1]?.input).toContain('"password":"***"');
    expect(user.mustChangePassword).toBe(true);
  });

  it('pushes topic events to subscribers with the permission', async () => {
    const admin = await loginAdmin(t.open(), th.dataDir);
    const seen: string[] = [];
    const stop = admin.subscribe('audit.appended', {}, (rec) => seen.push(rec.command));
    await new Promise((r) => setTimeout(r, 100));
    await admin.call('users.create', { username: `evt-${t.name}`, role: 'operator' });
    await expect.poll(() => seen).toContain('users.create');
    stop();
  });

  it('ends every session of a disabled user', async () => {
    const admin = await loginAdmin(t.open(), th.dataDir);
    const op = await userApi(admin, t.open(), { username: `gone-${t.name}`, role: 'operator' });
    const who = await op.call('auth.whoami', {});
    await admin.call('users.update', { id: who.user.id, disabled: true });
    const e = await failure(op.call('auth.whoami', {}));
    expect(e.code).toBe('UNAUTHENTICATED');
  });

  it('resumes a session on a new connection with its token, and not after logout', async () => {
    const first = typed(t.open());
    await loginAdmin(t.open(), th.dataDir); // make sure the admin password is set
    const s = await first.call('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
    const second = typed(t.open());
    const resumed = await second.call('auth.resume', { sessionToken: s.sessionToken });
    expect(resumed.user.username).toBe('admin');
    await first.call('auth.logout', {});
    const e = await failure(typed(t.open()).call('auth.resume', { sessionToken: s.sessionToken }));
    expect(e.code).toBe('UNAUTHENTICATED');
  });
});
