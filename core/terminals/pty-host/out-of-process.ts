// A pty host in a separate process: Electron's utility process, or `child_process.fork`
// in plain Node (tests, and `PODIUM_PTY_HOST=process`). The in-process one is ./inproc.ts.
import { fork, type ChildProcess } from 'node:child_process';
import type { FromPtyHost, PtyHost, ToPtyHost } from './protocol.js';
import { PTY_HOST_MAIN } from '../programs.js';

/** The channel to a pty-host process, whatever started it. */
export interface PtyHostChannel {
  readonly pid: number | undefined;
  post(msg: ToPtyHost): void;
  onMessage(listener: (msg: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** A pty host in a separate process reached through `channel`. */
export function channelPtyHost(channel: PtyHostChannel): PtyHost {
  const listeners: ((m: FromPtyHost) => void)[] = [];
  const crashListeners: ((why: string) => void)[] = [];
  let exited = false;
  let expected = false;
  let onDown: (() => void) | null = null;
  channel.onMessage((raw) => {
    const m = raw as FromPtyHost;
    if (!m || typeof m !== 'object' || typeof m.t !== 'string') return;
    if (m.t === 'down') onDown?.();
    listeners.forEach((l) => l(m));
  });
  channel.onExit((code, signal) => {
    exited = true;
    onDown?.();
    if (expected) return;
    const why = signal ? `the terminal host process stopped (${signal})` : `the terminal host process exited (code ${code ?? '?'})`;
    crashListeners.forEach((l) => l(why));
  });
  return {
    get where() {
      return `pid ${channel.pid ?? '?'}`;
    },
    send(msg) {
      if (!exited) channel.post(msg);
    },
    onMessage: (l) => void listeners.push(l),
    onCrash: (l) => void crashListeners.push(l),
    shutdown(graceMs) {
      if (exited) return Promise.resolve();
      expected = true;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          channel.kill();
          resolve();
        }, graceMs + 2000);
        onDown = () => {
          clearTimeout(timer);
          resolve();
        };
        channel.post({ t: 'shutdown', graceMs });
      });
    },
  };
}

/** A pty host in a `child_process.fork`ed Node process (the out-of-process mode in plain Node). */
export function forkedPtyHost(opts: { execArgv?: string[] } = {}): PtyHost {
  const child: ChildProcess = fork(PTY_HOST_MAIN, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: opts.execArgv ?? [], serialization: 'json' });
  return channelPtyHost({
    pid: child.pid,
    post: (msg) => {
      if (child.connected) child.send(msg);
    },
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.once('exit', (code, signal) => l(code, signal)),
    kill: () => void child.kill('SIGKILL'),
  });
}
