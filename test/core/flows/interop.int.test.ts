// Interop: Podium's decoders against reference decoders on real exporter datagrams.
//  - field by field against tshark's dissection of the committed softflowd (NetFlow v5,
//    v9, IPFIX) and pmacct (sFlow v5) captures;
//  - byte/packet/flow totals against nfdump, reading what nfcapd collected when the same
//    v9/IPFIX datagrams are replayed to it over loopback UDP;
//  - a fresh corpus made by scripts/flows/make-corpus.mjs decodes cleanly and agrees
//    with tshark's record counts.
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../../core/flows/decoders/capture.js';
import { readUdpDatagrams } from '../../../core/flows/pcap.js';
import { FlowDecoder } from '../../../core/flows/decoders/index.js';
import { FlowBatch, recordAt } from '../../../core/flows/record.js';
import type { FlowRecord } from '../../../core/flows/record.js';

const FIXTURES = new URL('../../fixtures/flows/', import.meta.url);
const fixturePath = (name: string) => new URL(`${name}.pcap`, FIXTURES).pathname;
const corpus = JSON.parse(readFileSync(new URL('corpus.json', FIXTURES), 'utf8')) as {
  captures: Record<string, { port: number; captured: number }>;
};

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmpDirs: string[] = [];
afterAll(() => { for (const d of tmpDirs) rmSync(d, { recursive: true, force: true }); });

function tshark(file: string, port: number, dissector: 'cflow' | 'sflow'): Json[] {
  const out = execFileSync('tshark', ['-n', '-r', file, '-d', `udp.port==${port},${dissector}`, '-T', 'json'], {
    maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out.toString('utf8')) as { _source: { layers: Json } }[]).map((p) => p._source.layers);
}

const num = (v: unknown) => (v === undefined ? undefined : Number(v));
const hex = (v: unknown) => (v === undefined ? undefined : parseInt(String(v), 16));
const secMs = (v: unknown) => Math.round(Number(v) * 1e6) / 1e3; // "0.602000000" s → ms
function tsharkDate(v: unknown): number {
  // "Jan 15, 2026 12:00:00.602674000 UTC" → ms (sub-ms kept)
  const m = /^(\w+)\s+(\d+), (\d+) (\d+):(\d+):(\d+)\.(\d+) UTC$/.exec(String(v));
  if (!m) throw new Error(`unparsed date ${String(v)}`);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]!);
  return Date.UTC(Number(m[3]), mon, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) + Number(`0.${m[7]}`) * 1000;
}

type Expected = Partial<Record<keyof FlowRecord, unknown>>;

/** What tshark says about each cflow data record (options records left out), per datagram. */
function cflowRecords(file: string, port: number): Expected[][] {
  const out: Expected[][] = [];
  let initMs: number | undefined;
  let rate = 1;
  for (const layers of tshark(file, port, 'cflow')) {
    const c = layers.cflow as Json;
    const version = Number(c['cflow.version']);
    const tsTree = c['cflow.timestamp_tree'] as Json | undefined;
    const exportMs = version === 10 ? Number(tsTree?.['cflow.exporttime']) * 1000 : tsharkDate(c['cflow.timestamp']);
    const uptimeMs = version === 10 ? 0 : secMs(c['cflow.sysuptime']);
    const flows: Json[] = [];
    const packet: Expected[] = [];
    out.push(packet);
    for (const [k, v] of Object.entries(c)) {
      if (k.startsWith('pdu ')) flows.push(v as Json);
      else if (/^(FlowSet|Set) \d+ \[id=\d+\] \(\d+ flows\)$/.test(k)) {
        for (const [fk, fv] of Object.entries(v as Json)) if (fk.startsWith('Flow ')) flows.push(fv as Json);
      }
    }
    for (const f of flows) {
      if (f['cflow.sys_init_time'] !== undefined) initMs = tsharkDate(f['cflow.sys_init_time']);
      if (f['cflow.sampling_packet_interval'] !== undefined) {
        rate = (Number(f['cflow.sampling_packet_interval']) + Number(f['cflow.sampling_packet_space'])) / Number(f['cflow.sampling_packet_interval']);
      }
      if (f['cflow.sampling_interval'] !== undefined) rate = Number(f['cflow.sampling_interval']);
      const src = f['cflow.srcaddr'] ?? f['cflow.srcaddrv6'];
      if (src === undefined) continue; // an options record
      const td = (f['cflow.timedelta_tree'] ?? {}) as Json;
      const rel = (key: string) => (td[key] !== undefined ? secMs(td[key]) : 0); // tshark shows a zero start as an absolute 1970 date
      const start = rel('cflow.timestart');
      const end = rel('cflow.timeend');
      const abs = (t: number) => (version === 10 ? initMs! + t : exportMs - (uptimeMs - t));
      const proto = Number(f['cflow.protocol']);
      const icmp = hex(f['cflow.icmp_type_code_ipv4'] ?? f['cflow.icmp_type_code_ipv6']) ??
        (f['cflow.icmp_ipv6_type'] !== undefined ? Number(f['cflow.icmp_ipv6_type']) * 256 + Number(f['cflow.icmp_ipv6_code'] ?? 0) : undefined);
      const vlan = num(f['cflow.vlanid']);
      const srcMac = f['cflow.srcmac'];
      const e: Expected = {
        srcAddr: src, dstAddr: f['cflow.dstaddr'] ?? f['cflow.dstaddrv6'],
        srcPort: icmp !== undefined ? 0 : num(f['cflow.srcport']) ?? 0,
        dstPort: icmp ?? num(f['cflow.dstport']) ?? 0,
        proto, tcpFlags: hex(f['cflow.tcpflags']) ?? 0, dscp: (hex(f['cflow.tos']) ?? 0) >> 2,
        bytes: Number(f['cflow.octets']), packets: Number(f['cflow.packets']),
        inIf: Number(f['cflow.inputint']), outIf: Number(f['cflow.outputint']),
        startMs: abs(start), endMs: abs(end), samplingRate: version === 5 ? 1 : rate,
      };
      if (version !== 5) e.direction = f['cflow.direction'] === '1' ? 'egress' : 'ingress';
      if (vlan !== undefined) e.vlan = vlan === 0 ? null : vlan;
      if (srcMac !== undefined) { e.srcMac = srcMac; e.dstMac = f['cflow.post_dstmac'] ?? f['cflow.dstmac']; }
      packet.push(e);
    }
  }
  return out;
}

/** What tshark says about each sFlow flow sample, per datagram. */
function sflowSamples(file: string, port: number): Expected[][] {
  const out: Expected[][] = [];
  for (const layers of tshark(file, port, 'sflow')) {
    const s = layers.sflow as Json;
    const packet: Expected[] = [];
    out.push(packet);
    for (const [k, v] of Object.entries(s)) {
      if (!/^(Expanded )?[Ff]low sample/.test(k)) continue;
      const fs = v as Json;
      const hdr = fs['Raw packet header'] as Json | undefined;
      const sw = fs['Extended switch data'] as Json | undefined;
      const tree = (hdr?.['sflow_245.header_tree'] ?? {}) as Record<string, Json>;
      const ip = tree.ip, ip6 = tree.ipv6, tcp = tree.tcp, udp = tree.udp;
      const icmp = tree.icmp ?? tree.icmpv6;
      const outTree = fs['sflow.flow_sample.output_interface_tree'] as Json | undefined;
      const rate = Number(fs['sflow.flow_sample.sampling_rate']);
      const bytes = Number(hdr?.['sflow_245.header.frame_length']);
      const vlanId = num(tree.vlan?.['vlan.id']) ?? num(sw?.['sflow_245.vlan.in']) ?? 0;
      packet.push({
        srcAddr: ip?.['ip.src'] ?? ip6?.['ipv6.src'], dstAddr: ip?.['ip.dst'] ?? ip6?.['ipv6.dst'],
        proto: Number(ip?.['ip.proto'] ?? ip6?.['ipv6.nxt']),
        srcPort: num(tcp?.['tcp.srcport'] ?? udp?.['udp.srcport']) ?? 0,
        dstPort: icmp ? Number(icmp['icmp.type'] ?? icmp['icmpv6.type']) * 256 + Number(icmp['icmp.code'] ?? icmp['icmpv6.code']) : num(tcp?.['tcp.dstport'] ?? udp?.['udp.dstport']) ?? 0,
        tcpFlags: tcp ? hex(tcp['tcp.flags']) : 0,
        dscp: Number((ip?.['ip.dsfield_tree'] as Json | undefined)?.['ip.dsfield.dscp'] ?? (ip6?.['ipv6.tclass_tree'] as Json | undefined)?.['ipv6.tclass.dscp']),
        srcMac: tree.eth?.['eth.src'], dstMac: tree.eth?.['eth.dst'],
        vlan: vlanId === 0 ? null : vlanId,
        bytes, packets: 1, samplingRate: rate, bytesScaled: bytes * rate, packetsScaled: rate,
        inIf: Number(fs['sflow.flow_sample.input_interface']), outIf: Number(outTree?.['sflow.flow_sample.output_interface_value']),
      });
    }
  }
  return out;
}

/** Our records, per datagram. */
function decodePerDatagram(file: string): FlowRecord[][] {
  const dec = new FlowDecoder();
  const batch = new FlowBatch();
  const out: FlowRecord[][] = [];
  for (const d of readUdpDatagrams(readFileSync(file))) {
    batch.reset();
    const r = dec.decode(d.payload, d.src, d.tsMs, batch);
    expect(r.errors).toEqual([]);
    out.push(Array.from({ length: batch.length }, (_, i) => recordAt(batch, i)));
  }
  return out;
}

/**
 * Compare datagram by datagram. `prefix`: tshark stops a NetFlow v9 datagram after the
 * header's record count, which softflowd sets too low (it counts flowsets); Podium and
 * nfdump read every flowset up to the datagram's end, so there tshark's records must be
 * the first ones of ours.
 */
function compare(oursPer: FlowRecord[][], theirsPer: Expected[][], prefix = false): number {
  expect(oursPer.length).toBe(theirsPer.length);
  let extra = 0;
  const ours: FlowRecord[] = [];
  const theirs: Expected[] = [];
  for (let p = 0; p < theirsPer.length; p++) {
    const o = oursPer[p]!, t = theirsPer[p]!;
    if (prefix) expect(o.length, `datagram ${p}`).toBeGreaterThanOrEqual(t.length);
    else expect(o.length, `datagram ${p}`).toBe(t.length);
    extra += o.length - t.length;
    ours.push(...o.slice(0, t.length));
    theirs.push(...t);
  }
  expect(ours.length).toBeGreaterThan(0);
  for (let i = 0; i < theirs.length; i++) {
    const t = theirs[i]!;
    const o = ours[i]!;
    for (const [k, v] of Object.entries(t)) {
      const got = o[k as keyof FlowRecord];
      if ((k === 'startMs' || k === 'endMs') && typeof v === 'number') {
        expect(Math.abs((got as number) - v), `record ${i} ${k}: ${String(got)} vs ${v}`).toBeLessThan(0.01);
      } else {
        expect(got, `record ${i} field ${k}`).toEqual(v);
      }
    }
  }
  return extra;
}

const decodeAll = (file: string) => [...decodeCapture(readFileSync(file))];

describe('interop with tshark (field by field)', () => {
  for (const name of ['netflow5', 'netflow9', 'ipfix']) {
    it(`${name} from softflowd`, () => {
      const theirs = cflowRecords(fixturePath(name), corpus.captures[name]!.port);
      const extra = compare(decodePerDatagram(fixturePath(name)), theirs, name === 'netflow9');
      if (name !== 'netflow9') expect(extra).toBe(0);
    });
  }
  it('sflow from pmacct', () => {
    const theirs = sflowSamples(fixturePath('sflow'), corpus.captures.sflow!.port);
    compare(decodePerDatagram(fixturePath('sflow')), theirs);
  });
});

/** Replay a capture's datagrams to nfcapd on loopback, then read nfdump's totals. */
async function nfdumpTotals(file: string): Promise<{ flows: number; bytes: number; packets: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-nfcapd-'));
  tmpDirs.push(dir);
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const port = sock.address().port;
  await new Promise<void>((r) => sock.close(() => r()));
  const nfcapd = spawn('nfcapd', ['-p', String(port), '-b', '127.0.0.1', '-w', dir, '-t', '3600'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  nfcapd.stdout.on('data', (d) => { log += String(d); });
  nfcapd.stderr.on('data', (d) => { log += String(d); });
  try {
    for (let i = 0; i < 100 && !log.includes('Startup'); i++) await sleep(50);
    const tx = createSocket('udp4');
    for (const d of readUdpDatagrams(readFileSync(file))) {
      await new Promise<void>((r) => tx.send(d.payload, port, '127.0.0.1', () => r()));
      await sleep(2);
    }
    tx.close();
    await sleep(500);
  } finally {
    nfcapd.kill('SIGTERM');
    for (let i = 0; i < 100 && nfcapd.exitCode === null; i++) await sleep(50);
    if (nfcapd.exitCode === null) nfcapd.kill('SIGKILL');
  }
  const summary = execFileSync('nfdump', ['-R', dir, '-q', '-o', 'fmt:%byt %pkt'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  let flows = 0, bytes = 0, packets = 0;
  for (const line of summary.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (!m) continue;
    flows++;
    bytes += Number(m[1]);
    packets += Number(m[2]);
  }
  return { flows, bytes, packets };
}

describe('interop with nfcapd/nfdump (totals)', () => {
  for (const name of ['netflow9', 'ipfix']) {
    it(`${name}: flows, bytes and packets agree`, async () => {
      const ours = decodeAll(fixturePath(name));
      const theirs = await nfdumpTotals(fixturePath(name));
      expect(theirs.flows).toBeGreaterThan(0);
      expect({
        flows: ours.length,
        bytes: ours.reduce((a, r) => a + r.bytes, 0),
        packets: ours.reduce((a, r) => a + r.packets, 0),
      }).toEqual(theirs);
    });
  }
});

describe('pcapng written by Wireshark\'s editcap', () => {
  it('decodes to the same records as the pcap it was converted from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-pcapng-'));
    tmpDirs.push(dir);
    for (const name of ['ipfix', 'sflow']) {
      const ng = join(dir, `${name}.pcapng`);
      execFileSync('editcap', ['-F', 'pcapng', fixturePath(name), ng], { stdio: 'ignore' });
      const bytes = readFileSync(ng);
      expect(bytes.readUInt32LE(0)).toBe(0x0a0d0d0a);
      const a = decodeAll(fixturePath(name));
      const b = decodeAll(ng);
      expect(b.length).toBeGreaterThan(0);
      // sFlow rows take the capture time: pcapng stores it at the same resolution.
      expect(b).toEqual(a);
    }
  });
});

describe('a fresh corpus from the real exporters', () => {
  it('make-corpus.mjs produces captures that decode cleanly and match tshark record counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-corpus-'));
    tmpDirs.push(dir);
    const script = new URL('../../../scripts/flows/make-corpus.mjs', import.meta.url).pathname;
    execFileSync('node', [script, '--out', dir, '--flows', '150', '--packets', '1200', '--seed', '11'], { stdio: 'ignore', timeout: 100_000 });
    const made = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as typeof corpus;
    for (const name of ['netflow5', 'netflow9', 'ipfix', 'sflow']) {
      const file = join(dir, `${name}.pcap`);
      const d = decodeCapture(readFileSync(file));
      const ours = [...d];
      const t = d.stats.decoder.totals();
      expect(t.rejectedDatagrams, name).toBe(0);
      const theirs = name === 'sflow' ? sflowSamples(file, made.captures[name]!.port) : cflowRecords(file, made.captures[name]!.port);
      compare(decodePerDatagram(file), theirs, name === 'netflow9');
      expect(ours.length, name).toBeGreaterThan(0);
    }
  });
});
