// The service interface's back end: a customer's intent (the shop's answers) checked field
// by field against the catalog, resolved into a VNF chain and its needs, and priced.
import type { FieldIssue } from '../api/errors.js';
import type { CatalogDocument, CpeModel, PackageSpec, VnfType } from '../catalog/contract.js';
import { chainFor } from '../catalog/model.js';
import type { Intent, Quote, SiteSpec } from './contract.js';
import type { Res } from './placement.js';

export interface ResolvedSite {
  index: number;
  name: string;
  users: number;
  cpe: CpeModel;
  address: SiteSpec['address'];
}

export interface ResolvedIntent {
  pkg: PackageSpec;
  chain: VnfType[];
  ips: boolean;
  urlFiltering: 'low' | 'medium' | 'high' | null;
  remoteUsers: number;
  redundant: boolean;
  bandwidthMbps: number;
  siteCount: number;
  usersPerSite: number;
  growthPercent: number;
  /** null until the wizard has chosen a CPE and an address for every site. */
  sites: ResolvedSite[] | null;
  need: Res;
  warnings: string[];
}

/** Rough planning figure for the bandwidth warning: busy-hour Mbps per user. */
const MBPS_PER_USER = 0.25;

const list = (xs: readonly (string | number)[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`);

/** Check an intent against the catalog. Sites may be missing while the wizard is in its early steps. */
export function resolveIntent(doc: CatalogDocument, intent: Intent, opts: { requireSites: boolean; allowUnorderable?: string }): { issues: FieldIssue[]; resolved: ResolvedIntent | null } {
  const issues: FieldIssue[] = [];
  const at = (path: string, message: string) => issues.push({ path: `intent.${path}`, message });
  const c = intent.company;
  const L = doc.limits;
  const offered = doc.packages.filter((p) => p.orderable || p.id === opts.allowUnorderable);
  const pkg = doc.packages.find((p) => p.id === intent.packageId);
  if (!pkg) at('packageId', `unknown package "${intent.packageId}" (offered: ${list(offered.map((p) => p.id))})`);
  else if (!pkg.orderable && pkg.id !== opts.allowUnorderable) at('packageId', `${pkg.name} is no longer offered (offered: ${list(offered.map((p) => p.id))})`);

  if (c.sites < 1) at('company.sites', 'at least 1 site');
  else if (c.sites > L.maxSites) at('company.sites', `at most ${L.maxSites} sites per service`);
  if (c.usersPerSite < 1) at('company.usersPerSite', 'at least 1 user per site');
  else if (c.usersPerSite > L.maxUsersPerSite) at('company.usersPerSite', `at most ${L.maxUsersPerSite.toLocaleString('en')} users per site`);
  if (c.growthPercent < 0) at('company.growthPercent', 'growth cannot be negative');
  else if (c.growthPercent > L.maxGrowthPercent) at('company.growthPercent', `at most ${L.maxGrowthPercent} %`);
  const tiers = doc.bandwidths.map((b) => b.mbps);
  if (!tiers.includes(c.bandwidthMbps)) at('company.bandwidthMbps', `${c.bandwidthMbps} Mbps is not offered: choose ${list(tiers)} Mbps`);
  const ro = doc.options.remoteUsers;
  if (c.remoteUsers < 0) at('company.remoteUsers', 'cannot be negative');
  else if (c.remoteUsers > ro.max) at('company.remoteUsers', `at most ${ro.max} remote users`);
  else if (c.remoteUsers > 0 && pkg && !pkg.allows.remoteUsers) at('company.remoteUsers', `remote users connect to a firewall, which ${pkg.name} does not have: choose a package with a firewall`);
  if (c.ips && pkg && !pkg.allows.ips) at('company.ips', `intrusion prevention needs a firewall, which ${pkg.name} does not have`);
  if (c.automatedRecovery && pkg && !pkg.allows.automatedRecovery) at('company.automatedRecovery', `${pkg.name} has no automated recovery`);
  let urlFiltering: ResolvedIntent['urlFiltering'] = null;
  const uf = c.urlFiltering;
  if (pkg?.allows.urlFiltering) {
    if (uf === 'none') at('company.urlFiltering', `${pkg.name} always filters URLs: choose ${list(doc.options.urlFiltering.levels)}`);
    else if (uf && !doc.options.urlFiltering.levels.includes(uf)) at('company.urlFiltering', `level "${uf}" is not offered: choose ${list(doc.options.urlFiltering.levels)}`);
    else urlFiltering = uf ?? doc.options.urlFiltering.default;
  } else if (pkg && uf && uf !== 'none') {
    at('company.urlFiltering', `URL filtering is part of a package with web security; ${pkg.name} has none`);
  }

  let sites: ResolvedSite[] | null = null;
  if (intent.sites === undefined) {
    if (opts.requireSites) at('sites', 'choose a CPE model and a shipping address for every site');
  } else {
    sites = [];
    if (c.sites >= 1 && intent.sites.length !== c.sites) at('sites', `${intent.sites.length} site${intent.sites.length === 1 ? ' is' : 's are'} described, but the company has ${c.sites}`);
    const names = new Set<string>();
    intent.sites.forEach((s, i) => {
      const p = `sites.${i}`;
      if (!s.name) at(`${p}.name`, 'a name is needed');
      else if (names.has(s.name.toLowerCase())) at(`${p}.name`, `another site is already called "${s.name}"`);
      names.add(s.name.toLowerCase());
      const cpe = doc.cpeModels.find((m) => m.id === s.cpeModelId);
      const orderable = doc.cpeModels.filter((m) => m.orderable).map((m) => m.id);
      if (!cpe) at(`${p}.cpeModelId`, `unknown CPE model "${s.cpeModelId}" (offered: ${list(orderable)})`);
      else if (!cpe.orderable) at(`${p}.cpeModelId`, `${cpe.name} is no longer offered (offered: ${list(orderable)})`);
      else if (cpe.maxMbps < c.bandwidthMbps) at(`${p}.cpeModelId`, `${cpe.name} carries at most ${cpe.maxMbps} Mbps; the service has ${c.bandwidthMbps} Mbps`);
      if (!s.address.line1) at(`${p}.address.line1`, 'a street address is needed');
      if (!s.address.city) at(`${p}.address.city`, 'a city is needed');
      if (!s.address.postalCode) at(`${p}.address.postalCode`, 'a postal code is needed');
      if (!/^[A-Z]{2}$/.test(s.address.country)) at(`${p}.address.country`, 'a two-letter country code (ISO 3166), e.g. DE');
      const users = s.users ?? c.usersPerSite;
      if (s.users !== undefined && (s.users < 1 || s.users > L.maxUsersPerSite)) at(`${p}.users`, `between 1 and ${L.maxUsersPerSite.toLocaleString('en')} users`);
      if (cpe) sites!.push({ index: i, name: s.name, users, cpe, address: s.address });
    });
  }
  if (issues.length || !pkg) return { issues, resolved: null };

  const chain = chainFor(doc, pkg, c.ips);
  const need: Res = {
    vcpu: chain.reduce((n, t) => n + t.vcpu, 0),
    ramMb: chain.reduce((n, t) => n + t.ramMb, 0),
    diskGb: chain.reduce((n, t) => n + t.diskGb, 0),
  };
  const warnings: string[] = [];
  const projected = Math.ceil(c.usersPerSite * (1 + c.growthPercent / 100));
  const wanted = Math.ceil(projected * MBPS_PER_USER);
  if (wanted > c.bandwidthMbps) {
    warnings.push(`with ${c.growthPercent} % growth a site will have ${projected} users, who need about ${wanted} Mbps at busy hour; the service has ${c.bandwidthMbps} Mbps`);
  }
  return {
    issues,
    resolved: {
      pkg,
      chain,
      ips: c.ips,
      urlFiltering,
      remoteUsers: c.remoteUsers,
      redundant: c.automatedRecovery,
      bandwidthMbps: c.bandwidthMbps,
      siteCount: c.sites,
      usersPerSite: c.usersPerSite,
      growthPercent: c.growthPercent,
      sites,
      need,
      warnings,
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The price: one-time (setup, CPEs, shipping) and monthly (package, sites, bandwidth, options). */
export function priceOf(doc: CatalogDocument, catalogVersion: number, r: ResolvedIntent): Quote {
  const one: Quote['oneTime']['lines'] = [];
  const mon: Quote['monthly']['lines'] = [];
  const line = (to: typeof one, label: string, quantity: number, unit: number) => {
    if (quantity > 0) to.push({ label, quantity, unit, amount: round(quantity * unit) });
  };
  line(one, `${r.pkg.name} set-up`, 1, r.pkg.price.setup);
  if (r.sites) {
    const byModel = new Map<string, { cpe: CpeModel; n: number }>();
    for (const s of r.sites) byModel.set(s.cpe.id, { cpe: s.cpe, n: (byModel.get(s.cpe.id)?.n ?? 0) + 1 });
    for (const { cpe, n } of byModel.values()) line(one, `CPE ${cpe.name}`, n, cpe.price);
  }
  line(one, 'Shipping per site', r.siteCount, doc.shipping.perSite);
  line(mon, `${r.pkg.name}`, 1, r.pkg.price.monthly);
  line(mon, 'Per site', r.siteCount, r.pkg.price.perSiteMonthly);
  const tier = doc.bandwidths.find((b) => b.mbps === r.bandwidthMbps);
  if (tier && tier.monthly > 0) line(mon, `Bandwidth ${tier.mbps} Mbps`, 1, tier.monthly);
  if (r.ips) line(mon, doc.options.ips.label, 1, doc.options.ips.monthly);
  if (r.urlFiltering) mon.push({ label: `${doc.options.urlFiltering.label}: ${r.urlFiltering} (included)`, quantity: 1, unit: 0, amount: 0 });
  line(mon, doc.options.remoteUsers.label, r.remoteUsers, doc.options.remoteUsers.perUserMonthly);
  if (r.redundant) line(mon, doc.options.automatedRecovery.label, 1, round(r.pkg.price.monthly * doc.options.automatedRecovery.monthlyFactor));
  const total = (ls: typeof one) => round(ls.reduce((n, l) => n + l.amount, 0));
  return { currency: doc.currency, catalogVersion, oneTime: { total: total(one), lines: one }, monthly: { total: total(mon), lines: mon } };
}
