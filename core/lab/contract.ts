// The embedded lab's part of the contract: its VIM's state, failure injection, redundancy
// drills, and reset. Pure declarations (zod only) — the handlers live in ./handlers.ts.
import { z } from 'zod';
import { command, type CapabilityContract } from '../api/define.js';

const id = z.string().min(1).max(64);
const isoTime = z.string().describe('ISO 8601 time');

export const labVm = z.object({
  name: z.string(),
  vimId: z.string(),
  podId: z.string(),
  host: z.string(),
  status: z.enum(['BUILD', 'ACTIVE', 'ERROR', 'SHUTOFF']),
  fault: z.string().nullable(),
  image: z.string(),
  vcpu: z.number().int(),
  ramMb: z.number().int(),
  diskGb: z.number().int(),
  readyAt: isoTime.nullable(),
  configLines: z.number().int().describe('lines of configuration pushed to it'),
  createdAt: isoTime,
});
export type LabVmView = z.infer<typeof labVm>;

export const labEnforcer = z.object({
  id: z.string(),
  name: z.string(),
  podId: z.string(),
  nodeId: z.number().int().describe('its Node ID (service mobility §3)'),
  address: z.string().describe('on the PoD’s management network'),
  state: z.enum(['ACTIVE', 'ERROR']),
  fault: z.string().nullable(),
  ems: z.object({
    url: z.string().describe('the IPsec EMS of its data centre'),
    registered: z.boolean(),
    registeredAt: isoTime.nullable(),
    lastFetch: isoTime.nullable().describe('when it last fetched its IPsec configuration'),
  }),
  analyser: z.string().describe('the SecMon analyser its SAs end on'),
  connections: z.array(
    z.object({
      name: z.string(),
      serviceId: z.string(),
      path: z.enum(['primary', 'secondary']),
      local: z.string().describe('the chain’s SecMon side: its vRouter’s management address'),
      remote: z.string(),
      established: z.boolean(),
    }),
  ),
});
export type LabEnforcerView = z.infer<typeof labEnforcer>;

const bootFault = z.object({
  tenantId: z.string().nullable(),
  role: z.string().nullable(),
  podId: z.string().nullable(),
  remaining: z.number().int(),
  kind: z.enum(['fail', 'slow', 'config']),
  slowMs: z.number().int().nullable(),
});

export const labStatus = z.object({
  enabled: z.boolean(),
  seeded: z.boolean(),
  bootDelayMs: z.object({ min: z.number().int(), max: z.number().int() }),
  vms: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  byPod: z.array(
    z.object({
      podId: z.string(),
      vms: z.number().int(),
      active: z.number().int(),
      error: z.number().int(),
      build: z.number().int(),
      hypervisors: z
        .object({ count: z.number().int(), vcpus: z.number().int(), vcpusUsed: z.number().int(), memoryMb: z.number().int(), memoryMbUsed: z.number().int(), localGb: z.number().int(), localGbUsed: z.number().int() })
        .describe('the capacity the lab VIM reports for the PoD (as Nova’s hypervisor statistics would)'),
    }),
  ),
  faults: z.array(bootFault),
  silenced: z.array(z.string()).describe('platform nodes that do not send keep-alives (drills)'),
  consistency: z.object({
    vmsWithoutVnf: z.array(z.string()).describe('lab VMs no live VNF accounts for'),
    vnfsWithoutVm: z.array(z.string()).describe('live VNFs (past booting) with no lab VM'),
  }),
});
export type LabStatus = z.infer<typeof labStatus>;

export const labContract = {
  permissions: {
    'lab.read': ['admin', 'operator'],
    'lab.control': ['admin', 'operator'],
    'lab.reset': ['admin'],
  },
  commands: {
    'lab.status': command({
      summary: 'The embedded lab: its VIM’s VMs by PoD and state, boot delays, armed faults, silenced nodes, and whether VMs and VNFs agree',
      input: z.object({}).strict(),
      output: labStatus,
      permission: 'lab.read',
      mutates: false,
    }),
    'lab.vms': command({
      summary: 'The lab VIM’s virtual machines',
      input: z.object({ podId: id.optional() }).strict(),
      output: z.object({ vms: z.array(labVm) }),
      permission: 'lab.read',
      mutates: false,
    }),
    'lab.reset': command({
      summary: 'Rebuild the lab: every service, operation and PoD is removed, then the data centres, PoDs and the lab tenants’ services are made again',
      input: z
        .object({
          seed: z.enum(['full', 'infra']).default('full').describe('"infra": only data centres and PoDs'),
          wait: z.boolean().default(false).describe('answer when the lab’s services have reached their states (at most 60 s)'),
        })
        .strict(),
      output: z.object({ dataCentres: z.number().int(), pods: z.number().int(), services: z.number().int(), usersCreated: z.array(z.string()) }),
      permission: 'lab.reset',
      mutates: true,
    }),
    'lab.failVnf': command({
      summary: 'Make a VNF’s VM fail (ERROR) in the lab VIM — the orchestrator sees it as a real VIM would report it',
      input: z.object({ vnfId: id, reason: z.string().max(200).default('failed by the lab') }).strict(),
      output: z.object({ vm: labVm }),
      permission: 'lab.control',
      mutates: true,
    }),
    'lab.repairVnf': command({
      summary: 'Bring a failed VM back to ACTIVE in the lab VIM (as if it had rebooted)',
      input: z.object({ vnfId: id }).strict(),
      output: z.object({ vm: labVm }),
      permission: 'lab.control',
      mutates: true,
    }),
    'lab.enforcers': command({
      summary: 'The lab’s SecMon IPsec enforcers: one per PoD, its registration with the IPsec EMS and its security associations',
      input: z.object({ podId: id.optional() }).strict(),
      output: z.object({ enforcers: z.array(labEnforcer) }),
      permission: 'lab.read',
      mutates: false,
    }),
    'lab.failEnforcer': command({
      summary: 'Make an IPsec enforcer fail: ERROR, deregistered from the IPsec EMS (it misses the health checks), no security associations',
      input: z.object({ enforcerId: id, reason: z.string().max(200).default('failed by the lab') }).strict(),
      output: z.object({ enforcer: labEnforcer }),
      permission: 'lab.control',
      mutates: true,
    }),
    'lab.repairEnforcer': command({
      summary: 'Bring a failed IPsec enforcer back: it registers with the IPsec EMS again and fetches its configuration',
      input: z.object({ enforcerId: id }).strict(),
      output: z.object({ enforcer: labEnforcer }),
      permission: 'lab.control',
      mutates: true,
    }),
    'lab.failBoots': command({
      summary: 'Arm a fault: the next boots (matching tenant, VNF role and PoD, when given) end in ERROR or are slow, or the next configuration pushes are rejected',
      input: z
        .object({
          count: z.number().int().min(1).max(1000).default(1),
          tenantId: id.optional(),
          role: z.enum(['router', 'firewall', 'web-security', 'ips']).optional(),
          podId: id.optional(),
          slowMs: z.number().int().min(1).max(3_600_000).optional().describe('instead of failing, take this long to boot'),
          at: z.enum(['boot', 'configure']).default('boot').describe('configure: the VM boots, then rejects its configuration'),
        })
        .strict(),
      output: z.object({ faults: z.array(bootFault) }),
      permission: 'lab.control',
      mutates: true,
    }),
    'lab.clearFaults': command({
      summary: 'Disarm every boot fault',
      input: z.object({}).strict(),
      output: z.object({ faults: z.array(bootFault) }),
      permission: 'lab.control',
      mutates: true,
    }),
    'lab.setBootDelay': command({
      summary: 'How long lab VMs take to boot (each picks a delay between min and max)',
      input: z.object({ minMs: z.number().int().min(0).max(600_000), maxMs: z.number().int().min(0).max(600_000) }).strict(),
      output: z.object({ bootDelayMs: z.object({ min: z.number().int(), max: z.number().int() }) }),
      permission: 'lab.control',
      mutates: true,
    }),
    'lab.drill': command({
      summary: 'Failover drill: the master of a pair (ESC or NSO device manager of a PoD, or the NSO service manager) falls silent; its standby takes over after the missed keep-alives',
      input: z
        .object({
          target: z.enum(['esc', 'nso-dm', 'nso-sm']),
          podId: id.optional().describe('for esc and nso-dm'),
          reviveAfterMs: z.number().int().min(0).max(3_600_000).optional().describe('the silenced node comes back (as standby) after this long; default: twice the failover time; 0: stays silent'),
          wait: z.boolean().default(true).describe('answer after the standby has taken over'),
        })
        .strict(),
      output: z.object({ pair: z.string(), silenced: z.string(), before: z.string().nullable(), after: z.string().nullable(), tookMs: z.number().int().nullable() }),
      permission: 'lab.control',
      mutates: true,
    }),
    'lab.revive': command({
      summary: 'Silenced platform nodes send keep-alives again (all, or one)',
      input: z.object({ nodeId: id.optional() }).strict(),
      output: z.object({ revived: z.array(z.string()) }),
      permission: 'lab.control',
      mutates: true,
    }),
  },
  topics: {},
} satisfies CapabilityContract;
