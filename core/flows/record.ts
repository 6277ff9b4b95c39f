// The normalized flow record, stored column-wise in a reusable batch.
//
// Every decoder (NetFlow v5, v9, IPFIX, sFlow v5) appends rows to a FlowBatch: a
// struct of typed arrays, one entry per record, grown by doubling and cleared with
// reset(). Nothing is allocated per record on the hot path. `recordAt(batch, i)` turns
// one row into a plain JSON-friendly object for the CLI and tests. The layout is
// documented in core/flows/README.md (the store persists batches column by column).
import type { CounterSample } from './decoders/sflow.js';

/** Which protocol a row was decoded from. */
export const FlowSource = { NetflowV5: 5, NetflowV9: 9, Ipfix: 10, SflowV5: 105 } as const;
export type FlowSourceCode = (typeof FlowSource)[keyof typeof FlowSource];

/** Direction of the observation: ingress, egress, or unknown. */
export const Direction = { Ingress: 0, Egress: 1, Unknown: 255 } as const;

/** Per-row flag bits (the `flags` column). */
export const RowFlag = {
  /** srcMac/dstMac hold real addresses. */
  HasMac: 1,
  /** vlan holds a real 802.1Q VLAN id (0 is not a VLAN). */
  HasVlan: 2,
  /** The start/end times are estimated (export or receive time), not read from the record. */
  TimeEstimated: 4,
  /** The record carries fields beyond the normalized columns (see extrasOf). */
  HasExtras: 8,
} as const;

export type AddressFamily = 0 | 4 | 6;

/** A source of the per-record extra fields, materialised only when asked for. */
export interface ExtrasSource {
  /**
   * Decode the extra (non-normalized) fields of the record starting at `offset` in
   * `bytes`. Called lazily by `extrasOf`; never on the decode hot path.
   */
  materialise(bytes: Uint8Array, offset: number): ExtraField[];
}

/** One field outside the normalized columns: an unknown or enterprise IE, or sFlow extended data. */
export interface ExtraField {
  /** IANA (0) or enterprise number (PEN). */
  enterprise: number;
  /** Information element id (IPFIX/v9) or sFlow structure format. */
  id: number;
  /** Name when known, else `e<PEN>.<id>` / `ie<id>`. */
  name: string;
  /** Decoded value: number (unsigned ints ≤ 8 bytes), address or MAC string, text, or hex. */
  value: number | string;
}

interface ExtrasRef {
  bytes: Uint8Array;
  source: ExtrasSource;
}

const INITIAL_CAPACITY = 1024;

/** A batch's columns on their own (each its own ArrayBuffer): what crosses between threads. */
export interface BatchColumns {
  startMs: Float64Array; endMs: Float64Array; bytes: Float64Array; packets: Float64Array;
  bytesScaled: Float64Array; packetsScaled: Float64Array; exporter: Uint32Array;
  domain: Uint32Array; inIf: Uint32Array; outIf: Uint32Array; samplingRate: Uint32Array;
  srcAddr: Uint8Array; dstAddr: Uint8Array; family: Uint8Array; srcPort: Uint16Array;
  dstPort: Uint16Array; proto: Uint8Array; tcpFlags: Uint16Array; dscp: Uint8Array;
  vlan: Uint16Array; srcMac: Uint8Array; dstMac: Uint8Array; direction: Uint8Array;
  source: Uint8Array; flags: Uint8Array; extraRef: Int32Array; extraOffset: Uint32Array;
}

/** The ArrayBuffers of a column set (the transfer list when posting it to another thread). */
export function columnBuffers(cols: BatchColumns): ArrayBuffer[] {
  return Object.values(cols).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
}

/** A columnar batch of normalized flow records. See core/flows/README.md for the layout. */
export class FlowBatch {
  /** Number of rows in use. */
  length = 0;
  /** Rows allocated (columns are this long). */
  capacity = 0;

  /** Flow start / end, milliseconds since the Unix epoch (may carry a fraction). */
  startMs!: Float64Array;
  endMs!: Float64Array;
  /** Octets and packets as exported (not scaled). Counters above 2^53 lose precision. */
  bytes!: Float64Array;
  packets!: Float64Array;
  /** Octets and packets multiplied by the sampling rate in force (≥ 1). */
  bytesScaled!: Float64Array;
  packetsScaled!: Float64Array;
  /** Index into `exporters` (the exporter's address as text). */
  exporter!: Uint32Array;
  /** Observation domain (IPFIX), source ID (v9), engine type<<8|id (v5), sub-agent id (sFlow). */
  domain!: Uint32Array;
  /** Input / output ifIndex (0 = unknown). */
  inIf!: Uint32Array;
  outIf!: Uint32Array;
  /** Sampling rate applied (1 = unsampled). */
  samplingRate!: Uint32Array;
  /** Source / destination addresses, 16 bytes per row; IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d). */
  srcAddr!: Uint8Array;
  dstAddr!: Uint8Array;
  /** 4, 6, or 0 when the record carries no addresses. */
  family!: Uint8Array;
  /** Transport ports. For ICMP/ICMPv6, srcPort is 0 and dstPort is type*256+code. */
  srcPort!: Uint16Array;
  dstPort!: Uint16Array;
  /** IP protocol number. */
  proto!: Uint8Array;
  /** TCP flags (up to 16 bits, RFC 7125). */
  tcpFlags!: Uint16Array;
  /** DSCP (ToS >> 2). */
  dscp!: Uint8Array;
  /** 802.1Q VLAN id (valid when flags has HasVlan). */
  vlan!: Uint16Array;
  /** MAC addresses, 6 bytes per row (valid when flags has HasMac). */
  srcMac!: Uint8Array;
  dstMac!: Uint8Array;
  /** Direction (see Direction). */
  direction!: Uint8Array;
  /** FlowSource code. */
  source!: Uint8Array;
  /** RowFlag bits. */
  flags!: Uint8Array;

  /** Exporter address table, indexed by the `exporter` column. Reset with the batch. */
  exporters: string[] = [];
  private exporterIndex = new Map<string, number>();

  /** sFlow counter samples decoded into this batch (side list, bounded by maxCounters). */
  counters: CounterSample[] = [];
  maxCounters = 65_536;

  /** Lazy extras: per row, an index into extraRefs (-1 none) and the record's byte offset. */
  extraRef!: Int32Array;
  extraOffset!: Uint32Array;
  private extraRefs: ExtrasRef[] = [];
  /**
   * false: rows keep no reference to their datagrams (extras cannot be materialised; the
   * collector stores no extras and reuses nothing per datagram).
   */
  keepExtras = true;

  constructor(capacity = INITIAL_CAPACITY) {
    this.allocate(Math.max(16, capacity));
  }

  private allocate(cap: number): void {
    const old = this.capacity > 0 ? this.snapshotColumns() : null;
    this.startMs = grow(Float64Array, old?.startMs, cap);
    this.endMs = grow(Float64Array, old?.endMs, cap);
    this.bytes = grow(Float64Array, old?.bytes, cap);
    this.packets = grow(Float64Array, old?.packets, cap);
    this.bytesScaled = grow(Float64Array, old?.bytesScaled, cap);
    this.packetsScaled = grow(Float64Array, old?.packetsScaled, cap);
    this.exporter = grow(Uint32Array, old?.exporter, cap);
    this.domain = grow(Uint32Array, old?.domain, cap);
    this.inIf = grow(Uint32Array, old?.inIf, cap);
    this.outIf = grow(Uint32Array, old?.outIf, cap);
    this.samplingRate = grow(Uint32Array, old?.samplingRate, cap);
    this.srcAddr = grow(Uint8Array, old?.srcAddr, cap * 16);
    this.dstAddr = grow(Uint8Array, old?.dstAddr, cap * 16);
    this.family = grow(Uint8Array, old?.family, cap);
    this.srcPort = grow(Uint16Array, old?.srcPort, cap);
    this.dstPort = grow(Uint16Array, old?.dstPort, cap);
    this.proto = grow(Uint8Array, old?.proto, cap);
    this.tcpFlags = grow(Uint16Array, old?.tcpFlags, cap);
    this.dscp = grow(Uint8Array, old?.dscp, cap);
    this.vlan = grow(Uint16Array, old?.vlan, cap);
    this.srcMac = grow(Uint8Array, old?.srcMac, cap * 6);
    this.dstMac = grow(Uint8Array, old?.dstMac, cap * 6);
    this.direction = grow(Uint8Array, old?.direction, cap);
    this.source = grow(Uint8Array, old?.source, cap);
    this.flags = grow(Uint8Array, old?.flags, cap);
    this.extraRef = grow(Int32Array, old?.extraRef, cap);
    this.extraOffset = grow(Uint32Array, old?.extraOffset, cap);
    this.capacity = cap;
  }

  private snapshotColumns(): BatchColumns {
    return {
      startMs: this.startMs, endMs: this.endMs, bytes: this.bytes, packets: this.packets,
      bytesScaled: this.bytesScaled, packetsScaled: this.packetsScaled, exporter: this.exporter,
      domain: this.domain, inIf: this.inIf, outIf: this.outIf, samplingRate: this.samplingRate,
      srcAddr: this.srcAddr, dstAddr: this.dstAddr, family: this.family, srcPort: this.srcPort,
      dstPort: this.dstPort, proto: this.proto, tcpFlags: this.tcpFlags, dscp: this.dscp,
      vlan: this.vlan, srcMac: this.srcMac, dstMac: this.dstMac, direction: this.direction,
      source: this.source, flags: this.flags, extraRef: this.extraRef, extraOffset: this.extraOffset,
    };
  }

  /**
   * Hand the columns over (to another thread, with `columnBuffers()` as the transfer
   * list): the batch is reset and holds no columns until `attachColumns()`.
   */
  detachColumns(): BatchColumns {
    const cols = this.snapshotColumns();
    this.reset();
    this.capacity = 0;
    return cols;
  }

  /** Use `cols` (from `detachColumns()`, maybe of another batch) as this batch's columns; the batch is reset. */
  attachColumns(cols: BatchColumns): void {
    this.reset();
    Object.assign(this, cols);
    this.capacity = cols.startMs.length;
  }

  /** A batch over columns handed over from another thread, with its rows and exporter table. */
  static over(cols: BatchColumns, length: number, exporters: string[]): FlowBatch {
    const b = new FlowBatch(16);
    b.attachColumns(cols);
    for (const e of exporters) b.exporterId(e);
    b.length = length;
    return b;
  }

  /** Forget every row (columns are kept; no memory is freed). */
  reset(): void {
    this.length = 0;
    this.exporters.length = 0;
    this.exporterIndex.clear();
    this.extraRefs.length = 0;
    this.counters.length = 0;
  }

  /** Make room for `n` more rows. */
  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.capacity) return;
    let cap = this.capacity * 2;
    while (cap < need) cap *= 2;
    this.allocate(cap);
  }

  /** The exporter table index for an address (interned per batch). */
  exporterId(address: string): number {
    let id = this.exporterIndex.get(address);
    if (id === undefined) {
      id = this.exporters.length;
      this.exporters.push(address);
      this.exporterIndex.set(address, id);
    }
    return id;
  }

  /** Register a lazy extras source for rows about to be written; returns its ref id. */
  addExtrasRef(bytes: Uint8Array, source: ExtrasSource): number {
    if (!this.keepExtras) return -1;
    const n = this.extraRefs.length;
    const last = n > 0 ? this.extraRefs[n - 1]! : undefined;
    if (last !== undefined && last.bytes === bytes && last.source === source) return n - 1; // the same datagram's next set
    this.extraRefs.push({ bytes, source });
    return n;
  }

  /** @internal used by extrasOf */
  extrasRefAt(ref: number): ExtrasRef | undefined {
    return this.extraRefs[ref];
  }

  /**
   * Append one row with every column set to its neutral value; returns its index.
   * Decoders then fill the columns they know. Callers ensure() capacity first.
   */
  pushBlank(): number {
    const i = this.length++;
    this.startMs[i] = 0;
    this.endMs[i] = 0;
    this.bytes[i] = 0;
    this.packets[i] = 0;
    this.bytesScaled[i] = 0;
    this.packetsScaled[i] = 0;
    this.exporter[i] = 0;
    this.domain[i] = 0;
    this.inIf[i] = 0;
    this.outIf[i] = 0;
    this.samplingRate[i] = 1;
    this.family[i] = 0;
    this.srcPort[i] = 0;
    this.dstPort[i] = 0;
    this.proto[i] = 0;
    this.tcpFlags[i] = 0;
    this.dscp[i] = 0;
    this.vlan[i] = 0;
    this.direction[i] = Direction.Unknown;
    this.source[i] = 0;
    this.flags[i] = 0;
    this.extraRef[i] = -1;
    this.extraOffset[i] = 0;
    return i;
  }
}

type TypedCtor<T> = { new (n: number): T };
function grow<T extends Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array>(
  ctor: TypedCtor<T>,
  old: T | undefined,
  n: number,
): T {
  const a = new ctor(n);
  if (old) (a as unknown as { set(src: ArrayLike<number>): void }).set(old);
  return a;
}

// ---------------------------------------------------------------------------------
// Writing addresses

/** Write an IPv4 address (4 bytes at `off` in `src`) as IPv4-mapped into a 16-byte slot. */
export function putV4(dst: Uint8Array, row: number, src: Uint8Array, off: number): void {
  const o = row * 16;
  dst[o] = 0; dst[o + 1] = 0; dst[o + 2] = 0; dst[o + 3] = 0;
  dst[o + 4] = 0; dst[o + 5] = 0; dst[o + 6] = 0; dst[o + 7] = 0;
  dst[o + 8] = 0; dst[o + 9] = 0; dst[o + 10] = 0xff; dst[o + 11] = 0xff;
  dst[o + 12] = src[off]!; dst[o + 13] = src[off + 1]!; dst[o + 14] = src[off + 2]!; dst[o + 15] = src[off + 3]!;
}

/** Write an IPv6 address (16 bytes at `off` in `src`) into a 16-byte slot. */
export function putV6(dst: Uint8Array, row: number, src: Uint8Array, off: number): void {
  const o = row * 16;
  for (let k = 0; k < 16; k++) dst[o + k] = src[off + k]!;
}

/** Write a MAC (6 bytes at `off` in `src`) into a 6-byte slot. */
export function putMac(dst: Uint8Array, row: number, src: Uint8Array, off: number): void {
  const o = row * 6;
  dst[o] = src[off]!; dst[o + 1] = src[off + 1]!; dst[o + 2] = src[off + 2]!;
  dst[o + 3] = src[off + 3]!; dst[o + 4] = src[off + 4]!; dst[o + 5] = src[off + 5]!;
}

// ---------------------------------------------------------------------------------
// Reading rows

/** One row as a plain, JSON-friendly object. */
export interface FlowRecord {
  source: 'netflow5' | 'netflow9' | 'ipfix' | 'sflow5';
  exporter: string;
  domain: number;
  /** ISO 8601 and epoch milliseconds. */
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  inIf: number;
  outIf: number;
  family: AddressFamily;
  srcAddr: string | null;
  dstAddr: string | null;
  srcPort: number;
  dstPort: number;
  proto: number;
  tcpFlags: number;
  dscp: number;
  bytes: number;
  packets: number;
  bytesScaled: number;
  packetsScaled: number;
  samplingRate: number;
  vlan: number | null;
  srcMac: string | null;
  dstMac: string | null;
  direction: 'ingress' | 'egress' | 'unknown';
  extras?: ExtraField[];
}

const SOURCE_NAMES: Record<number, FlowRecord['source']> = {
  [FlowSource.NetflowV5]: 'netflow5',
  [FlowSource.NetflowV9]: 'netflow9',
  [FlowSource.Ipfix]: 'ipfix',
  [FlowSource.SflowV5]: 'sflow5',
};

/** Dotted text of an IPv4 address held as a 32-bit number. */
export function ipv4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export function formatV4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** RFC 5952 text for 16 bytes at `o`. */
export function formatV6(b: Uint8Array, o: number): string {
  const w: number[] = [];
  for (let k = 0; k < 8; k++) w.push((b[o + 2 * k]! << 8) | b[o + 2 * k + 1]!);
  // IPv4-mapped
  if (w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff) {
    return `::ffff:${formatV4(b, o + 12)}`;
  }
  let bestStart = -1, bestLen = 0;
  for (let k = 0; k < 8; ) {
    if (w[k] !== 0) { k++; continue; }
    let j = k;
    while (j < 8 && w[j] === 0) j++;
    if (j - k > bestLen && j - k >= 2) { bestStart = k; bestLen = j - k; }
    k = j;
  }
  const hex = w.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatMac(b: Uint8Array, o: number): string {
  let s = '';
  for (let k = 0; k < 6; k++) s += (k ? ':' : '') + b[o + k]!.toString(16).padStart(2, '0');
  return s;
}

function addrText(b: Uint8Array, row: number, family: number): string | null {
  if (family === 4) return formatV4(b, row * 16 + 12);
  if (family === 6) return formatV6(b, row * 16);
  return null;
}

function isoOf(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : 'invalid';
}

/** The extra fields of row `i` (decoded lazily from the datagram the row came from). */
export function extrasOf(batch: FlowBatch, i: number): ExtraField[] {
  const ref = batch.extraRef[i]!;
  if (ref < 0) return [];
  const r = batch.extrasRefAt(ref);
  return r ? r.source.materialise(r.bytes, batch.extraOffset[i]!) : [];
}

/** Row `i` as a plain object; with `extras`, the non-normalized fields too. */
export function recordAt(batch: FlowBatch, i: number, opts: { extras?: boolean } = {}): FlowRecord {
  if (i < 0 || i >= batch.length) throw new RangeError(`recordAt: row ${i} outside 0..${batch.length - 1}`);
  const fam = batch.family[i]! as AddressFamily;
  const fl = batch.flags[i]!;
  const dir = batch.direction[i]!;
  const rec: FlowRecord = {
    source: SOURCE_NAMES[batch.source[i]!] ?? 'netflow9',
    exporter: batch.exporters[batch.exporter[i]!] ?? '',
    domain: batch.domain[i]!,
    start: isoOf(batch.startMs[i]!),
    end: isoOf(batch.endMs[i]!),
    startMs: batch.startMs[i]!,
    endMs: batch.endMs[i]!,
    inIf: batch.inIf[i]!,
    outIf: batch.outIf[i]!,
    family: fam,
    srcAddr: addrText(batch.srcAddr, i, fam),
    dstAddr: addrText(batch.dstAddr, i, fam),
    srcPort: batch.srcPort[i]!,
    dstPort: batch.dstPort[i]!,
    proto: batch.proto[i]!,
    tcpFlags: batch.tcpFlags[i]!,
    dscp: batch.dscp[i]!,
    bytes: batch.bytes[i]!,
    packets: batch.packets[i]!,
    bytesScaled: batch.bytesScaled[i]!,
    packetsScaled: batch.packetsScaled[i]!,
    samplingRate: batch.samplingRate[i]!,
    vlan: fl & RowFlag.HasVlan ? batch.vlan[i]! : null,
    srcMac: fl & RowFlag.HasMac ? formatMac(batch.srcMac, i * 6) : null,
    dstMac: fl & RowFlag.HasMac ? formatMac(batch.dstMac, i * 6) : null,
    direction: dir === Direction.Ingress ? 'ingress' : dir === Direction.Egress ? 'egress' : 'unknown',
  };
  if (opts.extras) rec.extras = extrasOf(batch, i);
  return rec;
}
