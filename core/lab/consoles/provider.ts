// The lab's VNF consoles: a console provider over the orchestrator's service interface
// (`vnfsList`, `vnf`, `listServices`, `getService`, `vnfConfigs`: VNFs, their services' sites
// and paths, the rendered configurations) and the lab VIM's virtual machines. Every live VNF of a role with a console style (vRouter, vFirewall,
// vWebSecurity) is a console target; its state is read anew for each command
// (./device.ts maps it). Every lab IPsec enforcer is a console target too (./enforcer.ts
// maps it from the lab's enforcer and the EMS's connections). Registered with the
// terminals capability by the host's wiring.
import type { Actor } from '../../api/define.js';
import { ApiError } from '../../api/errors.js';
import type { OrchestratorService } from '../../orchestrator/service.js';
import type { ConsoleProvider, ConsoleTarget, DeviceState } from '../../terminals/consoles/state.js';
import { consoleKindOfRole } from '../../terminals/consoles/state.js';
import type { LabWorld } from '../vim.js';
import { deviceState } from './device.js';
import type { LabEnforcers } from '../enforcers.js';
import { enforcerState } from './enforcer.js';

/** The consoles read as the local system, under their own name. */
const CONSOLES_ACTOR: Actor = { kind: 'system', userId: null, username: 'consoles', role: 'admin', tenantId: null };

export interface LabConsolesDeps {
  orchestrator: OrchestratorService;
  world: LabWorld;
  enforcers: LabEnforcers;
  now: () => number;
}

export class LabConsoles implements ConsoleProvider {
  constructor(private readonly d: LabConsolesDeps) {}

  list(): ConsoleTarget[] {
    const o = this.d.orchestrator;
    const services = new Map(o.listServices(CONSOLES_ACTOR, { includeDeleted: false, limit: 100_000, offset: 0 }).services.map((s) => [s.id, s]));
    const out: ConsoleTarget[] = [];
    for (const v of o.vnfsList()) {
      const kind = consoleKindOfRole(v.role);
      const s = services.get(v.serviceId);
      if (!kind || !s) continue;
      out.push({
        id: v.id,
        kind,
        name: v.hostname,
        tenantId: v.tenantId,
        detail: `${v.state} · ${v.path} path · ${v.serverName}`,
        state: v.state,
        tenantName: s.tenantName,
        serviceId: s.id,
        serviceName: s.name,
      });
    }
    const pods = new Map(o.podsList().pods.map((p) => [p.id, p]));
    for (const e of this.d.enforcers.rows()) {
      const pod = pods.get(e.pod_id);
      out.push({
        id: e.id,
        kind: 'enforcer',
        name: e.name,
        tenantId: null,
        detail: `${e.status} · ${pod ? `${pod.name} · ${pod.dcName}` : e.pod_id} · ${e.registered_at !== null ? 'registered with' : 'not registered with'} the IPsec EMS`,
        state: e.status,
        tenantName: null,
        serviceId: null,
        serviceName: 'SecMon IPsec enforcers',
      });
    }
    return out;
  }

  snapshot(targetId: string): DeviceState | null {
    const enf = this.d.enforcers.row(targetId);
    if (enf) return enforcerState(enf, this.d.enforcers.connections(enf), this.d.enforcers.lastFetch(enf), this.d.now());
    const o = this.d.orchestrator;
    const v = o.vnf(targetId);
    if (!v || v.state === 'DELETED' || !consoleKindOfRole(v.role)) return null;
    try {
      const service = o.getService(CONSOLES_ACTOR, v.serviceId);
      if (service.state === 'DELETED') return null;
      const configs = new Map(o.vnfConfigs(service.id).map((x) => [x.vnfId, x.config]));
      const vm = this.d.world.row(v.vmName);
      return deviceState({
        service,
        configs,
        vnfId: targetId,
        vm: vm ? { activeSince: vm.active_since, image: vm.image } : null,
        now: this.d.now(),
      });
    } catch (e) {
      // The service went away between the two reads.
      if (e instanceof ApiError && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  }
}
