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
