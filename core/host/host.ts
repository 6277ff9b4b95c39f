// The host: one running core. It opens the store (migrating it), wires the capabilities,
// and hands out connections to whatever shell shows it.
import { TopicBus } from '../api/bus.js';
import { contract } from '../api/contract.js';
import type { Origin } from '../api/handlers.js';
import type { CommandSpec } from '../api/define.js';
import { openStore, type Store } from '../store/store.js';
import type { SystemInfo } from '../system/contract.js';
import type { AuthService } from '../auth/service.js';
import type { LabOptions } from '../lab/service.js';
import type { OrchestratorOptions } from '../orchestrator/service.js';
import type { FlowsOptions } from '../flows/service.js';
import type { Capabilities } from './capabilities.js';
import type { TerminalsOptions } from '../terminals/capability.js';
import { MIGRATIONS, createCapabilities } from './capabilities.js';
import { Connection } from './connection.js';
import { createLogger, type Logger } from './log.js';
import { VERSION } from './version.js';
import type { TopologySource } from '../topology/source.js';

export interface HostOptions {
  dataDir: string;
  log?: Logger;
  now?: () => number;
  /** The embedded lab: on for `podium start` / `serve` (unless --no-lab), off by default here. */
  lab?: LabOptions | false;
  orchestrator?: Partial<OrchestratorOptions>;
  /** The topology views' inventory: the orchestrator's by default; tests and benchmarks inject a generated one; null: none. */
  topologySource?: TopologySource | null;
  /** Terminals: where the pty host runs (Electron: a utility process), flow-control settings. */
  terminals?: TerminalsOptions;
  /** The flow collector and store: on for `podium start` / `serve`, off by default here. */
  flows?: FlowsOptions | false;
}

export interface Host {
  readonly version: string;
  readonly schemaVersion: number;
  readonly dataDir: string;
  readonly startedAt: Date;
  readonly store: Store;
  readonly bus: TopicBus;
  readonly auth: AuthService;
  readonly caps: Capabilities;
  readonly log: Logger;
  /** The first start's admin password (null after the first start). */
  readonly initialAdminPassword: string | null;
  info(): SystemInfo;
  /** A new client connection; `system` connections act as the local system (CLI on the data directory). */
  connect(origin: Origin, opts?: { system?: boolean }): Connection;
  close(): Promise<void>;
}

/** Every command's permission must be declared (or be public/session): checked at start. */
function checkContract() {
  for (const [name, spec] of Object.entries(contract.commands as Record<string, CommandSpec>)) {
    const p = spec.permission;
    if (p !== 'public' && p !== 'session' && !(p in contract.permissions)) {
      throw new Error(`contract: ${name} needs permission "${p}", which no capability declares`);
    }
  }
}

export async function createHost(opts: HostOptions): Promise<Host> {
  checkContract();
  const log = opts.log ?? createLogger();
  const now = opts.now ?? Date.now;
  const startedAt = new Date(now());
  const store = openStore({ dataDir: opts.dataDir, migrations: MIGRATIONS, now: () => new Date(now()) });
  if (store.backupFile) log.info('database backed up before migrating', { backup: store.backupFile });
  const bus = new TopicBus((topic, error) => log.error('topic listener failed', { topic, error }));
  const info = (): SystemInfo => ({
    product: 'Podium',
    version: VERSION,
    schemaVersion: store.schemaVersion,
    startedAt: startedAt.toISOString(),
    uptimeS: Math.round((now() - startedAt.getTime()) / 100) / 10,
  });
  let closing = false;
  const caps = createCapabilities({
    db: store.db,
    bus,
    log,
    dataDir: opts.dataDir,
    now,
    info,
    lab: opts.lab,
    orchestrator: opts.orchestrator,
    topologySource: opts.topologySource,
    terminals: opts.terminals,
    flows: opts.flows,
  });
  let initialAdminPassword: string | null;
  try {
    initialAdminPassword = await caps.auth.ensureInitialAdmin();
    await caps.start();
  } catch (e) {
    await caps.stop().catch(() => {});
    store.close();
    throw e;
  }
  const connections = new Set<Connection>();
  const sweeper = setInterval(() => connections.forEach((c) => c.sweep()), 30_000);
  sweeper.unref();
  const dispatch = { handlers: caps.handlers, auth: caps.auth, bus, log, closing: () => closing };

  return {
    version: VERSION,
    schemaVersion: store.schemaVersion,
    dataDir: opts.dataDir,
    startedAt,
    store,
    bus,
    auth: caps.auth,
    caps,
    log,
    initialAdminPassword,
    info,
    connect(origin, o = {}) {
      const c: Connection = new Connection(dispatch, origin, { system: o.system ?? false, onClose: () => connections.delete(c) });
      connections.add(c);
      return c;
    },
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(sweeper);
      for (const c of [...connections]) c.close();
      await caps.stop();
      store.close();
    },
  };
}
