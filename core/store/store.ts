// The store: one SQLite file (the CDB) in the data directory, WAL mode, migrated at open.
import Database from 'better-sqlite3';
import { mkdirSync, existsSync, statSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors.js';
import { acquireLock } from './lock.js';
import { checkMigrationSets, pendingMigrations, runMigrations, schemaVersionOf, type MigrationSet } from './migrate.js';

export type Db = Database.Database;

export interface Store {
  readonly db: Db;
  readonly dataDir: string;
  readonly file: string;
  readonly schemaVersion: number;
  /** The backup made before this start's migrations, if any. */
  readonly backupFile: string | null;
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  migrations: readonly MigrationSet[];
  now?: () => Date;
  /** Take the data directory's lock (default true); off for read-only tools. */
  lock?: boolean;
}

const DB_FILE = 'podium.db';

function sqliteCode(e: unknown): string {
  return (e as { code?: string }).code ?? '';
}

function explain(e: unknown, file: string): StoreError {
  if (e instanceof StoreError) return e;
  const code = sqliteCode(e);
  const msg = (e as Error).message;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError('LOCKED', `the database ${file} is locked by another program (${msg}); close it and start again`);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      'CORRUPT',
      `${file} is not a readable Podium database (${msg}). Nothing was changed: move it away, or restore a copy from ${join(file, '..', 'backups')}`,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new StoreError('DATA_DIR', `cannot open ${file} for writing (${msg})`);
  }
  return new StoreError('MIGRATION_FAILED', `cannot open ${file}: ${msg}`);
}

export function openStore(opts: OpenStoreOptions): Store {
  const now = opts.now ?? (() => new Date());
  checkMigrationSets(opts.migrations);
  const dataDir = opts.dataDir;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!statSync(dataDir).isDirectory()) throw new Error('not a directory');
    accessSync(dataDir, constants.W_OK);
  } catch (e) {
    throw new StoreError('DATA_DIR', `cannot use the data directory ${dataDir}: ${(e as Error).message}`);
  }
  const release = opts.lock === false ? () => {} : acquireLock(dataDir);
  const file = join(dataDir, DB_FILE);
  const existed = existsSync(file) && statSync(file).size > 0;
  let db: Db | null = null;
  try {
    db = new Database(file, { timeout: 2000 });
    // The first real read tells a corrupt or foreign file apart.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const schemaVersion = schemaVersionOf(opts.migrations);
    const pending = pendingMigrations(db, opts.migrations);
    let backupFile: string | null = null;
    if (pending.length > 0 && existed) {
      const dir = join(dataDir, 'backups');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const from = db.pragma('user_version', { simple: true }) as number;
      backupFile = join(dir, `podium-${now().toISOString().replace(/[:.]/g, '-')}-schema${from}.db`);
      db.prepare('VACUUM INTO ?').run(backupFile);
    }
    if (pending.length > 0) runMigrations(db, pending, schemaVersion, now);
    db.pragma('busy_timeout = 5000'); // at start a lock fails fast (2 s); at work, wait longer
    const opened = db;
    return {
      db: opened,
      dataDir,
      file,
      schemaVersion,
      backupFile,
      close() {
        if (opened.open) {
          try {
            opened.pragma('wal_checkpoint(TRUNCATE)');
          } catch {
            // another reader may hold the WAL; SQLite checkpoints it later
          }
          opened.close();
        }
        release();
      },
    };
  } catch (e) {
    try {
      db?.close();
    } finally {
      release();
    }
    throw explain(e, file);
  }
}
