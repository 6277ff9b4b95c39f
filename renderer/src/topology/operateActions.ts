// What the orchestrator and the embedded lab let a user do to a node, offered in the
// topology's context menu. Each action names its contract command, so a user sees only
// what their role may run and what this core has (with the lab off, no lab actions).
import type { TopoNode } from '../../../core/topology/contract.js';
import { registerNodeAction, type NodeActionContext } from './actions.js';

const names = (ns: TopoNode[]) => (ns.length === 1 ? ns[0]!.label : `${ns.length} VNFs`);
const busy = (n: TopoNode) => n.badges.includes('operation');
const tenantVnf = (n: TopoNode) => n.kind === 'vnf' && !!n.serviceId;

async function each(c: NodeActionContext, run: (n: TopoNode) => Promise<unknown>): Promise<void> {
  const failed: string[] = [];
  for (const n of c.nodes) {
    try {
      await run(n);
    } catch (e) {
      failed.push(`${n.label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failed.length) throw new Error(failed.join('; '));
}

// ---- the orchestrator

registerNodeAction({
  id: 'vnfs.redeploy',
  label: 'Restart (re-create its VM)',
  group: 'Operate',
  command: 'vnfs.redeploy',
  danger: true,
  appliesTo: (n) => tenantVnf(n) && (n.state === 'ACTIVE' || n.state === 'ERROR') && !busy(n),
  confirm: (ns) =>
    `Restart ${ns[0]!.label}? Its VM is removed and booted again from its image, then configured again.` +
    (ns[0]!.badges.includes('redundant') ? ' Its service runs on its other path meanwhile.' : ' Its service is interrupted until it is back.'),
  run: async (c) => {
    const n = c.nodes[0]!;
    await c.call('vnfs.redeploy', { id: n.ref });
    c.ui.notify(`Restarting ${n.label}`, 'A REPAIR operation re-creates its VM; the node shows BUILD until it is ACTIVE again.');
  },
});

registerNodeAction({
  id: 'services.repair',
  label: 'Repair its service (re-create VNFs in ERROR)',
  group: 'Operate',
  command: 'services.repair',
  appliesTo: (n) => tenantVnf(n) && n.state === 'ERROR' && !busy(n),
  run: async (c) => {
    const n = c.nodes[0]!;
    await c.call('services.repair', { id: n.serviceId });
    c.ui.notify('Repair started', `The VNFs in ERROR of ${n.label}'s service are re-created.`);
  },
});

registerNodeAction({
  id: 'servers.maintenance',
  label: 'Put in maintenance (no new placements)',
  group: 'Operate',
  command: 'servers.update',
  appliesTo: (n, view) => view === 'infrastructure' && n.kind === 'server' && n.role === 'compute' && n.state === 'ACTIVE',
  run: async (c) => void (await c.call('servers.update', { id: c.nodes[0]!.ref, state: 'maintenance' })),
});

registerNodeAction({
  id: 'servers.active',
  label: 'Back in service',
  group: 'Operate',
  command: 'servers.update',
  appliesTo: (n, view) => view === 'infrastructure' && n.kind === 'server' && n.role === 'compute' && n.state === 'MAINTENANCE',
  run: async (c) => void (await c.call('servers.update', { id: c.nodes[0]!.ref, state: 'active' })),
});

registerNodeAction({
  id: 'pods.maintenance',
  label: 'Put the PoD in maintenance (no new placements)',
  group: 'Operate',
  command: 'pods.update',
  appliesTo: (n, view) => view === 'infrastructure' && n.kind === 'pod' && n.state === 'ACTIVE',
  run: async (c) => void (await c.call('pods.update', { id: c.nodes[0]!.ref, state: 'maintenance' })),
});

registerNodeAction({
  id: 'pods.active',
  label: 'Put the PoD back in service',
  group: 'Operate',
  command: 'pods.update',
  appliesTo: (n, view) => view === 'infrastructure' && n.kind === 'pod' && n.state === 'MAINTENANCE',
  run: async (c) => void (await c.call('pods.update', { id: c.nodes[0]!.ref, state: 'active' })),
});

// ---- the embedded lab

registerNodeAction({
  id: 'lab.failVnf',
  label: 'Fail in the lab',
  group: 'Lab',
  command: 'lab.failVnf',
  danger: true,
  multi: true,
  appliesTo: (n) => tenantVnf(n) && (n.state === 'ACTIVE' || n.state === 'DEGRADED'),
  confirm: (ns) => `Make ${names(ns)} fail in the lab? The lab's VIM reports ${ns.length === 1 ? 'its VM' : 'their VMs'} in ERROR, as a crash would.`,
  run: (c) => each(c, (n) => c.call('lab.failVnf', { vnfId: n.ref, reason: 'failed from the topology view' })),
});

registerNodeAction({
  id: 'lab.repairVnf',
  label: 'Repair in the lab',
  group: 'Lab',
  command: 'lab.repairVnf',
  multi: true,
  appliesTo: (n) => tenantVnf(n) && n.state === 'ERROR',
  run: (c) => each(c, (n) => c.call('lab.repairVnf', { vnfId: n.ref })),
});

registerNodeAction({
  id: 'lab.failEnforcer',
  label: 'Fail in the lab',
  group: 'Lab',
  command: 'lab.failEnforcer',
  danger: true,
  appliesTo: (n) => n.kind === 'enforcer' && n.state === 'ACTIVE',
  confirm: (ns) => `Make ${names(ns)} fail in the lab? It stops answering the IPsec EMS's health checks: deregistered, its security associations go down.`,
  run: (c) => each(c, (n) => c.call('lab.failEnforcer', { enforcerId: n.ref, reason: 'failed from the topology view' })),
});

registerNodeAction({
  id: 'lab.repairEnforcer',
  label: 'Repair in the lab',
  group: 'Lab',
  command: 'lab.repairEnforcer',
  appliesTo: (n) => n.kind === 'enforcer' && n.state === 'ERROR',
  run: (c) => each(c, (n) => c.call('lab.repairEnforcer', { enforcerId: n.ref })),
});
