// The topology views on the real thing: `podium serve` with the embedded lab, its
// orchestrator as the source. Open the infrastructure, find a lab VNF, read its details,
// fail it in the lab from the context menu and watch its colour change without reloading,
// repair it; open a service with automated recovery, see both paths and which one carries
// traffic, fail its primary vRouter and watch the switch; a lab customer sees only their
// own services. Colours are read from the canvas's pixels, positions from the probe.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PodiumApi } from '../../core/api/client.js';
import type { ServiceView } from '../../core/orchestrator/contract.js';
import { client } from '../helpers/child.js';
import { browser, initialPassword, login, serveFresh, snap, type E2EServer } from './harness.js';
import { topologyOn, type Box } from './topology-helpers.js';

const PASSWORD = 'Correct-Horse-Battery-9';

let srv: E2EServer;
let api: PodiumApi;
let closeApi: () => void;
let b: Browser;
let page: Page;
const { probe, ready, box, tileColourIs } = topologyOn(() => page);

const service = async (name: string): Promise<ServiceView> => {
  const s = (await api.call('services.list', {})).services.find((x) => x.name === name)!;
  return (await api.call('services.get', { id: s.id })).service;
};
const router = (s: ServiceView, path: 'primary' | 'secondary') => s.chains.find((c) => c.path === path)!.vnfs.find((v) => v.role === 'router')!;

beforeAll(async () => {
  srv = await serveFresh([], { PODIUM_LAB_BOOT_MS: '0', PODIUM_KEEPALIVE_MS: '200' });
  const c = client(srv);
  api = c.api;
  closeApi = c.close;
  const first = initialPassword(srv.dataDir);
  await api.call('auth.login', { username: 'admin', password: first });
  await api.call('auth.changePassword', { currentPassword: first, newPassword: PASSWORD });
  // The lab's services reach the states it seeds them in.
  const t0 = Date.now();
  for (;;) {
    const list = (await api.call('services.list', {})).services;
    const initech = list.find((s) => s.name === 'Initech offices');
    if (initech?.activePath === 'secondary' && list.find((s) => s.name === 'Acme secure web')?.state === 'ACTIVE') break;
    if (Date.now() - t0 > 60_000) throw new Error('the lab did not reach its states in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  b = await browser();
  page = await b.newPage({ viewport: { width: 1360, height: 820 } });
  page.on('dialog', (d) => void d.accept());
});
afterAll(async () => {
  closeApi?.();
  await b?.close();
  await srv?.stop();
});

/** Right-click a node and run one of its actions. */
async function act(id: string) {
  const bb = (await box(id)) as Box;
  await page.mouse.click(bb.x + bb.w / 2, bb.y + bb.h / 2, { button: 'right' });
  const menu = page.getByRole('menu');
  await menu.waitFor();
  return menu;
}

describe('topology on the embedded lab', () => {
  let vnfId = '';
  let hostname = '';
  let vmName = '';

  it('opens the infrastructure view: the lab’s data centres, PoDs, servers and VNFs, from the orchestrator', async () => {
    await page.goto(srv.url);
    await login(page, 'admin', PASSWORD);
    await page.getByRole('link', { name: /Topology/ }).click();
    await page.getByRole('tab', { name: 'Infrastructure' }).click();
    await ready('infrastructure');
    const snapNow = await api.call('topology.infrastructure', {});
    await expect.poll(() => probe<number>('p.nodeCount')).toBe(snapNow.nodes.length);
    expect(await page.getByTestId('topology-status').textContent()).toContain('orchestrator');
    const ids = await probe<string[]>('p.visibleIds()');
    expect(ids).toEqual(expect.arrayContaining(['dc:dc-dc-1-frankfurt', 'dc:dc-dc-2-amsterdam']));
    expect(ids.filter((i) => i.startsWith('pod:'))).toHaveLength(3);
    await snap(page, 'topology-lab-01-infrastructure');
  });

  it('finds a lab VNF by its host name and opens its details', async () => {
    const s = await service('Acme site-to-site');
    const v = router(s, 'primary');
    vnfId = `vnf:${v.id}`;
    hostname = v.hostname;
    vmName = v.vmName;
    await page.getByLabel('Find a node').fill(hostname);
    await page.getByRole('option', { name: new RegExp(hostname) }).waitFor();
    await snap(page, 'topology-lab-02-search');
    await page.keyboard.press('Enter');
    const details = page.getByRole('complementary', { name: `Details of ${hostname}` });
    await details.waitFor();
    await expect
      .poll(async () => {
        const bb = await box(vnfId);
        return !!bb && bb.w > 100;
      })
      .toBe(true);
    const text = () => details.textContent();
    await expect.poll(text).toContain('Acme Corp');
    expect(await text()).toContain(v.interfaces.find((i) => i.ip)!.ip);
    expect(await text()).toContain(String(v.nodeId));
    expect(await text()).toContain(v.serverName);
    await snap(page, 'topology-lab-03-details');
    await details.getByRole('tab', { name: 'Configuration' }).click();
    await expect.poll(() => page.getByTestId('configuration').textContent()).toContain(`hostname ${hostname}`);
    await snap(page, 'topology-lab-04-configuration');
    await details.getByRole('tab', { name: 'Operations' }).click();
    await expect.poll(text).toContain('CREATE');
    await details.getByRole('tab', { name: 'Utilization' }).click();
    await expect.poll(text).toContain('vCPU held on');
    await details.getByRole('tab', { name: 'Properties' }).click();
  });

  it('fails it in the lab from the context menu: its colour changes without reloading; repairs it again', async () => {
    expect(await tileColourIs(vnfId, 'ACTIVE')).toBe(true);
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const menu = await act(vnfId);
    const items = await menu.getByRole('menuitem').allTextContents();
    expect(items).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Fail in the lab'),
        expect.stringContaining('Restart (re-create its VM)'),
        expect.stringContaining('Show details'),
      ]),
    );
    expect(items.some((i) => i.includes('Repair in the lab'))).toBe(false);
    await snap(page, 'topology-lab-05-context-menu');
    await menu.getByRole('menuitem', { name: /Fail in the lab/ }).click();
    await expect.poll(() => probe<string>(`p.state(${JSON.stringify(vnfId)})`)).toBe('ERROR');
    await expect.poll(() => tileColourIs(vnfId, 'ERROR')).toBe(true);
    await expect.poll(() => page.getByTestId('details-state').textContent()).toBe('ERROR');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true); // no reload
    const vm = (await api.call('lab.vms', {})).vms.find((x) => x.name === vmName)!;
    expect(vm).toMatchObject({ status: 'ERROR', fault: 'lab: failed from the topology view' });
    await page.waitForTimeout(1000); // past the ring that marks a change
    await snap(page, 'topology-lab-06-failed');

    const menu2 = await act(vnfId);
    expect(await menu2.getByRole('menuitem').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Repair in the lab'), expect.stringContaining('Repair its service')]),
    );
    await menu2.getByRole('menuitem', { name: /Repair in the lab/ }).click();
    await expect.poll(() => tileColourIs(vnfId, 'ACTIVE')).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  let webId = '';
  let primaryRouter = '';

  it('opens a service with automated recovery from one of its VNFs: both paths, traffic on the primary', async () => {
    const s = await service('Acme secure web');
    webId = s.id;
    primaryRouter = `vnf:${router(s, 'primary').id}`;
    await page.getByLabel('Find a node').fill(router(s, 'primary').hostname);
    await page.keyboard.press('Enter');
    await expect.poll(async () => ((await box(primaryRouter))?.w ?? 0) > 100).toBe(true);
    const menu = await act(primaryRouter);
    await menu.getByRole('menuitem', { name: /Open its service chain/ }).click();
    await ready('service', webId);
    expect(page.url()).toContain(`#/topology/service/${webId}/`);
    await page.getByRole('complementary', { name: `Details of ${router(s, 'primary').hostname}` }).waitFor();
    expect(await page.getByTestId('active-path').textContent()).toContain('primary');
    const edges = await probe<{ kind: string; path: string | null; active: boolean }[]>('p.edges()');
    const chain = edges.filter((e) => e.kind === 'chain');
    expect(chain.some((e) => e.path === 'primary') && chain.some((e) => e.path === 'redundant')).toBe(true);
    expect(chain.filter((e) => e.active).every((e) => e.path === 'primary')).toBe(true);
    expect(edges.filter((e) => e.kind === 'tunnel' && e.active).every((e) => e.path === 'primary')).toBe(true);
    expect(edges.filter((e) => e.kind === 'inter-router')).toHaveLength(1);
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.waitForTimeout(600); // after the move to the chosen node
    await probe('p.fit()');
    await page.waitForTimeout(400);
    expect(await tileColourIs(primaryRouter, 'ACTIVE')).toBe(true);
    await snap(page, 'topology-lab-07-service');
  });

  it('fails its primary vRouter in the lab and shows the traffic moving to the redundant path', async () => {
    const menu = await act(primaryRouter);
    await menu.getByRole('menuitem', { name: /Fail in the lab/ }).click();
    await expect.poll(() => page.getByTestId('active-path').textContent()).toContain('redundant');
    const after = await probe<{ kind: string; path: string | null; active: boolean; up: boolean }[]>('p.edges()');
    const active = after.filter((e) => (e.kind === 'chain' || e.kind === 'tunnel') && e.active);
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((e) => e.path === 'redundant')).toBe(true);
    expect(after.filter((e) => e.path === 'primary').every((e) => !e.up)).toBe(true);
    await expect.poll(() => tileColourIs(primaryRouter, 'ERROR')).toBe(true);
    expect(await probe<{ state: string } | null>('p.service()')).toMatchObject({ activePath: 'redundant', state: 'DEGRADED' });
    await page.waitForTimeout(1000);
    await snap(page, 'topology-lab-08-service-switched');

    const back = await act(primaryRouter);
    await back.getByRole('menuitem', { name: /Repair in the lab/ }).click();
    await expect.poll(() => page.getByTestId('active-path').textContent()).toContain('primary');
    await expect.poll(() => tileColourIs(primaryRouter, 'ACTIVE')).toBe(true);
    await page.waitForTimeout(1000);
    await snap(page, 'topology-lab-09-service-back');
  });

  it('shows Initech offices as the lab left it: degraded, its sites on the redundant path', async () => {
    const s = await service('Initech offices');
    await page.getByRole('combobox', { name: 'Service' }).selectOption(s.id);
    await ready('service', s.id);
    expect(await page.getByTestId('active-path').textContent()).toContain('redundant');
    expect(await probe<string>(`p.state(${JSON.stringify(`vnf:${router(s, 'primary').id}`)})`)).toBe('ERROR');
    await page.waitForTimeout(500);
    await snap(page, 'topology-lab-10-initech');
  });

  it('lists a service ordered meanwhile in the service picker, without reloading', async () => {
    const picker = page.getByRole('combobox', { name: 'Service' });
    expect(await picker.locator('option').allTextContents()).not.toContain('Globex kiosk — Globex');
    await api.call('services.order', {
      tenantId: 'globex',
      intent: {
        name: 'Globex kiosk',
        packageId: 'foundation',
        company: { sites: 1, usersPerSite: 5, bandwidthMbps: 10 },
        sites: [{ name: 'Kiosk', cpeModelId: 'isr1111', address: { line1: '1 Station Square', city: 'Utrecht', postalCode: '3511', country: 'NL' } }],
      },
      wait: true,
    });
    await expect.poll(() => picker.locator('option').allTextContents()).toContain('Globex kiosk — Globex');
  });

  it('a lab customer sees only their own tenant’s services, and no infrastructure', async () => {
    const line = readFileSync(join(srv.dataDir, 'lab-users.txt'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('alice.acme\t'))!;
    const first = line.split('\t')[3]!;
    await page.getByRole('button', { name: 'Log out' }).click();
    await login(page, 'alice.acme', first);
    await page.getByLabel('New password', { exact: true }).fill('Alice-Lab-Passw0rd-1');
    await page.getByLabel('Repeat the new password').fill('Alice-Lab-Passw0rd-1');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('link', { name: /Topology/ }).click();
    // The first of their services opens.
    const opened = (await api.call('topology.services', { tenantId: 'acme' })).services[0]!;
    await ready('service', opened.id);
    expect(await page.getByRole('tab', { name: 'Infrastructure' }).count()).toBe(0);
    const options = await page.getByRole('combobox', { name: 'Service' }).locator('option').allTextContents();
    expect(options.length).toBeGreaterThan(0);
    expect(options.every((o) => o.includes('Acme Corp'))).toBe(true);
    expect(options.length).toBe((await api.call('topology.services', { tenantId: 'acme' })).services.length);
    await page.waitForTimeout(500);
    await snap(page, 'topology-lab-11-customer');
  });
});
