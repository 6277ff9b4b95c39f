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
    const rate = env['PODIUM_LAB_FLOWS_RATE'];
    if (rate !== undefined && rate !== '') {
      const n = Number(rate);
      if (!Number.isFinite(n) || n < 0 || n > 1_000_000) throw new ConfigError(`PODIUM_LAB_FLOWS_RATE must be flows per second (0–1000000), not "${rate}"`);
      lab.trafficPeakFlowsPerSec = n;
    }
    out.lab = lab;
  }
  if (env['PODIUM_FLOWS'] === '0') out.flows = false;
  else {
    // PODIUM_FLOWS_PORTS: listener ports for this run, e.g. "0" (any free port) or "2055,4739,6343".
    const ports = env['PODIUM_FLOWS_PORTS'];
    if (ports) {
      const list = ports.split(',').map((p) => Number(p.trim()));
      if (list.some((p) => !Number.isInteger(p) || p < 0 || p > 65535)) throw new ConfigError(`PODIUM_FLOWS_PORTS must be port numbers separated by commas, not "${ports}"`);
      out.flows = { portsOverride: list };
    } else out.flows = {};
  }
  const ka = env['PODIUM_KEEPALIVE_MS'];
  if (ka) {
    const n = Number(ka);
    if (!Number.isInteger(n) || n < 5) throw new ConfigError(`PODIUM_KEEPALIVE_MS must be an integer of at least 5, not "${ka}"`);
    out.orchestrator = { keepaliveMs: n };
  }
  return out;
}
