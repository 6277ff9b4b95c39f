// The flow store's SQLite files, beside the CDB in the data directory:
//   DATA/flows.db          raw blocks, templates, exporter counters (written by the collector)
//   DATA/flows-rollups.db  1-minute and 1-hour rollups (written by the query worker)
// Separate files so that flow writes never wait on the CDB (or on each other), and the CDB
// stays small. Both are WAL; each has its own numbered migrations, run with the store's
// mechanism (core/store/migrate.ts) by the one process that writes the file. Flow data is
// telemetry: no backup is made before migrating these files.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pendingMigrations, runMigrations, schemaVersionOf, type MigrationSet } from '../../store/migrate.js';
import type { BlockSource, StoredBlock } from '../query/engine.js';
import type { BlockSummary } from './block.js';

export type Db = Database.Database;

export const FLOWS_DB = 'flows.db';
export const ROLLUPS_DB = 'flows-rollups.db';

export const FLOWS_DB_MIGRATIONS: readonly MigrationSet[] = [
  {
    capability: 'flows',
    migrations: [
      {
        id: 1,
        name: 'raw blocks, templates, exporter counters',
        up: (db) => {
          db.exec(`
            CREATE TABLE blocks (
              id INTEGER PRIMARY KEY,
              received_ms INTEGER NOT NULL,
              end_min INTEGER NOT NULL,
              end_max INTEGER NOT NULL,
              rows INTEGER NOT NULL,
              bytes REAL NOT NULL,
              packets REAL NOT NULL,
              size INTEGER NOT NULL,
              data BLOB NOT NULL
            );
            CREATE INDEX blocks_end ON blocks (end_max, end_min);
            CREATE INDEX blocks_received ON blocks (received_ms);
            CREATE TABLE templates (key TEXT PRIMARY KEY, json TEXT NOT NULL, updated_ms INTEGER NOT NULL);
            CREATE TABLE exporters (exporter TEXT PRIMARY KEY, json TEXT NOT NULL, updated_ms INTEGER NOT NULL);
          `);
        },
      },
    ],
  },
];

export const ROLLUPS_DB_MIGRATIONS: readonly MigrationSet[] = [
  {
    capability: 'flows-rollups',
    migrations: [
      {
        id: 1,
        name: '1-minute and 1-hour rollups, top talkers',
        up: (db) => {
          for (const r of ['r1m', 'r1h']) {
            db.exec(`
              CREATE TABLE ${r} (
                t INTEGER NOT NULL,
                exporter TEXT NOT NULL,
                inif INTEGER NOT NULL,
                outif INTEGER NOT NULL,
                proto INTEGER NOT NULL,
                dscp INTEGER NOT NULL,
                vlan INTEGER NOT NULL,
                direction INTEGER NOT NULL,
                family INTEGER NOT NULL,
                bytes REAL NOT NULL,
                packets REAL NOT NULL,
                flows REAL NOT NULL,
                PRIMARY KEY (t, exporter, inif, outif, proto, dscp, vlan, direction, family)
              ) WITHOUT ROWID;
            `);
          }
          for (const r of ['t1m', 't1h']) {
            db.exec(`
              CREATE TABLE ${r} (
                t INTEGER NOT NULL,
                dim TEXT NOT NULL,
                value TEXT NOT NULL,
                bytes REAL NOT NULL,
                packets REAL NOT NULL,
                flows REAL NOT NULL,
                PRIMARY KEY (t, dim, value)
              ) WITHOUT ROWID;
            `);
          }
          db.exec(`CREATE TABLE rollup_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`);
        },
      },
    ],
  },
];

/** Open (and migrate, when `write`) one of the flow store's files. */
export function openFlowFile(dataDir: string, name: string, sets: readonly MigrationSet[], opts: { write: boolean }): Db {
  const db = new Database(join(dataDir, name), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (opts.write) {
    const pending = pendingMigrations(db, sets);
    if (pending.length) runMigrations(db, pending, schemaVersionOf(sets), () => new Date());
  }
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The collector's side of flows.db. */
export class BlockWriter {
  private readonly insert;
  private readonly pruneStmt;
  constructor(readonly db: Db) {
    this.insert = db.prepare(`INSERT INTO blocks (received_ms, end_min, end_max, rows, bytes, packets, size, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.pruneStmt = db.prepare(`DELETE FROM blocks WHERE received_ms < ?`);
  }

  write(data: Buffer, s: BlockSummary, receivedMs: number): number {
    const r = this.insert.run(receivedMs, Math.floor(s.endMin), Math.ceil(s.endMax), s.rows, s.bytes, s.packets, data.length, data);
    return Number(r.lastInsertRowid);
  }

  /** Drop whole blocks received before `cutoffMs`; returns how many. */
  prune(cutoffMs: number): number {
    return this.pruneStmt.run(cutoffMs).changes;
  }

  saveTemplates(json: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO templates (key, json, updated_ms) VALUES ('cache', ?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json, updated_ms = excluded.updated_ms`,
      )
      .run(json, now);
  }

  loadTemplates(): string | null {
    return (this.db.prepare(`SELECT json FROM templates WHERE key = 'cache'`).get() as { json: string } | undefined)?.json ?? null;
  }

  saveExporters(rows: { exporter: string; json: string }[], now: number): void {
    const st = this.db.prepare(
      `INSERT INTO exporters (exporter, json, updated_ms) VALUES (?, ?, ?) ON CONFLICT(exporter) DO UPDATE SET json = excluded.json, updated_ms = excluded.updated_ms`,
    );
    this.db.transaction(() => {
      for (const r of rows) st.run(r.exporter, r.json, now);
    })();
  }

  loadExporters(): { exporter: string; json: string }[] {
    return this.db.prepare(`SELECT exporter, json FROM exporters`).all() as { exporter: string; json: string }[];
  }
}

export interface StoreStats {
  blocks: number;
  rows: number;
  bytesOnDisk: number;
  oldestReceivedMs: number | null;
  newestReceivedMs: number | null;
}

/** Reading blocks (the query worker, tests, the benchmark). */
export class BlockReader implements BlockSource {
  private readonly range;
  private readonly after;
  constructor(readonly db: Db) {
    this.range = db.prepare(`SELECT data FROM blocks WHERE end_max >= ? AND end_min < ? ORDER BY id`);
    this.after = db.prepare(`SELECT id, data FROM blocks WHERE id > ? ORDER BY id LIMIT ?`);
  }

  *blocks(from: number, to: number): Iterable<StoredBlock> {
    for (const r of this.range.iterate(Math.floor(from), Math.ceil(to)) as Iterable<{ data: Buffer }>) yield { data: r.data };
  }

  /** Blocks by id, after `id` (the rollup's tail). */
  since(id: number, limit: number): { id: number; data: Buffer }[] {
    return this.after.all(id, limit) as { id: number; data: Buffer }[];
  }

  stats(): StoreStats {
    const r = this.db
      .prepare(
        `SELECT count(*) AS blocks, coalesce(sum(rows), 0) AS rows, coalesce(sum(size), 0) AS size, min(received_ms) AS oldest, max(received_ms) AS newest FROM blocks`,
      )
      .get() as {
      blocks: number;
      rows: number;
      size: number;
      oldest: number | null;
      newest: number | null;
    };
    return { blocks: r.blocks, rows: r.rows, bytesOnDisk: r.size, oldestReceivedMs: r.oldest, newestReceivedMs: r.newest };
  }
}
