// The capabilities of this core, wired together: their migrations, their services and
// their handlers. A new capability adds its migrations and its handlers here.
import type { MigrationSet } from '../store/migrate.js';
import type { Db } from '../store/store.js';
import type { TopicBus } from '../api/bus.js';
import type { Logger } from './log.js';
import type { SystemInfo } from '../system/contract.js';
import type { AnyHandler } from './connection.js';
import { authMigrations } from '../auth/migrations.js';
import { AuthService } from '../auth/service.js';
import { authHandlers } from '../auth/handlers.js';
import { systemHandlers } from '../system/handlers.js';
import { TopologyEngine } from '../topology/engine.js';
import { topologyHandlers } from '../topology/handlers.js';
import type { TopologySource } from '../topology/source.js';

export const MIGRATIONS: readonly MigrationSet[] = [{ capability: 'auth', migrations: authMigrations }];

export interface CapabilityDeps {
  db: Db;
  bus: TopicBus;
  log: Logger;
  dataDir: string;
  now: () => number;
  info: () => SystemInfo;
  /** Where the topology views get their inventory (the orchestrator's, once wired); null: none yet. */
  topologySource?: TopologySource | null;
}

export interface Capabilities {
  auth: AuthService;
  topology: TopologyEngine;
  handlers: Record<string, AnyHandler>;
  /** Background work (collectors, the lab…) starts after the host is wired. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createCapabilities(deps: CapabilityDeps): Capabilities {
  const auth = new AuthService({ db: deps.db, bus: deps.bus, dataDir: deps.dataDir, now: deps.now });
  const topology = new TopologyEngine({
    source: deps.topologySource ?? null,
    publish: (delta) => deps.bus.publish('topology.changed', delta),
    onError: (what, error) => deps.log.error('topology: could not apply a change', { what, error: error as Error }),
  });
  const handlers = {
    ...systemHandlers(deps.info),
    ...authHandlers(auth),
    ...topologyHandlers(topology),
  } as unknown as Record<string, AnyHandler>;
  return {
    auth,
    topology,
    handlers,
    async start() {},
    async stop() {
      topology.stop();
    },
  };
}
