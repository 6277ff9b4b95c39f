import type { Migration } from '../store/migrate.js';

export const orchestratorMigrations: Migration[] = [
  {
    id: 1,
    name: 'infrastructure, services, VNF instances, pools, identities, operations and their journal',
    up(db) {
      db.exec(`
        CREATE TABLE pod_models (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          production_servers INTEGER NOT NULL,
          control_servers INTEGER NOT NULL,
          storage_servers INTEGER NOT NULL,
          server TEXT NOT NULL,
          note TEXT NOT NULL,
          position INTEGER NOT NULL
        );
        CREATE TABLE dcs (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          location TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE pods (
          id TEXT PRIMARY KEY,
          dc_id TEXT NOT NULL REFERENCES dcs(id),
          name TEXT NOT NULL UNIQUE,
          model TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('active', 'maintenance')),
          vim_driver TEXT NOT NULL,
          vim_endpoint TEXT NOT NULL,
          pool_index INTEGER NOT NULL UNIQUE,
          node_id INTEGER,
          created_at TEXT NOT NULL
        );
        CREATE TABLE servers (
          id TEXT PRIMARY KEY,
          pod_id TEXT NOT NULL REFERENCES pods(id),
          name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('production', 'control', 'storage')),
          state TEXT NOT NULL CHECK (state IN ('active', 'maintenance', 'failed')),
          cpu_model TEXT NOT NULL,
          ghz REAL NOT NULL,
          vcpu INTEGER NOT NULL,
          reserved_vcpu INTEGER NOT NULL,
          ram_mb INTEGER NOT NULL,
          reserved_ram_mb INTEGER NOT NULL,
          disk_gb INTEGER NOT NULL,
          node_id INTEGER,
          position INTEGER NOT NULL,
          UNIQUE (pod_id, name)
        );
        CREATE INDEX servers_pod ON servers(pod_id, role);
        CREATE TABLE platform_nodes (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('nso-sm', 'nso-dm', 'esc')),
          pair TEXT NOT NULL,
          pod_id TEXT REFERENCES pods(id),
          name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('master', 'slave', 'subordinate', 'none')),
          address TEXT NOT NULL,
          vip TEXT NOT NULL,
          node_id INTEGER,
          changed_at TEXT NOT NULL
        );
        CREATE INDEX platform_pair ON platform_nodes(pair);

        CREATE TABLE services (
          id TEXT PRIMARY KEY,
          tenant_id TEXT NOT NULL,
          name TEXT NOT NULL,
          package_id TEXT NOT NULL,
          ips INTEGER NOT NULL,
          redundant INTEGER NOT NULL,
          catalog_version INTEGER NOT NULL,
          intent TEXT NOT NULL,
          quote TEXT NOT NULL,
          psk TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('PROVISIONING', 'ACTIVE', 'UPDATING', 'DELETING', 'FAILED', 'DELETED')),
          health TEXT NOT NULL CHECK (health IN ('OK', 'DEGRADED', 'DOWN', 'UNKNOWN')),
          active_path TEXT CHECK (active_path IN ('primary', 'secondary')),
          request_id TEXT,
          current_op TEXT,
          last_op TEXT,
          seq INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT
        );
        CREATE INDEX services_tenant ON services(tenant_id, state);
        CREATE UNIQUE INDEX services_request ON services(tenant_id, request_id) WHERE request_id IS NOT NULL;
        CREATE TABLE service_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          service_id TEXT NOT NULL REFERENCES services(id),
          at TEXT NOT NULL,
          kind TEXT NOT NULL,
          message TEXT NOT NULL
        );
        CREATE INDEX service_events_service ON service_events(service_id, id);

        CREATE TABLE vnf_instances (
          id TEXT PRIMARY KEY,
          service_id TEXT NOT NULL REFERENCES services(id),
          tenant_id TEXT NOT NULL,
          path TEXT NOT NULL CHECK (path IN ('primary', 'secondary')),
          role TEXT NOT NULL,
          vnf_type TEXT NOT NULL,
          software TEXT NOT NULL,
          image TEXT NOT NULL,
          hostname TEXT NOT NULL,
          position INTEGER NOT NULL,
          pod_id TEXT NOT NULL REFERENCES pods(id),
          server_id TEXT NOT NULL REFERENCES servers(id),
          vcpu INTEGER NOT NULL,
          ram_mb INTEGER NOT NULL,
          disk_gb INTEGER NOT NULL,
          vm_name TEXT NOT NULL UNIQUE,
          state TEXT NOT NULL CHECK (state IN ('PLANNED', 'BUILD', 'ACTIVE', 'ERROR', 'DELETING', 'DELETED')),
          detail TEXT,
          interfaces TEXT NOT NULL,
          config TEXT NOT NULL,
          config_masked TEXT NOT NULL,
          functions TEXT NOT NULL,
          node_id INTEGER,
          added_by_op TEXT,
          removed_by_op TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX vnf_service ON vnf_instances(service_id);
        CREATE INDEX vnf_server_live ON vnf_instances(server_id) WHERE state != 'DELETED';

        CREATE TABLE pools (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('vni', 'vlan', 'asn', 'prefix')),
          pod_id TEXT REFERENCES pods(id),
          first INTEGER NOT NULL,
          last INTEGER NOT NULL,
          base TEXT,
          block_len INTEGER,
          description TEXT NOT NULL
        );
        CREATE TABLE pool_allocations (
          pool TEXT NOT NULL REFERENCES pools(id),
          value INTEGER NOT NULL,
          owner TEXT NOT NULL,
          tenant_id TEXT,
          purpose TEXT NOT NULL,
          pending_op TEXT,
          release_op TEXT,
          allocated_at TEXT NOT NULL,
          PRIMARY KEY (pool, value)
        );
        CREATE INDEX pool_alloc_owner ON pool_allocations(owner, purpose);

        CREATE TABLE node_ids (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL CHECK (kind IN ('server', 'vnf', 'enforcer', 'platform')),
          subject_id TEXT NOT NULL,
          name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          retired_at TEXT
        );
        CREATE INDEX node_ids_subject ON node_ids(subject_id);
        CREATE TABLE function_ids (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          node_id INTEGER NOT NULL REFERENCES node_ids(id),
          name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          retired_at TEXT
        );
        CREATE INDEX function_ids_node ON function_ids(node_id);

        CREATE TABLE operations (
          id TEXT PRIMARY KEY,
          service_id TEXT NOT NULL REFERENCES services(id),
          tenant_id TEXT NOT NULL,
          type TEXT NOT NULL CHECK (type IN ('CREATE', 'UPDATE', 'DELETE', 'REPAIR')),
          state TEXT NOT NULL CHECK (state IN ('PROCESSING', 'COMPLETED', 'FAILED', 'ROLLED_BACK')),
          phase TEXT NOT NULL CHECK (phase IN ('forward', 'rollback')),
          cancel_requested INTEGER NOT NULL DEFAULT 0,
          auto_rollback INTEGER NOT NULL DEFAULT 0,
          before TEXT,
          error_code TEXT,
          error_message TEXT,
          created_by TEXT NOT NULL,
          seq INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          finished_at TEXT
        );
        CREATE INDEX operations_state ON operations(state);
        CREATE INDEX operations_service ON operations(service_id, seq);
        CREATE TABLE op_steps (
          op_id TEXT NOT NULL REFERENCES operations(id),
          seq INTEGER NOT NULL,
          stage INTEGER NOT NULL,
          phase TEXT NOT NULL CHECK (phase IN ('forward', 'rollback')),
          kind TEXT NOT NULL,
          name TEXT NOT NULL,
          target TEXT,
          pod_id TEXT,
          state TEXT NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED')),
          attempts INTEGER NOT NULL DEFAULT 0,
          started_at TEXT,
          finished_at TEXT,
          detail TEXT,
          error TEXT,
          PRIMARY KEY (op_id, seq)
        );
        CREATE TABLE op_journal (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          op_id TEXT NOT NULL REFERENCES operations(id),
          at TEXT NOT NULL,
          event TEXT NOT NULL,
          detail TEXT
        );
        CREATE INDEX op_journal_op ON op_journal(op_id, id);
        CREATE TABLE orchestrator_meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
];
