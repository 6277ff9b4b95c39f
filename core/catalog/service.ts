// The catalog: one document per version, the newest is current. Other capabilities read it
// through this service (the orchestrator records the version each service was ordered under).
import type { Db } from '../store/store.js';
import type { Publisher } from '../api/bus.js';
import { badInput, conflict, notFound } from '../api/errors.js';
import { catalogDocument, type CatalogChange, type CatalogDocument, type CatalogVersionInfo, type ServiceTypeView } from './contract.js';
import { DEFAULT_CATALOG } from './defaults.js';
import { checkCatalog, diffCatalog, serviceTypes } from './model.js';

interface Row {
  version: number;
  created_at: string;
  created_by: string;
  note: string;
  document: string;
}

export interface CatalogVersion {
  info: CatalogVersionInfo;
  doc: CatalogDocument;
  serviceTypes: ServiceTypeView[];
}

const info = (r: Row): CatalogVersionInfo => ({ version: r.version, createdAt: r.created_at, createdBy: r.created_by, note: r.note });

export class CatalogService {
  private cache = new Map<number, CatalogVersion>();
  private currentVersion = 0;

  constructor(
    private readonly db: Db,
    private readonly bus: Publisher,
    private readonly now: () => number,
  ) {}

  /** First start: version 1 is the default catalog. */
  ensureInitial(): void {
    const n = (this.db.prepare(`SELECT count(*) AS n FROM catalog_versions`).get() as { n: number }).n;
    if (n === 0) {
      const issues = checkCatalog(DEFAULT_CATALOG);
      if (issues.length) throw new Error(`the default catalog does not pass its own checks: ${JSON.stringify(issues)}`);
      this.db
        .prepare(`INSERT INTO catalog_versions (version, created_at, created_by, note, document) VALUES (1, ?, 'system', ?, ?)`)
        .run(new Date(this.now()).toISOString(), 'initial catalog (Cloud VPN packages, VNF types, CPE models)', JSON.stringify(DEFAULT_CATALOG));
    }
    this.currentVersion = (this.db.prepare(`SELECT max(version) AS v FROM catalog_versions`).get() as { v: number }).v;
  }

  private load(version: number): CatalogVersion {
    const hit = this.cache.get(version);
    if (hit) return hit;
    const r = this.db.prepare(`SELECT * FROM catalog_versions WHERE version = ?`).get(version) as Row | undefined;
    if (!r) throw notFound(`catalog version ${version}`);
    const doc = catalogDocument.parse(JSON.parse(r.document));
    const v: CatalogVersion = { info: info(r), doc, serviceTypes: serviceTypes(doc) };
    this.cache.set(version, v);
    return v;
  }

  current(): CatalogVersion {
    if (this.currentVersion === 0) this.ensureInitial();
    return this.load(this.currentVersion);
  }

  version(version: number): CatalogVersion {
    return this.load(version);
  }

  versions(): CatalogVersionInfo[] {
    return (this.db.prepare(`SELECT version, created_at, created_by, note, '' AS document FROM catalog_versions ORDER BY version DESC`).all() as Row[]).map(info);
  }

  diff(from: number, to: number): CatalogChange[] {
    return diffCatalog(this.load(from).doc, this.load(to).doc);
  }

  /** What saving an edit would change (against `baseVersion`), or its field-level problems; nothing is saved. */
  preview(baseVersion: number, doc: CatalogDocument): { changes: CatalogChange[]; current: number } {
    const issues = checkCatalog(doc);
    if (issues.length) throw badInput(issues);
    return { changes: diffCatalog(this.load(baseVersion).doc, doc), current: this.current().info.version };
  }

  /** Save an edit as a new version; refused if the catalog moved on since `baseVersion`. */
  update(baseVersion: number, doc: CatalogDocument, note: string, by: string): { version: CatalogVersionInfo; changes: CatalogChange[] } {
    const issues = checkCatalog(doc);
    if (issues.length) throw badInput(issues);
    const saved = this.db.transaction(() => {
      const cur = (this.db.prepare(`SELECT max(version) AS v FROM catalog_versions`).get() as { v: number }).v;
      if (cur !== baseVersion) {
        throw conflict(`the catalog was changed since version ${baseVersion} (it is now version ${cur}): reload and edit again`, { current: cur });
      }
      const changes = diffCatalog(this.load(cur).doc, doc);
      if (changes.length === 0) throw conflict('nothing changed: this is the same as the current version');
      const version = cur + 1;
      this.db
        .prepare(`INSERT INTO catalog_versions (version, created_at, created_by, note, document) VALUES (?, ?, ?, ?, ?)`)
        .run(version, new Date(this.now()).toISOString(), by, note, JSON.stringify(doc));
      return { version, changes };
    })();
    this.currentVersion = saved.version;
    const v = this.load(saved.version);
    this.bus.publish('catalog.changed', { version: v.info });
    return { version: v.info, changes: saved.changes };
  }
}
