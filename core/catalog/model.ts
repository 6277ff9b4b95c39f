// Pure functions over a catalog document: checks an edited catalog, composes the VNF chain
// of a package, lists the service types of the capacity calculator, and compares versions.
import type { FieldIssue } from '../api/errors.js';
import type { CatalogChange, CatalogDocument, PackageSpec, ServiceTypeView, VnfType } from './contract.js';
import { checkTemplate } from './templates.js';
import { CPE_SAMPLE, DAY1_SAMPLES } from './day1-vars.js';

function dupes<T>(items: readonly T[], key: (t: T) => string | number): Set<string | number> {
  const seen = new Set<string | number>();
  const out = new Set<string | number>();
  for (const i of items) {
    const k = key(i);
    if (seen.has(k)) out.add(k);
    seen.add(k);
  }
  return out;
}

/** Semantic checks beyond the schema; paths are relative to the catalog document. */
export function checkCatalog(doc: CatalogDocument, prefix = 'catalog'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (path: string, message: string) => issues.push({ path: `${prefix}.${path}`, message });
  for (const d of dupes(doc.vnfTypes, (v) => v.id)) at('vnfTypes', `VNF type id "${d}" is used twice`);
  for (const d of dupes(doc.packages, (p) => p.id)) at('packages', `package id "${d}" is used twice`);
  for (const d of dupes(doc.cpeModels, (c) => c.id)) at('cpeModels', `CPE model id "${d}" is used twice`);
  for (const d of dupes(doc.bandwidths, (b) => b.mbps)) at('bandwidths', `bandwidth ${d} Mbps is listed twice`);
  const types = new Map(doc.vnfTypes.map((v) => [v.id, v]));
  doc.vnfTypes.forEach((v, i) => {
    for (const d of dupes(v.interfaces, (x) => x.name)) at(`vnfTypes.${i}.interfaces`, `interface "${d}" is listed twice`);
    if (!v.interfaces.some((x) => x.network === 'mgmt')) at(`vnfTypes.${i}.interfaces`, 'a VNF needs a management interface');
    const err = checkTemplate(v.day1Template, DAY1_SAMPLES[v.role]);
    if (err) at(`vnfTypes.${i}.day1Template`, err.message);
  });
  doc.packages.forEach((p, i) => {
    const roles = p.chain.map((id) => types.get(id)?.role);
    p.chain.forEach((id, j) => {
      if (!types.has(id)) at(`packages.${i}.chain.${j}`, `no VNF type "${id}"`);
    });
    if (roles[0] !== undefined && roles[0] !== 'router') at(`packages.${i}.chain.0`, 'a chain starts with a router (it terminates the site tunnels)');
    for (const d of dupes(roles.filter((r): r is VnfType['role'] => r !== undefined), (r) => r)) at(`packages.${i}.chain`, `two VNFs of role "${d}" in one chain`);
    if (roles.includes('ips')) at(`packages.${i}.chain`, 'intrusion prevention is an option, not part of a chain');
    const hasFw = roles.includes('firewall');
    if (p.allows.ips && !hasFw) at(`packages.${i}.allows.ips`, 'intrusion prevention needs a firewall in the chain');
    if (p.allows.remoteUsers && !hasFw) at(`packages.${i}.allows.remoteUsers`, 'remote users terminate on a firewall: the chain has none');
    if (p.allows.urlFiltering && !roles.includes('web-security')) at(`packages.${i}.allows.urlFiltering`, 'URL filtering needs a web-security VNF in the chain');
    if (roles.includes('web-security') && !hasFw) at(`packages.${i}.chain`, 'web security is reached by WCCP from a firewall: the chain has none');
  });
  const ips = types.get(doc.options.ips.vnfTypeId);
  if (!ips) at('options.ips.vnfTypeId', `no VNF type "${doc.options.ips.vnfTypeId}"`);
  else if (ips.role !== 'ips') at('options.ips.vnfTypeId', `"${ips.id}" is a ${ips.role}, not an IPS`);
  if (!doc.options.urlFiltering.levels.includes(doc.options.urlFiltering.default)) {
    at('options.urlFiltering.default', 'the default level must be one of the offered levels');
  }
  const cpeErr = checkTemplate(doc.cpeTemplate, CPE_SAMPLE);
  if (cpeErr) at('cpeTemplate', cpeErr.message);
  if (!doc.packages.some((p) => p.orderable)) at('packages', 'at least one package must be orderable');
  if (!doc.cpeModels.some((c) => c.orderable)) at('cpeModels', 'at least one CPE model must be orderable');
  return issues;
}

/** The VNF chain of a package, IPS inserted right after the firewall when chosen. */
export function chainFor(doc: CatalogDocument, pkg: PackageSpec, ips: boolean): VnfType[] {
  const types = new Map(doc.vnfTypes.map((v) => [v.id, v]));
  const chain = pkg.chain.map((id) => {
    const t = types.get(id);
    if (!t) throw new Error(`catalog: package ${pkg.id} names unknown VNF type ${id}`);
    return t;
  });
  if (!ips) return chain;
  const ipsType = types.get(doc.options.ips.vnfTypeId);
  if (!ipsType) throw new Error('catalog: the IPS option names an unknown VNF type');
  const fw = chain.findIndex((t) => t.role === 'firewall');
  chain.splice(fw === -1 ? chain.length : fw + 1, 0, ipsType);
  return chain;
}

export function serviceTypeId(packageId: string, ips: boolean): string {
  return ips ? `${packageId}+ips` : packageId;
}

/** Table 6-3: every package, and with IPS where the package allows it. */
export function serviceTypes(doc: CatalogDocument): ServiceTypeView[] {
  const out: ServiceTypeView[] = [];
  for (const p of doc.packages) {
    for (const ips of p.allows.ips ? [false, true] : [false]) {
      const chain = chainFor(doc, p, ips);
      out.push({
        id: serviceTypeId(p.id, ips),
        packageId: p.id,
        ips,
        name: ips ? `${p.name} + IPS` : p.name,
        chain: chain.map((t) => t.id),
        vcpu: chain.reduce((n, t) => n + t.vcpu, 0),
        ramMb: chain.reduce((n, t) => n + t.ramMb, 0),
        diskGb: chain.reduce((n, t) => n + t.diskGb, 0),
      });
    }
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function keyed(list: Json[]): Map<string, Json> | null {
  const m = new Map<string, Json>();
  for (const item of list) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return null;
    const id = item['id'] ?? item['mbps'];
    if (typeof id !== 'string' && typeof id !== 'number') return null;
    m.set(String(id), item);
  }
  return m;
}

/** Field-by-field differences; list items with an id (or mbps) are matched by it. */
export function diffCatalog(before: CatalogDocument, after: CatalogDocument): CatalogChange[] {
  const out: CatalogChange[] = [];
  const walk = (a: Json | undefined, b: Json | undefined, path: string) => {
    if (a === undefined && b !== undefined) return void out.push({ path, kind: 'added', after: b });
    if (b === undefined && a !== undefined) return void out.push({ path, kind: 'removed', before: a });
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      const ka = keyed(a);
      const kb = keyed(b);
      if (ka && kb) {
        for (const [k, v] of ka) walk(v, kb.get(k), `${path}[${k}]`);
        for (const [k, v] of kb) if (!ka.has(k)) walk(undefined, v, `${path}[${k}]`);
        return;
      }
      return void out.push({ path, kind: 'changed', before: a, after: b });
    }
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path ? `${path}.${k}` : k);
      return;
    }
    out.push({ path, kind: 'changed', before: a, after: b });
  };
  walk(before as unknown as Json, after as unknown as Json, '');
  return out;
}
