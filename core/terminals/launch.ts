// From a profile to what the pty host runs: the program, its arguments and environment —
// checked first, so that a missing program, directory or namespace is a clear error
// instead of a terminal that dies at once.
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ApiError } from '../api/errors.js';
import type { SpawnSpec } from './pty-host/protocol.js';
import type { ResolvedProfile } from './profiles.js';
import type { ConsoleGrant } from './consoles/server.js';
import { CONSOLE_MAIN } from './programs.js';

export interface Launch {
  spec: SpawnSpec;
  /** Removes what the launch made (a key file, a console token). */
  cleanup(): void;
}

const failed = (message: string) => new ApiError('UNAVAILABLE', message);

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A program by absolute path or on PATH. */
export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (name.includes('/')) return executable(name) ? name : null;
  for (const dir of (env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

function need(program: string, why: string): string {
  const found = findProgram(program);
  if (!found) throw failed(`${why}: the program ${program} was not found${program.includes('/') ? '' : ' on PATH'}`);
  return found;
}

function loginShell(): string {
  const s = process.env['SHELL'];
  return s && executable(s) ? s : executable('/bin/bash') ? '/bin/bash' : '/bin/sh';
}

function baseEnv(sessionId: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('PODIUM_CONSOLE_')) env[k] = v;
  }
  env['TERM'] = 'xterm-256color';
  env['COLORTERM'] = 'truecolor';
  env['LANG'] = process.env['LANG'] || 'C.UTF-8';
  env['PODIUM_TERMINAL_SESSION'] = sessionId;
  return env;
}

export function launchFor(p: ResolvedProfile, sessionId: string, size: { cols: number; rows: number }, consoleGrant: ConsoleGrant | null): Launch {
  const env = baseEnv(sessionId);
  const home = homedir();
  const v = p.view;
  switch (v.kind) {
    case 'local': {
      const file = v.shell ? need(v.shell, `cannot start "${v.name}"`) : loginShell();
      const cwd = v.cwd ?? home;
      if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw failed(`cannot start "${v.name}": the directory ${cwd} does not exist`);
      return { spec: { file, args: v.args, cwd, env, ...size }, cleanup: () => {} };
    }
    case 'ssh': {
      const file = need('ssh', `cannot connect "${v.name}"`);
      const args = ['-p', String(v.port)];
      let keyDir: string | null = null;
      const key = 'privateKey' in p ? p.privateKey : null;
      if (key) {
        // The pasted key lives in a 0600 file only while the session runs.
        keyDir = mkdtempSync(join(tmpdir(), 'podium-key-'));
        const keyFile = join(keyDir, 'id');
        writeFileSync(keyFile, key.endsWith('\n') ? key : key + '\n', { mode: 0o600 });
        args.push('-i', keyFile, '-o', 'IdentitiesOnly=yes');
      } else if (v.identityFile) {
        if (!existsSync(v.identityFile)) throw failed(`cannot connect "${v.name}": the key file ${v.identityFile} does not exist`);
        args.push('-i', v.identityFile, '-o', 'IdentitiesOnly=yes');
      }
      if (v.user) args.push('-l', v.user);
      args.push('--', v.host);
      const dir = keyDir;
      return { spec: { file, args, cwd: home, env, ...size }, cleanup: () => dir && rmSync(dir, { recursive: true, force: true }) };
    }
    case 'netns': {
      const file = need('ip', `cannot enter "${v.name}"`);
      if (!existsSync(join('/run/netns', v.namespace))) throw failed(`cannot enter "${v.name}": the network namespace ${v.namespace} does not exist`);
      const command = v.command.length > 0 ? v.command : [loginShell()];
      return { spec: { file, args: ['netns', 'exec', v.namespace, ...command], cwd: home, env, ...size }, cleanup: () => {} };
    }
    case 'console': {
      if (!consoleGrant) throw failed(`the console of ${v.name} is not available`);
      if (!existsSync(CONSOLE_MAIN)) throw failed('the console program is not built (npm run build)');
      env['PODIUM_CONSOLE_SOCKET'] = consoleGrant.socketPath;
      env['PODIUM_CONSOLE_TOKEN'] = consoleGrant.token;
      // Inside Electron, its binary runs the console as plain Node.
      if (process.versions['electron']) env['ELECTRON_RUN_AS_NODE'] = '1';
      return { spec: { file: process.execPath, args: [CONSOLE_MAIN], cwd: home, env, ...size }, cleanup: () => consoleGrant.revoke() };
    }
  }
}
