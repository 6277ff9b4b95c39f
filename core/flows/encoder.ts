// A small exporter: NetFlow v9, IPFIX and sFlow v5 datagrams from plain flow descriptions.
// The lab's traffic and the tests use it; every datagram it writes decodes with Podium's
// decoders and with tshark (test/core/flows/encoder.int.test.ts).
//
// NetFlow v9 and IPFIX carry one IPv4 template (resent every `templateEvery` datagrams and
// at the first); sFlow carries flow samples, each with a sampled Ethernet/IPv4/TCP-UDP
// header built from the flow (one packet of the flow's average size).

export interface ExportFlow {
  src: number; // IPv4 as an unsigned 32-bit number
  dst: number;
  srcPort: number;
  dstPort: number;
  proto: number;
  bytes: number;
  packets: number;
  startMs: number;
  endMs: number;
  tcpFlags: number;
  dscp: number;
  inIf: number;
  outIf: number;
  vlan: number;
  /** 0 ingress, 1 egress. */
  direction: 0 | 1;
}

export function ipv4(text: string): number {
  const p = text.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new Error(`not an IPv4 address: ${text}`);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

export { ipv4Text } from './record.js';

const MTU_PAYLOAD = 1400;

// v9 field types (RFC 3954) and their lengths
const V9_FIELDS: [number, number][] = [
  [1, 4], // IN_BYTES
  [2, 4], // IN_PKTS
  [4, 1], // PROTOCOL
  [5, 1], // SRC_TOS
  [6, 1], // TCP_FLAGS
  [7, 2], // L4_SRC_PORT
  [8, 4], // IPV4_SRC_ADDR
  [10, 4], // INPUT_SNMP
  [11, 2], // L4_DST_PORT
  [12, 4], // IPV4_DST_ADDR
  [14, 4], // OUTPUT_SNMP
  [21, 4], // LAST_SWITCHED
  [22, 4], // FIRST_SWITCHED
  [58, 2], // SRC_VLAN
  [61, 1], // DIRECTION
];
const V9_RECORD = V9_FIELDS.reduce((n, f) => n + f[1], 0);

// IPFIX information elements (RFC 7012)
const IPFIX_FIELDS: [number, number][] = [
  [1, 8], // octetDeltaCount
  [2, 8], // packetDeltaCount
  [4, 1], // protocolIdentifier
  [5, 1], // ipClassOfService
  [6, 2], // tcpControlBits
  [7, 2], // sourceTransportPort
  [8, 4], // sourceIPv4Address
  [10, 4], // ingressInterface
  [11, 2], // destinationTransportPort
  [12, 4], // destinationIPv4Address
  [14, 4], // egressInterface
  [58, 2], // vlanId
  [61, 1], // flowDirection
  [152, 8], // flowStartMilliseconds
  [153, 8], // flowEndMilliseconds
];
const IPFIX_RECORD = IPFIX_FIELDS.reduce((n, f) => n + f[1], 0);
const TEMPLATE_ID = 256;

function put64(b: Buffer, o: number, v: number): void {
  b.writeUInt32BE(Math.floor(v / 4294967296) >>> 0, o);
  b.writeUInt32BE(v >>> 0, o + 4);
}

/**
 * Writes a template set (set id 0 for v9, 2 for IPFIX) holding TEMPLATE_ID with these
 * fields, then the data set's header for `dataLen` bytes of records; returns where the
 * records start.
 */
function writeSets(b: Buffer, o: number, templateSetId: number | null, fields: readonly [number, number][], dataLen: number): number {
  if (templateSetId !== null) {
    b.writeUInt16BE(templateSetId, o);
    b.writeUInt16BE(4 + 4 + 4 * fields.length, o + 2);
    b.writeUInt16BE(TEMPLATE_ID, o + 4);
    b.writeUInt16BE(fields.length, o + 6);
    o += 8;
    for (const [t, l] of fields) {
      b.writeUInt16BE(t, o);
      b.writeUInt16BE(l, o + 2);
      o += 4;
    }
  }
  b.writeUInt16BE(TEMPLATE_ID, o);
  b.writeUInt16BE(dataLen, o + 2);
  return o + 4;
}

export class NetflowV9Encoder {
  private sequence = 0;
  private sent = 0;
  constructor(
    readonly sourceId: number,
    /** When the exporter "booted" (sysUptime zero), ms since the epoch. */
    readonly bootMs: number,
    readonly templateEvery = 20,
  ) {}

  /** Datagrams carrying these flows, exported at `nowMs`. */
  encode(flows: readonly ExportFlow[], nowMs: number): Buffer[] {
    const out: Buffer[] = [];
    const per = Math.floor((MTU_PAYLOAD - 20 - 4 - 8 - 4 * V9_FIELDS.length - 8) / V9_RECORD);
    for (let k = 0; k < flows.length; k += per) {
      out.push(this.datagram(flows.slice(k, k + per), nowMs));
    }
    return out;
  }

  private datagram(flows: readonly ExportFlow[], nowMs: number): Buffer {
    const withTemplate = this.sent % this.templateEvery === 0;
    this.sent++;
    const tplLen = withTemplate ? 4 + 4 + 4 * V9_FIELDS.length : 0;
    const dataLen = 4 + flows.length * V9_RECORD;
    const pad = (4 - (dataLen % 4)) % 4;
    const b = Buffer.alloc(20 + tplLen + dataLen + pad);
    const uptime = (nowMs - this.bootMs) >>> 0;
    b.writeUInt16BE(9, 0);
    b.writeUInt16BE(flows.length + (withTemplate ? 1 : 0), 2);
    b.writeUInt32BE(uptime, 4);
    b.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 8);
    b.writeUInt32BE(this.sequence++ >>> 0, 12);
    b.writeUInt32BE(this.sourceId >>> 0, 16);
    let o = 20;
    // Exported time has whole seconds: uptimes are taken against that second, as a router does.
    const exportSec = Math.floor(nowMs / 1000) * 1000;
    const up = (t: number) => (uptime - (exportSec - Math.round(t))) >>> 0;
    o = writeSets(b, o, withTemplate ? 0 : null, V9_FIELDS, dataLen + pad);
    for (const f of flows) {
      b.writeUInt32BE(Math.min(f.bytes, 0xffffffff) >>> 0, o);
      b.writeUInt32BE(Math.min(f.packets, 0xffffffff) >>> 0, o + 4);
      b[o + 8] = f.proto;
      b[o + 9] = (f.dscp << 2) & 0xff;
      b[o + 10] = f.tcpFlags & 0xff;
      b.writeUInt16BE(f.srcPort, o + 11);
      b.writeUInt32BE(f.src >>> 0, o + 13);
      b.writeUInt32BE(f.inIf >>> 0, o + 17);
      b.writeUInt16BE(f.dstPort, o + 21);
      b.writeUInt32BE(f.dst >>> 0, o + 23);
      b.writeUInt32BE(f.outIf >>> 0, o + 27);
      b.writeUInt32BE(up(f.endMs), o + 31);
      b.writeUInt32BE(up(f.startMs), o + 35);
      b.writeUInt16BE(f.vlan, o + 39);
      b[o + 41] = f.direction;
      o += V9_RECORD;
    }
    return b;
  }
}

export class IpfixEncoder {
  private records = 0;
  private sent = 0;
  constructor(
    readonly domain: number,
    readonly templateEvery = 20,
  ) {}

  encode(flows: readonly ExportFlow[], nowMs: number): Buffer[] {
    const out: Buffer[] = [];
    const per = Math.floor((MTU_PAYLOAD - 16 - 8 - 4 * IPFIX_FIELDS.length - 4) / IPFIX_RECORD);
    for (let k = 0; k < flows.length; k += per) out.push(this.message(flows.slice(k, k + per), nowMs));
    return out;
  }

  private message(flows: readonly ExportFlow[], nowMs: number): Buffer {
    const withTemplate = this.sent % this.templateEvery === 0;
    this.sent++;
    const tplLen = withTemplate ? 4 + 4 + 4 * IPFIX_FIELDS.length : 0;
    const dataLen = 4 + flows.length * IPFIX_RECORD;
    const len = 16 + tplLen + dataLen;
    const b = Buffer.alloc(len);
    b.writeUInt16BE(10, 0);
    b.writeUInt16BE(len, 2);
    b.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 4);
    b.writeUInt32BE(this.records >>> 0, 8);
    b.writeUInt32BE(this.domain >>> 0, 12);
    this.records += flows.length;
    let o = 16;
    o = writeSets(b, o, withTemplate ? 2 : null, IPFIX_FIELDS, dataLen);
    for (const f of flows) {
      put64(b, o, f.bytes);
      put64(b, o + 8, f.packets);
      b[o + 16] = f.proto;
      b[o + 17] = (f.dscp << 2) & 0xff;
      b.writeUInt16BE(f.tcpFlags & 0xffff, o + 18);
      b.writeUInt16BE(f.srcPort, o + 20);
      b.writeUInt32BE(f.src >>> 0, o + 22);
      b.writeUInt32BE(f.inIf >>> 0, o + 26);
      b.writeUInt16BE(f.dstPort, o + 30);
      b.writeUInt32BE(f.dst >>> 0, o + 32);
      b.writeUInt32BE(f.outIf >>> 0, o + 36);
      b.writeUInt16BE(f.vlan, o + 40);
      b[o + 42] = f.direction;
      put64(b, o + 43, Math.round(f.startMs));
      put64(b, o + 51, Math.round(f.endMs));
      o += IPFIX_RECORD;
    }
    return b;
  }
}

/** A sampled packet header (Ethernet, optional 802.1Q, IPv4, TCP/UDP/ICMP) of one packet of the flow. */
function sampledHeader(f: ExportFlow, frameLen: number): Buffer {
  const l4 = f.proto === 6 ? 20 : f.proto === 17 ? 8 : f.proto === 1 ? 8 : 0;
  const tag = f.vlan ? 4 : 0;
  const b = Buffer.alloc(14 + tag + 20 + l4);
  // MACs: locally administered, from the addresses
  b.writeUInt16BE(0x0250, 0);
  b.writeUInt32BE(f.dst >>> 0, 2);
  b.writeUInt16BE(0x0250, 6);
  b.writeUInt32BE(f.src >>> 0, 8);
  let o = 12;
  if (tag) {
    b.writeUInt16BE(0x8100, o);
    b.writeUInt16BE(f.vlan & 0x0fff, o + 2);
    o += 4;
  }
  b.writeUInt16BE(0x0800, o);
  o += 2;
  const ipLen = Math.max(20 + l4, Math.min(65535, frameLen - 14 - tag));
  b[o] = 0x45;
  b[o + 1] = (f.dscp << 2) & 0xff;
  b.writeUInt16BE(ipLen, o + 2);
  b[o + 8] = 64;
  b[o + 9] = f.proto;
  b.writeUInt32BE(f.src >>> 0, o + 12);
  b.writeUInt32BE(f.dst >>> 0, o + 16);
  let sum = 0;
  for (let k = 0; k < 20; k += 2) sum += b.readUInt16BE(o + k);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.writeUInt16BE(~sum & 0xffff, o + 10);
  o += 20;
  if (f.proto === 6) {
    b.writeUInt16BE(f.srcPort, o);
    b.writeUInt16BE(f.dstPort, o + 2);
    b[o + 12] = 0x50;
    b[o + 13] = f.tcpFlags & 0xff;
    b.writeUInt16BE(65535, o + 14);
  } else if (f.proto === 17) {
    b.writeUInt16BE(f.srcPort, o);
    b.writeUInt16BE(f.dstPort, o + 2);
    b.writeUInt16BE(Math.max(8, ipLen - 20), o + 4);
  } else if (f.proto === 1) {
    b[o] = f.dstPort >> 8;
    b[o + 1] = f.dstPort & 0xff;
  }
  return b;
}

export class SflowEncoder {
  private sequence = 0;
  /** Per data source (its input ifIndex): the flow sample sequence number and sample pool,
   *  as sFlow v5 counts them — a collector follows each source's sequence for gaps. */
  private readonly sources = new Map<number, { seq: number; pool: number }>();
  constructor(
    /** The agent's address (IPv4 number). */
    readonly agent: number,
    readonly subAgent: number,
    readonly samplingRate: number,
    readonly bootMs: number,
  ) {}

  /** One flow sample per sampled packet: `samples` packets of each flow. */
  encode(items: readonly { flow: ExportFlow; samples: number }[], nowMs: number): Buffer[] {
    const samples: Buffer[] = [];
    for (const { flow, samples: n } of items) {
      const frame = Math.max(64, Math.min(1518, Math.round(flow.bytes / Math.max(1, flow.packets))));
      const hdr = sampledHeader(flow, frame);
      const padded = (hdr.length + 3) & ~3;
      const index = flow.inIf & 0xffffff;
      let src = this.sources.get(index);
      if (!src) this.sources.set(index, (src = { seq: 0, pool: 0 }));
      for (let k = 0; k < n; k++) {
        src.pool += this.samplingRate;
        const recLen = 16 + padded;
        const s = Buffer.alloc(8 + 32 + 8 + recLen);
        s.writeUInt32BE(1, 0); // enterprise 0, format 1: flow sample
        s.writeUInt32BE(32 + 8 + recLen, 4);
        s.writeUInt32BE(++src.seq >>> 0, 8);
        s.writeUInt32BE(index, 12); // source id: type 0, index
        s.writeUInt32BE(this.samplingRate, 16);
        s.writeUInt32BE(src.pool >>> 0, 20);
        s.writeUInt32BE(0, 24); // drops
        s.writeUInt32BE(flow.inIf >>> 0, 28);
        s.writeUInt32BE(flow.outIf >>> 0, 32);
        s.writeUInt32BE(1, 36); // one record
        s.writeUInt32BE(1, 40); // raw packet header
        s.writeUInt32BE(recLen, 44);
        s.writeUInt32BE(1, 48); // ethernet
        s.writeUInt32BE(frame, 52);
        s.writeUInt32BE(4, 56); // stripped (FCS)
        s.writeUInt32BE(hdr.length, 60);
        hdr.copy(s, 64);
        samples.push(s);
      }
    }
    const out: Buffer[] = [];
    let k = 0;
    while (k < samples.length) {
      let size = 28;
      const take: Buffer[] = [];
      while (k < samples.length && (take.length === 0 || size + samples[k]!.length <= MTU_PAYLOAD)) {
        size += samples[k]!.length;
        take.push(samples[k++]!);
      }
      const h = Buffer.alloc(28);
      h.writeUInt32BE(5, 0);
      h.writeUInt32BE(1, 4);
      h.writeUInt32BE(this.agent >>> 0, 8);
      h.writeUInt32BE(this.subAgent, 12);
      h.writeUInt32BE(++this.sequence >>> 0, 16);
      h.writeUInt32BE((nowMs - this.bootMs) >>> 0, 20);
      h.writeUInt32BE(take.length, 24);
      out.push(Buffer.concat([h, ...take]));
    }
    return out;
  }
}
