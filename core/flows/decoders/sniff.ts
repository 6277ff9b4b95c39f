// Recognise the flow protocol of a UDP payload from its header alone.

export type FlowProtocol = 'netflow5' | 'netflow9' | 'ipfix' | 'sflow5';

/** Protocol families a user can force (the CLI's --proto). */
export type ProtocolFamily = 'netflow' | 'ipfix' | 'sflow';

/**
 * The protocol a datagram speaks, or null. Checks more than the version number so
 * random payloads are rarely mistaken:
 *  - NetFlow v5: 00 05, count 1–30, length ≥ 24 + 48·count
 *  - NetFlow v9: 00 09, count ≥ 0, length ≥ 20 (+ a set header that fits when present)
 *  - IPFIX: 00 0a, message length = datagram length (or ≤ it), ≥ 16
 *  - sFlow v5: 00 00 00 05, agent address type 1 or 2
 */
export function sniffProtocol(b: Uint8Array): FlowProtocol | null {
  if (b.length < 4) return null;
  const v16 = (b[0]! << 8) | b[1]!;
  if (v16 === 5) {
    const count = (b[2]! << 8) | b[3]!;
    return count >= 1 && count <= 30 && b.length >= 24 + 48 * count ? 'netflow5' : null;
  }
  if (v16 === 9) {
    if (b.length < 20) return null;
    if (b.length >= 24) {
      const setLen = (b[22]! << 8) | b[23]!;
      if (setLen < 4 || 20 + setLen > b.length) return null;
    }
    return 'netflow9';
  }
  if (v16 === 10) {
    const len = (b[2]! << 8) | b[3]!;
    return len >= 16 && len <= b.length ? 'ipfix' : null;
  }
  if (v16 === 0 && b[2] === 0 && b[3] === 5 && b.length >= 28) {
    const at = ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0;
    return at === 1 || at === 2 ? 'sflow5' : null;
  }
  return null;
}

/** Whether a sniffed protocol belongs to a forced family. */
export function inFamily(p: FlowProtocol, f: ProtocolFamily): boolean {
  return f === 'netflow' ? p === 'netflow5' || p === 'netflow9' : f === 'ipfix' ? p === 'ipfix' : p === 'sflow5';
}
