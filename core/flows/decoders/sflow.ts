// sFlow version 5 (sflow.org "sFlow Version 5", 2004): flow samples and expanded flow
// samples become rows (one sampled packet each, scaled by the sampling rate); counter
// samples are kept on the batch's side list (generic interface counters decoded).
//
// Partly decodable datagrams: samples are framed by their own length, so a sample whose
// content is bad is counted and skipped; a sample length that overruns the datagram
// ends it (samples decoded before stay).
import { decodeError, DecodeErrorCode, MAX_ERRORS_PER_DATAGRAM } from './errors.js';
import type { DecodeError, DecodeResult } from './errors.js';
import { finishDatagram } from './context.js';
import type { DecodeContext } from './context.js';
import type { ExporterStats } from './stats.js';
import { readUint as readUintImported } from './templates.js';
import { Direction as DirectionImported, FlowSource as FlowSourceImported, formatMac, formatV4, formatV6, putMac as putMacImported, putV4 as putV4Imported, putV6 as putV6Imported, RowFlag as RowFlagImported } from '../record.js';
import type { ExtraField, ExtrasSource, FlowBatch } from '../record.js';

// Hot-path helpers bound locally once (fast under every loader, test transforms included).
const readUint = readUintImported;
const Direction = DirectionImported;
const FlowSource = FlowSourceImported;
const RowFlag = RowFlagImported;
const putV4 = putV4Imported;
const putV6 = putV6Imported;
const putMac = putMacImported;

/** Generic interface counters (counter record 0:1). 64-bit counters lose precision above 2^53. */
export interface GenericInterfaceCounters {
  ifIndex: number; ifType: number; ifSpeed: number; ifDirection: number; ifStatus: number;
  inOctets: number; inUcastPkts: number; inMulticastPkts: number; inBroadcastPkts: number;
  inDiscards: number; inErrors: number; inUnknownProtos: number;
  outOctets: number; outUcastPkts: number; outMulticastPkts: number; outBroadcastPkts: number;
  outDiscards: number; outErrors: number; promiscuousMode: number;
}

/** One sFlow counter sample. */
export interface CounterSample {
  exporter: string;
  agent: string;
  subAgent: number;
  sourceIdType: number;
  sourceIdIndex: number;
  sequence: number;
  receivedMs: number;
  /** Generic interface counters when the sample carries them. */
  generic: GenericInterfaceCounters | null;
  /** Every counter record in the sample: enterprise, format, length. */
  records: { enterprise: number; format: number; length: number }[];
}

interface Parsed {
  bytes: number;
  family: number;
  proto: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  dscp: number;
  vlan: number;
  hasMac: boolean;
}

export function decodeSflow(b: Uint8Array, ctx: DecodeContext, batch: FlowBatch): DecodeResult {
  const st = ctx.stats.exporter(ctx.exporter);
  const errors: DecodeError[] = [];
  const before = batch.length;
  if (b.length < 28) {
    errors.push(decodeError(DecodeErrorCode.TRUNCATED, b.length, 'datagram shorter than the sFlow header'));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  const ver = readUint(b, 0, 4);
  if (ver !== 5) {
    errors.push(decodeError(DecodeErrorCode.BAD_VERSION, 0, `sFlow version ${ver}, expected 5`));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  const at = readUint(b, 4, 4);
  if (at !== 1 && at !== 2) {
    errors.push(decodeError(DecodeErrorCode.BAD_SET, 4, `agent address type ${at}`));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  const aLen = at === 1 ? 4 : 16;
  let o = 8 + aLen;
  if (b.length < o + 16) {
    errors.push(decodeError(DecodeErrorCode.TRUNCATED, b.length, 'sFlow header'));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  const agentOff = 8;
  const subAgent = readUint(b, o, 4);
  const seq = readUint(b, o + 4, 4);
  const nSamples = readUint(b, o + 12, 4);
  o += 16;
  st.counters.lostDatagrams += st.sequence.observe(subAgent, 0, seq, 1, st.counters);
  const exporterId = batch.exporterId(ctx.exporter);
  const override = ctx.samplingOverride?.get(ctx.exporter);
  const extras = batch.addExtrasRef(b, SFLOW_EXTRAS);
  const p: Parsed = { bytes: 0, family: 0, proto: 0, srcPort: 0, dstPort: 0, tcpFlags: 0, dscp: 0, vlan: 0, hasMac: false };
  for (let k = 0; k < nSamples; k++) {
    if (b.length - o < 8) {
      errors.push(decodeError(DecodeErrorCode.TRUNCATED, o, `${nSamples} samples declared, ${k} present`));
      break;
    }
    const fmt = readUint(b, o, 4);
    const len = readUint(b, o + 4, 4);
    const body = o + 8;
    if (len > b.length - body) {
      errors.push(decodeError(DecodeErrorCode.TRUNCATED, o + 4, `sample length ${len}, ${b.length - body} bytes left`));
      break;
    }
    const end = body + len;
    const enterprise = fmt >>> 12;
    const format = fmt & 0xfff;
    if (enterprise === 0 && (format === 1 || format === 3)) {
      const err = flowSample(b, body, end, format === 3, subAgent, ctx, st, batch, exporterId, override, extras, o, p);
      if (err) errors.push(err);
    } else if (enterprise === 0 && (format === 2 || format === 4)) {
      const err = counterSample(b, body, end, format === 4, subAgent, at === 1 ? formatV4(b, agentOff) : formatV6(b, agentOff), ctx, st, batch);
      if (err) errors.push(err);
    }
    o = end;
    if (errors.length >= MAX_ERRORS_PER_DATAGRAM) {
      errors.push(decodeError(DecodeErrorCode.BAD_SET, o, `${errors.length} errors: rest of the datagram skipped`));
      break;
    }
  }
  return finishDatagram(ctx, st, batch, before, errors);
}

function flowSample(
  b: Uint8Array, o: number, end: number, expanded: boolean, subAgent: number, ctx: DecodeContext,
  st: ExporterStats, batch: FlowBatch, exporterId: number, override: number | undefined, extrasRef: number,
  sampleOffset: number, p: Parsed,
): DecodeError | null {
  const need = expanded ? 44 : 32;
  if (end - o < need) return decodeError(DecodeErrorCode.TRUNCATED, o, 'flow sample header');
  const seq = readUint(b, o, 4);
  let sourceId: number, srcIndex: number, rate: number, input: number, output: number, nRec: number;
  if (expanded) {
    srcIndex = readUint(b, o + 8, 4);
    sourceId = ((b[o + 7]! << 24) >>> 0) + (srcIndex & 0xffffff);
    rate = readUint(b, o + 12, 4);
    input = readUint(b, o + 24, 4) === 0 ? readUint(b, o + 28, 4) : 0;
    output = readUint(b, o + 32, 4) === 0 ? readUint(b, o + 36, 4) : 0;
    nRec = readUint(b, o + 40, 4);
    o += 44;
  } else {
    sourceId = readUint(b, o + 4, 4);
    srcIndex = sourceId & 0xffffff;
    rate = readUint(b, o + 8, 4);
    const inRaw = readUint(b, o + 20, 4);
    const outRaw = readUint(b, o + 24, 4);
    input = inRaw >>> 30 === 0 ? inRaw & 0x3fffffff : 0;
    output = outRaw >>> 30 === 0 ? outRaw & 0x3fffffff : 0;
    nRec = readUint(b, o + 28, 4);
    o += 32;
  }
  st.counters.lostRecords += st.sampleSequence.observe(subAgent, sourceId, seq, 1, st.counters);
  if (batch.length >= batch.capacity) batch.ensure(1);
  const row = batch.length;
  p.bytes = 0; p.family = 0; p.proto = 0; p.srcPort = 0; p.dstPort = 0; p.tcpFlags = 0; p.dscp = 0; p.vlan = 0; p.hasMac = false;
  let haveHeader = false;
  let switchVlan = 0;
  for (let r = 0; r < nRec; r++) {
    if (end - o < 8) return decodeError(DecodeErrorCode.TRUNCATED, o, `flow sample: ${nRec} records declared, ${r} present`);
    const rf = readUint(b, o, 4);
    const rl = readUint(b, o + 4, 4);
    const rb = o + 8;
    if (rl > end - rb) return decodeError(DecodeErrorCode.TRUNCATED, o + 4, `flow record length ${rl}, ${end - rb} left`);
    if (rf >>> 12 === 0) {
      switch (rf & 0xfff) {
        case 1: { // sampled header
          if (rl < 16) return decodeError(DecodeErrorCode.BAD_LENGTH, o + 4, 'sampled header record');
          const hp = readUint(b, rb, 4);
          const frameLen = readUint(b, rb + 4, 4);
          const hLen = readUint(b, rb + 12, 4);
          if (hLen > rl - 16) return decodeError(DecodeErrorCode.BAD_LENGTH, rb + 12, `header length ${hLen} > record ${rl - 16}`);
          p.bytes = frameLen;
          const h = rb + 16;
          if (hp === 1) parseEthernet(b, h, h + hLen, row, batch, p);
          else if (hp === 11) parseIPv4(b, h, h + hLen, row, batch, p);
          else if (hp === 12) parseIPv6(b, h, h + hLen, row, batch, p);
          haveHeader = true;
          break;
        }
        case 2: // sampled Ethernet
          if (rl >= 24 && !haveHeader) {
            if (!p.bytes) p.bytes = readUint(b, rb, 4);
            putMac(batch.srcMac, row, b, rb + 4);
            putMac(batch.dstMac, row, b, rb + 12);
            p.hasMac = true;
          }
          break;
        case 3: // sampled IPv4
          if (rl >= 32 && !haveHeader) {
            if (!p.bytes) p.bytes = readUint(b, rb, 4);
            p.proto = b[rb + 7]!;
            putV4(batch.srcAddr, row, b, rb + 8);
            putV4(batch.dstAddr, row, b, rb + 12);
            p.family = 4;
            p.srcPort = readUint(b, rb + 16, 4) & 0xffff;
            p.dstPort = readUint(b, rb + 20, 4) & 0xffff;
            p.tcpFlags = readUint(b, rb + 24, 4) & 0xffff;
            p.dscp = (b[rb + 31]! >>> 2) & 0x3f;
          }
          break;
        case 4: // sampled IPv6
          if (rl >= 56 && !haveHeader) {
            if (!p.bytes) p.bytes = readUint(b, rb, 4);
            p.proto = b[rb + 7]!;
            putV6(batch.srcAddr, row, b, rb + 8);
            putV6(batch.dstAddr, row, b, rb + 24);
            p.family = 6;
            p.srcPort = readUint(b, rb + 40, 4) & 0xffff;
            p.dstPort = readUint(b, rb + 44, 4) & 0xffff;
            p.tcpFlags = readUint(b, rb + 48, 4) & 0xffff;
            p.dscp = (b[rb + 55]! >>> 2) & 0x3f;
          }
          break;
        case 1001: // extended switch
          if (rl >= 16) switchVlan = readUint(b, rb, 4) & 0xfff;
          break;
      }
    }
    o = rb + rl;
  }
  if (p.vlan === 0 && switchVlan !== 0) p.vlan = switchVlan;
  if (p.family === 0) {
    batch.srcAddr.fill(0, row * 16, row * 16 + 16);
    batch.dstAddr.fill(0, row * 16, row * 16 + 16);
  }
  if (rate === 0) rate = 1;
  if (override !== undefined) rate = override;
  let flags = RowFlag.TimeEstimated | RowFlag.HasExtras;
  if (p.hasMac) flags |= RowFlag.HasMac;
  if (p.vlan !== 0) flags |= RowFlag.HasVlan;
  batch.startMs[row] = ctx.receivedMs;
  batch.endMs[row] = ctx.receivedMs;
  batch.bytes[row] = p.bytes;
  batch.packets[row] = 1;
  batch.bytesScaled[row] = p.bytes * rate;
  batch.packetsScaled[row] = rate;
  batch.exporter[row] = exporterId;
  batch.domain[row] = subAgent;
  batch.inIf[row] = input;
  batch.outIf[row] = output;
  batch.samplingRate[row] = rate;
  batch.family[row] = p.family;
  batch.srcPort[row] = p.srcPort;
  batch.dstPort[row] = p.dstPort;
  batch.proto[row] = p.proto;
  batch.tcpFlags[row] = p.tcpFlags;
  batch.dscp[row] = p.dscp;
  batch.vlan[row] = p.vlan;
  batch.direction[row] = srcIndex === input && input !== 0 ? Direction.Ingress : srcIndex === output && output !== 0 ? Direction.Egress : Direction.Unknown;
  batch.source[row] = FlowSource.SflowV5;
  batch.flags[row] = flags;
  batch.extraRef[row] = extrasRef;
  batch.extraOffset[row] = sampleOffset;
  batch.length = row + 1;
  return null;
}

/** Ethernet II with up to two 802.1Q / 802.1ad tags (the outer VLAN id is kept). */
function parseEthernet(b: Uint8Array, o: number, end: number, row: number, batch: FlowBatch, p: Parsed): void {
  if (end - o < 14) return;
  putMac(batch.dstMac, row, b, o);
  putMac(batch.srcMac, row, b, o + 6);
  p.hasMac = true;
  let type = (b[o + 12]! << 8) | b[o + 13]!;
  o += 14;
  for (let tags = 0; tags < 3 && (type === 0x8100 || type === 0x88a8 || type === 0x9100); tags++) {
    if (end - o < 4) return;
    if (tags === 0) p.vlan = ((b[o]! << 8) | b[o + 1]!) & 0xfff;
    type = (b[o + 2]! << 8) | b[o + 3]!;
    o += 4;
  }
  if (type === 0x0800) parseIPv4(b, o, end, row, batch, p);
  else if (type === 0x86dd) parseIPv6(b, o, end, row, batch, p);
}

function parseIPv4(b: Uint8Array, o: number, end: number, row: number, batch: FlowBatch, p: Parsed): void {
  if (end - o < 20 || b[o]! >>> 4 !== 4) return;
  const ihl = (b[o]! & 0x0f) * 4;
  if (ihl < 20) return;
  p.dscp = b[o + 1]! >>> 2;
  p.proto = b[o + 9]!;
  putV4(batch.srcAddr, row, b, o + 12);
  putV4(batch.dstAddr, row, b, o + 16);
  p.family = 4;
  const fragOff = ((b[o + 6]! << 8) | b[o + 7]!) & 0x1fff;
  if (fragOff !== 0 || end - o < ihl) return;
  parseL4(b, o + ihl, end, p.proto, p);
}

function parseIPv6(b: Uint8Array, o: number, end: number, row: number, batch: FlowBatch, p: Parsed): void {
  if (end - o < 40 || b[o]! >>> 4 !== 6) return;
  p.dscp = (((b[o]! & 0x0f) << 4) | (b[o + 1]! >>> 4)) >>> 2;
  let next = b[o + 6]!;
  putV6(batch.srcAddr, row, b, o + 8);
  putV6(batch.dstAddr, row, b, o + 24);
  p.family = 6;
  o += 40;
  // Walk extension headers (bounded).
  for (let k = 0; k < 8; k++) {
    if (next === 0 || next === 43 || next === 60) {
      if (end - o < 8) { p.proto = next; return; }
      next = b[o]!;
      o += (b[o + 1]! + 1) * 8;
    } else if (next === 44) {
      if (end - o < 8) { p.proto = next; return; }
      const fragOff = ((b[o + 2]! << 8) | b[o + 3]!) >>> 3;
      next = b[o]!;
      o += 8;
      if (fragOff !== 0) { p.proto = next; return; }
    } else break;
  }
  p.proto = next;
  parseL4(b, o, end, next, p);
}

function parseL4(b: Uint8Array, o: number, end: number, proto: number, p: Parsed): void {
  if (proto === 6) {
    if (end - o < 14) return;
    p.srcPort = (b[o]! << 8) | b[o + 1]!;
    p.dstPort = (b[o + 2]! << 8) | b[o + 3]!;
    p.tcpFlags = b[o + 13]! | ((b[o + 12]! & 0x01) << 8);
  } else if (proto === 17 || proto === 132) {
    if (end - o < 4) return;
    p.srcPort = (b[o]! << 8) | b[o + 1]!;
    p.dstPort = (b[o + 2]! << 8) | b[o + 3]!;
  } else if (proto === 1 || proto === 58) {
    if (end - o < 2) return;
    p.srcPort = 0;
    p.dstPort = (b[o]! << 8) | b[o + 1]!;
  }
}

function counterSample(
  b: Uint8Array, o: number, end: number, expanded: boolean, subAgent: number, agent: string,
  ctx: DecodeContext, st: ExporterStats, batch: FlowBatch,
): DecodeError | null {
  const need = expanded ? 16 : 12;
  if (end - o < need) return decodeError(DecodeErrorCode.TRUNCATED, o, 'counter sample header');
  const seq = readUint(b, o, 4);
  let type: number, index: number, nRec: number;
  if (expanded) {
    type = readUint(b, o + 4, 4);
    index = readUint(b, o + 8, 4);
    nRec = readUint(b, o + 12, 4);
  } else {
    const sid = readUint(b, o + 4, 4);
    type = sid >>> 24;
    index = sid & 0xffffff;
    nRec = readUint(b, o + 8, 4);
  }
  o += need;
  const cs: CounterSample = {
    exporter: ctx.exporter, agent, subAgent, sourceIdType: type, sourceIdIndex: index, sequence: seq,
    receivedMs: ctx.receivedMs, generic: null, records: [],
  };
  for (let r = 0; r < nRec; r++) {
    if (end - o < 8) return decodeError(DecodeErrorCode.TRUNCATED, o, `counter sample: ${nRec} records declared, ${r} present`);
    const rf = readUint(b, o, 4);
    const rl = readUint(b, o + 4, 4);
    const rb = o + 8;
    if (rl > end - rb) return decodeError(DecodeErrorCode.TRUNCATED, o + 4, `counter record length ${rl}, ${end - rb} left`);
    cs.records.push({ enterprise: rf >>> 12, format: rf & 0xfff, length: rl });
    if (rf === 1 && rl >= 88) {
      const u = (k: number, n: number) => readUint(b, rb + k, n);
      cs.generic = {
        ifIndex: u(0, 4), ifType: u(4, 4), ifSpeed: u(8, 8), ifDirection: u(16, 4), ifStatus: u(20, 4),
        inOctets: u(24, 8), inUcastPkts: u(32, 4), inMulticastPkts: u(36, 4), inBroadcastPkts: u(40, 4),
        inDiscards: u(44, 4), inErrors: u(48, 4), inUnknownProtos: u(52, 4),
        outOctets: u(56, 8), outUcastPkts: u(64, 4), outMulticastPkts: u(68, 4), outBroadcastPkts: u(72, 4),
        outDiscards: u(76, 4), outErrors: u(80, 4), promiscuousMode: u(84, 4),
      };
    }
    if (cs.records.length > 64) break;
    o = rb + rl;
  }
  st.counters.counterSamples++;
  if (batch.counters.length < batch.maxCounters) batch.counters.push(cs);
  return null;
}

/** Lazily decodes an sFlow flow sample's extra data: agent, sequence, pool, drops, router data… */
const SFLOW_EXTRAS: ExtrasSource = {
  materialise(b: Uint8Array, o: number): ExtraField[] {
    const at = b.length >= 24 ? readUint(b, 4, 4) : 0;
    const agent = at === 1 ? formatV4(b, 8) : at === 2 && b.length >= 24 ? formatV6(b, 8) : '';
    const out: ExtraField[] = [{ enterprise: 0, id: 0, name: 'agentAddress', value: agent }];
    if (b.length - o < 8) return out;
    const fmt = readUint(b, o, 4);
    const len = readUint(b, o + 4, 4);
    const end = Math.min(b.length, o + 8 + len);
    const expanded = (fmt & 0xfff) === 3;
    let p = o + 8;
    if (end - p < (expanded ? 44 : 32)) return out;
    out.push({ enterprise: 0, id: 0, name: 'sampleSequence', value: readUint(b, p, 4) });
    out.push({ enterprise: 0, id: 0, name: 'samplePool', value: readUint(b, p + (expanded ? 16 : 12), 4) });
    out.push({ enterprise: 0, id: 0, name: 'drops', value: readUint(b, p + (expanded ? 20 : 16), 4) });
    const nRec = readUint(b, p + (expanded ? 40 : 28), 4);
    p += expanded ? 44 : 32;
    for (let r = 0; r < nRec && end - p >= 8; r++) {
      const rf = readUint(b, p, 4);
      const rl = readUint(b, p + 4, 4);
      const rb = p + 8;
      if (rl > end - rb) break;
      const ent = rf >>> 12, f = rf & 0xfff;
      if (ent === 0 && f === 1002 && rl >= 16) {
        const t = readUint(b, rb, 4);
        const al = t === 1 ? 4 : t === 2 ? 16 : 0;
        if (al && rl >= 12 + al) {
          out.push({ enterprise: 0, id: 1002, name: 'nextHop', value: al === 4 ? formatV4(b, rb + 4) : formatV6(b, rb + 4) });
          out.push({ enterprise: 0, id: 1002, name: 'srcMaskLen', value: readUint(b, rb + 4 + al, 4) });
          out.push({ enterprise: 0, id: 1002, name: 'dstMaskLen', value: readUint(b, rb + 8 + al, 4) });
        }
      } else if (ent === 0 && f === 1001 && rl >= 16) {
        out.push({ enterprise: 0, id: 1001, name: 'srcVlan', value: readUint(b, rb, 4) });
        out.push({ enterprise: 0, id: 1001, name: 'srcPriority', value: readUint(b, rb + 4, 4) });
        out.push({ enterprise: 0, id: 1001, name: 'dstVlan', value: readUint(b, rb + 8, 4) });
        out.push({ enterprise: 0, id: 1001, name: 'dstPriority', value: readUint(b, rb + 12, 4) });
      } else if (ent === 0 && f === 1 && rl >= 16) {
        out.push({ enterprise: 0, id: 1, name: 'headerProtocol', value: readUint(b, rb, 4) });
        out.push({ enterprise: 0, id: 1, name: 'stripped', value: readUint(b, rb + 8, 4) });
      } else if (ent === 0 && f === 2 && rl >= 24) {
        out.push({ enterprise: 0, id: 2, name: 'srcMac', value: formatMac(b, rb + 4) });
        out.push({ enterprise: 0, id: 2, name: 'dstMac', value: formatMac(b, rb + 12) });
      } else if (!(ent === 0 && (f === 3 || f === 4))) {
        out.push({ enterprise: ent, id: f, name: `flowRecord.${ent}.${f}`, value: rl });
      }
      p = rb + rl;
    }
    return out;
  },
};
