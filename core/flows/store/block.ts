// A block: up to a few tens of thousands of flow records, stored column by column in one
// SQLite BLOB. Each integer column is written frame-of-reference: its minimum, then every
// value minus the minimum at the narrowest width that holds them all (0 bytes when the
// column is constant, else 1, 2, 4 or 8). Columns start 8-byte aligned and are little-endian
// typed arrays, so encoding and decoding are plain typed-array loops. Addresses take 4
// bytes per row when the block holds IPv4 (or no) addresses only, else 16; MAC columns are
// left out when no row has them. Times are kept in microseconds.
//
// Layout (little-endian):
//   u32 magic 'PFB1' | u32 rows | u8 flags (1 v4only, 2 macs) | 7 pad | f64 reserved
//   u16 exporter count, then per exporter u8 length + UTF-8 text, padded to 8
//   columns in COLUMN order: u8 width, 7 pad, f64 min, data (rows × width), padded to 8
import { FlowBatch } from '../record.js';

const MAGIC = 0x31424650; // 'PFB1'

/** Integer columns, in stored order. */
const INT_COLUMNS = [
  'startUs',
  'endUs',
  'bytes',
  'packets',
  'exporter',
  'domain',
  'inIf',
  'outIf',
  'samplingRate',
  'family',
  'srcPort',
  'dstPort',
  'proto',
  'tcpFlags',
  'dscp',
  'vlan',
  'direction',
  'source',
  'flags',
] as const;

/** A decoded block: a FlowBatch (scaled counters recomputed) plus IPv4 addresses as numbers. */
export class BlockColumns {
  readonly batch = new FlowBatch(1024);
  /** IPv4 source / destination as unsigned 32-bit numbers (0 for other families). */
  src4 = new Uint32Array(1024);
  dst4 = new Uint32Array(1024);
  /** Changes whenever new rows are loaded (per-block caches key on it). */
  generation = 0;
  get length(): number {
    return this.batch.length;
  }
  ensure(n: number): void {
    this.generation++;
    this.batch.reset();
    this.batch.ensure(n);
    if (this.src4.length < n) {
      this.src4 = new Uint32Array(this.batch.capacity);
      this.dst4 = new Uint32Array(this.batch.capacity);
    }
  }
}

export interface BlockSummary {
  rows: number;
  /** Earliest / latest flow end (ms). */
  endMin: number;
  endMax: number;
  bytes: number;
  packets: number;
}

class Out {
  buf: Buffer;
  o = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  need(n: number): void {
    if (this.o + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.o + n) size *= 2;
    const b = Buffer.allocUnsafe(size);
    this.buf.copy(b, 0, 0, this.o);
    this.buf = b;
  }
  align(): void {
    const pad = (8 - (this.o & 7)) & 7;
    this.need(pad);
    this.buf.fill(0, this.o, this.o + pad);
    this.o += pad;
  }
}

type NumCol = { [k: number]: number; length: number };

function colOf(b: FlowBatch, name: (typeof INT_COLUMNS)[number], scratch: { start: Float64Array; end: Float64Array }): NumCol {
  switch (name) {
    case 'startUs':
      return scratch.start;
    case 'endUs':
      return scratch.end;
    default:
      return b[name];
  }
}

function writeInt(out: Out, col: NumCol, n: number): void {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) min = max = 0;
  const span = max - min;
  const w = span === 0 ? 0 : span < 256 ? 1 : span < 65536 ? 2 : span < 4294967296 ? 4 : 8;
  out.need(16 + n * w + 8);
  out.buf[out.o] = w;
  out.buf.fill(0, out.o + 1, out.o + 8);
  out.buf.writeDoubleLE(w === 8 ? 0 : min, out.o + 8);
  out.o += 16;
  const ab = out.buf.buffer;
  const base = out.buf.byteOffset + out.o;
  if (w === 1) {
    const a = new Uint8Array(ab, base, n);
    for (let i = 0; i < n; i++) a[i] = col[i]! - min;
  } else if (w === 2) {
    const a = new Uint16Array(ab, base, n);
    for (let i = 0; i < n; i++) a[i] = col[i]! - min;
  } else if (w === 4) {
    const a = new Uint32Array(ab, base, n);
    for (let i = 0; i < n; i++) a[i] = col[i]! - min;
  } else if (w === 8) {
    const a = new Float64Array(ab, base, n);
    for (let i = 0; i < n; i++) a[i] = col[i]!;
  }
  out.o += n * w;
  out.align();
}

const scratchTimes = { start: new Float64Array(0), end: new Float64Array(0) };

/** Encode rows [0, batch.length) of a batch. Returns the bytes and the block's summary. */
export function encodeBlock(b: FlowBatch): { data: Buffer; summary: BlockSummary } {
  const n = b.length;
  if (scratchTimes.start.length < n) {
    scratchTimes.start = new Float64Array(b.capacity);
    scratchTimes.end = new Float64Array(b.capacity);
  }
  const st = scratchTimes.start;
  const en = scratchTimes.end;
  let v4only = true;
  let macs = false;
  let endMin = Infinity;
  let endMax = -Infinity;
  let bytes = 0;
  let packets = 0;
  const fam = b.family;
  const fl = b.flags;
  for (let i = 0; i < n; i++) {
    st[i] = Math.round(b.startMs[i]! * 1000);
    const e = b.endMs[i]!;
    en[i] = Math.round(e * 1000);
    if (e < endMin) endMin = e;
    if (e > endMax) endMax = e;
    bytes += b.bytesScaled[i]!;
    packets += b.packetsScaled[i]!;
    if (fam[i] === 6) v4only = false;
    if (fl[i]! & 1) macs = true;
  }
  const out = new Out(64 + n * (v4only ? 40 : 64) + (macs ? n * 12 : 0));
  const buf = out.buf;
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(n, 4);
  buf[8] = (v4only ? 1 : 0) | (macs ? 2 : 0);
  buf.fill(0, 9, 24);
  out.o = 24;
  const exp = b.exporters.map((e) => Buffer.from(e, 'utf8').subarray(0, 255));
  out.need(2 + exp.reduce((s, e) => s + 1 + e.length, 0) + 8);
  out.buf.writeUInt16LE(exp.length, out.o);
  out.o += 2;
  for (const e of exp) {
    out.buf[out.o++] = e.length;
    e.copy(out.buf, out.o);
    out.o += e.length;
  }
  out.align();
  for (const c of INT_COLUMNS) writeInt(out, colOf(b, c, scratchTimes), n);
  // addresses
  if (v4only) {
    out.need(n * 8 + 16);
    const ab = out.buf.buffer;
    const s = new Uint32Array(ab, out.buf.byteOffset + out.o, n);
    const d = new Uint32Array(ab, out.buf.byteOffset + out.o + n * 4, n);
    const sa = b.srcAddr;
    const da = b.dstAddr;
    for (let i = 0; i < n; i++) {
      const o = i * 16 + 12;
      s[i] = ((sa[o]! << 24) | (sa[o + 1]! << 16) | (sa[o + 2]! << 8) | sa[o + 3]!) >>> 0;
      d[i] = ((da[o]! << 24) | (da[o + 1]! << 16) | (da[o + 2]! << 8) | da[o + 3]!) >>> 0;
    }
    out.o += n * 8;
  } else {
    out.need(n * 32 + 16);
    out.buf.set(b.srcAddr.subarray(0, n * 16), out.o);
    out.buf.set(b.dstAddr.subarray(0, n * 16), out.o + n * 16);
    out.o += n * 32;
  }
  out.align();
  if (macs) {
    out.need(n * 12 + 16);
    out.buf.set(b.srcMac.subarray(0, n * 6), out.o);
    out.buf.set(b.dstMac.subarray(0, n * 6), out.o + n * 6);
    out.o += n * 12;
    out.align();
  }
  return {
    data: out.buf.subarray(0, out.o),
    summary: { rows: n, endMin: n ? endMin : 0, endMax: n ? endMax : 0, bytes, packets },
  };
}

export class BlockFormatError extends Error {}

/** Decode a block into `into` (its columns are reused). */
export function decodeBlock(data: Uint8Array, into: BlockColumns): void {
  // Work on an 8-aligned copy when the bytes are not aligned (SQLite buffers usually are not).
  let buf = data;
  if ((buf.byteOffset & 7) !== 0) {
    const copy = new Uint8Array(new ArrayBuffer((buf.length + 7) & ~7), 0, buf.length);
    copy.set(buf);
    buf = copy;
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  if (buf.length < 24 || dv.getUint32(0, true) !== MAGIC) throw new BlockFormatError('not a flow block');
  const n = dv.getUint32(4, true);
  const flags = buf[8]!;
  into.ensure(n);
  const b = into.batch;
  let o = 24;
  const count = dv.getUint16(o, true);
  o += 2;
  const dec = new TextDecoder();
  for (let k = 0; k < count; k++) {
    const len = buf[o++]!;
    b.exporterId(dec.decode(buf.subarray(o, o + len)));
    o += len;
  }
  o = (o + 7) & ~7;
  const read = (target: NumCol, scale: number): void => {
    const w = buf[o]!;
    const min = dv.getFloat64(o + 8, true);
    o += 16;
    const base = buf.byteOffset + o;
    if (o + n * w > buf.length) throw new BlockFormatError('a column runs past the block');
    if (w === 0) for (let i = 0; i < n; i++) target[i] = min * scale;
    else if (w === 1) {
      const a = new Uint8Array(buf.buffer, base, n);
      for (let i = 0; i < n; i++) target[i] = (a[i]! + min) * scale;
    } else if (w === 2) {
      const a = new Uint16Array(buf.buffer, base, n);
      for (let i = 0; i < n; i++) target[i] = (a[i]! + min) * scale;
    } else if (w === 4) {
      const a = new Uint32Array(buf.buffer, base, n);
      for (let i = 0; i < n; i++) target[i] = (a[i]! + min) * scale;
    } else if (w === 8) {
      const a = new Float64Array(buf.buffer, base, n);
      for (let i = 0; i < n; i++) target[i] = a[i]! * scale;
    } else throw new BlockFormatError(`bad column width ${w}`);
    o = (o + n * w + 7) & ~7;
  };
  read(b.startMs, 0.001);
  read(b.endMs, 0.001);
  read(b.bytes, 1);
  read(b.packets, 1);
  read(b.exporter, 1);
  read(b.domain, 1);
  read(b.inIf, 1);
  read(b.outIf, 1);
  read(b.samplingRate, 1);
  read(b.family, 1);
  read(b.srcPort, 1);
  read(b.dstPort, 1);
  read(b.proto, 1);
  read(b.tcpFlags, 1);
  read(b.dscp, 1);
  read(b.vlan, 1);
  read(b.direction, 1);
  read(b.source, 1);
  read(b.flags, 1);
  const s4 = into.src4;
  const d4 = into.dst4;
  const sa = b.srcAddr;
  const da = b.dstAddr;
  if (flags & 1) {
    if (o + n * 8 > buf.length) throw new BlockFormatError('addresses run past the block');
    const s = new Uint32Array(buf.buffer, buf.byteOffset + o, n);
    const d = new Uint32Array(buf.buffer, buf.byteOffset + o + n * 4, n);
    for (let i = 0; i < n; i++) {
      const x = s[i]!;
      const y = d[i]!;
      s4[i] = x;
      d4[i] = y;
      const q = i * 16;
      sa.fill(0, q, q + 10);
      da.fill(0, q, q + 10);
      const fam = b.family[i];
      const m = fam === 4 ? 0xff : 0;
      sa[q + 10] = m;
      sa[q + 11] = m;
      da[q + 10] = m;
      da[q + 11] = m;
      sa[q + 12] = x >>> 24;
      sa[q + 13] = (x >>> 16) & 255;
      sa[q + 14] = (x >>> 8) & 255;
      sa[q + 15] = x & 255;
      da[q + 12] = y >>> 24;
      da[q + 13] = (y >>> 16) & 255;
      da[q + 14] = (y >>> 8) & 255;
      da[q + 15] = y & 255;
    }
    o += n * 8;
  } else {
    if (o + n * 32 > buf.length) throw new BlockFormatError('addresses run past the block');
    sa.set(buf.subarray(o, o + n * 16));
    da.set(buf.subarray(o + n * 16, o + n * 32));
    for (let i = 0; i < n; i++) {
      const q = i * 16 + 12;
      const v4 = b.family[i] === 4;
      s4[i] = v4 ? ((sa[q]! << 24) | (sa[q + 1]! << 16) | (sa[q + 2]! << 8) | sa[q + 3]!) >>> 0 : 0;
      d4[i] = v4 ? ((da[q]! << 24) | (da[q + 1]! << 16) | (da[q + 2]! << 8) | da[q + 3]!) >>> 0 : 0;
    }
    o += n * 32;
  }
  o = (o + 7) & ~7;
  if (flags & 2) {
    if (o + n * 12 > buf.length) throw new BlockFormatError('MACs run past the block');
    b.srcMac.set(buf.subarray(o, o + n * 6));
    b.dstMac.set(buf.subarray(o + n * 6, o + n * 12));
  }
  for (let i = 0; i < n; i++) {
    b.bytesScaled[i] = b.bytes[i]! * b.samplingRate[i]!;
    b.packetsScaled[i] = b.packets[i]! * b.samplingRate[i]!;
    b.extraRef[i] = -1;
    b.extraOffset[i] = 0;
  }
  b.length = n;
}
