// The lab's VNF consoles as an operator meets them in the browser shell: the Terminals
// area lists every lab VNF with a console by tenant and service; one click opens a
// vRouter's console — a real program in a real pty — that shows the configuration the
// orchestrator rendered, its routes, its crypto sessions, answers pings from the lab's
// state and errs the IOS way; a vFirewall's console shows its nameifs; a failed VNF's
// console says it does not respond. The same one click opens a console from the Services
// page's VNF list and from the topology's menu — where an IPsec enforcer of the
// Infrastructure view opens its console too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browser, callIn, firstLogin, initialPassword, serveFresh, snap, type E2EServer } from './harness.js';
import { topologyOn, type Box } from './topology-helpers.js';

let srv: E2EServer;
let b: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  srv = await serveFresh([], { PODIUM_LAB_BOOT_MS: '0' });
  b = await browser();
  page = await b.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
});
afterAll(async () => {
  await b?.close();
  await srv?.stop();
});

/** The text of the visible terminal, scrollback included. */
function screen(): Promise<string> {
  return page.evaluate(() => {
    const el = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="terminal"]')).find((e) => e.style.display !== 'none');
    const box = el?.querySelector('.term-box') as (HTMLElement & { podiumText?: () => string }) | null;
    return box?.podiumText?.() ?? '';
  });
}

async function type(text: string) {
  await page.locator('[data-testid="terminal"]:visible .xterm-helper-textarea').first().focus();
  await page.keyboard.type(text);
}

const call = <T>(command: string, input: unknown) => callIn<T>(page, command, input);

interface Vnf {
  id: string;
  role: string;
  path: string;
  hostname: string;
  state: string;
}
interface Service {
  id: string;
  name: string;
  chains: { vnfs: Vnf[] }[];
  siteList: { index: number; lan: string | null; users: number }[];
}

async function service(name: string): Promise<Service> {
  const { services } = await call<{ services: { id: string; name: string }[] }>('services.list', {});
  const s = services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return (await call<{ service: Service }>('services.get', { id: s.id })).service;
}
const vnfOf = (s: Service, role: string, path = 'primary') => s.chains.flatMap((c) => c.vnfs).find((v) => v.role === role && v.path === path)!;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the lab’s VNF consoles in the browser shell', () => {
  let site: Service;
  let vr: Vnf;

  it('logs in as admin and lists the lab’s consoles by tenant and service in the Terminals area', async () => {
    await page.goto(srv.url);
    await firstLogin(page, 'admin', initialPassword(srv.dataDir));
    await page.getByRole('link', { name: /Terminals/ }).click();
    const list = page.getByRole('complementary', { name: 'Device consoles' });
    await list.waitFor();
    // The lab seeds its services after the start; the list follows them.
    await list.getByRole('group', { name: 'Acme Corp · Acme site-to-site' }).waitFor({ timeout: 60_000 });
    await list.getByRole('group', { name: 'Initech · Initech offices' }).getByText('ERROR').waitFor({ timeout: 60_000 });
    site = await service('Acme site-to-site');
    vr = vnfOf(site, 'router');
    expect(vr.state).toBe('ACTIVE');
    await snap(page, 'consoles-01-list');
  });

  it('opens a lab vRouter’s console with one click and finds its hostname in show running-config', async () => {
    await page.getByRole('button', { name: `Open the console of ${vr.hostname}` }).click();
    await page.getByRole('tab', { name: new RegExp(esc(vr.hostname)) }).waitFor();
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(new RegExp(`^${esc(vr.hostname)}>$`, 'm'));
    const { sessions } = await call<{ sessions: { title: string; kind: string; state: string }[] }>('terminals.list', {});
    expect(sessions.map((x) => [x.title, x.kind, x.state])).toEqual([[`${vr.hostname} (console)`, 'console', 'running']]);
    await type('enable\n');
    await expect.poll(() => screen()).toMatch(new RegExp(`^${esc(vr.hostname)}#$`, 'm'));
    await type('show running-config\n');
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(new RegExp(`^hostname ${esc(vr.hostname)}$`, 'm'));
    await expect.poll(() => screen()).toMatch(/^end\n.*#$/m);
    const text = await screen();
    expect(text).toContain('pre-shared-key ******');
    await snap(page, 'consoles-02-running-config');
  });

  it('shows its routes and crypto sessions from the lab’s state, and pings a site’s LAN', async () => {
    const configs = await call<{ vnfs: { vnfId: string; config: string }[] }>('services.configs', { id: site.id });
    const ivrf = /^vrf definition (\S+)$/m.exec(configs.vnfs.find((v) => v.vnfId === vr.id)!.config)![1]!;
    const lan = site.siteList[0]!.lan!;
    const host = lan.replace(/\.0\/24$/, '.10');
    await type('show ip route\n');
    await expect.poll(() => screen()).toMatch(/^Gateway of last resort is \d+\.\d+\.\d+\.\d+ to network 0\.0\.0\.0$/m);
    await type(`show ip route vrf ${ivrf}\n`);
    await expect.poll(() => screen()).toMatch(new RegExp(`^S\\s+${esc(lan)} \\[1/0\\] is directly connected, Virtual-Access1$`, 'm'));
    await type('show crypto session\n');
    await expect
      .poll(() => screen())
      .toMatch(/Interface: Virtual-Access1\nProfile: CLOUDVPN-IKEV2\nSession status: UP-ACTIVE\nPeer: 198\.19\.\d+\.\d+ port 500/);
    await type(`ping vrf ${ivrf} ${host}\n`);
    await expect
      .poll(() => screen())
      .toMatch(new RegExp(`Sending 5, 100-byte ICMP Echos to ${esc(host)}, timeout is 2 seconds:\\n!!!!!\\nSuccess rate is 100 percent \\(5/5\\)`));
    // The same LAN through the global table's default route (the internet): no answer.
    await type(`ping ${host}\n`);
    await expect
      .poll(() => screen())
      .toMatch(new RegExp(`Sending 5, 100-byte ICMP Echos to ${esc(host)}, timeout is 2 seconds:\\n\\.\\.\\.\\.\\.\\nSuccess rate is 0 percent \\(0/5\\)`));
    await snap(page, 'consoles-03-routes-crypto-ping');
  });

  it('answers an unknown command in IOS words, and exit ends the console', async () => {
    await type('show flux\n');
    await expect.poll(() => screen()).toMatch(new RegExp(`^${esc(vr.hostname)}#show flux\\n +\\^\\n% Invalid input detected at '\\^' marker\\.$`, 'm'));
    await type('frobnicate\n');
    await expect.poll(() => screen()).toMatch(new RegExp(`^${esc(vr.hostname)}#frobnicate\\n +\\^\\n% Invalid input detected at '\\^' marker\\.$`, 'm'));
    await snap(page, 'consoles-04-ios-error');
    await type('exit\n');
    const state = async () => {
      const { sessions } = await call<{ sessions: { title: string; state: string }[] }>('terminals.list', {});
      return sessions.find((s) => s.title.startsWith(vr.hostname))?.state;
    };
    await expect.poll(state, { timeout: 15_000 }).toBe('exited');
    await page.getByRole('button', { name: new RegExp(`^Close ${esc(vr.hostname)}`) }).click();
  });

  it('opens a vFirewall’s console whose running configuration names its inside and outside', async () => {
    const web = await service('Acme secure web');
    const fw = vnfOf(web, 'firewall');
    // The New terminal menu groups the same consoles by tenant and service.
    await page.getByRole('button', { name: 'New terminal' }).click();
    const group = page.getByRole('menu').getByRole('group', { name: 'Acme Corp · Acme secure web' });
    await group.getByRole('menuitem', { name: new RegExp(`^${esc(fw.hostname)}`) }).waitFor();
    expect(await group.getByRole('menuitem').count()).toBe(6);
    await snap(page, 'consoles-05a-menu');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: `Open the console of ${fw.hostname}` }).click();
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(new RegExp(`^${esc(fw.hostname)}>$`, 'm'));
    await type('enable\n');
    await type('show running-config\n');
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(/^ nameif inside$/m);
    const text = await screen();
    expect(text).toMatch(/^ nameif outside$/m);
    expect(text).toMatch(new RegExp(`^hostname ${esc(fw.hostname)}$`, 'm'));
    await type('show interface ip brief\n');
    await expect.poll(() => screen()).toMatch(/^GigabitEthernet0\/1\s+\d+\.\d+\.\d+\.\d+\s+YES CONFIG up\s+up$/m);
    await snap(page, 'consoles-05b-vfirewall');
  });

  it('opens the console of a failed vRouter, which says it does not respond', async () => {
    const initech = await service('Initech offices');
    const down = vnfOf(initech, 'router');
    expect(down.state).toBe('ERROR');
    await page.getByRole('button', { name: `Open the console of ${down.hostname}` }).click();
    await expect
      .poll(() => screen(), { timeout: 15_000 })
      .toContain(`% ${down.hostname} is not responding: its VM is in ERROR (lab: the primary vRouter stopped answering)`);
    await type('show ip route\n');
    await expect.poll(async () => (await screen()).split(`${down.hostname} is not responding`).length - 1).toBe(2);
    await snap(page, 'consoles-06-not-responding');
  });

  it('opens a console with one click from the Services page’s VNF list', async () => {
    const edge = await service('Globex internet edge');
    const vr = vnfOf(edge, 'router');
    await page.goto(`${srv.url.split('#')[0]}#/ops/services/${edge.id}`);
    await page.getByRole('heading', { name: 'Globex internet edge' }).waitFor();
    await page.getByRole('tab', { name: /^VNFs/ }).click();
    const row = page.getByTestId(`vnf-${vr.hostname}`);
    await row.waitFor();
    // The vIPS has no console: its row offers none.
    const ips = vnfOf(edge, 'ips');
    expect(
      await page
        .getByTestId(`vnf-${ips.hostname}`)
        .getByRole('button', { name: /console/ })
        .count(),
    ).toBe(0);
    await snap(page, 'consoles-07-services-page');
    await row.getByRole('button', { name: `Open the console of ${vr.hostname}` }).click();
    await page.getByRole('heading', { name: 'Terminals' }).waitFor();
    await page.getByRole('tab', { name: new RegExp(esc(vr.hostname)), selected: true }).waitFor();
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(new RegExp(`^${esc(vr.hostname)}>$`, 'm'));
  });

  it('opens a console with one click from the topology’s menu', async () => {
    const web = await service('Acme secure web');
    const ws = vnfOf(web, 'web-security', 'secondary');
    const topo = topologyOn(() => page);
    await page.goto(`${srv.url.split('#')[0]}#/topology/service/${web.id}`);
    await topo.ready('service', web.id);
    const id = `vnf:${ws.id}`;
    await expect.poll(async () => ((await topo.box(id))?.w ?? 0) > 20).toBe(true);
    const bb = (await topo.box(id)) as Box;
    await page.mouse.click(bb.x + bb.w / 2, bb.y + bb.h / 2, { button: 'right' });
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: /Open console/ }).waitFor();
    await snap(page, 'consoles-08-topology-menu');
    await menu.getByRole('menuitem', { name: /Open console/ }).click();
    await page.getByRole('tab', { name: new RegExp(esc(ws.hostname)), selected: true }).waitFor();
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(new RegExp(`^${esc(ws.hostname)}> $`, 'm'));
    await type('showconfig\n');
    await expect.poll(() => screen()).toContain(`<hostname>${ws.hostname}</hostname>`);
    await type('urlfiltering\n');
    await expect.poll(() => screen()).toContain('URL filtering level: high');
    await type('flux\n');
    await expect.poll(() => screen()).toContain('Unknown command or missing feature key: flux');
    await snap(page, 'consoles-09-vwebsecurity');
  });

  it('opens an IPsec enforcer’s console from the Infrastructure view’s menu and reads its enforcer status', async () => {
    const { enforcers } = await call<{
      enforcers: { id: string; name: string; address: string; ems: { url: string }; connections: { established: boolean }[] }[];
    }>('lab.enforcers', {});
    expect(enforcers).toHaveLength(3);
    const enf = enforcers.find((e) => e.name === 'ams-pod-1-enf-1')!;
    const topo = topologyOn(() => page);
    await page.goto(`${srv.url.split('#')[0]}#/topology/infrastructure`);
    await topo.ready('infrastructure');
    // Find it by name: the view zooms to it and selects it.
    await page.getByLabel('Find a node').fill(enf.name);
    await page.getByRole('option', { name: new RegExp(esc(enf.name)) }).waitFor();
    await page.keyboard.press('Enter');
    const details = page.getByRole('complementary', { name: `Details of ${enf.name}` });
    await details.waitFor();
    await expect.poll(() => details.textContent()).toContain(enf.ems.url);
    const id = `enf:${enf.id}`;
    await expect.poll(async () => ((await topo.box(id))?.w ?? 0) > 100).toBe(true);
    await snap(page, 'consoles-10-enforcer-infrastructure');
    const bb = (await topo.box(id)) as Box;
    await page.mouse.click(bb.x + bb.w / 2, bb.y + bb.h / 2, { button: 'right' });
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: /Open console/ }).click();
    await page.getByRole('tab', { name: new RegExp(esc(enf.name)), selected: true }).waitFor();
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(new RegExp(`^root@${esc(enf.name)}:~# $`, 'm'));
    await type('enforcer status\n');
    await expect.poll(() => screen()).toContain(`IPsec EMS:        ${enf.ems.url}`);
    const text = await screen();
    expect(text).toMatch(/^Registered: {7}yes$/m);
    const up = enf.connections.filter((c) => c.established).length;
    expect(text).toContain(`Connections:      ${enf.connections.length} from the EMS, ${up} established`);
    await snap(page, 'consoles-11-enforcer-status');
  });

  it('drew every page without a script or CSP error', () => {
    expect(pageErrors).toEqual([]);
  });
});
