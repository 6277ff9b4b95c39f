// The infrastructure model: data centres → PoDs (small / medium / large by their number of
// production servers, plus control and storage servers) → servers with vCPU, RAM and disk.
// One service manager (an NSO pair); per PoD a device manager (an NSO pair), an ESC pair and
// a VIM endpoint. Utilization is always computed from the VNF instances that hold resources.
import type { Db } from '../store/store.js';
import { badInput, conflict, notFound } from '../api/errors.js';
import type { PodModel } from './contract.js';
import type { Identities } from './identity.js';
import { GLOBAL_POOLS, MAX_PODS, podPools, type Pools } from './pools.js';
import { intToIp, ipToInt } from './net.js';
import { slugify } from '../tenants/service.js';

export const DEFAULT_SERVER: PodModel['server'] = {
  cpuModel: '2 × Intel Xeon E5-2680 v3 (24 cores, 48 threads)',
  ghz: 2.5,
  vcpu: 48,
  reservedVcpu: 4,
  ramMb: 256 * 1024,
  reservedRamMb: 16 * 1024,
  diskGb: 3600,
};

const MODEL_NOTE =
  'Table 6-2 lost its numbers. Every model has 3 control servers (OpenStack HA needs three controllers, as the seed says) and 3 storage servers (a replicated store needs three); production servers set the size. A UCS C220 with two 12-core CPUs gives 48 vCPU with hyper-threading; 4 vCPU and 16 GB stay with the host (KVM, the virtual switch).';

export const DEFAULT_POD_MODELS: PodModel[] = [
  { id: 'small', name: 'Small', productionServers: 4, controlServers: 3, storageServers: 3, server: DEFAULT_SERVER, note: MODEL_NOTE },
  { id: 'medium', name: 'Medium', productionServers: 8, controlServers: 3, storageServers: 3, server: DEFAULT_SERVER, note: MODEL_NOTE },
  { id: 'large', name: 'Large', productionServers: 16, controlServers: 3, storageServers: 3, server: DEFAULT_SERVER, note: MODEL_NOTE },
];

export interface DcRow {
  id: string;
  name: string;
  location: string;
  created_at: string;
}

export interface PodRow {
  id: string;
  dc_id: string;
  name: string;
  model: string;
  state: 'active' | 'maintenance';
  vim_driver: string;
  vim_endpoint: string;
  pool_index: number;
  node_id: number | null;
  created_at: string;
}

export interface ServerRow {
  id: string;
  pod_id: string;
  name: string;
  role: 'production' | 'control' | 'storage';
  state: 'active' | 'maintenance' | 'failed';
  cpu_model: string;
  ghz: number;
  vcpu: number;
  reserved_vcpu: number;
  ram_mb: number;
  reserved_ram_mb: number;
  disk_gb: number;
  node_id: number | null;
  position: number;
}

export interface Used {
  vcpu: number;
  ramMb: number;
  diskGb: number;
  vnfs: number;
}

interface ModelRow {
  id: string;
  name: string;
  production_servers: number;
  control_servers: number;
  storage_servers: number;
  server: string;
  note: string;
  position: number;
}

const modelOf = (r: ModelRow): PodModel => ({
  id: r.id,
  name: r.name,
  productionServers: r.production_servers,
  controlServers: r.control_servers,
  storageServers: r.storage_servers,
  server: JSON.parse(r.server) as PodModel['server'],
  note: r.note,
});

export class Infra {
  constructor(
    private readonly db: Db,
    private readonly pools: Pools,
    private readonly ids: Identities,
    private readonly now: () => number,
  ) {}

  private iso() {
    return new Date(this.now()).toISOString();
  }

  /** First start: PoD models, global pools and the service manager pair. */
  ensureBase(): void {
    this.db.transaction(() => {
      const n = (this.db.prepare(`SELECT count(*) AS n FROM pod_models`).get() as { n: number }).n;
      if (n === 0) DEFAULT_POD_MODELS.forEach((m, i) => this.putModel(m, i));
      this.pools.ensure(GLOBAL_POOLS);
      const sm = this.db.prepare(`SELECT count(*) AS n FROM platform_nodes WHERE kind = 'nso-sm'`).get() as { n: number };
      if (sm.n === 0) {
        this.addPlatformNode('nso-sm-1', 'nso-sm', 'nso-sm', null, 'NSO service manager 1', 'master', '192.0.2.11', '192.0.2.10');
        this.addPlatformNode('nso-sm-2', 'nso-sm', 'nso-sm', null, 'NSO service manager 2', 'subordinate', '192.0.2.12', '192.0.2.10');
      }
    })();
  }

  private putModel(m: PodModel, position: number): void {
    this.db
      .prepare(
        `INSERT INTO pod_models (id, name, production_servers, control_servers, storage_servers, server, note, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, production_servers = excluded.production_servers, control_servers = excluded.control_servers,
           storage_servers = excluded.storage_servers, server = excluded.server, note = excluded.note`,
      )
      .run(m.id, m.name, m.productionServers, m.controlServers, m.storageServers, JSON.stringify(m.server), m.note, position);
  }

  models(): PodModel[] {
    return (this.db.prepare(`SELECT * FROM pod_models ORDER BY position, id`).all() as ModelRow[]).map(modelOf);
  }

  model(id: string): PodModel | null {
    const r = this.db.prepare(`SELECT * FROM pod_models WHERE id = ?`).get(id) as ModelRow | undefined;
    return r ? modelOf(r) : null;
  }

  updateModel(m: PodModel): PodModel {
    if (m.server.reservedVcpu >= m.server.vcpu) throw badInput([{ path: 'model.server.reservedVcpu', message: 'must leave vCPU for VNFs' }]);
    if (m.server.reservedRamMb >= m.server.ramMb) throw badInput([{ path: 'model.server.reservedRamMb', message: 'must leave RAM for VNFs' }]);
    const pos = (this.db.prepare(`SELECT coalesce(max(position), -1) + 1 AS p FROM pod_models`).get() as { p: number }).p;
    const cur = this.db.prepare(`SELECT position FROM pod_models WHERE id = ?`).get(m.id) as { position: number } | undefined;
    this.putModel(m, cur?.position ?? pos);
    return this.model(m.id)!;
  }

  private addPlatformNode(id: string, kind: 'nso-sm' | 'nso-dm' | 'esc', pair: string, podId: string | null, name: string, role: string, address: string, vip: string): void {
    const nodeId = this.ids.assignNode('platform', id, name);
    this.db
      .prepare(`INSERT INTO platform_nodes (id, kind, pair, pod_id, name, role, address, vip, node_id, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, kind, pair, podId, name, role, address, vip, nodeId, this.iso());
  }

  dcs(): DcRow[] {
    return this.db.prepare(`SELECT * FROM dcs ORDER BY name`).all() as DcRow[];
  }

  dc(id: string): DcRow {
    const r = this.db.prepare(`SELECT * FROM dcs WHERE id = ?`).get(id) as DcRow | undefined;
    if (!r) throw notFound(`data centre ${id}`);
    return r;
  }

  createDc(name: string, location: string): DcRow {
    if (this.db.prepare(`SELECT 1 FROM dcs WHERE name = ?`).get(name)) throw conflict(`a data centre is already called "${name}"`);
    let id = `dc-${slugify(name)}`;
    for (let i = 2; this.db.prepare(`SELECT 1 FROM dcs WHERE id = ?`).get(id); i++) id = `dc-${slugify(name)}-${i}`;
    this.db.prepare(`INSERT INTO dcs (id, name, location, created_at) VALUES (?, ?, ?, ?)`).run(id, name, location, this.iso());
    return this.dc(id);
  }

  pods(): PodRow[] {
    return this.db.prepare(`SELECT * FROM pods ORDER BY name`).all() as PodRow[];
  }

  pod(id: string): PodRow {
    const r = this.db.prepare(`SELECT * FROM pods WHERE id = ?`).get(id) as PodRow | undefined;
    if (!r) throw notFound(`PoD ${id}`);
    return r;
  }

  createPod(dcId: string, name: string, modelId: string, vimDriver: string): PodRow {
    this.dc(dcId);
    const model = this.model(modelId);
    if (!model) throw badInput([{ path: 'model', message: `no PoD model "${modelId}" (there are: ${this.models().map((m) => m.id).join(', ')})` }]);
    if (this.db.prepare(`SELECT 1 FROM pods WHERE name = ?`).get(name)) throw conflict(`a PoD is already called "${name}"`);
    return this.db.transaction(() => {
      const used = new Set((this.db.prepare(`SELECT pool_index FROM pods`).all() as { pool_index: number }[]).map((r) => r.pool_index));
      let poolIndex = 0;
      while (used.has(poolIndex)) poolIndex++;
      if (poolIndex >= MAX_PODS) throw conflict(`at most ${MAX_PODS} PoDs: their public address blocks are used up`);
      let id = `pod-${slugify(name)}`;
      for (let i = 2; this.db.prepare(`SELECT 1 FROM pods WHERE id = ?`).get(id); i++) id = `pod-${slugify(name)}-${i}`;
      const nodeId = this.ids.assignNode('platform', id, `PoD ${name}`);
      this.db
        .prepare(`INSERT INTO pods (id, dc_id, name, model, state, vim_driver, vim_endpoint, pool_index, node_id, created_at) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`)
        .run(id, dcId, name, model.id, vimDriver, `${vimDriver}://${id}/compute/v2.1`, poolIndex, nodeId, this.iso());
      const s = model.server;
      const ins = this.db.prepare(
        `INSERT INTO servers (id, pod_id, name, role, state, cpu_model, ghz, vcpu, reserved_vcpu, ram_mb, reserved_ram_mb, disk_gb, node_id, position)
         VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let position = 0;
      for (const [role, count, tag] of [
        ['production', model.productionServers, 'prod'],
        ['control', model.controlServers, 'ctl'],
        ['storage', model.storageServers, 'stor'],
      ] as const) {
        for (let i = 1; i <= count; i++) {
          const sname = `${name}-${tag}-${String(i).padStart(2, '0')}`;
          const sid = `${id}:${tag}-${String(i).padStart(2, '0')}`;
          const nid = this.ids.assignNode('server', sid, sname);
          ins.run(sid, id, sname, role, s.cpuModel, s.ghz, s.vcpu, s.reservedVcpu, s.ramMb, s.reservedRamMb, s.diskGb, nid, position++);
        }
      }
      const defs = podPools(id, poolIndex);
      this.pools.ensure(defs);
      const mgmtBase = ipToInt(defs[1]!.base!);
      const at = (n: number) => intToIp(mgmtBase + n);
      this.addPlatformNode(`${id}:esc-1`, 'esc', `esc:${id}`, id, `ESC 1 of ${name}`, 'master', at(2), at(1));
      this.addPlatformNode(`${id}:esc-2`, 'esc', `esc:${id}`, id, `ESC 2 of ${name}`, 'slave', at(3), at(1));
      this.addPlatformNode(`${id}:dm-1`, 'nso-dm', `nso-dm:${id}`, id, `NSO device manager 1 of ${name}`, 'master', at(6), at(5));
      this.addPlatformNode(`${id}:dm-2`, 'nso-dm', `nso-dm:${id}`, id, `NSO device manager 2 of ${name}`, 'subordinate', at(7), at(5));
      return this.pod(id);
    })();
  }

  updatePod(id: string, patch: { name?: string | undefined; state?: 'active' | 'maintenance' | undefined }): PodRow {
    const p = this.pod(id);
    if (patch.name && patch.name !== p.name && this.db.prepare(`SELECT 1 FROM pods WHERE name = ?`).get(patch.name)) throw conflict(`a PoD is already called "${patch.name}"`);
    this.db.prepare(`UPDATE pods SET name = ?, state = ? WHERE id = ?`).run(patch.name ?? p.name, patch.state ?? p.state, id);
    return this.pod(id);
  }

  servers(podId?: string): ServerRow[] {
    return (podId
      ? this.db.prepare(`SELECT * FROM servers WHERE pod_id = ? ORDER BY position`).all(podId)
      : this.db.prepare(`SELECT * FROM servers ORDER BY pod_id, position`).all()) as ServerRow[];
  }

  server(id: string): ServerRow {
    const r = this.db.prepare(`SELECT * FROM servers WHERE id = ?`).get(id) as ServerRow | undefined;
    if (!r) throw notFound(`server ${id}`);
    return r;
  }

  updateServer(id: string, state: 'active' | 'maintenance'): ServerRow {
    const s = this.server(id);
    if (s.role !== 'production') throw conflict(`${s.name} is a ${s.role} server: only production servers host VNFs`);
    this.db.prepare(`UPDATE servers SET state = ? WHERE id = ?`).run(state, id);
    return this.server(id);
  }

  /** What the live VNF instances hold on each server (everything not DELETED counts). */
  usedByServer(): Map<string, Used> {
    const rows = this.db
      .prepare(
        `SELECT server_id, sum(vcpu) AS vcpu, sum(ram_mb) AS ram, sum(disk_gb) AS disk, count(*) AS n
         FROM vnf_instances WHERE state != 'DELETED' GROUP BY server_id`,
      )
      .all() as { server_id: string; vcpu: number; ram: number; disk: number; n: number }[];
    return new Map(rows.map((r) => [r.server_id, { vcpu: r.vcpu, ramMb: r.ram, diskGb: r.disk, vnfs: r.n }]));
  }

  /** Wipe the infrastructure (lab reset); services and their instances must be gone first. */
  wipe(): void {
    this.db.prepare(`DELETE FROM platform_nodes WHERE kind != 'nso-sm'`).run();
    this.db.prepare(`DELETE FROM servers`).run();
    for (const p of this.pods()) this.pools.dropPodPools(p.id);
    this.db.prepare(`DELETE FROM pods`).run();
    this.db.prepare(`DELETE FROM dcs`).run();
    this.db.prepare(`UPDATE node_ids SET retired_at = ? WHERE kind = 'server' AND retired_at IS NULL`).run(this.iso());
    this.db.prepare(`UPDATE node_ids SET retired_at = ? WHERE kind = 'platform' AND subject_id NOT LIKE 'nso-sm-%' AND retired_at IS NULL`).run(this.iso());
  }
}
