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
import { catalogMigrations } from '../catalog/migrations.js';
import { CatalogService } from '../catalog/service.js';
import { catalogHandlers } from '../catalog/handlers.js';
import { tenantsMigrations } from '../tenants/migrations.js';
import { TenantsService } from '../tenants/service.js';
import { tenantsHandlers } from '../tenants/handlers.js';
import { orchestratorMigrations } from '../orchestrator/migrations.js';
import { OrchestratorService, type OrchestratorOptions } from '../orchestrator/service.js';
import { orchestratorHandlers } from '../orchestrator/handlers.js';
import { labMigrations } from '../lab/migrations.js';
import { LabService, type LabOptions } from '../lab/service.js';
import { labHandlers } from '../lab/handlers.js';
import { TopologyEngine } from '../topology/engine.js';
import { topologyHandlers } from '../topology/handlers.js';
import type { TopologySource } from '../topology/source.js';
import { terminalsMigrations } from '../terminals/migrations.js';
import { createTerminals, type Terminals, type TerminalsOptions } from '../terminals/capability.js';
import { terminalsHandlers } from '../terminals/handlers.js';
import { flowsMigrations } from '../flows/migrations.js';
import { FlowsService, type FlowsOptions } from '../flows/service.js';
import { flowsHandlers } from '../flows/handlers.js';
import { OrchestratorSource } from '../topology/orchestrator-source.js';

export const MIGRATIONS: readonly MigrationSet[] = [
  { capability: 'auth', migrations: authMigrations },
  { capability: 'catalog', migrations: catalogMigrations },
  { capability: 'tenants', migrations: tenantsMigrations },
  { capability: 'orchestrator', migrations: orchestratorMigrations },
  { capability: 'lab', migrations: labMigrations },
  { capability: 'terminals', migrations: terminalsMigrations },
  { capability: 'flows', migrations: flowsMigrations },
];

export interface CapabilityDeps {
  db: Db;
  bus: TopicBus;
  log: Logger;
  dataDir: string;
  now: () => number;
  info: () => SystemInfo;
  /** The embedded lab (its VIM, first-start seeding, drills); off unless asked for. */
  lab?: LabOptions | false | undefined;
  orchestrator?: Partial<OrchestratorOptions> | undefined;
  /** Where the topology views get their inventory: the orchestrator's unless given (tests, benchmarks); null: none. */
  topologySource?: TopologySource | null | undefined;
  terminals?: TerminalsOptions | undefined;
  /** The flow collector and store (worker threads); off unless given. */
  flows?: FlowsOptions | false | undefined;
}

export interface Capabilities {
  auth: AuthService;
  catalog: CatalogService;
  tenants: TenantsService;
  orchestrator: OrchestratorService;
  lab: LabService | null;
  topology: TopologyEngine;
  terminals: Terminals;
  flows: FlowsService;
  handlers: Record<string, AnyHandler>;
  /** Background work (collectors, the lab…) starts after the host is wired. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createCapabilities(deps: CapabilityDeps): Capabilities {
  const auth = new AuthService({ db: deps.db, bus: deps.bus, dataDir: deps.dataDir, now: deps.now });
  const catalog = new CatalogService(deps.db, deps.bus, deps.now);
  catalog.ensureInitial();
  const tenants = new TenantsService(deps.db, deps.bus, deps.now);
  auth.setTenantDirectory(tenants);
  const orchestrator = new OrchestratorService({
    db: deps.db,
    bus: deps.bus,
    log: deps.log.child('orchestrator'),
    now: deps.now,
    catalog,
    tenants,
    opts: deps.orchestrator,
  });
  const flows = new FlowsService({ db: deps.db, bus: deps.bus, log: deps.log.child('flows'), dataDir: deps.dataDir, now: deps.now, opts: deps.flows ?? false });
  const lab = deps.lab
    ? new LabService({ db: deps.db, log: deps.log.child('lab'), now: deps.now, dataDir: deps.dataDir, auth, tenants, orchestrator, flows, opts: deps.lab })
    : null;
  const topologySource =
    deps.topologySource !== undefined
      ? deps.topologySource
      : new OrchestratorSource(orchestrator, {
          onError: (what, error) => deps.log.error(`topology: ${what} failed`, { error: error as Error }),
          // The lab's IPsec enforcers, as its IPsec EMS knows them.
          enforcers: lab?.enforcers.inventory ?? null,
        });
  const topology = new TopologyEngine({
    source: topologySource,
    publish: (delta) => deps.bus.publish('topology.changed', delta),
    onError: (what, error) => deps.log.error('topology: could not apply a change', { what, error: error as Error }),
  });
  const terminals = createTerminals(deps, deps.terminals);
  // The lab's VNF consoles (real devices are reached with SSH profiles).
  if (lab) terminals.addConsoleProvider(lab.consoles);
  const handlers = {
    ...systemHandlers(deps.info),
    ...authHandlers(auth),
    ...catalogHandlers(catalog),
    ...tenantsHandlers(tenants),
    ...orchestratorHandlers(orchestrator),
    ...labHandlers(lab),
    ...topologyHandlers(topology),
    ...terminalsHandlers(terminals),
    ...flowsHandlers(flows, deps.now),
  } as unknown as Record<string, AnyHandler>;
  return {
    auth,
    catalog,
    tenants,
    orchestrator,
    lab,
    topology,
    terminals,
    flows,
    handlers,
    async start() {
      orchestrator.start();
      await flows.start();
      await lab?.start();
      terminals.start();
    },
    async stop() {
      await terminals.stop();
      topology.stop();
      await lab?.stop();
      await flows.stop();
      await orchestrator.stop();
    },
  };
}
