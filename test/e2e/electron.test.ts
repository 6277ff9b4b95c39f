// The Electron shell's smoke test: launch it with Playwright's Electron driver, see the
// login page, and check the window's security settings. Runs where an Electron binary
// and a display exist; elsewhere it says why it did not run.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { _electron } from 'playwright-core';
import { findElectron } from '../../core/cli/start.js';
import { ROOT, snap } from './harness.js';

const electron = findElectron();
const reason = 'why' in electron ? electron.why : null;
if (reason) console.log(`Electron smoke test not run: ${reason}. The browser shell e2e tests cover the same renderer and contract.`);

describe('Electron shell', () => {
  it.runIf(!reason)('opens the login page in a context-isolated window without Node', async () => {
    const app = await _electron.launch({
      executablePath: 'path' in electron ? electron.path : '',
      args: [join(ROOT, 'dist', 'electron', 'main.js'), '--data', mkdtempSync(join(tmpdir(), 'podium-electron-'))],
    });
    try {
      const page = await app.firstWindow();
      await page.getByLabel('Username').waitFor();
      await snap(page, 'electron-login');
      // No Node in the page: context isolation and no node integration.
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys(window.podium ?? {}).sort())).toEqual(['call', 'onMenu', 'shell', 'subscribe']);
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
