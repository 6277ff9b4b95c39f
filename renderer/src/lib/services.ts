// Pure helpers of the service screens: how states read (tones and words), money, the shop
// wizard's form ↔ intent, field issues by path, chart scales. No React, no DOM.
import type { CatalogDocument, PackageSpec } from '../../../core/catalog/contract.js';
import type { FieldIssue } from '../../../core/api/errors.js';
import type { Health, IntentInput, OpState, ServiceState, VnfState } from '../../../core/orchestrator/contract.js';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

export const SERVICE_TONE: Record<ServiceState, Tone> = {
  PROVISIONING: 'info',
  ACTIVE: 'ok',
  UPDATING: 'info',
  DELETING: 'warn',
  FAILED: 'bad',
  DELETED: 'neutral',
};
export const HEALTH_TONE: Record<Health, Tone> = { OK: 'ok', DEGRADED: 'warn', DOWN: 'bad', UNKNOWN: 'neutral' };
export const OP_TONE: Record<OpState, Tone> = { PROCESSING: 'info', COMPLETED: 'ok', FAILED: 'bad', ROLLED_BACK: 'warn' };
export const VNF_TONE: Record<VnfState, Tone> = { PLANNED: 'neutral', BUILD: 'info', ACTIVE: 'ok', ERROR: 'bad', DELETING: 'warn', DELETED: 'neutral' };

/** "USD 1,290" or "USD 12.50": whole amounts without cents. */
export function money(amount: number, currency: string): string {
  const cents = Math.round(amount * 100) % 100 !== 0;
  return `${currency} ${amount.toLocaleString('en', { minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: 2 })}`;
}

export function mb(ramMb: number): string {
  return ramMb >= 1024 || ramMb === 0 ? `${+(ramMb / 1024).toFixed(1)} GB` : `${ramMb} MB`;
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0;
}

// ---------------------------------------------------------------- the shop's form

export type UrlLevel = 'low' | 'medium' | 'high';

/** "Tell us about your company", as typed (numbers stay text until they are sent). */
export interface CompanyForm {
  name: string;
  sites: string;
  usersPerSite: string;
  growthPercent: string;
  bandwidthMbps: number;
  remoteUsers: string;
  automatedRecovery: boolean;
  urlFiltering: UrlLevel;
  ips: boolean;
}

/** One site of "Select Equipment": a CPE model and a shipping address. */
export interface SiteForm {
  name: string;
  users: string;
  cpeModelId: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
}

export function defaultCompany(doc: Pick<CatalogDocument, 'bandwidths' | 'options'>): CompanyForm {
  return {
    name: '',
    sites: '1',
    usersPerSite: '25',
    growthPercent: '0',
    bandwidthMbps: doc.bandwidths[0]?.mbps ?? 10,
    remoteUsers: '0',
    automatedRecovery: false,
    urlFiltering: doc.options.urlFiltering.default,
    ips: false,
  };
}

/** The cheapest orderable CPE that carries the bandwidth (or the most capable one). */
export function suggestedCpe(doc: Pick<CatalogDocument, 'cpeModels'>, bandwidthMbps: number): string {
  const offered = doc.cpeModels.filter((m) => m.orderable);
  const fit = offered.filter((m) => m.maxMbps >= bandwidthMbps).sort((a, b) => a.price - b.price)[0];
  return (fit ?? [...offered].sort((a, b) => b.maxMbps - a.maxMbps)[0])?.id ?? '';
}

export function blankSite(n: number, cpeModelId: string, like?: SiteForm): SiteForm {
  return { name: `Site ${n}`, users: '', cpeModelId, line1: '', line2: '', city: '', postalCode: '', country: like?.country ?? '' };
}

/** Keep the first `n` sites and add blank ones after them. */
export function resizeSites(sites: SiteForm[], n: number, cpeModelId: string): SiteForm[] {
  if (!Number.isInteger(n) || n < 0) return sites;
  const cap = Math.min(n, 200); // the form never renders more than this; the core says the limit
  const out = sites.slice(0, cap);
  for (let i = out.length; i < cap; i++) out.push(blankSite(i + 1, cpeModelId, out[0]));
  return out;
}

const INT = /^-?\d+$/;

/** A whole number from a text field, or an issue for its path. */
function intOf(text: string, path: string, issues: FieldIssue[], what = 'a whole number'): number {
  const t = text.trim();
  if (!INT.test(t)) {
    issues.push({ path, message: t === '' ? `${what} is needed` : `“${t}” is not ${what}` });
    return 0;
  }
  return Number(t);
}

/**
 * The intent the core checks, from the form. Options the package does not offer are left
 * out (the form shows them off); `sites` only once the wizard has reached the equipment.
 * Numbers that are not numbers are reported here, at their field, and not sent.
 */
export function buildIntent(pkg: PackageSpec, company: CompanyForm, sites: SiteForm[] | null): { intent: IntentInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const c: IntentInput['company'] = {
    sites: intOf(company.sites, 'company.sites', issues),
    usersPerSite: intOf(company.usersPerSite, 'company.usersPerSite', issues),
    growthPercent: intOf(company.growthPercent, 'company.growthPercent', issues),
    bandwidthMbps: company.bandwidthMbps,
    automatedRecovery: pkg.allows.automatedRecovery && company.automatedRecovery,
  };
  if (pkg.allows.remoteUsers) c.remoteUsers = intOf(company.remoteUsers, 'company.remoteUsers', issues);
  if (pkg.allows.urlFiltering) c.urlFiltering = company.urlFiltering;
  if (pkg.allows.ips) c.ips = company.ips;
  const intent: IntentInput = { packageId: pkg.id, company: c };
  if (company.name.trim()) intent.name = company.name.trim();
  if (sites) {
    intent.sites = sites.map((s, i) => {
      const site: NonNullable<IntentInput['sites']>[number] = {
        name: s.name.trim(),
        cpeModelId: s.cpeModelId,
        address: { line1: s.line1.trim(), city: s.city.trim(), postalCode: s.postalCode.trim(), country: s.country.trim().toUpperCase() },
      };
      if (s.line2.trim()) site.address.line2 = s.line2.trim();
      if (s.users.trim()) site.users = intOf(s.users, `sites.${i}.users`, issues);
      return site;
    });
  }
  return { intent, issues };
}

/** The form of an existing service's intent (for an update). */
export function formsOf(intent: IntentInput, doc: Pick<CatalogDocument, 'bandwidths' | 'options'>): { company: CompanyForm; sites: SiteForm[] } {
  const c = intent.company;
  return {
    company: {
      ...defaultCompany(doc),
      name: intent.name ?? '',
      sites: String(c.sites),
      usersPerSite: String(c.usersPerSite),
      growthPercent: String(c.growthPercent ?? 0),
      bandwidthMbps: c.bandwidthMbps,
      remoteUsers: String(c.remoteUsers ?? 0),
      automatedRecovery: c.automatedRecovery ?? false,
      urlFiltering: c.urlFiltering && c.urlFiltering !== 'none' ? c.urlFiltering : doc.options.urlFiltering.default,
      ips: c.ips ?? false,
    },
    sites: (intent.sites ?? []).map((s) => ({
      name: s.name,
      users: s.users === undefined ? '' : String(s.users),
      cpeModelId: s.cpeModelId,
      line1: s.address.line1,
      line2: s.address.line2 ?? '',
      city: s.address.city,
      postalCode: s.address.postalCode,
      country: s.address.country,
    })),
  };
}

/** Field issues by path, without the command's `intent.` prefix. */
export function issueMap(issues: readonly FieldIssue[], prefix = 'intent.'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const p = i.path.startsWith(prefix) ? i.path.slice(prefix.length) : i.path;
    if (!(p in out)) out[p] = i.message;
  }
  return out;
}

/** Issues of one wizard step: company answers, or site fields. */
export function stepIssues(map: Record<string, string>, step: 'company' | 'sites'): [string, string][] {
  return Object.entries(map).filter(([p]) =>
    step === 'company' ? p.startsWith('company.') || p === 'packageId' || p === 'name' : p === 'sites' || p.startsWith('sites.'),
  );
}

// ---------------------------------------------------------------- diffs

export type DiffRow = { op: '+' | '-' | ' '; text: string } | { gap: number };

/** A diff with long unchanged runs folded to `context` lines around each change. */
export function collapseDiff(lines: readonly { op: '+' | '-' | ' '; text: string }[], context = 2): DiffRow[] {
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.op !== ' ') for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  if (!keep.some(Boolean)) return lines.length ? [{ gap: lines.length }] : [];
  const out: DiffRow[] = [];
  let gap = 0;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (gap) out.push({ gap });
      gap = 0;
      out.push(l);
    } else gap++;
  });
  if (gap) out.push({ gap });
  return out;
}

// ---------------------------------------------------------------- charts

/** Round axis ticks from 0 to at least `max`: 0, 50, 100… */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw) as number;
  const top = Math.ceil(max / step) * step;
  const out: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

/** "2 min" — how long ago a keep-alive was heard, for a person scanning a wall. */
export function ageText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms / 100) / 10)} s`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
