// A seeded xorshift32 generator for the flow tests' and benchmarks' random data (the same
// seed always gives the same flows). Seed 0 is taken as 1 (xorshift never leaves 0).
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
