// The terminals capability, assembled: stored profiles, the console registry and its
// state server, and the session service over a pty host (in-process by default; a
// separate process when the host is given a factory — Electron's utility process).
import type { Db } from '../store/store.js';
import type { TopicBus } from '../api/bus.js';
import type { UserView } from '../auth/contract.js';
import { rolesFor } from '../api/contract.js';
import type { Logger } from '../host/log.js';
import { ConsoleRegistry } from './consoles/registry.js';
import { ConsoleStateServer } from './consoles/server.js';
import type { ConsoleProvider } from './consoles/state.js';
import { ProfileStore } from './profiles.js';
import { SecretBox } from './secrets.js';
import { TerminalService, type FlowSettings } from './service.js';
import type { PtyHostFactory } from './pty-host/protocol.js';
import { forkedPtyHost } from './pty-host/out-of-process.js';

export interface TerminalsOptions {
  /** Where the pty host runs: in this process (default) or as the factory makes it. */
  ptyHost?: PtyHostFactory;
  flow?: Partial<FlowSettings>;
}

export interface Terminals {
  service: TerminalService;
  profiles: ProfileStore;
  consoles: ConsoleRegistry;
  /** Register a source of VNF / enforcer consoles (the orchestrator); returns its removal. */
  addConsoleProvider(provider: ConsoleProvider): () => void;
  start(): void;
  stop(): Promise<void>;
}

/** `PODIUM_PTY_HOST=process` runs the pty host in a forked process in plain Node too. */
export function ptyHostFromEnv(env: NodeJS.ProcessEnv = process.env): PtyHostFactory | undefined {
  return env['PODIUM_PTY_HOST'] === 'process' ? () => forkedPtyHost() : undefined;
}

export function createTerminals(deps: { db: Db; bus: TopicBus; log: Logger; dataDir: string; now: () => number }, opts: TerminalsOptions = {}): Terminals {
  const consoles = new ConsoleRegistry();
  const server = new ConsoleStateServer(consoles);
  const profiles = new ProfileStore(deps.db, new SecretBox(deps.dataDir), consoles, deps.now);
  const service = new TerminalService({
    bus: deps.bus,
    log: deps.log.child('terminals'),
    dataDir: deps.dataDir,
    now: deps.now,
    profiles,
    consoles: server,
    ptyHost: opts.ptyHost ?? ptyHostFromEnv(),
    flow: opts.flow,
  });
  let unwatch: (() => void) | null = null;
  return {
    service,
    profiles,
    consoles,
    addConsoleProvider: (p) => consoles.add(p),
    start() {
      service.start();
      // A user who is disabled, or whose role loses terminals, loses their running sessions.
      unwatch = deps.bus.listen('users.changed', (ev) => {
        const u = (ev as { user: UserView }).user;
        if (u.disabled) void service.endSessionsOf(u.id, 'the user was disabled');
        else if (!rolesFor('terminals.use').includes(u.role)) void service.endSessionsOf(u.id, `the ${u.role} role has no terminals`);
      });
    },
    async stop() {
      unwatch?.();
      await service.stop();
      await server.close();
    },
  };
}
