// The programs the terminals capability starts with Node: the pty host and the console.
// Compiled next to this file in dist/; when the core runs from source (tests), the built
// copies in dist/ are used.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../host/version.js';

function compiled(rel: string): string {
  const beside = fileURLToPath(new URL(rel, import.meta.url));
  return existsSync(beside) ? beside : join(ROOT, 'dist', 'core', 'terminals', rel);
}

/** The pty host's entry point (./pty-host/main.ts). */
export const PTY_HOST_MAIN = compiled('pty-host/main.js');
/** The console program (./consoles/main.ts). */
export const CONSOLE_MAIN = compiled('consoles/main.js');
