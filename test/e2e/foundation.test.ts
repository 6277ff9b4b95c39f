// The foundation, as a user meets it in the browser shell: first login with the initial
// password, the forced change, creating an operator, logging out, logging in as the
// operator — who is not offered Admin, and whose admin command sent anyway is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browser, firstLogin, initialPassword, login, serveFresh, snap, type E2EServer } from './harness.js';

let srv: E2EServer;
let b: Browser;
let page: Page;

beforeAll(async () => {
  srv = await serveFresh(['--no-lab']);
  b = await browser();
  page = await b.newPage({ viewport: { width: 1360, height: 820 } });
});
afterAll(async () => {
  await b?.close();
  await srv?.stop();
});

describe('first start in the browser shell', () => {
  it('prints the initial admin password and serves the login page behind the token', async () => {
    const pw = initialPassword(srv.dataDir);
    expect(srv.output()).toContain(pw);
    await page.goto(srv.baseUrl + '/');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('podium serve');
    await snap(page, '01-login-without-token');
    await page.goto(srv.url);
    await page.getByLabel('Username').waitFor();
    expect(page.url()).not.toContain('token='); // kept out of the address bar
    await snap(page, '02-login');
  });

  it('refuses a wrong password with a readable message', async () => {
    await login(page, 'admin', 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('wrong username or password');
  });

  it('logs in with the initial password and forces a change', async () => {
    await login(page, 'admin', initialPassword(srv.dataDir));
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await snap(page, '03-first-password-change');
    await page.getByLabel('New password', { exact: true }).fill('Correct-Horse-Battery-9');
    await page.getByLabel('Repeat the new password').fill('Correct-Horse-Battery-9');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    // An admin lands on Tenants (renderer/src/app/landing.ts decides each role's page).
    await page.getByRole('heading', { name: 'Tenants' }).waitFor();
    await page.getByRole('link', { name: /Users/ }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    expect(await page.getByTestId('status-user').textContent()).toContain('admin · admin');
    expect(await page.getByTestId('connection-state').textContent()).toContain('Connected');
    await snap(page, '04-admin-users');
  });

  it('creates an operator and shows their temporary password once', async () => {
    await page.getByRole('button', { name: /New user/ }).click();
    const dlg = page.getByRole('dialog', { name: 'New user' });
    await dlg.getByLabel('Username').fill('nina');
    await dlg.getByLabel('Display name').fill('Nina Operator');
    await dlg.getByLabel('Role').selectOption('operator');
    await snap(page, '05-new-user');
    await dlg.getByRole('button', { name: 'Create user' }).click();
    const temp = (await page.getByTestId('temporary-password').textContent())?.trim() ?? '';
    expect(temp).toMatch(/^[A-Za-z0-9]{16}$/);
    await snap(page, '06-temporary-password');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'nina', exact: true }).waitFor();
    process.env['E2E_NINA_PASSWORD'] = temp;
  });

  it('shows the audit log with the user creation', async () => {
    await page.getByRole('link', { name: /Audit log/ }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'user:nina' }).first().waitFor();
    await snap(page, '07-audit-log');
  });

  it('opens the command palette with Ctrl+K and runs a command', async () => {
    await page.keyboard.press('Control+k');
    await page.getByLabel('Search commands').fill('system.info');
    await snap(page, '08-palette');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.getByTestId('command-result').textContent()).toContain('"product": "Podium"');
    await snap(page, '09-run-command');
    await page.keyboard.press('Escape');
  });

  it('switches to the light theme', async () => {
    await page.keyboard.press('Control+Shift+L');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
    await snap(page, '10-light-theme');
    await page.keyboard.press('Control+Shift+L');
  });

  it('logs out, and the operator logs in, changes the password, and is not offered Admin', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Username').waitFor();
    await firstLogin(page, 'nina', process.env['E2E_NINA_PASSWORD'] ?? '', 'Blue-Lantern-Harbour-4');
    // An operator lands on Services.
    await page.getByRole('heading', { name: 'Services', exact: true }).waitFor();
    await page.getByRole('link', { name: /Account/ }).click();
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    expect(await page.getByTestId('status-user').textContent()).toContain('nina · operator');
    expect(await page.getByRole('group', { name: 'Admin' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Users/ }).count()).toBe(0);
    await snap(page, '11-operator-account');
  });

  it('refuses an admin command the operator sends anyway, and the admin page by address', async () => {
    const r = await page.evaluate(() => window.podium!.call('users.create', { username: 'sneaky', role: 'admin' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await page.goto(srv.baseUrl + '/#/admin/users');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await snap(page, '12-operator-forbidden');
  });

  it('keeps the session across a reload', async () => {
    await page.goto(srv.baseUrl + '/#/account');
    await page.reload();
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    expect(await page.getByTestId('status-user').textContent()).toContain('nina');
  });
});
