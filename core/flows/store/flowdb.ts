// The flow store's files, beside the CDB in the data directory:
//   DATA/flows.db          the index of raw blocks, templates, exporter counters (written by the collector)
//   DATA/flows-blocks/     segment files holding the blocks' bytes (segments.ts)
//   DATA/flows-rollups.db  1-minute and 1-hour rollups (written by the query worker)
// Separate files so that flow writes never wait on the CDB (or on each other), and the CDB
// stays small. Both are WAL; each has its own numbered migrations, run with the store's
// mechanism (core/store/migrate.ts) by the one process that writes the file. Flow data is
// telemetry: no backup is made before migrating these files.
import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { pendingMigrations, runMigrations, schemaVersionOf, type MigrationSet } from '../../store/migrate.js';
import type { BlockSource, StoredBlock } from '../query/engine.js';
import { blockRows, type BlockSummary } from './block.js';
import { SegmentAppender, SegmentFiles, removeSegment } from './segments.js';

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
      {
        id: 2,
        name: 'block bytes in segment files',
        up: (db) => {
          // Rows with seg NULL keep their bytes in data (written before); new rows have data x''.
          db.exec(`
            ALTER TABLE blocks ADD COLUMN seg INTEGER;
            ALTER TABLE blocks ADD COLUMN off INTEGER;
            CREATE INDEX blocks_seg ON blocks (seg);
            CREATE TABLE segments (seg INTEGER PRIMARY KEY, created_ms INTEGER NOT NULL);
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

/** The collector's side of the store: blocks appended to segments and indexed in flows.db. */
export class BlockWriter {
  private readonly insert;
  private readonly pruneStmt;
  private readonly emptySegments;
  private readonly newSegment;
  private readonly dropSegment;
  private readonly segments: SegmentAppender;
  readonly dataDir: string;

  constructor(
    readonly db: Db,
    opts: { dataDir?: string; segmentBytes?: number; segmentAgeMs?: number } = {},
  ) {
    this.dataDir = opts.dataDir ?? dirname(db.name);
    this.segments = new SegmentAppender(this.dataDir, opts.segmentBytes, opts.segmentAgeMs);
    this.insert = db.prepare(
      `INSERT INTO blocks (received_ms, end_min, end_max, rows, bytes, packets, size, data, seg, off) VALUES (?, ?, ?, ?, ?, ?, ?, x'', ?, ?)`,
    );
    this.pruneStmt = db.prepare(`DELETE FROM blocks WHERE received_ms < ?`);
    this.emptySegments = db.prepare(`SELECT seg FROM segments s WHERE seg != ? AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.seg = s.seg)`);
    this.newSegment = db.prepare(`INSERT INTO segments (seg, created_ms) VALUES (?, ?)`);
    this.dropSegment = db.prepare(`DELETE FROM segments WHERE seg = ?`);
  }

  /** Append a block to the open segment (a new one when due) and index it; returns its id. */
  write(data: Uint8Array, s: BlockSummary, receivedMs: number): number {
    const ap = this.segments;
    if (ap.needsRotation(data.length, receivedMs)) {
      const seg = ((this.db.prepare(`SELECT max(seg) AS m FROM segments`).get() as { m: number | null }).m ?? 0) + 1;
      this.newSegment.run(seg, receivedMs);
      ap.open(seg, receivedMs);
    }
    const off = ap.append(data);
    const r = this.insert.run(receivedMs, Math.floor(s.endMin), Math.ceil(s.endMax), s.rows, s.bytes, s.packets, data.length, ap.seg, off);
    return Number(r.lastInsertRowid);
  }

  /** Drop whole blocks received before `cutoffMs`, and the segments left empty; returns how many blocks. */
  prune(cutoffMs: number): number {
    const n = this.pruneStmt.run(cutoffMs).changes;
    const open = this.segments.isOpen ? this.segments.seg : -1;
    for (const { seg } of this.emptySegments.all(open) as { seg: number }[]) {
      removeSegment(this.dataDir, seg);
      this.dropSegment.run(seg);
    }
    return n;
  }

  saveTemplates(json: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO templates (key, json, updated_ms) VALUES ('cache', ?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json, updated_ms = excluded.updated_ms`,
      )
      .run(json, now);
  }

  loadTemplates(): string | null {
    return loadTemplates(this.db);
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
    return loadExporters(this.db);
  }

  close(): void {
    this.segments.close();
  }
}

export function loadTemplates(db: Db): string | null {
  return (db.prepare(`SELECT json FROM templates WHERE key = 'cache'`).get() as { json: string } | undefined)?.json ?? null;
}

export function loadExporters(db: Db): { exporter: string; json: string }[] {
  return db.prepare(`SELECT exporter, json FROM exporters`).all() as { exporter: string; json: string }[];
}

export interface StoreStats {
  blocks: number;
  rows: number;
  bytesOnDisk: number;
  oldestReceivedMs: number | null;
  newestReceivedMs: number | null;
}

interface IndexRow {
  id: number;
  seg: number | null;
  off: number | null;
  size: number;
  data: Buffer;
  end_min?: number;
  end_max?: number;
}

/** Reading blocks (the query worker, tests, the benchmark). */
export class BlockReader implements BlockSource {
  private readonly range;
  private readonly after;
  private readonly files: SegmentFiles;
  /** Blocks the index names whose bytes could not be read (segment gone or cut short). */
  unreadable = 0;

  constructor(
    readonly db: Db,
    dataDir?: string,
  ) {
    this.files = new SegmentFiles(dataDir ?? dirname(db.name));
    this.range = db.prepare(`SELECT id, seg, off, size, data, end_min, end_max FROM blocks WHERE end_max >= ? AND end_min < ? ORDER BY id`);
    this.after = db.prepare(`SELECT id, seg, off, size, data FROM blocks WHERE id > ? ORDER BY id LIMIT ?`);
  }

  private bytesOf(r: IndexRow, keep: boolean): Buffer | null {
    if (r.seg === null) return r.data;
    const b = this.files.read(r.seg, r.off ?? 0, r.size, keep);
    if (b === null || b.length < 24 || blockRows(b) === 0 || b[0] !== 0x50) {
      this.unreadable++;
      return null;
    }
    return b;
  }

  /**
   * Blocks whose flows may end in [from, to), with their end-time range (ms, rounded
   * outwards). Each block's bytes are valid until the next one is asked for: decode before
   * moving on.
   */
  *blocks(from: number, to: number): Iterable<StoredBlock> {
    try {
      const lo = Math.floor(from);
      const hi = Math.ceil(to);
      for (const r of this.range.iterate(lo, hi) as Iterable<IndexRow>) {
        const data = this.bytesOf(r, false);
        if (data) yield { data, endMin: r.end_min!, endMax: r.end_max! };
      }
    } finally {
      this.files.close();
    }
  }

  /** Blocks by id, after `id` (the rollup's tail); bytes valid until the next one. */
  *since(id: number, limit: number): Iterable<{ id: number; data: Buffer | null }> {
    try {
      for (const r of this.after.iterate(id, limit) as Iterable<IndexRow>) yield { id: r.id, data: this.bytesOf(r, false) };
    } finally {
      this.files.close();
    }
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
