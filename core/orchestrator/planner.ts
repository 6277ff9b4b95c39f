// The service manager's plan: from a checked intent to the VNF chain(s), their placement,
// the pool allocations, each VNF's rendered day-1 configuration and the operation's steps.
// It runs inside one transaction — the order's — so placement and allocation see and take
// capacity atomically. A dry run (services.plan) runs the very same code in a transaction
// that is then rolled back, so what it shows is exactly what an order would do.
import { ApiError } from '../api/errors.js';
import type { CatalogDocument, VnfRole, VnfType } from '../catalog/contract.js';
import type { SiteVars } from '../catalog/day1-vars.js';
import type { Intent, PathName, PlanView, Shortage } from './contract.js';
import { compactDiff, domainOf, hostnameOf, lineDiff, renderDay1, ROUTE_COST, type PathNet, type ServiceNet } from './day1.js';
import type { Identities } from './identity.js';
import type { Infra, ServerRow } from './infra.js';
import type { ResolvedIntent } from './intent.js';
import { priceOf } from './intent.js';
import { block, intToIp, ipToInt, macFor, maskOf } from './net.js';
import { fits, place, placeSecondary, take, type Res, type ServerCap } from './placement.js';
import { display, type Pools } from './pools.js';
import type { InstanceRow, OpBefore, PortRecord, Repo, ServiceRow, StepKind } from './repo.js';
import { newId, newPsk } from './ids.js';
import { parse } from './repo.js';

export interface PlanDeps {
  repo: Repo;
  infra: Infra;
  pools: Pools;
  ids: Identities;
  /** VIM driver kinds this host can drive (PoDs of other kinds get no new placements). */
  driverKinds: () => ReadonlySet<string>;
}

export interface BuildArgs {
  mode: 'create' | 'update';
  tenant: { id: string; name: string };
  intent: Intent;
  resolved: ResolvedIntent;
  doc: CatalogDocument;
  catalogVersion: number;
  serviceId: string;
  opId: string;
  createdBy: string;
  autoRollback: boolean;
  requestId: string | null;
  existing: ServiceRow | null;
  quota: { maxVcpu: number; usedVcpu: number } | null;
}

export class ShortageError extends ApiError {
  constructor(readonly shortage: Shortage) {
    super('RESOURCE_EXHAUSTED', shortage.message, { shortage });
  }
}

const sumRes = (types: readonly VnfType[]): Res => ({
  vcpu: types.reduce((n, t) => n + t.vcpu, 0),
  ramMb: types.reduce((n, t) => n + t.ramMb, 0),
  diskGb: types.reduce((n, t) => n + t.diskGb, 0),
});

/** Free room on the production servers that may take new VNFs. */
export function snapshot(d: PlanDeps): ServerCap[] {
  const used = d.infra.usedByServer();
  const pods = new Map(d.infra.pods().map((p) => [p.id, p]));
  const dcs = new Map(d.infra.dcs().map((x) => [x.id, x]));
  const kinds = d.driverKinds();
  const out: ServerCap[] = [];
  for (const s of d.infra.servers()) {
    const p = pods.get(s.pod_id);
    if (!p || s.role !== 'production' || s.state !== 'active' || p.state !== 'active' || !kinds.has(p.vim_driver)) continue;
    const u = used.get(s.id) ?? { vcpu: 0, ramMb: 0, diskGb: 0, vnfs: 0 };
    out.push({
      id: s.id,
      name: s.name,
      podId: p.id,
      podName: p.name,
      dcId: p.dc_id,
      dcName: dcs.get(p.dc_id)?.name ?? p.dc_id,
      free: { vcpu: s.vcpu - s.reserved_vcpu - u.vcpu, ramMb: s.ram_mb - s.reserved_ram_mb - u.ramMb, diskGb: s.disk_gb - u.diskGb },
    });
  }
  return out;
}

interface PathChoice {
  path: PathName;
  server: ServerCap;
  /** Instances of the service on this path that stay (same server, same VNF type). */
  kept: Map<string, InstanceRow>;
}

const roleShort: Record<VnfRole, string> = { router: 'router', firewall: 'firewall', 'web-security': 'web-security', ips: 'ips' };

export function build(d: PlanDeps, a: BuildArgs): PlanView {
  const { repo, infra, pools, ids } = d;
  const r = a.resolved;
  const owner = `service:${a.serviceId}`;
  const chain = r.chain;
  const roles = chain.map((t) => t.role);
  const need = r.need;
  const now = repo.iso();

  // ---- quota (vCPU across both paths)
  if (a.quota) {
    const wanted = need.vcpu * (r.redundant ? 2 : 1);
    if (a.quota.usedVcpu + wanted > a.quota.maxVcpu) {
      throw new ShortageError({
        resource: 'quota',
        message: `tenant ${a.tenant.name} would use ${a.quota.usedVcpu + wanted} vCPU, over its quota of ${a.quota.maxVcpu} (it uses ${a.quota.usedVcpu}; this needs ${wanted})`,
        need: { vcpu: wanted, ramMb: need.ramMb * (r.redundant ? 2 : 1), diskGb: need.diskGb * (r.redundant ? 2 : 1) },
        where: [],
      });
    }
  }

  // ---- placement
  const snap = snapshot(d);
  const current = a.existing ? repo.instances(a.existing.id) : [];
  const curByPath = new Map<PathName, InstanceRow[]>();
  for (const i of current) curByPath.set(i.path, [...(curByPath.get(i.path) ?? []), i]);
  const choices: PathChoice[] = [];
  const matchKept = (cur: InstanceRow[] | undefined, serverId: string): Map<string, InstanceRow> => {
    const m = new Map<string, InstanceRow>();
    for (const t of chain) {
      const hit = cur?.find((i) => i.vnf_type === t.id && i.server_id === serverId && ![...m.values()].includes(i));
      if (hit) m.set(t.id, hit);
    }
    return m;
  };
  const stayOrMove = (path: PathName, avoid: ServerCap | null): PathChoice | null => {
    const cur = curByPath.get(path);
    const curServer = cur?.[0] ? snap.find((s) => s.id === cur[0]!.server_id) : undefined;
    if (curServer && (!avoid || curServer.podId !== avoid.podId)) {
      const kept = matchKept(cur, curServer.id);
      const delta = sumRes(chain.filter((t) => !kept.has(t.id)));
      if (fits(curServer, delta)) {
        take(curServer, delta);
        return { path, server: curServer, kept };
      }
    }
    return null;
  };
  if (a.mode === 'create' || !curByPath.has('primary')) {
    const p = place(snap, need, r.redundant);
    if (!p.ok) throw new ShortageError(p.shortage);
    take(p.primary, need);
    choices.push({ path: 'primary', server: p.primary, kept: new Map() });
    if (p.secondary) {
      take(p.secondary, need);
      choices.push({ path: 'secondary', server: p.secondary, kept: new Map() });
    }
  } else {
    const movePrimary = (): PathChoice => {
      // Away from the redundant path's PoD when there is one, else anywhere.
      const sec = r.redundant ? curByPath.get('secondary')?.[0] : undefined;
      const secCap = sec ? snap.find((x) => x.id === sec.server_id) : undefined;
      let server = secCap ? placeSecondary(snap, need, { podId: secCap.podId, dcId: secCap.dcId }) : null;
      if (!server) {
        const p = place(snap, need, false);
        if (!p.ok) throw new ShortageError(p.shortage);
        server = p.primary;
      }
      take(server, need);
      return { path: 'primary', server, kept: new Map() };
    };
    const primary = stayOrMove('primary', null) ?? movePrimary();
    choices.push(primary);
    if (r.redundant) {
      const secondary =
        stayOrMove('secondary', primary.server) ??
        (() => {
          const server = placeSecondary(snap, need, { podId: primary.server.podId, dcId: primary.server.dcId });
          if (!server) {
            const others = snap.filter((s) => s.podId !== primary.server.podId);
            const p = place(others, need, false);
            throw new ShortageError(
              p.ok
                ? { resource: 'pods', message: 'automated recovery needs a second PoD with room', need, where: [] }
                : { ...p.shortage, message: `the redundant path needs another PoD: ${p.shortage.message}` },
            );
          }
          take(server, need);
          return { path: 'secondary' as const, server, kept: new Map<string, InstanceRow>() };
        })();
      choices.push(secondary);
    }
  }

  // ---- the service and operation records
  const psk = a.existing?.psk ?? newPsk();
  const quote = priceOf(a.doc, a.catalogVersion, r);
  const name = a.intent.name || a.existing?.name || `${r.pkg.name} ${repo.nextSeq('services')}`;
  const intentJson = JSON.stringify(a.intent);
  let before: OpBefore | null = null;
  if (a.mode === 'create') {
    repo.db
      .prepare(
        `INSERT INTO services (id, tenant_id, name, package_id, ips, redundant, catalog_version, intent, quote, psk, state, health, active_path, request_id, current_op, last_op, seq, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PROVISIONING', 'UNKNOWN', NULL, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.serviceId, a.tenant.id, name, r.pkg.id, r.ips ? 1 : 0, r.redundant ? 1 : 0, a.catalogVersion, intentJson, JSON.stringify(quote), psk, a.requestId, a.opId, a.opId, repo.nextSeq('services'), now, now);
  } else {
    const s = a.existing!;
    before = {
      name: s.name,
      packageId: s.package_id,
      ips: s.ips === 1,
      redundant: s.redundant === 1,
      catalogVersion: s.catalog_version,
      intent: parse<Intent>(s.intent),
      quote: parse(s.quote),
      state: s.state,
      configs: {},
    };
    repo.db
      .prepare(
        `UPDATE services SET name = ?, package_id = ?, ips = ?, redundant = ?, catalog_version = ?, intent = ?, quote = ?, state = 'UPDATING', current_op = ?, last_op = ?, updated_at = ? WHERE id = ?`,
      )
      .run(name, r.pkg.id, r.ips ? 1 : 0, r.redundant ? 1 : 0, a.catalogVersion, intentJson, JSON.stringify(quote), a.opId, a.opId, now, s.id);
  }

  // ---- allocations: keep what still serves the same purpose from the same pool
  const desired = new Map<string, string>([
    ['vni', 'vni'],
    ['asn', 'asn'],
  ]);
  for (const c of choices) {
    const P = c.path;
    const pod = c.server.podId;
    desired.set(`${P}:public:router`, `public:${pod}`);
    if (roles.includes('firewall')) desired.set(`${P}:public:firewall`, `public:${pod}`);
    desired.set(`${P}:link:inside`, 'link');
    if (roles.includes('web-security')) desired.set(`${P}:link:service`, 'link');
    desired.set(`${P}:loopback`, 'loopback');
    desired.set(`${P}:vlan:inside`, `vlan:${pod}`);
    if (roles.includes('web-security')) desired.set(`${P}:vlan:service`, `vlan:${pod}`);
    for (const role of roles) desired.set(`${P}:mgmt:${roleShort[role]}`, `mgmt:${pod}`);
  }
  if (r.redundant) desired.set('interlink', 'link');
  r.sites?.forEach((_, i) => desired.set(`site:${i}:lan`, 'site-lan'));
  if (r.remoteUsers > 0 && roles.includes('firewall')) desired.set('ravpn', 'ravpn');

  const held = pools.byOwner(owner).filter((x) => x.releaseOp === null);
  const values = new Map<string, { pool: string; value: number }>();
  const allocView: PlanView['allocations'] = [];
  for (const h of held) {
    if (desired.get(h.purpose) === h.pool && !values.has(h.purpose)) {
      values.set(h.purpose, { pool: h.pool, value: h.value });
      allocView.push({ pool: h.pool, display: display(pools.get(h.pool), h.value), purpose: h.purpose, action: 'keep' });
    } else {
      pools.markRelease(owner, h.purpose, a.opId);
      allocView.push({ pool: h.pool, display: display(pools.get(h.pool), h.value), purpose: h.purpose, action: 'release' });
    }
  }
  for (const [purpose, pool] of desired) {
    if (values.has(purpose)) continue;
    const podName = choices.find((c) => pool.endsWith(`:${c.server.podId}`))?.server.podName;
    const value = pools.allocate(pool, owner, purpose, { tenantId: a.tenant.id, pendingOp: a.opId, where: podName ? `PoD ${podName}` : 'globally' });
    values.set(purpose, { pool, value });
    allocView.push({ pool, display: display(pools.get(pool), value), purpose, action: 'allocate' });
  }
  const addr = (purpose: string) => {
    const v = values.get(purpose);
    if (!v) throw new Error(`planner: no allocation for ${purpose}`);
    const def = pools.get(v.pool);
    return block(def.base ?? '0.0.0.0', def.blockLen ?? 1, v.value);
  };
  const num = (purpose: string) => values.get(purpose)!.value;

  // ---- addressing of the service and of each path
  const domain = domainOf(a.tenant.id);
  const sites: SiteVars[] = (r.sites ?? []).map((s, i) => {
    const lan = addr(`site:${i}:lan`);
    return {
      number: i + 1,
      siteId: `site-${i + 1}`,
      name: s.name,
      fqdn: `site-${i + 1}.${domain}`,
      users: s.users,
      lanNetwork: lan.network,
      lanMask: lan.mask,
      lanPrefixLen: lan.prefixLen,
      lanGateway: lan.host(1),
      cpeModel: s.cpe.name,
    };
  });
  const net: ServiceNet = {
    serviceId: a.serviceId,
    tenantId: a.tenant.id,
    tenantName: a.tenant.name,
    tenantSlug: a.tenant.id,
    packageName: r.pkg.name,
    psk,
    vni: num('vni'),
    asn: num('asn'),
    bandwidthMbps: r.bandwidthMbps,
    remoteUsers: r.remoteUsers,
    urlFiltering: r.urlFiltering,
    ips: r.ips,
    redundant: r.redundant,
    sites,
    ravpn: values.has('ravpn') ? addr('ravpn') : null,
    interlink: values.has('interlink') ? addr('interlink') : null,
  };
  const pathNet = (c: PathChoice): PathNet => {
    const P = c.path;
    const pub = pools.get(`public:${c.server.podId}`);
    const mg = pools.get(`mgmt:${c.server.podId}`);
    const mgmt: PathNet['mgmt'] = {};
    for (const role of roles) mgmt[role] = addr(`${P}:mgmt:${roleShort[role]}`).network;
    return {
      path: P,
      mgmtMask: maskOf(20),
      mgmtGateway: intToIp(ipToInt(mg.base!) + 1),
      publicMask: maskOf(21),
      publicGateway: intToIp(ipToInt(pub.base!) + 1),
      mgmt,
      routerOutside: addr(`${P}:public:router`).network,
      firewallOutside: values.has(`${P}:public:firewall`) ? addr(`${P}:public:firewall`).network : null,
      inside: addr(`${P}:link:inside`),
      service: values.has(`${P}:link:service`) ? addr(`${P}:link:service`) : null,
      loopback: addr(`${P}:loopback`).network,
      vlanInside: num(`${P}:vlan:inside`),
      vlanService: values.has(`${P}:vlan:service`) ? num(`${P}:vlan:service`) : null,
    };
  };

  // ---- instances, configurations and steps
  const steps: { stage: number; kind: StepKind; name: string; target: string; podId: string }[] = [];
  const planChains: PlanView['chains'] = [];
  const configDiffs: PlanView['diff']['configs'] = [];
  const summary: string[] = [];
  const keptIds = new Set<string>();
  const insertInst = repo.db.prepare(
    `INSERT INTO vnf_instances (id, service_id, tenant_id, path, role, vnf_type, software, image, hostname, position, pod_id, server_id, vcpu, ram_mb, disk_gb, vm_name, state, detail, interfaces, config, config_masked, functions, node_id, added_by_op, removed_by_op, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', NULL, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const serverRows = new Map<string, ServerRow>(infra.servers().map((s) => [s.id, s]));
  for (const c of choices) {
    const pn = pathNet(c);
    const pod = infra.pod(c.server.podId);
    const vnfs: PlanView['chains'][number]['vnfs'] = [];
    chain.forEach((t, position) => {
      const hostname = hostnameOf(net, t.role, c.path);
      const ports = (nodeId: number): PortRecord[] =>
        t.interfaces.map((itf, k) => {
          const seg = (type: 'vlan' | 'vxlan' | 'flat', id: number | null) => ({ type, id });
          let ip: string | null = null;
          let segment = seg('flat', null);
          if (itf.network === 'mgmt') ip = pn.mgmt[t.role] ?? null;
          else if (itf.network === 'outside') ip = t.role === 'router' ? pn.routerOutside : t.role === 'firewall' ? pn.firewallOutside : null;
          else if (itf.network === 'inside') {
            ip = t.role === 'router' ? pn.inside.host(1) : t.role === 'firewall' ? pn.inside.host(2) : null;
            segment = seg('vlan', pn.vlanInside);
          } else if (itf.network === 'service') {
            if (t.role === 'router') {
              ip = net.interlink ? net.interlink.host(c.path === 'primary' ? 1 : 2) : null;
              segment = seg('vxlan', net.vni);
            } else {
              ip = pn.service ? pn.service.host(t.role === 'firewall' ? 1 : 2) : null;
              segment = seg('vlan', pn.vlanService);
            }
          }
          return { name: itf.name, network: itf.network, mac: macFor(nodeId, k), ip, segment };
        });
      const kept = c.kept.get(t.id);
      if (kept) {
        keptIds.add(kept.id);
        const cfg = renderDay1(t, net, pn, kept.node_id ?? 0, roles);
        const changed = cfg.config !== kept.config;
        if (changed) {
          before!.configs[kept.id] = { config: kept.config, masked: kept.config_masked };
          steps.push({ stage: 3, kind: 'dm.configure', name: `Reconfigure ${kept.hostname}`, target: kept.id, podId: pod.id });
          configDiffs.push({ vnf: kept.hostname, path: c.path, lines: compactDiff(lineDiff(kept.config_masked, cfg.masked)) });
          summary.push(`~ ${t.name} ${kept.hostname}: reconfigured`);
        }
        repo.db
          .prepare(`UPDATE vnf_instances SET position = ?, interfaces = ?, config = ?, config_masked = ?, updated_at = ? WHERE id = ?`)
          .run(position, JSON.stringify(ports(kept.node_id ?? 0)), cfg.config, cfg.masked, now, kept.id);
        vnfs.push({ role: t.role, vnfTypeId: t.id, software: t.software, hostname: kept.hostname, vcpu: kept.vcpu, ramMb: kept.ram_mb, diskGb: kept.disk_gb, action: changed ? 'reconfigure' : 'keep', config: cfg.masked });
        return;
      }
      const id = newId('vnf');
      const nodeId = ids.assignNode('vnf', id, hostname);
      const functions = t.functions
        .filter((f) => !/remote access/i.test(f) || r.remoteUsers > 0)
        .map((f) => ({ functionId: ids.assignFunction(nodeId, f), name: f }));
      const cfg = renderDay1(t, net, pn, nodeId, roles);
      insertInst.run(
        id,
        a.serviceId,
        a.tenant.id,
        c.path,
        t.role,
        t.id,
        t.software,
        t.image,
        hostname,
        position,
        pod.id,
        c.server.id,
        t.vcpu,
        t.ramMb,
        t.diskGb,
        `podium-${id}`,
        JSON.stringify(ports(nodeId)),
        cfg.config,
        cfg.masked,
        JSON.stringify(functions),
        nodeId,
        a.opId,
        now,
        now,
      );
      steps.push({ stage: 1, kind: 'vim.create', name: `Boot ${hostname} (${t.software}) on ${c.server.name}`, target: id, podId: pod.id });
      steps.push({ stage: 2, kind: 'vim.wait', name: `Wait for ${hostname} to be ACTIVE`, target: id, podId: pod.id });
      steps.push({ stage: 3, kind: 'dm.configure', name: `Push the day-1 configuration to ${hostname}`, target: id, podId: pod.id });
      summary.push(`+ ${t.name} ${hostname} (${t.vcpu} vCPU) on ${c.server.name} in ${c.server.podName} (${c.server.dcName}), ${c.path} path`);
      vnfs.push({ role: t.role, vnfTypeId: t.id, software: t.software, hostname, vcpu: t.vcpu, ramMb: t.ramMb, diskGb: t.diskGb, action: 'create', config: cfg.masked });
    });
    planChains.push({
      path: c.path,
      podId: pod.id,
      podName: c.server.podName,
      dcName: c.server.dcName,
      serverId: c.server.id,
      serverName: c.server.name,
      preference: ROUTE_COST[c.path],
      vnfs,
    });
  }
  // What the update takes away.
  for (const i of current) {
    if (keptIds.has(i.id)) continue;
    repo.db.prepare(`UPDATE vnf_instances SET removed_by_op = ?, updated_at = ? WHERE id = ?`).run(a.opId, now, i.id);
    steps.push({ stage: 4, kind: 'vim.delete', name: `Remove ${i.hostname}`, target: i.id, podId: i.pod_id });
    summary.push(`- ${i.software} ${i.hostname} from ${serverRows.get(i.server_id)?.name ?? i.server_id} (${i.path} path)`);
    const entry = { role: i.role, vnfTypeId: i.vnf_type, software: i.software, hostname: i.hostname, vcpu: i.vcpu, ramMb: i.ram_mb, diskGb: i.disk_gb, action: 'delete' as const, config: i.config_masked };
    const ch = planChains.find((x) => x.path === i.path && x.serverId === i.server_id);
    if (ch) ch.vnfs.push(entry);
    else {
      const pod = infra.pod(i.pod_id);
      planChains.push({
        path: i.path,
        podId: i.pod_id,
        podName: pod.name,
        dcName: infra.dc(pod.dc_id).name,
        serverId: i.server_id,
        serverName: serverRows.get(i.server_id)?.name ?? i.server_id,
        preference: ROUTE_COST[i.path],
        vnfs: [entry],
      });
    }
  }
  for (const x of allocView) if (x.action !== 'keep') summary.push(`${x.action === 'allocate' ? '+' : '-'} ${x.display} (${x.purpose})`);

  repo.db
    .prepare(
      `INSERT INTO operations (id, service_id, tenant_id, type, state, phase, cancel_requested, auto_rollback, before, error_code, error_message, created_by, seq, created_at, updated_at, finished_at)
       VALUES (?, ?, ?, ?, 'PROCESSING', 'forward', 0, ?, ?, NULL, NULL, ?, ?, ?, ?, NULL)`,
    )
    .run(a.opId, a.serviceId, a.tenant.id, a.mode === 'create' ? 'CREATE' : 'UPDATE', a.autoRollback ? 1 : 0, before ? JSON.stringify(before) : null, a.createdBy, repo.nextSeq('operations'), now, now);
  const ins = repo.db.prepare(`INSERT INTO op_steps (op_id, seq, stage, phase, kind, name, target, pod_id, state) VALUES (?, ?, ?, 'forward', ?, ?, ?, ?, 'PENDING')`);
  steps
    .sort((x, y) => x.stage - y.stage)
    .forEach((s, k) => ins.run(a.opId, k + 1, s.stage, s.kind, s.name, s.target, s.podId));
  repo.journal(a.opId, a.mode === 'create' ? 'ordered' : 'update ordered', `${summary.length} change${summary.length === 1 ? '' : 's'}; ${steps.length} step${steps.length === 1 ? '' : 's'}`);

  const warnings = [...r.warnings];
  if (!r.sites) warnings.push('CPE models and shipping addresses are not chosen yet: the price has no CPEs');
  if (r.redundant) {
    const [p, s] = choices;
    if (p && s && p.server.dcId === s.server.dcId) warnings.push(`the redundant path is in the same data centre as the primary (${p.server.dcName}): no other data centre has room`);
  }
  const beforeMonthly = a.existing ? parse<{ monthly: { total: number } }>(a.existing.quote).monthly.total : null;
  return {
    serviceId: a.mode === 'update' ? a.serviceId : null,
    tenantId: a.tenant.id,
    complete: r.sites !== null,
    quote,
    placement: { ok: true },
    chains: planChains,
    allocations: allocView,
    totals: { vcpu: need.vcpu * choices.length, ramMb: need.ramMb * choices.length, diskGb: need.diskGb * choices.length },
    diff: { summary, configs: configDiffs, monthly: { before: beforeMonthly, after: quote.monthly.total } },
    warnings,
  };
}
