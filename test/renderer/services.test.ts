// The service screens' own logic: the shop's form → intent (and back), issues by field,
// sites that follow the company's number of sites, the CPE suggested for a bandwidth,
// money, chart ticks, and where each role lands.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../core/catalog/defaults.js';
import { intent as intentSchema } from '../../core/orchestrator/contract.js';
import {
  buildIntent,
  defaultCompany,
  formsOf,
  issueMap,
  money,
  niceTicks,
  resizeSites,
  stepIssues,
  suggestedCpe,
  blankSite,
  ageText,
  collapseDiff,
} from '../../renderer/src/lib/services.js';
import { landingPath, LANDING } from '../../renderer/src/app/landing.js';

const doc = DEFAULT_CATALOG;
const pkg = (id: string) => doc.packages.find((p) => p.id === id)!;

describe('the shop form', () => {
  it('builds an intent the contract accepts, leaving out options the package does not offer', () => {
    const company = { ...defaultCompany(doc), sites: '2', usersPerSite: '30', remoteUsers: '12', ips: true, automatedRecovery: true, name: '  Branches ' };
    const f = buildIntent(pkg('foundation'), company, null);
    expect(f.issues).toEqual([]);
    expect(f.intent).toEqual({
      packageId: 'foundation',
      name: 'Branches',
      company: { sites: 2, usersPerSite: 30, growthPercent: 0, bandwidthMbps: 10, automatedRecovery: true },
    });
    expect(intentSchema.safeParse(f.intent).success).toBe(true);
    const a = buildIntent(pkg('advanced-ws'), company, null);
    expect(a.intent.company).toMatchObject({ remoteUsers: 12, ips: true, urlFiltering: 'medium' });
  });

  it('reports text that is not a whole number at its field, instead of sending it', () => {
    const f = buildIntent(pkg('advanced'), { ...defaultCompany(doc), sites: 'two', usersPerSite: '', remoteUsers: '1.5' }, null);
    expect(issueMap(f.issues, '')).toEqual({
      'company.sites': '“two” is not a whole number',
      'company.usersPerSite': 'a whole number is needed',
      'company.remoteUsers': '“1.5” is not a whole number',
    });
  });

  it('adds the sites (CPE, address, optional users) from the equipment step, trimmed, country upper-cased', () => {
    const site = { ...blankSite(1, 'isr1111'), name: ' Berlin ', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'de', users: '40' };
    const f = buildIntent(pkg('foundation'), { ...defaultCompany(doc), sites: '1' }, [site]);
    expect(f.intent.sites).toEqual([
      { name: 'Berlin', cpeModelId: 'isr1111', users: 40, address: { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' } },
    ]);
    expect(intentSchema.safeParse(f.intent).success).toBe(true);
  });

  it('round-trips an existing service’s intent through the form (the update wizard starts from it)', () => {
    const intent = intentSchema.parse({
      name: 'Acme secure web',
      packageId: 'advanced-ws',
      company: { sites: 1, usersPerSite: 120, growthPercent: 20, bandwidthMbps: 50, remoteUsers: 25, automatedRecovery: true, urlFiltering: 'high' },
      sites: [{ name: 'HQ', cpeModelId: 'isr4221', address: { line1: '1 Main St', line2: 'Floor 3', city: 'Frankfurt', postalCode: '60311', country: 'DE' } }],
    });
    const { company, sites } = formsOf(intent, doc);
    const back = buildIntent(pkg('advanced-ws'), company, sites);
    expect(back.issues).toEqual([]);
    expect(intentSchema.parse(back.intent)).toEqual(intent);
  });

  it('keeps the sites already described when the number of sites changes', () => {
    const one = [{ ...blankSite(1, 'isr1111'), city: 'Berlin', country: 'DE' }];
    const three = resizeSites(one, 3, 'isr4221');
    expect(three.map((s) => [s.name, s.cpeModelId, s.city, s.country])).toEqual([
      ['Site 1', 'isr1111', 'Berlin', 'DE'],
      ['Site 2', 'isr4221', '', 'DE'],
      ['Site 3', 'isr4221', '', 'DE'],
    ]);
    expect(resizeSites(three, 1, 'isr1111')).toEqual(one);
    expect(resizeSites(three, Number.NaN, 'x')).toBe(three);
  });

  it('suggests the cheapest CPE that carries the bandwidth', () => {
    expect(suggestedCpe(doc, 10)).toBe('isr1111');
    expect(suggestedCpe(doc, 100)).toBe('isr4221');
    expect(suggestedCpe(doc, 1000)).toBe('isr4331'); // none carries it: the most capable
  });

  it('groups the core’s issues by field and by step', () => {
    const map = issueMap([
      { path: 'intent.company.sites', message: 'at least 1 site' },
      { path: 'intent.sites.0.address.city', message: 'a city is needed' },
      { path: 'intent.company.sites', message: 'a second message for the same field' },
    ]);
    expect(map).toEqual({ 'company.sites': 'at least 1 site', 'sites.0.address.city': 'a city is needed' });
    expect(stepIssues(map, 'company')).toEqual([['company.sites', 'at least 1 site']]);
    expect(stepIssues(map, 'sites')).toEqual([['sites.0.address.city', 'a city is needed']]);
  });
});

describe('numbers as people read them', () => {
  it('money without cents when whole', () => {
    expect(money(1290, 'USD')).toBe('USD 1,290');
    expect(money(144.5, 'USD')).toBe('USD 144.50');
  });
  it('chart ticks are round and reach the maximum', () => {
    expect(niceTicks(352)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(88)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0)).toEqual([0, 1]);
    const t = niceTicks(7_777);
    expect(t.at(-1)!).toBeGreaterThanOrEqual(7_777);
    expect(t.length).toBeLessThanOrEqual(7);
  });
  it('keep-alive ages', () => {
    expect(ageText(420)).toBe('0.4 s');
    expect(ageText(7_400)).toBe('7 s');
    expect(ageText(150_000)).toBe('3 min');
  });
});

describe('landing page per role', () => {
  const all = ['/my-services', '/shop', '/ops/services', '/ops/operations', '/admin/tenants', '/admin/users', '/account'];
  it('customers land on their services, operators on every service, admins on the tenants', () => {
    expect(landingPath('customer', ['/my-services', '/shop', '/account'])).toBe('/my-services');
    expect(landingPath('operator', ['/ops/services', '/ops/operations', '/account'])).toBe('/ops/services');
    expect(landingPath('admin', all)).toBe('/admin/tenants');
  });
  it('falls back to the first area offered when the preferred ones are not', () => {
    expect(landingPath('admin', ['/ops/services', '/account'])).toBe('/ops/services');
    expect(landingPath('operator', ['/account'])).toBe('/account');
    expect(landingPath('customer', [])).toBeNull();
    expect(Object.keys(LANDING).sort()).toEqual(['admin', 'customer', 'operator']);
  });
});

describe('diffs', () => {
  const ctx = (t: string): { op: '+' | '-' | ' '; text: string } => ({ op: ' ', text: t });
  it('folds unchanged runs around the changes and says how many lines it folded', () => {
    const lines = [...'abcdefgh'].map(ctx);
    lines.splice(6, 0, { op: '+', text: 'X' });
    expect(collapseDiff(lines, 1)).toEqual([{ gap: 5 }, ctx('f'), { op: '+', text: 'X' }, ctx('g'), { gap: 1 }]);
    expect(collapseDiff([ctx('a'), ctx('b')])).toEqual([{ gap: 2 }]);
    expect(collapseDiff([])).toEqual([]);
  });
});
