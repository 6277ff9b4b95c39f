// The pty host in a separate process (child_process.fork, as Electron's utility process):
// the same protocol works, a crash of that process leaves the core running, the sessions
// report it, no program is left behind, and the next session starts a new pty host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import { forkedPtyHost } from '../../../core/terminals/pty-host/out-of-process.js';
import { startHost, loginAdmin, rawOf, type TestHost } from '../../helpers/host.js';
import { processTable, readSession, sessionMembers, until } from './helpers.js';

let th: TestHost;
let api: PodiumApi;

beforeAll(async () => {
  th = await startHost({ terminals: { ptyHost: () => forkedPtyHost() } });
  api = await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
});
afterAll(() => th.close());

function ptyHostPid(): number {
  const where = th.host.caps.terminals.service.ptyHostWhere ?? '';
  const m = /^pid (\d+)$/.exec(where);
  if (!m) throw new Error(`the pty host is not out of process: ${where}`);
  return Number(m[1]);
}

describe('an out-of-process pty host', () => {
  it('runs sessions in its own process', async () => {
    const { session } = await api.call('terminals.open', { profileId: 'local' });
    const hostPid = ptyHostPid();
    expect(hostPid).not.toBe(process.pid);
    // The shell is a child of the pty host, not of the core.
    expect(processTable().find((p) => p.pid === session.pid)?.ppid).toBe(hostPid);
    const r = await readSession(api, session.id);
    await api.call('terminals.write', { sessionId: session.id, data: 'echo $((6*7))\r' });
    await r.waitFor(/^42\r?$/m);
    await api.call('terminals.close', { sessionId: session.id });
    expect(sessionMembers(session.pid!)).toEqual([]);
    r.stop();
  });

  it('survives a crash of the pty host: sessions report it, nothing is left, a new host serves the next session', async () => {
    const { session } = await api.call('terminals.open', { profileId: 'local' });
    const r = await readSession(api, session.id);
    await api.call('terminals.write', { sessionId: session.id, data: 'sleep 600 &\r' });
    await until(() => sessionMembers(session.pid!).some((p) => p.comm === 'sleep'), 'the sleep job');
    const crashed = ptyHostPid();
    const changes: string[] = [];
    const stop = api.subscribe('terminals.sessions', {}, (e) => e.session.id === session.id && changes.push(`${e.change}:${e.session.state}`));
    await api.call('terminals.list', {});
    process.kill(crashed, 'SIGSEGV');

    await expect.poll(async () => (await api.call('terminals.list', {})).sessions.find((s) => s.id === session.id)?.state, { timeout: 10_000 }).toBe('failed');
    const failed = (await api.call('terminals.list', {})).sessions.find((s) => s.id === session.id)!;
    expect(failed.error).toMatch(/the terminal host process stopped \(SIGSEGV\)/);
    expect(changes).toContain('changed:failed');
    await until(() => sessionMembers(session.pid!).length === 0, 'the crashed session’s programs to end');
    await expect(api.call('terminals.write', { sessionId: session.id, data: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
    // The core itself goes on.
    expect((await api.call('system.info', {})).product).toBe('Podium');

    const next = await api.call('terminals.open', { profileId: 'local' });
    expect(next.session.state).toBe('running');
    expect(ptyHostPid()).not.toBe(crashed);
    const r2 = await readSession(api, next.session.id);
    await api.call('terminals.write', { sessionId: next.session.id, data: 'echo again-$((1+1))\r' });
    await r2.waitFor(/^again-2\r?$/m);
    await api.call('terminals.close', { sessionId: session.id });
    await api.call('terminals.close', { sessionId: next.session.id });
    stop();
    r.stop();
    r2.stop();
  });

  it('ends its sessions and exits when the core closes', async () => {
    const { session } = await api.call('terminals.open', { profileId: 'local' });
    await api.call('terminals.write', { sessionId: session.id, data: 'trap "" HUP; sleep 600 &\r' });
    await until(() => sessionMembers(session.pid!).some((p) => p.comm === 'sleep'), 'the sleep job');
    const hostPid = ptyHostPid();
    await th.host.caps.terminals.stop();
    expect(sessionMembers(session.pid!)).toEqual([]);
    await until(() => !processTable().some((p) => p.pid === hostPid && p.state !== 'Z'), 'the pty host to exit');
  });
});
