// Health and service paths. A VNF's state follows what its VIM reports (pushed status
// updates, and a periodic reconcile). A service path is up while its vRouter is reachable:
// that is what the CPE's route follows (seed: "if the lower cost vRouter falls silent…
// the path re-routes to the higher cost service path"). Health: OK when every VNF is
// ACTIVE, DEGRADED while a path still carries traffic, DOWN when none does.
import type { Health, PathName } from './contract.js';
import type { Repo, InstanceRow } from './repo.js';
import type { VimServer } from './vim.js';
import { ROUTE_COST } from './day1.js';

export interface HealthHooks {
  serviceChanged(serviceId: string): void;
  vnfChanged(instanceId: string): void;
}

export interface PathState {
  activePath: PathName | null;
  primaryUp: boolean;
  secondaryUp: boolean;
  health: Health;
}

/** Instances that carry traffic or should: not yet-booting, not gone. */
const serving = (i: InstanceRow) => i.state === 'ACTIVE' || i.state === 'ERROR' || i.state === 'DELETING';

export function pathState(instances: InstanceRow[], redundant: boolean): PathState {
  const live = instances.filter(serving);
  const up = (p: PathName) => live.some((i) => i.path === p && i.role === 'router' && i.state === 'ACTIVE');
  const primaryUp = up('primary');
  const secondaryUp = redundant && up('secondary');
  const activePath: PathName | null = primaryUp ? 'primary' : secondaryUp ? 'secondary' : null;
  let health: Health;
  if (live.length === 0) health = 'UNKNOWN';
  else if (live.every((i) => i.state === 'ACTIVE')) health = 'OK';
  else if (activePath) health = 'DEGRADED';
  else health = 'DOWN';
  return { activePath, primaryUp, secondaryUp, health };
}

export class HealthMonitor {
  constructor(
    private readonly repo: Repo,
    private readonly hooks: HealthHooks,
  ) {}

  /** Recompute a service's health and active path; a path switch is recorded as an event. */
  recompute(serviceId: string): void {
    const { repo } = this;
    let changed = false;
    repo.db.transaction(() => {
      const s = repo.findService(serviceId);
      if (!s || s.state === 'DELETED') return;
      const instances = repo.instances(serviceId);
      const ps = pathState(instances, s.redundant === 1);
      const provisioning = s.state === 'PROVISIONING' && !instances.some(serving);
      const health: Health = provisioning ? 'UNKNOWN' : ps.health;
      const activePath = provisioning ? null : ps.activePath;
      if (health === s.health && activePath === s.active_path) return;
      repo.db.prepare(`UPDATE services SET health = ?, active_path = ?, updated_at = ? WHERE id = ?`).run(health, activePath, repo.iso(), serviceId);
      changed = true;
      if (s.redundant === 1 && s.active_path !== null && activePath !== s.active_path) {
        const router = (p: PathName) => instances.find((i) => i.path === p && i.role === 'router')?.hostname ?? 'the vRouter';
        if (activePath === 'secondary') {
          repo.serviceEvent(serviceId, 'path-switch', `${router('primary')} fell silent: the CPEs lost the primary route and re-routed to the secondary path (cost ${ROUTE_COST.secondary}) through ${router('secondary')}`);
        } else if (activePath === 'primary') {
          repo.serviceEvent(serviceId, 'path-switch', `${router('primary')} answers again: the CPEs prefer the primary path (cost ${ROUTE_COST.primary}) again`);
        } else {
          repo.serviceEvent(serviceId, 'path-down', 'both vRouters are silent: no path carries the sites’ traffic');
        }
      } else if (activePath === null && s.active_path !== null) {
        repo.serviceEvent(serviceId, 'path-down', `${instances.find((i) => i.role === 'router')?.hostname ?? 'the vRouter'} is silent: the sites are cut off`);
      } else if (activePath !== null && s.active_path === null && s.state !== 'PROVISIONING' && s.health !== 'UNKNOWN') {
        // (UNKNOWN: the service's first health, as its order completes — nothing came back)
        repo.serviceEvent(serviceId, 'path-up', 'the sites reach the service again');
      }
    })();
    if (changed) this.hooks.serviceChanged(serviceId);
  }

  /** A VIM told us about one of its servers. */
  onVimStatus(server: VimServer): void {
    const { repo } = this;
    const inst = repo.instanceByVm(server.name);
    if (!inst || inst.state === 'DELETED' || inst.state === 'DELETING') return;
    // While its own operation boots it, the operation owns its state.
    if (inst.state === 'PLANNED' || inst.state === 'BUILD') return;
    const next = server.status === 'ACTIVE' ? 'ACTIVE' : server.status === 'ERROR' || server.status === 'SHUTOFF' ? 'ERROR' : null;
    if (!next || next === inst.state) return;
    repo.db.transaction(() => {
      repo.setInstanceState(inst.id, next, next === 'ERROR' ? (server.fault ?? `the VIM reports ${server.status}`) : null);
      repo.serviceEvent(inst.service_id, next === 'ERROR' ? 'vnf-error' : 'vnf-recovered', next === 'ERROR' ? `${inst.hostname} is in ERROR: ${server.fault ?? server.status}` : `${inst.hostname} is ACTIVE again`);
    })();
    this.hooks.vnfChanged(inst.id);
    this.recompute(inst.service_id);
  }

  /** The VIM has no such server any more (found by the reconcile). */
  onVanished(inst: InstanceRow): void {
    if (inst.state !== 'ACTIVE') return;
    this.repo.db.transaction(() => {
      this.repo.setInstanceState(inst.id, 'ERROR', 'the VIM no longer has this VM');
      this.repo.serviceEvent(inst.service_id, 'vnf-error', `${inst.hostname} vanished from its VIM`);
    })();
    this.hooks.vnfChanged(inst.id);
    this.recompute(inst.service_id);
  }
}
