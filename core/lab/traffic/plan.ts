// The lab's address plan, as the traffic needs it: every running service's sites (LAN
// prefixes, users), its VNFs on the active path (vRouter, vFirewall: management and
// outside addresses), read through the orchestrator's service interface.
import type { Actor } from '../../api/define.js';
import type { OrchestratorService } from '../../orchestrator/service.js';
import { ipv4 } from '../../flows/encoder.js';

export interface PlanVnf {
  id: string;
  role: string;
  hostname: string;
  podId: string;
  podName: string;
  mgmt: number;
  outside: number | null;
  /** The exporter's source address on loopback: 127 + the management address's last three octets. */
  exporter: string;
}

export interface PlanSite {
  name: string;
  /** First address of its /24 LAN. */
  lan: number;
  users: number;
}

export interface PlanService {
  id: string;
  name: string;
  tenantId: string;
  tenantName: string;
  sites: PlanSite[];
  remoteUsers: number;
  /** VNFs of the path that carries the traffic now. */
  router: PlanVnf | null;
  firewall: PlanVnf | null;
  vnfs: PlanVnf[];
  weight: number;
}

export interface Plan {
  services: PlanService[];
  /** Per PoD: its switch (the sFlow agent) and the VNFs it hosts. */
  pods: { podId: string; podName: string; agent: number; exporter: string; vnfs: PlanVnf[] }[];
}

export function loopbackOf(addr: number): string {
  return `127.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

export function readPlan(o: OrchestratorService, actor: Actor): Plan {
  const services: PlanService[] = [];
  const pods = new Map<string, Plan['pods'][number]>();
  const list = o.listServices(actor, { includeDeleted: false, limit: 1000, offset: 0 }).services;
  for (const s of list) {
    if (s.state !== 'ACTIVE' && s.state !== 'UPDATING') continue;
    const v = o.getService(actor, s.id);
    const path = v.activePath ?? 'primary';
    const vnfs: PlanVnf[] = [];
    for (const c of v.chains) {
      for (const n of c.vnfs) {
        if (n.state !== 'ACTIVE') continue;
        const mgmtIp = n.interfaces.find((i) => i.network === 'mgmt')?.ip;
        if (!mgmtIp) continue;
        const outsideIp = n.interfaces.find((i) => i.network === 'outside')?.ip ?? null;
        const mgmt = ipv4(mgmtIp);
        const vnf: PlanVnf = {
          id: n.id,
          role: n.role,
          hostname: n.hostname,
          podId: c.podId,
          podName: c.podName,
          mgmt,
          outside: outsideIp ? ipv4(outsideIp) : null,
          exporter: loopbackOf(mgmt),
        };
        vnfs.push(vnf);
        let pod = pods.get(c.podId);
        if (!pod) {
          const agent = ((mgmt & 0xfffff000) | 1) >>> 0;
          pod = { podId: c.podId, podName: c.podName, agent, exporter: loopbackOf(agent), vnfs: [] };
          pods.set(c.podId, pod);
        }
        pod.vnfs.push(vnf);
      }
    }
    const onPath = (role: string) => v.chains.find((c) => c.path === path)?.vnfs.find((n) => n.role === role && n.state === 'ACTIVE')?.id;
    const pick = (role: string) => vnfs.find((n) => n.id === onPath(role)) ?? null;
    const sites: PlanSite[] = [];
    for (const site of v.siteList) {
      if (!site.lan) continue;
      sites.push({ name: site.name, lan: ipv4(site.lan.split('/')[0]!), users: site.users });
    }
    const router = pick('router');
    if (!router || sites.length === 0) continue;
    services.push({
      id: v.id,
      name: v.name,
      tenantId: v.tenantId,
      tenantName: v.tenantName,
      sites,
      remoteUsers: v.intent.company.remoteUsers ?? 0,
      router,
      firewall: pick('firewall'),
      vnfs,
      weight: sites.reduce((n, x) => n + x.users, 0) + (v.intent.company.remoteUsers ?? 0),
    });
  }
  return { services, pods: [...pods.values()] };
}
