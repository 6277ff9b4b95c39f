// Shared by the orchestration benchmarks: a host with the lab on a temporary directory, an
// admin connection, intents, and percentiles.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host, type HostOptions } from '../../../core/host/host.js';
import { silentLogger } from '../../../core/host/log.js';
import { typed, type PodiumApi, type RawPodium } from '../../../core/api/client.js';
import type { IntentInput } from '../../../core/orchestrator/contract.js';
import type { Connection } from '../../../core/host/connection.js';

export const PASSWORD = 'Bench-Horse-Battery-9';

export async function benchHost(opts: Partial<HostOptions>): Promise<{ host: Host; dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-'));
  const host = await createHost({ log: silentLogger, ...opts, dataDir: dir });
  return {
    host,
    dir,
    async close() {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function raw(conn: Connection): RawPodium {
  return {
    call: (name, input) => conn.call(name, input),
    subscribe: async (topic, params, onEvent) => {
      const r = conn.subscribe(topic, params, onEvent);
      return r.ok ? { ok: true, unsubscribe: () => void conn.unsubscribe(r.sub) } : r;
    },
  };
}

export async function admin(host: Host, dir: string, r: RawPodium = raw(host.connect('inproc'))): Promise<PodiumApi> {
  const api = typed(r);
  try {
    await api.call('auth.login', { username: 'admin', password: PASSWORD });
  } catch {
    const first = readFileSync(join(dir, 'initial-admin-password'), 'utf8').trim();
    await api.call('auth.login', { username: 'admin', password: first });
    await api.call('auth.changePassword', { currentPassword: first, newPassword: PASSWORD });
  }
  return api;
}

export function intent(packageId: string, company: Partial<IntentInput['company']> = {}): IntentInput {
  const c = { sites: 2, usersPerSite: 20, bandwidthMbps: 50, ...company };
  return {
    packageId,
    company: c,
    sites: Array.from({ length: c.sites }, (_, i) => ({ name: `Site ${i + 1}`, cpeModelId: 'isr4221', address: { line1: `${i + 1} Bench Road`, city: 'Berlin', postalCode: '10115', country: 'DE' } })),
  };
}

export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
