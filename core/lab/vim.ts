// The lab's VIM: virtual machines that boot with realistic delays (BUILD → ACTIVE, or ERROR
// when a fault is armed), report capacity per hypervisor, push their status changes, and
// keep what was configured into them. Its state is its own table, written in its own
// transactions — like a real VIM, it is a separate system that may have done something the
// orchestrator has not recorded yet when a crash happens. It implements the VIM and device
// driver interfaces of core/orchestrator/vim.ts, and nothing else of the core.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/store.js';
import type { CreateServerRequest, DeviceDriver, DriverFactory, PodEndpoint, VimDriver, VimHypervisor, VimServer } from '../orchestrator/vim.js';
import { SouthboundError } from '../orchestrator/vim.js';
import type { LabVmView } from './contract.js';

export interface LabVmRow {
  name: string;
  vim_id: string;
  pod_id: string;
  host: string;
  image: string;
  vcpu: number;
  ram_mb: number;
  disk_gb: number;
  status: VimServer['status'];
  fault: string | null;
  ready_at: number | null;
  boot_fails: number;
  day0: string;
  config: string | null;
  ports: string;
  metadata: string;
  created_at: number;
  updated_at: number;
  /** When it last became ACTIVE (booted, or came back after a failure); null while not ACTIVE. */
  active_since: number | null;
}

export interface BootFault {
  tenantId: string | null;
  role: string | null;
  podId: string | null;
  remaining: number;
  /** fail: the boot ends in ERROR; slow: the boot takes slowMs; config: a configuration push is rejected. */
  kind: 'fail' | 'slow' | 'config';
  slowMs: number | null;
}

export interface HostCapacity {
  host: string;
  vcpus: number;
  memoryMb: number;
  localGb: number;
}

export interface LabWorldOptions {
  db: Db;
  now: () => number;
  random: () => number;
  bootDelayMs: { min: number; max: number };
  /** The hypervisors of a PoD (the lab mirrors the orchestrator's production servers). */
  hosts: (podId: string) => HostCapacity[];
}

export class LabWorld {
  private listeners = new Map<string, Set<(s: VimServer) => void>>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  faults: BootFault[] = [];
  bootDelayMs: { min: number; max: number };

  constructor(private readonly o: LabWorldOptions) {
    this.bootDelayMs = { ...o.bootDelayMs };
  }

  private get db() {
    return this.o.db;
  }

  row(name: string): LabVmRow | undefined {
    return this.db.prepare(`SELECT * FROM lab_vms WHERE name = ?`).get(name) as LabVmRow | undefined;
  }

  rows(podId?: string): LabVmRow[] {
    return (podId ? this.db.prepare(`SELECT * FROM lab_vms WHERE pod_id = ? ORDER BY created_at`).all(podId) : this.db.prepare(`SELECT * FROM lab_vms ORDER BY pod_id, created_at`).all()) as LabVmRow[];
  }

  server(r: LabVmRow): VimServer {
    return {
      id: r.vim_id,
      name: r.name,
      status: r.status,
      host: r.host,
      image: r.image,
      flavor: { vcpu: r.vcpu, ramMb: r.ram_mb, diskGb: r.disk_gb },
      fault: r.fault,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  view(r: LabVmRow): LabVmView {
    return {
      name: r.name,
      vimId: r.vim_id,
      podId: r.pod_id,
      host: r.host,
      status: r.status,
      fault: r.fault,
      image: r.image,
      vcpu: r.vcpu,
      ramMb: r.ram_mb,
      diskGb: r.disk_gb,
      readyAt: r.ready_at === null ? null : new Date(r.ready_at).toISOString(),
      configLines: r.config ? r.config.split('\n').length : 0,
      createdAt: new Date(r.created_at).toISOString(),
    };
  }

  /** A booting VM whose time has come becomes ACTIVE (or ERROR when a fault was armed for it). */
  private settle(r: LabVmRow): LabVmRow {
    if (r.status !== 'BUILD' || r.ready_at === null || this.o.now() < r.ready_at) return r;
    const t = this.o.now();
    const status = r.boot_fails ? 'ERROR' : 'ACTIVE';
    const fault = r.boot_fails ? 'lab: the boot failed (an armed fault)' : null;
    const res = this.db
      .prepare(`UPDATE lab_vms SET status = ?, fault = ?, ready_at = NULL, updated_at = ?, active_since = ? WHERE name = ? AND status = 'BUILD'`)
      .run(status, fault, t, status === 'ACTIVE' ? t : null, r.name);
    const next = this.row(r.name)!;
    if (res.changes) this.emit(next);
    return next;
  }

  private emit(r: LabVmRow): void {
    const s = this.server(r);
    this.listeners.get(r.pod_id)?.forEach((l) => {
      try {
        l(s);
      } catch {
        // a listener's failure is its own
      }
    });
  }

  private schedule(r: LabVmRow): void {
    if (r.status !== 'BUILD' || r.ready_at === null) return;
    const delay = Math.max(0, r.ready_at - this.o.now());
    clearTimeout(this.timers.get(r.name));
    const t = setTimeout(() => {
      this.timers.delete(r.name);
      const cur = this.row(r.name);
      if (cur) this.settle(cur);
    }, delay);
    t.unref();
    this.timers.set(r.name, t);
  }

  /** After a restart: VMs still booting get their timers back. */
  resume(): void {
    for (const r of this.db.prepare(`SELECT * FROM lab_vms WHERE status = 'BUILD'`).all() as LabVmRow[]) {
      const s = this.settle(r);
      this.schedule(s);
    }
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private pickFault(podId: string, meta: Record<string, string>, when: 'boot' | 'config'): BootFault | null {
    const f = this.faults.find(
      (x) =>
        x.remaining > 0 &&
        (x.kind === 'config') === (when === 'config') &&
        (!x.tenantId || x.tenantId === meta['tenantId']) &&
        (!x.role || x.role === meta['role']) &&
        (!x.podId || x.podId === podId),
    );
    if (!f) return null;
    f.remaining--;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }

  private delay(): number {
    const { min, max } = this.bootDelayMs;
    return Math.round(min + (max - min) * this.o.random());
  }

  create(podId: string, req: CreateServerRequest): VimServer {
    const existing = this.row(req.name);
    if (existing) {
      if (existing.pod_id !== podId) throw new SouthboundError(`a VM called ${req.name} exists in another PoD`, false);
      return this.server(this.settle(existing));
    }
    const host = this.o.hosts(podId).find((h) => h.host === req.host);
    if (!host) throw new SouthboundError(`the lab VIM of ${podId} has no hypervisor ${req.host}`, false);
    const used = this.db.prepare(`SELECT coalesce(sum(vcpu), 0) AS v, coalesce(sum(ram_mb), 0) AS m, coalesce(sum(disk_gb), 0) AS d FROM lab_vms WHERE host = ? AND pod_id = ?`).get(req.host, podId) as { v: number; m: number; d: number };
    if (used.v + req.flavor.vcpu > host.vcpus || used.m + req.flavor.ramMb > host.memoryMb || used.d + req.flavor.diskGb > host.localGb) {
      throw new SouthboundError(`No valid host was found: ${req.host} has ${host.vcpus - used.v} vCPU, ${host.memoryMb - used.m} MB, ${host.localGb - used.d} GB free`, false);
    }
    const fault = this.pickFault(podId, req.metadata, 'boot');
    const t = this.o.now();
    const ready = t + (fault?.kind === 'slow' ? (fault.slowMs ?? 0) : this.delay());
    this.db
      .prepare(
        `INSERT INTO lab_vms (name, vim_id, pod_id, host, image, vcpu, ram_mb, disk_gb, status, fault, ready_at, boot_fails, day0, config, ports, metadata, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'BUILD', NULL, ?, ?, ?, NULL, ?, ?, ?, ?)`,
      )
      .run(req.name, randomUUID(), podId, req.host, req.image, req.flavor.vcpu, req.flavor.ramMb, req.flavor.diskGb, ready, fault?.kind === 'fail' ? 1 : 0, req.day0, JSON.stringify(req.ports), JSON.stringify(req.metadata), t, t);
    const r = this.settle(this.row(req.name)!);
    this.schedule(r);
    return this.server(r);
  }

  get(name: string): VimServer | null {
    const r = this.row(name);
    return r ? this.server(this.settle(r)) : null;
  }

  remove(name: string): void {
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
    this.db.prepare(`DELETE FROM lab_vms WHERE name = ?`).run(name);
  }

  list(podId: string): VimServer[] {
    return this.rows(podId).map((r) => this.server(this.settle(r)));
  }

  hypervisors(podId: string): VimHypervisor[] {
    const used = new Map(
      (this.db.prepare(`SELECT host, sum(vcpu) AS v, sum(ram_mb) AS m, sum(disk_gb) AS d, count(*) AS n FROM lab_vms WHERE pod_id = ? GROUP BY host`).all(podId) as { host: string; v: number; m: number; d: number; n: number }[]).map(
        (r) => [r.host, r],
      ),
    );
    return this.o.hosts(podId).map((h) => {
      const u = used.get(h.host);
      return { host: h.host, state: 'up', vcpus: h.vcpus, vcpusUsed: u?.v ?? 0, memoryMb: h.memoryMb, memoryMbUsed: u?.m ?? 0, localGb: h.localGb, localGbUsed: u?.d ?? 0, runningVms: u?.n ?? 0 };
    });
  }

  pushConfig(name: string, config: string): void {
    const r = this.row(name);
    if (!r) throw new SouthboundError(`${name} does not exist`, false);
    const s = this.settle(r);
    if (s.status === 'BUILD') throw new SouthboundError(`${name} is still booting: NETCONF is not up yet`, true);
    if (s.status !== 'ACTIVE') throw new SouthboundError(`${name} is ${s.status}: it does not answer`, false);
    if (this.pickFault(s.pod_id, JSON.parse(s.metadata) as Record<string, string>, 'config')) {
      throw new SouthboundError(`${name} rejected the configuration: commit failed (an armed lab fault)`, false);
    }
    this.db.prepare(`UPDATE lab_vms SET config = ?, updated_at = ? WHERE name = ?`).run(config, this.o.now(), name);
  }

  /** Fail a running VM (ERROR), or bring it back (ACTIVE); pushes the change. */
  setStatus(name: string, status: 'ACTIVE' | 'ERROR', fault: string | null): LabVmRow {
    const r = this.row(name);
    if (!r) throw new SouthboundError(`the lab VIM has no VM ${name}`, false);
    clearTimeout(this.timers.get(name));
    const t = this.o.now();
    // Coming back (ACTIVE from ERROR) is a reboot: its uptime starts again. ACTIVE → ACTIVE keeps it.
    const since = status === 'ACTIVE' ? (r.status === 'ACTIVE' ? (r.active_since ?? t) : t) : null;
    this.db
      .prepare(`UPDATE lab_vms SET status = ?, fault = ?, ready_at = NULL, updated_at = ?, active_since = ? WHERE name = ?`)
      .run(status, status === 'ERROR' ? fault : null, t, since, name);
    const next = this.row(name)!;
    this.emit(next);
    return next;
  }

  onStatus(podId: string, l: (s: VimServer) => void): () => void {
    let set = this.listeners.get(podId);
    if (!set) this.listeners.set(podId, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  }

  wipe(): void {
    this.stop();
    this.db.prepare(`DELETE FROM lab_vms`).run();
    this.faults = [];
  }

  /** The `lab` VIM driver kind: one VIM endpoint (and device driver) per PoD. */
  factory(): DriverFactory {
    const world: LabWorld = this as LabWorld;
    return (pod: PodEndpoint) => {
      const vim: VimDriver = {
        kind: 'lab',
        endpoint: pod.endpoint,
        createServer: async (req) => world.create(pod.id, req),
        getServer: async (name) => world.get(name),
        deleteServer: async (name) => world.remove(name),
        listServers: async () => world.list(pod.id),
        hypervisors: async () => world.hypervisors(pod.id),
        onStatus: (l) => world.onStatus(pod.id, l),
      };
      const device: DeviceDriver = {
        pushConfig: async (name, config) => world.pushConfig(name, config),
        getConfig: async (name) => world.row(name)?.config ?? null,
      };
      return { vim, device };
    };
  }
}
