// Flow control end to end through the contract: a program that writes fast is paused
// while its output is unacknowledged, resumes as the client acknowledges, and a client
// that stops acknowledging does not hold the session: it detaches, keeps its scrollback
// (capped), and re-attaching resumes streaming.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import { startHost, loginAdmin, rawOf, type TestHost } from '../../helpers/host.js';
import { processTable, until } from './helpers.js';

const HIGH = 64 * 1024;
const LOW = 16 * 1024;
const SCROLLBACK = 128 * 1024;
let th: TestHost;
let api: PodiumApi;

beforeAll(async () => {
  th = await startHost({ terminals: { flow: { high: HIGH, low: LOW, ackTimeoutMs: 2500, scrollback: SCROLLBACK } } });
  api = await loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
});
afterAll(() => th.close());

async function burst(lines: number): Promise<{ id: string; pid: number }> {
  const { profile } = await api.call('terminals.profiles.create', {
    kind: 'local',
    name: `burst ${lines} ${Math.random()}`,
    shell: '/bin/sh',
    args: ['-c', `stty -echo; sleep 0.3; seq 1 ${lines}; echo DONE; read x; echo got-$x; sleep 600`],
  });
  const { session } = await api.call('terminals.open', { profileId: profile.id });
  return { id: session.id, pid: session.pid! };
}

const view = async (id: string) => (await api.call('terminals.list', {})).sessions.find((s) => s.id === id)!;

describe('flow control', () => {
  it('pauses above the high watermark without acknowledgements, and resumes below the low one', async () => {
    const { id, pid } = await burst(400_000);
    let received = 0;
    let lastEnd = 0;
    const stop = api.subscribe('terminals.output', { sessionId: id }, (e) => {
      received += Buffer.byteLength(e.data);
      lastEnd = e.end;
    });
    await until(() => received > 0, 'output');
    await expect.poll(async () => (await view(id)).paused, { timeout: 5000 }).toBe(true);
    const at = (await view(id)).bytesOut;
    await new Promise((r) => setTimeout(r, 600));
    // Held: nothing more was read from the pty, and `seq` is blocked writing.
    expect((await view(id)).bytesOut).toBe(at);
    expect(at).toBeGreaterThanOrEqual(HIGH);
    expect(at).toBeLessThan(HIGH + 3 * 64 * 1024);
    expect(processTable().find((p) => p.pgid === pid && p.comm === 'seq')?.state).toBe('S');

    // Acknowledge everything received: it resumes and, acknowledging as it goes, finishes.
    let acked = 0;
    const ackLoop = setInterval(() => {
      if (lastEnd > acked) {
        acked = lastEnd;
        void api.call('terminals.ack', { sessionId: id, upTo: lastEnd });
      }
    }, 5);
    await until(() => received >= 2_600_000, 'all output', 30_000);
    clearInterval(ackLoop);
    const v = await view(id);
    expect(v.detached).toBe(false);
    expect(received).toBe(v.bytesOut);
    stop();
    await api.call('terminals.close', { sessionId: id });
  });

  it('detaches a session nobody acknowledges, keeps a capped scrollback, and re-attaches', async () => {
    const { id } = await burst(200_000);
    const changes: string[] = [];
    const stopChanges = api.subscribe('terminals.sessions', {}, (e) => e.session.id === id && changes.push(e.change));
    await api.call('terminals.list', {});
    await expect.poll(async () => (await view(id)).detached, { timeout: 10_000 }).toBe(true);
    expect(changes).toContain('detached');
    // Detached, the program runs to its end: output goes to the scrollback only.
    await expect.poll(async () => (await view(id)).bytesOut, { timeout: 20_000 }).toBeGreaterThan(1_200_000);
    await new Promise((r) => setTimeout(r, 300));
    const a = await api.call('terminals.attach', { sessionId: id });
    expect(a.session.detached).toBe(false);
    expect(a.seq).toBe(a.session.bytesOut);
    expect(Buffer.byteLength(a.scrollback)).toBeLessThanOrEqual(SCROLLBACK);
    expect(Buffer.byteLength(a.scrollback)).toBeGreaterThan(SCROLLBACK / 2);
    expect(a.scrollback).toMatch(/^\d+\r?\n/); // starts at a line
    expect(a.scrollback).toMatch(/199999\r\n200000\r\nDONE\r\n$/);
    // Streaming resumes after the attach.
    let after = '';
    const stop = api.subscribe('terminals.output', { sessionId: id }, (e) => {
      expect(e.seq).toBeGreaterThanOrEqual(a.seq);
      after += e.data;
    });
    await api.call('terminals.list', {});
    await api.call('terminals.write', { sessionId: id, data: 'resumed\r' });
    await until(() => after.includes('got-resumed'), 'output after re-attaching');
    stop();
    stopChanges();
    await api.call('terminals.close', { sessionId: id });
  });
});
