import type { Migration } from '../store/migrate.js';

export const catalogMigrations: Migration[] = [
  {
    id: 1,
    name: 'catalog versions',
    up(db) {
      db.exec(`
        CREATE TABLE catalog_versions (
          version INTEGER PRIMARY KEY,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          note TEXT NOT NULL,
          document TEXT NOT NULL
        );
      `);
    },
  },
];
