import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../../core/store/store.js';
import { StoreError } from '../../../core/store/errors.js';
import type { MigrationSet } from '../../../core/store/migrate.js';
import { tempDir } from '../../helpers/host.js';

const v1: MigrationSet[] = [
  { capability: 'notes', migrations: [{ id: 1, name: 'notes', up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)') }] },
];
const v2: MigrationSet[] = [
  {
    capability: 'notes',
    migrations: [...v1[0]!.migrations, { id: 2, name: 'note titles', up: (db) => db.exec("ALTER TABLE notes ADD COLUMN title TEXT NOT NULL DEFAULT ''") }],
  },
];

function storeError(f: () => unknown): StoreError {
  try {
    f();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error('expected a StoreError');
}

describe('store', () => {
  it('opens in WAL mode and runs migrations in order, once', () => {
    const dir = tempDir();
    const s = openStore({ dataDir: dir, migrations: v2 });
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.schemaVersion).toBe(2);
    expect(s.db.pragma('user_version', { simple: true })).toBe(2);
    s.db.prepare("INSERT INTO notes (body, title) VALUES ('b', 't')").run();
    s.close();
    const again = openStore({ dataDir: dir, migrations: v2 });
    expect(again.backupFile).toBeNull();
    expect(again.db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 1 });
    again.close();
  });

  it('backs the file up before migrating, and keeps the data', () => {
    const dir = tempDir();
    const s1 = openStore({ dataDir: dir, migrations: v1 });
    s1.db.prepare("INSERT INTO notes (body) VALUES ('kept')").run();
    s1.close();
    const s2 = openStore({ dataDir: dir, migrations: v2 });
    expect(s2.backupFile).not.toBeNull();
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
    const backup = new Database(s2.backupFile!, { readonly: true });
    expect(backup.prepare('SELECT body FROM notes').all()).toEqual([{ body: 'kept' }]);
    backup.close();
    expect(s2.db.prepare('SELECT body, title FROM notes').all()).toEqual([{ body: 'kept', title: '' }]);
    s2.close();
  });

  it('refuses a database from a newer Podium, changing nothing', () => {
    const dir = tempDir();
    openStore({ dataDir: dir, migrations: v2 }).close();
    const e = storeError(() => openStore({ dataDir: dir, migrations: v1 }));
    expect(e.code).toBe('NEWER');
    expect(e.message).toMatch(/newer Podium \(schema 2, this Podium knows 1\)/);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
    // the lock was released, and the newer Podium still opens it
    openStore({ dataDir: dir, migrations: v2 }).close();
  });

  it('refuses a file that is not a database, changing nothing', () => {
    const dir = tempDir();
    const garbage = Buffer.from('this is not sqlite '.repeat(400));
    writeFileSync(join(dir, 'podium.db'), garbage);
    const e = storeError(() => openStore({ dataDir: dir, migrations: v1 }));
    expect(e.code).toBe('CORRUPT');
    expect(e.message).toContain('not a readable Podium database');
  });

  it('refuses a data directory another Podium holds, and takes over a stale lock', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'podium.lock'), JSON.stringify({ pid: 1, startedAt: 'x' }));
    const e = storeError(() => openStore({ dataDir: dir, migrations: v1 }));
    expect(e.code).toBe('IN_USE');
    writeFileSync(join(dir, 'podium.lock'), JSON.stringify({ pid: 2 ** 22 + 17, startedAt: 'x' }));
    openStore({ dataDir: dir, migrations: v1 }).close();
  });

  it('says when another program holds the database locked', () => {
    const dir = tempDir();
    openStore({ dataDir: dir, migrations: v1 }).close();
    const other = new Database(join(dir, 'podium.db'));
    other.pragma('journal_mode = WAL');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const e = storeError(() => openStore({ dataDir: dir, migrations: v2 }));
      expect(e.code).toBe('LOCKED');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('rolls a failed migration back and says which one', () => {
    const dir = tempDir();
    const broken: MigrationSet[] = [
      { capability: 'notes', migrations: [...v1[0]!.migrations, { id: 2, name: 'broken', up: (db) => db.exec('CREATE TABLE notes (x)') }] },
    ];
    const e = storeError(() => openStore({ dataDir: dir, migrations: broken }));
    expect(e.code).toBe('MIGRATION_FAILED');
    expect(e.message).toContain('notes #2 (broken)');
    const s = openStore({ dataDir: dir, migrations: v1 });
    expect(s.db.prepare('SELECT count(*) AS n FROM _migrations').get()).toEqual({ n: 1 });
    s.close();
  });
});
