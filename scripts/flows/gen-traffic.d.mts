// Types for gen-traffic.mjs's generator (tests import it).
export function generate(opts: { out: string; flows: number; packets: number; seed: number; start?: number }): {
  flows: number;
  packets: number;
  endUs: number;
};
