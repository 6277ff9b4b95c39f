// Reference decoders for the interop tests: what tshark dissects from captured exporter
// datagrams (NetFlow v5/v9, IPFIX, sFlow v5) as Podium's normalized fields, and nfdump's
// totals of the same datagrams replayed to nfcapd / sfcapd.
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUdpDatagrams } from '../../../core/flows/pcap.js';
import type { FlowRecord } from '../../../core/flows/record.js';

export type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tshark(file: string, port: number, dissector: 'cflow' | 'sflow'): Json[] {
  const out = execFileSync('tshark', ['-n', '-r', file, '-d', `udp.port==${port},${dissector}`, '-T', 'json'], {
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out.toString('utf8')) as { _source: { layers: Json } }[]).map((p) => p._source.layers);
}

const num = (v: unknown) => (v === undefined ? undefined : Number(v));
const hex = (v: unknown) => (v === undefined ? undefined : parseInt(String(v), 16));
const secMs = (v: unknown) => Math.round(Number(v) * 1e6) / 1e3; // "0.602000000" s → ms
export function tsharkDate(v: unknown): number {
  // "Jan 15, 2026 12:00:00.602674000 UTC" → ms (sub-ms kept)
  const m = /^(\w+)\s+(\d+), (\d+) (\d+):(\d+):(\d+)\.(\d+) UTC$/.exec(String(v));
  if (!m) throw new Error(`unparsed date ${String(v)}`);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]!);
  return Date.UTC(Number(m[3]), mon, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) + Number(`0.${m[7]}`) * 1000;
}

export type Expected = Partial<Record<keyof FlowRecord, unknown>>;

/** What tshark says about each cflow data record (options records left out), per datagram. */
export function cflowRecords(file: string, port: number): Expected[][] {
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
      const icmp =
        hex(f['cflow.icmp_type_code_ipv4'] ?? f['cflow.icmp_type_code_ipv6']) ??
        (f['cflow.icmp_ipv6_type'] !== undefined ? Number(f['cflow.icmp_ipv6_type']) * 256 + Number(f['cflow.icmp_ipv6_code'] ?? 0) : undefined);
      const vlan = num(f['cflow.vlanid']);
      const srcMac = f['cflow.srcmac'];
      const e: Expected = {
        srcAddr: src,
        dstAddr: f['cflow.dstaddr'] ?? f['cflow.dstaddrv6'],
        srcPort: icmp !== undefined ? 0 : (num(f['cflow.srcport']) ?? 0),
        dstPort: icmp ?? num(f['cflow.dstport']) ?? 0,
        proto,
        tcpFlags: hex(f['cflow.tcpflags']) ?? 0,
        dscp: (hex(f['cflow.tos']) ?? 0) >> 2,
        bytes: Number(f['cflow.octets']),
        packets: Number(f['cflow.packets']),
        inIf: Number(f['cflow.inputint']),
        outIf: Number(f['cflow.outputint']),
        startMs: abs(start),
        endMs: abs(end),
        samplingRate: version === 5 ? 1 : rate,
      };
      if (version !== 5) e.direction = f['cflow.direction'] === '1' ? 'egress' : 'ingress';
      if (vlan !== undefined) e.vlan = vlan === 0 ? null : vlan;
      if (srcMac !== undefined) {
        e.srcMac = srcMac;
        e.dstMac = f['cflow.post_dstmac'] ?? f['cflow.dstmac'];
      }
      packet.push(e);
    }
  }
  return out;
}

/** What tshark says about each sFlow flow sample, per datagram. */
export function sflowSamples(file: string, port: number): Expected[][] {
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
      const ip = tree.ip,
        ip6 = tree.ipv6,
        tcp = tree.tcp,
        udp = tree.udp;
      const icmp = tree.icmp ?? tree.icmpv6;
      const outTree = fs['sflow.flow_sample.output_interface_tree'] as Json | undefined;
      const rate = Number(fs['sflow.flow_sample.sampling_rate']);
      const bytes = Number(hdr?.['sflow_245.header.frame_length']);
      const vlanId = num(tree.vlan?.['vlan.id']) ?? num(sw?.['sflow_245.vlan.in']) ?? 0;
      packet.push({
        srcAddr: ip?.['ip.src'] ?? ip6?.['ipv6.src'],
        dstAddr: ip?.['ip.dst'] ?? ip6?.['ipv6.dst'],
        proto: Number(ip?.['ip.proto'] ?? ip6?.['ipv6.nxt']),
        srcPort: num(tcp?.['tcp.srcport'] ?? udp?.['udp.srcport']) ?? 0,
        dstPort: icmp
          ? Number(icmp['icmp.type'] ?? icmp['icmpv6.type']) * 256 + Number(icmp['icmp.code'] ?? icmp['icmpv6.code'])
          : (num(tcp?.['tcp.dstport'] ?? udp?.['udp.dstport']) ?? 0),
        tcpFlags: tcp ? hex(tcp['tcp.flags']) : 0,
        dscp: Number(
          (ip?.['ip.dsfield_tree'] as Json | undefined)?.['ip.dsfield.dscp'] ?? (ip6?.['ipv6.tclass_tree'] as Json | undefined)?.['ipv6.tclass.dscp'],
        ),
        srcMac: tree.eth?.['eth.src'],
        dstMac: tree.eth?.['eth.dst'],
        vlan: vlanId === 0 ? null : vlanId,
        bytes,
        packets: 1,
        samplingRate: rate,
        bytesScaled: bytes * rate,
        packetsScaled: rate,
        inIf: Number(fs['sflow.flow_sample.input_interface']),
        outIf: Number(outTree?.['sflow.flow_sample.output_interface_value']),
      });
    }
  }
  return out;
}

/**
 * Replay a capture's datagrams (their UDP payloads, in order) to nfcapd — or sfcapd for
 * sFlow — on loopback, then read nfdump's totals. nfcapd cannot read a pcap itself.
 */
export async function nfdumpTotals(
  file: string,
  tmpDirs: string[],
  daemon: 'nfcapd' | 'sfcapd' = 'nfcapd',
): Promise<{ flows: number; bytes: number; packets: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-nfcapd-'));
  tmpDirs.push(dir);
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const port = sock.address().port;
  await new Promise<void>((r) => sock.close(() => r()));
  const nfcapd = spawn(daemon, ['-p', String(port), '-b', '127.0.0.1', '-w', dir, '-t', '3600'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  nfcapd.stdout.on('data', (d) => {
    log += String(d);
  });
  nfcapd.stderr.on('data', (d) => {
    log += String(d);
  });
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
  let flows = 0,
    bytes = 0,
    packets = 0;
  for (const line of summary.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (!m) continue;
    flows++;
    bytes += Number(m[1]);
    packets += Number(m[2]);
  }
  return { flows, bytes, packets };
}
