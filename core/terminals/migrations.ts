import type { Migration } from '../store/migrate.js';

export const terminalsMigrations: Migration[] = [
  {
    id: 1,
    name: 'terminal connection profiles',
    up(db) {
      db.exec(`
        CREATE TABLE terminal_profiles (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('local', 'ssh', 'netns')),
          spec TEXT NOT NULL,
          secret TEXT,
          created_by TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX terminal_profiles_name ON terminal_profiles(name);
      `);
    },
  },
];
