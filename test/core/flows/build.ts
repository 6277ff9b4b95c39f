// Hand-built flow export datagrams for the decoder tests: a tiny big-endian writer and
// builders for NetFlow v5, v9, IPFIX and sFlow v5 structures.

export class W {
  private bytes: number[] = [];
  u8(v: number): this { this.bytes.push(v & 0xff); return this; }
  u16(v: number): this { return this.u8(v >>> 8).u8(v); }
  u32(v: number): this { return this.u16(Math.floor(v / 65536) & 0xffff).u16(v & 0xffff); }
  u64(v: number): this { return this.u32(Math.floor(v / 4294967296)).u32(v % 4294967296); }
  ip4(s: string): this { for (const p of s.split('.')) this.u8(Number(p)); return this; }
  ip6(s: string): this { return this.raw(ip6Bytes(s)); }
  mac(s: string): this { for (const p of s.split(':')) this.u8(parseInt(p, 16)); return this; }
  raw(b: ArrayLike<number>): this { for (let i = 0; i < b.length; i++) this.u8(b[i]!); return this; }
  pad(n: number): this { for (let i = 0; i < n; i++) this.u8(0); return this; }
  /** Zero bytes up to a multiple of `m`. */
  align(m: number): this { while (this.bytes.length % m) this.u8(0); return this; }
  get length(): number { return this.bytes.length; }
  out(): Uint8Array { return Uint8Array.from(this.bytes); }
}

export function ip6Bytes(s: string): number[] {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':').filter(Boolean) : [];
  const t = tail ? tail.split(':').filter(Boolean) : [];
  const words = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].map((x) => parseInt(x, 16));
  const out: number[] = [];
  for (const w of words) out.push(w >>> 8, w & 0xff);
  return out;
}

export type Field = [id: number, length: number, enterprise?: number];

/** A set: id, then body, padded to 4 bytes (padding counted in the length) when `pad`. */
export function set(id: number, body: Uint8Array, pad = false): Uint8Array {
  const w = new W().u16(id).u16(0).raw(body);
  if (pad) w.align(4);
  const b = w.out();
  b[2] = b.length >>> 8;
  b[3] = b.length & 0xff;
  return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

// ---- NetFlow v9 ------------------------------------------------------------------

export interface V9Header { sysUptime?: number; unixSecs?: number; seq?: number; sourceId?: number; count?: number }

export function v9(h: V9Header, ...sets: Uint8Array[]): Uint8Array {
  const w = new W().u16(9).u16(h.count ?? sets.length).u32(h.sysUptime ?? 100_000).u32(h.unixSecs ?? 1_768_478_400)
    .u32(h.seq ?? 0).u32(h.sourceId ?? 0);
  return concat(w.out(), ...sets);
}

export function v9TemplateSet(...templates: [id: number, fields: Field[]][]): Uint8Array {
  const w = new W();
  for (const [id, fields] of templates) {
    w.u16(id).u16(fields.length);
    for (const [fid, len] of fields) w.u16(fid).u16(len);
  }
  return set(0, w.out());
}

export function v9OptionsTemplateSet(id: number, scope: Field[], options: Field[]): Uint8Array {
  const w = new W().u16(id).u16(scope.length * 4).u16(options.length * 4);
  for (const [fid, len] of [...scope, ...options]) w.u16(fid).u16(len);
  return set(1, w.out(), true);
}

// ---- IPFIX -----------------------------------------------------------------------

export interface IpfixHeader { exportTime?: number; seq?: number; domain?: number; length?: number }

export function ipfix(h: IpfixHeader, ...sets: Uint8Array[]): Uint8Array {
  const body = concat(...sets);
  const w = new W().u16(10).u16(h.length ?? 16 + body.length).u32(h.exportTime ?? 1_768_478_400).u32(h.seq ?? 0).u32(h.domain ?? 0);
  return concat(w.out(), body);
}

function ipfixFields(w: W, fields: Field[]): void {
  for (const [fid, len, pen] of fields) {
    if (pen) w.u16(fid | 0x8000).u16(len).u32(pen);
    else w.u16(fid).u16(len);
  }
}

export function ipfixTemplateSet(...templates: [id: number, fields: Field[]][]): Uint8Array {
  const w = new W();
  for (const [id, fields] of templates) {
    w.u16(id).u16(fields.length);
    ipfixFields(w, fields);
  }
  return set(2, w.out());
}

export function ipfixOptionsTemplateSet(id: number, scope: Field[], options: Field[]): Uint8Array {
  const w = new W().u16(id).u16(scope.length + options.length).u16(scope.length);
  ipfixFields(w, [...scope, ...options]);
  return set(3, w.out());
}

/** Withdrawal records (template id, field count 0) in a template (2) or options (3) set. */
export function ipfixWithdrawSet(setId: 2 | 3, ...ids: number[]): Uint8Array {
  const w = new W();
  for (const id of ids) w.u16(id).u16(0);
  return set(setId, w.out());
}

// ---- Common data records ------------------------------------------------------------

/** Template of a typical IPv4 flow (v9 and IPFIX). */
export const V4_FIELDS: Field[] = [
  [8, 4], [12, 4], [7, 2], [11, 2], [4, 1], [6, 1], [5, 1], [10, 4], [14, 4], [1, 4], [2, 4], [22, 4], [21, 4], [61, 1],
];
export const V4_RECORD_LEN = 4 + 4 + 2 + 2 + 1 + 1 + 1 + 4 + 4 + 4 + 4 + 4 + 4 + 1;

export interface V4Rec {
  src: string; dst: string; sp: number; dp: number; proto: number; flags: number; tos: number;
  inIf: number; outIf: number; bytes: number; pkts: number; first: number; last: number; dir: number;
}

export function v4Record(r: Partial<V4Rec> = {}): Uint8Array {
  const x: V4Rec = {
    src: '10.0.0.1', dst: '192.0.2.9', sp: 40000, dp: 443, proto: 6, flags: 0x1b, tos: 0xb8,
    inIf: 3, outIf: 7, bytes: 1500, pkts: 3, first: 90_000, last: 99_000, dir: 0, ...r,
  };
  return new W().ip4(x.src).ip4(x.dst).u16(x.sp).u16(x.dp).u8(x.proto).u8(x.flags).u8(x.tos).u32(x.inIf).u32(x.outIf)
    .u32(x.bytes).u32(x.pkts).u32(x.first).u32(x.last).u8(x.dir).out();
}

// ---- NetFlow v5 --------------------------------------------------------------------

export function v5(h: { count?: number; sysUptime?: number; secs?: number; nsecs?: number; seq?: number; engineType?: number; engineId?: number; sampling?: number }, records: Uint8Array[]): Uint8Array {
  const w = new W().u16(5).u16(h.count ?? records.length).u32(h.sysUptime ?? 100_000).u32(h.secs ?? 1_768_478_400)
    .u32(h.nsecs ?? 0).u32(h.seq ?? 0).u8(h.engineType ?? 0).u8(h.engineId ?? 0).u16(h.sampling ?? 0);
  return concat(w.out(), ...records);
}

export function v5Record(r: Partial<V4Rec & { nexthop: string; srcAs: number; dstAs: number }> = {}): Uint8Array {
  const x = { src: '10.0.0.1', dst: '192.0.2.9', nexthop: '10.0.0.254', sp: 40000, dp: 443, proto: 6, flags: 0x1b, tos: 0xb8,
    inIf: 3, outIf: 7, bytes: 1500, pkts: 3, first: 90_000, last: 99_000, srcAs: 64500, dstAs: 64501, ...r };
  return new W().ip4(x.src).ip4(x.dst).ip4(x.nexthop).u16(x.inIf).u16(x.outIf).u32(x.pkts).u32(x.bytes).u32(x.first).u32(x.last)
    .u16(x.sp).u16(x.dp).u8(0).u8(x.flags).u8(x.proto).u8(x.tos).u16(x.srcAs).u16(x.dstAs).u8(24).u8(16).u16(0).out();
}

// ---- sFlow v5 ----------------------------------------------------------------------

export function sflow(h: { agent?: string; subAgent?: number; seq?: number; uptime?: number; count?: number }, samples: Uint8Array[]): Uint8Array {
  const agent = h.agent ?? '192.0.2.1';
  const w = new W().u32(5);
  if (agent.includes(':')) w.u32(2).ip6(agent); else w.u32(1).ip4(agent);
  w.u32(h.subAgent ?? 0).u32(h.seq ?? 1).u32(h.uptime ?? 1000).u32(h.count ?? samples.length);
  return concat(w.out(), ...samples);
}

/** A flow/counter record or sample: format (enterprise<<12 | format), length, body (padded to 4). */
export function xdr(enterprise: number, format: number, body: Uint8Array): Uint8Array {
  const w = new W().u32(enterprise * 4096 + format).u32(0).raw(body).align(4);
  const b = w.out();
  const len = b.length - 8;
  b[4] = len >>> 24; b[5] = (len >>> 16) & 0xff; b[6] = (len >>> 8) & 0xff; b[7] = len & 0xff;
  return b;
}

export function flowSample(s: { seq?: number; sourceIdType?: number; sourceIndex?: number; rate?: number; pool?: number; drops?: number; input?: number; output?: number }, records: Uint8Array[]): Uint8Array {
  const w = new W().u32(s.seq ?? 1).u32(((s.sourceIdType ?? 0) * 16777216) + (s.sourceIndex ?? 3)).u32(s.rate ?? 512).u32(s.pool ?? 1000)
    .u32(s.drops ?? 0).u32(s.input ?? 3).u32(s.output ?? 7).u32(records.length);
  return xdr(0, 1, concat(w.out(), ...records));
}

export function expandedFlowSample(s: { seq?: number; sourceIdType?: number; sourceIndex?: number; rate?: number; input?: number; output?: number }, records: Uint8Array[]): Uint8Array {
  const w = new W().u32(s.seq ?? 1).u32(s.sourceIdType ?? 0).u32(s.sourceIndex ?? 3).u32(s.rate ?? 512).u32(1000).u32(0)
    .u32(0).u32(s.input ?? 3).u32(0).u32(s.output ?? 7).u32(records.length);
  return xdr(0, 3, concat(w.out(), ...records));
}

export function sampledHeader(frameLength: number, header: Uint8Array, protocol = 1, stripped = 4): Uint8Array {
  return xdr(0, 1, new W().u32(protocol).u32(frameLength).u32(stripped).u32(header.length).raw(header).out());
}

export function extendedSwitch(srcVlan: number, dstVlan: number): Uint8Array {
  return xdr(0, 1001, new W().u32(srcVlan).u32(5).u32(dstVlan).u32(0).out());
}

export function extendedRouter(nextHop: string, srcMask: number, dstMask: number): Uint8Array {
  return xdr(0, 1002, new W().u32(1).ip4(nextHop).u32(srcMask).u32(dstMask).out());
}

export function counterSample(seq: number, index: number, records: Uint8Array[]): Uint8Array {
  return xdr(0, 2, concat(new W().u32(seq).u32(index).u32(records.length).out(), ...records));
}

export function genericIfCounters(ifIndex: number, inOctets: number, outOctets: number): Uint8Array {
  const w = new W().u32(ifIndex).u32(6).u64(10_000_000_000).u32(1).u32(3).u64(inOctets).u32(10).u32(2).u32(1).u32(0).u32(0).u32(0)
    .u64(outOctets).u32(20).u32(3).u32(2).u32(0).u32(0).u32(0);
  return xdr(0, 1, w.out());
}

// ---- Packets inside sFlow headers / pcaps ------------------------------------------

export function ethernet(dst: string, src: string, type: number, payload: Uint8Array, vlans: number[] = []): Uint8Array {
  const w = new W().mac(dst).mac(src);
  for (const v of vlans) w.u16(0x8100).u16(v);
  return concat(w.u16(type).out(), payload);
}

export function ipv4Packet(src: string, dst: string, proto: number, l4: Uint8Array, tos = 0, frag = 0x4000): Uint8Array {
  const w = new W().u8(0x45).u8(tos).u16(20 + l4.length).u16(1).u16(frag).u8(64).u8(proto).u16(0).ip4(src).ip4(dst);
  return concat(w.out(), l4);
}

export function ipv6Packet(src: string, dst: string, next: number, l4: Uint8Array, tc = 0): Uint8Array {
  const w = new W().u32(0x60000000 | (tc << 20)).u16(l4.length).u8(next).u8(64).ip6(src).ip6(dst);
  return concat(w.out(), l4);
}

export function tcp(sp: number, dp: number, flags: number): Uint8Array {
  return new W().u16(sp).u16(dp).u32(1).u32(0).u8(0x50).u8(flags).u16(65535).u16(0).u16(0).out();
}

export function udp(sp: number, dp: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return concat(new W().u16(sp).u16(dp).u16(8 + payload.length).u16(0).out(), payload);
}

export function icmp(type: number, code: number): Uint8Array {
  return new W().u8(type).u8(code).u16(0).u32(0x00010001).out();
}
