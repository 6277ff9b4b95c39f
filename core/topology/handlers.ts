import type { HandlersFor, HandlerContext } from '../api/handlers.js';
import { actorOf, assertTenant } from '../api/handlers.js';
import { ApiError } from '../api/errors.js';
import { rolesFor } from '../api/contract.js';
import type { topologyContract, TopoNode, ViewName } from './contract.js';
import type { TopologyEngine } from './engine.js';

const NO_SOURCE = 'no inventory source is attached to this core';

async function find(engine: TopologyEngine, ctx: HandlerContext, ref: { view: ViewName; serviceId?: string | undefined; nodeId: string }) {
  const a = actorOf(ctx);
  if (ref.view === 'infrastructure' && !rolesFor('topology.infrastructure').includes(a.role)) {
    throw new ApiError('FORBIDDEN', `the ${a.role} role may not see the infrastructure (needs topology.infrastructure)`);
  }
  if (ref.view === 'service' && !ref.serviceId)
    throw new ApiError('BAD_INPUT', 'serviceId: required for the service view', { issues: [{ path: 'serviceId', message: 'required for the service view' }] });
  const found = await engine.node(ref.view, ref.serviceId ?? null, ref.nodeId);
  if (!found) throw new ApiError('NOT_FOUND', `no node "${ref.nodeId}" in this view`);
  if (found.tenantId) assertTenant(ctx, found.tenantId);
  ctx.setTarget(`node:${ref.nodeId}`);
  return found;
}

function properties(n: TopoNode, ancestors: TopoNode[]): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [
    { label: 'Name', value: n.label },
    { label: 'Kind', value: n.role ? `${n.role} server` : n.type ? `VNF (${n.type})` : n.kind },
    { label: 'State', value: n.state },
  ];
  if (n.sub) out.push({ label: 'Detail', value: n.sub });
  if (n.addresses.length) out.push({ label: n.addresses.length > 1 ? 'Addresses' : 'Address', value: n.addresses.join(', ') });
  if (n.tenantName || n.tenantId) out.push({ label: 'Tenant', value: n.tenantName ?? n.tenantId ?? '' });
  if (n.serviceId) out.push({ label: 'Service', value: n.serviceId });
  if (n.path) out.push({ label: 'Path', value: n.path });
  if (ancestors.length) out.push({ label: 'Placed in', value: ancestors.map((a) => a.label).join(' › ') });
  if (n.badges.length) out.push({ label: 'Marks', value: n.badges.join(', ') });
  if (n.detail) out.push({ label: 'Message', value: n.detail });
  out.push({ label: 'Inventory id', value: n.ref });
  return out;
}

export function topologyHandlers(engine: TopologyEngine): HandlersFor<typeof topologyContract> {
  return {
    'topology.infrastructure': () => engine.infrastructure(),
    async 'topology.services'(input, ctx) {
      const a = actorOf(ctx);
      const tenantId = a.role === 'customer' ? a.tenantId : (input.tenantId ?? null);
      if (a.role === 'customer' && input.tenantId && input.tenantId !== a.tenantId) return { source: engine.sourceName, services: [] };
      return { source: engine.sourceName, services: tenantId === null && a.role === 'customer' ? [] : await engine.serviceList(tenantId) };
    },
    async 'topology.service'(input, ctx) {
      ctx.setTarget(`service:${input.serviceId}`);
      const s = await engine.service(input.serviceId);
      if (!s)
        throw new ApiError(
          'NOT_FOUND',
          engine.sourceName ? `there is no service "${input.serviceId}"` : `there is no service "${input.serviceId}" (${NO_SOURCE})`,
        );
      assertTenant(ctx, s.service!.tenantId);
      return s;
    },
    async 'topology.details'(input, ctx) {
      const { node, ancestors } = await find(engine, ctx, input);
      const d = await engine.details(input.view, input.serviceId ?? null, node);
      const from = engine.sourceName ?? 'the inventory';
      const util = d?.utilization ?? (node.utilization.length ? node.utilization : null);
      return {
        node,
        ancestors: ancestors.map((a) => ({ id: a.id, kind: a.kind, label: a.label })),
        properties: [...properties(node, ancestors), ...(d?.properties ?? [])],
        operations: d?.operations
          ? { available: true as const, data: d.operations }
          : { available: false as const, reason: `${from} does not report an operation history for this node` },
        utilization: util
          ? { available: true as const, data: util }
          : { available: false as const, reason: `${from} does not report utilization for this node` },
      };
    },
    async 'topology.configuration'(input, ctx) {
      const { node } = await find(engine, ctx, input);
      const d = await engine.details(input.view, input.serviceId ?? null, node);
      return {
        nodeId: node.id,
        configuration: d?.configuration
          ? { available: true as const, data: d.configuration }
          : { available: false as const, reason: `${engine.sourceName ?? 'the inventory'} has no rendered configuration for this node` },
      };
    },
  };
}
