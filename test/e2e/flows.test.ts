// Flows in the browser, with the lab's live traffic: Home tiles, the Flows page (a filter
// with a typo shows the column of the mistake; a valid filter, top N, sankey, live mode
// ticking, CSV export), the Exporters page, a top talker's and a vRouter's flows opened
// from Home and from the topology.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browser, callIn, firstLogin, initialPassword, serveFresh, snap, type E2EServer } from './harness.js';
import { topologyOn, type Box } from './topology-helpers.js';

let srv: E2EServer;
let b: Browser;
let page: Page;

beforeAll(async () => {
  srv = await serveFresh([], { PODIUM_LAB_BOOT_MS: '0', PODIUM_LAB_FLOWS_RATE: '400' });
  b = await browser();
  page = await b.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
});
afterAll(async () => {
  await b?.close();
  await srv?.stop();
});

const num = (s: string | null) => Number((s ?? '').replace(/[^\d.]/g, ''));

describe('flows in the browser', () => {
  it('logs in and lands on Home, whose tiles show the lab traffic', async () => {
    await page.goto(srv.url);
    await firstLogin(page, 'admin', initialPassword(srv.dataDir));
    // admins land on Tenants (renderer/src/app/landing.ts); Home is one link away
    await page.getByRole('heading', { name: 'Tenants' }).waitFor();
    await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: /^Home/ }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    const tile = page.locator('[data-tile="flows"] .fl-tile-value');
    await expect.poll(async () => num(await tile.textContent()), { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
    await expect
      .poll(async () => num(await page.locator('[data-tile="exporters"] .fl-tile-value').textContent()), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    await expect.poll(async () => page.locator('[data-tile="protocols"] li').count()).toBeGreaterThan(0);
    await page.waitForTimeout(4000); // a few seconds of sparkline
    await snap(page, 'flows-01-home');
  });

  it("opens a top talker's flows from Home", async () => {
    const talkers = page.locator('[data-tile="talkers"] li button');
    await expect.poll(() => talkers.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const addr = ((await talkers.first().textContent()) ?? '').trim();
    expect(addr).toMatch(/^[\d.]+$|:/);
    await talkers.first().click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    expect(await page.getByLabel('Filter').inputValue()).toBe(`addr = ${addr}`);
  });

  it('shows a filter mistake at its column, then applies a valid filter', async () => {
    await page.getByRole('link', { name: /Flows/ }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    const box = page.getByLabel('Filter');
    await box.fill('proto = tcp and dstprot = 443');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Column 17: unknown field "dstprot" — did you mean dstport?');
    await snap(page, 'flows-02-filter-error');
    await box.fill('proto = t');
    await expect.poll(() => page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').allTextContents()).toEqual([expect.stringContaining('tcp')]);
    await box.press('Tab');
    await expect.poll(() => box.inputValue()).toBe('proto = tcp ');
    await box.press('End');
    await box.pressSequentially('or proto = udp');
    await box.press('Enter');
    await expect.poll(() => page.getByText('Filter applied').count()).toBe(1);
    const rows = page.getByRole('table', { name: 'Top N' }).locator('tbody tr');
    await expect.poll(async () => (await rows.allTextContents()).join('|'), { timeout: 20_000 }).toMatch(/tcp|udp/);
    const keys = await page.getByRole('table', { name: 'Top N' }).locator('tbody tr td:nth-child(2)').allTextContents();
    for (const k of keys) expect(['tcp', 'udp']).toContain(k);
  });

  it('groups by two dimensions: top N and a sankey', async () => {
    await page.getByRole('button', { name: 'proto', exact: true }).click(); // off
    await page.getByRole('button', { name: 'exporter', exact: true }).click();
    await page.getByRole('button', { name: 'dstport', exact: true }).click();
    await page.getByRole('img', { name: /Sankey of exporter, dstport/ }).waitFor({ timeout: 20_000 });
    expect(await page.locator('svg[aria-label^="Sankey"] rect').count()).toBeGreaterThan(3);
    const head = await page.getByRole('table', { name: 'Top N' }).locator('thead th').allTextContents();
    expect(head).toEqual(expect.arrayContaining(['Exporter', 'Destination port']));
    await snap(page, 'flows-03-flows-sankey');
  });

  it('updates live once a second, pauses and resumes', async () => {
    const stamp = page.getByText(/^updated \d\d:\d\d:\d\d$/);
    const first = await stamp.textContent();
    await expect.poll(() => stamp.textContent(), { timeout: 5000, interval: 200 }).not.toBe(first);
    await page.getByRole('button', { name: 'Live' }).click();
    await page.getByRole('button', { name: 'Paused' }).waitFor();
    const paused = await stamp.textContent();
    await page.waitForTimeout(2500);
    expect(await stamp.textContent()).toBe(paused);
    await page.getByRole('button', { name: 'Paused' }).click();
    await expect.poll(() => stamp.textContent(), { timeout: 5000 }).not.toBe(paused);
  });

  it('exports the top N as CSV, and switches to lines with the previous period', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
    const file = await dl.path();
    const csv = readFileSync(file!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('exporter,dstport,bytes,packets,flows');
    expect(csv.length).toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Lines' }).click();
    await page.getByLabel('Previous period').check();
    await page.getByRole('button', { name: 'Packets/s' }).click();
    await page.getByText('Previous period (total)').waitFor();
    await snap(page, 'flows-04-lines-previous');
  });

  it('shows exporter health', async () => {
    await page.getByRole('link', { name: /Exporters/ }).click();
    await page.getByRole('heading', { name: 'Exporters' }).waitFor();
    const rows = page.getByRole('table', { name: 'Exporter health' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect((await rows.allTextContents()).join(' ')).toMatch(/router|firewall|switch/);
    // the lab's sFlow agents number each data source's samples on its own: no false gaps
    const agents = rows.filter({ hasText: 'sFlow agent' });
    await expect.poll(() => agents.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    for (const text of await agents.allTextContents()) expect(text).not.toContain('issues');
    await snap(page, 'flows-05-exporters');
  });

  it("opens a vRouter's flows from the topology's menu", async () => {
    type Vnf = { id: string; role: string; path: string; hostname: string; state: string; interfaces: { network: string; ip: string | null }[] };
    const { services } = await callIn<{ services: { id: string; state: string }[] }>(page, 'services.list', {});
    let svc: { id: string; activePath: string | null; chains: { vnfs: Vnf[] }[] } | null = null;
    for (const s of services.filter((x) => x.state === 'ACTIVE')) {
      svc = (await callIn<{ service: NonNullable<typeof svc> }>(page, 'services.get', { id: s.id })).service;
      break;
    }
    expect(svc).not.toBeNull();
    const path = svc!.activePath ?? 'primary';
    const vr = svc!.chains.flatMap((c) => c.vnfs).find((v) => v.role === 'router' && v.path === path && v.state === 'ACTIVE')!;
    const mgmt = vr.interfaces.find((i) => i.network === 'mgmt')!.ip!.replace(/\/\d+$/, '');
    const topo = topologyOn(() => page);
    await page.goto(`${srv.url.split('#')[0]}#/topology/service/${svc!.id}`);
    await topo.ready('service', svc!.id);
    const id = `vnf:${vr.id}`;
    await expect.poll(async () => ((await topo.box(id))?.w ?? 0) > 20).toBe(true);
    const bb = (await topo.box(id)) as Box;
    await page.mouse.click(bb.x + bb.w / 2, bb.y + bb.h / 2, { button: 'right' });
    const item = page.getByRole('menu').getByRole('menuitem', { name: /Show this node's flows/ });
    await item.waitFor();
    await snap(page, 'flows-06-topology-menu');
    await item.click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    // the filter names the vRouter's addresses; the lab's traffic to and from its
    // management address is there (top N by source or destination shows it)
    expect(await page.getByLabel('Filter').inputValue()).toContain(`addr = ${mgmt}`);
    for (const d of ['exporter', 'dstport']) await page.getByRole('button', { name: d, exact: true }).click(); // off
    await page.getByRole('button', { name: 'src', exact: true }).click();
    const keys = page.getByRole('table', { name: 'Top N' }).locator('tbody tr td:nth-child(2)');
    await expect.poll(async () => (await keys.allTextContents()).join(' '), { timeout: 30_000 }).toContain(mgmt);
    await snap(page, 'flows-07-node-flows');
  });

  it('looks right in the light theme too', async () => {
    await page.getByRole('link', { name: /Flows/ }).click();
    await page.keyboard.press('Control+Shift+L');
    await page.waitForTimeout(1500);
    await snap(page, 'flows-08-light');
    await page.keyboard.press('Control+Shift+L');
  });
});
