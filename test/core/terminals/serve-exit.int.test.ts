// Process hygiene at host exit: `podium serve` with terminal sessions open — including a
// job that ignores SIGHUP — stops on SIGTERM and leaves no process of theirs behind; with
// the pty host in its own process, even a SIGKILLed core leaves nothing (the pty host sees
// its parent go and ends every session).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketClient, typed, type PodiumApi, type SocketLike } from '../../../core/api/client.js';
import { processTable, sessionMembers, until } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
let proc: ChildProcess | null = null;
let dataDir = '';
let client: SocketClient | null = null;

afterEach(() => {
  client?.close();
  if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(env: Record<string, string> = {}): Promise<PodiumApi> {
  dataDir = mkdtempSync(join(tmpdir(), 'podium-serve-exit-'));
  const p = spawn(process.execPath, [join(ROOT, 'bin', 'podium.js'), 'serve', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PODIUM_LOG: 'warn', ...env },
  });
  proc = p;
  let out = '';
  p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<URL>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`serve did not start: ${out}`)), 30_000);
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /open\s+(http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(t);
        res(new URL(m[1]));
      }
    });
  });
  client = new SocketClient({ open: () => new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`) as unknown as SocketLike });
  const api = typed(client);
  const first = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();
  await api.call('auth.login', { username: 'admin', password: first });
  await api.call('auth.changePassword', { currentPassword: first, newPassword: 'Exit-Test-Password-1' });
  return api;
}

async function openWithStubbornJob(api: PodiumApi): Promise<number> {
  const { session } = await api.call('terminals.open', { profileId: 'local' });
  await api.call('terminals.write', { sessionId: session.id, data: 'trap "" HUP; sleep 900 &\r' });
  await until(() => sessionMembers(session.pid!).some((p) => p.comm === 'sleep'), 'the sleep job');
  return session.pid!;
}

const exited = (p: ChildProcess) => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(null) : p.once('exit', r)));

describe('host exit', () => {
  it('SIGTERM of podium serve ends every terminal session (in-process pty host)', async () => {
    const api = await serve();
    const a = await openWithStubbornJob(api);
    const b = await openWithStubbornJob(api);
    proc!.kill('SIGTERM');
    await exited(proc!);
    expect(proc!.exitCode).toBe(0);
    expect(sessionMembers(a)).toEqual([]);
    expect(sessionMembers(b)).toEqual([]);
  });

  it('SIGTERM with the pty host in its own process ends the sessions and the pty host', async () => {
    const api = await serve({ PODIUM_PTY_HOST: 'process' });
    const a = await openWithStubbornJob(api);
    const ptyHost = processTable().find((p) => p.pid === processTable().find((q) => q.pid === a)!.ppid)!;
    expect(ptyHost.ppid).toBe(proc!.pid);
    proc!.kill('SIGTERM');
    await exited(proc!);
    expect(sessionMembers(a)).toEqual([]);
    await until(() => !processTable().some((p) => p.pid === ptyHost.pid && p.state !== 'Z'), 'the pty host to exit');
  });

  it('SIGKILL of the core: the separate pty host ends every session by itself', async () => {
    const api = await serve({ PODIUM_PTY_HOST: 'process' });
    const a = await openWithStubbornJob(api);
    const ptyHostPid = processTable().find((p) => p.pid === a)!.ppid;
    proc!.kill('SIGKILL');
    await exited(proc!);
    await until(() => sessionMembers(a).length === 0, 'the session to end', 10_000);
    await until(() => !processTable().some((p) => p.pid === ptyHostPid && p.state !== 'Z'), 'the pty host to exit');
  });
});
