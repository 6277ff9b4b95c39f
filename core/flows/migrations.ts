// The flows capability's tables in the CDB: what users create (saved views) and the
// collector's settings. Flow data itself lives in its own files (store/flowdb.ts).
import type { Migration } from '../store/migrate.js';

export const flowsMigrations: Migration[] = [
  {
    id: 1,
    name: 'saved views and collector settings',
    up: (db) => {
      db.exec(`
        CREATE TABLE flows_views (
          id TEXT PRIMARY KEY,
          user_id TEXT NOT NULL,
          name TEXT NOT NULL,
          state TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (user_id, name)
        );
        CREATE TABLE flows_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
];
