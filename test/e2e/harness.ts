// The e2e harness: a real `podium serve` process on a fresh data directory, and Debian's
// Chromium driven by Playwright.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { ROOT, serve, type Served } from '../helpers/child.js';

export { ROOT };
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');

export interface E2EServer extends Served {
  /** Stop the server and remove its data directory. */
  stop(): Promise<void>;
}

/** `podium serve` on a fresh data directory and an ephemeral port. */
export async function serveFresh(args: string[] = [], env: Record<string, string> = {}): Promise<E2EServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-e2e-'));
  const s = await serve(dataDir, env, args);
  return {
    ...s,
    async stop() {
      if (s.proc.exitCode === null) await s.term();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function initialPassword(dataDir: string): string {
  return readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();
}

export async function browser(): Promise<Browser> {
  return launchChromium();
}

/** Save a screenshot of the page as a test artifact. */
export async function snap(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Run any contract command as the page's logged-in user; a refusal throws its message. */
export function callIn<T>(page: Page, command: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([c, i]) => {
      const r = await window.podium!.call(c as never, i as never);
      if (!r.ok) throw new Error(r.error.message);
      return r.output;
    },
    [command, input] as const,
  ) as Promise<T>;
}

/** Fill in the login page and press "Log in". */
export async function login(page: Page, user: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Log in as `user` with a first password and choose `chosen` on the forced change page. */
export async function firstLogin(page: Page, user: string, first: string, chosen = 'Correct-Horse-Battery-9'): Promise<void> {
  await login(page, user, first);
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('Repeat the new password').fill(chosen);
  await page.getByRole('button', { name: 'Save and continue' }).click();
}
