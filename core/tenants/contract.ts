// The tenants capability's part of the contract: tenants (the enterprises that contract
// for managed services), their quotas, and what is kept per tenant (NVO3 §3.5).
// Pure declarations (zod only) — the handlers live in ./handlers.ts.
import { z } from 'zod';
import { command, topic, type CapabilityContract } from '../api/define.js';

const isoTime = z.string().describe('ISO 8601 time');
export const tenantId = z
  .string()
  .min(2, 'at least 2 characters')
  .max(32, 'at most 32 characters')
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-", starting with a letter or digit');

export const quotas = z.object({
  maxServices: z.number().int().min(0).max(100_000),
  maxSites: z.number().int().min(0).max(1_000_000),
  maxVcpu: z.number().int().min(0).max(10_000_000),
});
export type Quotas = z.infer<typeof quotas>;

export const contact = z.object({
  name: z.string().max(80),
  email: z.string().max(120),
  phone: z.string().max(40),
});

export const usage = z.object({
  services: z.number().int().describe('services that hold resources (not deleted)'),
  sites: z.number().int(),
  vcpu: z.number().int(),
  ramMb: z.number().int(),
  diskGb: z.number().int(),
  remoteUsers: z.number().int(),
});
export type TenantUsage = z.infer<typeof usage>;

export const tenantView = z.object({
  id: z.string(),
  name: z.string(),
  contact,
  disabled: z.boolean(),
  quotas,
  vni: z.number().int().nullable().describe("the tenant's own Virtual Network ID"),
  lab: z.boolean().describe('made by the embedded lab'),
  createdAt: isoTime,
  updatedAt: isoTime,
  usage,
});
export type TenantView = z.infer<typeof tenantView>;

/** NVO3 §3.5: what is kept per tenant, one entry per VM (VNF). */
export const profileEntry = z.object({
  serviceId: z.string(),
  vmGroupId: z.string().describe('the VNF chain (service path) the VM belongs to'),
  role: z.string(),
  path: z.enum(['primary', 'secondary']),
  vim: z.object({ id: z.string(), name: z.string() }).describe('the vCenter of the draft: the PoD’s VIM endpoint'),
  server: z.object({ id: z.string(), name: z.string(), nodeId: z.number().int().nullable() }).describe('the vServer: the production server'),
  vni: z.number().int().nullable(),
  vlans: z.array(z.number().int()),
  vm: z.object({
    id: z.string(),
    name: z.string(),
    nodeId: z.number().int().nullable(),
    state: z.string(),
    interfaces: z.array(z.object({ name: z.string(), mac: z.string(), ip: z.string().nullable() })),
  }),
});
export const tenantProfile = z.object({
  tenantId: z.string(),
  vnis: z.array(z.number().int()).describe('every Virtual Network ID of the tenant (at least its own)'),
  entries: z.array(profileEntry),
});
export type TenantProfile = z.infer<typeof tenantProfile>;

export const tenantsContract = {
  permissions: {
    'tenants.read': ['admin', 'operator'],
    'tenants.view': ['admin', 'operator', 'customer'],
    'tenants.manage': ['admin'],
  },
  commands: {
    'tenants.create': command({
      summary: 'Create a tenant (an enterprise customer) with its quotas',
      input: z
        .object({
          id: tenantId.optional().describe('made from the name when omitted'),
          name: z.string().trim().min(2, 'at least 2 characters').max(80),
          contact: contact.partial().optional(),
          quotas: quotas.partial().optional(),
        })
        .strict(),
      output: z.object({ tenant: tenantView }),
      permission: 'tenants.manage',
      mutates: true,
    }),
    'tenants.list': command({
      summary: 'List tenants with their quotas and usage',
      input: z.object({ includeDisabled: z.boolean().default(true) }).strict(),
      output: z.object({ tenants: z.array(tenantView) }),
      permission: 'tenants.read',
      mutates: false,
    }),
    'tenants.get': command({
      summary: 'One tenant: quotas, usage and what is kept per tenant (VIM, server, VNI, VLANs, VM group, VM MAC/IP)',
      input: z.object({ id: tenantId }).strict(),
      output: z.object({ tenant: tenantView, profile: tenantProfile }),
      permission: 'tenants.view',
      mutates: false,
    }),
    'tenants.update': command({
      summary: 'Edit a tenant: name, contact, quotas, or disable / enable it',
      input: z
        .object({
          id: tenantId,
          name: z.string().trim().min(2).max(80).optional(),
          contact: contact.partial().optional(),
          quotas: quotas.partial().optional(),
          disabled: z.boolean().optional(),
        })
        .strict(),
      output: z.object({ tenant: tenantView }),
      permission: 'tenants.manage',
      mutates: true,
    }),
  },
  topics: {
    'tenants.changed': topic({
      summary: 'A tenant was created or changed',
      event: z.object({ tenantId: z.string(), tenant: tenantView }),
      params: z.object({}).strict(),
      permission: 'tenants.view',
      tenantOf: (e) => e.tenantId,
    }),
  },
} satisfies CapabilityContract;
