// The collector on real UDP sockets (loopback): records stored and queryable, hostile
// datagrams dropped and counted against their own exporter only, templates surviving a
// restart, settings rebinding the listeners.
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, describe, expect, it } from 'vitest';
import { startHost, tempDir, type TestHost } from '../../../helpers/host.js';
import { NetflowV9Encoder, IpfixEncoder, SflowEncoder, ipv4, type ExportFlow } from '../../../../core/flows/encoder.js';
import type { RecordsAnswer, TopAnswer } from '../../../../core/flows/query/runner.js';
import { existsSync, rmSync } from 'node:fs';
import { NATIVE_RECV_PATH } from '../../../../core/flows/collector/native.js';
import { FlowDecoder } from '../../../../core/flows/decoders/index.js';
import { FlowBatch } from '../../../../core/flows/record.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function sender(address: string): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, address, () => r()));
  return s;
}
const send = (s: Socket, b: Buffer, port: number) => new Promise<void>((r, j) => s.send(b, port, '127.0.0.1', (e) => (e ? j(e) : r())));

function flows(n: number, now: number, seed = 1): ExportFlow[] {
  return Array.from({ length: n }, (_, k) => ({
    src: ipv4('10.1.0.0') + ((k * 7 + seed) % 200),
    dst: ipv4('198.51.100.0') + (k % 50),
    srcPort: 40000 + k,
    dstPort: [443, 80, 53][k % 3]!,
    proto: k % 3 === 2 ? 17 : 6,
    bytes: 1000 + k,
    packets: 2 + (k % 5),
    startMs: now - 5000,
    endMs: now - 1000 + k,
    tcpFlags: 0x1b,
    dscp: k % 2 ? 46 : 0,
    inIf: 2,
    outIf: 1,
    vlan: 0,
    direction: 0,
  }));
}

async function openCollector(dataDir: string): Promise<{ th: TestHost; port: (p: 'netflow' | 'ipfix' | 'sflow') => number }> {
  const th = await startHost({ dataDir, flows: { portsOverride: [0] } });
  const port = (p: 'netflow' | 'ipfix' | 'sflow') => th.host.caps.flows.listeners().find((l) => l.proto === p)!.boundPort!;
  return { th, port };
}

async function settle(th: TestHost): Promise<void> {
  await sleep(150);
  await th.host.caps.flows.flush();
}

describe('the collector over loopback UDP', () => {
  it('stores what exporters send; hostile datagrams are counted against their exporter and change nothing else; templates survive a restart', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    let { th, port } = await openCollector(dataDir);
    const good = await sender('127.0.0.1');
    const bad = await sender('127.0.0.2');
    const now = Date.now();
    try {
      const v9 = new NetflowV9Encoder(7, now - 60_000);
      const ipfix = new IpfixEncoder(3);
      const sflow = new SflowEncoder(ipv4('127.0.0.1'), 0, 64, now - 60_000);
      for (const d of v9.encode(flows(60, now), now)) await send(good, d, port('netflow'));
      for (const d of ipfix.encode(flows(30, now, 5), now)) await send(good, d, port('ipfix'));
      for (const d of sflow.encode(
        flows(5, now).map((flow) => ({ flow, samples: 2 })),
        now,
      ))
        await send(good, d, port('sflow'));

      // Hostile: truncated, oversized garbage, a template with a huge field count, a
      // self-referencing data set, a set length that lies, unknown protocol — and a template
      // for the same id (256) that would redefine the good exporter's, from another address.
      const real = v9.encode(flows(3, now), now)[0]!;
      const hostile: Buffer[] = [
        real.subarray(0, 11),
        Buffer.alloc(9000, 0xab),
        Buffer.from('0009000100000000000000000000000700000000' + '0000000c0100ffff00010004', 'hex'),
        Buffer.from('000a002000000000000000000000000301000010' + '0000000000000000', 'hex'),
        Buffer.from('0009000100000000000000000000000701000fff0000', 'hex'),
        Buffer.from('hello, collector'),
      ];
      const evil = new NetflowV9Encoder(7, now - 1000);
      const evilTpl = evil.encode(flows(1, now), now)[0]!;
      evilTpl.writeUInt16BE(99, 20 + 8 + 2); // its first field is now type 99 — a different template 256
      hostile.push(evilTpl);
      for (const h of hostile) await send(bad, h, port('netflow'));
      // the good exporter's data after the hostile template: still decoded with its own template
      for (const d of v9.encode(flows(10, now, 9), now)) await send(good, d, port('netflow'));
      await settle(th);

      const api = th.host.caps.flows;
      const top = await api.run<TopAnswer>({
        op: 'top',
        q: { from: now - 3_600_000, to: now + 60_000, filter: 'exporter = 127.0.0.1', dims: ['source'], metric: 'flows', limit: 10 },
      });
      expect(Object.fromEntries(top.rows.map((r) => [r.key[0], r.flows]))).toEqual({ netflow9: 70, ipfix: 30, sflow: 10 });
      const ex = (await api.exporters()).exporters;
      const g = ex.find((e) => e.exporter === '127.0.0.1')!;
      const b = ex.find((e) => e.exporter === '127.0.0.2')!;
      expect(g.rejectedDatagrams).toBe(0);
      expect(g.records).toBe(110);
      expect(b.datagrams).toBe(hostile.length);
      // exactly what a decoder of its own says about these datagrams
      const ref = new FlowDecoder();
      for (const h of hostile) ref.decode(h, '127.0.0.2', now, new FlowBatch());
      const want = ref.stats.snapshot()[0]!;
      expect(b.rejectedDatagrams).toBe(want.rejectedDatagrams);
      expect(b.rejectedDatagrams).toBeGreaterThanOrEqual(5);
      expect(b.errors).toEqual(want.errors);
      expect(b.errors['UNKNOWN_PROTOCOL']).toBeGreaterThanOrEqual(2);
      // the collector still answers and the records read back right
      const rec = await api.run<RecordsAnswer>({
        op: 'records',
        q: { from: now - 3_600_000, to: now + 60_000, filter: 'exporter = 127.0.0.1 and source = netflow9 and srcport = 40000', limit: 10 },
      });
      expect(rec.records.map((r) => [r.srcAddr, r.dstAddr, r.dstPort, r.bytes, r.packets, r.proto])).toEqual([
        ['10.1.0.1', '198.51.100.0', 443, 1000, 2, 6],
        ['10.1.0.9', '198.51.100.0', 443, 1000, 2, 6],
      ]);

      // restart: the good exporter's next datagram carries no template and still decodes
      await th.close();
      ({ th, port } = await openCollector(dataDir));
      const later = Date.now();
      const next = v9.encode(flows(4, later, 3), later);
      expect(next[0]!.readUInt16BE(20)).toBe(256); // a data set first: no template in this datagram
      for (const d of next) await send(good, d, port('netflow'));
      await settle(th);
      const after = (await th.host.caps.flows.exporters()).exporters.find((e) => e.exporter === '127.0.0.1')!;
      expect(after.unknownTemplateSets).toBe(0);
      expect(after.records).toBe(114); // counters kept across the restart too
      const t2 = await th.host.caps.flows.run<TopAnswer>({
        op: 'top',
        q: { from: later - 60_000, to: later + 60_000, filter: 'exporter = 127.0.0.1 and source = netflow9', dims: [], metric: 'flows', limit: 1 },
      });
      expect(t2.total.flows).toBeGreaterThanOrEqual(4);
    } finally {
      good.close();
      bad.close();
      await th.close();
    }
  });

  it('rebinds its listeners when the settings change, and reports a port in use', async () => {
    const { th } = await openCollector(tempDir());
    dirs.push(th.dataDir);
    const blocker = createSocket('udp4');
    await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', () => r()));
    try {
      const taken = blocker.address().port;
      const r = await th.host.caps.flows.updateSettings({ listeners: [{ proto: 'netflow', address: '127.0.0.1', port: taken }] });
      // the run's port override (0) applies, so it binds anyway; without it, the port is in use
      expect(r.listeners[0]!.boundPort).not.toBe(null);
      await th.close();
      const th2 = await startHost({ dataDir: th.dataDir, flows: {} });
      try {
        const l = th2.host.caps.flows.listeners();
        expect(l).toHaveLength(1);
        expect(l[0]!.boundPort).toBe(null);
        expect(l[0]!.error).toMatch(/in use/);
        const o = th2.host.caps.flows.overview();
        expect(o.enabled).toBe(true);
      } finally {
        await th2.close();
      }
    } finally {
      blocker.close();
    }
  });

  it("reads in batches when the native receiver is built, and with Node's dgram when it is turned off (PODIUM_FLOWS_NATIVE=0)", async () => {
    const modes = existsSync(NATIVE_RECV_PATH) ? [true, false] : [false];
    if (modes.length === 1) console.warn(`batched receiver not tested: ${NATIVE_RECV_PATH} was not built (no C compiler or Node headers); dgram only`);
    for (const native of modes) {
      // the collector's threads read the environment when they start
      const before = process.env['PODIUM_FLOWS_NATIVE'];
      const withMode = async <T>(f: () => Promise<T>): Promise<T> => {
        if (!native) process.env['PODIUM_FLOWS_NATIVE'] = '0';
        try {
          return await f();
        } finally {
          if (before === undefined) delete process.env['PODIUM_FLOWS_NATIVE'];
          else process.env['PODIUM_FLOWS_NATIVE'] = before;
        }
      };
      const { th, port } = await withMode(() => openCollector(tempDir()));
      dirs.push(th.dataDir);
      const s = await sender('127.0.0.3');
      try {
        const ls = th.host.caps.flows.listeners();
        expect(ls.every((l) => l.receiver === (native ? 'batched' : 'dgram'))).toBe(true);
        expect(ls.every((l) => (l.receiveBufferBytes ?? 0) > 0)).toBe(true);
        const now = Date.now();
        const enc = new NetflowV9Encoder(4, now - 1000);
        for (const d of enc.encode(flows(500, now), now)) await send(s, d, port('netflow'));
        await settle(th);
        const top = await th.host.caps.flows.run<TopAnswer>({
          op: 'top',
          q: { from: now - 600_000, to: now + 60_000, filter: 'exporter = 127.0.0.3', dims: ['dstport'], metric: 'flows', limit: 5 },
        });
        expect(top.total.flows).toBe(500);
        // a port in use is reported the same way by both
        const dir = tempDir();
        dirs.push(dir);
        const other = await withMode(() => startHost({ dataDir: dir, flows: { portsOverride: [0] } }));
        await other.host.caps.flows.updateSettings({ listeners: [{ proto: 'netflow', address: '127.0.0.1', port: port('netflow') }] });
        await other.close();
        const again = await withMode(() => startHost({ dataDir: dir, flows: {} }));
        try {
          const l = again.host.caps.flows.listeners();
          expect(l.map((x) => [x.boundPort, x.error])).toEqual([[null, `port ${port('netflow')} on 127.0.0.1 is in use by another program`]]);
        } finally {
          await again.close();
        }
      } finally {
        s.close();
        await th.close();
      }
    }
  });

  it('rolls raw blocks up into 1-minute and 1-hour buckets', async () => {
    const { th, port } = await openCollector(tempDir());
    dirs.push(th.dataDir);
    const s = await sender('127.0.0.1');
    try {
      const now = Date.now();
      const enc = new NetflowV9Encoder(1, now - 1000);
      for (const d of enc.encode(flows(40, now), now)) await send(s, d, port('netflow'));
      await settle(th);
      await th.host.caps.flows.rollUp();
      const f = th.host.caps.flows;
      const raw = await f.run<TopAnswer>({ op: 'top', q: { from: now - 600_000, to: now + 60_000, filter: '', dims: ['proto'], metric: 'bytes', limit: 5 } });
      // a 3-hour range starts before the raw window (1 h): answered from the 1-minute rollups
      const rolled = await f.run<TopAnswer>({
        op: 'top',
        q: { from: now - 3 * 3_600_000, to: now + 60_000, filter: 'proto = tcp or proto = udp', dims: ['proto'], metric: 'bytes', limit: 5 },
      });
      expect(rolled.source).toBe('1m');
      expect(rolled.rows).toEqual(raw.rows);
      const talkers = await f.run<TopAnswer>({
        op: 'top',
        q: { from: now - 3 * 3_600_000, to: now + 60_000, filter: '', dims: ['dstport'], metric: 'flows', limit: 5 },
      });
      expect(talkers.total.flows).toBe(40);
      await expect(
        f.run({ op: 'top', q: { from: now - 3 * 3_600_000, to: now, filter: 'src = 10.0.0.0/8', dims: [], metric: 'bytes', limit: 5 } }),
      ).rejects.toThrow(/raw window/);
    } finally {
      s.close();
      await th.close();
    }
  });
});
