import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../core/catalog/defaults.js';
import { chainFor, checkCatalog, diffCatalog, serviceTypes } from '../../../core/catalog/model.js';
import type { CatalogDocument } from '../../../core/catalog/contract.js';
import { catalogDocument } from '../../../core/catalog/contract.js';

const copy = (): CatalogDocument => structuredClone(DEFAULT_CATALOG);

describe('catalog', () => {
  it('ships a default that passes its schema and its own checks', () => {
    expect(catalogDocument.safeParse(DEFAULT_CATALOG).success).toBe(true);
    expect(checkCatalog(DEFAULT_CATALOG)).toEqual([]);
  });

  it('has the three Cloud VPN packages and their chains, as the seed names them', () => {
    const chains = Object.fromEntries(DEFAULT_CATALOG.packages.map((p) => [p.name, chainFor(DEFAULT_CATALOG, p, false).map((t) => t.software)]));
    expect(chains).toEqual({
      Foundation: ['CSR1000V'],
      Advanced: ['CSR1000V', 'ASAv'],
      'Advanced with Web Security': ['CSR1000V', 'ASAv', 'WSAv'],
    });
  });

  it('lists the service types of Table 6-3, and intrusion prevention more than doubles Advanced and Advanced with Web Security', () => {
    const types = serviceTypes(DEFAULT_CATALOG);
    expect(types.map((t) => t.id)).toEqual(['foundation', 'advanced', 'advanced+ips', 'advanced-ws', 'advanced-ws+ips']);
    const v = Object.fromEntries(types.map((t) => [t.id, t.vcpu]));
    expect(v['advanced+ips']!).toBeGreaterThan(2 * v['advanced']!);
    expect(v['advanced-ws+ips']!).toBeGreaterThan(2 * v['advanced-ws']!);
    // IPS sits right after the firewall in the chain
    const adv = DEFAULT_CATALOG.packages.find((p) => p.id === 'advanced-ws')!;
    expect(chainFor(DEFAULT_CATALOG, adv, true).map((t) => t.role)).toEqual(['router', 'firewall', 'ips', 'web-security']);
  });

  it('catches edits that would break orders: unknown VNF, bad template variable, options without the VNF they need', () => {
    const c = copy();
    c.packages[0]!.chain = ['vrouter', 'nosuch'];
    c.vnfTypes[0]!.day1Template = 'hostname {{hostnme}}\n';
    c.packages[0]!.allows.urlFiltering = true;
    c.options.urlFiltering.default = 'high';
    c.options.urlFiltering.levels = ['low'];
    const paths = checkCatalog(c).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['catalog.packages.0.chain.1', 'catalog.vnfTypes.0.day1Template', 'catalog.packages.0.allows.urlFiltering', 'catalog.options.urlFiltering.default']),
    );
    const d = copy();
    d.vnfTypes.push({ ...d.vnfTypes[0]! });
    expect(checkCatalog(d).map((i) => i.message)).toContain('VNF type id "vrouter" is used twice');
  });

  it('diffs versions field by field, matching list items by id', () => {
    const c = copy();
    c.vnfTypes.find((t) => t.id === 'vips')!.vcpu = 8;
    c.cpeModels = c.cpeModels.filter((m) => m.id !== 'isr4331');
    c.bandwidths.push({ mbps: 200, monthly: 300 });
    const changes = diffCatalog(DEFAULT_CATALOG, c);
    expect(changes).toContainEqual({ path: 'vnfTypes[vips].vcpu', kind: 'changed', before: 6, after: 8 });
    expect(changes.find((x) => x.path === 'cpeModels[isr4331]')?.kind).toBe('removed');
    expect(changes.find((x) => x.path === 'bandwidths[200]')?.kind).toBe('added');
    expect(diffCatalog(DEFAULT_CATALOG, copy())).toEqual([]);
  });
});
