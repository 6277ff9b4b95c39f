// Seeded, reproducible mutation of flow export datagrams.
import { concat } from '../core/flows/build.js';

/** xorshift128+ over 32-bit halves: fast, deterministic, good enough for fuzzing. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = seed >>> 0 || 1;
    this.b = 0x9e3779b9;
    this.c = 0x243f6a88;
    this.d = 0xb7e15162;
    for (let i = 0; i < 16; i++) this.u32();
  }
  u32(): number {
    // xoshiro128**
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a; this.d ^= this.b; this.b ^= this.c; this.a ^= this.d;
    this.c ^= t; this.d = rotl(this.d, 11);
    return r;
  }
  /** 0 ≤ n < max */
  int(max: number): number {
    return max <= 1 ? 0 : this.u32() % max;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

const INTERESTING16 = [0, 1, 2, 3, 4, 8, 255, 256, 0x7fff, 0x8000, 0xfffe, 0xffff];
const INTERESTING32 = [0, 1, 4, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 65535, 65536];

export type Mutation =
  | 'bitflip' | 'byteset' | 'truncate' | 'extend' | 'lie16' | 'lie32' | 'setid' | 'hugecount' | 'splice' | 'duplicate'
  | 'zero' | 'none';

const MUTATIONS: Mutation[] = ['bitflip', 'byteset', 'truncate', 'extend', 'lie16', 'lie32', 'setid', 'hugecount', 'splice', 'duplicate', 'zero', 'none'];

/**
 * One mutated copy of a corpus datagram. `kind` says which family the corpus is so set
 * headers can be targeted: for NetFlow v9 / IPFIX the 4-byte set headers, for sFlow the
 * 8-byte sample and record headers (found by walking the structure best-effort).
 */
export function mutate(rng: Rng, corpus: readonly Uint8Array[], src: Uint8Array, kind: 'templated' | 'sflow' | 'v5' | 'raw'): { bytes: Uint8Array; how: Mutation[] } {
  let b: Uint8Array = new Uint8Array(src); // a copy (Buffer#slice would be a view)
  const how: Mutation[] = [];
  const rounds = rng.int(3) === 0 ? 2 + rng.int(3) : 1;
  for (let r = 0; r < rounds; r++) {
    const m = rng.pick(MUTATIONS);
    how.push(m);
    const n = b.length;
    switch (m) {
      case 'bitflip':
        if (n) { const i = rng.int(n); b[i] = b[i]! ^ (1 << rng.int(8)); }
        break;
      case 'byteset':
        if (n) b[rng.int(n)] = rng.pick([0, 1, 0x7f, 0x80, 0xff, rng.int(256)]);
        break;
      case 'truncate':
        b = b.subarray(0, rng.int(n + 1));
        break;
      case 'extend': {
        const extra = new Uint8Array(1 + rng.int(64));
        for (let i = 0; i < extra.length; i++) extra[i] = rng.int(256);
        b = concat(b, extra);
        break;
      }
      case 'lie16': {
        const at = headerOffsets(b, kind, rng);
        if (at >= 0 && at + 2 <= n) put16(b, at + (kind === 'templated' ? 2 : 0), rng.pick([...INTERESTING16, n, n - at, n - at + 4, rng.int(65536)]));
        break;
      }
      case 'lie32': {
        const at = headerOffsets(b, kind, rng);
        if (at >= 0 && at + 8 <= n) put32(b, at + (kind === 'sflow' ? 4 : 0), rng.pick([...INTERESTING32, n - at, rng.u32()]));
        break;
      }
      case 'setid': {
        // Point a set at a reserved id, a template set, or its own template id.
        const at = headerOffsets(b, kind, rng);
        if (at >= 0 && at + 2 <= n) put16(b, at, rng.pick([0, 1, 2, 3, 4, 255, 256, 257, 0xffff, rng.int(65536)]));
        break;
      }
      case 'hugecount': {
        // Template field counts / sample counts: a 16-bit count 4 bytes into a set.
        const at = headerOffsets(b, kind, rng);
        if (kind === 'sflow') { if (at >= 0 && at + 4 <= n) put32(b, at, rng.pick([0xffffffff, 0x7fffffff, 100000, 0])); }
        else if (at >= 0 && at + 8 <= n) put16(b, at + 6, rng.pick([0xffff, 0x7fff, 512, 513, 1000, 0]));
        break;
      }
      case 'splice': {
        const other = rng.pick(corpus);
        const cut = rng.int(n + 1);
        const from = rng.int(other.length + 1);
        b = concat(b.subarray(0, cut), other.subarray(from));
        break;
      }
      case 'duplicate': {
        if (n > 4) {
          const s = rng.int(n);
          const e = Math.min(n, s + 1 + rng.int(200));
          b = concat(b.subarray(0, e), b.subarray(s, e), b.subarray(e));
        }
        break;
      }
      case 'zero':
        if (n) { const s = rng.int(n); b.fill(0, s, Math.min(n, s + 1 + rng.int(16))); }
        break;
      case 'none':
        break;
    }
  }
  // Mostly keep the version (and the IPFIX message length honest) so that mutations reach
  // past the header checks into sets, templates, records and samples.
  if (kind !== 'raw' && rng.int(8) !== 0 && b.length >= 4 && src.length >= 4) {
    const keep = kind === 'sflow' ? 4 : 2;
    for (let i = 0; i < keep; i++) b[i] = src[i]!;
    if (kind === 'templated' && src[1] === 10 && rng.int(4) !== 0) put16(b, 2, Math.min(b.length, 0xffff));
  }
  return { bytes: b, how };
}

/** A plausible structure header offset inside b (set header, sample header…), or a random one. */
function headerOffsets(b: Uint8Array, kind: string, rng: Rng): number {
  const offs: number[] = [];
  if (kind === 'templated' && b.length >= 4) {
    const ver = (b[0]! << 8) | b[1]!;
    let o = ver === 9 ? 20 : 16;
    for (let k = 0; k < 64 && o + 4 <= b.length; k++) {
      offs.push(o);
      const len = (b[o + 2]! << 8) | b[o + 3]!;
      if (len < 4) break;
      o += len;
    }
  } else if (kind === 'sflow' && b.length >= 28) {
    const at = b[7] === 2 ? 16 : 4;
    let o = 8 + at + 12;
    offs.push(o);
    o += 4;
    for (let k = 0; k < 64 && o + 8 <= b.length; k++) {
      offs.push(o);
      // also the first record header inside a flow sample (32 bytes in)
      if (o + 8 + 40 <= b.length) offs.push(o + 8 + 28, o + 8 + 32);
      const len = ((b[o + 4]! << 24) | (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!) >>> 0;
      if (len > b.length) break;
      o += 8 + len;
    }
  } else if (kind === 'v5') {
    offs.push(2);
  }
  if (offs.length === 0 || rng.int(8) === 0) return b.length ? rng.int(b.length) : -1;
  return rng.pick(offs);
}

function put16(b: Uint8Array, o: number, v: number): void {
  if (o + 2 > b.length) return;
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

function put32(b: Uint8Array, o: number, v: number): void {
  if (o + 4 > b.length) return;
  b[o] = v >>> 24; b[o + 1] = (v >>> 16) & 0xff; b[o + 2] = (v >>> 8) & 0xff; b[o + 3] = v & 0xff;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
