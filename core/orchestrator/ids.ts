import { randomBytes } from 'node:crypto';

/** A new id with a readable prefix: svc_1a2b3c4d5e. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A pre-shared key for the site tunnels of one service. */
export function newPsk(): string {
  return randomBytes(18).toString('base64url');
}

/** A small seeded PRNG (mulberry32) for reproducible lab choices, tests and benchmarks. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
