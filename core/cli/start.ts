// `podium start` (and `npm start`): the Electron shell when it can run here, otherwise the
// browser shell, with one line saying why.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../host/version.js';
import { parseServeArgs, runServe } from './serve.js';

/** The Electron binary, or why it cannot be used. */
export function findElectron(env = process.env): { path: string } | { why: string } {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch {
    return { why: 'the Electron binary is not installed (it is fetched separately: node node_modules/electron/install.js)' };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { why: 'the Electron binary is not installed' };
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return { why: 'there is no display (DISPLAY is not set)' };
  return { path };
}

export async function runStart(argv: string[]): Promise<number> {
  const args = parseServeArgs(argv);
  const electron = findElectron();
  if ('why' in electron) {
    return runServe(args, `Podium: ${electron.why}; starting the browser shell instead — open the address below.`);
  }
  const child = spawn(electron.path, [join(ROOT, 'dist', 'electron', 'main.js'), '--data', args.dataDir, ...(args.lab ? [] : ['--no-lab'])], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
