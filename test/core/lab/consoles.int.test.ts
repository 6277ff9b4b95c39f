// The lab's VNF consoles on a real host with the lab (boot delays 0): every VNF with a
// console style is a console profile, tenant-tagged; each console's state is the
// orchestrator's record of the VNF (its rendered day-1 configuration, its allocated
// addresses, its service's sites and paths) and the lab's; failing and repairing a VNF in
// the lab shows at once, on its console and on its neighbours'; a console opened through
// the contract — a real program in a real pty — answers from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumApi } from '../../../core/api/client.js';
import type { ServiceView, VnfView } from '../../../core/orchestrator/contract.js';
import type { DeviceState } from '../../../core/terminals/consoles/state.js';
import { cpeWanAddress, siteHosts } from '../../../core/lab/consoles/device.js';
import { networkOf } from '../../../core/lab/consoles/config.js';
import type { TestHost } from '../../helpers/host.js';
import { adminOf, intentOf, labHost, tenantWithCustomer } from '../../helpers/orch.js';
import { readSession, sessionMembers } from '../terminals/helpers.js';

let th: TestHost;
let admin: PodiumApi;
let customer: PodiumApi;
let tenantId: string;
let web: ServiceView;
let edge: ServiceView;

const vnfsOf = (s: ServiceView) => s.chains.flatMap((c) => c.vnfs);
const vnf = (s: ServiceView, role: string, path: 'primary' | 'secondary' = 'primary'): VnfView => vnfsOf(s).find((v) => v.role === role && v.path === path)!;
const ip = (v: VnfView, network: string) => v.interfaces.find((i) => i.network === network)!.ip!;
const consoles = () => th.host.caps.terminals.consoles;
const snap = (id: string): DeviceState => {
  const s = consoles().snapshot(id);
  if (!s) throw new Error(`no console state for ${id}`);
  return s;
};
const routesOf = (s: DeviceState, vrf: string | null) =>
  s.routes.filter((r) => (r.vrf ?? null) === vrf).map((r) => `${r.protocol} ${r.prefix} ${r.nextHop ?? '-'} ${r.iface ?? '-'}`);
const configOf = async (s: ServiceView, id: string) => (await admin.call('services.configs', { id: s.id })).vnfs.find((v) => v.vnfId === id)!.config;

beforeAll(async () => {
  th = await labHost();
  admin = await adminOf(th);
  ({ tenantId, customer } = await tenantWithCustomer(th, admin, 'Umbrella'));
  web = (
    await customer.call('services.order', {
      intent: { ...intentOf('advanced-ws', { sites: 2, usersPerSite: 30, automatedRecovery: true, urlFiltering: 'high' }), name: 'Umbrella web' },
      wait: true,
    })
  ).service;
  edge = (await customer.call('services.order', { intent: { ...intentOf('advanced', { sites: 1, ips: true }), name: 'Umbrella edge' }, wait: true })).service;
  expect([web.state, edge.state]).toEqual(['ACTIVE', 'ACTIVE']);
});
afterAll(() => th.close());

describe('the lab’s VNF consoles', () => {
  it('lists a console for every VNF with a console style, tagged with its tenant and service', async () => {
    const { profiles } = await admin.call('terminals.profiles.list', {});
    const mine = profiles.filter((p) => p.kind === 'console' && p.tenantId === tenantId);
    const expected = [...vnfsOf(web), ...vnfsOf(edge)].filter((v) => v.role !== 'ips');
    expect(mine.map((p) => p.id).sort()).toEqual(expected.map((v) => `console:${v.id}`).sort());
    expect(mine).toHaveLength(8); // web: 2 × (vRouter, vFirewall, vWebSecurity); edge: vRouter, vFirewall — its vIPS has no console style
    const vr = mine.find((p) => p.kind === 'console' && p.targetId === vnf(web, 'router').id)!;
    expect(vr).toMatchObject({
      name: vnf(web, 'router').hostname,
      consoleKind: 'vrouter',
      tenantName: 'Umbrella',
      serviceId: web.id,
      serviceName: 'Umbrella web',
      builtIn: true,
    });
    expect(vr.kind === 'console' && vr.detail).toBe(`ACTIVE · primary path · ${vnf(web, 'router').serverName}`);
    expect(mine.filter((p) => p.kind === 'console' && p.consoleKind === 'vfirewall')).toHaveLength(3);
    // Customers get no terminals at all.
    await expect(customer.call('terminals.profiles.list', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('maps a vRouter: its day-1 configuration (masked), interfaces, routes with BGP, crypto sessions, reachability', async () => {
    const vr = vnf(web, 'router');
    const peer = vnf(web, 'router', 'secondary');
    const fw = vnf(web, 'firewall');
    const s = snap(vr.id);
    const config = await configOf(web, vr.id);
    expect(s).toMatchObject({
      id: vr.id,
      kind: 'vrouter',
      hostname: vr.hostname,
      state: 'ACTIVE',
      model: 'CSR1000V',
      softwareVersion: '16.06',
      notResponding: null,
    });
    expect(config).toContain(`hostname ${vr.hostname}\n`);
    expect(s.runningConfig).toBe(config);
    // The pushed configuration carries the key; the console shows it masked.
    const psk = /pre-shared-key (\S+)/.exec(th.host.caps.lab!.world.row(vr.vmName)!.config!)![1]!;
    expect(psk).not.toBe('******');
    expect(s.runningConfig).not.toContain(psk);
    expect(s.runningConfig).toContain('pre-shared-key ******');

    // Interfaces: the allocated addresses, with the configuration's masks and VRF.
    const ivrf = /^vrf definition (\S+)$/m.exec(config)![1]!;
    const byName = Object.fromEntries(
      s.interfaces.map((i) => [i.name, `${i.ip ?? '-'}/${i.prefixLen ?? '-'} ${i.vrf ?? 'global'} ${i.adminUp && i.operUp ? 'up' : 'down'}`]),
    );
    expect(byName).toMatchObject({
      GigabitEthernet1: `${ip(vr, 'mgmt')}/20 global up`,
      GigabitEthernet2: `${ip(vr, 'outside')}/21 global up`,
      GigabitEthernet3: `${ip(vr, 'inside')}/29 ${ivrf} up`,
      GigabitEthernet4: `${ip(vr, 'service')}/29 ${ivrf} up`,
      Loopback1: `${web.allocations.find((a) => a.purpose === 'primary:loopback')!.display}/32 ${ivrf} up`,
      'Virtual-Access1': `-/- ${ivrf} up`,
      'Virtual-Access2': `-/- ${ivrf} up`,
      'Virtual-Template1': `-/- ${ivrf} down`,
    });
    expect(s.interfaces.find((i) => i.name === 'GigabitEthernet2')!.mac).toBe(vr.interfaces.find((i) => i.network === 'outside')!.mac);

    // Routes: connected, the default to the PoD's gateway, the IVRF's default to the vFirewall,
    // each site's LAN through its Virtual-Access, and what the other vRouter redistributes over iBGP.
    const gw = /^ip route 0\.0\.0\.0 0\.0\.0\.0 (\S+)$/m.exec(config)![1]!;
    const global = routesOf(s, null);
    expect(global).toContain(`static 0.0.0.0/0 ${gw} -`);
    expect(global).toContain(`connected ${networkOf(ip(vr, 'outside'), 21)} - GigabitEthernet2`);
    expect(global).toContain(`local ${ip(vr, 'outside')}/32 - GigabitEthernet2`);
    const inVrf = routesOf(s, ivrf);
    expect(inVrf).toContain(`static 0.0.0.0/0 ${ip(fw, 'inside')} -`);
    for (const site of web.siteList) expect(inVrf).toContain(`static ${site.lan} - Virtual-Access${site.index + 1}`);
    const peerInside = web.allocations.find((a) => a.purpose === 'secondary:link:inside')!.display;
    const peerLoopback = web.allocations.find((a) => a.purpose === 'secondary:loopback')!.display;
    expect(inVrf).toContain(`bgp ${peerInside} ${ip(peer, 'service')} -`);
    expect(inVrf).toContain(`bgp ${peerLoopback}/32 ${ip(peer, 'service')} -`);
    expect(s.routes.filter((r) => r.protocol === 'bgp').every((r) => r.distance === 200)).toBe(true);

    // One IKEv2 session per site, from the outside address to the site's CPE.
    expect(s.crypto.map((c) => [c.iface, c.peer, c.localAddress, c.status])).toEqual(
      web.siteList.map((site) => [`Virtual-Access${site.index + 1}`, cpeWanAddress(site.lan!), ip(vr, 'outside'), 'UP-ACTIVE']),
    );

    // What answers: the sites' hosts and the chain's neighbours in the IVRF, the CPEs and the gateway globally.
    const hosts = siteHosts(web.siteList[0]!)!;
    expect(s.reachableInVrf?.[ivrf]).toEqual(expect.arrayContaining([ip(fw, 'inside'), ip(peer, 'service'), `${hosts.first}-${hosts.last}`]));
    expect(s.reachable).toEqual(expect.arrayContaining([gw, cpeWanAddress(web.siteList[0]!.lan!), ip(fw, 'outside')]));
    const ping = (dest: string, vrf: string | null = null) =>
      consoles()
        .ping(vr.id, dest, 3, vrf)!
        .replies.filter((r) => r !== null).length;
    expect(ping(hosts.first, ivrf)).toBe(3);
    expect(ping(hosts.last, ivrf)).toBe(3);
    expect(ping(siteHosts({ lan: web.siteList[0]!.lan, users: 240 })!.last, ivrf)).toBe(0); // past the site’s users
    expect(ping(hosts.first)).toBe(0); // a private LAN through the global table’s default route
    expect(ping(ip(fw, 'inside'), ivrf)).toBe(3);
    expect(ping(ip(fw, 'inside'))).toBe(0);
  });

  it('maps a vFirewall and a vWebSecurity from their configurations', async () => {
    const fw = vnf(web, 'firewall');
    const vr = vnf(web, 'router');
    const s = snap(fw.id);
    expect(s.runningConfig).toBe(await configOf(web, fw.id));
    expect(s.interfaces.map((i) => [i.name, i.nameif, i.securityLevel, i.ip])).toEqual([
      ['Management0/0', 'management', 100, ip(fw, 'mgmt')],
      ['GigabitEthernet0/0', 'outside', 0, ip(fw, 'outside')],
      ['GigabitEthernet0/1', 'inside', 100, ip(fw, 'inside')],
      ['GigabitEthernet0/2', 'wsa', 90, ip(fw, 'service')],
    ]);
    for (const site of web.siteList) expect(routesOf(s, null)).toContain(`static ${site.lan} ${ip(vr, 'inside')} GigabitEthernet0/1`);
    expect(s.crypto).toEqual([]);
    expect(consoles().ping(fw.id, siteHosts(web.siteList[1]!)!.first, 2)!.replies).not.toContain(null);

    const ws = snap(vnf(web, 'web-security').id);
    expect(ws).toMatchObject({ kind: 'vwebsecurity', model: 'WSAv', webSecurity: { urlFiltering: 'high', wccp: true } });
    expect(ws.interfaces.map((i) => `${i.name} ${i.ip}/${i.prefixLen}`)).toEqual([
      `Management ${ip(vnf(web, 'web-security'), 'mgmt')}/20`,
      `P1 ${ip(vnf(web, 'web-security'), 'service')}/29`,
    ]);
    expect(ws.reachable).toContain(ip(fw, 'service'));
  });

  it('shows a VNF failed in the lab at once — on its console and on its neighbours’ — and its return', async () => {
    const vr = vnf(web, 'router');
    const fw = vnf(web, 'firewall');
    const peer = vnf(web, 'router', 'secondary');
    const host = siteHosts(web.siteList[0]!)!.first;
    const since = th.host.caps.lab!.world.row(vr.vmName)!.active_since!;
    await admin.call('lab.failVnf', { vnfId: vr.id, reason: 'pulled the plug' });
    await expect.poll(() => snap(vr.id).notResponding, { timeout: 10_000 }).toBe(`${vr.hostname} is not responding: its VM is in ERROR (lab: pulled the plug)`);
    const down = snap(vr.id);
    expect(down.state).toBe('ERROR');
    expect(down.crypto.every((c) => c.status === 'DOWN')).toBe(true);
    // The vFirewall behind it no longer reaches the sites; the other vRouter loses its BGP routes and still carries the sites.
    await expect.poll(() => consoles().ping(fw.id, host, 2)!.replies, { timeout: 10_000 }).toEqual([null, null]);
    expect(snap(fw.id).reachable.some((r) => r.includes('-'))).toBe(false);
    const other = snap(peer.id);
    expect(other.routes.filter((r) => r.protocol === 'bgp')).toEqual([]);
    expect(other.crypto.map((c) => c.status)).toEqual(['UP-ACTIVE', 'UP-ACTIVE']);
    expect(
      consoles()
        .targets()
        .find((t) => t.id === vr.id)?.detail,
    ).toMatch(/^ERROR · primary path/);

    const repairedAt = Date.now();
    await admin.call('lab.repairVnf', { vnfId: vr.id });
    await expect.poll(() => snap(vr.id).notResponding, { timeout: 10_000 }).toBeNull();
    // A reboot: the uptime starts again.
    expect(th.host.caps.lab!.world.row(vr.vmName)!.active_since!).toBeGreaterThanOrEqual(Math.max(since, repairedAt));
    expect(snap(vr.id).uptimeS).toBeLessThan(5);
    expect(consoles().ping(fw.id, host, 2)!.replies).not.toContain(null);
    expect(snap(peer.id).routes.filter((r) => r.protocol === 'bgp').length).toBeGreaterThan(0);
  });

  it('runs a vRouter console in a pty that answers from this state, and follows a failure', async () => {
    const vr = vnf(web, 'router');
    const config = await configOf(web, vr.id);
    const ivrf = /^vrf definition (\S+)$/m.exec(config)![1]!;
    const host = siteHosts(web.siteList[1]!)!.first;
    const { session } = await admin.call('terminals.openConsole', { targetId: vr.id, cols: 140, rows: 50 });
    const r = await readSession(admin, session.id);
    const type = (line: string) => admin.call('terminals.write', { sessionId: session.id, data: `${line}\r` });
    await r.waitFor(new RegExp(`${vr.hostname}>$`));
    await type('enable');
    await r.waitFor(new RegExp(`${vr.hostname}#$`));
    await type('show running-config');
    await r.waitFor(new RegExp(`^hostname ${vr.hostname}\\r?$`, 'm'));
    await type(`show ip route vrf ${ivrf}`);
    await r.waitFor(new RegExp(`^S\\s+${web.siteList[1]!.lan!.replace(/\./g, '\\.')} \\[1/0\\] is directly connected, Virtual-Access2`, 'm'));
    await type('show crypto session');
    await r.waitFor(new RegExp(`Session status: UP-ACTIVE\\r?\\nPeer: ${cpeWanAddress(web.siteList[1]!.lan!)!.replace(/\./g, '\\.')} port 500`));
    await type(`ping vrf ${ivrf} ${host}`);
    await r.waitFor(/!!!!!\r?\nSuccess rate is 100 percent \(5\/5\)/);
    await type('show flux');
    await r.waitFor(/% Invalid input detected at '\^' marker\./);

    await admin.call('lab.failVnf', { vnfId: vr.id, reason: 'kernel panic' });
    await expect.poll(() => snap(vr.id).state, { timeout: 10_000 }).toBe('ERROR');
    await type('show ip route');
    await r.waitFor(new RegExp(`% ${vr.hostname} is not responding: its VM is in ERROR \\(lab: kernel panic\\)`));
    await admin.call('lab.repairVnf', { vnfId: vr.id });
    await expect.poll(() => snap(vr.id).state, { timeout: 10_000 }).toBe('ACTIVE');
    await type('show ip interface brief');
    await r.waitFor(/Virtual-Access1\s+unassigned\s+YES unset\s+up\s+up/);

    await type('exit');
    await expect
      .poll(async () => (await admin.call('terminals.list', {})).sessions.find((x) => x.id === session.id)?.state, { timeout: 10_000 })
      .toBe('exited');
    expect(sessionMembers(session.pid!)).toEqual([]);
    await admin.call('terminals.close', { sessionId: session.id });
    r.stop();
  });

  it('drops the consoles of a deleted service; an open one says its device is gone', async () => {
    const vr = vnf(edge, 'router');
    const { session } = await admin.call('terminals.openConsole', { targetId: vr.id, cols: 120, rows: 40 });
    const r = await readSession(admin, session.id);
    await r.waitFor(new RegExp(`${vr.hostname}>$`));
    await customer.call('services.delete', { id: edge.id, wait: true });
    expect(
      consoles()
        .targets()
        .some((t) => t.serviceId === edge.id),
    ).toBe(false);
    expect(consoles().snapshot(vr.id)).toBeNull();
    await admin.call('terminals.write', { sessionId: session.id, data: 'show version\r' });
    await r.waitFor(/% the device no longer exists/);
    await expect(admin.call('terminals.openConsole', { targetId: vr.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await admin.call('terminals.close', { sessionId: session.id });
    r.stop();
  });
});
