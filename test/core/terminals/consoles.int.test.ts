// VNF and enforcer consoles through the contract over the WebSocket: a provider's devices
// are listed as console profiles, and each console — a real program in a real pty —
// answers from the provider's state at the moment of each command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import { startHost, loginAdmin, type TestHost } from '../../helpers/host.js';
import { overWebSocket, type Transport } from '../../helpers/transports.js';
import { existsSync } from 'node:fs';
import { ConsoleRegistry } from '../../../core/terminals/consoles/registry.js';
import { ConsoleStateServer } from '../../../core/terminals/consoles/server.js';
import { FixtureProvider } from './fixtures.js';
import { readSession, sessionMembers } from './helpers.js';

let th: TestHost;
let ws: Transport;
let api: PodiumApi;
const provider = new FixtureProvider();

beforeAll(async () => {
  th = await startHost();
  th.host.caps.terminals.addConsoleProvider(provider);
  ws = await overWebSocket(th.host);
  api = await loginAdmin(ws.open(), th.dataDir);
});
afterAll(async () => {
  await ws.close();
  await th.close();
});

describe('consoles', () => {
  it('lists a console profile for every device the provider knows', async () => {
    const { profiles } = await api.call('terminals.profiles.list', {});
    const consoles = profiles.filter((p) => p.kind === 'console');
    expect(consoles.map((p) => p.id).sort()).toEqual(['console:enf-1', 'console:vnf-fw-1', 'console:vnf-vr-1', 'console:vnf-ws-1']);
    expect(consoles.find((p) => p.id === 'console:vnf-vr-1')).toMatchObject({ name: 'acme-7f3a-vr-p', target: 'vRouter acme-7f3a-vr-p', builtIn: true });
  });

  it('opens a vRouter console that shows its hostname in the running configuration and follows the state', async () => {
    const { session } = await api.call('terminals.openConsole', { targetId: 'vnf-vr-1', cols: 120, rows: 40 });
    expect(session).toMatchObject({ kind: 'console', title: 'acme-7f3a-vr-p (console)', state: 'running' });
    const r = await readSession(api, session.id);
    await r.waitFor(/acme-7f3a-vr-p>$/);
    await api.call('terminals.write', { sessionId: session.id, data: 'enable\r' });
    await r.waitFor(/acme-7f3a-vr-p#$/);
    await api.call('terminals.write', { sessionId: session.id, data: 'show running-config\r' });
    await r.waitFor(/^hostname acme-7f3a-vr-p\r?$/m);
    await r.waitFor(/^end\r\nacme-7f3a-vr-p#$/m);

    // The core's state changes (an interface goes down): the next command shows it.
    provider.states.get('vnf-vr-1')!.interfaces[1]!.operUp = false;
    await api.call('terminals.write', { sessionId: session.id, data: 'sh ip int br\r' });
    await r.waitFor(/GigabitEthernet2\s+10\.20\.0\.1\s+YES manual down\s+down/);

    await api.call('terminals.write', { sessionId: session.id, data: 'show foo\r' });
    await r.waitFor(/% Invalid input detected at '\^' marker\./);

    await api.call('terminals.write', { sessionId: session.id, data: 'exit\r' });
    await expect.poll(async () => (await api.call('terminals.list', {})).sessions.find((s) => s.id === session.id)?.state, { timeout: 10_000 }).toBe('exited');
    expect(sessionMembers(session.pid!)).toEqual([]);
    await api.call('terminals.close', { sessionId: session.id });
    r.stop();
  });

  it('opens the enforcer shell with one command', async () => {
    const { session } = await api.call('terminals.open', { profileId: 'console:enf-1' });
    const r = await readSession(api, session.id);
    await r.waitFor(/root@secmon-enf-1:~# $/);
    await api.call('terminals.write', { sessionId: session.id, data: 'swanctl --list-sas\r' });
    await r.waitFor(/secmon-analyser-1: #1, ESTABLISHED, IKEv2/);
    await api.call('terminals.close', { sessionId: session.id });
    r.stop();
  });

  it('refuses a console for a device nobody knows', async () => {
    await expect(api.call('terminals.openConsole', { targetId: 'vnf-nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('tells a console whose device went away', async () => {
    const { session } = await api.call('terminals.openConsole', { targetId: 'vnf-ws-1' });
    const r = await readSession(api, session.id);
    await r.waitFor(/acme-7f3a-ws-p> $/);
    const saved = provider.states.get('vnf-ws-1')!;
    provider.states.delete('vnf-ws-1');
    await api.call('terminals.write', { sessionId: session.id, data: 'status\r' });
    await r.waitFor(/% this console is no longer authorised|% the device no longer exists/);
    provider.states.set('vnf-ws-1', saved);
    await api.call('terminals.close', { sessionId: session.id });
    r.stop();
  });

  it('opens one state socket for consoles opened at once, and closes it', async () => {
    const server = new ConsoleStateServer(new ConsoleRegistry());
    const grants = await Promise.all(['a', 'b', 'c'].map((id) => server.grant(id)));
    expect(new Set(grants.map((g) => g.socketPath)).size).toBe(1);
    expect(existsSync(grants[0]!.socketPath)).toBe(true);
    // Closing while a first grant is still starting the socket closes that one too.
    const late = new ConsoleStateServer(new ConsoleRegistry());
    const pending = late.grant('x');
    await late.close();
    const path = (await pending).socketPath;
    await server.close();
    expect(existsSync(grants[0]!.socketPath)).toBe(false);
    expect(existsSync(path)).toBe(false);
  });
});
