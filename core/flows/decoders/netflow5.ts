// NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records.
// A datagram shorter than its declared count keeps its whole records and counts TRUNCATED.
import { decodeError, DecodeErrorCode } from './errors.js';
import type { DecodeError, DecodeResult } from './errors.js';
import { finishDatagram } from './context.js';
import type { DecodeContext } from './context.js';
import { readUint as readUintImported } from './templates.js';
import { Direction as DirectionImported, FlowSource as FlowSourceImported, formatV4, putV4 as putV4Imported, RowFlag as RowFlagImported } from '../record.js';
import type { ExtraField, ExtrasSource, FlowBatch } from '../record.js';

// Hot-path helpers bound locally once (fast under every loader, test transforms included).
const readUint = readUintImported;
const Direction = DirectionImported;
const FlowSource = FlowSourceImported;
const RowFlag = RowFlagImported;
const putV4 = putV4Imported;

const HEADER = 24;
const RECORD = 48;

/** Lazily decodes the v5 fields that have no column: next hop, AS numbers, masks. */
const V5_EXTRAS: ExtrasSource = {
  materialise(b: Uint8Array, o: number): ExtraField[] {
    if (o + RECORD > b.length) return [];
    return [
      { enterprise: 0, id: 15, name: 'ipNextHopIPv4Address', value: formatV4(b, o + 8) },
      { enterprise: 0, id: 16, name: 'bgpSourceAsNumber', value: readUint(b, o + 40, 2) },
      { enterprise: 0, id: 17, name: 'bgpDestinationAsNumber', value: readUint(b, o + 42, 2) },
      { enterprise: 0, id: 9, name: 'sourceIPv4PrefixLength', value: b[o + 44]! },
      { enterprise: 0, id: 13, name: 'destinationIPv4PrefixLength', value: b[o + 45]! },
    ];
  },
};

export function decodeNetflowV5(b: Uint8Array, ctx: DecodeContext, batch: FlowBatch): DecodeResult {
  const st = ctx.stats.exporter(ctx.exporter);
  const errors: DecodeError[] = [];
  const before = batch.length;
  if (b.length < HEADER) {
    errors.push(decodeError(DecodeErrorCode.TRUNCATED, b.length, 'datagram shorter than the 24-byte header'));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  const ver = (b[0]! << 8) | b[1]!;
  if (ver !== 5) {
    errors.push(decodeError(DecodeErrorCode.BAD_VERSION, 0, `version ${ver}, expected 5`));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  const count = (b[2]! << 8) | b[3]!;
  if (count === 0 || count > 30) {
    errors.push(decodeError(DecodeErrorCode.BAD_LENGTH, 2, `record count ${count} (1–30)`));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  const sysUptime = readUint(b, 4, 4);
  const exportMs = readUint(b, 8, 4) * 1000 + readUint(b, 12, 4) / 1e6;
  const seq = readUint(b, 16, 4);
  const domain = (b[20]! << 8) | b[21]!;
  const samp = (b[22]! << 8) | b[23]!;
  const override = ctx.samplingOverride?.get(ctx.exporter);
  const rate = override ?? (samp & 0x3fff || 1);
  let n = count;
  if (b.length < HEADER + RECORD * count) {
    n = Math.floor((b.length - HEADER) / RECORD);
    errors.push(decodeError(DecodeErrorCode.TRUNCATED, HEADER + RECORD * n, `${count} records declared, ${n} present`));
  }
  batch.ensure(n);
  const exporterId = batch.exporterId(ctx.exporter);
  const ref = batch.addExtrasRef(b, V5_EXTRAS);
  for (let k = 0; k < n; k++) {
    const o = HEADER + k * RECORD;
    const row = batch.length;
    putV4(batch.srcAddr, row, b, o);
    putV4(batch.dstAddr, row, b, o + 4);
    const pkts = readUint(b, o + 16, 4);
    const bytes = readUint(b, o + 20, 4);
    const first = readUint(b, o + 24, 4);
    const last = readUint(b, o + 28, 4);
    const proto = b[o + 38]!;
    let sp = (b[o + 32]! << 8) | b[o + 33]!;
    let dp = (b[o + 34]! << 8) | b[o + 35]!;
    if (proto === 1 || proto === 58) {
      // Exporters put type*256+code in one of the ports; keep it in dstPort.
      if (dp === 0 && sp !== 0) dp = sp;
      sp = 0;
    }
    batch.startMs[row] = exportMs - ((sysUptime - first) | 0);
    batch.endMs[row] = exportMs - ((sysUptime - last) | 0);
    batch.bytes[row] = bytes;
    batch.packets[row] = pkts;
    batch.bytesScaled[row] = bytes * rate;
    batch.packetsScaled[row] = pkts * rate;
    batch.exporter[row] = exporterId;
    batch.domain[row] = domain;
    batch.inIf[row] = (b[o + 12]! << 8) | b[o + 13]!;
    batch.outIf[row] = (b[o + 14]! << 8) | b[o + 15]!;
    batch.samplingRate[row] = rate;
    batch.family[row] = 4;
    batch.srcPort[row] = sp;
    batch.dstPort[row] = dp;
    batch.proto[row] = proto;
    batch.tcpFlags[row] = b[o + 37]!;
    batch.dscp[row] = b[o + 39]! >>> 2;
    batch.vlan[row] = 0;
    batch.direction[row] = Direction.Unknown;
    batch.source[row] = FlowSource.NetflowV5;
    batch.flags[row] = RowFlag.HasExtras;
    batch.extraRef[row] = ref;
    batch.extraOffset[row] = o;
    batch.length = row + 1;
  }
  const lost = st.sequence.observe(domain, 0, seq, count, st.counters);
  st.counters.lostRecords += lost;
  return finishDatagram(ctx, st, batch, before, errors);
}

