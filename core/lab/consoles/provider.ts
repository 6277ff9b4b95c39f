// The lab's VNF consoles: a console provider over the orchestrator's service interface
// (services, their VNFs, sites and paths, the rendered configurations) and the lab VIM's
// virtual machines. Every live VNF of a role with a console style (vRouter, vFirewall,
// vWebSecurity) is a console target; its state is read anew for each command
// (./device.ts maps it). Registered with the terminals capability by the host's wiring.
import type { Actor } from '../../api/define.js';
import { ApiError } from '../../api/errors.js';
import type { OrchestratorService } from '../../orchestrator/service.js';
import type { ConsoleProvider, ConsoleTarget, DeviceState } from '../../terminals/consoles/state.js';
import { consoleKindOfRole } from '../../terminals/consoles/state.js';
import type { LabWorld } from '../vim.js';
import { deviceState } from './device.js';

/** The consoles read as the local system, under their own name. */
const CONSOLES_ACTOR: Actor = { kind: 'system', userId: null, username: 'consoles', role: 'admin', tenantId: null };

export interface LabConsolesDeps {
  orchestrator: OrchestratorService;
  world: LabWorld;
  now: () => number;
}

export class LabConsoles implements ConsoleProvider {
  /** VNF id → its service, as of the last listing (the registry lists before it asks for state). */
  private readonly serviceOf = new Map<string, string>();

  constructor(private readonly d: LabConsolesDeps) {}

  list(): ConsoleTarget[] {
    const o = this.d.orchestrator;
    const out: ConsoleTarget[] = [];
    this.serviceOf.clear();
    const { services } = o.listServices(CONSOLES_ACTOR, { includeDeleted: false, limit: 100_000, offset: 0 });
    for (const s of services) {
      const v = o.getService(CONSOLES_ACTOR, s.id);
      for (const c of v.chains) {
        for (const n of c.vnfs) {
          const kind = consoleKindOfRole(n.role);
          if (!kind || n.state === 'DELETED') continue;
          this.serviceOf.set(n.id, v.id);
          out.push({
            id: n.id,
            kind,
            name: n.hostname,
            tenantId: n.tenantId,
            detail: `${n.state} · ${c.path} path · ${c.podName} · ${c.serverName}`,
            state: n.state,
            tenantName: v.tenantName,
            serviceId: v.id,
            serviceName: v.name,
          });
        }
      }
    }
    return out;
  }

  snapshot(targetId: string): DeviceState | null {
    if (!this.serviceOf.has(targetId)) this.list();
    const serviceId = this.serviceOf.get(targetId);
    if (!serviceId) return null;
    const o = this.d.orchestrator;
    try {
      const service = o.getService(CONSOLES_ACTOR, serviceId);
      if (service.state === 'DELETED') return null;
      const configs = new Map(o.configs(serviceId).vnfs.map((x) => [x.vnfId, x.config]));
      const vnf = service.chains.flatMap((c) => c.vnfs).find((x) => x.id === targetId);
      const vm = vnf ? this.d.world.row(vnf.vmName) : undefined;
      return deviceState({
        service,
        configs,
        vnfId: targetId,
        vm: vm ? { activeSince: vm.active_since, image: vm.image } : null,
        now: this.d.now(),
      });
    } catch (e) {
      // The service went away between the listing and now.
      if (e instanceof ApiError && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  }
}
