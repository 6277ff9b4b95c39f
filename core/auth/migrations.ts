import type { Migration } from '../store/migrate.js';

export const authMigrations: Migration[] = [
  {
    id: 1,
    name: 'users, sessions, login failures, audit log',
    up(db) {
      db.exec(`
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL UNIQUE,
          display_name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'customer')),
          tenant_id TEXT,
          password_hash TEXT NOT NULL,
          must_change_password INTEGER NOT NULL DEFAULT 1,
          disabled INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          last_login_at TEXT,
          CHECK ((role = 'customer') = (tenant_id IS NOT NULL))
        );
        CREATE TABLE sessions (
          id TEXT PRIMARY KEY,
          token_hash TEXT NOT NULL UNIQUE,
          user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          origin TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          hard_expires_at INTEGER NOT NULL,
          ended_at INTEGER
        );
        CREATE INDEX sessions_user ON sessions(user_id);
        CREATE TABLE login_failures (
          username TEXT PRIMARY KEY,
          failures INTEGER NOT NULL,
          last_failure_at INTEGER NOT NULL,
          locked_until INTEGER NOT NULL
        );
        CREATE TABLE audit (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          role TEXT NOT NULL,
          origin TEXT NOT NULL,
          command TEXT NOT NULL,
          target TEXT,
          input TEXT NOT NULL,
          result TEXT NOT NULL CHECK (result IN ('ok', 'error')),
          error_code TEXT,
          error_message TEXT,
          duration_ms REAL NOT NULL
        );
        CREATE INDEX audit_at ON audit(at);
        CREATE INDEX audit_command ON audit(command);
      `);
    },
  },
];
