// Capture file reader: classic pcap (both byte orders, µs and ns) and pcapng (SHB, IDB,
// EPB, SPB and the obsolete PB; both byte orders; several sections and interfaces;
// if_tsresol / if_tsoffset), link types Ethernet (with 802.1Q/802.1ad tags), Linux
// cooked SLL / SLL2, raw IP, IPv4, IPv6, BSD null and OpenBSD loop. It yields the UDP
// datagrams (over IPv4 or IPv6, not fragmented) with their addresses, ports and
// capture time. Every length is checked; a bad file stops with a typed error in the
// stats, never an exception.
import { formatV4, formatV6 } from './record.js';

export interface UdpDatagram {
  /** Capture time, ms since the Unix epoch (fractional). */
  tsMs: number;
  /** Source (exporter) and destination addresses as text, and the UDP ports. */
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  /** The UDP payload (a view into the capture bytes: no copy). */
  payload: Uint8Array;
  /** pcapng interface id (0 for classic pcap). */
  interfaceId: number;
}

export type CaptureErrorCode = 'BAD_MAGIC' | 'TRUNCATED' | 'BAD_BLOCK' | 'UNKNOWN_INTERFACE';

export interface CaptureError {
  code: CaptureErrorCode;
  offset: number;
  detail: string;
}

export interface CaptureStats {
  format: 'pcap' | 'pcapng' | 'unknown';
  /** Packet records read. */
  packets: number;
  /** UDP datagrams yielded. */
  udp: number;
  /** Packets that are not UDP over IPv4/IPv6 (or on an unsupported link type). */
  skipped: number;
  /** IP fragments (not reassembled; skipped). */
  fragments: number;
  /** Packets cut short by the snap length or malformed headers (skipped). */
  truncated: number;
  /** Link types seen that Podium cannot read. */
  unsupportedLinkTypes: number[];
  /** Why reading stopped early, if it did. */
  error: CaptureError | null;
}

export function newCaptureStats(): CaptureStats {
  return { format: 'unknown', packets: 0, udp: 0, skipped: 0, fragments: 0, truncated: 0, unsupportedLinkTypes: [], error: null };
}

// Link types (tcpdump.org/linktypes.html).
export const LinkType = {
  NULL: 0, ETHERNET: 1, RAW_12: 12, RAW_14: 14, LOOP: 108, RAW: 101, LINUX_SLL: 113,
  IPV4: 228, IPV6: 229, LINUX_SLL2: 276,
} as const;

/** Read every UDP datagram of a capture. `stats` (optional) is filled as it goes. */
export function* readUdpDatagrams(bytes: Uint8Array, stats: CaptureStats = newCaptureStats()): Generator<UdpDatagram> {
  if (bytes.length < 4) {
    stats.error = { code: 'TRUNCATED', offset: 0, detail: 'file shorter than a magic number' };
    return;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLE = dv.getUint32(0, true);
  if (magicLE === 0x0a0d0d0a) {
    stats.format = 'pcapng';
    yield* readPcapng(bytes, dv, stats);
    return;
  }
  let le: boolean, nano: boolean;
  if (magicLE === 0xa1b2c3d4) { le = true; nano = false; }
  else if (magicLE === 0xa1b23c4d) { le = true; nano = true; }
  else if (magicLE === 0xd4c3b2a1) { le = false; nano = false; }
  else if (magicLE === 0x4d3cb2a1) { le = false; nano = true; }
  else {
    stats.error = { code: 'BAD_MAGIC', offset: 0, detail: `not a pcap or pcapng file (magic 0x${magicLE.toString(16)})` };
    return;
  }
  stats.format = 'pcap';
  if (bytes.length < 24) {
    stats.error = { code: 'TRUNCATED', offset: 0, detail: 'pcap global header' };
    return;
  }
  // Classic pcap stores the link type in the low 16 bits (the top bits carry FCS info).
  const linkType = dv.getUint32(20, le) & 0xffff;
  let o = 24;
  while (o < bytes.length) {
    if (bytes.length - o < 16) {
      stats.error = { code: 'TRUNCATED', offset: o, detail: 'packet record header' };
      return;
    }
    const sec = dv.getUint32(o, le);
    const frac = dv.getUint32(o + 4, le);
    const capLen = dv.getUint32(o + 8, le);
    if (capLen > bytes.length - o - 16) {
      stats.error = { code: 'TRUNCATED', offset: o + 8, detail: `packet of ${capLen} bytes, ${bytes.length - o - 16} left` };
      return;
    }
    const data = o + 16;
    o = data + capLen;
    stats.packets++;
    const tsMs = sec * 1000 + (nano ? frac / 1e6 : frac / 1e3);
    const d = linkPayload(bytes, data, data + capLen, linkType, stats);
    if (d) {
      d.tsMs = tsMs;
      stats.udp++;
      yield d;
    }
  }
}

interface Iface {
  linkType: number;
  snapLen: number;
  /** Timestamp resolution: 10^-decimal s, or 2^-binary s when binary ≥ 0. */
  decimal: number;
  binary: number;
  offsetSec: number;
}

/** pcapng 64-bit timestamp → ms since the epoch, computed like classic pcap's (sec·1000 + fraction). */
function pcapngMs(iface: Iface, hi: number, lo: number): number {
  const units = (BigInt(hi) << 32n) | BigInt(lo);
  if (iface.binary >= 0) {
    const per = 1n << BigInt(iface.binary);
    return (Number(units / per) + iface.offsetSec) * 1000 + (Number(units % per) * 1000) / Number(per);
  }
  const r = iface.decimal;
  const per = 10n ** BigInt(r);
  const frac = Number(units % per);
  return (Number(units / per) + iface.offsetSec) * 1000 + (r >= 3 ? frac / 10 ** (r - 3) : frac * 10 ** (3 - r));
}

function* readPcapng(bytes: Uint8Array, dv: DataView, stats: CaptureStats): Generator<UdpDatagram> {
  let o = 0;
  let le = true;
  let ifaces: Iface[] = [];
  while (o < bytes.length) {
    if (bytes.length - o < 12) {
      stats.error = { code: 'TRUNCATED', offset: o, detail: 'block header' };
      return;
    }
    const typeLE = dv.getUint32(o, true);
    if (typeLE === 0x0a0d0d0a) {
      // Section header: its byte-order magic decides how to read the section.
      const bom = dv.getUint32(o + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else {
        stats.error = { code: 'BAD_MAGIC', offset: o + 8, detail: 'pcapng byte-order magic' };
        return;
      }
      ifaces = [];
    }
    const type = dv.getUint32(o, le);
    const len = dv.getUint32(o + 4, le);
    if (len < 12 || len % 4 !== 0 || len > bytes.length - o) {
      stats.error = { code: len > bytes.length - o ? 'TRUNCATED' : 'BAD_BLOCK', offset: o + 4, detail: `block type 0x${type.toString(16)} length ${len}` };
      return;
    }
    if (dv.getUint32(o + len - 4, le) !== len) {
      stats.error = { code: 'BAD_BLOCK', offset: o + len - 4, detail: 'trailing block length differs' };
      return;
    }
    const body = o + 8;
    const bodyEnd = o + len - 4;
    o += len;
    if (type === 1) {
      if (bodyEnd - body < 8) {
        stats.error = { code: 'BAD_BLOCK', offset: body, detail: 'interface description block' };
        return;
      }
      const iface: Iface = { linkType: dv.getUint16(body, le), snapLen: dv.getUint32(body + 4, le), decimal: 6, binary: -1, offsetSec: 0 };
      // Options.
      let p = body + 8;
      while (bodyEnd - p >= 4) {
        const code = dv.getUint16(p, le);
        const olen = dv.getUint16(p + 2, le);
        const v = p + 4;
        if (olen > bodyEnd - v) break;
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const r = bytes[v]!;
          // Bounded: beyond 10^-18 / 2^-63 a timestamp unit is meaningless.
          if (r & 0x80) { iface.binary = Math.min(r & 0x7f, 63); iface.decimal = 0; }
          else { iface.decimal = Math.min(r, 18); iface.binary = -1; }
        } else if (code === 14 && olen >= 8) {
          iface.offsetSec = Number(dv.getBigInt64(v, le));
        }
        p = v + ((olen + 3) & ~3);
      }
      if (ifaces.length < 65536) ifaces.push(iface);
    } else if (type === 6 || type === 2) {
      // Enhanced packet block (or the obsolete packet block).
      if (bodyEnd - body < 20) {
        stats.error = { code: 'BAD_BLOCK', offset: body, detail: 'packet block' };
        return;
      }
      const ifId = type === 6 ? dv.getUint32(body, le) : dv.getUint16(body, le);
      const iface = ifaces[ifId];
      if (!iface) {
        stats.error = { code: 'UNKNOWN_INTERFACE', offset: body, detail: `interface ${ifId} not described` };
        return;
      }
      const hi = dv.getUint32(body + 4, le);
      const lo = dv.getUint32(body + 8, le);
      const capLen = dv.getUint32(body + 12, le);
      const data = body + 20;
      if (capLen > bodyEnd - data) {
        stats.error = { code: 'BAD_BLOCK', offset: body + 12, detail: `captured length ${capLen} > block` };
        return;
      }
      stats.packets++;
      const d = linkPayload(bytes, data, data + capLen, iface.linkType, stats);
      if (d) {
        d.tsMs = pcapngMs(iface, hi, lo);
        d.interfaceId = ifId;
        stats.udp++;
        yield d;
      }
    } else if (type === 3) {
      // Simple packet block: interface 0, no timestamp.
      const iface = ifaces[0];
      if (!iface) {
        stats.error = { code: 'UNKNOWN_INTERFACE', offset: body, detail: 'simple packet block without interface 0' };
        return;
      }
      if (bodyEnd - body < 4) {
        stats.error = { code: 'BAD_BLOCK', offset: body, detail: 'simple packet block' };
        return;
      }
      const orig = dv.getUint32(body, le);
      let capLen = Math.min(orig, bodyEnd - body - 4);
      if (iface.snapLen > 0) capLen = Math.min(capLen, iface.snapLen);
      stats.packets++;
      const data = body + 4;
      const d = linkPayload(bytes, data, data + capLen, iface.linkType, stats);
      if (d) {
        d.tsMs = NaN;
        stats.udp++;
        yield d;
      }
    }
    // Other blocks (name resolution, statistics, custom…) are skipped.
  }
}

function be16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

/** The UDP datagram inside one link-layer frame, or null (counted in stats). */
function linkPayload(b: Uint8Array, o: number, end: number, linkType: number, stats: CaptureStats): UdpDatagram | null {
  let etherType = -1;
  switch (linkType) {
    case LinkType.ETHERNET: {
      if (end - o < 14) { stats.truncated++; return null; }
      etherType = be16(b, o + 12);
      o += 14;
      for (let k = 0; k < 3 && (etherType === 0x8100 || etherType === 0x88a8 || etherType === 0x9100); k++) {
        if (end - o < 4) { stats.truncated++; return null; }
        etherType = be16(b, o + 2);
        o += 4;
      }
      break;
    }
    case LinkType.LINUX_SLL:
      if (end - o < 16) { stats.truncated++; return null; }
      etherType = be16(b, o + 14);
      o += 16;
      break;
    case LinkType.LINUX_SLL2:
      if (end - o < 20) { stats.truncated++; return null; }
      etherType = be16(b, o);
      o += 20;
      break;
    case LinkType.NULL:
    case LinkType.LOOP:
      // 4-byte address family, in the capturing host's or network byte order: the IP
      // version nibble that follows tells more reliably.
      if (end - o < 5) { stats.truncated++; return null; }
      o += 4;
      etherType = -2;
      break;
    case LinkType.RAW:
    case LinkType.RAW_12:
    case LinkType.RAW_14:
      etherType = -2;
      break;
    case LinkType.IPV4:
      etherType = 0x0800;
      break;
    case LinkType.IPV6:
      etherType = 0x86dd;
      break;
    default:
      if (!stats.unsupportedLinkTypes.includes(linkType) && stats.unsupportedLinkTypes.length < 16) stats.unsupportedLinkTypes.push(linkType);
      stats.skipped++;
      return null;
  }
  if (etherType === -2) {
    if (end - o < 1) { stats.truncated++; return null; }
    const v = b[o]! >>> 4;
    etherType = v === 4 ? 0x0800 : v === 6 ? 0x86dd : -1;
  }
  if (etherType === 0x0800) return ipv4Udp(b, o, end, stats);
  if (etherType === 0x86dd) return ipv6Udp(b, o, end, stats);
  stats.skipped++;
  return null;
}

function ipv4Udp(b: Uint8Array, o: number, end: number, stats: CaptureStats): UdpDatagram | null {
  if (end - o < 20 || b[o]! >>> 4 !== 4) { stats.truncated++; return null; }
  const ihl = (b[o]! & 0x0f) * 4;
  const total = be16(b, o + 2);
  if (ihl < 20 || total < ihl || end - o < ihl) { stats.truncated++; return null; }
  if (b[o + 9] !== 17) { stats.skipped++; return null; }
  const frag = be16(b, o + 6);
  if (frag & 0x3fff) { stats.fragments++; return null; } // MF set or offset ≠ 0
  const ipEnd = Math.min(end, o + total);
  return udp(b, o + ihl, ipEnd, o + total > end, formatV4(b, o + 12), formatV4(b, o + 16), stats);
}

function ipv6Udp(b: Uint8Array, o: number, end: number, stats: CaptureStats): UdpDatagram | null {
  if (end - o < 40 || b[o]! >>> 4 !== 6) { stats.truncated++; return null; }
  const payloadLen = be16(b, o + 4);
  let next = b[o + 6]!;
  const src = o + 8, dst = o + 24;
  const ipEnd = Math.min(end, o + 40 + payloadLen);
  const cut = o + 40 + payloadLen > end;
  let p = o + 40;
  for (let k = 0; k < 8 && next !== 17; k++) {
    if (next === 0 || next === 43 || next === 60) {
      if (ipEnd - p < 8) { stats.truncated++; return null; }
      next = b[p]!;
      p += (b[p + 1]! + 1) * 8;
    } else if (next === 44) {
      stats.fragments++;
      return null;
    } else break;
  }
  if (next !== 17) { stats.skipped++; return null; }
  return udp(b, p, ipEnd, cut, formatV6(b, src), formatV6(b, dst), stats);
}

function udp(b: Uint8Array, o: number, end: number, cut: boolean, src: string, dst: string, stats: CaptureStats): UdpDatagram | null {
  if (end - o < 8) { stats.truncated++; return null; }
  const len = be16(b, o + 4);
  if (len < 8 || len > end - o || cut) { stats.truncated++; return null; }
  return {
    tsMs: 0,
    src, dst,
    srcPort: be16(b, o),
    dstPort: be16(b, o + 2),
    payload: b.subarray(o + 8, o + len),
    interfaceId: 0,
  };
}
