// The batched UDP receiver (native/flows-recv/recv.c, a Node-API addon built into
// dist/native/ by `npm run build` when a C compiler and Node's headers are there). Without
// it — or with PODIUM_FLOWS_NATIVE=0 — the collector reads with Node's dgram.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../../host/version.js';
import { formatV6, ipv4Text } from '../record.js';

export interface NativeRecv {
  /** Bind a non-blocking UDP socket; throws an Error whose code is EADDRINUSE, EACCES… */
  open(address: string, port: number, rcvbuf: number): { fd: number; port: number; rcvbuf: number };
  /** Up to buf.length / slot datagrams (meta: 8 int32 per datagram); ≥ 0 received, or −errno. */
  recv(fd: number, buf: Uint8Array, meta: Int32Array, slot: number): number;
  close(fd: number): void;
}

export const NATIVE_RECV_PATH = join(ROOT, 'dist', 'native', 'flows-recv.node');

let cached: NativeRecv | null | undefined;

export function nativeRecv(): NativeRecv | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env['PODIUM_FLOWS_NATIVE'] === '0' || process.platform !== 'linux') return null;
  try {
    const m = createRequire(import.meta.url)(NATIVE_RECV_PATH) as Partial<NativeRecv>;
    if (typeof m.open === 'function' && typeof m.recv === 'function' && typeof m.close === 'function') cached = m as NativeRecv;
  } catch {
    // not built here: dgram it is
  }
  return cached;
}

/** Datagram slots: the largest UDP payload fits one. */
export const SLOT = 65_536;
/** Datagrams per system call. */
export const BATCH = 64;
export const META = 8;
export const EAGAIN = 11;

/** Exporter addresses as text, made once per address. */
export class AddressNames {
  private readonly v4 = new Map<number, string>();
  private readonly v6 = new Map<string, string>();

  of(meta: Int32Array, at: number): string {
    if (meta[at + 2] === 4) {
      const a = meta[at + 4]! >>> 0;
      let s = this.v4.get(a);
      if (s === undefined) {
        s = ipv4Text(a);
        if (this.v4.size > 100_000) this.v4.clear();
        this.v4.set(a, s);
      }
      return s;
    }
    const w = [meta[at + 4]! >>> 0, meta[at + 5]! >>> 0, meta[at + 6]! >>> 0, meta[at + 7]! >>> 0];
    const key = w.join(',');
    let s = this.v6.get(key);
    if (s === undefined) {
      // an IPv4-mapped source is the IPv4 exporter
      if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) {
        s = ipv4Text(w[3]!);
      } else {
        const b = new Uint8Array(16);
        const dv = new DataView(b.buffer);
        for (let k = 0; k < 4; k++) dv.setUint32(4 * k, w[k]!);
        s = formatV6(b, 0);
      }
      if (this.v6.size > 100_000) this.v6.clear();
      this.v6.set(key, s);
    }
    return s;
  }
}
