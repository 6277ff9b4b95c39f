// Numbered migrations, owned by each capability. `_migrations` records what ran; the
// schema version is the number of migrations this Podium knows. A database carrying a
// migration this Podium does not know was written by a newer Podium and is refused.
import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.js';

export interface Migration {
  /** 1, 2, 3… within its capability, never renumbered once released. */
  id: number;
  name: string;
  up: (db: Database) => void;
}

export interface MigrationSet {
  capability: string;
  migrations: readonly Migration[];
}

export function schemaVersionOf(sets: readonly MigrationSet[]): number {
  return sets.reduce((n, s) => n + s.migrations.length, 0);
}

export function checkMigrationSets(sets: readonly MigrationSet[]): void {
  const seen = new Set<string>();
  for (const s of sets) {
    if (seen.has(s.capability)) throw new Error(`migrations: capability "${s.capability}" listed twice`);
    seen.add(s.capability);
    s.migrations.forEach((m, i) => {
      if (m.id !== i + 1) throw new Error(`migrations: ${s.capability} #${i + 1} is numbered ${m.id}`);
    });
  }
}

interface Applied {
  capability: string;
  id: number;
}

function ensureTable(db: Database) {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    capability TEXT NOT NULL,
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (capability, id)
  )`);
}

export function appliedMigrations(db: Database): Applied[] {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'`).get();
  if (!exists) return [];
  return db.prepare(`SELECT capability, id FROM _migrations`).all() as Applied[];
}

/** Pending migrations, or a NEWER error if the database is ahead of this Podium. */
export function pendingMigrations(db: Database, sets: readonly MigrationSet[]): { set: MigrationSet; m: Migration }[] {
  const applied = appliedMigrations(db);
  const known = new Map(sets.map((s) => [s.capability, s.migrations.length]));
  const ahead = applied.filter((a) => (known.get(a.capability) ?? 0) < a.id);
  if (ahead.length > 0) {
    const dbVersion = applied.length;
    throw new StoreError(
      'NEWER',
      `this database was written by a newer Podium (schema ${dbVersion}, this Podium knows ${schemaVersionOf(sets)}); ` +
        `run that newer Podium, or start with another --data directory. Nothing was changed.`,
      { unknown: ahead.map((a) => `${a.capability}#${a.id}`) },
    );
  }
  const done = new Set(applied.map((a) => `${a.capability}#${a.id}`));
  return sets.flatMap((set) => set.migrations.filter((m) => !done.has(`${set.capability}#${m.id}`)).map((m) => ({ set, m })));
}

export function runMigrations(db: Database, pending: { set: MigrationSet; m: Migration }[], schemaVersion: number, now: () => Date): void {
  ensureTable(db);
  const record = db.prepare(`INSERT INTO _migrations (capability, id, name, applied_at) VALUES (?, ?, ?, ?)`);
  for (const { set, m } of pending) {
    try {
      db.transaction(() => {
        m.up(db);
        record.run(set.capability, m.id, m.name, now().toISOString());
      })();
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw e; // the caller explains locks
      throw new StoreError('MIGRATION_FAILED', `migration ${set.capability} #${m.id} (${m.name}) failed: ${(e as Error).message}`);
    }
  }
  db.pragma(`user_version = ${schemaVersion}`);
}
