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
import { terminalsMigrations } from '../terminals/migrations.js';
import { createTerminals, type Terminals, type TerminalsOptions } from '../terminals/capability.js';
import { terminalsHandlers } from '../terminals/handlers.js';

export const MIGRATIONS: readonly MigrationSet[] = [
  { capability: 'auth', migrations: authMigrations },
  { capability: 'terminals', migrations: terminalsMigrations },
];

export interface CapabilityDeps {
  db: Db;
  bus: TopicBus;
  log: Logger;
  dataDir: string;
  now: () => number;
  info: () => SystemInfo;
  terminals?: TerminalsOptions | undefined;
}

export interface Capabilities {
  auth: AuthService;
  terminals: Terminals;
  handlers: Record<string, AnyHandler>;
  /** Background work (collectors, the lab…) starts after the host is wired. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createCapabilities(deps: CapabilityDeps): Capabilities {
  const auth = new AuthService({ db: deps.db, bus: deps.bus, dataDir: deps.dataDir, now: deps.now });
  const terminals = createTerminals(deps, deps.terminals);
  const handlers = {
    ...systemHandlers(deps.info),
    ...authHandlers(auth),
    ...terminalsHandlers(terminals),
  } as unknown as Record<string, AnyHandler>;
  return {
    auth,
    terminals,
    handlers,
    async start() {
      terminals.start();
    },
    async stop() {
      await terminals.stop();
    },
  };
}
