// IPv4 helpers for the pools and the lab's device consoles: addresses as unsigned 32-bit integers.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as an integer; null when the text is not one. */
export function parseIPv4(ip: string): number | null {
  const m = IPV4.exec(ip);
  if (!m) return null;
  const p = m.slice(1).map(Number);
  if (p.some((x) => x > 255)) return null;
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

export function ipToInt(ip: string): number {
  const n = parseIPv4(ip);
  if (n === null) throw new Error(`not an IPv4 address: ${ip}`);
  return n;
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function prefixLenOf(blockSize: number): number {
  const len = 32 - Math.log2(blockSize);
  if (!Number.isInteger(len)) throw new Error(`block size ${blockSize} is not a power of two`);
  return len;
}

/** The netmask of a prefix length, as an integer (24 → 0xffffff00). */
export function prefixMask(prefixLen: number): number {
  return prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

export function maskOf(prefixLen: number): string {
  return intToIp(prefixMask(prefixLen));
}

export interface Block {
  network: string;
  prefixLen: number;
  mask: string;
  /** The n-th address in the block (0 = the network address). */
  host(n: number): string;
  cidr: string;
}

export function block(base: string, blockSize: number, index: number): Block {
  const start = (ipToInt(base) + index * blockSize) >>> 0;
  const prefixLen = prefixLenOf(blockSize);
  return {
    network: intToIp(start),
    prefixLen,
    mask: maskOf(prefixLen),
    host: (n) => {
      if (n < 0 || n >= blockSize) throw new Error(`host ${n} is outside a /${prefixLen}`);
      return intToIp((start + n) >>> 0);
    },
    cidr: `${intToIp(start)}/${prefixLen}`,
  };
}

/** A locally administered MAC address: 02:50, the low 24 bits of the Node ID, the interface index. */
export function macFor(nodeId: number, ifIndex: number): string {
  const bytes = [0x02, 0x50, (nodeId >>> 16) & 255, (nodeId >>> 8) & 255, nodeId & 255, ifIndex & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
