import type { HandlersFor } from '../api/handlers.js';
import { actorOf } from '../api/handlers.js';
import type { catalogContract, CatalogDocument } from './contract.js';
import type { CatalogService, CatalogVersion } from './service.js';

function view(v: CatalogVersion, orderableOnly = false) {
  if (!orderableOnly) return { version: v.info, catalog: v.doc, serviceTypes: v.serviceTypes };
  const catalog: CatalogDocument = {
    ...v.doc,
    packages: v.doc.packages.filter((p) => p.orderable),
    cpeModels: v.doc.cpeModels.filter((c) => c.orderable),
  };
  const packages = new Set(catalog.packages.map((p) => p.id));
  return { version: v.info, catalog, serviceTypes: v.serviceTypes.filter((t) => packages.has(t.packageId)) };
}

export function catalogHandlers(catalog: CatalogService): HandlersFor<typeof catalogContract> {
  return {
    'catalog.list'(input) {
      return view(catalog.current(), input.orderableOnly);
    },
    'catalog.get'(input) {
      return view(catalog.version(input.version));
    },
    'catalog.versions'() {
      return { versions: catalog.versions(), current: catalog.current().info.version };
    },
    'catalog.diff'(input) {
      return { changes: catalog.diff(input.from, input.to) };
    },
    'catalog.preview'(input) {
      return catalog.preview(input.baseVersion, input.catalog);
    },
    'catalog.update'(input, ctx) {
      ctx.setTarget(`catalog:${input.baseVersion + 1}`);
      return catalog.update(input.baseVersion, input.catalog, input.note, actorOf(ctx).username);
    },
  };
}
