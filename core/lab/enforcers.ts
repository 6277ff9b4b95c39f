// The lab's SecMon IPsec enforcers (seed §3.3): one per PoD, on the PoD's management
// network. Each registered with its data centre's IPsec EMS (REST: POST register), fetches
// its IPsec configuration from it, answers its health checks, and holds the security
// associations between the PoD's SecMon side and the data centre's analyser. The lab is
// both the enforcers and the EMS here: `lab_enforcers` keeps what survives a restart (the
// enforcer, its Node ID, address, EMS, state and when it registered); its connections are
// the EMS's configuration now, derived from the orchestrator's VNFs on the PoD (one per
// live service chain — core/lab/README.md says why). Changes are told to listeners (the
// topology's orchestrator source) as they happen.
import type { Db } from '../store/store.js';
import type { OrchestratorService } from '../orchestrator/service.js';
import { podPools } from '../orchestrator/pools.js';
import { conflict, notFound } from '../api/errors.js';
import { addressPlus } from './consoles/config.js';
import type { EnforcerFacts, EnforcerReads } from '../topology/orchestrator-source.js';
import { swanctlConf } from './consoles/enforcer.js';

export interface EnforcerRow {
  id: string;
  pod_id: string;
  name: string;
  node_id: number;
  address: string;
  prefix_len: number;
  gateway: string;
  mac: string;
  ems_url: string;
  analyser: string;
  status: 'ACTIVE' | 'ERROR';
  fault: string | null;
  registered_at: number | null;
  active_since: number | null;
  created_at: number;
  updated_at: number;
}

/** One connection the EMS configured on an enforcer: a live service chain of its PoD. */
export interface EnforcerConnection {
  /** "secmon-acme-1234-vr-p". */
  name: string;
  serviceId: string;
  path: 'primary' | 'secondary';
  /** The chain's SecMon side: its vRouter's management address. */
  local: string;
  /** The data centre's SecMon analyser. */
  remote: string;
  /** The SA is up: the enforcer answers and the chain's vRouter is ACTIVE. */
  established: boolean;
  /** Since when (ms), when established. */
  since: number | null;
}

/** How often an enforcer fetches its configuration from the EMS while registered. */
export const FETCH_EVERY_MS = 60_000;
/** The enforcer's address: the 10th of the PoD's management network (the platform nodes hold .1–.7; VNFs start at .16). */
export const ENFORCER_HOST = 10;

export interface LabEnforcersDeps {
  db: Db;
  now: () => number;
  orchestrator: OrchestratorService;
}

export class LabEnforcers {
  private readonly listeners = new Set<(id: string) => void>();

  constructor(private readonly d: LabEnforcersDeps) {}

  /** Be told the id of an enforcer that was created, changed or removed; returns a function that stops it. */
  watch(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private changed(id: string): void {
    for (const l of [...this.listeners]) {
      try {
        l(id);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  rows(podId?: string): EnforcerRow[] {
    return (
      podId
        ? this.d.db.prepare(`SELECT * FROM lab_enforcers WHERE pod_id = ? ORDER BY name`).all(podId)
        : this.d.db.prepare(`SELECT * FROM lab_enforcers ORDER BY name`).all()
    ) as EnforcerRow[];
  }

  row(id: string): EnforcerRow | null {
    return (this.d.db.prepare(`SELECT * FROM lab_enforcers WHERE id = ?`).get(id) as EnforcerRow | undefined) ?? null;
  }

  get(id: string): EnforcerRow {
    const r = this.row(id);
    if (!r) throw notFound(`IPsec enforcer ${id}`);
    return r;
  }

  /**
   * The PoD's enforcer boots, registers with its data centre's EMS and fetches its
   * configuration. `dcOrdinal` (1, 2…) numbers the data centre's security network, where
   * its EMS and analyser live.
   */
  create(podId: string, dcOrdinal: number): EnforcerRow {
    const o = this.d.orchestrator;
    const pod = o.infra.pod(podId);
    const mgmt = podPools(pod.id, pod.pool_index)[1]!;
    const address = addressPlus(mgmt.base!, ENFORCER_HOST)!;
    const gateway = addressPlus(mgmt.base!, 1)!;
    const id = `${pod.id}-enf-1`;
    const name = `${pod.name}-enf-1`;
    const t = this.d.now();
    const mac = `52:54:00:e5:${(pod.pool_index >> 8).toString(16).padStart(2, '0')}:${(pod.pool_index & 255).toString(16).padStart(2, '0')}`;
    this.d.db.transaction(() => {
      const nodeId = o.ids.assignNode('enforcer', id, name);
      this.d.db
        .prepare(
          `INSERT INTO lab_enforcers (id, pod_id, name, node_id, address, prefix_len, gateway, mac, ems_url, analyser, status, fault, registered_at, active_since, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 20, ?, ?, ?, ?, 'ACTIVE', NULL, ?, ?, ?, ?)`,
        )
        .run(id, pod.id, name, nodeId, address, gateway, mac, `https://172.30.${dcOrdinal}.5:8443/v1`, `172.30.${dcOrdinal}.10`, t, t, t, t);
    })();
    this.changed(id);
    return this.get(id);
  }

  /** The enforcer stops answering: ERROR, the EMS deregisters it (missed health checks), its SAs are gone. */
  fail(id: string, reason: string): EnforcerRow {
    const r = this.get(id);
    if (r.status === 'ERROR') throw conflict(`${r.name} has already failed`);
    this.d.db
      .prepare(`UPDATE lab_enforcers SET status = 'ERROR', fault = ?, registered_at = NULL, active_since = NULL, updated_at = ? WHERE id = ?`)
      .run(reason, this.d.now(), id);
    this.changed(id);
    return this.get(id);
  }

  /** The enforcer comes back (a reboot): it registers again and fetches its configuration. */
  repair(id: string): EnforcerRow {
    const r = this.get(id);
    if (r.status === 'ACTIVE') throw conflict(`${r.name} is not failed`);
    const t = this.d.now();
    this.d.db
      .prepare(`UPDATE lab_enforcers SET status = 'ACTIVE', fault = NULL, registered_at = ?, active_since = ?, updated_at = ? WHERE id = ?`)
      .run(t, t, t, id);
    this.changed(id);
    return this.get(id);
  }

  /** Every enforcer goes (lab reset): their Node IDs are retired, never reused. */
  wipe(): void {
    const rows = this.rows();
    this.d.db.transaction(() => {
      for (const r of rows) this.d.orchestrator.ids.retireNode(r.node_id);
      this.d.db.prepare(`DELETE FROM lab_enforcers`).run();
    })();
    for (const r of rows) this.changed(r.id);
  }

  /** What the topology shows of the enforcers (the host hands it to the orchestrator source). */
  readonly inventory: EnforcerReads = {
    list: () => this.rows().map((r) => this.facts(r)),
    get: (id) => {
      const r = this.row(id);
      return r ? this.facts(r) : null;
    },
    watch: (l) => this.watch(l),
  };

  private facts(r: EnforcerRow): EnforcerFacts {
    const conns = this.connections(r);
    const fetched = this.lastFetch(r);
    return {
      id: r.id,
      podId: r.pod_id,
      name: r.name,
      state: r.status,
      address: r.address,
      fault: r.fault,
      properties: [
        { label: 'Model', value: 'SecMon IPsec enforcer (strongSwan)' },
        { label: 'Node ID', value: String(r.node_id) },
        { label: 'Management network', value: `${r.address}/${r.prefix_len}, gateway ${r.gateway}` },
        { label: 'IPsec EMS', value: r.ems_url },
        {
          label: 'Registered',
          value: r.registered_at !== null ? `yes, since ${new Date(r.registered_at).toISOString()}` : `no${r.fault ? ` — ${r.fault}` : ''}`,
        },
        { label: 'Last configuration fetch', value: fetched === null ? 'never' : new Date(fetched).toISOString() },
        { label: 'Analyser', value: r.analyser },
        { label: 'Security associations', value: `${conns.filter((c) => c.established).length} established of ${conns.length} configured` },
      ],
      configuration: { format: 'cli', text: swanctlConf(r, conns) },
    };
  }

  /** When it last fetched its configuration: at registration, then every FETCH_EVERY_MS while registered. */
  lastFetch(r: EnforcerRow, now = this.d.now()): number | null {
    if (r.registered_at === null) return null;
    return r.registered_at + Math.floor(Math.max(0, now - r.registered_at) / FETCH_EVERY_MS) * FETCH_EVERY_MS;
  }

  /**
   * The EMS's configuration of the enforcer: one connection per live service chain on its
   * PoD (a chain whose vRouter exists and is not being deleted), from the vRouter's
   * management address to the analyser. None while the enforcer is not registered.
   */
  connections(r: EnforcerRow): EnforcerConnection[] {
    if (r.status !== 'ACTIVE' || r.registered_at === null) return [];
    const out: EnforcerConnection[] = [];
    for (const v of this.d.orchestrator.vnfsList({ podId: r.pod_id })) {
      if (v.role !== 'router' || v.state === 'DELETING' || v.state === 'PLANNED') continue;
      const local = v.interfaces.find((i) => i.network === 'mgmt')?.ip;
      if (!local) continue;
      const up = v.state === 'ACTIVE';
      out.push({
        name: `secmon-${v.hostname}`,
        serviceId: v.serviceId,
        path: v.path,
        local,
        remote: r.analyser,
        established: up,
        since: up ? Math.max(r.active_since ?? 0, this.vmActiveSince(v.vmName) ?? 0) : null,
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** When the chain's vRouter VM last came up (read from the lab VIM's table). */
  private vmActiveSince(vmName: string): number | null {
    return (
      (this.d.db.prepare(`SELECT active_since FROM lab_vms WHERE name = ?`).get(vmName) as { active_since: number | null } | undefined)?.active_since ?? null
    );
  }
}
