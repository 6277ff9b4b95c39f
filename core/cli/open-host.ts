// Opening a host for a CLI command, with start-up failures turned into plain messages.
import { createHost, type Host, type HostOptions } from '../host/host.js';
import { StoreError } from '../store/errors.js';
import type { Logger } from '../host/log.js';
import { join } from 'node:path';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export async function openHost(dataDir: string, log?: Logger, more: Partial<HostOptions> = {}): Promise<Host> {
  try {
    return await createHost(log ? { ...more, dataDir, log } : { ...more, dataDir });
  } catch (e) {
    if (e instanceof StoreError) throw new StartupError(e.message);
    throw e;
  }
}

/** Print the first start's admin password once, with where it is kept. */
export function announceInitialAdmin(host: Host, out: (line: string) => void): void {
  if (!host.initialAdminPassword) return;
  out('');
  out(`  First start — the initial admin password is:  ${host.initialAdminPassword}`);
  out(`  Log in as "admin" with it; you will be asked to change it.`);
  out(`  (It is also in ${join(host.dataDir, 'initial-admin-password')} until you do.)`);
  out('');
}
