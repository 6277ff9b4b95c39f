// The lab's settings for a host started from the command line or the desktop app: on
// unless --no-lab or PODIUM_LAB=0; PODIUM_LAB_BOOT_MS ("0" or "1500-4000"), PODIUM_LAB_SEED
// (full | infra | none) and PODIUM_KEEPALIVE_MS for tests and benchmarks.
import type { HostOptions } from './host.js';
import type { LabOptions, LabSeed } from '../lab/service.js';

/** A setting from the environment that makes no sense; the message says which and why. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function bootDelay(v: string): { min: number; max: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
  if (!m) throw new ConfigError(`PODIUM_LAB_BOOT_MS must be "MS" or "MIN-MAX", not "${v}"`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new ConfigError(`PODIUM_LAB_BOOT_MS: ${max} is less than ${min}`);
  return { min, max };
}

/** The lab and orchestrator options of a host the CLI opens. */
export function hostOptionsFor(labWanted: boolean, env = process.env): Partial<HostOptions> {
  const out: Partial<HostOptions> = {};
  if (!labWanted || env['PODIUM_LAB'] === '0') {
    out.lab = false;
  } else {
    const lab: LabOptions = {};
    if (env['PODIUM_LAB_BOOT_MS']) lab.bootDelayMs = bootDelay(env['PODIUM_LAB_BOOT_MS']);
    const seed = env['PODIUM_LAB_SEED'];
    if (seed) {
      if (!['full', 'infra', 'none'].includes(seed)) throw new ConfigError(`PODIUM_LAB_SEED must be full, infra or none, not "${seed}"`);
      lab.seed = seed as LabSeed;
    }
    out.lab = lab;
  }
  const ka = env['PODIUM_KEEPALIVE_MS'];
  if (ka) {
    const n = Number(ka);
    if (!Number.isInteger(n) || n < 5) throw new ConfigError(`PODIUM_KEEPALIVE_MS must be an integer of at least 5, not "${ka}"`);
    out.orchestrator = { keepaliveMs: n };
  }
  return out;
}
