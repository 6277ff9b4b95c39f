// The lab's exporter (core/flows/encoder.ts) against tshark: its NetFlow v9, IPFIX and sFlow
// v5 datagrams, sent to a running collector on loopback and captured with tcpdump, dissect
// cleanly (no malformed packet, no expert error) into exactly the flows that were encoded,
// and the collector stores the same.
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCapture } from '../../../scripts/flows/make-corpus.mjs';
import { IpfixEncoder, NetflowV9Encoder, SflowEncoder, ipv4, ipv4Text, type ExportFlow } from '../../../core/flows/encoder.js';
import { startHost, type TestHost } from '../../helpers/host.js';
import type { RecordsAnswer } from '../../../core/flows/query/runner.js';
import { cflowRecords, sflowSamples, tshark, tsharkDate, type Expected, type Json } from './tshark.js';

let dir = '';
let th: TestHost;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'podium-encoder-'));
  th = await startHost({ flows: { portsOverride: [0] } });
}, 60_000);
afterAll(async () => {
  await th?.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const FLOWS: ExportFlow[] = Array.from({ length: 90 }, (_, k) => ({
  src: ipv4('10.1.0.0') + k,
  dst: ipv4('198.51.100.0') + (k % 7),
  srcPort: 40000 + k,
  dstPort: [443, 53, 80][k % 3]!,
  proto: k % 3 === 1 ? 17 : 6,
  bytes: 1000 + 37 * k,
  packets: 2 + k,
  startMs: NOW - 9000 + k,
  endMs: NOW - 1000 + k,
  tcpFlags: k % 3 === 1 ? 0 : 0x1b,
  dscp: k % 2 ? 46 : 0,
  inIf: 2,
  outIf: 3,
  vlan: k % 4 ? 0 : 100 + k,
  direction: (k % 2) as 0 | 1,
}));

/** Send the datagrams to the collector's listener while tcpdump captures them; returns the capture. */
async function captureSent(name: string, port: number, datagrams: Buffer[]): Promise<string> {
  const file = join(dir, `${name}.pcap`);
  const cap = await startCapture(file, port);
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  for (const d of datagrams) await new Promise<void>((r, j) => s.send(d, port, '127.0.0.1', (e) => (e ? j(e) : r())));
  s.close();
  const st = await cap.stop();
  expect(st.captured).toBe(datagrams.length);
  return file;
}

/** Frames tshark marks malformed or with an expert error. */
function complaints(file: string, port: number, dissector: 'cflow' | 'sflow'): string {
  return execFileSync('tshark', ['-n', '-r', file, '-d', `udp.port==${port},${dissector}`, '-Y', '_ws.malformed || _ws.expert.severity >= 8388608'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .toString()
    .trim();
}

const portOf = (p: 'netflow' | 'ipfix' | 'sflow') => th.host.caps.flows.listeners().find((l) => l.proto === p)!.boundPort!;

const common = (f: ExportFlow): Expected => ({
  srcAddr: ipv4Text(f.src),
  dstAddr: ipv4Text(f.dst),
  srcPort: f.srcPort,
  dstPort: f.dstPort,
  proto: f.proto,
  dscp: f.dscp,
});

/** What tshark shows of a flow sent with the v9 / IPFIX template, times apart. */
const templated = (f: ExportFlow): Expected => ({
  ...common(f),
  tcpFlags: f.tcpFlags,
  bytes: f.bytes,
  packets: f.packets,
  inIf: f.inIf,
  outIf: f.outIf,
  samplingRate: 1,
  direction: f.direction ? 'egress' : 'ingress',
  vlan: f.vlan || null,
});

async function storedBy(source: string) {
  await th.host.caps.flows.flush();
  return (
    await th.host.caps.flows.run<RecordsAnswer>({
      op: 'records',
      q: { from: 0, to: 8.64e15, filter: `source = ${source}`, limit: 100_000 },
    })
  ).records;
}

describe("the lab's exporter, dissected by tshark", () => {
  it('NetFlow v9: clean, and every field as encoded', async () => {
    const port = portOf('netflow');
    const file = await captureSent('v9', port, new NetflowV9Encoder(7, NOW - 60_000).encode(FLOWS, NOW));
    expect(complaints(file, port, 'cflow')).toBe('');
    const theirs = cflowRecords(file, port).flat();
    expect(theirs).toEqual(
      FLOWS.map((f) => ({ ...templated(f), startMs: f.startMs, endMs: f.endMs })),
    );
    const ours = await storedBy('netflow9');
    expect(ours.map((r) => [r.srcAddr, r.dstAddr, r.srcPort, r.dstPort, r.bytes, r.packets, r.startMs, r.endMs, r.vlan])).toEqual(
      theirs.map((t) => [t.srcAddr, t.dstAddr, t.srcPort, t.dstPort, t.bytes, t.packets, t.startMs, t.endMs, t.vlan]),
    );
  });

  it('IPFIX: clean, and every field as encoded (absolute millisecond times)', async () => {
    const port = portOf('ipfix');
    const file = await captureSent('ipfix', port, new IpfixEncoder(3).encode(FLOWS, NOW));
    expect(complaints(file, port, 'cflow')).toBe('');
    // flowStart/EndMilliseconds: tshark shows them as absolute times
    const times: number[][] = [];
    for (const layers of tshark(file, port, 'cflow')) {
      for (const [k, v] of Object.entries(layers.cflow as Json)) {
        if (!/^Set \d+ \[id=256\]/.test(k)) continue;
        for (const [fk, fv] of Object.entries(v as Json)) {
          if (!fk.startsWith('Flow ')) continue;
          const td = (fv as Json)['cflow.timedelta_tree'] as Json;
          times.push([tsharkDate(td['cflow.abstimestart']), tsharkDate(td['cflow.abstimeend'])]);
        }
      }
    }
    expect(times).toEqual(FLOWS.map((f) => [f.startMs, f.endMs]));
    const theirs = cflowRecords(file, port)
      .flat()
      .map(({ startMs: _s, endMs: _e, ...rest }) => rest);
    expect(theirs).toEqual(
      FLOWS.map(templated),
    );
    const ours = await storedBy('ipfix');
    expect(ours.map((r) => [r.srcAddr, r.bytes, r.packets, r.startMs, r.endMs, r.direction])).toEqual(
      FLOWS.map((f) => [ipv4Text(f.src), f.bytes, f.packets, f.startMs, f.endMs, f.direction ? 'egress' : 'ingress']),
    );
  });

  it('sFlow v5: clean, and each sample the flow it was made from', async () => {
    const port = portOf('sflow');
    const datagrams = new SflowEncoder(ipv4('127.0.0.1'), 0, 64, NOW - 60_000).encode(
      FLOWS.map((flow) => ({ flow, samples: 1 })),
      NOW,
    );
    const file = await captureSent('sflow', port, datagrams);
    expect(complaints(file, port, 'sflow')).toBe('');
    const theirs = sflowSamples(file, port).flat();
    expect(theirs.length).toBe(FLOWS.length);
    theirs.forEach((t, k) => {
      const f = FLOWS[k]!;
      expect({ ...t, srcMac: undefined, dstMac: undefined, bytes: undefined, bytesScaled: undefined, tcpFlags: undefined }).toMatchObject({
        ...common(f),
        packets: 1,
        samplingRate: 64,
        packetsScaled: 64,
        inIf: f.inIf,
        outIf: f.outIf,
        vlan: f.vlan || null,
      });
      if (f.proto === 6) expect(t.tcpFlags).toBe(f.tcpFlags);
    });
    const ours = await storedBy('sflow');
    expect(ours.map((r) => [r.srcAddr, r.dstAddr, r.srcPort, r.dstPort, r.proto, r.bytes, r.samplingRate, r.vlan])).toEqual(
      theirs.map((t) => [t.srcAddr, t.dstAddr, t.srcPort, t.dstPort, t.proto, t.bytes, t.samplingRate, t.vlan]),
    );
  });
});
