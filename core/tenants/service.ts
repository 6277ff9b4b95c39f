// Tenants: the enterprises a service provider hosts. This capability owns the tenant
// records and quotas; what a tenant uses and what is kept per tenant (NVO3 §3.5) comes
// from the orchestrator, which registers itself as the tenants' inventory.
import type { Db } from '../store/store.js';
import type { Publisher } from '../api/bus.js';
import type { TenantDirectory } from '../auth/service.js';
import { badInput, conflict, notFound } from '../api/errors.js';
import type { Quotas, TenantProfile, TenantUsage, TenantView } from './contract.js';

export const DEFAULT_QUOTAS: Quotas = { maxServices: 10, maxSites: 100, maxVcpu: 200 };

/** What the orchestrator tells the tenants capability. */
export interface TenantInventory {
  usage(tenantId: string): TenantUsage;
  profile(tenantId: string): TenantProfile;
  tenantVni(tenantId: string): number | null;
  /** Runs inside the transaction that creates the tenant (allocates its VNI). */
  onCreate(tenantId: string): void;
}

interface Row {
  id: string;
  name: string;
  contact: string;
  disabled: number;
  max_services: number;
  max_sites: number;
  max_vcpu: number;
  lab: number;
  created_at: string;
  updated_at: string;
}

const NO_USAGE: TenantUsage = { services: 0, sites: 0, vcpu: 0, ramMb: 0, diskGb: 0, remoteUsers: 0 };

export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 28)
    .replace(/-+$/g, '');
  return s.length >= 2 ? s : `t-${s || 'x'}`;
}

export interface CreateTenant {
  id?: string | undefined;
  name: string;
  contact?: { name?: string | undefined; email?: string | undefined; phone?: string | undefined } | undefined;
  quotas?: Partial<Quotas> | undefined;
  lab?: boolean;
}

export class TenantsService implements TenantDirectory {
  private inventory: TenantInventory | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: Publisher,
    private readonly now: () => number,
  ) {}

  setInventory(inv: TenantInventory): void {
    this.inventory = inv;
  }

  private row(id: string): Row | undefined {
    return this.db.prepare(`SELECT * FROM tenants WHERE id = ?`).get(id) as Row | undefined;
  }

  exists(id: string): boolean {
    return this.row(id) !== undefined;
  }

  /** The tenant's record, for other capabilities (null when there is none). */
  find(id: string): { id: string; name: string; disabled: boolean; quotas: Quotas; lab: boolean } | null {
    const r = this.row(id);
    return r ? { id: r.id, name: r.name, disabled: r.disabled === 1, quotas: { maxServices: r.max_services, maxSites: r.max_sites, maxVcpu: r.max_vcpu }, lab: r.lab === 1 } : null;
  }

  private view(r: Row): TenantView {
    const c = JSON.parse(r.contact) as { name?: string; email?: string; phone?: string };
    return {
      id: r.id,
      name: r.name,
      contact: { name: c.name ?? '', email: c.email ?? '', phone: c.phone ?? '' },
      disabled: r.disabled === 1,
      quotas: { maxServices: r.max_services, maxSites: r.max_sites, maxVcpu: r.max_vcpu },
      vni: this.inventory?.tenantVni(r.id) ?? null,
      lab: r.lab === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      usage: this.inventory?.usage(r.id) ?? NO_USAGE,
    };
  }

  get(id: string): TenantView {
    const r = this.row(id);
    if (!r) throw notFound(`tenant ${id}`);
    return this.view(r);
  }

  profile(id: string): TenantProfile {
    if (!this.row(id)) throw notFound(`tenant ${id}`);
    return this.inventory?.profile(id) ?? { tenantId: id, vnis: [], entries: [] };
  }

  list(includeDisabled = true): TenantView[] {
    const rows = this.db.prepare(`SELECT * FROM tenants ${includeDisabled ? '' : 'WHERE disabled = 0'} ORDER BY name, id`).all() as Row[];
    return rows.map((r) => this.view(r));
  }

  private freeId(base: string): string {
    if (!this.row(base)) return base;
    for (let i = 2; i < 10_000; i++) {
      const id = `${base.slice(0, 28)}-${i}`;
      if (!this.row(id)) return id;
    }
    throw conflict(`no free tenant id like "${base}"`);
  }

  create(input: CreateTenant): TenantView {
    const id = input.id ?? this.freeId(slugify(input.name));
    if (this.row(id)) throw conflict(`tenant "${id}" already exists`, { id });
    const q = { ...DEFAULT_QUOTAS, ...stripUndefined(input.quotas ?? {}) };
    const t = new Date(this.now()).toISOString();
    const contact = { name: input.contact?.name ?? '', email: input.contact?.email ?? '', phone: input.contact?.phone ?? '' };
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO tenants (id, name, contact, disabled, max_services, max_sites, max_vcpu, lab, created_at, updated_at)
           VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.name, JSON.stringify(contact), q.maxServices, q.maxSites, q.maxVcpu, input.lab ? 1 : 0, t, t);
      this.inventory?.onCreate(id);
    })();
    const tenant = this.get(id);
    this.bus.publish('tenants.changed', { tenantId: id, tenant });
    return tenant;
  }

  update(input: { id: string; name?: string | undefined; contact?: CreateTenant['contact']; quotas?: Partial<Quotas> | undefined; disabled?: boolean | undefined }): TenantView {
    const r = this.row(input.id);
    if (!r) throw notFound(`tenant ${input.id}`);
    const cur = this.view(r);
    const q = { ...cur.quotas, ...stripUndefined(input.quotas ?? {}) };
    const issues = [];
    if (q.maxServices < cur.usage.services) issues.push({ path: 'quotas.maxServices', message: `below what the tenant already has (${cur.usage.services} services)` });
    if (q.maxSites < cur.usage.sites) issues.push({ path: 'quotas.maxSites', message: `below what the tenant already has (${cur.usage.sites} sites)` });
    if (q.maxVcpu < cur.usage.vcpu) issues.push({ path: 'quotas.maxVcpu', message: `below what the tenant already uses (${cur.usage.vcpu} vCPU)` });
    if (issues.length) throw badInput(issues);
    const contact = { ...cur.contact, ...stripUndefined(input.contact ?? {}) };
    this.db
      .prepare(`UPDATE tenants SET name = ?, contact = ?, disabled = ?, max_services = ?, max_sites = ?, max_vcpu = ?, updated_at = ? WHERE id = ?`)
      .run(input.name ?? cur.name, JSON.stringify(contact), (input.disabled ?? cur.disabled) ? 1 : 0, q.maxServices, q.maxSites, q.maxVcpu, new Date(this.now()).toISOString(), r.id);
    const tenant = this.get(r.id);
    this.bus.publish('tenants.changed', { tenantId: r.id, tenant });
    return tenant;
  }

  /** The tenants the embedded lab made (lab reset keeps them and re-creates their services). */
  labTenants(): string[] {
    return (this.db.prepare(`SELECT id FROM tenants WHERE lab = 1 ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
  }

  allIds(): string[] {
    return (this.db.prepare(`SELECT id FROM tenants ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
  }
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
