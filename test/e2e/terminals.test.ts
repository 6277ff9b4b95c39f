// Terminals as a user meets them in the browser shell: a local shell tab answers
// `echo $((6*7))` with 42, follows the window's size, survives a reload (re-attached from
// the scrollback), and closing its tab ends its processes. A profile that cannot start
// opens a tab that says why and offers Retry. Two panes, broadcast input, the profiles
// manager, and a device console program running in a terminal.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browser, firstLogin, initialPassword, serveFresh, snap, ROOT, type E2EServer } from './harness.js';
import { sessionMembers } from '../core/terminals/helpers.js';
import { vrouter } from '../core/terminals/fixtures.js';

let srv: E2EServer;
let b: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  srv = await serveFresh(['--no-lab']);
  b = await browser();
  page = await b.newPage({ viewport: { width: 1360, height: 820 } });
  // xterm's renderers under the console's strict CSP: nothing may be refused.
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(e.message));
});
afterAll(async () => {
  await b?.close();
  await srv?.stop();
});

/** The text on screen of the visible terminal (or the n-th one). */
function screen(nth = -1): Promise<string> {
  return page.evaluate((n) => {
    const all = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="terminal"]'));
    const el = n < 0 ? all.find((e) => e.style.display !== 'none') : all[n];
    const box = el?.querySelector('.term-box') as (HTMLElement & { podiumText?: () => string }) | null;
    return box?.podiumText?.() ?? '';
  }, nth);
}

async function sessions() {
  return page.evaluate(async () => {
    const r = await window.podium!.call('terminals.list', {});
    if (!r.ok) throw new Error(r.error.message);
    return (r.output as { sessions: { id: string; pid: number; cols: number; rows: number; state: string; title: string }[] }).sessions;
  });
}

async function type(text: string) {
  await page.locator('[data-testid="terminal"]:visible .xterm-helper-textarea').first().focus();
  await page.keyboard.type(text);
}

describe('terminals in the browser shell', () => {
  it('logs in and opens the Terminals area', async () => {
    await page.goto(srv.url);
    await firstLogin(page, 'admin', initialPassword(srv.dataDir));
    await page.getByRole('link', { name: /Terminals/ }).click();
    await page.getByRole('heading', { name: 'No terminal open' }).waitFor();
    await snap(page, 'term-01-empty');
  });

  it('opens a local shell tab that answers echo $((6*7)) with 42', async () => {
    await page.getByRole('button', { name: 'Local shell' }).click();
    await expect.poll(async () => (await sessions()).length).toBe(1);
    await type('echo $((6*7))\n');
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(/^42$/m);
    const renderer = await page.locator('[data-testid="terminal"]').first().getAttribute('data-renderer');
    console.log(`terminal renderer in this Chromium: ${renderer}`);
    await type('ls --color=always / | head -5\n');
    await snap(page, 'term-02-local-shell');
  });

  it('follows the size of the window', async () => {
    const before = (await sessions())[0]!;
    await page.setViewportSize({ width: 1000, height: 600 });
    await expect.poll(async () => (await sessions())[0]!.cols, { timeout: 10_000 }).toBeLessThan(before.cols);
    const now = (await sessions())[0]!;
    expect(now.rows).toBeLessThan(before.rows);
    await type('clear; stty size\n');
    await expect.poll(() => screen()).toContain(`${now.rows} ${now.cols}`);
    await snap(page, 'term-03-resized');
    await page.setViewportSize({ width: 1360, height: 820 });
  });

  it('re-attaches after a reload, replaying the scrollback', async () => {
    await type('echo before-reload-$((5*5))\n');
    await expect.poll(() => screen()).toMatch(/^before-reload-25$/m);
    const id = (await sessions())[0]!.id;
    await page.reload();
    await page.locator(`[data-testid="terminal"][data-session="${id}"]`).waitFor();
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(/^before-reload-25$/m);
    await type('echo after-reload\n');
    await expect.poll(() => screen()).toMatch(/^after-reload$/m);
    expect((await sessions()).map((s) => s.id)).toEqual([id]);
    await snap(page, 'term-04-reattached');
  });

  it('closing the tab ends the shell and every job it started', async () => {
    await type('sleep 321 &\n');
    const s = (await sessions())[0]!;
    await expect.poll(() => sessionMembers(s.pid).some((p) => p.comm === 'sleep')).toBe(true);
    await page.getByRole('button', { name: `Close ${s.title}` }).click();
    await expect.poll(async () => (await sessions()).length).toBe(0);
    expect(sessionMembers(s.pid)).toEqual([]);
  });

  it('says what failed for a profile whose program is missing, and offers Retry', async () => {
    await page.evaluate(() => window.podium!.call('terminals.profiles.create', { kind: 'local', name: 'Broken shell', shell: '/opt/missing/zsh' }));
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: /Broken shell/ }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not open Broken shell' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('the program /opt/missing/zsh was not found');
    await snap(page, 'term-05-error-tab');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('alert').filter({ hasText: 'Could not open Broken shell' }).waitFor();
    await alert.getByRole('button', { name: 'Close tab' }).click();
  });

  it('splits into two panes and broadcasts input to the selected tabs', async () => {
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: /Local shell/ }).click();
    await expect.poll(async () => (await sessions()).length).toBe(1);
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: /Local shell/ }).click();
    await expect.poll(async () => (await sessions()).filter((s) => s.state === 'running').length).toBe(2);
    await page.getByRole('button', { name: 'Split' }).click();
    await expect.poll(() => page.locator('.term-pane').count()).toBe(2);
    await page.getByRole('button', { name: /Broadcast/ }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: /Broadcast to/ }).count()).toBe(2);
    await type('echo broadcast-$((20+22))\n');
    await expect.poll(() => screen(0)).toMatch(/^broadcast-42$/m);
    await expect.poll(() => screen(1)).toMatch(/^broadcast-42$/m);
    await snap(page, 'term-06-split-broadcast');
    await page.getByRole('button', { name: /Broadcast/ }).click();
  });

  it('runs a device console program in a terminal (IOS XE style, fixture state)', async () => {
    // The lab's vRouter consoles come from the orchestrator; here the console program runs
    // on a fixture device state file, to show the CLI in a real terminal.
    const dir = mkdtempSync(join(tmpdir(), 'podium-e2e-console-'));
    writeFileSync(join(dir, 'vrouter.json'), JSON.stringify(vrouter));
    await type(`clear; node ${join(ROOT, 'dist/core/terminals/consoles/main.js')} --state ${join(dir, 'vrouter.json')}\n`);
    await expect.poll(() => screen(), { timeout: 15_000 }).toMatch(/acme-7f3a-vr-p>\s*$/);
    await type('enable\nshow running-config | include hostname\n');
    await expect.poll(() => screen()).toMatch(/^hostname acme-7f3a-vr-p$/m);
    await type('show frobnicate\n');
    await expect.poll(() => screen()).toContain("% Invalid input detected at '^' marker.");
    await type('terminal length 0\nsh ip int br\nshow crypto session\nping 203.0.113.1\n');
    await expect.poll(() => screen()).toContain('Success rate is 100 percent (5/5)');
    await snap(page, 'term-07-console');
    await type('exit\n');
  });

  it('finds text in the scrollback and zooms the font', async () => {
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByLabel('Find in terminal').fill('IKEV2-PROFILE');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await page.getByText('No match').count()).toBe(0);
    await page.getByLabel('Find in terminal').fill('no-such-text-anywhere');
    await page.keyboard.press('Enter');
    await page.getByText('No match').waitFor();
    await page.getByLabel('Find in terminal').fill('IKEV2-PROFILE');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Larger font' }).click();
    await page.getByRole('button', { name: 'Larger font' }).click();
    expect(await page.getByLabel('Font size', { exact: true }).last().textContent()).toBe('15px');
    await snap(page, 'term-08-search-zoom');
    await page.getByRole('button', { name: 'Close search' }).click();
    await page.getByRole('button', { name: 'Smaller font' }).click();
    await page.getByRole('button', { name: 'Smaller font' }).click();
  });

  it('manages profiles without ever showing a stored key', async () => {
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: 'Manage profiles…' }).click();
    const dlg = page.getByRole('dialog', { name: 'Connection profiles' });
    await dlg.getByRole('button', { name: 'New profile' }).click();
    await dlg.getByLabel('Name').fill('Lab jump host');
    await dlg.getByLabel('Host').fill('127.0.0.1');
    await dlg.getByLabel('User').fill('noc');
    await dlg.getByLabel('Pasted key').fill('-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1ib2R5\n-----END OPENSSH PRIVATE KEY-----');
    await snap(page, 'term-09-new-ssh-profile');
    await dlg.getByRole('button', { name: 'Create profile' }).click();
    await dlg.getByRole('cell', { name: 'Lab jump host', exact: true }).waitFor();
    await snap(page, 'term-10-profiles');
    await dlg
      .getByRole('row', { name: /Lab jump host/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    expect(await dlg.getByLabel(/Pasted key/).inputValue()).toBe('');
    expect(await page.content()).not.toContain('c2VjcmV0LWtleS1ib2R5');
    await dlg.getByRole('button', { name: 'Cancel' }).click();
    await page.keyboard.press('Escape');
  });

  it('logs the session to a file on request', async () => {
    await page.getByRole('button', { name: 'Log to file' }).click();
    await page.getByRole('button', { name: 'Logging' }).waitFor();
    const file = (await page.locator('.term-status span[title]').last().getAttribute('title')) ?? '';
    expect(file).toContain(`${srv.dataDir}/terminal-logs/`);
    await type('echo into-the-log-$((40+2))\n');
    await expect.poll(() => screen()).toMatch(/^into-the-log-42$/m);
    await expect.poll(() => readFileSync(file, 'utf8')).toMatch(/^into-the-log-42\r?$/m);
    await snap(page, 'term-12-logging');
    await page.getByRole('button', { name: 'Logging' }).click();
    await page.getByRole('button', { name: 'Log to file' }).waitFor();
  });

  it('pastes from the clipboard with Ctrl+Shift+V', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.baseUrl });
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((7*6))'));
    await page.locator('[data-testid="terminal"]:visible .xterm-helper-textarea').first().focus();
    await page.keyboard.press('Control+Shift+V');
    await page.keyboard.press('Enter');
    await expect.poll(() => screen()).toMatch(/^pasted-42$/m);
    await new Promise((r) => setTimeout(r, 200));
    expect((await screen()).match(/echo pasted-/g)).toHaveLength(1); // pasted once
  });

  it('shows an admin everyone’s sessions, and closes one', async () => {
    const before = await sessions();
    expect(before.length).toBe(2);
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: /Everyone’s sessions/ }).click();
    const dlg = page.getByRole('dialog', { name: 'Everyone’s terminal sessions' });
    await expect.poll(() => dlg.getByRole('row').count()).toBe(3);
    await snap(page, 'term-13-all-sessions');
    await dlg.getByRole('button', { name: `Close admin’s session ${before[1]!.id}` }).click();
    await expect.poll(() => dlg.getByRole('row').count()).toBe(2);
    await page.keyboard.press('Escape');
    // The tab of the closed session goes too.
    await expect.poll(() => page.getByRole('tab').count()).toBe(1);
    expect(sessionMembers(before[1]!.pid)).toEqual([]);
  });

  it('looks right in the light theme', async () => {
    await page.keyboard.press('Control+Shift+L');
    await snap(page, 'term-11-light');
    await page.keyboard.press('Control+Shift+L');
  });

  it('met no script error and no refusal by the content security policy', () => {
    expect(pageErrors).toEqual([]);
  });
});
