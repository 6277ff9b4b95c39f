// Collector sets (SecMon §3.1.1.4) over loopback: a Podium forwards the datagrams it
// receives, unchanged, to other collectors — here a second Podium and a plain socket. Each
// exporter is sticky to one collector (its templates and data travel together) under
// round-robin and weighted balancing; replicate sends every datagram to each.
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type TestHost } from '../../../helpers/host.js';
import { NetflowV9Encoder, ipv4, type ExportFlow } from '../../../../core/flows/encoder.js';
import type { RecordsAnswer } from '../../../../core/flows/query/runner.js';
import type { CollectorSetConfig } from '../../../../core/flows/collector/types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let a: TestHost; // the Podium exporters send to
let b: TestHost; // a second Podium, one of its collectors
let raw: Socket; // a plain collector: what arrives, byte for byte
const rawGot: Buffer[] = [];
const portOf = (th: TestHost) => th.host.caps.flows.listeners().find((l) => l.proto === 'netflow')!.boundPort!;

beforeAll(async () => {
  [a, b] = await Promise.all([startHost({ flows: { portsOverride: [0] } }), startHost({ flows: { portsOverride: [0] } })]);
  raw = createSocket('udp4');
  raw.on('message', (m) => rawGot.push(Buffer.from(m)));
  await new Promise<void>((r) => raw.bind(0, '127.0.0.1', () => r()));
}, 60_000);

afterAll(async () => {
  raw?.close();
  await Promise.all([a?.close(), b?.close()]);
});

interface Exporter {
  address: string;
  sourceId: number;
  sock: Socket;
  enc: NetflowV9Encoder;
  sent: Buffer[];
  flows: number;
}

async function exporter(k: number): Promise<Exporter> {
  const address = `127.0.0.${2 + k}`;
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, address, () => r()));
  return { address, sourceId: 100 + k, sock, enc: new NetflowV9Encoder(100 + k, Date.now() - 60_000, 2), sent: [], flows: 0 };
}

function flows(n: number, k: number, now: number): ExportFlow[] {
  return Array.from({ length: n }, (_, i) => ({
    src: ipv4('10.20.0.0') + k * 256 + i,
    dst: ipv4('198.51.100.1'),
    srcPort: 2000 + i,
    dstPort: 443,
    proto: 6,
    bytes: 100 * (k + 1) + i,
    packets: 1,
    startMs: now - 2000,
    endMs: now - 1000,
    tcpFlags: 0x18,
    dscp: 0,
    inIf: 1,
    outIf: 2,
    vlan: 0,
    direction: 0,
  }));
}

async function exportFrom(e: Exporter, n: number, port: number, k: number): Promise<void> {
  const now = Date.now();
  for (const d of e.enc.encode(flows(n, k, now), now)) {
    e.sent.push(d);
    await new Promise<void>((r, j) => e.sock.send(d, port, '127.0.0.1', (err) => (err ? j(err) : r())));
  }
  e.flows += n;
}

const sourceIdOf = (d: Buffer) => d.readUInt32BE(16); // NetFlow v9 header: source ID

async function setSets(sets: CollectorSetConfig[]): Promise<void> {
  await a.host.caps.flows.updateSettings({ collectorSets: sets });
}

async function settle(): Promise<void> {
  await sleep(300);
  await Promise.all([a.host.caps.flows.flush(), b.host.caps.flows.flush()]);
}

async function domainsAt(th: TestHost): Promise<Map<number, number>> {
  const r = await th.host.caps.flows.run<RecordsAnswer>({ op: 'records', q: { from: 0, to: 8.64e15, filter: '', limit: 100_000 } });
  const m = new Map<number, number>();
  for (const x of r.records) m.set(x.domain, (m.get(x.domain) ?? 0) + 1);
  return m;
}

describe('collector sets', () => {
  it('round-robin and weighted: each exporter sticks to one collector; datagrams arrive unchanged; the collector stores them all too', async () => {
    const exps = await Promise.all([0, 1, 2, 3].map(exporter));
    try {
      await setSets([
        {
          name: 'balanced',
          protocols: ['netflow'],
          algorithm: 'round-robin',
          collectors: [
            { address: '127.0.0.1', port: portOf(b), weight: 1 },
            { address: '127.0.0.1', port: raw.address().port, weight: 1 },
          ],
        },
      ]);
      // three rounds, interleaved: each exporter's template and data must stay together
      for (let round = 0; round < 3; round++) for (const [k, e] of exps.entries()) await exportFrom(e, 40, portOf(a), k);
      await settle();

      // the first collector set's state: two exporters each
      const state = (await a.host.caps.flows.exporters()).collectorSets[0]!;
      expect(state.collectors.map((c) => c.exporters)).toEqual([2, 2]);
      expect(state.collectors.reduce((s, c) => s + c.datagrams, 0)).toBe(exps.reduce((s, e) => s + e.sent.length, 0));

      // the plain collector got, byte for byte, every datagram of its exporters and no other
      const rawIds = new Set(rawGot.map(sourceIdOf));
      expect(rawIds.size).toBe(2);
      const atRaw = exps.filter((e) => rawIds.has(e.sourceId));
      expect(rawGot.map((d) => d.toString('hex')).sort()).toEqual(atRaw.flatMap((e) => e.sent.map((d) => d.toString('hex'))).sort());

      // the second Podium decoded the other two exporters' datagrams — all of them, templates included
      const atB = await domainsAt(b);
      const others = exps.filter((e) => !rawIds.has(e.sourceId));
      expect(new Map([...atB].sort())).toEqual(new Map(others.map((e) => [e.sourceId, e.flows] as [number, number]).sort()));
      const bHealth = (await b.host.caps.flows.exporters()).exporters;
      expect(bHealth.every((x) => x.unknownTemplateSets === 0 && x.rejectedDatagrams === 0)).toBe(true);

      // the forwarding Podium stored everything itself, per exporter
      const atA = await domainsAt(a);
      for (const e of exps) expect(atA.get(e.sourceId)).toBe(e.flows);

      // weighted 3:1 — new exporters only (sticky ones keep their collector within a set's life)
      rawGot.length = 0;
      await setSets([
        {
          name: 'weighted',
          protocols: ['netflow'],
          algorithm: 'weighted',
          collectors: [
            { address: '127.0.0.1', port: portOf(b), weight: 3 },
            { address: '127.0.0.1', port: raw.address().port, weight: 1 },
          ],
        },
      ]);
      for (const [k, e] of exps.entries()) await exportFrom(e, 10, portOf(a), k);
      for (const [k, e] of exps.entries()) await exportFrom(e, 10, portOf(a), k);
      await settle();
      const w = (await a.host.caps.flows.exporters()).collectorSets[0]!;
      expect(w.algorithm).toBe('weighted');
      expect(w.collectors.map((c) => c.exporters)).toEqual([3, 1]);
      expect(new Set(rawGot.map(sourceIdOf)).size).toBe(1);
    } finally {
      for (const e of exps) e.sock.close();
    }
  });

  it('replicate: every datagram to each collector; other protocols are not forwarded', async () => {
    rawGot.length = 0;
    await setSets([
      {
        name: 'copies',
        protocols: ['netflow'],
        algorithm: 'replicate',
        collectors: [
          { address: '127.0.0.1', port: raw.address().port, weight: 1 },
          { address: '127.0.0.1', port: raw.address().port, weight: 1 },
        ],
      },
    ]);
    const e = await exporter(9);
    try {
      await exportFrom(e, 60, portOf(a), 9);
      // an IPFIX listener's datagram is not in the set
      const ipfixPort = a.host.caps.flows.listeners().find((l) => l.proto === 'ipfix')!.boundPort!;
      await new Promise<void>((r) => e.sock.send(Buffer.from('000a0010000000000000000000000000', 'hex'), ipfixPort, '127.0.0.1', () => r()));
      await settle();
      expect(rawGot.length).toBe(2 * e.sent.length);
      expect(rawGot.map((d) => d.toString('hex')).sort()).toEqual([...e.sent, ...e.sent].map((d) => d.toString('hex')).sort());
    } finally {
      e.sock.close();
    }
  });
});
