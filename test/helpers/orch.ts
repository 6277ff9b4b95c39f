// Helpers for orchestration tests: a host with the lab (boot delays 0, fast keep-alives),
// tenants and customers, intents, and waiting for operations.
import { expect } from 'vitest';
import type { PodiumApi, RawPodium } from '../../core/api/client.js';
import { ApiError } from '../../core/api/errors.js';
import type { IntentInput } from '../../core/orchestrator/contract.js';
import type { HostOptions } from '../../core/host/host.js';
import type { LabSeed } from '../../core/lab/service.js';
import { loginAdmin, rawOf, startHost, userApi, type TestHost } from './host.js';

export interface LabHostOptions {
  seed?: LabSeed;
  bootMs?: number;
  keepaliveMs?: number;
  extra?: Partial<HostOptions>;
}

export async function labHost(o: LabHostOptions = {}): Promise<TestHost> {
  const boot = o.bootMs ?? 0;
  return startHost({
    lab: { bootDelayMs: { min: boot, max: boot }, seed: o.seed ?? 'infra' },
    orchestrator: {
      keepaliveMs: o.keepaliveMs ?? 25,
      missedKeepalives: 3,
      reconcileMs: 0,
      batchMs: 20,
      runner: { concurrency: 8, transientRetries: 8, retryBaseMs: 20, bootTimeoutMs: 60_000, pollMs: 20 },
    },
    ...o.extra,
  });
}

export async function adminOf(th: TestHost): Promise<PodiumApi> {
  return loginAdmin(rawOf(th.host.connect('inproc')), th.dataDir);
}

let userSeq = 0;

/** A tenant and one customer user of it, logged in on `raw` (a new in-process connection by default). */
export async function tenantWithCustomer(th: TestHost, admin: PodiumApi, name: string, raw?: RawPodium): Promise<{ tenantId: string; customer: PodiumApi }> {
  const { tenant } = await admin.call('tenants.create', { name });
  const customer = await userApi(admin, raw ?? rawOf(th.host.connect('inproc')), { username: `cust${++userSeq}-${tenant.id}`.slice(0, 32), role: 'customer', tenantId: tenant.id });
  return { tenantId: tenant.id, customer };
}

export interface LabTenant {
  th: TestHost;
  admin: PodiumApi;
  tenantId: string;
  customer: PodiumApi;
}

/** A lab host, its admin, and a tenant with one customer: what most orchestration test files start from. */
export async function labTenant(name: string, o: LabHostOptions = {}): Promise<LabTenant> {
  const th = await labHost(o);
  const admin = await adminOf(th);
  return { th, admin, ...(await tenantWithCustomer(th, admin, name)) };
}

export function sitesOf(n: number, cpe = 'isr4221'): NonNullable<IntentInput['sites']> {
  return Array.from({ length: n }, (_, i) => ({
    name: `Site ${i + 1}`,
    cpeModelId: cpe,
    address: { line1: `${i + 1} Test Street`, city: 'Berlin', postalCode: `1011${i}`, country: 'DE' },
  }));
}

export function intentOf(packageId: string, company: Partial<IntentInput['company']> = {}, withSites = true): IntentInput {
  const c = { sites: 2, usersPerSite: 20, bandwidthMbps: 50, ...company };
  return withSites ? { packageId, company: c, sites: sitesOf(c.sites) } : { packageId, company: c };
}

export async function waitOp(api: PodiumApi, opId: string, timeoutMs = 30_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const { operation } = await api.call('operations.get', { id: opId });
    if (operation.state !== 'PROCESSING') return operation.state;
    if (Date.now() - t0 > timeoutMs) throw new Error(`operation ${opId} still PROCESSING after ${timeoutMs} ms: ${operation.currentStep}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

export async function expectConsistent(api: PodiumApi): Promise<void> {
  const c = await api.call('orchestrator.check', {});
  expect(c.problems).toEqual([]);
  const lab = await api.call('lab.status', {});
  expect(lab.consistency).toEqual({ vmsWithoutVnf: [], vnfsWithoutVm: [] });
}
