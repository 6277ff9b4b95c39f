import type { Migration } from '../store/migrate.js';

export const labMigrations: Migration[] = [
  {
    id: 1,
    name: 'the lab VIM: virtual machines and settings',
    up(db) {
      db.exec(`
        CREATE TABLE lab_vms (
          name TEXT PRIMARY KEY,
          vim_id TEXT NOT NULL UNIQUE,
          pod_id TEXT NOT NULL,
          host TEXT NOT NULL,
          image TEXT NOT NULL,
          vcpu INTEGER NOT NULL,
          ram_mb INTEGER NOT NULL,
          disk_gb INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('BUILD', 'ACTIVE', 'ERROR', 'SHUTOFF')),
          fault TEXT,
          ready_at INTEGER,
          boot_fails INTEGER NOT NULL DEFAULT 0,
          day0 TEXT NOT NULL,
          config TEXT,
          ports TEXT NOT NULL,
          metadata TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX lab_vms_pod ON lab_vms(pod_id);
        CREATE TABLE lab_state (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    id: 2,
    name: 'the lab VIM: when each VM last came up (its consoles show the uptime)',
    up(db) {
      db.exec(`
        ALTER TABLE lab_vms ADD COLUMN active_since INTEGER;
        UPDATE lab_vms SET active_since = updated_at WHERE status = 'ACTIVE';
      `);
    },
  },
  {
    id: 3,
    name: 'the lab’s SecMon IPsec enforcers: one per PoD, its registration with the IPsec EMS',
    up(db) {
      db.exec(`
        CREATE TABLE lab_enforcers (
          id TEXT PRIMARY KEY,
          pod_id TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL UNIQUE,
          node_id INTEGER NOT NULL,
          address TEXT NOT NULL,
          prefix_len INTEGER NOT NULL,
          gateway TEXT NOT NULL,
          mac TEXT NOT NULL,
          ems_url TEXT NOT NULL,
          analyser TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'ERROR')),
          fault TEXT,
          registered_at INTEGER,
          active_since INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
      `);
    },
  },
];
