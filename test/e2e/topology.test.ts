// The topology views as a user meets them in the browser shell, on a test host whose
// inventory is generated (test/bench/lib/topology-host.ts — orchestration is not part of this
// build yet): open the infrastructure, find a VNF, read its details, watch its colour
// change when the core reports a new state, collapse and expand, move with the keyboard,
// select several, export SVG and PNG, come back to the same view; open a redundant service
// and watch traffic move to the redundant path when the primary fails.
//
// Colours are checked on the canvas's pixels; where a node is drawn comes from the page's
// small probe (window.__podiumTopology, renderer/src/topology/probe.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ROOT, browser, login, snap } from './harness.js';
import { near, topologyOn } from './topology-helpers.js';
import { ADMIN_PASSWORD, startTopologyHost, type TopologyHost } from '../bench/lib/topology-host.js';

let th: TopologyHost;
let b: Browser;
let page: Page;

beforeAll(async () => {
  th = await startTopologyHost({ nodes: 2000, seed: 4, rendererDir: join(ROOT, 'dist', 'renderer') });
  b = await browser();
  page = await b.newPage({ viewport: { width: 1360, height: 820 }, acceptDownloads: true });
});
afterAll(async () => {
  await b?.close();
  await th?.close();
});

const { probe, ready, pixel, tileColourIs } = topologyOn(() => page);

let vnf: { id: string; name: string; address: string; serverId: string };

describe('topology in the browser shell', () => {
  it('logs in and opens the infrastructure view', async () => {
    await page.goto(th.served.url);
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: /Topology/ }).click();
    await ready('infrastructure');
    expect(await probe<number>('p.nodeCount')).toBe(th.source.nodeCount);
    expect(await page.getByTestId('topology-status').textContent()).toContain(`${th.source.nodeCount.toLocaleString('en-US')} nodes`);
    await snap(page, 'topology-01-infrastructure');
  });

  it('finds a VNF by address, centres it and opens its details', async () => {
    const v = th.source.infra.vnfs.find((x) => x.type === 'vrouter' && x.state === 'ACTIVE')!;
    vnf = { id: `vnf:${v.id}`, name: v.name, address: v.addresses[0]!, serverId: `srv:${v.serverId}` };
    await page.getByLabel('Find a node').fill(vnf.address);
    await page.getByRole('option', { name: new RegExp(vnf.name) }).waitFor();
    await snap(page, 'topology-02-search');
    await page.keyboard.press('Enter');
    const details = page.getByRole('complementary', { name: `Details of ${vnf.name}` });
    await details.waitFor();
    // Centred on the canvas, zoomed in far enough to read.
    await expect
      .poll(async () => {
        const box = await probe<{ x: number; y: number; w: number; h: number }>(`p.screenBox(${JSON.stringify(vnf.id)})`);
        const c = await page.locator('canvas.topo-canvas').boundingBox();
        return Math.hypot(box.x + box.w / 2 - (c!.x + c!.width / 2), box.y + box.h / 2 - (c!.y + c!.height / 2)) < 30 && box.w > 100;
      })
      .toBe(true);
    await expect.poll(() => details.getByText(vnf.address).count()).toBeGreaterThan(0);
    expect(await details.textContent()).toContain(v.tenantName!);
    await snap(page, 'topology-03-details');
    await details.getByRole('tab', { name: 'Configuration' }).click();
    await expect.poll(() => page.getByTestId('configuration').textContent()).toContain('crypto ikev2 profile CLOUD-VPN');
    await details.getByRole('tab', { name: 'Operations' }).click();
    await expect.poll(() => details.textContent()).toContain('CREATE');
    await details.getByRole('tab', { name: 'Utilization' }).click();
    await expect.poll(() => details.textContent()).toContain('vCPU');
    await details.getByRole('tab', { name: 'Properties' }).click();
  });

  it('shows the new colour when the core reports a new state, without reloading', async () => {
    expect(await tileColourIs(vnf.id, 'ACTIVE')).toBe(true);
    const fetchesBefore = await probe<number>('p.version');
    th.source.setVnfState(vnf.id.slice(4), 'ERROR', 'VM crashed (test)');
    await expect.poll(() => probe<string>(`p.state(${JSON.stringify(vnf.id)})`)).toBe('ERROR');
    await expect.poll(() => tileColourIs(vnf.id, 'ERROR')).toBe(true);
    expect(await page.getByTestId('details-state').textContent()).toBe('ERROR');
    expect(await probe<number>('p.version')).toBe(fetchesBefore + 1); // a delta, not a reload
    await snap(page, 'topology-04-state-error');
    th.source.setVnfState(vnf.id.slice(4), 'DEGRADED');
    await expect.poll(() => tileColourIs(vnf.id, 'DEGRADED')).toBe(true);
  });

  it('collapses and expands a server from its context menu and the keyboard', async () => {
    const kids = th.source.infra.vnfs.filter((x) => `srv:${x.serverId}` === vnf.serverId).map((x) => `vnf:${x.id}`);
    const box = (await probe<{ x: number; y: number }>(`p.screenBox(${JSON.stringify(vnf.serverId)})`))!;
    await page.mouse.click(box.x + 30, box.y + 8, { button: 'right' });
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Collapse / expand'), expect.stringContaining('Show details')]),
    );
    await snap(page, 'topology-05-context-menu');
    await menu.getByRole('menuitem', { name: /Collapse \/ expand/ }).click();
    await expect.poll(async () => (await probe<string[]>('p.visibleIds()')).filter((id) => kids.includes(id)).length).toBe(0);
    await snap(page, 'topology-06-collapsed');
    await page.locator('canvas.topo-canvas').focus();
    await page.keyboard.press('Space'); // the focused server opens again
    await expect.poll(async () => (await probe<string[]>('p.visibleIds()')).filter((id) => kids.includes(id)).length).toBe(kids.length);
  });

  it('moves with the arrow keys, opens with Enter, and selects several with Ctrl-click', async () => {
    await page.keyboard.press('ArrowDown'); // from the server to the nearest node below
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const name = await page.getByRole('complementary').getByRole('heading').first().textContent();
    expect(name).toBeTruthy();
    const first = (await probe<{ x: number; y: number; w: number; h: number }>(`p.screenBox(${JSON.stringify(vnf.id)})`))!;
    await page.mouse.click(first.x + first.w / 2, first.y + first.h / 2);
    const near2 = th.source.infra.vnfs.filter((x) => `srv:${x.serverId}` === vnf.serverId && `vnf:${x.id}` !== vnf.id).slice(0, 2);
    await page.keyboard.down('Control');
    for (const n of near2) {
      const bb = (await probe<{ x: number; y: number; w: number; h: number }>(`p.screenBox(${JSON.stringify(`vnf:${n.id}`)})`))!;
      await page.mouse.click(bb.x + bb.w / 2, bb.y + bb.h / 2);
    }
    await page.keyboard.up('Control');
    await page.getByRole('complementary', { name: 'Selection' }).getByRole('heading', { name: '3 selected' }).waitFor();
    await snap(page, 'topology-07-multi-select');
    await page.keyboard.press('Escape');
  });

  it('exports what is on screen as SVG and PNG', async () => {
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    const svgFile = join(ARTIFACTS, 'topology-export.svg');
    await svgDl.saveAs(svgFile);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox=/);
    expect(svg).not.toContain('<image');
    expect(svg).toContain(`data-node="${vnf.id}"`);
    expect(svg).toContain(`>${vnf.name}</text>`);
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThan(20);
    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
    const png = readFileSync(await pngDl.path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const c = (await page.locator('canvas.topo-canvas').boundingBox())!;
    expect(png.readUInt32BE(16)).toBe(Math.round(c.width));
    expect(png.readUInt32BE(20)).toBe(Math.round(c.height));
  });

  it('keeps zoom, collapsed groups and filters across a reload', async () => {
    const pod = [...th.source.infra.pods].slice(-1)[0]!;
    const podKids = th.source.infra.servers.filter((s) => s.podId === pod.id).map((s) => `srv:${s.id}`);
    const podBox = (await probe<{ x: number; y: number } | null>(`p.screenBox(${JSON.stringify(`pod:${pod.id}`)})`)) ?? null;
    if (!podBox) await probe('p.fit()');
    await page.locator('canvas.topo-canvas').focus();
    await page.keyboard.press('0');
    await page.waitForTimeout(500);
    const pb = (await probe<{ x: number; y: number }>(`p.screenBox(${JSON.stringify(`pod:${pod.id}`)})`))!;
    await page.mouse.dblclick(pb.x + 4, pb.y + 4);
    await expect.poll(async () => (await probe<string[]>('p.visibleIds()')).some((id) => podKids.includes(id))).toBe(false);
    await page.getByRole('button', { name: /^DEGRADED/ }).click();
    await page.keyboard.press('+');
    await page.waitForTimeout(400);
    const t = await probe<{ k: number; x: number; y: number }>('p.transform()');
    await page.waitForTimeout(400); // saved a moment after the last change
    await page.reload();
    await ready('infrastructure');
    const t2 = await probe<{ k: number; x: number; y: number }>('p.transform()');
    expect(Math.abs(t2.k - t.k)).toBeLessThan(1e-6);
    expect(Math.abs(t2.x - t.x)).toBeLessThan(0.5);
    expect(Math.abs(t2.y - t.y)).toBeLessThan(0.5);
    expect((await probe<string[]>('p.visibleIds()')).some((id) => podKids.includes(id))).toBe(false);
    expect(await page.getByRole('button', { name: /^DEGRADED/ }).getAttribute('aria-pressed')).toBe('true');
    await snap(page, 'topology-08-restored');
    await page.getByRole('button', { name: 'Reset view' }).click();
    await expect.poll(async () => (await probe<string[]>('p.visibleIds()')).some((id) => podKids.includes(id))).toBe(true);
  });

  it('follows the theme', async () => {
    await page.getByRole('button', { name: 'Legend' }).click();
    await page.getByRole('region', { name: 'Legend' }).waitFor();
    const c = (await page.locator('canvas.topo-canvas').boundingBox())!;
    const bg = (v: string) => page.evaluate((name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim(), v);
    const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    await snap(page, 'topology-09-legend-dark');
    await page.keyboard.press('Control+Shift+L');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    await probe('p.fit()');
    await expect.poll(async () => near(await pixel(c.x + c.width - 3, c.y + 3), hex(await bg('--bg')), 3)).toBe(true);
    await snap(page, 'topology-10-light');
    await page.keyboard.press('Control+Shift+L');
    await page.getByRole('button', { name: 'Close legend' }).click();
  });

  it('shows a redundant service with both paths, and the switch when the primary fails', async () => {
    const r = th.source.firstRedundant();
    await page.goto(`${th.served.baseUrl}/#/topology/service/${r.id}`);
    await ready('service', r.id);
    expect(await page.getByTestId('active-path').textContent()).toContain('primary');
    const edges = await probe<{ kind: string; path: string | null; active: boolean }[]>('p.edges()');
    const chain = edges.filter((e) => e.kind === 'chain');
    expect(chain.some((e) => e.path === 'primary') && chain.some((e) => e.path === 'redundant')).toBe(true);
    expect(chain.filter((e) => e.active).every((e) => e.path === 'primary')).toBe(true);
    expect(edges.filter((e) => e.kind === 'inter-router')).toHaveLength(1);
    const router = `vnf:${r.chains[0]!.vnfs[0]!.id}`;
    expect(await tileColourIs(router, 'ACTIVE')).toBe(true);
    await snap(page, 'topology-11-service');
    th.source.failPrimary(r.id);
    await expect.poll(() => page.getByTestId('active-path').textContent()).toContain('redundant');
    const after = await probe<{ kind: string; path: string | null; active: boolean }[]>('p.edges()');
    expect(after.filter((e) => e.kind === 'chain' && e.active).every((e) => e.path === 'redundant')).toBe(true);
    expect(after.filter((e) => e.kind === 'chain' && e.active).length).toBeGreaterThan(0);
    await expect.poll(() => tileColourIs(router, 'ERROR')).toBe(true);
    await page.waitForTimeout(1000);
    await snap(page, 'topology-12-service-switched');
  });
});
