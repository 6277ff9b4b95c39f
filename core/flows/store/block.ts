// A block: up to a few tens of thousands of flow records, stored column by column. Each
// integer column is written frame-of-reference: its minimum, then every value minus the
// minimum at the narrowest width that holds them all (0 bytes when the column is
// constant, else 1, 2, 4 or 8). Columns start 8-byte aligned and are little-endian typed
// arrays, so encoding and decoding are plain typed-array loops, and a reader can decode
// only the columns a query needs (`need`). Times are kept in microseconds.
//
// Layout, version 2 (little-endian):
//   u32 magic 'PFB2' | u32 rows | u8 flags (2 macs) | 3 pad | u32 v6 rows | f64 reserved
//   u16 exporter count, then per exporter u8 length + UTF-8 text, padded to 8
//   columns in COLUMN order: u8 width, 7 pad, f64 min, data (rows × width), padded to 8
//   src4, dst4: u32 per row (the IPv4 address; 0 for other families), padded to 8
//   IPv6 rows only, in row order: 16 bytes each for the sources, then the destinations
//   MACs when some row has them: 6 bytes per row for the sources, then the destinations
// Version 1 ('PFB1', written before) is still read: its addresses are 4 bytes per row when
// the block is IPv4-only (flags 1), else 16 bytes per row.
import { FlowBatch } from '../record.js';

const MAGIC_V1 = 0x31424650; // 'PFB1'
const MAGIC_V2 = 0x32424650; // 'PFB2'

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

/**
 * What a reader asks a block for (bits). Column bits follow INT_COLUMNS; `Addr` fills
 * `src4`/`dst4` and the 16-byte slots of IPv6 rows (what filters and group keys read);
 * `Addr16` the 16-byte slots of every row (what `recordAt` reads); `Scaled` the scaled
 * counters.
 */
export const Need = {
  Start: 1 << 0,
  End: 1 << 1,
  Bytes: 1 << 2,
  Packets: 1 << 3,
  Exporter: 1 << 4,
  Domain: 1 << 5,
  InIf: 1 << 6,
  OutIf: 1 << 7,
  SamplingRate: 1 << 8,
  Family: 1 << 9,
  SrcPort: 1 << 10,
  DstPort: 1 << 11,
  Proto: 1 << 12,
  TcpFlags: 1 << 13,
  Dscp: 1 << 14,
  Vlan: 1 << 15,
  Direction: 1 << 16,
  Source: 1 << 17,
  Flags: 1 << 18,
  Addr: 1 << 19,
  Addr16: 1 << 20,
  Mac: 1 << 21,
  Scaled: 1 << 22,
  All: (1 << 23) - 1,
} as const;

/** A decoded block: a FlowBatch plus IPv4 addresses as numbers. */
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

// ------------------------------------------------------------------------------ encoding

const pad8 = (n: number) => (n + 7) & ~7;
const widthOf = (span: number) => (span === 0 ? 0 : span < 256 ? 1 : span < 65536 ? 2 : span < 4294967296 ? 4 : 8);

/** Scratch kept between blocks (one encoder per thread): times, widths, minimums, output. */
class Scratch {
  start = new Float64Array(0);
  end = new Float64Array(0);
  src4 = new Uint32Array(0);
  dst4 = new Uint32Array(0);
  readonly width = new Uint8Array(INT_COLUMNS.length);
  readonly min = new Float64Array(INT_COLUMNS.length);
  out = new Uint8Array(0);
  grow(n: number): void {
    if (this.start.length >= n) return;
    this.start = new Float64Array(n);
    this.end = new Float64Array(n);
    this.src4 = new Uint32Array(n);
    this.dst4 = new Uint32Array(n);
  }
}
const scratch = new Scratch();

// min / max of one column, per typed-array type (each loop stays monomorphic)
let gMin = 0;
let gMax = 0;
function rangeF64(a: Float64Array, n: number): void {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  gMin = n ? min : 0;
  gMax = n ? max : 0;
}
function rangeU32(a: Uint32Array, n: number): void {
  let min = 4294967295;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  gMin = n ? min : 0;
  gMax = n ? max : 0;
}
function rangeU16(a: Uint16Array, n: number): void {
  let min = 65535;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  gMin = n ? min : 0;
  gMax = n ? max : 0;
}
function rangeU8(a: Uint8Array, n: number): void {
  let min = 255;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  gMin = n ? min : 0;
  gMax = n ? max : 0;
}

type IntColumn = Float64Array | Uint32Array | Uint16Array | Uint8Array;
const F64 = 0;
const U32 = 1;
const U16 = 2;
const U8 = 3;
/** The typed-array type of each column in the batch (times: Float64 scratch). */
const KIND = [F64, F64, F64, F64, U32, U32, U32, U32, U32, U8, U16, U16, U8, U16, U8, U16, U8, U8, U8] as const;

function columnsOf(b: FlowBatch, s: Scratch): IntColumn[] {
  return [
    s.start,
    s.end,
    b.bytes,
    b.packets,
    b.exporter,
    b.domain,
    b.inIf,
    b.outIf,
    b.samplingRate,
    b.family,
    b.srcPort,
    b.dstPort,
    b.proto,
    b.tcpFlags,
    b.dscp,
    b.vlan,
    b.direction,
    b.source,
    b.flags,
  ];
}

// value − min into a narrower array, per source type
function packF64(src: Float64Array, n: number, min: number, w: number, ab: ArrayBuffer, at: number): void {
  if (w === 1) {
    const a = new Uint8Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  } else if (w === 2) {
    const a = new Uint16Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  } else if (w === 4) {
    const a = new Uint32Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  } else if (w === 8) new Float64Array(ab, at, n).set(src.subarray(0, n));
}
function packU32(src: Uint32Array, n: number, min: number, w: number, ab: ArrayBuffer, at: number): void {
  if (w === 1) {
    const a = new Uint8Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  } else if (w === 2) {
    const a = new Uint16Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  } else if (w === 4) {
    const a = new Uint32Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  }
}
function packU16(src: Uint16Array, n: number, min: number, w: number, ab: ArrayBuffer, at: number): void {
  if (w === 1) {
    const a = new Uint8Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  } else if (w === 2) {
    const a = new Uint16Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  }
}
function packU8(src: Uint8Array, n: number, min: number, w: number, ab: ArrayBuffer, at: number): void {
  if (w === 1) {
    const a = new Uint8Array(ab, at, n);
    for (let i = 0; i < n; i++) a[i] = src[i]! - min;
  }
}

const encoder = new TextEncoder();

/** What one pass over the rows finds (module-level: no allocation per block). */
const pass = { endMin: 0, endMax: 0, bytes: 0, packets: 0, v6: 0, macs: false };

function timesPass(sm: Float64Array, em: Float64Array, st: Float64Array, en: Float64Array, n: number): void {
  let endMin = Infinity;
  let endMax = -Infinity;
  for (let i = 0; i < n; i++) st[i] = Math.round(sm[i]! * 1000);
  for (let i = 0; i < n; i++) {
    const e = em[i]!;
    en[i] = Math.round(e * 1000);
    if (e < endMin) endMin = e;
    if (e > endMax) endMax = e;
  }
  pass.endMin = n ? endMin : 0;
  pass.endMax = n ? endMax : 0;
}

function sumsPass(bs: Float64Array, ps: Float64Array, n: number): void {
  let bytes = 0;
  let packets = 0;
  for (let i = 0; i < n; i++) {
    bytes += bs[i]!;
    packets += ps[i]!;
  }
  pass.bytes = bytes;
  pass.packets = packets;
}

const bswap = (x: number) => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
const words = (a: Uint8Array) => new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2);

function addressPass(fam: Uint8Array, sa: Uint32Array, da: Uint32Array, s4: Uint32Array, d4: Uint32Array, n: number): void {
  let v6 = 0;
  for (let i = 0; i < n; i++) {
    const f = fam[i]!;
    if (f === 4) {
      s4[i] = bswap(sa[i * 4 + 3]!);
      d4[i] = bswap(da[i * 4 + 3]!);
    } else {
      s4[i] = 0;
      d4[i] = 0;
      if (f === 6) v6++;
    }
  }
  pass.v6 = v6;
}

function anyMac(fl: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (fl[i]! & 1) return true;
  return false;
}

function rowsPass(b: FlowBatch, s: Scratch, n: number): void {
  timesPass(b.startMs, b.endMs, s.start, s.end, n);
  sumsPass(b.bytesScaled, b.packetsScaled, n);
  addressPass(b.family, words(b.srcAddr), words(b.dstAddr), s.src4, s.dst4, n);
  pass.macs = anyMac(b.flags, n);
}

function copyV6(fam: Uint8Array, sa: Uint32Array, da: Uint32Array, out: Uint32Array, v6: number, n: number): void {
  let q = 0;
  let r = v6 * 4;
  for (let i = 0; i < n; i++) {
    if (fam[i] !== 6) continue;
    const p = i * 4;
    out[q] = sa[p]!;
    out[q + 1] = sa[p + 1]!;
    out[q + 2] = sa[p + 2]!;
    out[q + 3] = sa[p + 3]!;
    out[r] = da[p]!;
    out[r + 1] = da[p + 1]!;
    out[r + 2] = da[p + 2]!;
    out[r + 3] = da[p + 3]!;
    q += 4;
    r += 4;
  }
}

/**
 * Encode rows [0, batch.length) of a batch into `scratch` (reused by the next call): the
 * returned bytes are valid until then. `encodeBlock` returns a copy of its own.
 */
export function encodeBlockShared(b: FlowBatch): { data: Uint8Array; summary: BlockSummary } {
  const n = b.length;
  const s = scratch;
  s.grow(n);
  rowsPass(b, s, n);
  const { endMin, endMax, bytes, packets, v6, macs } = pass;
  // exporters
  const names = b.exporters.map((e) => {
    const t = encoder.encode(e);
    return t.length > 255 ? t.subarray(0, 255) : t;
  });
  let size = 24 + 2;
  for (const t of names) size += 1 + t.length;
  size = pad8(size);
  // column widths
  const cols = columnsOf(b, s);
  for (let k = 0; k < KIND.length; k++) {
    const c = cols[k]!;
    switch (KIND[k]) {
      case F64:
        rangeF64(c as Float64Array, n);
        break;
      case U32:
        rangeU32(c as Uint32Array, n);
        break;
      case U16:
        rangeU16(c as Uint16Array, n);
        break;
      default:
        rangeU8(c as Uint8Array, n);
    }
    const w = widthOf(gMax - gMin);
    s.width[k] = w;
    s.min[k] = w === 8 ? 0 : gMin;
    size += 16 + pad8(n * w);
  }
  size += pad8(n * 8) + v6 * 32;
  size = pad8(size);
  if (macs) size += pad8(n * 12);
  if (s.out.length < size) s.out = new Uint8Array(Math.max(size, s.out.length * 2));
  const out = s.out;
  const ab = out.buffer as ArrayBuffer;
  const dv = new DataView(ab, 0, size);
  out.fill(0, 0, 24);
  dv.setUint32(0, MAGIC_V2, true);
  dv.setUint32(4, n, true);
  out[8] = macs ? 2 : 0;
  dv.setUint32(12, v6, true);
  let o = 24;
  dv.setUint16(o, names.length, true);
  o += 2;
  for (const t of names) {
    out[o++] = t.length;
    out.set(t, o);
    o += t.length;
  }
  out.fill(0, o, pad8(o));
  o = pad8(o);
  for (let k = 0; k < INT_COLUMNS.length; k++) {
    const w = s.width[k]!;
    const min = s.min[k]!;
    out.fill(0, o, o + 8);
    out[o] = w;
    dv.setFloat64(o + 8, min, true);
    o += 16;
    const c = cols[k]!;
    switch (KIND[k]) {
      case F64:
        packF64(c as Float64Array, n, min, w, ab, o);
        break;
      case U32:
        packU32(c as Uint32Array, n, min, w, ab, o);
        break;
      case U16:
        packU16(c as Uint16Array, n, min, w, ab, o);
        break;
      default:
        packU8(c as Uint8Array, n, min, w, ab, o);
    }
    o += n * w;
    out.fill(0, o, pad8(o));
    o = pad8(o);
  }
  new Uint32Array(ab, o, n).set(s.src4.subarray(0, n));
  new Uint32Array(ab, o + n * 4, n).set(s.dst4.subarray(0, n));
  o += n * 8;
  out.fill(0, o, pad8(o));
  o = pad8(o);
  if (v6 > 0) {
    copyV6(b.family, words(b.srcAddr), words(b.dstAddr), new Uint32Array(ab, o, v6 * 8), v6, n);
    o += v6 * 32;
  }
  out.fill(0, o, pad8(o));
  o = pad8(o);
  if (macs) {
    out.set(b.srcMac.subarray(0, n * 6), o);
    out.set(b.dstMac.subarray(0, n * 6), o + n * 6);
    o += n * 12;
    out.fill(0, o, pad8(o));
    o = pad8(o);
  }
  return {
    data: out.subarray(0, o),
    summary: { rows: n, endMin, endMax, bytes, packets },
  };
}

/** Encode rows [0, batch.length) of a batch. Returns the bytes (its own) and the block's summary. */
export function encodeBlock(b: FlowBatch): { data: Buffer; summary: BlockSummary } {
  const r = encodeBlockShared(b);
  const data = Buffer.allocUnsafeSlow(r.data.length);
  data.set(r.data);
  return { data, summary: r.summary };
}

// ------------------------------------------------------------------------------ decoding

export class BlockFormatError extends Error {}

function unpackF64(buf: Uint8Array, at: number, n: number, w: number, min: number, scale: number, t: Float64Array): void {
  const ab = buf.buffer;
  if (w === 0) t.fill(min * scale, 0, n);
  else if (w === 1) {
    const a = new Uint8Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = (a[i]! + min) * scale;
  } else if (w === 2) {
    const a = new Uint16Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = (a[i]! + min) * scale;
  } else if (w === 4) {
    const a = new Uint32Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = (a[i]! + min) * scale;
  } else {
    const a = new Float64Array(ab, at, n);
    if (scale === 1) t.set(a);
    else for (let i = 0; i < n; i++) t[i] = a[i]! * scale;
  }
}
function unpackU32(buf: Uint8Array, at: number, n: number, w: number, min: number, t: Uint32Array): void {
  const ab = buf.buffer;
  if (w === 0) t.fill(min, 0, n);
  else if (w === 1) {
    const a = new Uint8Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else if (w === 2) {
    const a = new Uint16Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else if (w === 4) {
    const a = new Uint32Array(ab, at, n);
    if (min === 0) t.set(a);
    else for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else {
    const a = new Float64Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]!;
  }
}
function unpackU16(buf: Uint8Array, at: number, n: number, w: number, min: number, t: Uint16Array): void {
  const ab = buf.buffer;
  if (w === 0) t.fill(min, 0, n);
  else if (w === 1) {
    const a = new Uint8Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else if (w === 2) {
    const a = new Uint16Array(ab, at, n);
    if (min === 0) t.set(a);
    else for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else if (w === 4) {
    const a = new Uint32Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else {
    const a = new Float64Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]!;
  }
}
function unpackU8(buf: Uint8Array, at: number, n: number, w: number, min: number, t: Uint8Array): void {
  const ab = buf.buffer;
  if (w === 0) t.fill(min, 0, n);
  else if (w === 1) {
    const a = new Uint8Array(ab, at, n);
    if (min === 0) t.set(a);
    else for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else if (w === 2) {
    const a = new Uint16Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else if (w === 4) {
    const a = new Uint32Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]! + min;
  } else {
    const a = new Float64Array(ab, at, n);
    for (let i = 0; i < n; i++) t[i] = a[i]!;
  }
}

const decoder = new TextDecoder();

/** The rows of a block, from its header (no decoding). */
export function blockRows(data: Uint8Array): number {
  if (data.length < 24) throw new BlockFormatError('not a flow block');
  return (data[4]! | (data[5]! << 8) | (data[6]! << 16) | (data[7]! << 24)) >>> 0;
}

/**
 * Decode a block into `into` (its columns are reused). `need` (Need bits) limits the work
 * to the columns a reader uses; the others keep whatever they held. Default: everything.
 */
export function decodeBlock(data: Uint8Array, into: BlockColumns, need: number = Need.All): void {
  // Work on an 8-aligned copy when the bytes are not aligned (SQLite buffers usually are not).
  let buf = data;
  if ((buf.byteOffset & 7) !== 0) {
    const copy = new Uint8Array(new ArrayBuffer(pad8(buf.length)), 0, buf.length);
    copy.set(buf);
    buf = copy;
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  if (buf.length < 24) throw new BlockFormatError('not a flow block');
  const magic = dv.getUint32(0, true);
  if (magic !== MAGIC_V2 && magic !== MAGIC_V1) throw new BlockFormatError('not a flow block');
  const v2 = magic === MAGIC_V2;
  const n = dv.getUint32(4, true);
  const flags = buf[8]!;
  const v6n = v2 ? dv.getUint32(12, true) : 0;
  // addresses and scaled counters depend on other columns
  if (need & (Need.Addr | Need.Addr16)) need |= Need.Family;
  if (need & Need.Scaled) need |= Need.Bytes | Need.Packets | Need.SamplingRate;
  into.ensure(n);
  const b = into.batch;
  let o = 24;
  const count = dv.getUint16(o, true);
  o += 2;
  for (let k = 0; k < count; k++) {
    const len = buf[o++]!;
    if (o + len > buf.length) throw new BlockFormatError('the exporter table runs past the block');
    b.exporterId(decoder.decode(buf.subarray(o, o + len)));
    o += len;
  }
  o = pad8(o);
  const base = buf.byteOffset;
  for (let k = 0; k < INT_COLUMNS.length; k++) {
    if (o + 16 > buf.length) throw new BlockFormatError('a column runs past the block');
    const w = buf[o]!;
    if (w !== 0 && w !== 1 && w !== 2 && w !== 4 && w !== 8) throw new BlockFormatError(`bad column width ${w}`);
    const min = dv.getFloat64(o + 8, true);
    o += 16;
    if (o + n * w > buf.length) throw new BlockFormatError('a column runs past the block');
    if (need & (1 << k)) {
      const at = base + o;
      switch (k) {
        case 0:
          unpackF64(buf, at, n, w, min, 0.001, b.startMs);
          break;
        case 1:
          unpackF64(buf, at, n, w, min, 0.001, b.endMs);
          break;
        case 2:
          unpackF64(buf, at, n, w, min, 1, b.bytes);
          break;
        case 3:
          unpackF64(buf, at, n, w, min, 1, b.packets);
          break;
        case 4:
          unpackU32(buf, at, n, w, min, b.exporter);
          break;
        case 5:
          unpackU32(buf, at, n, w, min, b.domain);
          break;
        case 6:
          unpackU32(buf, at, n, w, min, b.inIf);
          break;
        case 7:
          unpackU32(buf, at, n, w, min, b.outIf);
          break;
        case 8:
          unpackU32(buf, at, n, w, min, b.samplingRate);
          break;
        case 9:
          unpackU8(buf, at, n, w, min, b.family);
          break;
        case 10:
          unpackU16(buf, at, n, w, min, b.srcPort);
          break;
        case 11:
          unpackU16(buf, at, n, w, min, b.dstPort);
          break;
        case 12:
          unpackU8(buf, at, n, w, min, b.proto);
          break;
        case 13:
          unpackU16(buf, at, n, w, min, b.tcpFlags);
          break;
        case 14:
          unpackU8(buf, at, n, w, min, b.dscp);
          break;
        case 15:
          unpackU16(buf, at, n, w, min, b.vlan);
          break;
        case 16:
          unpackU8(buf, at, n, w, min, b.direction);
          break;
        case 17:
          unpackU8(buf, at, n, w, min, b.source);
          break;
        case 18:
          unpackU8(buf, at, n, w, min, b.flags);
          break;
      }
    }
    o = pad8(o + n * w);
  }
  if (v2) o = decodeAddressesV2(buf, o, n, v6n, into, need);
  else o = decodeAddressesV1(buf, o, n, flags, into, need);
  o = pad8(o);
  if (flags & 2 && need & Need.Mac) {
    if (o + n * 12 > buf.length) throw new BlockFormatError('MACs run past the block');
    b.srcMac.set(buf.subarray(o, o + n * 6));
    b.dstMac.set(buf.subarray(o + n * 6, o + n * 12));
  }
  if (need & Need.Scaled) {
    const bs = b.bytesScaled;
    const ps = b.packetsScaled;
    const by = b.bytes;
    const pk = b.packets;
    const r = b.samplingRate;
    for (let i = 0; i < n; i++) {
      const x = r[i]!;
      bs[i] = by[i]! * x;
      ps[i] = pk[i]! * x;
    }
  }
  b.extraRef.fill(-1, 0, n);
  b.length = n;
}

function put4(a: Uint8Array, q: number, x: number, mapped: boolean): void {
  a.fill(0, q, q + 10);
  const m = mapped ? 0xff : 0;
  a[q + 10] = m;
  a[q + 11] = m;
  a[q + 12] = x >>> 24;
  a[q + 13] = (x >>> 16) & 255;
  a[q + 14] = (x >>> 8) & 255;
  a[q + 15] = x & 255;
}

/** The IPv6 rows' addresses into their 16-byte slots; returns how many rows were IPv6. */
function expandV6(src: Uint32Array, v6n: number, fam: Uint8Array, sa: Uint32Array, da: Uint32Array, n: number): number {
  let q = 0;
  let r = v6n * 4;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (fam[i] !== 6) continue;
    if (j >= v6n) return -1;
    const p = i * 4;
    sa[p] = src[q]!;
    sa[p + 1] = src[q + 1]!;
    sa[p + 2] = src[q + 2]!;
    sa[p + 3] = src[q + 3]!;
    da[p] = src[r]!;
    da[p + 1] = src[r + 1]!;
    da[p + 2] = src[r + 2]!;
    da[p + 3] = src[r + 3]!;
    q += 4;
    r += 4;
    j++;
  }
  return j;
}

/** The other rows' 16-byte slots: IPv4-mapped for IPv4 rows, zero for rows without addresses. */
function expandV4(fam: Uint8Array, s4: Uint32Array, d4: Uint32Array, sa: Uint32Array, da: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const f = fam[i]!;
    if (f === 6) continue;
    const p = i * 4;
    const m = f === 4 ? 0xffff0000 : 0; // bytes 10, 11 = ff ff (little-endian word)
    sa[p] = 0;
    sa[p + 1] = 0;
    sa[p + 2] = m;
    sa[p + 3] = bswap(s4[i]!);
    da[p] = 0;
    da[p + 1] = 0;
    da[p + 2] = m;
    da[p + 3] = bswap(d4[i]!);
  }
}

function decodeAddressesV2(buf: Uint8Array, o: number, n: number, v6n: number, into: BlockColumns, need: number): number {
  if (o + n * 8 > buf.length || pad8(o + n * 8) + v6n * 32 > buf.length) throw new BlockFormatError('addresses run past the block');
  const s4 = into.src4;
  const d4 = into.dst4;
  const b = into.batch;
  if (need & (Need.Addr | Need.Addr16)) {
    s4.set(new Uint32Array(buf.buffer, buf.byteOffset + o, n));
    d4.set(new Uint32Array(buf.buffer, buf.byteOffset + o + n * 4, n));
    const at6 = pad8(o + n * 8);
    const v6 = new Uint32Array(buf.buffer, buf.byteOffset + at6, v6n * 8);
    if (expandV6(v6, v6n, b.family, words(b.srcAddr), words(b.dstAddr), n) !== v6n) throw new BlockFormatError('the IPv6 rows do not match the block');
    if (need & Need.Addr16) expandV4(b.family, s4, d4, words(b.srcAddr), words(b.dstAddr), n);
  }
  return pad8(o + n * 8) + v6n * 32;
}

function decodeAddressesV1(buf: Uint8Array, o: number, n: number, flags: number, into: BlockColumns, need: number): number {
  const s4 = into.src4;
  const d4 = into.dst4;
  const b = into.batch;
  const sa = b.srcAddr;
  const da = b.dstAddr;
  const want = (need & (Need.Addr | Need.Addr16)) !== 0;
  if (flags & 1) {
    if (o + n * 8 > buf.length) throw new BlockFormatError('addresses run past the block');
    if (want) {
      const s = new Uint32Array(buf.buffer, buf.byteOffset + o, n);
      const d = new Uint32Array(buf.buffer, buf.byteOffset + o + n * 4, n);
      for (let i = 0; i < n; i++) {
        const x = s[i]!;
        const y = d[i]!;
        s4[i] = x;
        d4[i] = y;
        const fam = b.family[i];
        put4(sa, i * 16, x, fam === 4);
        put4(da, i * 16, y, fam === 4);
      }
    }
    return o + n * 8;
  }
  if (o + n * 32 > buf.length) throw new BlockFormatError('addresses run past the block');
  if (want) {
    sa.set(buf.subarray(o, o + n * 16));
    da.set(buf.subarray(o + n * 16, o + n * 32));
    for (let i = 0; i < n; i++) {
      const q = i * 16 + 12;
      const v4 = b.family[i] === 4;
      s4[i] = v4 ? ((sa[q]! << 24) | (sa[q + 1]! << 16) | (sa[q + 2]! << 8) | sa[q + 3]!) >>> 0 : 0;
      d4[i] = v4 ? ((da[q]! << 24) | (da[q + 1]! << 16) | (da[q + 2]! << 8) | da[q + 3]!) >>> 0 : 0;
    }
  }
  return o + n * 32;
}
