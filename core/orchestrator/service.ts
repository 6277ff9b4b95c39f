// The orchestrator: the service interface's back end and the service manager. It turns an
// intent into a plan (planner.ts), commits it in one transaction with its allocations, hands
// each device's work to its PoD's device manager through the operation engine (runner.ts),
// and keeps the services' health and paths (health.ts). Other capabilities reach it through
// this class only; the lab registers its VIM driver here.
import type { Db } from '../store/store.js';
import type { TopicBus } from '../api/bus.js';
import type { Actor } from '../api/define.js';
import { ApiError, badInput, conflict, notFound } from '../api/errors.js';
import type { Logger } from '../host/log.js';
import type { CatalogService } from '../catalog/service.js';
import type { TenantsService, TenantInventory } from '../tenants/service.js';
import type { TenantProfile, TenantUsage } from '../tenants/contract.js';
import type {
  Intent,
  OperationView,
  OpSummary,
  PairView,
  PathName,
  PlanView,
  PodModel,
  PodView,
  ServerView,
  ServiceState,
  ServiceSummary,
  ServiceView,
  Shortage,
  VnfView,
} from './contract.js';
import type { SERVICE_ACTIONS } from './contract.js';
import { Identities } from './identity.js';
import { Infra, type PodRow, type ServerRow, type Used } from './infra.js';
import { Pools, display } from './pools.js';
import { Repo, Names, parse, vnfViewOf, type InstanceRow, type OpBefore, type OpRow, type PortRecord, type ServiceRow } from './repo.js';
import { build, ShortageError, snapshot, type PlanDeps } from './planner.js';
import { resolveIntent, priceOf } from './intent.js';
import { Runner, type RunnerOptions } from './runner.js';
import { HealthMonitor, pathState } from './health.js';
import { Redundancy } from './redundancy.js';
import { Batcher, ChangeFeed, type OrchestratorChange } from './events.js';
import { DeviceManager } from './dm.js';
import { SouthboundError, type DriverFactory, type VimServer, type PodEndpoint } from './vim.js';
import { newId } from './ids.js';
import { calculator, modelServers, moreOfEach, perServer, simulateMix, allocatable, type MixEntry } from './capacity.js';
import { checkInvariants, type CheckResult } from './invariants.js';
import { renderCpe, ROUTE_COST, domainOf, lineDiff, type ServiceNet } from './day1.js';
import { block } from './net.js';

export interface OrchestratorOptions {
  runner: RunnerOptions;
  keepaliveMs: number;
  missedKeepalives: number;
  /** How often every PoD's VIM is asked for its servers (missed status updates). */
  reconcileMs: number;
  batchMs: number;
  /** Longest `wait: true` on an order. */
  waitMs: number;
}

export const DEFAULT_OPTIONS: OrchestratorOptions = {
  runner: { concurrency: 8, transientRetries: 8, retryBaseMs: 250, bootTimeoutMs: 10 * 60_000, pollMs: 500 },
  keepaliveMs: 1000,
  missedKeepalives: 3,
  reconcileMs: 5000,
  batchMs: 150,
  waitMs: 120_000,
};

export interface OrchestratorDeps {
  db: Db;
  bus: TopicBus;
  log: Logger;
  now: () => number;
  catalog: CatalogService;
  tenants: TenantsService;
  opts?: Partial<OrchestratorOptions>;
}

type PendingConfigs = {
  operationId: string;
  state: 'PROCESSING' | 'FAILED' | 'COMPLETED' | 'ROLLED_BACK';
  vnfs: { vnfId: string; role: string; path: PathName; hostname: string; change: 'add' | 'remove' | 'reconfigure'; lines: { op: '+' | '-' | ' '; text: string }[] }[];
};

const STAFF = new Set(['admin', 'operator']);
const isStaff = (a: Actor) => STAFF.has(a.role);

type Usage3 = { total: number; reserved: number; used: number; free: number };
const usage3 = (total: number, reserved: number, used: number): Usage3 => ({ total, reserved, used, free: total - reserved - used });

type VnfConfig = { vnfId: string; role: string; path: PathName; hostname: string; config: string };
const vnfConfigOf = (i: InstanceRow): VnfConfig => ({ vnfId: i.id, role: i.role, path: i.path, hostname: i.hostname, config: i.config_masked });

/** The steps that re-create a VNF (a REPAIR's): remove its VM, boot it again, wait for it, push its day-1 configuration. */
function recreateSteps(i: InstanceRow, remove: string): { stage: number; kind: string; name: string; target: string; podId: string }[] {
  return [
    { stage: 1, kind: 'vim.delete', name: remove, target: i.id, podId: i.pod_id },
    { stage: 2, kind: 'vim.create', name: `Boot ${i.hostname} again`, target: i.id, podId: i.pod_id },
    { stage: 3, kind: 'vim.wait', name: `Wait for ${i.hostname} to be ACTIVE`, target: i.id, podId: i.pod_id },
    { stage: 4, kind: 'dm.configure', name: `Push the day-1 configuration to ${i.hostname}`, target: i.id, podId: i.pod_id },
  ];
}

/** A row the actor may see: a customer gets the same answer for another tenant's as for none. */
function visibleTo<T extends { tenant_id: string }>(actor: Actor, row: T | undefined, what: string): T {
  if (actor.role === 'customer') {
    if (!row || row.tenant_id !== actor.tenantId) throw new ApiError('NOT_FOUND', 'not found');
    return row;
  }
  if (!row) throw notFound(what);
  return row;
}

export class OrchestratorService implements TenantInventory {
  readonly repo: Repo;
  readonly pools: Pools;
  readonly ids: Identities;
  readonly infra: Infra;
  readonly runner: Runner;
  readonly health: HealthMonitor;
  readonly redundancy: Redundancy;
  readonly opts: OrchestratorOptions;
  private readonly batcher: Batcher;
  private readonly feed: ChangeFeed;
  private readonly drivers = new Map<string, DriverFactory>();
  private readonly dms = new Map<string, DeviceManager>();
  private reconcileTimer: ReturnType<typeof setInterval> | null = null;
  private started = false;

  constructor(private readonly d: OrchestratorDeps) {
    this.opts = { ...DEFAULT_OPTIONS, ...d.opts, runner: { ...DEFAULT_OPTIONS.runner, ...d.opts?.runner } };
    this.repo = new Repo(d.db, d.now);
    this.pools = new Pools(d.db, d.now);
    this.ids = new Identities(d.db, d.now);
    this.infra = new Infra(d.db, this.pools, this.ids, d.now);
    this.batcher = new Batcher(d.bus, d.log, this.opts.batchMs);
    this.feed = new ChangeFeed(d.log);
    this.redundancy = new Redundancy(d.db, d.now, { keepaliveMs: this.opts.keepaliveMs, missed: this.opts.missedKeepalives }, (pair, reason) => {
      d.bus.publish('redundancy.changed', { pair, reason });
      this.feed.emit({ kind: 'pair', pair: pair.pair });
    });
    const hooks = {
      opChanged: (id: string) => this.queueOp(id),
      serviceChanged: (id: string) => this.queueService(id),
      vnfChanged: (id: string) => this.queueVnf(id),
      settled: (id: string) => this.health.recompute(id),
    };
    this.health = new HealthMonitor(this.repo, hooks);
    this.runner = new Runner({ repo: this.repo, pools: this.pools, ids: this.ids, infra: this.infra, dm: (podId) => this.dm(podId), log: d.log.child('ops'), hooks, opts: this.opts.runner });
    this.infra.ensureBase();
    d.tenants.setInventory(this);
  }

  private get planDeps(): PlanDeps {
    return { repo: this.repo, infra: this.infra, pools: this.pools, ids: this.ids, driverKinds: () => new Set(this.drivers.keys()) };
  }

  // ------------------------------------------------------------------ lifecycle and drivers

  registerDriver(kind: string, factory: DriverFactory): void {
    this.drivers.set(kind, factory);
    for (const [podId, dm] of [...this.dms]) {
      if (this.infra.pod(podId).vim_driver === kind) {
        dm.close();
        this.dms.delete(podId);
      }
    }
    this.podsOfDriverChanged(kind);
  }

  private podsOfDriverChanged(kind: string): void {
    if (this.feed.size === 0) return;
    for (const p of this.infra.pods()) if (p.vim_driver === kind) this.feed.emit({ kind: 'pod', id: p.id });
  }

  unregisterDriver(kind: string): void {
    this.drivers.delete(kind);
    for (const [podId, dm] of [...this.dms]) {
      const p = this.repo.db.prepare(`SELECT vim_driver FROM pods WHERE id = ?`).get(podId) as { vim_driver: string } | undefined;
      if (!p || p.vim_driver === kind) {
        dm.close();
        this.dms.delete(podId);
      }
    }
    this.podsOfDriverChanged(kind);
  }

  driverKinds(): string[] {
    return [...this.drivers.keys()];
  }

  /** Why a PoD's device manager cannot take work now, or null. */
  private podUnavailable(podId: string): string | null {
    const name = this.infra.pod(podId).name;
    if (!this.redundancy.masterAvailable(`nso-dm:${podId}`)) return `the NSO device manager of ${name} has no master that answers (failover in progress)`;
    if (!this.redundancy.masterAvailable(`esc:${podId}`)) return `the ESC of ${name} has no master that answers (failover in progress)`;
    return null;
  }

  dm(podId: string): DeviceManager {
    const hit = this.dms.get(podId);
    if (hit) return hit;
    const pod = this.infra.pod(podId);
    const factory = this.drivers.get(pod.vim_driver);
    if (!factory) throw new SouthboundError(`no "${pod.vim_driver}" VIM driver is loaded in this core (for the embedded lab, start without --no-lab)`, false);
    const ep: PodEndpoint = { id: pod.id, name: pod.name, endpoint: pod.vim_endpoint };
    const { vim, device } = factory(ep);
    const dm = new DeviceManager(ep, vim, device, () => this.podUnavailable(podId), (_pod, s: VimServer) => this.health.onVimStatus(s));
    this.dms.set(podId, dm);
    return dm;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.redundancy.start();
    const n = this.runner.recover();
    if (n) this.d.log.info('resuming operations left in progress', { operations: n });
    if (this.opts.reconcileMs > 0) {
      this.reconcileTimer = setInterval(() => void this.reconcile().catch((e: unknown) => this.d.log.warn('VIM reconcile failed', { error: e as Error })), this.opts.reconcileMs);
      this.reconcileTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.reconcileTimer = null;
    await this.runner.stop();
    this.redundancy.stop();
    this.batcher.stop();
    for (const dm of this.dms.values()) dm.close();
    this.dms.clear();
    this.started = false;
  }

  /** Ask every PoD's VIM for its servers; fix states whose status update was missed. */
  async reconcile(): Promise<void> {
    for (const pod of this.infra.pods()) {
      if (!this.drivers.has(pod.vim_driver) || this.podUnavailable(pod.id)) continue;
      const servers = await this.dm(pod.id).vim.listServers();
      const byName = new Map(servers.map((s) => [s.name, s]));
      const insts = this.repo.db.prepare(`SELECT * FROM vnf_instances WHERE pod_id = ? AND state IN ('ACTIVE', 'ERROR')`).all(pod.id) as InstanceRow[];
      for (const i of insts) {
        const s = byName.get(i.vm_name);
        if (!s) this.health.onVanished(i);
        else this.health.onVimStatus(s);
      }
    }
  }

  // ------------------------------------------------------------------ live updates

  /**
   * Changes as they happen, one thing at a time (the topics are batched for screens): for
   * other capabilities of this core that keep their own picture of the inventory. Read
   * what changed again through this service (`vnf`, `getService`, `podGet`…).
   */
  watch(listener: (c: OrchestratorChange) => void): () => void {
    return this.feed.listen(listener);
  }

  private queueService(id: string): void {
    const s = this.repo.findService(id);
    if (!s) return;
    this.feed.emit({ kind: 'service', id });
    this.batcher.queue('services.changed', s.tenant_id, id, () => this.summary(this.repo.service(id), new Names(this.infra), null));
  }

  private queueOp(id: string): void {
    const o = this.repo.findOp(id);
    if (!o) return;
    this.batcher.queue('operations.changed', o.tenant_id, id, () => this.repo.opSummary(this.repo.op(id)));
  }

  private queueVnf(id: string): void {
    const i = this.repo.db.prepare(`SELECT tenant_id, pod_id FROM vnf_instances WHERE id = ?`).get(id) as { tenant_id: string; pod_id: string } | undefined;
    if (!i) return;
    this.feed.emit({ kind: 'vnf', id });
    this.batcher.queue('vnfs.changed', i.tenant_id, id, () => {
      const row = this.repo.instance(id);
      return vnfViewOf(row, this.infra.server(row.server_id));
    });
    this.batcher.queue('pods.changed', null, i.pod_id, () => this.podView(this.infra.pod(i.pod_id), this.infra.usedByServer()));
  }

  // ------------------------------------------------------------------ tenants

  private tenantFor(actor: Actor, tenantId: string | undefined): { id: string; name: string } {
    let id: string;
    if (actor.role === 'customer') {
      if (!actor.tenantId || (tenantId && tenantId !== actor.tenantId)) throw new ApiError('NOT_FOUND', 'not found');
      id = actor.tenantId;
    } else {
      if (!tenantId) throw badInput([{ path: 'tenantId', message: 'say which tenant this is for' }]);
      id = tenantId;
    }
    const t = this.d.tenants.find(id);
    if (!t) throw actor.role === 'customer' ? new ApiError('NOT_FOUND', 'not found') : badInput([{ path: 'tenantId', message: `no tenant "${id}"` }]);
    if (t.disabled) throw conflict(`tenant ${t.name} is disabled: it cannot order or change services`);
    return { id: t.id, name: t.name };
  }

  private serviceFor(actor: Actor, id: string): ServiceRow {
    return visibleTo(actor, this.repo.findService(id), `service ${id}`);
  }

  private opFor(actor: Actor, id: string): OpRow {
    return visibleTo(actor, this.repo.findOp(id), `operation ${id}`);
  }

  private requireSm(): void {
    if (!this.redundancy.masterAvailable('nso-sm')) {
      throw new ApiError('UNAVAILABLE', 'the NSO service manager has no master that answers (failover in progress): try again in a few seconds');
    }
  }

  private tenantUse(tenantId: string, exceptService?: string): { services: number; sites: number; vcpu: number } {
    const rows = this.repo.db.prepare(`SELECT id, intent FROM services WHERE tenant_id = ? AND state != 'DELETED'`).all(tenantId) as { id: string; intent: string }[];
    const others = rows.filter((r) => r.id !== exceptService);
    const vcpu = this.repo.db
      .prepare(`SELECT coalesce(sum(vcpu), 0) AS v FROM vnf_instances WHERE tenant_id = ? AND state != 'DELETED' AND service_id != ?`)
      .get(tenantId, exceptService ?? '') as { v: number };
    return { services: others.length, sites: others.reduce((n, r) => n + parse<Intent>(r.intent).company.sites, 0), vcpu: vcpu.v };
  }

  private checkQuotas(tenantId: string, intent: Intent, exceptService?: string): { maxVcpu: number; usedVcpu: number } {
    const t = this.d.tenants.find(tenantId)!;
    const use = this.tenantUse(tenantId, exceptService);
    const q = t.quotas;
    const short = (message: string): never => {
      throw new ShortageError({ resource: 'quota', message, where: [] });
    };
    if (!exceptService && use.services + 1 > q.maxServices) short(`tenant ${t.name} has ${use.services} services: its quota is ${q.maxServices}`);
    if (use.sites + intent.company.sites > q.maxSites) short(`tenant ${t.name} would have ${use.sites + intent.company.sites} sites, over its quota of ${q.maxSites}`);
    return { maxVcpu: q.maxVcpu, usedVcpu: use.vcpu };
  }

  usage(tenantId: string): TenantUsage {
    const rows = this.repo.db.prepare(`SELECT intent FROM services WHERE tenant_id = ? AND state != 'DELETED'`).all(tenantId) as { intent: string }[];
    const r = this.repo.db
      .prepare(`SELECT coalesce(sum(vcpu), 0) AS v, coalesce(sum(ram_mb), 0) AS m, coalesce(sum(disk_gb), 0) AS g FROM vnf_instances WHERE tenant_id = ? AND state != 'DELETED'`)
      .get(tenantId) as { v: number; m: number; g: number };
    const intents = rows.map((x) => parse<Intent>(x.intent));
    return {
      services: rows.length,
      sites: intents.reduce((n, i) => n + i.company.sites, 0),
      vcpu: r.v,
      ramMb: r.m,
      diskGb: r.g,
      remoteUsers: intents.reduce((n, i) => n + i.company.remoteUsers, 0),
    };
  }

  tenantVni(tenantId: string): number | null {
    return this.pools.byOwner(`tenant:${tenantId}`).find((a) => a.purpose === 'vni')?.value ?? null;
  }

  onCreate(tenantId: string): void {
    this.pools.allocate('vni', `tenant:${tenantId}`, 'vni', { tenantId });
  }

  profile(tenantId: string): TenantProfile {
    const vnis = new Set<number>();
    const own = this.tenantVni(tenantId);
    if (own !== null) vnis.add(own);
    const svcVni = this.repo.db.prepare(`SELECT owner, value FROM pool_allocations WHERE tenant_id = ? AND pool = 'vni' AND owner LIKE 'service:%'`).all(tenantId) as { owner: string; value: number }[];
    const vniOf = new Map(svcVni.map((r) => [r.owner.slice('service:'.length), r.value]));
    for (const v of vniOf.values()) vnis.add(v);
    const names = new Names(this.infra);
    const insts = this.repo.db.prepare(`SELECT * FROM vnf_instances WHERE tenant_id = ? AND state != 'DELETED' ORDER BY service_id, path, position`).all(tenantId) as InstanceRow[];
    return {
      tenantId,
      vnis: [...vnis].sort((a, b) => a - b),
      entries: insts.map((i) => {
        const ports = parse<PortRecord[]>(i.interfaces);
        const pod = names.pod(i.pod_id);
        const srv = names.server(i.server_id);
        return {
          serviceId: i.service_id,
          vmGroupId: `${i.service_id}/${i.path}`,
          role: i.role,
          path: i.path,
          vim: { id: pod?.vim_endpoint ?? i.pod_id, name: `VIM of ${pod?.name ?? i.pod_id}` },
          server: { id: i.server_id, name: srv?.name ?? i.server_id, nodeId: srv?.node_id ?? null },
          vni: vniOf.get(i.service_id) ?? null,
          vlans: [...new Set(ports.filter((p) => p.segment.type === 'vlan' && p.segment.id !== null).map((p) => p.segment.id!))],
          vm: { id: i.id, name: i.vm_name, nodeId: i.node_id, state: i.state, interfaces: ports.map((p) => ({ name: p.name, mac: p.mac, ip: p.ip })) },
        };
      }),
    };
  }

  // ------------------------------------------------------------------ views

  private actionsFor(s: ServiceRow, op: OpRow | undefined, actor: Actor | null): ServiceSummary['actions'] {
    if (!actor || s.state === 'DELETED') return [];
    const staff = isStaff(actor);
    const out: (typeof SERVICE_ACTIONS)[number][] = [];
    if (op && s.current_op === op.id) {
      if (op.state === 'PROCESSING' && op.phase === 'forward' && this.runner.canRollback(op)) out.push('cancel');
      if (op.state === 'FAILED') {
        if (staff) {
          out.push('retry');
          if (op.phase === 'rollback' || this.runner.canRollback(op)) out.push('rollback');
        } else if (op.type === 'CREATE') out.push('delete');
      }
      return out;
    }
    out.push('update', 'delete');
    if (staff && this.repo.instances(s.id).some((i) => i.state === 'ERROR')) out.push('repair');
    return out;
  }

  summary(s: ServiceRow, names: Names, actor: Actor | null): ServiceSummary {
    const insts = this.repo.instances(s.id);
    const intent = parse<Intent>(s.intent);
    const quote = parse<{ monthly: { total: number }; currency: string }>(s.quote);
    const op = this.repo.findOp(s.current_op ?? s.last_op);
    const pods: ServiceSummary['pods'] = [];
    for (const p of ['primary', 'secondary'] as PathName[]) {
      const podIds = [...new Set(insts.filter((i) => i.path === p && i.removed_by_op === null).map((i) => i.pod_id))];
      for (const podId of podIds) pods.push(names.podRef(p, podId));
    }
    return {
      id: s.id,
      tenantId: s.tenant_id,
      tenantName: this.d.tenants.find(s.tenant_id)?.name ?? s.tenant_id,
      name: s.name,
      packageId: s.package_id,
      packageName: this.d.catalog.version(s.catalog_version).doc.packages.find((p) => p.id === s.package_id)?.name ?? s.package_id,
      ips: s.ips === 1,
      state: s.state,
      health: s.health,
      redundant: s.redundant === 1,
      activePath: s.active_path,
      pods,
      sites: intent.company.sites,
      vcpu: insts.filter((i) => i.removed_by_op === null).reduce((n, i) => n + i.vcpu, 0),
      monthly: quote.monthly.total,
      currency: quote.currency,
      operation: op ? this.repo.opSummary(op) : null,
      actions: this.actionsFor(s, op, actor),
      createdAt: s.created_at,
      updatedAt: s.updated_at,
    };
  }

  serviceView(s: ServiceRow, actor: Actor | null): ServiceView {
    const names = new Names(this.infra);
    const sum = this.summary(s, names, actor);
    const insts = this.repo.instances(s.id);
    const intent = parse<Intent>(s.intent);
    const doc = this.d.catalog.version(s.catalog_version).doc;
    const ps = pathState(insts, s.redundant === 1);
    const chains: ServiceView['chains'] = [];
    for (const i of insts) {
      let c = chains.find((x) => x.path === i.path && x.serverId === i.server_id);
      if (!c) {
        const ref = names.podRef(i.path, i.pod_id);
        c = {
          path: i.path,
          podId: i.pod_id,
          podName: ref.podName,
          dcName: ref.dcName,
          serverId: i.server_id,
          serverName: names.server(i.server_id)?.name ?? i.server_id,
          preference: ROUTE_COST[i.path],
          up: i.path === 'primary' ? ps.primaryUp : ps.secondaryUp,
          vnfs: [],
        };
        chains.push(c);
      }
      c.vnfs.push(vnfViewOf(i, names.server(i.server_id)));
    }
    const allocs = this.pools.byOwner(`service:${s.id}`);
    const routerIp = (p: PathName) => parse<PortRecord[]>(insts.find((i) => i.path === p && i.role === 'router' && i.removed_by_op === null)?.interfaces ?? '[]').find((x) => x.network === 'outside')?.ip ?? null;
    const paths: PathName[] = s.redundant ? ['primary', 'secondary'] : ['primary'];
    const domain = domainOf(s.tenant_id);
    const siteList = (intent.sites ?? []).map((site, idx) => {
      const lan = allocs.find((a) => a.purpose === `site:${idx}:lan` && a.releaseOp === null);
      return {
        index: idx,
        name: site.name,
        users: site.users ?? intent.company.usersPerSite,
        cpeModelId: site.cpeModelId,
        cpeModelName: doc.cpeModels.find((m) => m.id === site.cpeModelId)?.name ?? site.cpeModelId,
        address: site.address,
        lan: lan ? display(this.pools.get(lan.pool), lan.value) : null,
        identity: `site-${idx + 1}.${domain}`,
        tunnels: paths.map((p) => ({
          path: p,
          peerIp: routerIp(p),
          metric: ROUTE_COST[p],
          up: p === 'primary' ? ps.primaryUp : ps.secondaryUp,
          active: s.active_path === p,
        })),
      };
    });
    const events = this.repo.db.prepare(`SELECT at, kind, message FROM service_events WHERE service_id = ? ORDER BY id DESC LIMIT 50`).all(s.id) as ServiceView['events'];
    return {
      ...sum,
      catalogVersion: s.catalog_version,
      intent,
      quote: parse(s.quote),
      chains,
      siteList,
      allocations: allocs.map((a) => ({ pool: a.pool, display: display(this.pools.get(a.pool), a.value), purpose: a.purpose, pending: a.pendingOp !== null || a.releaseOp !== null })),
      events,
      deletedAt: s.deleted_at,
    };
  }

  private opActions(op: OpRow, actor: Actor): OperationView['actions'] {
    const out: OperationView['actions'] = [];
    if (op.state === 'PROCESSING' && op.phase === 'forward' && this.runner.canRollback(op)) out.push('cancel');
    if (op.state === 'FAILED' && isStaff(actor)) {
      out.push('retry');
      if (op.phase === 'rollback' || this.runner.canRollback(op)) out.push('rollback');
    }
    return out;
  }

  // ------------------------------------------------------------------ the service interface

  /** Dry run: what an order (or an update) would do; nothing is kept. */
  plan(actor: Actor, input: { tenantId?: string | undefined; serviceId?: string | undefined; intent: Intent }): PlanView {
    let existing: ServiceRow | null = null;
    let tenant: { id: string; name: string };
    if (input.serviceId) {
      existing = this.serviceFor(actor, input.serviceId);
      tenant = this.tenantFor(actor, actor.role === 'customer' ? undefined : (input.tenantId ?? existing.tenant_id));
      if (tenant.id !== existing.tenant_id) throw notFound(`service ${input.serviceId}`);
      this.assertUpdatable(existing);
    } else {
      tenant = this.tenantFor(actor, input.tenantId);
    }
    const cat = this.d.catalog.current();
    const { issues, resolved } = resolveIntent(cat.doc, input.intent, { requireSites: false, allowUnorderable: existing?.package_id });
    if (issues.length || !resolved) throw badInput(issues);
    class DryRun extends Error {
      constructor(readonly view: PlanView) {
        super('dry run');
      }
    }
    try {
      this.repo.db.transaction(() => {
        const quota = this.checkQuotas(tenant.id, input.intent, existing?.id);
        const view = build(this.planDeps, {
          mode: existing ? 'update' : 'create',
          tenant,
          intent: input.intent,
          resolved,
          doc: cat.doc,
          catalogVersion: cat.info.version,
          serviceId: existing?.id ?? newId('svc'),
          opId: newId('op'),
          createdBy: actor.username,
          autoRollback: false,
          requestId: null,
          existing,
          quota,
        });
        throw new DryRun(view);
      })();
    } catch (e) {
      this.pools.resetHints();
      if (e instanceof DryRun) return e.view;
      const shortage = (e as ApiError).details?.['shortage'] as Shortage | undefined;
      if (e instanceof ApiError && e.code === 'RESOURCE_EXHAUSTED' && shortage) {
        const quote = priceOf(cat.doc, cat.info.version, resolved);
        const k = resolved.redundant ? 2 : 1;
        return {
          serviceId: existing?.id ?? null,
          tenantId: tenant.id,
          complete: resolved.sites !== null,
          quote,
          placement: { ok: false, shortage },
          chains: [],
          allocations: [],
          totals: { vcpu: resolved.need.vcpu * k, ramMb: resolved.need.ramMb * k, diskGb: resolved.need.diskGb * k },
          diff: { summary: [`cannot be placed: ${shortage.message}`], configs: [], monthly: { before: existing ? parse<{ monthly: { total: number } }>(existing.quote).monthly.total : null, after: quote.monthly.total } },
          warnings: resolved.warnings,
        };
      }
      throw e;
    }
    throw new Error('unreachable');
  }

  private assertUpdatable(s: ServiceRow): void {
    if (s.state === 'DELETED') throw conflict(`service ${s.name} is deleted`);
    const op = this.repo.findOp(s.current_op);
    if (op) throw conflict(`operation ${op.id} (${op.type}) on ${s.name} is ${op.state}${op.state === 'FAILED' ? ': it must be retried or rolled back first' : ': wait for it to finish'}`, { operationId: op.id });
  }

  private async finish(opId: string, wait: boolean, serviceId: string, actor: Actor): Promise<{ service: ServiceView; operation: OpSummary }> {
    if (wait) await this.runner.waitFor(opId, this.opts.waitMs);
    return { service: this.serviceView(this.repo.service(serviceId), actor), operation: this.repo.opSummary(this.repo.op(opId)) };
  }

  async order(actor: Actor, input: { tenantId?: string | undefined; intent: Intent; requestId?: string | undefined; autoRollback: boolean; wait: boolean }): Promise<{ service: ServiceView; operation: OpSummary }> {
    const tenant = this.tenantFor(actor, input.tenantId);
    if (input.requestId) {
      const prior = this.repo.serviceByRequest(tenant.id, input.requestId);
      if (prior) return this.finish(prior.last_op!, input.wait, prior.id, actor);
    }
    this.requireSm();
    const cat = this.d.catalog.current();
    const { issues, resolved } = resolveIntent(cat.doc, input.intent, { requireSites: true });
    if (issues.length || !resolved) throw badInput(issues);
    const serviceId = newId('svc');
    const opId = newId('op');
    try {
      this.repo.db.transaction(() => {
        const quota = this.checkQuotas(tenant.id, input.intent);
        build(this.planDeps, {
          mode: 'create',
          tenant,
          intent: input.intent,
          resolved,
          doc: cat.doc,
          catalogVersion: cat.info.version,
          serviceId,
          opId,
          createdBy: actor.username,
          autoRollback: input.autoRollback,
          requestId: input.requestId ?? null,
          existing: null,
          quota,
        });
      })();
    } catch (e) {
      this.pools.resetHints();
      throw e;
    }
    this.afterCommit(serviceId, opId);
    return this.finish(opId, input.wait, serviceId, actor);
  }

  private afterCommit(serviceId: string, opId: string): void {
    for (const i of this.repo.instances(serviceId)) this.queueVnf(i.id);
    this.queueService(serviceId);
    this.queueOp(opId);
    this.runner.enqueue(opId);
  }

  async update(actor: Actor, input: { id: string; intent: Intent; autoRollback: boolean; wait: boolean }): Promise<{ service: ServiceView; operation: OpSummary }> {
    const s = this.serviceFor(actor, input.id);
    const tenant = this.tenantFor(actor, s.tenant_id);
    this.assertUpdatable(s);
    this.requireSm();
    const cat = this.d.catalog.current();
    const { issues, resolved } = resolveIntent(cat.doc, input.intent, { requireSites: true, allowUnorderable: s.package_id });
    if (issues.length || !resolved) throw badInput(issues);
    const opId = newId('op');
    try {
      this.repo.db.transaction(() => {
        const quota = this.checkQuotas(tenant.id, input.intent, s.id);
        const view = build(this.planDeps, {
          mode: 'update',
          tenant,
          intent: input.intent,
          resolved,
          doc: cat.doc,
          catalogVersion: cat.info.version,
          serviceId: s.id,
          opId,
          createdBy: actor.username,
          autoRollback: input.autoRollback,
          requestId: null,
          existing: s,
          quota,
        });
        const sameIntent = JSON.stringify(input.intent) === s.intent;
        if (sameIntent && view.diff.summary.length === 0) throw conflict('nothing to change: the service already is what this intent asks for');
      })();
    } catch (e) {
      this.pools.resetHints();
      throw e;
    }
    this.afterCommit(s.id, opId);
    return this.finish(opId, input.wait, s.id, actor);
  }

  private newOp(s: ServiceRow, type: 'DELETE' | 'REPAIR', by: string, steps: { stage: number; kind: string; name: string; target: string; podId: string }[], state: ServiceState | null): string {
    const opId = newId('op');
    const t = this.repo.iso();
    this.repo.db
      .prepare(
        `INSERT INTO operations (id, service_id, tenant_id, type, state, phase, cancel_requested, auto_rollback, before, created_by, seq, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'PROCESSING', 'forward', 0, 0, NULL, ?, ?, ?, ?)`,
      )
      .run(opId, s.id, s.tenant_id, type, by, this.repo.nextSeq('operations'), t, t);
    const ins = this.repo.db.prepare(`INSERT INTO op_steps (op_id, seq, stage, phase, kind, name, target, pod_id, state) VALUES (?, ?, ?, 'forward', ?, ?, ?, ?, 'PENDING')`);
    steps.sort((a, b) => a.stage - b.stage).forEach((st, k) => ins.run(opId, k + 1, st.stage, st.kind, st.name, st.target, st.podId));
    this.repo.db.prepare(`UPDATE services SET ${state ? 'state = ?, ' : ''}current_op = ?, last_op = ?, updated_at = ? WHERE id = ?`).run(...(state ? [state] : []), opId, opId, t, s.id);
    this.repo.journal(opId, type === 'DELETE' ? 'deletion ordered' : 'repair ordered', `by ${by}; ${steps.length} steps`);
    return opId;
  }

  async remove(actor: Actor, input: { id: string; wait: boolean }): Promise<{ service: ServiceView; operation: OpSummary }> {
    const s = this.serviceFor(actor, input.id);
    if (s.state === 'DELETED') throw conflict(`service ${s.name} is already deleted`);
    const cur = this.repo.findOp(s.current_op);
    if (cur?.state === 'FAILED' && cur.type === 'CREATE') {
      // Deleting an order that failed: its rollback removes everything it holds.
      this.runner.rollback(cur.id, actor.username);
      return this.finish(cur.id, input.wait, s.id, actor);
    }
    this.assertUpdatable(s);
    this.requireSm();
    let opId = '';
    this.repo.db.transaction(() => {
      const insts = this.repo.instances(s.id);
      opId = this.newOp(
        s,
        'DELETE',
        actor.username,
        insts.map((i) => ({ stage: 1, kind: 'vim.delete', name: `Remove ${i.hostname}`, target: i.id, podId: i.pod_id })),
        'DELETING',
      );
    })();
    this.afterCommit(s.id, opId);
    return this.finish(opId, input.wait, s.id, actor);
  }

  async repair(actor: Actor, input: { id: string; wait: boolean }): Promise<{ service: ServiceView; operation: OpSummary }> {
    const s = this.repo.service(input.id);
    this.assertUpdatable(s);
    this.requireSm();
    const broken = this.repo.instances(s.id).filter((i) => i.state === 'ERROR');
    if (broken.length === 0) throw conflict(`no VNF of ${s.name} is in ERROR`);
    let opId = '';
    this.repo.db.transaction(() => {
      const steps = broken.flatMap((i) => recreateSteps(i, `Remove the failed ${i.hostname}`));
      opId = this.newOp(s, 'REPAIR', actor.username, steps, null);
    })();
    this.afterCommit(s.id, opId);
    return this.finish(opId, input.wait, s.id, actor);
  }

  /**
   * Restart one VNF by re-creating its VM (ESC's "redeploy"): remove it, boot it again from
   * its image on the same server and push its day-1 configuration — a REPAIR operation of
   * that VNF alone. While a vRouter is down its service runs on the other path, if any.
   */
  async redeployVnf(actor: Actor, input: { id: string; wait: boolean }): Promise<{ service: ServiceView; operation: OpSummary }> {
    const inst = this.repo.instance(input.id);
    if (inst.state !== 'ACTIVE' && inst.state !== 'ERROR') throw conflict(`${inst.hostname} is ${inst.state}: only a VNF that is ACTIVE or in ERROR can be restarted`);
    const s = this.repo.service(inst.service_id);
    this.assertUpdatable(s);
    this.requireSm();
    let opId = '';
    this.repo.db.transaction(() => {
      opId = this.newOp(s, 'REPAIR', actor.username, recreateSteps(inst, `Remove ${inst.hostname} to restart it`), null);
      this.repo.journal(opId, 'restart', `${inst.hostname} (${inst.state}) is re-created from ${inst.image}`);
    })();
    this.afterCommit(s.id, opId);
    return this.finish(opId, input.wait, s.id, actor);
  }

  /** One VNF as it is now, in any state (DELETED too); null when there is none. */
  vnf(id: string): VnfView | null {
    const i = this.repo.db.prepare(`SELECT * FROM vnf_instances WHERE id = ?`).get(id) as InstanceRow | undefined;
    if (!i) return null;
    return vnfViewOf(i, this.repo.db.prepare(`SELECT * FROM servers WHERE id = ?`).get(i.server_id) as ServerRow | undefined);
  }

  /** Every VNF that holds resources (all but DELETED), by service, path and position; optionally one tenant's or one PoD's. */
  vnfsList(q: { tenantId?: string | undefined; podId?: string | undefined } = {}): VnfView[] {
    const where = [`state != 'DELETED'`];
    const args: string[] = [];
    if (q.tenantId) {
      where.push('tenant_id = ?');
      args.push(q.tenantId);
    }
    if (q.podId) {
      where.push('pod_id = ?');
      args.push(q.podId);
    }
    const rows = this.repo.db.prepare(`SELECT * FROM vnf_instances WHERE ${where.join(' AND ')} ORDER BY service_id, path, position, created_at`).all(...args) as InstanceRow[];
    const servers = new Map(this.infra.servers().map((x) => [x.id, x]));
    return rows.map((i) => vnfViewOf(i, servers.get(i.server_id)));
  }

  getService(actor: Actor, id: string): ServiceView {
    return this.serviceView(this.serviceFor(actor, id), actor);
  }

  listServices(actor: Actor, q: Parameters<Repo['listServices']>[0]): { services: ServiceSummary[]; total: number } {
    const tenantId = actor.role === 'customer' ? (actor.tenantId ?? '\u0000') : q.tenantId;
    if (actor.role === 'customer' && q.tenantId && q.tenantId !== actor.tenantId) return { services: [], total: 0 };
    const { rows, total } = this.repo.listServices({ ...q, tenantId });
    const names = new Names(this.infra);
    return { services: rows.map((r) => this.summary(r, names, actor)), total };
  }

  /** A service's VNF configurations (masked) alone: what a console or a node's details show, without rendering the CPEs' or diffing an open update's. */
  vnfConfigs(id: string): VnfConfig[] {
    return this.liveInstances(this.repo.service(id)).map(vnfConfigOf);
  }

  private liveInstances(s: ServiceRow): InstanceRow[] {
    return this.repo.instances(s.id).filter((i) => i.removed_by_op === null);
  }

  configs(id: string): {
    vnfs: VnfConfig[];
    cpes: { site: number; name: string; config: string }[];
    pending: PendingConfigs | null;
  } {
    const s = this.repo.service(id);
    const insts = this.liveInstances(s);
    const intent = parse<Intent>(s.intent);
    const doc = this.d.catalog.version(s.catalog_version).doc;
    const allocs = this.pools.byOwner(`service:${s.id}`);
    const domain = domainOf(s.tenant_id);
    const net: ServiceNet = {
      serviceId: s.id,
      tenantId: s.tenant_id,
      tenantName: this.d.tenants.find(s.tenant_id)?.name ?? s.tenant_id,
      tenantSlug: s.tenant_id,
      packageName: s.package_id,
      psk: s.psk,
      vni: 0,
      asn: 0,
      bandwidthMbps: intent.company.bandwidthMbps,
      remoteUsers: intent.company.remoteUsers,
      urlFiltering: null,
      ips: s.ips === 1,
      redundant: s.redundant === 1,
      sites: (intent.sites ?? []).map((site, i) => {
        const a = allocs.find((x) => x.purpose === `site:${i}:lan`);
        const lan = a ? block(this.pools.get(a.pool).base!, this.pools.get(a.pool).blockLen!, a.value) : block('0.0.0.0', 256, 0);
        return {
          number: i + 1,
          siteId: `site-${i + 1}`,
          name: site.name,
          fqdn: `site-${i + 1}.${domain}`,
          users: site.users ?? intent.company.usersPerSite,
          lanNetwork: lan.network,
          lanMask: lan.mask,
          lanPrefixLen: lan.prefixLen,
          lanGateway: lan.host(1),
          cpeModel: doc.cpeModels.find((m) => m.id === site.cpeModelId)?.name ?? site.cpeModelId,
        };
      }),
      ravpn: null,
      interlink: null,
    };
    const peers = (s.redundant ? (['primary', 'secondary'] as const) : (['primary'] as const)).map((p) => ({
      path: p,
      peerIp: parse<PortRecord[]>(insts.find((i) => i.path === p && i.role === 'router')?.interfaces ?? '[]').find((x) => x.network === 'outside')?.ip ?? '0.0.0.0',
    }));
    return {
      vnfs: insts.map(vnfConfigOf),
      cpes: renderCpe(doc, net, peers, true),
      pending: this.pendingConfigs(s),
    };
  }

  /** While an UPDATE is open: the configurations it adds, removes and changes (masked). */
  private pendingConfigs(s: ServiceRow): PendingConfigs | null {
    const op = this.repo.findOp(s.current_op);
    if (!op || op.type !== 'UPDATE' || (op.state !== 'PROCESSING' && op.state !== 'FAILED')) return null;
    const before = op.before ? parse<OpBefore>(op.before) : null;
    const all = (text: string, sign: '+' | '-') => text.split('\n').map((t) => ({ op: sign, text: t }));
    const vnfs: PendingConfigs['vnfs'] = [];
    for (const i of this.repo.instances(s.id)) {
      const base = { vnfId: i.id, role: i.role, path: i.path, hostname: i.hostname };
      if (i.removed_by_op === op.id) vnfs.push({ ...base, change: 'remove', lines: all(i.config_masked, '-') });
      else if (i.added_by_op === op.id) vnfs.push({ ...base, change: 'add', lines: all(i.config_masked, '+') });
      else {
        const was = before?.configs[i.id];
        if (was && was.masked !== i.config_masked) vnfs.push({ ...base, change: 'reconfigure', lines: lineDiff(was.masked, i.config_masked) });
      }
    }
    return { operationId: op.id, state: op.state, vnfs };
  }

  // ------------------------------------------------------------------ operations

  getOp(actor: Actor, id: string): OperationView {
    const op = this.opFor(actor, id);
    return this.repo.opView(op, this.opActions(op, actor));
  }

  listOps(actor: Actor, q: Parameters<Repo['listOps']>[0]): { operations: OpSummary[]; total: number } {
    if (actor.role === 'customer' && q.tenantId && q.tenantId !== actor.tenantId) return { operations: [], total: 0 };
    const tenantId = actor.role === 'customer' ? (actor.tenantId ?? '\u0000') : q.tenantId;
    const { rows, total } = this.repo.listOps({ ...q, tenantId });
    return { operations: rows.map((r) => this.repo.opSummary(r)), total };
  }

  private async opAction(actor: Actor, id: string, wait: boolean, act: (id: string, by: string) => OpRow): Promise<{ operation: OpSummary }> {
    this.opFor(actor, id);
    act(id, actor.username);
    if (wait) await this.runner.waitFor(id, this.opts.waitMs);
    return { operation: this.repo.opSummary(this.repo.op(id)) };
  }

  retryOp(actor: Actor, id: string, wait: boolean) {
    return this.opAction(actor, id, wait, (x, by) => this.runner.retry(x, by));
  }

  rollbackOp(actor: Actor, id: string, wait: boolean) {
    return this.opAction(actor, id, wait, (x, by) => this.runner.rollback(x, by));
  }

  cancelOp(actor: Actor, id: string, wait: boolean) {
    return this.opAction(actor, id, wait, (x, by) => this.runner.cancel(x, by));
  }

  // ------------------------------------------------------------------ infrastructure

  podView(p: PodRow, used: Map<string, Used>): PodView {
    const servers = this.infra.servers(p.id);
    const prod = servers.filter((s) => s.role === 'production');
    const sum = (f: (s: ServerRow) => number) => prod.reduce((n, s) => n + f(s), 0);
    const u = (s: ServerRow) => used.get(s.id) ?? { vcpu: 0, ramMb: 0, diskGb: 0, vnfs: 0 };
    const dc = this.infra.dc(p.dc_id);
    const svc = this.repo.db.prepare(`SELECT count(DISTINCT service_id) AS n FROM vnf_instances WHERE pod_id = ? AND state != 'DELETED'`).get(p.id) as { n: number };
    const hasPair = (pair: string) => this.repo.db.prepare(`SELECT 1 FROM platform_nodes WHERE pair = ?`).get(pair) !== undefined;
    return {
      id: p.id,
      name: p.name,
      dcId: p.dc_id,
      dcName: dc.name,
      model: p.model,
      state: p.state,
      nodeId: p.node_id,
      vim: { driver: p.vim_driver, endpoint: p.vim_endpoint, available: this.drivers.has(p.vim_driver) },
      servers: { production: prod.length, control: servers.filter((s) => s.role === 'control').length, storage: servers.filter((s) => s.role === 'storage').length },
      vcpu: usage3(sum((s) => s.vcpu), sum((s) => s.reserved_vcpu), sum((s) => u(s).vcpu)),
      ramMb: usage3(sum((s) => s.ram_mb), sum((s) => s.reserved_ram_mb), sum((s) => u(s).ramMb)),
      diskGb: usage3(sum((s) => s.disk_gb), 0, sum((s) => u(s).diskGb)),
      services: svc.n,
      vnfs: sum((s) => u(s).vnfs),
      esc: hasPair(`esc:${p.id}`) ? this.redundancy.pair(`esc:${p.id}`) : null,
      dm: hasPair(`nso-dm:${p.id}`) ? this.redundancy.pair(`nso-dm:${p.id}`) : null,
    };
  }

  private serverView(s: ServerRow, used: Map<string, Used>): ServerView {
    const u = used.get(s.id) ?? { vcpu: 0, ramMb: 0, diskGb: 0, vnfs: 0 };
    const vnfs = this.repo.db.prepare(`SELECT id, service_id, tenant_id, role, state FROM vnf_instances WHERE server_id = ? AND state != 'DELETED' ORDER BY created_at`).all(s.id) as {
      id: string;
      service_id: string;
      tenant_id: string;
      role: string;
      state: VnfView['state'];
    }[];
    return {
      id: s.id,
      podId: s.pod_id,
      name: s.name,
      role: s.role,
      state: s.state,
      nodeId: s.node_id,
      cpuModel: s.cpu_model,
      ghz: s.ghz,
      vcpu: usage3(s.vcpu, s.reserved_vcpu, u.vcpu),
      ramMb: usage3(s.ram_mb, s.reserved_ram_mb, u.ramMb),
      diskGb: usage3(s.disk_gb, 0, u.diskGb),
      vnfs: vnfs.map((v) => ({ id: v.id, serviceId: v.service_id, tenantId: v.tenant_id, role: v.role, state: v.state })),
    };
  }

  podsList() {
    const used = this.infra.usedByServer();
    const pods = this.infra.pods();
    return {
      dataCentres: this.infra.dcs().map((d) => ({ id: d.id, name: d.name, location: d.location, pods: pods.filter((p) => p.dc_id === d.id).length })),
      pods: pods.map((p) => this.podView(p, used)),
    };
  }

  podGet(id: string) {
    const used = this.infra.usedByServer();
    const p = this.infra.pod(id);
    return { pod: this.podView(p, used), servers: this.infra.servers(id).map((s) => this.serverView(s, used)) };
  }

  podsCapacity(podId?: string) {
    const used = this.infra.usedByServer();
    const types = this.d.catalog.current().serviceTypes;
    const snap = snapshot(this.planDeps);
    const pods = podId ? [this.infra.pod(podId)] : this.infra.pods();
    return {
      pods: pods.map((p) => {
        const v = this.podView(p, used);
        const prod = this.infra.servers(p.id).filter((s) => s.role === 'production');
        return {
          podId: p.id,
          podName: p.name,
          dcName: v.dcName,
          model: p.model,
          vcpu: v.vcpu,
          ramMb: v.ramMb,
          diskGb: v.diskGb,
          servers: prod.map((s) => {
            const sv = this.serverView(s, used);
            return { serverId: s.id, name: s.name, state: s.state, vcpu: sv.vcpu, ramMb: sv.ramMb, diskGb: sv.diskGb, vnfs: sv.vnfs.length };
          }),
          fits: moreOfEach(snap.filter((s) => s.podId === p.id), types),
        };
      }),
    };
  }

  createDc(name: string, location: string) {
    const d = this.infra.createDc(name, location);
    this.feed.emit({ kind: 'dataCentre', id: d.id });
    return { id: d.id, name: d.name, location: d.location, pods: 0 };
  }

  createPod(dcId: string, name: string, model: string, vimDriver: string): PodView {
    const p = this.infra.createPod(dcId, name, model, vimDriver);
    this.redundancy.forget();
    const view = this.podView(p, this.infra.usedByServer());
    this.feed.emit({ kind: 'pod', id: p.id });
    this.batcher.queue('pods.changed', null, p.id, () => this.podView(this.infra.pod(p.id), this.infra.usedByServer()));
    return view;
  }

  updatePod(id: string, patch: { name?: string | undefined; state?: 'active' | 'maintenance' | undefined }): PodView {
    const p = this.infra.updatePod(id, patch);
    this.feed.emit({ kind: 'pod', id: p.id });
    this.batcher.queue('pods.changed', null, p.id, () => this.podView(this.infra.pod(p.id), this.infra.usedByServer()));
    return this.podView(p, this.infra.usedByServer());
  }

  updateServer(id: string, state: 'active' | 'maintenance'): ServerView {
    const s = this.infra.updateServer(id, state);
    this.feed.emit({ kind: 'server', id: s.id, podId: s.pod_id });
    return this.serverView(s, this.infra.usedByServer());
  }

  models(): PodModel[] {
    return this.infra.models();
  }

  updateModel(m: PodModel): PodModel {
    return this.infra.updateModel(m);
  }

  calculator() {
    return calculator(this.infra.models(), this.d.catalog.current().serviceTypes);
  }

  whatIf(mixIn: { serviceType: string; share: number }[]) {
    const types = this.d.catalog.current().serviceTypes;
    const issues: { path: string; message: string }[] = [];
    const mix: MixEntry[] = [];
    mixIn.forEach((m, i) => {
      const t = types.find((x) => x.id === m.serviceType);
      if (!t) issues.push({ path: `mix.${i}.serviceType`, message: `unknown service type "${m.serviceType}" (there are: ${types.map((x) => x.id).join(', ')})` });
      else mix.push({ type: t, share: m.share });
    });
    if (issues.length) throw badInput(issues);
    if (!mix.some((m) => m.share > 0)) throw badInput([{ path: 'mix', message: 'at least one share must be above zero' }]);
    const snap = snapshot(this.planDeps);
    const live = this.infra.pods().map((p) => {
      const r = simulateMix(snap.filter((s) => s.podId === p.id), mix);
      return { podId: p.id, podName: p.name, more: r.total, byType: r.byType, bound: r.bound };
    });
    return {
      mix: mix.map((m) => ({ serviceType: m.type.id, name: m.type.name, share: m.share })),
      models: this.infra.models().map((m) => {
        const r = simulateMix(modelServers(m), mix);
        return { podModel: m.id, services: r.total, byType: r.byType, bound: r.bound };
      }),
      live,
      liveTotal: live.reduce((n, l) => n + l.more, 0),
    };
  }

  redundancyStatus() {
    const rows = this.repo.db.prepare(`SELECT * FROM services WHERE redundant = 1 AND state != 'DELETED' ORDER BY seq`).all() as ServiceRow[];
    return {
      keepaliveMs: this.opts.keepaliveMs,
      deadAfterMs: this.redundancy.deadAfterMs,
      pairs: this.redundancy.pairs() as PairView[],
      servicePaths: rows.map((s) => {
        const ps = pathState(this.repo.instances(s.id), true);
        return { serviceId: s.id, tenantId: s.tenant_id, name: s.name, activePath: s.active_path, primaryUp: ps.primaryUp, secondaryUp: ps.secondaryUp };
      }),
    };
  }

  nodes(kind: 'server' | 'vnf' | 'enforcer' | 'platform' | undefined, includeRetired: boolean) {
    const funcs = this.ids.allFunctions();
    const servers = new Map(this.infra.servers().map((s) => [s.id, s]));
    const GB = 1024 ** 3;
    const MB = 1024 ** 2;
    return {
      nodes: this.ids.nodes(kind, includeRetired).map((n) => {
        let info = { processingGhz: null as number | null, memoryBytes: null as number | null, storageBytes: null as number | null, bootTime: null as string | null };
        let status: 'Starting' | 'Running' | 'Terminating' | 'Unknown' = n.retired_at ? 'Terminating' : 'Running';
        let req: { mem: number | null; disk: number | null } = { mem: null, disk: null };
        if (n.kind === 'server') {
          const s = servers.get(n.subject_id);
          if (s) info = { processingGhz: Math.round(s.ghz * s.vcpu * 10) / 10, memoryBytes: s.ram_mb * MB, storageBytes: s.disk_gb * GB, bootTime: n.created_at };
        } else if (n.kind === 'vnf') {
          const i = this.repo.db.prepare(`SELECT * FROM vnf_instances WHERE id = ?`).get(n.subject_id) as InstanceRow | undefined;
          if (i) {
            const s = servers.get(i.server_id);
            info = { processingGhz: s ? Math.round(s.ghz * i.vcpu * 10) / 10 : null, memoryBytes: i.ram_mb * MB, storageBytes: i.disk_gb * GB, bootTime: i.created_at };
            status = i.state === 'ACTIVE' ? 'Running' : i.state === 'PLANNED' || i.state === 'BUILD' ? 'Starting' : i.state === 'ERROR' ? 'Unknown' : 'Terminating';
            const fs = funcs.get(n.id)?.length ?? 1;
            req = { mem: Math.round((i.ram_mb * MB) / fs), disk: Math.round((i.disk_gb * GB) / fs) };
          }
        }
        return {
          nodeId: n.id,
          kind: n.kind,
          subjectId: n.subject_id,
          name: n.name,
          retired: n.retired_at !== null,
          info,
          functions: (funcs.get(n.id) ?? [])
            .filter((f) => includeRetired || !f.retired_at)
            .map((f) => ({ functionId: f.id, name: f.name, status: f.retired_at ? ('Terminating' as const) : status, requiredMemoryBytes: req.mem, requiredStorageBytes: req.disk })),
        };
      }),
    };
  }

  check(): CheckResult {
    return checkInvariants(this.repo.db, { tenantExists: (id) => this.d.tenants.exists(id) });
  }

  /** For the lab's reset: everything the orchestrator keeps, except tenants' own VNIs and the service manager. */
  wipe(): void {
    const db = this.repo.db;
    db.transaction(() => {
      db.prepare(`UPDATE node_ids SET retired_at = ? WHERE kind = 'vnf' AND retired_at IS NULL`).run(this.repo.iso());
      db.prepare(`UPDATE function_ids SET retired_at = ? WHERE retired_at IS NULL AND node_id IN (SELECT id FROM node_ids WHERE retired_at IS NOT NULL)`).run(this.repo.iso());
      db.prepare(`DELETE FROM op_journal`).run();
      db.prepare(`DELETE FROM op_steps`).run();
      db.prepare(`DELETE FROM pool_allocations WHERE owner NOT LIKE 'tenant:%'`).run();
      db.prepare(`DELETE FROM service_events`).run();
      db.prepare(`DELETE FROM vnf_instances`).run();
      db.prepare(`UPDATE services SET current_op = NULL, last_op = NULL`).run();
      db.prepare(`DELETE FROM operations`).run();
      db.prepare(`DELETE FROM services`).run();
      this.infra.wipe();
    })();
    for (const dm of this.dms.values()) dm.close();
    this.dms.clear();
    this.pools.resetHints();
    this.redundancy.forget();
    this.feed.emit({ kind: 'reset' });
  }

  /** Capacity of a model server, for the lab's PoD sizing. */
  static allocatable = allocatable;
  static perServer = perServer;
}
