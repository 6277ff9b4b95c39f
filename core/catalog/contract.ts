// The catalog capability's part of the contract: the Cloud VPN packages, VNF types,
// options, bandwidth tiers and CPE models, as one versioned document that an admin edits.
// Pure declarations (zod only) — the handlers live in ./handlers.ts.
import { z } from 'zod';
import { command, topic, type CapabilityContract } from '../api/define.js';

const isoTime = z.string().describe('ISO 8601 time');
const slug = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"');
const money = z.number().min(0).max(10_000_000).describe('an amount in the catalog currency');
const text = (max: number) => z.string().max(max);

export const VNF_ROLES = ['router', 'firewall', 'web-security', 'ips'] as const;
export const vnfRole = z.enum(VNF_ROLES);
export type VnfRole = z.infer<typeof vnfRole>;

export const URL_FILTERING_LEVELS = ['low', 'medium', 'high'] as const;
export const urlFilteringLevel = z.enum(URL_FILTERING_LEVELS);

export const vnfInterface = z.object({
  name: text(40).min(1).describe('the interface name on the VNF, e.g. GigabitEthernet1'),
  network: z.enum(['mgmt', 'outside', 'inside', 'service']).describe('what it attaches to'),
});

export const vnfType = z.object({
  id: slug,
  name: text(60).min(1),
  role: vnfRole,
  software: text(60).min(1).describe('the virtual appliance, e.g. CSR1000V'),
  image: text(200).min(1).describe('the VIM image name'),
  vcpu: z.number().int().min(1).max(64),
  ramMb: z.number().int().min(256).max(512 * 1024),
  diskGb: z.number().int().min(1).max(4096),
  interfaces: z.array(vnfInterface).min(1).max(10),
  bootSeconds: z.number().int().min(1).max(3600).describe('typical boot time of the real appliance'),
  functions: z.array(text(60).min(1)).min(1).max(10).describe('the functions it runs (each gets a Function ID)'),
  day1Template: text(64 * 1024).min(1).describe('the day-1 configuration template (see core/catalog/README.md)'),
  note: text(2000).describe('why these numbers'),
});
export type VnfType = z.infer<typeof vnfType>;

export const packageSpec = z.object({
  id: slug,
  name: text(60).min(1),
  description: text(500),
  chain: z.array(slug).min(1).max(6).describe('VNF type ids, in chain order (traffic from the sites first)'),
  allows: z.object({
    ips: z.boolean(),
    urlFiltering: z.boolean(),
    remoteUsers: z.boolean(),
    automatedRecovery: z.boolean(),
  }),
  price: z.object({ setup: money, monthly: money, perSiteMonthly: money }),
  orderable: z.boolean().describe('false hides it from the shop; existing services keep running'),
});
export type PackageSpec = z.infer<typeof packageSpec>;

export const cpeModel = z.object({
  id: slug,
  name: text(60).min(1),
  description: text(300),
  price: money.describe('one-time price per device'),
  maxMbps: z.number().int().min(1).max(100_000).describe('the most IPsec throughput it sustains'),
  ports: z.number().int().min(1).max(64),
  orderable: z.boolean(),
});
export type CpeModel = z.infer<typeof cpeModel>;

export const bandwidthTier = z.object({ mbps: z.number().int().min(1).max(100_000), monthly: money });

export const catalogDocument = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. USD'),
  vnfTypes: z.array(vnfType).min(1).max(50),
  packages: z.array(packageSpec).min(1).max(50),
  options: z.object({
    ips: z.object({ vnfTypeId: slug, monthly: money, label: text(80) }),
    urlFiltering: z.object({ levels: z.array(urlFilteringLevel).min(1), default: urlFilteringLevel, label: text(80) }),
    remoteUsers: z.object({ perUserMonthly: money, max: z.number().int().min(0).max(100_000), label: text(80) }),
    automatedRecovery: z.object({
      monthlyFactor: z.number().min(0).max(10).describe('the redundant path costs this share of the package monthly price'),
      label: text(80),
    }),
  }),
  bandwidths: z.array(bandwidthTier).min(1).max(20),
  cpeModels: z.array(cpeModel).min(1).max(100),
  shipping: z.object({ perSite: money }),
  cpeTemplate: text(64 * 1024).min(1).describe("the CPE's zero-touch (day-0) configuration template, one per site"),
  limits: z.object({
    maxSites: z.number().int().min(1).max(10_000),
    maxUsersPerSite: z.number().int().min(1).max(10_000_000),
    maxGrowthPercent: z.number().int().min(0).max(10_000),
  }),
});
export type CatalogDocument = z.infer<typeof catalogDocument>;

export const catalogVersionInfo = z.object({
  version: z.number().int().positive(),
  createdAt: isoTime,
  createdBy: z.string(),
  note: z.string(),
});
export type CatalogVersionInfo = z.infer<typeof catalogVersionInfo>;

/** A service type of the capacity calculator (Table 6-3): a package, with or without IPS. */
export const serviceTypeView = z.object({
  id: z.string().describe('packageId, or packageId+ips'),
  packageId: z.string(),
  ips: z.boolean(),
  name: z.string(),
  chain: z.array(z.string()).describe('VNF type ids'),
  vcpu: z.number().int(),
  ramMb: z.number().int(),
  diskGb: z.number().int(),
});
export type ServiceTypeView = z.infer<typeof serviceTypeView>;

const catalogView = z.object({
  version: catalogVersionInfo,
  catalog: catalogDocument,
  serviceTypes: z.array(serviceTypeView).describe('each package with and without IPS, with its summed resources'),
});

const change = z.object({
  path: z.string().describe('dotted path; array items by id where they have one'),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type CatalogChange = z.infer<typeof change>;

export const catalogContract = {
  permissions: {
    'catalog.history': ['admin', 'operator'],
    'catalog.manage': ['admin'],
  },
  commands: {
    'catalog.list': command({
      summary: 'The current catalog: packages, VNF types, options, bandwidths and CPE models, with its version',
      input: z.object({ orderableOnly: z.boolean().default(false).describe('only what the shop offers') }).strict(),
      output: catalogView,
      permission: 'session',
      mutates: false,
    }),
    'catalog.get': command({
      summary: 'One version of the catalog',
      input: z.object({ version: z.number().int().positive() }).strict(),
      output: catalogView,
      permission: 'catalog.history',
      mutates: false,
    }),
    'catalog.versions': command({
      summary: 'Every version of the catalog, newest first',
      input: z.object({}).strict(),
      output: z.object({ versions: z.array(catalogVersionInfo), current: z.number().int() }),
      permission: 'catalog.history',
      mutates: false,
    }),
    'catalog.diff': command({
      summary: 'What changed between two versions of the catalog',
      input: z.object({ from: z.number().int().positive(), to: z.number().int().positive() }).strict(),
      output: z.object({ changes: z.array(change) }),
      permission: 'catalog.history',
      mutates: false,
    }),
    'catalog.preview': command({
      summary: 'Check an edited catalog without saving it: its field-level problems (BAD_INPUT) or what would change against baseVersion',
      input: z
        .object({
          baseVersion: z.number().int().positive().describe('the version the edit started from'),
          catalog: catalogDocument,
        })
        .strict(),
      output: z.object({ changes: z.array(change), current: z.number().int().describe('the current version: when it is not baseVersion, saving would be refused') }),
      permission: 'catalog.manage',
      mutates: false,
    }),
    'catalog.update': command({
      summary: 'Save an edited catalog as a new version (refused if someone saved since baseVersion)',
      input: z
        .object({
          baseVersion: z.number().int().positive().describe('the version the edit started from'),
          catalog: catalogDocument,
          note: z.string().min(1, 'say what changed').max(500),
        })
        .strict(),
      output: z.object({ version: catalogVersionInfo, changes: z.array(change) }),
      permission: 'catalog.manage',
      mutates: true,
    }),
  },
  topics: {
    'catalog.changed': topic({
      summary: 'A new catalog version was saved',
      event: z.object({ version: catalogVersionInfo }),
      params: z.object({}).strict(),
      permission: 'session',
    }),
  },
} satisfies CapabilityContract;
