// Terminal sessions through the contract, in-process and over the WebSocket: a local
// shell answers, resizes, survives a re-attach, and leaves no process behind when closed.
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import { startHost, loginAdmin, type TestHost } from '../../helpers/host.js';
import { inProcess, overWebSocket, type Transport } from '../../helpers/transports.js';
import { sessionMembers, readSession, until } from './helpers.js';

let th: TestHost;
const transports: Transport[] = [];

beforeAll(async () => {
  th = await startHost();
  transports.push(inProcess(th.host), await overWebSocket(th.host));
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await th.close();
});

for (const kind of ['in-process', 'websocket']) {
  describe(`a local shell over ${kind}`, () => {
    let api: PodiumApi;
    beforeAll(async () => {
      const t = transports.find((x) => x.name === kind)!;
      api = await loginAdmin(t.open(), th.dataDir);
    });

    it('runs a command, resizes, re-attaches and closes, leaving no process', async () => {
      const { session } = await api.call('terminals.open', { profileId: 'local', cols: 100, rows: 30 });
      expect(session.state).toBe('running');
      expect(session.pid).toBeGreaterThan(1);
      const r = await readSession(api, session.id);
      await api.call('terminals.write', { sessionId: session.id, data: 'echo $((6*7))\r' });
      await r.waitFor(/^42\r?$/m);

      await api.call('terminals.resize', { sessionId: session.id, cols: 91, rows: 17 });
      await api.call('terminals.write', { sessionId: session.id, data: 'stty size\r' });
      await r.waitFor(/^17 91\r?$/m);

      // A background job in the same group, to prove the whole group ends.
      await api.call('terminals.write', { sessionId: session.id, data: 'sleep 300 &\r' });
      await until(() => sessionMembers(session.pid!).some((p) => p.comm === 'sleep'), 'the sleep job');

      // Re-attach as after a reload: the scrollback holds what was shown.
      r.stop();
      const again = await api.call('terminals.attach', { sessionId: session.id });
      expect(again.scrollback).toMatch(/^42\r?$/m);
      expect(again.seq).toBe(again.session.bytesOut);

      const listed = await api.call('terminals.list', {});
      expect(listed.sessions.map((s) => s.id)).toContain(session.id);

      await api.call('terminals.close', { sessionId: session.id });
      expect(sessionMembers(session.pid!)).toEqual([]);
      expect((await api.call('terminals.list', {})).sessions.map((s) => s.id)).not.toContain(session.id);
    });

    it('logs a session to a file on request, and only then', async () => {
      const { session } = await api.call('terminals.open', { profileId: 'local' });
      const r = await readSession(api, session.id);
      await api.call('terminals.write', { sessionId: session.id, data: 'echo not-logged-$((1+1))\r' });
      await r.waitFor(/^not-logged-2\r?$/m);
      const on = await api.call('terminals.log', { sessionId: session.id, on: true });
      const file = on.session.logFile!;
      expect(file).toMatch(new RegExp(`/terminal-logs/.*-Local-shell-${session.id}\\.log$`));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      await api.call('terminals.write', { sessionId: session.id, data: 'echo logged-$((2+2))\r' });
      await r.waitFor(/^logged-4\r?$/m);
      const off = await api.call('terminals.log', { sessionId: session.id, on: false });
      expect(off.session.logFile).toBeNull();
      await api.call('terminals.write', { sessionId: session.id, data: 'echo after-$((3+3))\r' });
      await r.waitFor(/^after-6\r?$/m);
      await new Promise((res) => setTimeout(res, 100));
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^logged-4\r?$/m);
      expect(text).not.toContain('not-logged-2');
      expect(text).not.toContain('after-6');
      await api.call('terminals.close', { sessionId: session.id });
      r.stop();
    });
  });
}
