import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../core/catalog/defaults.js';
import { intent as intentSchema, type IntentInput } from '../../../core/orchestrator/contract.js';
import { priceOf, resolveIntent } from '../../../core/orchestrator/intent.js';
import { intentOf, sitesOf } from '../../helpers/orch.js';

const check = (i: IntentInput, requireSites = true) => resolveIntent(DEFAULT_CATALOG, intentSchema.parse(i), { requireSites });
const paths = (i: IntentInput, requireSites = true) => check(i, requireSites).issues.map((x) => x.path).sort();

describe('intent validation (the shop’s answers)', () => {
  it('accepts a sound intent and resolves its chain and needs', () => {
    const r = check(intentOf('advanced-ws', { ips: true, remoteUsers: 10, automatedRecovery: true }));
    expect(r.issues).toEqual([]);
    expect(r.resolved!.chain.map((t) => t.id)).toEqual(['vrouter', 'vfirewall', 'vips', 'vwebsecurity']);
    expect(r.resolved!.need).toEqual({ vcpu: 11, ramMb: 4096 + 2048 + 8192 + 6144, diskGb: 8 + 8 + 50 + 200 });
    expect(r.resolved!.urlFiltering).toBe('medium'); // the seed's default level
  });

  it('gives field-level errors for an impossible intent: 0 sites, a billion users, an unknown package, a bandwidth not offered', () => {
    const r = check({ packageId: 'platinum', company: { sites: 0, usersPerSite: 1_000_000_000, bandwidthMbps: 70 } }, false);
    expect(r.issues).toEqual([
      { path: 'intent.packageId', message: 'unknown package "platinum" (offered: foundation, advanced or advanced-ws)' },
      { path: 'intent.company.sites', message: 'at least 1 site' },
      { path: 'intent.company.usersPerSite', message: 'at most 10,000 users per site' },
      { path: 'intent.company.bandwidthMbps', message: '70 Mbps is not offered: choose 10, 50 or 100 Mbps' },
    ]);
    expect(r.resolved).toBeNull();
  });

  it('refuses options the package cannot carry', () => {
    expect(paths(intentOf('foundation', { ips: true, remoteUsers: 5, urlFiltering: 'low' }))).toEqual([
      'intent.company.ips',
      'intent.company.remoteUsers',
      'intent.company.urlFiltering',
    ]);
    expect(check(intentOf('advanced-ws', { urlFiltering: 'none' })).issues[0]?.message).toMatch(/always filters URLs/);
    expect(paths(intentOf('advanced', { remoteUsers: 251, growthPercent: -1 }))).toEqual(['intent.company.growthPercent', 'intent.company.remoteUsers']);
  });

  it('checks every site: count, names, CPE model and its bandwidth, address', () => {
    const i = intentOf('advanced', { sites: 3, bandwidthMbps: 100 }, false);
    i.sites = sitesOf(2, 'isr1111');
    i.sites[1]!.name = 'Site 1';
    i.sites[0]!.address.country = 'Germany';
    i.sites[1]!.cpeModelId = 'isr9999';
    expect(check(i).issues).toEqual([
      { path: 'intent.sites', message: '2 sites are described, but the company has 3' },
      { path: 'intent.sites.0.cpeModelId', message: 'ISR 1111-4P carries at most 50 Mbps; the service has 100 Mbps' },
      { path: 'intent.sites.0.address.country', message: 'a two-letter country code (ISO 3166), e.g. DE' },
      { path: 'intent.sites.1.name', message: 'another site is already called "Site 1"' },
      { path: 'intent.sites.1.cpeModelId', message: 'unknown CPE model "isr9999" (offered: isr1111, isr4221 or isr4331)' },
    ]);
    // the wizard's early steps: no sites yet is fine for a plan, not for an order
    expect(check(intentOf('advanced', {}, false), false).issues).toEqual([]);
    expect(paths(intentOf('advanced', {}, false), true)).toEqual(['intent.sites']);
  });

  it('prices one-time and monthly costs from the catalog', () => {
    const r = check(intentOf('advanced', { sites: 2, bandwidthMbps: 50, ips: true, remoteUsers: 10, automatedRecovery: true }));
    const q = priceOf(DEFAULT_CATALOG, 1, r.resolved!);
    // one-time: set-up 400 + 2 × ISR 4221 1290 + 2 × shipping 35
    expect(q.oneTime.total).toBe(400 + 2 * 1290 + 2 * 35);
    // monthly: 390 + 2 × 25 per site + 90 for 50 Mbps + 320 IPS + 10 × 3 remote users + 0.8 × 390 redundancy
    expect(q.monthly.total).toBe(390 + 50 + 90 + 320 + 30 + 312);
    expect(q.monthly.lines.map((l) => l.label)).toContain('Automated recovery (a redundant path in another data centre)');
  });

  it('warns when growth will outgrow the bandwidth', () => {
    const r = check(intentOf('foundation', { usersPerSite: 100, growthPercent: 50, bandwidthMbps: 10 }));
    expect(r.resolved!.warnings[0]).toMatch(/150 users.*38 Mbps.*10 Mbps/);
  });
});
