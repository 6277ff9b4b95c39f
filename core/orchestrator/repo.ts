// The orchestrator's tables as rows, and the views the contract returns. Only this
// capability reads or writes them.
import type { Db } from '../store/store.js';
import type { Actor } from '../api/define.js';
import { notFound } from '../api/errors.js';
import type {
  Health,
  Intent,
  OperationView,
  OpState,
  OpSummary,
  OpType,
  PathName,
  Quote,
  ServiceState,
  ServiceSummary,
  StepState,
  VnfState,
  VnfView,
} from './contract.js';
import type { Infra, PodRow, ServerRow, DcRow } from './infra.js';

export interface ServiceRow {
  id: string;
  tenant_id: string;
  name: string;
  package_id: string;
  ips: number;
  redundant: number;
  catalog_version: number;
  intent: string;
  quote: string;
  psk: string;
  state: ServiceState;
  health: Health;
  active_path: PathName | null;
  request_id: string | null;
  current_op: string | null;
  last_op: string | null;
  seq: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface PortRecord {
  name: string;
  network: 'mgmt' | 'outside' | 'inside' | 'service';
  mac: string;
  ip: string | null;
  segment: { type: 'vlan' | 'vxlan' | 'flat'; id: number | null };
}

export interface FunctionRecord {
  functionId: number;
  name: string;
}

export interface InstanceRow {
  id: string;
  service_id: string;
  tenant_id: string;
  path: PathName;
  role: string;
  vnf_type: string;
  software: string;
  image: string;
  hostname: string;
  position: number;
  pod_id: string;
  server_id: string;
  vcpu: number;
  ram_mb: number;
  disk_gb: number;
  vm_name: string;
  state: VnfState;
  detail: string | null;
  interfaces: string;
  config: string;
  config_masked: string;
  functions: string;
  node_id: number | null;
  added_by_op: string | null;
  removed_by_op: string | null;
  created_at: string;
  updated_at: string;
}

export interface OpRow {
  id: string;
  service_id: string;
  tenant_id: string;
  type: OpType;
  state: OpState;
  phase: 'forward' | 'rollback';
  cancel_requested: number;
  auto_rollback: number;
  before: string | null;
  error_code: string | null;
  error_message: string | null;
  created_by: string;
  seq: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export type StepKind = 'vim.create' | 'vim.wait' | 'dm.configure' | 'vim.delete' | 'dm.restore';

export interface StepRow {
  op_id: string;
  seq: number;
  stage: number;
  phase: 'forward' | 'rollback';
  kind: StepKind;
  name: string;
  target: string | null;
  pod_id: string | null;
  state: StepState;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  detail: string | null;
  error: string | null;
}

/** What an UPDATE (or REPAIR) keeps to roll back to. */
export interface OpBefore {
  name: string;
  packageId: string;
  ips: boolean;
  redundant: boolean;
  catalogVersion: number;
  intent: Intent;
  quote: Quote;
  state: ServiceState;
  /** Configurations of kept VNFs before they were reconfigured. */
  configs: Record<string, { config: string; masked: string }>;
}

export const parse = <T>(s: string): T => JSON.parse(s) as T;

export class Repo {
  constructor(
    readonly db: Db,
    readonly now: () => number,
  ) {}

  iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  service(id: string): ServiceRow {
    const r = this.db.prepare(`SELECT * FROM services WHERE id = ?`).get(id) as ServiceRow | undefined;
    if (!r) throw notFound(`service ${id}`);
    return r;
  }

  findService(id: string): ServiceRow | undefined {
    return this.db.prepare(`SELECT * FROM services WHERE id = ?`).get(id) as ServiceRow | undefined;
  }

  serviceByRequest(tenantId: string, requestId: string): ServiceRow | undefined {
    return this.db.prepare(`SELECT * FROM services WHERE tenant_id = ? AND request_id = ?`).get(tenantId, requestId) as ServiceRow | undefined;
  }

  instances(serviceId: string, live = true): InstanceRow[] {
    return this.db
      .prepare(`SELECT * FROM vnf_instances WHERE service_id = ? ${live ? "AND state != 'DELETED'" : ''} ORDER BY path, position, created_at`)
      .all(serviceId) as InstanceRow[];
  }

  instance(id: string): InstanceRow {
    const r = this.db.prepare(`SELECT * FROM vnf_instances WHERE id = ?`).get(id) as InstanceRow | undefined;
    if (!r) throw notFound(`VNF ${id}`);
    return r;
  }

  instanceByVm(vmName: string): InstanceRow | undefined {
    return this.db.prepare(`SELECT * FROM vnf_instances WHERE vm_name = ?`).get(vmName) as InstanceRow | undefined;
  }

  setInstanceState(id: string, state: VnfState, detail: string | null = null): void {
    this.db.prepare(`UPDATE vnf_instances SET state = ?, detail = ?, updated_at = ? WHERE id = ?`).run(state, detail, this.iso(), id);
  }

  op(id: string): OpRow {
    const r = this.db.prepare(`SELECT * FROM operations WHERE id = ?`).get(id) as OpRow | undefined;
    if (!r) throw notFound(`operation ${id}`);
    return r;
  }

  findOp(id: string | null): OpRow | undefined {
    return id ? (this.db.prepare(`SELECT * FROM operations WHERE id = ?`).get(id) as OpRow | undefined) : undefined;
  }

  steps(opId: string): StepRow[] {
    return this.db.prepare(`SELECT * FROM op_steps WHERE op_id = ? ORDER BY seq`).all(opId) as StepRow[];
  }

  journal(opId: string, event: string, detail: string | null = null): void {
    this.db.prepare(`INSERT INTO op_journal (op_id, at, event, detail) VALUES (?, ?, ?, ?)`).run(opId, this.iso(), event, detail);
  }

  serviceEvent(serviceId: string, kind: string, message: string): void {
    this.db.prepare(`INSERT INTO service_events (service_id, at, kind, message) VALUES (?, ?, ?, ?)`).run(serviceId, this.iso(), kind, message);
  }

  nextSeq(table: 'services' | 'operations'): number {
    return (this.db.prepare(`SELECT coalesce(max(seq), 0) + 1 AS s FROM ${table}`).get() as { s: number }).s;
  }

  processingOps(): OpRow[] {
    return this.db.prepare(`SELECT * FROM operations WHERE state = 'PROCESSING' ORDER BY seq`).all() as OpRow[];
  }

  opSummary(o: OpRow, steps = this.steps(o.id)): OpSummary {
    const phase = steps.filter((s) => s.phase === o.phase);
    const running = phase.find((s) => s.state === 'RUNNING') ?? phase.find((s) => s.state === 'FAILED') ?? phase.find((s) => s.state === 'PENDING');
    return {
      id: o.id,
      serviceId: o.service_id,
      tenantId: o.tenant_id,
      type: o.type,
      state: o.state,
      phase: o.phase,
      cancelRequested: o.cancel_requested === 1,
      progress: { done: phase.filter((s) => s.state === 'DONE' || s.state === 'SKIPPED').length, total: phase.length },
      currentStep: o.state === 'PROCESSING' || o.state === 'FAILED' ? (running?.name ?? null) : null,
      error: o.error_code ? { code: o.error_code, message: o.error_message ?? '' } : null,
      createdBy: o.created_by,
      createdAt: o.created_at,
      updatedAt: o.updated_at,
      finishedAt: o.finished_at,
    };
  }

  opView(o: OpRow, actions: OperationView['actions']): OperationView {
    const steps = this.steps(o.id);
    const journal = this.db.prepare(`SELECT at, event, detail FROM op_journal WHERE op_id = ? ORDER BY id`).all(o.id) as OperationView['journal'];
    return {
      ...this.opSummary(o, steps),
      autoRollback: o.auto_rollback === 1,
      steps: steps.map((s) => ({
        seq: s.seq,
        stage: s.stage,
        phase: s.phase,
        name: s.name,
        kind: s.kind,
        target: s.target,
        podId: s.pod_id,
        state: s.state,
        attempts: s.attempts,
        startedAt: s.started_at,
        finishedAt: s.finished_at,
        detail: s.detail,
        error: s.error,
      })),
      journal,
      actions,
    };
  }

  listOps(q: { serviceId?: string | undefined; tenantId?: string | undefined; state?: OpState | undefined; limit: number; offset: number }): { rows: OpRow[]; total: number } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.serviceId) {
      where.push('service_id = ?');
      args.push(q.serviceId);
    }
    if (q.tenantId) {
      where.push('tenant_id = ?');
      args.push(q.tenantId);
    }
    if (q.state) {
      where.push('state = ?');
      args.push(q.state);
    }
    const w = where.length ? 'WHERE ' + where.join(' AND ') : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM operations ${w}`).get(...args) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM operations ${w} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as OpRow[];
    return { rows, total };
  }

  listServices(q: { tenantId?: string | undefined; podId?: string | undefined; state?: ServiceState | undefined; health?: Health | undefined; includeDeleted: boolean; limit: number; offset: number }): { rows: ServiceRow[]; total: number } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.tenantId) {
      where.push('s.tenant_id = ?');
      args.push(q.tenantId);
    }
    if (q.state) {
      where.push('s.state = ?');
      args.push(q.state);
    }
    else if (!q.includeDeleted) where.push(`s.state != 'DELETED'`);
    if (q.health) {
      where.push('s.health = ?');
      args.push(q.health);
    }
    if (q.podId) {
      where.push(`EXISTS (SELECT 1 FROM vnf_instances v WHERE v.service_id = s.id AND v.pod_id = ? AND v.state != 'DELETED')`);
      args.push(q.podId);
    }
    const w = where.length ? 'WHERE ' + where.join(' AND ') : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM services s ${w}`).get(...args) as { n: number }).n;
    const rows = this.db.prepare(`SELECT s.* FROM services s ${w} ORDER BY s.seq DESC LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as ServiceRow[];
    return { rows, total };
  }
}

/** Seed 004's running status of a function, from its VNF's state. */
export function functionStatus(state: VnfState): 'Starting' | 'Running' | 'Terminating' | 'Unknown' {
  switch (state) {
    case 'PLANNED':
    case 'BUILD':
      return 'Starting';
    case 'ACTIVE':
      return 'Running';
    case 'DELETING':
    case 'DELETED':
      return 'Terminating';
    case 'ERROR':
      return 'Unknown';
  }
}

export function vnfViewOf(i: InstanceRow, server: ServerRow | undefined): VnfView {
  const ports = parse<PortRecord[]>(i.interfaces);
  return {
    id: i.id,
    serviceId: i.service_id,
    tenantId: i.tenant_id,
    role: i.role,
    vnfTypeId: i.vnf_type,
    software: i.software,
    hostname: i.hostname,
    path: i.path,
    position: i.position,
    podId: i.pod_id,
    serverId: i.server_id,
    serverName: server?.name ?? i.server_id,
    state: i.state,
    detail: i.detail,
    vcpu: i.vcpu,
    ramMb: i.ram_mb,
    diskGb: i.disk_gb,
    nodeId: i.node_id,
    vmName: i.vm_name,
    functions: parse<FunctionRecord[]>(i.functions).map((f) => ({ functionId: f.functionId, name: f.name, status: functionStatus(i.state) })),
    interfaces: ports.map((p) => ({ name: p.name, network: p.network, mac: p.mac, ip: p.ip })),
  };
}

/** Names for views: PoDs, data centres and servers, read once per call. */
export class Names {
  private pods = new Map<string, PodRow>();
  private dcs = new Map<string, DcRow>();
  private servers = new Map<string, ServerRow>();

  constructor(infra: Infra) {
    for (const d of infra.dcs()) this.dcs.set(d.id, d);
    for (const p of infra.pods()) this.pods.set(p.id, p);
    for (const s of infra.servers()) this.servers.set(s.id, s);
  }

  pod(id: string): PodRow | undefined {
    return this.pods.get(id);
  }

  server(id: string): ServerRow | undefined {
    return this.servers.get(id);
  }

  podRef(path: PathName, podId: string) {
    const p = this.pods.get(podId);
    const d = p ? this.dcs.get(p.dc_id) : undefined;
    return { path, podId, podName: p?.name ?? podId, dcId: d?.id ?? '', dcName: d?.name ?? '' };
  }
}

export type { Actor, ServiceSummary };
