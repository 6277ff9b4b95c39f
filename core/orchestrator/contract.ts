// The orchestrator's part of the contract: the service interface's back end (intent →
// plan → order → operations), the infrastructure (data centres, PoDs, servers), capacity,
// redundancy and node identities. Pure declarations (zod only) — handlers in ./handlers.ts.
import { z } from 'zod';
import { command, topic, type CapabilityContract } from '../api/define.js';

const isoTime = z.string().describe('ISO 8601 time');
const id = z.string().min(1).max(64);
const empty = z.object({}).strict();

// ---------------------------------------------------------------- intent (the shop's answers)

export const address = z.object({
  line1: z.string().trim().max(120),
  line2: z.string().trim().max(120).optional(),
  city: z.string().trim().max(80),
  postalCode: z.string().trim().max(20),
  country: z.string().trim().max(60).describe('ISO 3166 alpha-2, e.g. DE'),
});

export const siteSpec = z.object({
  name: z.string().trim().max(60),
  cpeModelId: z.string().max(40),
  address,
  users: z.number().int().optional().describe('users at this site (default: the company’s users per site)'),
});
export type SiteSpec = z.infer<typeof siteSpec>;

export const URL_FILTERING = ['none', 'low', 'medium', 'high'] as const;

/** "Tell us about your company" — ranges are checked against the catalog, field by field. */
export const company = z.object({
  sites: z.number().int().describe('how many enterprise sites'),
  usersPerSite: z.number().int().describe('users at each site'),
  growthPercent: z.number().int().default(0).describe('anticipated employee growth, %'),
  bandwidthMbps: z.number().int().describe('10, 50 or 100 (the catalog’s tiers)'),
  remoteUsers: z.number().int().default(0).describe('remote / mobile users (SSL VPN)'),
  automatedRecovery: z.boolean().default(false).describe('a redundant service path in another data centre'),
  urlFiltering: z.enum(URL_FILTERING).optional().describe('low, medium or high (Advanced with Web Security; default medium)'),
  ips: z.boolean().default(false).describe('intrusion prevention'),
});

export const intent = z.object({
  name: z.string().trim().max(80).optional().describe('a name for the service (default: the package and a number)'),
  packageId: z.string().max(40),
  company,
  sites: z.array(siteSpec).max(100_000).optional().describe('CPE model and shipping address per site (the wizard adds them in step 3)'),
});
export type Intent = z.infer<typeof intent>;
export type IntentInput = z.input<typeof intent>;

// ---------------------------------------------------------------- views

export const SERVICE_STATES = ['PROVISIONING', 'ACTIVE', 'UPDATING', 'DELETING', 'FAILED', 'DELETED'] as const;
export const serviceState = z.enum(SERVICE_STATES);
export type ServiceState = z.infer<typeof serviceState>;
export const HEALTH = ['OK', 'DEGRADED', 'DOWN', 'UNKNOWN'] as const;
export const health = z.enum(HEALTH);
export type Health = z.infer<typeof health>;
export const pathName = z.enum(['primary', 'secondary']);
export type PathName = z.infer<typeof pathName>;
export const VNF_STATES = ['PLANNED', 'BUILD', 'ACTIVE', 'ERROR', 'DELETING', 'DELETED'] as const;
export const vnfState = z.enum(VNF_STATES);
export type VnfState = z.infer<typeof vnfState>;
export const OP_STATES = ['PROCESSING', 'COMPLETED', 'FAILED', 'ROLLED_BACK'] as const;
export const opState = z.enum(OP_STATES);
export type OpState = z.infer<typeof opState>;
export const OP_TYPES = ['CREATE', 'UPDATE', 'DELETE', 'REPAIR'] as const;
export const opType = z.enum(OP_TYPES);
export type OpType = z.infer<typeof opType>;
export const STEP_STATES = ['PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED'] as const;
export const stepState = z.enum(STEP_STATES);
export type StepState = z.infer<typeof stepState>;

const money = z.number();
const priceLine = z.object({ label: z.string(), quantity: z.number(), unit: money, amount: money });
export const quote = z.object({
  currency: z.string(),
  catalogVersion: z.number().int(),
  oneTime: z.object({ total: money, lines: z.array(priceLine) }),
  monthly: z.object({ total: money, lines: z.array(priceLine) }),
});
export type Quote = z.infer<typeof quote>;

export const functionView = z.object({
  functionId: z.number().int().describe('Function ID (32 bits), managed by the service manager'),
  name: z.string(),
  status: z.enum(['Starting', 'Running', 'Terminating', 'Unknown']),
});

export const vnfView = z.object({
  id: z.string(),
  serviceId: z.string(),
  tenantId: z.string(),
  role: z.string(),
  vnfTypeId: z.string(),
  software: z.string(),
  hostname: z.string(),
  path: pathName,
  position: z.number().int(),
  podId: z.string(),
  serverId: z.string(),
  serverName: z.string(),
  state: vnfState,
  detail: z.string().nullable().describe('the VIM’s fault message, when in ERROR'),
  vcpu: z.number().int(),
  ramMb: z.number().int(),
  diskGb: z.number().int(),
  nodeId: z.number().int().nullable().describe('Node ID (32 bits) of this execution node'),
  vmName: z.string(),
  functions: z.array(functionView),
  interfaces: z.array(z.object({ name: z.string(), network: z.string(), mac: z.string(), ip: z.string().nullable() })),
});
export type VnfView = z.infer<typeof vnfView>;

export const opSummary = z.object({
  id: z.string(),
  serviceId: z.string(),
  tenantId: z.string(),
  type: opType,
  state: opState,
  phase: z.enum(['forward', 'rollback']),
  cancelRequested: z.boolean(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  currentStep: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdBy: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  finishedAt: isoTime.nullable(),
});
export type OpSummary = z.infer<typeof opSummary>;

export const stepView = z.object({
  seq: z.number().int(),
  stage: z.number().int(),
  phase: z.enum(['forward', 'rollback']),
  name: z.string(),
  kind: z.string(),
  target: z.string().nullable(),
  podId: z.string().nullable().describe('the PoD whose device manager does this step'),
  state: stepState,
  attempts: z.number().int(),
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  detail: z.string().nullable(),
  error: z.string().nullable(),
});

export const operationView = opSummary.extend({
  autoRollback: z.boolean(),
  steps: z.array(stepView),
  journal: z.array(z.object({ at: isoTime, event: z.string(), detail: z.string().nullable() })),
  actions: z.array(z.enum(['retry', 'rollback', 'cancel'])).describe('what the caller may do with it now'),
});
export type OperationView = z.infer<typeof operationView>;

const podRef = z.object({ path: pathName, podId: z.string(), podName: z.string(), dcId: z.string(), dcName: z.string() });

export const SERVICE_ACTIONS = ['update', 'delete', 'repair', 'retry', 'rollback', 'cancel'] as const;

export const serviceSummary = z.object({
  id: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  name: z.string(),
  packageId: z.string(),
  packageName: z.string(),
  ips: z.boolean(),
  state: serviceState,
  health,
  redundant: z.boolean(),
  activePath: pathName.nullable(),
  pods: z.array(podRef),
  sites: z.number().int(),
  vcpu: z.number().int(),
  monthly: z.number(),
  currency: z.string(),
  operation: opSummary.nullable().describe('the operation in progress, or the last one'),
  actions: z.array(z.enum(SERVICE_ACTIONS)).describe('what the caller may do now'),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type ServiceSummary = z.infer<typeof serviceSummary>;

export const tunnelView = z.object({ path: pathName, peerIp: z.string().nullable(), metric: z.number().int(), up: z.boolean(), active: z.boolean() });

export const serviceView = serviceSummary.extend({
  catalogVersion: z.number().int(),
  intent,
  quote,
  chains: z.array(
    z.object({
      path: pathName,
      podId: z.string(),
      podName: z.string(),
      dcName: z.string(),
      serverId: z.string(),
      serverName: z.string(),
      preference: z.number().int().describe('route cost at the CPE: lower is preferred'),
      up: z.boolean().describe('its vRouter is reachable'),
      vnfs: z.array(vnfView),
    }),
  ),
  sites: z.number().int(),
  siteList: z.array(
    z.object({
      index: z.number().int(),
      name: z.string(),
      users: z.number().int(),
      cpeModelId: z.string(),
      cpeModelName: z.string(),
      address,
      lan: z.string().nullable(),
      identity: z.string(),
      tunnels: z.array(tunnelView),
    }),
  ),
  allocations: z.array(z.object({ pool: z.string(), display: z.string(), purpose: z.string(), pending: z.boolean() })),
  events: z.array(z.object({ at: isoTime, kind: z.string(), message: z.string() })),
  deletedAt: isoTime.nullable(),
});
export type ServiceView = z.infer<typeof serviceView>;

const resources = z.object({ vcpu: z.number().int(), ramMb: z.number().int(), diskGb: z.number().int() });

export const shortage = z.object({
  resource: z.enum(['vcpu', 'ramMb', 'diskGb', 'pool', 'quota', 'pods']),
  message: z.string(),
  need: resources.optional(),
  pool: z.string().optional(),
  where: z
    .array(z.object({ podId: z.string(), podName: z.string(), dcName: z.string(), serverId: z.string().nullable(), serverName: z.string().nullable(), free: resources }))
    .describe('the closest fits, best first'),
});
export type Shortage = z.infer<typeof shortage>;

const diffLine = z.object({ op: z.enum(['+', '-', ' ']), text: z.string() });

export const planView = z.object({
  serviceId: z.string().nullable().describe('for an update: the service'),
  tenantId: z.string(),
  complete: z.boolean().describe('false while the wizard has not chosen CPEs and addresses yet'),
  quote,
  placement: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true) }),
    z.object({ ok: z.literal(false), shortage }),
  ]),
  chains: z.array(
    z.object({
      path: pathName,
      podId: z.string(),
      podName: z.string(),
      dcName: z.string(),
      serverId: z.string(),
      serverName: z.string(),
      preference: z.number().int(),
      vnfs: z.array(
        z.object({
          role: z.string(),
          vnfTypeId: z.string(),
          software: z.string(),
          hostname: z.string(),
          vcpu: z.number().int(),
          ramMb: z.number().int(),
          diskGb: z.number().int(),
          action: z.enum(['create', 'keep', 'reconfigure', 'delete']),
          config: z.string().describe('the rendered day-1 configuration (secrets masked)'),
        }),
      ),
    }),
  ),
  allocations: z.array(z.object({ pool: z.string(), display: z.string(), purpose: z.string(), action: z.enum(['allocate', 'keep', 'release']) })),
  totals: resources,
  diff: z.object({
    summary: z.array(z.string()).describe('one line per change, e.g. "+ vFirewall on pod-a/srv-3"'),
    configs: z.array(z.object({ vnf: z.string(), path: pathName, lines: z.array(diffLine) })),
    monthly: z.object({ before: z.number().nullable(), after: z.number() }),
  }),
  warnings: z.array(z.string()),
});
export type PlanView = z.infer<typeof planView>;

const usage3 = z.object({ total: z.number().int(), reserved: z.number().int(), used: z.number().int(), free: z.number().int() });

export const serverView = z.object({
  id: z.string(),
  podId: z.string(),
  name: z.string(),
  role: z.enum(['production', 'control', 'storage']),
  state: z.enum(['active', 'maintenance', 'failed']),
  nodeId: z.number().int().nullable(),
  cpuModel: z.string(),
  ghz: z.number(),
  vcpu: usage3,
  ramMb: usage3,
  diskGb: usage3,
  vnfs: z.array(z.object({ id: z.string(), serviceId: z.string(), tenantId: z.string(), role: z.string(), state: vnfState })),
});
export type ServerView = z.infer<typeof serverView>;

export const platformNode = z.object({
  id: z.string(),
  kind: z.enum(['nso-sm', 'nso-dm', 'esc']),
  podId: z.string().nullable(),
  name: z.string(),
  role: z.enum(['master', 'slave', 'subordinate', 'none']),
  alive: z.boolean(),
  lastKeepaliveAt: isoTime.nullable(),
  nodeId: z.number().int().nullable(),
  address: z.string(),
});
export type PlatformNode = z.infer<typeof platformNode>;

export const pairView = z.object({
  pair: z.string().describe('"nso-sm", "nso-dm:<pod>" or "esc:<pod>"'),
  kind: z.enum(['nso-sm', 'nso-dm', 'esc']),
  podId: z.string().nullable(),
  vip: z.string(),
  master: z.string().nullable().describe('the node id that holds the master role'),
  healthy: z.boolean().describe('a master and a standby, both alive'),
  nodes: z.array(platformNode),
  lastFailoverAt: isoTime.nullable(),
});
export type PairView = z.infer<typeof pairView>;

export const podView = z.object({
  id: z.string(),
  name: z.string(),
  dcId: z.string(),
  dcName: z.string(),
  model: z.string(),
  state: z.enum(['active', 'maintenance']),
  nodeId: z.number().int().nullable(),
  vim: z.object({ driver: z.string(), endpoint: z.string(), available: z.boolean() }),
  servers: z.object({ production: z.number().int(), control: z.number().int(), storage: z.number().int() }),
  vcpu: usage3,
  ramMb: usage3,
  diskGb: usage3,
  services: z.number().int(),
  vnfs: z.number().int(),
  esc: pairView.nullable(),
  dm: pairView.nullable(),
});
export type PodView = z.infer<typeof podView>;

export const dcView = z.object({ id: z.string(), name: z.string(), location: z.string(), pods: z.number().int() });

export const podModel = z.object({
  id: z.string(),
  name: z.string(),
  productionServers: z.number().int().min(1).max(1000),
  controlServers: z.number().int().min(0).max(100),
  storageServers: z.number().int().min(0).max(100),
  server: z.object({
    cpuModel: z.string().max(120),
    ghz: z.number().min(0.1).max(10),
    vcpu: z.number().int().min(1).max(4096),
    reservedVcpu: z.number().int().min(0).max(4096),
    ramMb: z.number().int().min(1024).max(64 * 1024 * 1024),
    reservedRamMb: z.number().int().min(0).max(64 * 1024 * 1024),
    diskGb: z.number().int().min(1).max(1024 * 1024),
  }),
  note: z.string().max(2000),
});
export type PodModel = z.infer<typeof podModel>;

const fitCell = z.object({ podModel: z.string(), services: z.number().int(), bound: z.enum(['vcpu', 'ramMb', 'diskGb']) });

const mixItem = z.object({
  serviceType: z.string().describe('a service type id from catalog.list (packageId or packageId+ips)'),
  share: z.number().min(0).max(1_000_000).describe('relative weight in the mix'),
});

export const nodeView = z.object({
  nodeId: z.number().int(),
  kind: z.enum(['server', 'vnf', 'enforcer', 'platform']),
  subjectId: z.string(),
  name: z.string(),
  retired: z.boolean(),
  info: z.object({
    processingGhz: z.number().nullable(),
    memoryBytes: z.number().nullable(),
    storageBytes: z.number().nullable(),
    bootTime: isoTime.nullable(),
  }),
  functions: z.array(functionView.extend({ requiredMemoryBytes: z.number().nullable(), requiredStorageBytes: z.number().nullable() })),
});

// shapes several commands share
const wait = z.boolean().default(false);
const byId = z.object({ id }).strict();
const byIdWait = z.object({ id, wait }).strict();
const serviceAndOperation = z.object({ service: serviceView, operation: opSummary });
const operationOnly = z.object({ operation: opSummary });

const batch = <T extends z.ZodType>(item: T) => z.object({ tenantId: z.string().nullable().describe('null: not tenant-scoped'), items: z.array(item) });

export const orchestratorContract = {
  permissions: {
    'services.read': ['admin', 'operator', 'customer'],
    'services.order': ['admin', 'operator', 'customer'],
    'services.operate': ['admin', 'operator'],
    'operations.read': ['admin', 'operator', 'customer'],
    'operations.cancel': ['admin', 'operator', 'customer'],
    'operations.manage': ['admin', 'operator'],
    'infra.read': ['admin', 'operator'],
    'infra.manage': ['admin'],
  },
  commands: {
    // ---- the shop and "My services"
    'services.plan': command({
      summary: 'Dry run of an order or an update: field-level validation, price, placement, allocations, day-1 configs and the diff — nothing is changed',
      input: z
        .object({
          tenantId: id.optional().describe('required for admins and operators; a customer’s own tenant otherwise'),
          serviceId: id.optional().describe('plan an update of this service instead of a new order'),
          intent,
        })
        .strict(),
      output: planView,
      permission: 'services.order',
      mutates: false,
    }),
    'services.order': command({
      summary: 'Purchase: validate the intent, place it, allocate its resources and start the CREATE operation',
      input: z
        .object({
          tenantId: id.optional(),
          intent,
          requestId: z.string().min(1).max(64).optional().describe('idempotency key: the same key returns the same order'),
          autoRollback: z.boolean().default(false).describe('roll back by itself when a step fails (else it waits for an operator as FAILED)'),
          wait: wait.describe('answer only when the operation has finished (at most 120 s)'),
        })
        .strict(),
      output: serviceAndOperation,
      permission: 'services.order',
      mutates: true,
    }),
    'services.get': command({
      summary: 'One service: state, health, chains and VNFs on their PoD and server, sites and tunnels, price, allocations',
      input: byId,
      output: z.object({ service: serviceView }),
      permission: 'services.read',
      mutates: false,
    }),
    'services.list': command({
      summary: 'Services with state, health, PoD and available actions (a customer sees only their own)',
      input: z
        .object({
          tenantId: id.optional(),
          podId: id.optional(),
          state: serviceState.optional(),
          health: health.optional(),
          includeDeleted: z.boolean().default(false),
          limit: z.number().int().min(1).max(1000).default(200),
          offset: z.number().int().min(0).default(0),
        })
        .strict(),
      output: z.object({ services: z.array(serviceSummary), total: z.number().int() }),
      permission: 'services.read',
      mutates: false,
    }),
    'services.update': command({
      summary: 'Upgrade or downgrade: a new intent for the service (package, options, sites); starts an UPDATE operation',
      input: z
        .object({ id, intent, autoRollback: z.boolean().default(false), wait })
        .strict(),
      output: serviceAndOperation,
      permission: 'services.order',
      mutates: true,
    }),
    'services.delete': command({
      summary: 'Delete a service: its VNFs are removed and its resources released (a DELETE operation)',
      input: byIdWait,
      output: serviceAndOperation,
      permission: 'services.order',
      mutates: true,
    }),
    'services.repair': command({
      summary: 'Re-create the VNFs of a service that are in ERROR (a REPAIR operation)',
      input: byIdWait,
      output: serviceAndOperation,
      permission: 'services.operate',
      mutates: true,
    }),
    'vnfs.redeploy': command({
      summary: 'Restart a VNF by re-creating its VM: remove it, boot it again from its image on the same server and push its day-1 configuration (a REPAIR operation)',
      input: z.object({ id: id.describe('the VNF'), wait }).strict(),
      output: serviceAndOperation,
      permission: 'services.operate',
      mutates: true,
    }),
    'services.configs': command({
      summary: 'The rendered day-1 configuration of each VNF of a service, and the CPE zero-touch configuration of each site (secrets masked)',
      input: byId,
      output: z.object({
        vnfs: z.array(z.object({ vnfId: z.string(), role: z.string(), path: pathName, hostname: z.string(), config: z.string() })),
        cpes: z.array(z.object({ site: z.number().int(), name: z.string(), config: z.string() })),
        pending: z
          .object({
            operationId: z.string(),
            state: opState,
            vnfs: z.array(
              z.object({
                vnfId: z.string(),
                role: z.string(),
                path: pathName,
                hostname: z.string(),
                change: z.enum(['add', 'remove', 'reconfigure']),
                lines: z.array(diffLine).describe('masked, every line: before → after (all "+" for a VNF the update adds, all "-" for one it removes)'),
              }),
            ),
          })
          .nullable()
          .describe('while an UPDATE is open (PROCESSING or FAILED): what it changes in the configurations'),
      }),
      permission: 'services.operate',
      mutates: false,
    }),
    // ---- operations
    'operations.get': command({
      summary: 'One operation with its steps and journal',
      input: byId,
      output: z.object({ operation: operationView }),
      permission: 'operations.read',
      mutates: false,
    }),
    'operations.list': command({
      summary: 'Operations, newest first (a customer sees only their own)',
      input: z
        .object({
          serviceId: id.optional(),
          tenantId: id.optional(),
          state: opState.optional(),
          limit: z.number().int().min(1).max(1000).default(100),
          offset: z.number().int().min(0).default(0),
        })
        .strict(),
      output: z.object({ operations: z.array(opSummary), total: z.number().int() }),
      permission: 'operations.read',
      mutates: false,
    }),
    'operations.retry': command({
      summary: 'Retry a FAILED operation from the step that failed',
      input: byIdWait,
      output: operationOnly,
      permission: 'operations.manage',
      mutates: true,
    }),
    'operations.rollback': command({
      summary: 'Roll back a FAILED operation: undo its steps and release what it allocated',
      input: byIdWait,
      output: operationOnly,
      permission: 'operations.manage',
      mutates: true,
    }),
    'operations.cancel': command({
      summary: 'Cancel an operation in progress: it stops at the next step and rolls back',
      input: byIdWait,
      output: operationOnly,
      permission: 'operations.cancel',
      mutates: true,
    }),
    // ---- infrastructure
    'pods.list': command({
      summary: 'Data centres and PoDs: model, state, VIM, utilization, ESC and device-manager redundancy',
      input: empty,
      output: z.object({ dataCentres: z.array(dcView), pods: z.array(podView) }),
      permission: 'infra.read',
      mutates: false,
    }),
    'pods.get': command({
      summary: 'One PoD with its servers, their utilization and the VNFs on them',
      input: byId,
      output: z.object({ pod: podView, servers: z.array(serverView) }),
      permission: 'infra.read',
      mutates: false,
    }),
    'pods.capacity': command({
      summary: 'Live utilization per PoD and server, and how many more services of each type fit',
      input: z.object({ podId: id.optional() }).strict(),
      output: z.object({
        pods: z.array(
          z.object({
            podId: z.string(),
            podName: z.string(),
            dcName: z.string(),
            model: z.string(),
            vcpu: usage3,
            ramMb: usage3,
            diskGb: usage3,
            servers: z.array(z.object({ serverId: z.string(), name: z.string(), state: z.string(), vcpu: usage3, ramMb: usage3, diskGb: usage3, vnfs: z.number().int() })),
            fits: z.array(z.object({ serviceType: z.string(), name: z.string(), more: z.number().int() })),
          }),
        ),
      }),
      permission: 'infra.read',
      mutates: false,
    }),
    'pods.models': command({
      summary: 'PoD models (small / medium / large): servers per role and the production server’s size',
      input: empty,
      output: z.object({ models: z.array(podModel) }),
      permission: 'infra.read',
      mutates: false,
    }),
    'pods.updateModel': command({
      summary: 'Edit a PoD model (applies to PoDs created afterwards and to the calculator)',
      input: z.object({ model: podModel }).strict(),
      output: z.object({ model: podModel }),
      permission: 'infra.manage',
      mutates: true,
    }),
    'datacentres.create': command({
      summary: 'Add a data centre',
      input: z.object({ name: z.string().trim().min(2).max(60), location: z.string().trim().max(120).default('') }).strict(),
      output: z.object({ dataCentre: dcView }),
      permission: 'infra.manage',
      mutates: true,
    }),
    'pods.create': command({
      summary: 'Add a PoD of a model to a data centre: its servers, device manager, ESC pair, VIM endpoint and pools',
      input: z
        .object({
          dcId: id,
          name: z.string().trim().min(2).max(60),
          model: z.string().max(40),
          vimDriver: z.string().max(40).default('lab').describe('the VIM driver; "lab" is the embedded lab'),
        })
        .strict(),
      output: z.object({ pod: podView }),
      permission: 'infra.manage',
      mutates: true,
    }),
    'pods.update': command({
      summary: 'Rename a PoD or put it in maintenance (no new placements) / back in service',
      input: z.object({ id, name: z.string().trim().min(2).max(60).optional(), state: z.enum(['active', 'maintenance']).optional() }).strict(),
      output: z.object({ pod: podView }),
      permission: 'infra.manage',
      mutates: true,
    }),
    'servers.update': command({
      summary: 'Put a server in maintenance (no new placements) or back in service',
      input: z.object({ id, state: z.enum(['active', 'maintenance']) }).strict(),
      output: z.object({ server: serverView }),
      permission: 'infra.manage',
      mutates: true,
    }),
    // ---- capacity (Figure 6-12)
    'capacity.calculator': command({
      summary: 'How many services of each type fit on each PoD model, with and without IPS (table and chart series)',
      input: empty,
      output: z.object({
        podModels: z.array(podModel),
        serviceTypes: z.array(z.object({ id: z.string(), name: z.string(), ips: z.boolean(), vcpu: z.number().int(), ramMb: z.number().int(), diskGb: z.number().int() })),
        table: z.array(z.object({ serviceType: z.string(), name: z.string(), cells: z.array(fitCell) })),
        chart: z.object({
          categories: z.array(z.string()).describe('service type names (x axis)'),
          series: z.array(z.object({ name: z.string(), podModel: z.string(), values: z.array(z.number().int()) })),
        }),
      }),
      permission: 'infra.read',
      mutates: false,
    }),
    'capacity.whatIf': command({
      summary: 'What if: how many services of a mix of types fit on each PoD model, and how many more on the live PoDs',
      input: z.object({ mix: z.array(mixItem).min(1).max(20) }).strict(),
      output: z.object({
        mix: z.array(z.object({ serviceType: z.string(), name: z.string(), share: z.number() })),
        models: z.array(z.object({ podModel: z.string(), services: z.number().int(), byType: z.record(z.string(), z.number().int()), bound: z.string() })),
        live: z.array(z.object({ podId: z.string(), podName: z.string(), more: z.number().int(), byType: z.record(z.string(), z.number().int()), bound: z.string() })),
        liveTotal: z.number().int(),
      }),
      permission: 'infra.read',
      mutates: false,
    }),
    // ---- redundancy
    'redundancy.status': command({
      summary: 'NSO service / device managers (master, subordinate, none), ESC master / slave per PoD, keep-alives, and the service paths of redundant services',
      input: empty,
      output: z.object({
        keepaliveMs: z.number().int(),
        deadAfterMs: z.number().int(),
        pairs: z.array(pairView),
        servicePaths: z.array(z.object({ serviceId: z.string(), tenantId: z.string(), name: z.string(), activePath: pathName.nullable(), primaryUp: z.boolean(), secondaryUp: z.boolean() })),
      }),
      permission: 'infra.read',
      mutates: false,
    }),
    // ---- identities (service mobility, §3)
    'nodes.list': command({
      summary: 'Execution nodes (servers, VNFs, enforcers, platform) with their Node ID, and the Function ID of each function',
      input: z.object({ kind: z.enum(['server', 'vnf', 'enforcer', 'platform']).optional(), includeRetired: z.boolean().default(false) }).strict(),
      output: z.object({ nodes: z.array(nodeView) }),
      permission: 'infra.read',
      mutates: false,
    }),
    'orchestrator.check': command({
      summary: 'Check the orchestrator’s own consistency: capacity never overcommitted, allocations owned by live services, no half-finished work',
      input: empty,
      output: z.object({ ok: z.boolean(), problems: z.array(z.string()), counts: z.record(z.string(), z.number()) }),
      permission: 'infra.read',
      mutates: false,
    }),
  },
  topics: {
    'services.changed': topic({
      summary: 'Services whose state, health or active path changed (batched, per tenant)',
      event: batch(serviceSummary),
      params: z.object({ serviceId: id.optional() }).strict(),
      permission: 'services.read',
      match: (p, e) => !p.serviceId || e.items.some((s) => s.id === p.serviceId),
      tenantOf: (e) => e.tenantId,
    }),
    'operations.changed': topic({
      summary: 'Operations that moved: step progress and state (batched, per tenant)',
      event: batch(opSummary),
      params: z.object({ serviceId: id.optional(), operationId: id.optional() }).strict(),
      permission: 'operations.read',
      match: (p, e) => e.items.some((o) => (!p.serviceId || o.serviceId === p.serviceId) && (!p.operationId || o.id === p.operationId)),
      tenantOf: (e) => e.tenantId,
    }),
    'vnfs.changed': topic({
      summary: 'VNFs whose state changed: BUILD, ACTIVE, ERROR… (batched, per tenant)',
      event: batch(vnfView),
      params: z.object({ serviceId: id.optional(), podId: id.optional() }).strict(),
      permission: 'services.read',
      match: (p, e) => e.items.some((v) => (!p.serviceId || v.serviceId === p.serviceId) && (!p.podId || v.podId === p.podId)),
      tenantOf: (e) => e.tenantId,
    }),
    'pods.changed': topic({
      summary: 'PoDs whose utilization or state changed (batched)',
      event: batch(podView),
      params: empty,
      permission: 'infra.read',
    }),
    'redundancy.changed': topic({
      summary: 'A platform pair changed role (failover) or a node fell silent / came back',
      event: z.object({ pair: pairView, reason: z.string() }),
      params: empty,
      permission: 'infra.read',
    }),
  },
} satisfies CapabilityContract;
