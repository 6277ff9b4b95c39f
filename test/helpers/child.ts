// A real host in a child process (`node bin/podium.js serve`): for end-to-end tests and
// for tests that kill it. The build is made once per run by test/setup/build.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SocketClient, typed, type PodiumApi, type SocketLike } from '../../core/api/client.js';
import { loginAdmin } from './host.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface Served {
  proc: ChildProcess;
  dataDir: string;
  /** The address printed by serve, with its token. */
  url: string;
  /** The same without the token. */
  baseUrl: string;
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
    env: { ...process.env, PODIUM_LOG: 'warn', PODIUM_FLOWS_PORTS: '0', ...env },
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
    dataDir,
    url,
    baseUrl: `${u.protocol}//${u.host}`,
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

function socketOf(s: Served): SocketClient {
  return new SocketClient({
    open: () => new WebSocket(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`) as unknown as SocketLike,
    reconnect: false,
    callTimeoutMs: 30_000,
  });
}

export function client(s: Served): { api: PodiumApi; close(): void } {
  const c = socketOf(s);
  return { api: typed(c), close: () => c.close() };
}

/** A client logged in as admin (on a first start, with the first password changed to ADMIN_PASSWORD). */
export async function adminClient(s: Served): Promise<{ api: PodiumApi; close(): void }> {
  const c = socketOf(s);
  try {
    return { api: await loginAdmin(c, s.dataDir), close: () => c.close() };
  } catch (e) {
    c.close();
    throw e;
  }
}
