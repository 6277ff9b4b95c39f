// The topology capability's part of the contract: the infrastructure (data centres →
// PoDs → servers → VNFs) and each tenant service's chain as graphs, their live changes as
// versioned deltas, and what is known about one node. Pure declarations (zod only) —
// the engine lives in ./engine.ts, the handlers in ./handlers.ts.
import { z } from 'zod';
import { command, topic, type CapabilityContract } from '../api/define.js';

const id = z.string().min(1).max(128);
const isoTime = z.string().describe('ISO 8601 time');

export const NODE_KINDS = ['dc', 'pod', 'server', 'vnf', 'platform', 'enforcer', 'site', 'cpe', 'tunnel', 'internet'] as const;
export const nodeKind = z.enum(NODE_KINDS);
export type NodeKind = z.infer<typeof nodeKind>;

/** Every state a node can show; the legend explains each. */
export const NODE_STATES = ['ACTIVE', 'BUILD', 'ERROR', 'DEGRADED', 'STANDBY', 'MAINTENANCE', 'UNKNOWN'] as const;
export const nodeState = z.enum(NODE_STATES);
export type NodeState = z.infer<typeof nodeState>;

/**
 * Small marks beside a node: `operation` — an operation is working on it; `fault` — the
 * infrastructure reported a fault (see its detail); `master` — holds the master role of
 * a redundant pair; `redundant` — its service has a redundant path; `traffic` — it is on
 * the path that carries traffic now; `silent` — it has missed its keep-alives.
 */
export const BADGES = ['operation', 'fault', 'master', 'redundant', 'traffic', 'silent'] as const;
export const badge = z.enum(BADGES);
export type Badge = z.infer<typeof badge>;

export const SERVER_ROLES = ['control', 'compute', 'storage'] as const;
export const serverRole = z.enum(SERVER_ROLES);
export type ServerRole = z.infer<typeof serverRole>;

/** VNF types in chain order; platform nodes (ESC, NSO, VIM controllers) use `platform`. */
export const VNF_TYPES = ['vrouter', 'vfirewall', 'vwebsecurity', 'vips', 'other'] as const;
export const vnfType = z.enum(VNF_TYPES);
export type VnfType = z.infer<typeof vnfType>;

export const PATHS = ['primary', 'redundant'] as const;
export const pathRole = z.enum(PATHS);
export type PathRole = z.infer<typeof pathRole>;

export const utilization = z.object({
  metric: z.string().describe('e.g. "vCPU", "RAM", "Disk"'),
  used: z.number(),
  total: z.number(),
  unit: z.string().describe('e.g. "", "MiB", "GiB"'),
});
export type Utilization = z.infer<typeof utilization>;

export const topoNode = z.object({
  id,
  kind: nodeKind,
  ref: z.string().describe('the inventory’s own id of the thing (what other capabilities’ commands take)'),
  label: z.string(),
  sub: z.string().nullable().describe('a second line: model, software, PoD…'),
  state: nodeState,
  badges: z.array(badge),
  parent: z.string().nullable().describe('the group this node is drawn in (infrastructure view)'),
  role: serverRole.nullable().describe('servers: control, compute or storage'),
  type: vnfType.nullable().describe('VNFs: which function'),
  addresses: z.array(z.string()),
  tenantId: z.string().nullable(),
  tenantName: z.string().nullable(),
  serviceId: z.string().nullable(),
  path: pathRole.nullable().describe('service view: the path it belongs to'),
  order: z.number().int().describe('position among its siblings (chain position, site number…)'),
  detail: z.string().nullable().describe('a fault or status message'),
  utilization: z.array(utilization),
});
export type TopoNode = z.infer<typeof topoNode>;

export const EDGE_KINDS = ['access', 'tunnel', 'chain', 'uplink', 'inter-router'] as const;
export const edgeKind = z.enum(EDGE_KINDS);
export type EdgeKind = z.infer<typeof edgeKind>;

export const topoEdge = z.object({
  id,
  kind: edgeKind,
  from: id,
  to: id,
  path: pathRole.nullable(),
  active: z.boolean().describe('carries traffic now'),
  up: z.boolean(),
});
export type TopoEdge = z.infer<typeof topoEdge>;

export const serviceHeader = z.object({
  id,
  name: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  state: nodeState,
  redundant: z.boolean(),
  activePath: pathRole.nullable().describe('the path that carries traffic now'),
  packageName: z.string().nullable(),
});
export type ServiceHeader = z.infer<typeof serviceHeader>;

export const VIEWS = ['infrastructure', 'service'] as const;
export const viewName = z.enum(VIEWS);
export type ViewName = z.infer<typeof viewName>;

export const snapshot = z.object({
  view: viewName,
  serviceId: z.string().nullable(),
  version: z.number().int().describe('the delta number this snapshot includes; deltas continue at version + 1'),
  source: z.string().nullable().describe('where the data comes from; null when no inventory source is attached to this core'),
  at: isoTime,
  service: serviceHeader.nullable(),
  nodes: z.array(topoNode),
  edges: z.array(topoEdge),
});
export type TopoSnapshot = z.infer<typeof snapshot>;

const nodePatch = topoNode.partial().required({ id: true });
export type NodePatch = z.infer<typeof nodePatch>;

export const change = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), node: topoNode }),
  z.object({ op: z.literal('patch'), patch: nodePatch }),
  z.object({ op: z.literal('remove'), id }),
  z.object({ op: z.literal('edge'), edge: topoEdge }),
  z.object({ op: z.literal('unedge'), id }),
  z.object({ op: z.literal('service'), service: serviceHeader }),
]);
export type Change = z.infer<typeof change>;

export const delta = z.object({
  view: viewName,
  serviceId: z.string().nullable(),
  tenantId: z.string().nullable().describe('service view: the service’s tenant; null for the infrastructure'),
  version: z.number().int().describe('this delta’s number: exactly one more than the version it applies to'),
  resync: z.boolean().describe('the view changed too much or lost track: fetch a new snapshot'),
  changes: z.array(change),
});
export type TopoDelta = z.infer<typeof delta>;

export const serviceListItem = serviceHeader.extend({ vnfs: z.number().int(), sites: z.number().int() });
export type ServiceListItem = z.infer<typeof serviceListItem>;

/** A part of a node's details that a source may not (yet) provide: then `reason` says why. */
const section = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('available', [z.object({ available: z.literal(true), data }), z.object({ available: z.literal(false), reason: z.string() })]);

export const operationEntry = z.object({
  id: z.string(),
  type: z.string(),
  state: z.string(),
  at: isoTime,
  by: z.string().nullable(),
  summary: z.string(),
});
export type OperationEntry = z.infer<typeof operationEntry>;

export const nodeRef = z.object({
  view: viewName,
  serviceId: id.optional().describe('for the service view'),
  nodeId: id,
});

export const topologyContract = {
  permissions: {
    'topology.infrastructure': ['admin', 'operator'],
    'topology.services': ['admin', 'operator', 'customer'],
    'topology.configuration': ['admin', 'operator'],
  },
  commands: {
    'topology.infrastructure': command({
      summary: 'The infrastructure as a graph: data centres, PoDs, control / compute / storage servers and the VNFs on each',
      input: z.object({}).strict(),
      output: snapshot,
      permission: 'topology.infrastructure',
      mutates: false,
    }),
    'topology.services': command({
      summary: 'Services whose chain can be shown (a customer sees only their own)',
      input: z.object({ tenantId: id.optional() }).strict(),
      output: z.object({ source: z.string().nullable(), services: z.array(serviceListItem) }),
      permission: 'topology.services',
      mutates: false,
    }),
    'topology.service': command({
      summary: 'One service as its chain: sites and CPEs → IPsec tunnels → vRouter → vFirewall → vWebSecurity → Internet, both paths',
      input: z.object({ serviceId: id }).strict(),
      output: snapshot,
      permission: 'topology.services',
      mutates: false,
    }),
    'topology.details': command({
      summary: 'What is known about one node: properties, operation history and utilization',
      input: nodeRef.strict(),
      output: z.object({
        node: topoNode,
        ancestors: z.array(z.object({ id: z.string(), kind: nodeKind, label: z.string() })),
        properties: z.array(z.object({ label: z.string(), value: z.string() })),
        operations: section(z.array(operationEntry)),
        utilization: section(z.array(utilization)),
      }),
      permission: 'topology.services',
      mutates: false,
    }),
    'topology.configuration': command({
      summary: 'The rendered configuration of one node (secrets masked)',
      input: nodeRef.strict(),
      output: z.object({ nodeId: z.string(), configuration: section(z.object({ format: z.string(), text: z.string() })) }),
      permission: 'topology.configuration',
      mutates: false,
    }),
  },
  topics: {
    'topology.changed': topic({
      summary: 'Changes to a topology view as versioned deltas (batched, a few per second); a gap in versions means: fetch a snapshot',
      event: delta,
      params: z.object({ view: viewName, serviceId: id.optional() }).strict(),
      permission: 'topology.services',
      match: (p, e, actor) => {
        if (e.view !== p.view) return false;
        if (e.view === 'infrastructure') return actor.role !== 'customer';
        return !p.serviceId || e.serviceId === p.serviceId;
      },
      tenantOf: (e) => e.tenantId,
    }),
  },
} satisfies CapabilityContract;
