// A real host in a child process (`node bin/podium.js serve`), for tests that kill it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SocketClient, typed, type PodiumApi, type SocketLike } from '../../core/api/client.js';

export const ROOT = join(import.meta.dirname, '..', '..');

function newest(dir: string): number {
  let max = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    max = Math.max(max, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return max;
}

const fresh = () => {
  const stamp = join(ROOT, 'dist', 'core', 'cli', 'main.js');
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newest(join(ROOT, 'core'));
};

/** Compile the core to dist/ (tsc only) when a source is newer than the build; one test file at a time. */
export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, 'dist', '.test-build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) throw new Error(`another test has held ${lock} for 3 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (fresh()) return;
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('tsc failed');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Served {
  proc: ChildProcess;
  url: string;
  port: number;
  token: string;
  output: () => string;
  /** SIGKILL: no chance to close anything. */
  kill9(): Promise<void>;
  /** SIGTERM: a clean stop. */
  term(): Promise<number | null>;
}

export async function serve(dataDir: string, env: Record<string, string> = {}, args: string[] = []): Promise<Served> {
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'podium.js'), 'serve', '--data', dataDir, '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, PODIUM_LOG: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve did not start within 20 s:\n${out}`)), 20_000);
    // `lab` is the last line printed before the shell installs its signal handlers.
    const check = () => {
      const m = /open {3}(http:\/\/\S+)[\s\S]*\n {2}lab {4}\S/.exec(out);
      if (m) {
        clearTimeout(t);
        setTimeout(() => resolve(m[1]!), 50);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(t);
      reject(new Error(`serve exited (${code}) before listening:\n${out}`));
    });
  });
  const u = new URL(url);
  return {
    proc,
    url,
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    output: () => out,
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
    async term() {
      proc.kill('SIGTERM');
      return exited;
    },
  };
}

export function client(s: Served): { api: PodiumApi; close(): void } {
  const c = new SocketClient({
    open: () => new WebSocket(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`) as unknown as SocketLike,
    reconnect: false,
    callTimeoutMs: 30_000,
  });
  return { api: typed(c), close: () => c.close() };
}
