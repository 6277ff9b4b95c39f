// The embedded lab: at first start it builds two data centres with three PoDs of different
// models, a few tenants with customer users, and services in different states — so every
// screen shows something true. It registers the `lab` VIM driver with the orchestrator and
// offers failure injection and failover drills. `podium lab reset` rebuilds it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/store.js';
import type { Actor } from '../api/define.js';
import { ApiError, conflict, notFound } from '../api/errors.js';
import type { Logger } from '../host/log.js';
import type { AuthService } from '../auth/service.js';
import type { TenantsService } from '../tenants/service.js';
import type { OrchestratorService } from '../orchestrator/service.js';
import type { IntentInput } from '../orchestrator/contract.js';
import { intent as intentSchema } from '../orchestrator/contract.js';
import { LabWorld, type BootFault } from './vim.js';
import type { LabEnforcerView, LabStatus, LabVmView } from './contract.js';
import type { FlowsService } from '../flows/service.js';
import { LabTraffic } from './traffic/generator.js';
import { readPlan } from './traffic/plan.js';
import { LabConsoles } from './consoles/provider.js';
import { LabEnforcers, type EnforcerRow } from './enforcers.js';

export type LabSeed = 'none' | 'infra' | 'full';

export interface LabOptions {
  /** Each VM boots in a random time between min and max (ms); 0 for tests and benchmarks. */
  bootDelayMs?: { min: number; max: number };
  /** What to build at first start (default: full). */
  seed?: LabSeed;
  random?: () => number;
  /** Flows per second the lab's exporters send at the daily peak (0: none). Default 150. */
  trafficPeakFlowsPerSec?: number;
}

export interface LabDeps {
  db: Db;
  log: Logger;
  now: () => number;
  dataDir: string;
  auth: AuthService;
  tenants: TenantsService;
  orchestrator: OrchestratorService;
  /** The flow collector the lab's exporters send to (when it runs). */
  flows?: FlowsService;
  opts: LabOptions;
}

/** The lab orders as the local system would, under its own name. */
const LAB_ACTOR: Actor = { kind: 'system', userId: null, username: 'lab', role: 'admin', tenantId: null };

export const DEFAULT_BOOT_DELAY = { min: 1500, max: 4000 };

const LAB_DCS = [
  { name: 'DC-1 Frankfurt', location: 'Frankfurt am Main, DE' },
  { name: 'DC-2 Amsterdam', location: 'Amsterdam, NL' },
];
const LAB_PODS = [
  { dc: 0, name: 'fra-pod-1', model: 'medium' },
  { dc: 0, name: 'fra-pod-2', model: 'small' },
  { dc: 1, name: 'ams-pod-1', model: 'large' },
];
const LAB_TENANTS = [
  { id: 'acme', name: 'Acme Corp', contact: { name: 'Alice Moreau', email: 'alice@acme.example', phone: '+49 69 5550100' }, user: 'alice.acme' },
  { id: 'globex', name: 'Globex', contact: { name: 'Hank Scorpio', email: 'hank@globex.example', phone: '+31 20 5550199' }, user: 'hank.globex' },
  { id: 'initech', name: 'Initech', contact: { name: 'Peter Gibbons', email: 'peter@initech.example', phone: '+49 30 5550142' }, user: 'peter.initech' },
];

const address = (city: string, n: number, country = 'DE') => ({ line1: `${n} Example Street`, city, postalCode: String(10000 + n * 7), country });

function sites(names: string[], cpe: string, country = 'DE') {
  return names.map((n, i) => ({ name: n, cpeModelId: cpe, address: address(n.split(' ')[0] ?? n, i + 1, country) }));
}

interface Scenario {
  tenant: string;
  intent: IntentInput;
  then?: 'fail-primary-router' | 'delete';
  fault?: { role: 'router' | 'firewall'; kind: 'fail' | 'slow'; slowMs?: number };
}

const SCENARIOS: Scenario[] = [
  {
    tenant: 'acme',
    intent: { name: 'Acme site-to-site', packageId: 'foundation', company: { sites: 3, usersPerSite: 40, growthPercent: 10, bandwidthMbps: 10 }, sites: sites(['Berlin office', 'Hamburg office', 'Munich office'], 'isr1111') },
  },
  {
    tenant: 'acme',
    intent: {
      name: 'Acme secure web',
      packageId: 'advanced-ws',
      company: { sites: 2, usersPerSite: 120, growthPercent: 20, bandwidthMbps: 50, remoteUsers: 25, automatedRecovery: true, urlFiltering: 'high' },
      sites: sites(['Frankfurt HQ', 'Cologne branch'], 'isr4221'),
    },
  },
  {
    tenant: 'acme',
    intent: { name: 'Acme pilot (retired)', packageId: 'foundation', company: { sites: 1, usersPerSite: 5, bandwidthMbps: 10 }, sites: sites(['Leipzig pilot'], 'isr1111') },
    then: 'delete',
  },
  {
    tenant: 'globex',
    intent: {
      name: 'Globex internet edge',
      packageId: 'advanced',
      company: { sites: 4, usersPerSite: 60, growthPercent: 0, bandwidthMbps: 100, remoteUsers: 40, ips: true },
      sites: sites(['Amsterdam HQ', 'Rotterdam plant', 'Utrecht office', 'Eindhoven lab'], 'isr4331', 'NL'),
    },
  },
  {
    tenant: 'globex',
    intent: { name: 'Globex branches', packageId: 'advanced', company: { sites: 2, usersPerSite: 25, bandwidthMbps: 50 }, sites: sites(['Delft branch', 'Leiden branch'], 'isr1111', 'NL') },
    fault: { role: 'firewall', kind: 'fail' },
  },
  {
    tenant: 'initech',
    intent: {
      name: 'Initech offices',
      packageId: 'advanced-ws',
      company: { sites: 2, usersPerSite: 80, growthPercent: 5, bandwidthMbps: 50, automatedRecovery: true },
      sites: sites(['Dresden office', 'Potsdam office'], 'isr4221'),
    },
    then: 'fail-primary-router',
  },
  {
    tenant: 'initech',
    intent: { name: 'Initech lab link', packageId: 'foundation', company: { sites: 1, usersPerSite: 10, bandwidthMbps: 10 }, sites: sites(['Bonn lab'], 'isr1111') },
    fault: { role: 'router', kind: 'slow', slowMs: 45_000 },
  },
];

export class LabService {
  readonly world: LabWorld;
  /** The VNF consoles (a console provider the host registers with the terminals). */
  readonly consoles: LabConsoles;
  /** The SecMon IPsec enforcers, one per PoD, and the lab's IPsec EMS they register with. */
  readonly enforcers: LabEnforcers;
  private scenario: Promise<void> | null = null;
  private stopping = false;
  private halt: () => void = () => {};
  private halted = new Promise<void>((r) => (this.halt = r));
  private drillTimers = new Set<ReturnType<typeof setTimeout>>();
  traffic: LabTraffic | null = null;

  constructor(private readonly d: LabDeps) {
    const saved = this.getState('bootDelayMs');
    const bootDelayMs = d.opts.bootDelayMs ?? (saved ? (JSON.parse(saved) as { min: number; max: number }) : DEFAULT_BOOT_DELAY);
    this.world = new LabWorld({
      db: d.db,
      now: d.now,
      random: d.opts.random ?? Math.random,
      bootDelayMs,
      hosts: (podId) =>
        d.orchestrator.infra
          .servers(podId)
          .filter((s) => s.role === 'production')
          .map((s) => ({ host: s.name, vcpus: s.vcpu - s.reserved_vcpu, memoryMb: s.ram_mb - s.reserved_ram_mb, localGb: s.disk_gb })),
    });
    d.orchestrator.registerDriver('lab', this.world.factory());
    this.enforcers = new LabEnforcers({ db: d.db, now: d.now, orchestrator: d.orchestrator });
    this.consoles = new LabConsoles({ orchestrator: d.orchestrator, world: this.world, enforcers: this.enforcers, now: d.now });
  }

  private getState(key: string): string | null {
    return (this.d.db.prepare(`SELECT value FROM lab_state WHERE key = ?`).get(key) as { value: string } | undefined)?.value ?? null;
  }

  private setState(key: string, value: string): void {
    this.d.db.prepare(`INSERT INTO lab_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
  }

  /** Called after the orchestrator has started (its operations resume against this VIM). */
  async start(): Promise<void> {
    this.world.resume();
    const seed = this.d.opts.seed ?? 'full';
    if (this.getState('seeded') === null && seed !== 'none') {
      const r = await this.build(seed);
      this.d.log.info('the lab is built', { dataCentres: r.dataCentres, pods: r.pods, services: r.services });
    }
    const flows = this.d.flows;
    if (flows?.enabled && flows.targets().length > 0) {
      this.traffic = new LabTraffic({
        log: this.d.log.child('traffic'),
        now: this.d.now,
        plan: () => readPlan(this.d.orchestrator, LAB_ACTOR),
        targets: () => flows.targets(),
        names: (m) => flows.setExporterNames(m),
        opts: { peakFlowsPerSec: this.d.opts.trafficPeakFlowsPerSec ?? 150, ...(this.d.opts.random ? { random: this.d.opts.random } : {}) },
      });
      this.traffic.start();
    }
  }

  async stop(): Promise<void> {
    this.traffic?.stop();
    this.traffic = null;
    this.stopping = true;
    this.halt();
    for (const t of this.drillTimers) clearTimeout(t);
    this.drillTimers.clear();
    await this.scenario;
    this.world.stop();
    this.d.orchestrator.unregisterDriver('lab');
  }

  // ------------------------------------------------------------------ building

  private async build(seed: 'full' | 'infra'): Promise<{ dataCentres: number; pods: number; services: number; usersCreated: string[] }> {
    const o = this.d.orchestrator;
    const dcs = LAB_DCS.map((d) => o.createDc(d.name, d.location));
    for (const p of LAB_PODS) {
      const pod = o.createPod(dcs[p.dc]!.id, p.name, p.model, 'lab');
      this.enforcers.create(pod.id, p.dc + 1);
    }
    this.setState('seeded', new Date(this.d.now()).toISOString());
    if (seed === 'infra') return { dataCentres: dcs.length, pods: LAB_PODS.length, services: 0, usersCreated: [] };
    const usersCreated = await this.ensureTenantsAndUsers();
    this.scenario = this.runScenarios().catch((e: unknown) => this.d.log.warn('the lab scenario stopped', { error: e as Error }));
    return { dataCentres: dcs.length, pods: LAB_PODS.length, services: SCENARIOS.length, usersCreated };
  }

  private async ensureTenantsAndUsers(): Promise<string[]> {
    const created: string[] = [];
    const lines: string[] = [];
    for (const t of LAB_TENANTS) {
      if (!this.d.tenants.exists(t.id)) this.d.tenants.create({ id: t.id, name: t.name, contact: t.contact, lab: true });
    }
    const existing = new Set(this.d.auth.listUsers().map((u) => u.username));
    const wanted = [{ username: 'noc', role: 'operator' as const, tenantId: undefined as string | undefined }, ...LAB_TENANTS.map((t) => ({ username: t.user, role: 'customer' as const, tenantId: t.id }))];
    const jobs: Promise<void>[] = [];
    for (const u of wanted) {
      if (existing.has(u.username)) continue;
      jobs.push(
        this.d.auth.createUser({ username: u.username, role: u.role, tenantId: u.tenantId, displayName: u.username }).then((r) => {
          lines.push(`${u.username}\t${u.role}\t${u.tenantId ?? '-'}\t${r.temporaryPassword}`);
        }),
      );
      created.push(u.username);
    }
    const results = await Promise.allSettled(jobs);
    for (const r of results) if (r.status === 'rejected') this.d.log.warn('could not create a lab user', { error: r.reason as Error });
    if (lines.length) {
      const file = join(this.d.dataDir, 'lab-users.txt');
      writeFileSync(file, `# lab users: username, role, tenant, first password (to be changed at first login)\n${lines.sort().join('\n')}\n`, { mode: 0o600 });
      this.d.log.info('lab users created; their first passwords are in a file only you can read', { file });
    }
    return created.filter((u) => lines.some((l) => l.startsWith(`${u}\t`)));
  }

  /** Order the lab's services like a customer would, then put some in the states the screens should show. */
  private async runScenarios(): Promise<void> {
    const o = this.d.orchestrator;
    const after: Promise<void>[] = [];
    for (const s of SCENARIOS) {
      if (this.stopping) return;
      if (!this.d.tenants.exists(s.tenant)) continue;
      if (s.fault) this.world.faults.push({ tenantId: s.tenant, role: s.fault.role, podId: null, remaining: 1, kind: s.fault.kind, slowMs: s.fault.slowMs ?? null });
      let r;
      try {
        r = await o.order(LAB_ACTOR, { tenantId: s.tenant, intent: intentSchema.parse(s.intent), autoRollback: false, wait: false, requestId: `lab:${s.intent.name}` });
      } catch (e) {
        this.d.log.warn('a lab order was refused', { service: s.intent.name, error: e as Error });
        continue;
      }
      const { service, operation } = r;
      if (s.then) {
        after.push(
          Promise.race([o.runner.waitFor(operation.id, 120_000), this.halted]).then(async () => {
            if (this.stopping || o.repo.op(operation.id).state !== 'COMPLETED') return;
            if (s.then === 'delete') await o.remove(LAB_ACTOR, { id: service.id, wait: false });
            else {
              const router = o.repo.instances(service.id).find((i) => i.path === 'primary' && i.role === 'router');
              if (router) this.world.setStatus(router.vm_name, 'ERROR', 'lab: the primary vRouter stopped answering');
            }
          }),
        );
      }
    }
    await Promise.all(after);
  }

  // ------------------------------------------------------------------ commands

  async reset(seed: 'full' | 'infra', wait = false): Promise<{ dataCentres: number; pods: number; services: number; usersCreated: string[] }> {
    const o = this.d.orchestrator;
    this.stopping = true;
    this.halt();
    await this.scenario;
    this.scenario = null;
    this.halted = new Promise<void>((r) => (this.halt = r));
    await o.runner.stop();
    for (const t of this.drillTimers) clearTimeout(t);
    this.drillTimers.clear();
    this.world.wipe();
    this.enforcers.wipe();
    o.wipe();
    this.d.db.prepare(`DELETE FROM lab_state WHERE key = 'seeded'`).run();
    this.stopping = false;
    o.runner.resume();
    const r = await this.build(seed);
    if (wait && this.scenario) await Promise.race([this.scenario, new Promise((res) => setTimeout(res, 60_000).unref())]);
    return r;
  }

  private vmOf(vnfId: string): string {
    const i = this.d.orchestrator.repo.instance(vnfId);
    if (!this.world.row(i.vm_name)) throw conflict(`VNF ${vnfId} has no VM in the lab VIM (it is ${i.state})`);
    return i.vm_name;
  }

  failVnf(vnfId: string, reason: string): LabVmView {
    return this.world.view(this.world.setStatus(this.vmOf(vnfId), 'ERROR', `lab: ${reason}`));
  }

  repairVnf(vnfId: string): LabVmView {
    const name = this.vmOf(vnfId);
    if (this.world.row(name)?.status === 'BUILD') throw conflict('the VM is still booting');
    return this.world.view(this.world.setStatus(name, 'ACTIVE', null));
  }

  failEnforcer(id: string, reason: string): EnforcerRow {
    return this.enforcers.fail(id, `lab: ${reason}`);
  }

  repairEnforcer(id: string): EnforcerRow {
    return this.enforcers.repair(id);
  }

  enforcerView(r: EnforcerRow): LabEnforcerView {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      id: r.id,
      name: r.name,
      podId: r.pod_id,
      nodeId: r.node_id,
      address: r.address,
      state: r.status,
      fault: r.fault,
      ems: { url: r.ems_url, registered: r.registered_at !== null, registeredAt: iso(r.registered_at), lastFetch: iso(this.enforcers.lastFetch(r)) },
      analyser: r.analyser,
      connections: this.enforcers.connections(r).map((c) => ({ name: c.name, serviceId: c.serviceId, path: c.path, local: c.local, remote: c.remote, established: c.established })),
    };
  }

  enforcerViews(podId?: string): LabEnforcerView[] {
    if (podId) this.d.orchestrator.infra.pod(podId);
    return this.enforcers.rows(podId).map((r) => this.enforcerView(r));
  }

  failBoots(f: { count: number; tenantId?: string | undefined; role?: string | undefined; podId?: string | undefined; slowMs?: number | undefined; at: 'boot' | 'configure' }): BootFault[] {
    if (f.podId) this.d.orchestrator.infra.pod(f.podId);
    if (f.at === 'configure' && f.slowMs) throw new ApiError('BAD_INPUT', 'slowMs is for boots', { issues: [{ path: 'slowMs', message: 'only with at: boot' }] });
    const kind = f.at === 'configure' ? 'config' : f.slowMs ? 'slow' : 'fail';
    this.world.faults.push({ tenantId: f.tenantId ?? null, role: f.role ?? null, podId: f.podId ?? null, remaining: f.count, kind, slowMs: f.slowMs ?? null });
    return this.world.faults;
  }

  clearFaults(): BootFault[] {
    this.world.faults = [];
    return this.world.faults;
  }

  setBootDelay(minMs: number, maxMs: number): { min: number; max: number } {
    if (maxMs < minMs) throw new ApiError('BAD_INPUT', 'maxMs must be at least minMs', { issues: [{ path: 'maxMs', message: 'at least minMs' }] });
    this.world.bootDelayMs = { min: minMs, max: maxMs };
    this.setState('bootDelayMs', JSON.stringify(this.world.bootDelayMs));
    return this.world.bootDelayMs;
  }

  async drill(input: { target: 'esc' | 'nso-dm' | 'nso-sm'; podId?: string | undefined; reviveAfterMs?: number | undefined; wait: boolean }) {
    const red = this.d.orchestrator.redundancy;
    if (input.target !== 'nso-sm' && !input.podId) throw new ApiError('BAD_INPUT', 'podId: which PoD?', { issues: [{ path: 'podId', message: `required for ${input.target}` }] });
    if (input.podId) this.d.orchestrator.infra.pod(input.podId);
    const pair = input.target === 'nso-sm' ? 'nso-sm' : `${input.target}:${input.podId}`;
    const before = red.masterOf(pair);
    if (!before) throw notFound(`pair ${pair}`);
    if (red.isSilenced(before)) throw conflict(`${before} is already silent`);
    const t0 = this.d.now();
    red.silence(before);
    const reviveAfter = input.reviveAfterMs ?? red.deadAfterMs * 2;
    if (reviveAfter > 0) {
      const t = setTimeout(() => {
        this.drillTimers.delete(t);
        red.revive(before);
      }, reviveAfter);
      t.unref();
      this.drillTimers.add(t);
    }
    let after: string | null = red.masterOf(pair);
    let tookMs: number | null = null;
    if (input.wait) {
      const deadline = Date.now() + red.deadAfterMs * 3 + 1000;
      while (Date.now() < deadline && (after === before || after === null)) {
        await new Promise((r) => setTimeout(r, Math.max(5, Math.min(100, red.opts.keepaliveMs))));
        after = red.masterOf(pair);
      }
      if (after !== before && after !== null) tookMs = this.d.now() - t0;
    }
    return { pair, silenced: before, before, after, tookMs };
  }

  revive(nodeId?: string): string[] {
    const red = this.d.orchestrator.redundancy;
    const ids = nodeId ? [nodeId] : red.pairs().flatMap((p) => p.nodes.map((n) => n.id)).filter((id) => red.isSilenced(id));
    for (const id of ids) red.revive(id);
    return ids;
  }

  vms(podId?: string): LabVmView[] {
    return this.world.rows(podId).map((r) => this.world.view(r));
  }

  status(): LabStatus {
    const rows = this.world.rows();
    const byStatus: Record<string, number> = {};
    for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const pods = this.d.orchestrator.infra.pods();
    const live = this.d.db.prepare(`SELECT vm_name, state FROM vnf_instances WHERE state != 'DELETED'`).all() as { vm_name: string; state: string }[];
    const liveNames = new Set(live.map((l) => l.vm_name));
    const vmNames = new Set(rows.map((r) => r.name));
    return {
      enabled: true,
      seeded: this.getState('seeded') !== null,
      bootDelayMs: this.world.bootDelayMs,
      vms: { total: rows.length, byStatus },
      byPod: pods.map((p) => {
        const mine = rows.filter((r) => r.pod_id === p.id);
        const hv = this.world.hypervisors(p.id);
        const sum = (f: (h: (typeof hv)[number]) => number) => hv.reduce((n, h) => n + f(h), 0);
        return {
          podId: p.id,
          vms: mine.length,
          active: mine.filter((r) => r.status === 'ACTIVE').length,
          error: mine.filter((r) => r.status === 'ERROR').length,
          build: mine.filter((r) => r.status === 'BUILD').length,
          hypervisors: {
            count: hv.length,
            vcpus: sum((h) => h.vcpus),
            vcpusUsed: sum((h) => h.vcpusUsed),
            memoryMb: sum((h) => h.memoryMb),
            memoryMbUsed: sum((h) => h.memoryMbUsed),
            localGb: sum((h) => h.localGb),
            localGbUsed: sum((h) => h.localGbUsed),
          },
        };
      }),
      faults: this.world.faults,
      silenced: this.d.orchestrator.redundancy
        .pairs()
        .flatMap((p) => p.nodes.map((n) => n.id))
        .filter((id) => this.d.orchestrator.redundancy.isSilenced(id)),
      consistency: {
        vmsWithoutVnf: [...vmNames].filter((n) => !liveNames.has(n)),
        vnfsWithoutVm: live.filter((l) => (l.state === 'ACTIVE' || l.state === 'ERROR') && !vmNames.has(l.vm_name)).map((l) => l.vm_name),
      },
    };
  }
}
