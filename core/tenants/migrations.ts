import type { Migration } from '../store/migrate.js';

export const tenantsMigrations: Migration[] = [
  {
    id: 1,
    name: 'tenants',
    up(db) {
      db.exec(`
        CREATE TABLE tenants (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          contact TEXT NOT NULL,
          disabled INTEGER NOT NULL DEFAULT 0,
          max_services INTEGER NOT NULL,
          max_sites INTEGER NOT NULL,
          max_vcpu INTEGER NOT NULL,
          lab INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
];
