// Connection profiles and sessions as users meet them: secrets never come back out (list,
// export, audit log, the database file), bad profiles fail in words, and sessions belong to
// the user who opened them.
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import { startHost, loginAdmin, rawOf, userApi, type TestHost } from '../../helpers/host.js';
import { readSession, sessionMembers, until } from './helpers.js';

const KEY_BODY = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBT3stK3yTeStKeYb0dy';
const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;

let th: TestHost;
let admin: PodiumApi;
let nina: PodiumApi;
let silent: Server;
let silentPort = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  th = await startHost();
  admin = await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
  nina = await userApi(admin, rawOf(th.host.connect('inproc')), { username: 'nina', role: 'operator' });
  // A TCP server on loopback that accepts and never speaks: ssh waits there.
  silent = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  silent.close();
  await th.close();
});

describe('connection profiles', () => {
  let sshId = '';

  it('stores an SSH profile with a pasted key that never comes back out', async () => {
    const { profile } = await admin.call('terminals.profiles.create', {
      kind: 'ssh',
      name: 'lab jump host',
      host: '127.0.0.1',
      port: silentPort,
      user: 'noc',
      privateKey: PRIVATE_KEY,
    });
    sshId = profile.id;
    expect(profile).toMatchObject({ kind: 'ssh', target: `noc@127.0.0.1:${silentPort}`, hasPrivateKey: true });
    const listed = JSON.stringify(await nina.call('terminals.profiles.list', {}));
    const exported = await admin.call('terminals.profiles.export', {});
    expect(exported.profiles.map((p) => p.id)).toContain(sshId);
    for (const text of [JSON.stringify(profile), listed, JSON.stringify(exported)]) expect(text).not.toContain(KEY_BODY);
    const audit = await admin.call('audit.list', { command: 'terminals.profiles.create' });
    expect(audit.records[0]!.input).toContain('"privateKey":"***"');
    expect(JSON.stringify(audit)).not.toContain(KEY_BODY);
    th.host.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(`${th.dataDir}/podium.db`);
    expect(file.includes(Buffer.from(KEY_BODY))).toBe(false);
    expect(file.includes(Buffer.from('lab jump host'))).toBe(true);
  });

  it('keeps the key on an edit that does not mention it, and removes it on null', async () => {
    const kept = await admin.call('terminals.profiles.update', {
      id: sshId,
      profile: { kind: 'ssh', name: 'lab jump host', host: '127.0.0.1', port: silentPort, user: 'ops' },
    });
    expect(kept.profile).toMatchObject({ user: 'ops', hasPrivateKey: true });
    const removed = await admin.call('terminals.profiles.update', {
      id: sshId,
      profile: { kind: 'ssh', name: 'lab jump host', host: '127.0.0.1', port: silentPort, privateKey: null },
    });
    expect(removed.profile).toMatchObject({ hasPrivateKey: false, user: null });
    await admin.call('terminals.profiles.update', {
      id: sshId,
      profile: { kind: 'ssh', name: 'lab jump host', host: '127.0.0.1', port: silentPort, user: 'noc', privateKey: PRIVATE_KEY },
    });
  });

  it('refuses names twice, option-like hosts, and built-in profiles', async () => {
    await expect(admin.call('terminals.profiles.create', { kind: 'local', name: 'lab jump host' })).rejects.toMatchObject({
      code: 'CONFLICT',
      issues: [{ path: 'name' }],
    });
    await expect(admin.call('terminals.profiles.create', { kind: 'ssh', name: 'evil', host: '-oProxyCommand=touch /tmp/x' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(admin.call('terminals.profiles.create', { kind: 'ssh', name: 'evil', host: 'h', privateKey: 'not a key' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      issues: [{ path: 'privateKey' }],
    });
    await expect(admin.call('terminals.profiles.delete', { id: 'local' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('writes the pasted key to a private file only while the session runs', async () => {
    const { session } = await admin.call('terminals.open', { profileId: sshId });
    expect(session.state).toBe('running');
    const cmdline = () => readFileSync(`/proc/${session.pid}/cmdline`, 'utf8');
    await until(() => cmdline().startsWith('/usr/bin/ssh'), 'ssh to start'); // the pty's child execs just after the fork
    const args = cmdline().split('\0').slice(0, -1);
    expect(args.slice(0, 3)).toEqual(['/usr/bin/ssh', '-p', String(silentPort)]);
    const keyFile = args[args.indexOf('-i') + 1]!;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toBe(PRIVATE_KEY);
    expect(args.slice(-4)).toEqual(['-l', 'noc', '--', '127.0.0.1']);
    await admin.call('terminals.close', { sessionId: session.id });
    expect(existsSync(keyFile)).toBe(false);
    expect(sessionMembers(session.pid!)).toEqual([]);
  });

  it('says what failed for a missing program, namespace or host', async () => {
    const { profile: noShell } = await admin.call('terminals.profiles.create', { kind: 'local', name: 'broken shell', shell: '/opt/nowhere/bin/zsh' });
    await expect(admin.call('terminals.open', { profileId: noShell.id })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'cannot start "broken shell": the program /opt/nowhere/bin/zsh was not found',
    });
    const { profile: noNs } = await admin.call('terminals.profiles.create', { kind: 'netns', name: 'gone ns', namespace: 'podium-no-such-ns' });
    await expect(admin.call('terminals.open', { profileId: noNs.id })).rejects.toThrow('the network namespace podium-no-such-ns does not exist');
    // A host that refuses: the session runs ssh, which says why, and ends with its code.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { profile: refused } = await admin.call('terminals.profiles.create', { kind: 'ssh', name: 'refusing host', host: '127.0.0.1', port });
    const { session } = await admin.call('terminals.open', { profileId: refused.id });
    const r = await readSession(admin, session.id);
    await r.waitFor(/Connection refused/);
    await expect.poll(async () => (await admin.call('terminals.list', {})).sessions.find((s) => s.id === session.id)?.exitCode, { timeout: 10_000 }).toBe(255);
    await admin.call('terminals.close', { sessionId: session.id });
    r.stop();
  });
});

describe('sessions belong to their owner', () => {
  it('keeps an operator out of the admin’s session, and lets the admin list and close the operator’s', async () => {
    const mine = (await admin.call('terminals.open', { profileId: 'local' })).session;
    const hers = (await nina.call('terminals.open', { profileId: 'local' })).session;
    expect(hers.owner).toBe('nina');
    for (const call of [
      () => nina.call('terminals.attach', { sessionId: mine.id }),
      () => nina.call('terminals.write', { sessionId: mine.id, data: 'id\r' }),
      () => nina.call('terminals.resize', { sessionId: mine.id, cols: 10, rows: 10 }),
      () => nina.call('terminals.ack', { sessionId: mine.id, upTo: 1 }),
      () => nina.call('terminals.close', { sessionId: mine.id }),
      () => admin.call('terminals.attach', { sessionId: hers.id }),
      () => admin.call('terminals.write', { sessionId: hers.id, data: 'id\r' }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await nina.call('terminals.list', { all: true })).sessions.map((s) => s.id)).toEqual([hers.id]);
    expect((await admin.call('terminals.list', {})).sessions.map((s) => s.id)).not.toContain(hers.id);
    expect((await admin.call('terminals.list', { all: true })).sessions.map((s) => s.id)).toEqual(expect.arrayContaining([mine.id, hers.id]));

    // Output goes only to the owner's subscription, even when another asks for it by id.
    let leaked = '';
    const spy = nina.subscribe('terminals.output', { sessionId: mine.id }, (e) => (leaked += e.data));
    const r = await readSession(admin, mine.id);
    await admin.call('terminals.write', { sessionId: mine.id, data: 'echo secret-$((3*14))\r' });
    await r.waitFor(/^secret-42\r?$/m);
    await new Promise((res) => setTimeout(res, 100));
    expect(leaked).toBe('');
    spy();
    r.stop();

    await admin.call('terminals.close', { sessionId: hers.id });
    await until(() => sessionMembers(hers.pid!).length === 0, 'nina’s shell to end');
    await expect(nina.call('terminals.attach', { sessionId: hers.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = await admin.call('audit.list', { command: 'terminals.close' });
    expect(audit.records[0]).toMatchObject({ actor: 'admin', target: `terminal:${hers.id}`, result: 'ok' });
    await admin.call('terminals.close', { sessionId: mine.id });
  });

  it('ends the sessions of a user who is disabled', async () => {
    const { session } = await nina.call('terminals.open', { profileId: 'local' });
    expect(session.state).toBe('running');
    await until(() => sessionMembers(session.pid!).length > 0, 'the shell');
    const { users } = await admin.call('users.list', {});
    const id = users.find((u) => u.username === 'nina')!.id;
    await admin.call('users.update', { id, disabled: true });
    await until(() => sessionMembers(session.pid!).length === 0, 'the disabled user’s shell to end');
    await expect.poll(async () => (await admin.call('terminals.list', { all: true })).sessions.map((s) => s.id)).not.toContain(session.id);
  });
});
