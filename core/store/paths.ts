import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The per-user data directory: $XDG_DATA_HOME/podium, else ~/.local/share/podium. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['PODIUM_DATA']) return resolve(env['PODIUM_DATA']);
  const xdg = env['XDG_DATA_HOME'];
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share'), 'podium');
}
