// Test helpers: a real host on a temporary data directory, and connections to it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host, type HostOptions } from '../../core/host/host.js';
import type { Connection } from '../../core/host/connection.js';
import { silentLogger } from '../../core/host/log.js';
import { typed, type PodiumApi, type RawPodium } from '../../core/api/client.js';

export function tempDir(prefix = 'podium-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestHost {
  host: Host;
  dataDir: string;
  close(): Promise<void>;
}

export async function startHost(opts: Partial<HostOptions> = {}): Promise<TestHost> {
  const dataDir = opts.dataDir ?? tempDir();
  const host = await createHost({ log: silentLogger, ...opts, dataDir });
  return {
    host,
    dataDir,
    async close() {
      await host.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A Connection seen through the same raw interface the shells use. */
export function rawOf(conn: Connection): RawPodium {
  return {
    call: (name, input) => conn.call(name, input),
    subscribe: async (topic, params, onEvent) => {
      const r = conn.subscribe(topic, params, onEvent);
      return r.ok ? { ok: true, unsubscribe: () => void conn.unsubscribe(r.sub) } : r;
    },
  };
}

export function initialAdminPassword(dataDir: string): string {
  return readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();
}

export const ADMIN_PASSWORD = 'Correct-Horse-Battery-9';

/** Log in as the initial admin over any raw transport, changing the first password if needed. */
export async function loginAdmin(raw: RawPodium, dataDir: string): Promise<PodiumApi> {
  const api = typed(raw);
  try {
    await api.call('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
  } catch {
    const first = initialAdminPassword(dataDir);
    await api.call('auth.login', { username: 'admin', password: first });
    await api.call('auth.changePassword', { currentPassword: first, newPassword: ADMIN_PASSWORD });
  }
  return api;
}

/** Create a user (as admin) and log in as them on a fresh raw transport, first password changed. */
export async function userApi(
  admin: PodiumApi,
  raw: RawPodium,
  user: { username: string; role: 'admin' | 'operator' | 'customer'; tenantId?: string },
): Promise<PodiumApi> {
  const first = 'first-Passw0rd-' + user.username;
  const password = 'Staple-Lamp-Orbit-' + user.username.length;
  await admin.call('users.create', { ...user, password: first });
  const api = typed(raw);
  await api.call('auth.login', { username: user.username, password: first });
  await api.call('auth.changePassword', { currentPassword: first, newPassword: password });
  return api;
}
