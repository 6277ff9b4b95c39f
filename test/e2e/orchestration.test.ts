// The service interface by role, in the browser shell on the embedded lab: a customer shops
// a Foundation service through every step of the wizard (with a field-level error for an
// impossible answer), watches it become ACTIVE, upgrades it to Advanced with Web Security
// (dry-run diff, new price) and deletes it; the operator and the admin see each step in
// their views (Services with the PoD; tenant usage and PoD utilization); a customer cannot
// reach another tenant's service; the operator fails the primary vRouter of a redundant
// service and sees the active path switch, and runs an ESC failover drill.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browser, firstLogin, initialPassword, serveFresh, snap, type E2EServer } from './harness.js';

let srv: E2EServer;
let b: Browser;
let customer: Page;
let operator: Page;
let admin: Page;

/** The service this test orders, and where it runs. */
const svc = { id: '', name: 'Acme branch offices', pod: '' };
/** Readings taken before a change, to see it change. */
const before = { tenantVcpu: 0, podVcpu: 0 };

beforeAll(async () => {
  srv = await serveFresh([], { PODIUM_LAB_BOOT_MS: '200-600', PODIUM_KEEPALIVE_MS: '250' });
  b = await browser();
  const page = async () => (await b.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  customer = await page();
  operator = await page();
  admin = await page();
});
afterAll(async () => {
  await b?.close();
  await srv?.stop();
});

function labPassword(user: string): string {
  const line = readFileSync(join(srv.dataDir, 'lab-users.txt'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}\t`));
  if (!line) throw new Error(`${user} is not in lab-users.txt`);
  return line.split('\t')[3]!;
}

async function firstLoginAt(page: Page, user: string, first: string, chosen: string) {
  await page.goto(srv.url);
  await firstLogin(page, user, first, chosen);
}

/** Go to an area by its link in the navigation. */
const go = (page: Page, label: string) =>
  page
    .getByRole('navigation', { name: 'Areas' })
    .getByRole('link', { name: new RegExp(`^${label}`) })
    .click();
const meter = (page: Page, scope: string, label: string) => page.getByTestId(scope).getByRole('meter', { name: label });
const reading = async (page: Page, scope: string, label: string) => Number(await meter(page, scope, label).getAttribute('aria-valuenow'));

describe('the customer shops a Foundation service', () => {
  it('logs in with the first password from lab-users.txt, chooses their own, and lands on My services', async () => {
    await firstLoginAt(customer, 'alice.acme', labPassword('alice.acme'), 'Harbour-Lantern-Quill-7');
    await customer.getByRole('heading', { name: 'My services' }).waitFor();
    await customer.getByRole('cell', { name: 'Acme site-to-site' }).waitFor();
    expect(await customer.getByRole('link', { name: /Tenants|Operations/ }).count()).toBe(0);
    await snap(customer, 'orch-01-customer-my-services');
  });

  it('chooses a package from the Cloud VPN services', async () => {
    await go(customer, 'Shop');
    await customer.getByRole('heading', { name: 'Cloud VPN services' }).waitFor();
    expect(await customer.getByRole('radio').count()).toBe(3);
    await expect.poll(() => customer.getByLabel('Chain of Advanced with Web Security').textContent()).toMatch(/vRouter.*vFirewall.*vWeb Security/);
    await snap(customer, 'orch-02-shop-packages');
    await customer.getByRole('radio', { name: 'Foundation' }).check();
    await customer.getByRole('button', { name: /Continue/ }).click();
    await customer.getByRole('heading', { name: 'Tell us about your company' }).waitFor();
  });

  it('gets a field-level error for 0 sites, at the field, and a running price once it is fixed', async () => {
    const sites = customer.getByLabel('How many enterprise sites?');
    await sites.fill('0');
    await expect.poll(() => sites.getAttribute('aria-invalid')).toBe('true');
    await customer.getByText('at least 1 site').waitFor();
    // Continue does not move on while an answer is wrong
    await customer.getByRole('button', { name: /Continue/ }).click();
    await customer.getByText('One answer needs a look before you continue.').waitFor();
    await snap(customer, 'orch-03-company-error');
    // a billion users per site is refused at its own field too
    const users = customer.getByLabel('Users at each site');
    await users.fill('1000000000');
    await customer.getByText('at most 10,000 users per site').waitFor();
    await sites.fill('2');
    await users.fill('30');
    await customer.getByLabel('Service name').fill(svc.name);
    await expect.poll(() => sites.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => customer.getByTestId('price-monthly').textContent()).toContain('USD 220'); // 180 + 2 × 20
    // an option Foundation does not have is offered off, with the reason
    expect(await customer.getByLabel(/Intrusion Prevention Service/).isDisabled()).toBe(true);
    await snap(customer, 'orch-04-company');
    await customer.getByRole('button', { name: /Continue/ }).click();
    await customer.getByRole('heading', { name: 'Select equipment' }).waitFor();
  });

  it('chooses a CPE model and a shipping address per site', async () => {
    // a missing address is reported at its fields
    await customer.getByRole('button', { name: /Continue/ }).click();
    await customer.getByRole('group', { name: 'Site 1', exact: true }).getByText('a city is needed').waitFor();
    for (const [i, city] of [
      [1, 'Berlin'],
      [2, 'Hamburg'],
    ] as const) {
      const site = customer.getByRole('group', { name: `Site ${i}`, exact: true });
      await site.getByLabel('Site name').fill(`${city} office`);
      await site.getByLabel('CPE model').selectOption('isr1111');
      await site.getByLabel('Street', { exact: true }).fill(`${i} Example Street`);
      await site.getByLabel('City').fill(city);
      await site.getByLabel('Postal code').fill(`1011${i}`);
      await site.getByLabel('Country').fill('de');
    }
    await expect
      .poll(() =>
        customer
          .getByRole('alert')
          .filter({ hasText: /needed|country code/ })
          .count(),
      )
      .toBe(0);
    await snap(customer, 'orch-05-equipment');
    await customer.getByRole('button', { name: /Continue/ }).click();
    await customer.getByRole('heading', { name: 'Installation addresses' }).waitFor();
  });

  it('sees the installation summary: devices, their cost and the addresses', async () => {
    const table = customer.getByRole('table', { name: 'Devices and addresses' });
    await table.getByText('1 Example Street, 10111 Berlin, DE').waitFor();
    await table.getByText('2 Example Street, 10112 Hamburg, DE').waitFor();
    expect(await customer.getByTestId('equipment-total').textContent()).toBe('USD 1,450'); // 2 × 690 + 2 × 35
    await snap(customer, 'orch-06-installation');
    await customer.getByRole('button', { name: /Continue/ }).click();
    await customer.getByRole('heading', { name: 'Order summary' }).waitFor();
  });

  it('reviews the order summary with its price and the dry run: chain, PoD and data centre', async () => {
    const dry = customer.getByTestId('dry-run');
    await dry.getByText('Primary path', { exact: true }).waitFor();
    expect(await dry.textContent()).toMatch(/vRouter\s*CSR1000V/);
    svc.pod = (await dry.locator('[data-pod]').first().getAttribute('data-pod')) ?? '';
    expect(svc.pod).toMatch(/-pod-\d+$/);
    expect(await dry.textContent()).toMatch(new RegExp(`${svc.pod} · DC-\\d`));
    expect(await customer.getByTestId('price-once').textContent()).toContain('USD 1,700'); // 250 set-up + 1,450
    await snap(customer, 'orch-07-order-summary');
  });

  it('purchases (a double click orders once) and watches it become ACTIVE', async () => {
    await customer.getByRole('button', { name: /Purchase/ }).dblclick();
    await customer.getByRole('heading', { name: /Setting up your service|Your service is active/ }).waitFor();
    await snap(customer, 'orch-08-provisioning');
    await customer.getByRole('heading', { name: 'Your service is active' }).waitFor({ timeout: 30_000 });
    await snap(customer, 'orch-09-active');
    await customer.getByRole('button', { name: /Open in My services/ }).click();
    await customer.getByRole('heading', { name: svc.name, exact: true, level: 1 }).waitFor();
    svc.id = ((await customer.getByTestId('service-id').textContent()) ?? '').trim();
    expect(svc.id).toMatch(/^svc_/);
    await customer.locator('[data-state="ACTIVE"]').first().waitFor();
    expect(await customer.getByTestId('path-primary').textContent()).toContain(svc.pod);
    const mine = (await customer.evaluate(() => window.podium!.call('services.list', {}))) as { ok: boolean; output?: { services: { name: string }[] } };
    expect(mine.ok).toBe(true);
    expect(mine.output!.services.filter((s) => s.name === 'Acme branch offices')).toHaveLength(1);
    await snap(customer, 'orch-10-service-detail');
  });
});

describe('the operator and the admin see it', () => {
  it('the operator sees the new service in Services with its PoD', async () => {
    await firstLoginAt(operator, 'noc', labPassword('noc'), 'Granite-Meadow-Signal-3');
    await operator.getByRole('heading', { name: 'Services', exact: true }).waitFor();
    const row = operator.getByRole('row').filter({ hasText: svc.name });
    await row.waitFor();
    expect(await row.textContent()).toContain(svc.pod);
    expect(await row.textContent()).toContain('Acme Corp');
    await snap(operator, 'orch-11-operator-services');
    await row.click();
    await operator.getByRole('heading', { name: svc.name, exact: true, level: 1 }).waitFor();
    await operator.getByRole('tab', { name: /VNFs/ }).click();
    await operator
      .getByRole('table', { name: 'VNFs' })
      .getByText(/-vr-p$/)
      .waitFor();
    await snap(operator, 'orch-12-operator-service-vnfs');
  });

  it('the admin lands on Tenants and sees the tenant’s usage and the PoD’s utilization', async () => {
    await firstLoginAt(admin, 'admin', initialPassword(srv.dataDir), 'Correct-Horse-Battery-9');
    await admin.getByRole('heading', { name: 'Tenants' }).waitFor();
    await admin.getByRole('cell', { name: /Acme Corp/ }).click();
    await admin.getByRole('heading', { name: 'Acme Corp' }).waitFor();
    await admin.getByRole('row').filter({ hasText: svc.name }).waitFor();
    await snap(admin, 'orch-13-admin-tenant');
    before.tenantVcpu = await reading(admin, 'tenant-usage', 'vCPU');
    expect(before.tenantVcpu).toBeGreaterThanOrEqual(2);
    await snap(admin, 'orch-13-admin-tenant');
    await go(admin, 'PoDs');
    await admin.getByRole('heading', { name: 'PoDs' }).waitFor();
    before.podVcpu = await reading(admin, `util-${svc.pod}`, 'vCPU');
    expect(before.podVcpu).toBeGreaterThanOrEqual(2);
    await snap(admin, 'orch-14-admin-pods');
  });
});

describe('the customer upgrades it to Advanced with Web Security', () => {
  it('sees the dry-run diff and the price before and after, confirms; a boot that fails in the lab is reported in words', async () => {
    await customer.getByRole('button', { name: 'Update' }).click();
    await customer.getByRole('heading', { name: `Change ${svc.name}` }).waitFor();
    await customer.getByRole('radio', { name: 'Advanced with Web Security' }).check();
    // the answers are kept; every step is reachable from the step indicator
    await customer
      .getByRole('list', { name: 'Update steps' })
      .getByRole('button', { name: /Review/ })
      .click();
    await customer.getByRole('heading', { name: 'Review the change' }).waitFor();
    const changes = customer.getByRole('list', { name: 'Changes' });
    await changes.getByText(/vFirewall \(ASAv, 1 vCPU\) — new/).waitFor();
    await changes.getByText(/vWeb Security \(WSAv, 2 vCPU\) — new/).waitFor();
    await changes.getByText(/vRouter \(CSR1000V, 2 vCPU\) — reconfigured/).waitFor();
    expect(await customer.getByTestId('price-change').textContent()).toMatch(/USD 220 → USD 700/); // 640 + 2 × 30; 10 Mbps and medium URL filtering included
    await snap(customer, 'orch-15-update-review');
    // the lab will fail the web security appliance's boot (as a VIM would report it)
    const armed = await operator.evaluate(() => window.podium!.call('lab.failBoots', { tenantId: 'acme', role: 'web-security', count: 1 }));
    expect(armed).toMatchObject({ ok: true });
    await customer.getByRole('button', { name: /Confirm the change/ }).click();
    await customer.getByRole('alert').filter({ hasText: 'The change could not be completed.' }).waitFor({ timeout: 30_000 });
    expect(await customer.getByRole('alert').filter({ hasText: 'could not be completed' }).textContent()).toMatch(
      /went to ERROR: lab: the boot failed.*Our operators see it/,
    );
    await snap(customer, 'orch-16a-update-failed');
  });

  it('the operator sees the failed update with its configuration changes as a diff, retries it, and it becomes ACTIVE with three VNFs', async () => {
    await operator.getByTestId('operation-panel').locator('[data-state="FAILED"]').waitFor();
    await operator.getByRole('tab', { name: 'Configurations' }).click();
    const diff = operator.getByRole('region', { name: 'Pending change' });
    await diff.getByText('reconfigured').waitFor();
    expect(await diff.getByText('added').count()).toBe(2);
    await diff
      .getByLabel(/Configuration change of .*-vr-p/)
      .locator('.add')
      .first()
      .waitFor();
    await snap(operator, 'orch-16b-operator-pending-diff');
    await operator.getByTestId('operation-panel').getByRole('button', { name: 'Retry' }).click();
    await customer.getByRole('heading', { name: 'Your service is updated' }).waitFor({ timeout: 30_000 });
    await snap(customer, 'orch-16c-updated');
    await expect.poll(() => diff.count()).toBe(0);
    await customer.getByRole('button', { name: /Open in My services/ }).click();
    await customer.getByRole('heading', { name: svc.name, exact: true, level: 1 }).waitFor();
    const primary = customer.getByTestId('path-primary');
    await expect.poll(() => primary.locator('[data-state="ACTIVE"]').count()).toBe(3);
    expect(await customer.getByTestId('service-package').textContent()).toContain('Advanced with Web Security');
    await snap(customer, 'orch-17-upgraded-detail');
  });

  it('the operator’s Services and the admin’s tenant usage and PoD utilization follow', async () => {
    await go(operator, 'Services');
    const row = operator.getByRole('row').filter({ hasText: svc.name });
    await expect.poll(() => row.textContent()).toContain('Advanced with Web Security');
    await snap(operator, 'orch-18-operator-upgraded');
    await expect.poll(() => reading(admin, `util-${svc.pod}`, 'vCPU'), { timeout: 10_000 }).toBe(before.podVcpu + 3);
    await snap(admin, 'orch-19-admin-pods-upgraded');
    await go(admin, 'Tenants');
    await admin.getByRole('cell', { name: /Acme Corp/ }).click();
    await expect.poll(() => reading(admin, 'tenant-usage', 'vCPU'), { timeout: 10_000 }).toBe(before.tenantVcpu + 3);
    await snap(admin, 'orch-20-admin-tenant-upgraded');
  });
});

describe('the customer deletes it', () => {
  it('sees what goes away, confirms, and the service is DELETED', async () => {
    await customer.getByRole('button', { name: 'Delete' }).click();
    const dlg = customer.getByRole('dialog', { name: `Delete ${svc.name}?` });
    await dlg.getByText(/3 virtual network functions \(CSR1000V, ASAv, WSAv\)/).waitFor();
    await snap(customer, 'orch-21-delete-dialog');
    await dlg.getByRole('button', { name: 'Delete service' }).click();
    await customer.getByText('This service was deleted').waitFor({ timeout: 30_000 });
    await snap(customer, 'orch-22-deleted');
    await go(customer, 'My services');
    await customer.getByRole('cell', { name: 'Acme site-to-site' }).waitFor();
    expect(await customer.getByRole('cell', { name: svc.name }).count()).toBe(0);
  });

  it('the operator’s list drops it and the admin sees the resources given back', async () => {
    await expect.poll(() => operator.getByRole('row').filter({ hasText: svc.name }).count(), { timeout: 10_000 }).toBe(0);
    await operator.getByLabel('Deleted too').check();
    await operator.getByRole('row').filter({ hasText: svc.name }).locator('[data-state="DELETED"]').waitFor();
    await snap(operator, 'orch-23-operator-deleted');
    await operator.getByLabel('Deleted too').uncheck();
    await expect.poll(() => reading(admin, 'tenant-usage', 'vCPU'), { timeout: 10_000 }).toBe(before.tenantVcpu - 2);
    await go(admin, 'PoDs');
    await expect.poll(() => reading(admin, `util-${svc.pod}`, 'vCPU'), { timeout: 10_000 }).toBe(before.podVcpu - 2);
  });
});

describe('a customer never reaches another tenant’s service', () => {
  it('an Initech service’s id, by address or by command, is "not found" for an Acme customer', async () => {
    await operator.getByRole('row').filter({ hasText: 'Initech offices' }).click();
    await operator.getByRole('heading', { name: 'Initech offices' }).waitFor();
    const other = /\/ops\/services\/(svc_[0-9a-f]+)/.exec(operator.url())?.[1] ?? '';
    expect(other).toMatch(/^svc_/);
    await customer.goto(`${srv.baseUrl}/#/my-services/${other}`);
    await customer.getByRole('heading', { name: 'Service not found' }).waitFor();
    await snap(customer, 'orch-24-other-tenant-not-found');
    const r = await customer.evaluate((id) => window.podium!.call('services.get', { id }), other);
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'not found' } });
    const del = await customer.evaluate((id) => window.podium!.call('services.delete', { id }), other);
    expect(del).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const list = (await customer.evaluate(() => window.podium!.call('services.list', { includeDeleted: true }))) as {
      ok: boolean;
      output?: { services: { tenantId: string }[] };
    };
    expect(list.ok).toBe(true);
    expect(new Set(list.output!.services.map((s) => s.tenantId))).toEqual(new Set(['acme']));
  });
});

describe('redundancy', () => {
  it('failing the primary vRouter of a redundant service in the lab switches its active path, and recovering it switches back', async () => {
    await go(operator, 'Services');
    // keyboard: a row takes the focus and Enter opens it
    await operator.getByRole('row').filter({ hasText: 'Acme secure web' }).focus();
    await operator.keyboard.press('Enter');
    await operator.getByRole('heading', { name: 'Acme secure web' }).waitFor();
    await expect.poll(() => operator.getByTestId('active-path').textContent()).toContain('primary');
    await operator.getByRole('tab', { name: /VNFs/ }).click();
    await operator.getByRole('button', { name: /^Fail .*-vr-p in the lab$/ }).click();
    await snap(operator, 'orch-25-fail-vrouter');
    await operator.getByRole('dialog').getByRole('button', { name: 'Fail it' }).click();
    await operator.getByRole('tab', { name: 'Overview' }).click();
    await expect.poll(() => operator.getByTestId('active-path').textContent(), { timeout: 10_000 }).toContain('secondary');
    expect(await operator.getByTestId('path-primary').textContent()).toContain('down');
    await snap(operator, 'orch-26-path-switched');
    await go(operator, 'Redundancy');
    const paths = operator.getByRole('table', { name: 'Service paths' }).getByRole('row').filter({ hasText: 'Acme secure web' });
    await expect.poll(() => paths.textContent()).toMatch(/down.*up.*secondary/);
    await snap(operator, 'orch-27-redundancy-paths');
    await operator.goBack();
    await operator.getByRole('tab', { name: /VNFs/ }).click();
    await operator.getByRole('button', { name: /^Recover .*-vr-p in the lab$/ }).click();
    await operator.getByRole('tab', { name: 'Overview' }).click();
    await expect.poll(() => operator.getByTestId('active-path').textContent(), { timeout: 10_000 }).toContain('primary');
  });

  it('an ESC failover drill flips master and slave, live', async () => {
    await go(operator, 'Redundancy');
    const pair = operator.getByRole('group', { name: 'ESC pair esc:pod-fra-pod-1' });
    const master = pair.locator('[data-role="master"]');
    await master.waitFor();
    const was = await master.getAttribute('data-testid');
    await pair.getByRole('button', { name: /Drill/ }).click();
    await expect.poll(() => master.getAttribute('data-testid'), { timeout: 10_000 }).not.toBe(was);
    await operator
      .getByRole('list', { name: 'Redundancy changes' })
      .getByText(/promoted itself to master/)
      .waitFor();
    await snap(operator, 'orch-28-esc-drill');
    // the silenced node comes back as slave by itself
    await expect.poll(() => pair.locator(`[data-testid="${was}"]`).getAttribute('data-role'), { timeout: 10_000 }).toBe('slave');
  });
});

describe('the admin manages tenants, users, the catalog and the PoDs', () => {
  it('creates a tenant with quotas, and a customer of it by picking the tenant', async () => {
    await go(admin, 'Tenants');
    await admin.getByRole('button', { name: /New tenant/ }).click();
    const dlg = admin.getByRole('dialog', { name: 'New tenant' });
    await dlg.getByLabel('Name', { exact: true }).fill('Umbrella Health');
    await dlg.getByLabel('Contact name').fill('Ada Wong');
    await dlg.getByLabel('Services at most').fill('2');
    await dlg.getByLabel('vCPU at most').fill('12');
    await snap(admin, 'orch-29-new-tenant');
    await dlg.getByRole('button', { name: 'Create tenant' }).click();
    await admin.getByRole('heading', { name: 'Umbrella Health' }).waitFor();
    expect(await meter(admin, 'tenant-usage', 'vCPU').getAttribute('aria-valuemax')).toBe('12');
    // disable and enable it again
    await admin.getByRole('button', { name: 'Disable' }).click();
    await admin.getByText('Disabled: Umbrella Health cannot order or change services.', { exact: false }).waitFor();
    await admin.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => admin.getByRole('button', { name: 'Disable' }).count()).toBe(1);
    await go(admin, 'Users');
    await admin.getByRole('button', { name: /New user/ }).click();
    const nu = admin.getByRole('dialog', { name: 'New user' });
    await nu.getByLabel('Username').fill('ada.umbrella');
    await nu.getByLabel('Role').selectOption('customer');
    await nu.getByLabel('Tenant').selectOption('umbrella-health');
    await nu.getByRole('button', { name: 'Create user' }).click();
    await admin.getByTestId('temporary-password').waitFor();
    await admin.getByRole('button', { name: 'Done' }).click();
    await admin.getByRole('row').filter({ hasText: 'ada.umbrella' }).getByText('umbrella-health').waitFor();
  });

  it('a quota below the usage is refused at its field; at the usage, the shop says the quota is short', async () => {
    await go(admin, 'Tenants');
    await admin.getByRole('cell', { name: /Acme Corp/ }).click();
    await admin.getByRole('heading', { name: 'Acme Corp' }).waitFor();
    const used = await reading(admin, 'tenant-usage', 'vCPU');
    await admin.getByRole('button', { name: 'Edit' }).click();
    const dlg = admin.getByRole('dialog', { name: 'Edit Acme Corp' });
    await dlg.getByLabel('vCPU at most').fill(String(used - 1));
    await dlg.getByRole('button', { name: 'Save' }).click();
    await dlg.getByText(`below what the tenant already uses (${used} vCPU)`).waitFor();
    await dlg.getByLabel('vCPU at most').fill(String(used));
    await dlg.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => meter(admin, 'tenant-usage', 'vCPU').getAttribute('aria-valuemax')).toBe(String(used));
    await go(customer, 'Shop');
    await customer.getByRole('radio', { name: 'Foundation' }).check();
    await customer.getByRole('button', { name: /Continue/ }).click();
    const short = customer.getByTestId('shortage');
    await expect.poll(() => short.textContent()).toMatch(new RegExp(`tenant Acme Corp would use ${used + 2} vCPU, over its quota of ${used}`));
    await snap(customer, 'orch-30-quota-short');
    await admin.getByRole('button', { name: 'Edit' }).click();
    await admin.getByRole('dialog', { name: 'Edit Acme Corp' }).getByLabel('vCPU at most').fill('200');
    await admin.getByRole('dialog', { name: 'Edit Acme Corp' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => short.count()).toBe(0);
  });

  it('edits the catalog: a problem at its field, then a price saved as a new version after a review', async () => {
    await go(admin, 'Catalog');
    await admin.getByRole('button', { name: 'Edit' }).click();
    await admin.getByLabel('Chain of advanced', { exact: true }).fill('vfirewall, vrouter');
    await admin.getByRole('button', { name: /Review and save/ }).click();
    const chain = admin.getByLabel('Chain of advanced', { exact: true });
    await expect.poll(() => chain.getAttribute('aria-invalid')).toBe('true');
    await admin.getByText('a chain starts with a router (it terminates the site tunnels)').first().waitFor();
    await snap(admin, 'orch-31-catalog-problem');
    await chain.fill('vrouter, vfirewall');
    await admin.getByRole('tab', { name: /CPE models/ }).click();
    await admin.getByLabel('Price of isr4221').fill('1350');
    await admin.getByRole('button', { name: /Review and save/ }).click();
    const review = admin.getByRole('dialog', { name: 'Save as version 2?' });
    await review.getByText('cpeModels[isr4221].price').waitFor();
    await review.getByLabel('What changed, in a few words').fill('ISR 4221 costs more');
    await snap(admin, 'orch-32-catalog-review');
    await review.getByRole('button', { name: 'Save version 2' }).click();
    await admin.getByText(/version 2, saved/).waitFor();
    await admin.getByRole('tab', { name: /History/ }).click();
    await admin
      .getByRole('row')
      .filter({ hasText: 'ISR 4221 costs more' })
      .getByRole('button', { name: /What changed/ })
      .click();
    await admin.getByRole('dialog', { name: 'Version 1 → 2' }).getByText('1290').waitFor();
    await admin.keyboard.press('Escape');
  });

  it('opens a PoD’s servers with their utilization, and puts the PoD in maintenance and back in service', async () => {
    await go(admin, 'PoDs');
    await admin.getByRole('button', { name: `Servers of ${svc.pod}` }).click();
    const servers = admin.getByRole('table', { name: `Servers of ${svc.pod}` });
    await servers.getByText(`${svc.pod}-prod-01`).waitFor();
    expect(await servers.getByRole('meter', { name: 'vCPU' }).count()).toBeGreaterThan(3);
    await snap(admin, 'orch-32b-pod-servers');
    const pod = admin.getByTestId('pod-fra-pod-2');
    await pod.getByRole('button', { name: /Maintenance/ }).click();
    await pod.getByText('maintenance', { exact: true }).waitFor();
    await pod.getByRole('button', { name: /In service/ }).click();
    await expect.poll(() => pod.getByText('maintenance', { exact: true }).count()).toBe(0);
  });
});

describe('both themes', () => {
  it('shows the capacity calculator and the customer’s services in the light theme', async () => {
    await go(admin, 'Capacity');
    await admin.getByRole('table', { name: 'Services per PoD model' }).waitFor();
    expect(await admin.getByTestId('calc-foundation-small').textContent()).toContain('88');
    await admin.getByRole('img', { name: /Services per PoD model/ }).waitFor();
    // the what-if for a mix, on the models and the live PoDs
    await admin.getByLabel('Share of Foundation').fill('3');
    await admin.getByLabel('Share of Advanced with Web Security + IPS').fill('1');
    await expect.poll(async () => Number(await admin.getByTestId('whatif-small').textContent())).toBeGreaterThan(0);
    await expect.poll(async () => Number(await admin.getByTestId('whatif-live-total').textContent())).toBeGreaterThan(0);
    await snap(admin, 'orch-33-capacity-dark');
    await admin.keyboard.press('Control+Shift+L');
    await snap(admin, 'orch-34-capacity-light');
    await customer.keyboard.press('Control+Shift+L');
    await go(customer, 'My services');
    await customer.getByRole('cell', { name: 'Acme secure web' }).waitFor();
    await snap(customer, 'orch-35-my-services-light');
  });
});
