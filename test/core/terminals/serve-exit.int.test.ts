// Process hygiene at host exit: `podium serve` with terminal sessions open — including a
// job that ignores SIGHUP — stops on SIGTERM and leaves no process of theirs behind; with
// the pty host in its own process, even a SIGKILLed core leaves nothing (the pty host sees
// its parent go and ends every session).
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import { tempDir } from '../../helpers/host.js';
import { adminClient, serve as serveChild, type Served } from '../../helpers/child.js';
import { processTable, sessionMembers, until } from './helpers.js';

let srv: Served | null = null;
let close: (() => void) | null = null;

afterEach(async () => {
  close?.();
  close = null;
  if (srv && srv.proc.exitCode === null && srv.proc.signalCode === null) await srv.kill9();
  if (srv) rmSync(srv.dataDir, { recursive: true, force: true });
  srv = null;
});

async function serve(env: Record<string, string> = {}): Promise<PodiumApi> {
  srv = await serveChild(tempDir('podium-serve-exit-'), env);
  const c = await adminClient(srv);
  close = c.close;
  return c.api;
}

async function openWithStubbornJob(api: PodiumApi): Promise<number> {
  const { session } = await api.call('terminals.open', { profileId: 'local' });
  await api.call('terminals.write', { sessionId: session.id, data: 'trap "" HUP; sleep 900 &\r' });
  await until(() => sessionMembers(session.pid!).some((p) => p.comm === 'sleep'), 'the sleep job');
  return session.pid!;
}

describe('host exit', () => {
  it('SIGTERM of podium serve ends every terminal session (in-process pty host)', async () => {
    const api = await serve();
    const a = await openWithStubbornJob(api);
    const b = await openWithStubbornJob(api);
    expect(await srv!.term()).toBe(0);
    expect(sessionMembers(a)).toEqual([]);
    expect(sessionMembers(b)).toEqual([]);
  });

  it('SIGTERM with the pty host in its own process ends the sessions and the pty host', async () => {
    const api = await serve({ PODIUM_PTY_HOST: 'process' });
    const a = await openWithStubbornJob(api);
    const ptyHost = processTable().find((p) => p.pid === processTable().find((q) => q.pid === a)!.ppid)!;
    expect(ptyHost.ppid).toBe(srv!.proc.pid);
    await srv!.term();
    expect(sessionMembers(a)).toEqual([]);
    await until(() => !processTable().some((p) => p.pid === ptyHost.pid && p.state !== 'Z'), 'the pty host to exit');
  });

  it('SIGKILL of the core: the separate pty host ends every session by itself', async () => {
    const api = await serve({ PODIUM_PTY_HOST: 'process' });
    const a = await openWithStubbornJob(api);
    const ptyHostPid = processTable().find((p) => p.pid === a)!.ppid;
    await srv!.kill9();
    await until(() => sessionMembers(a).length === 0, 'the session to end', 10_000);
    await until(() => !processTable().some((p) => p.pid === ptyHostPid && p.state !== 'Z'), 'the pty host to exit');
  });
});
