// The pty engine: node-pty sessions, each the leader of its own session and process group
// (node-pty's forkpty does setsid), driven by the protocol's messages. It runs inside the
// core's process (browser shell) or inside a separate pty-host process (./main.ts).
import { createRequire } from 'node:module';
import type * as NodePty from 'node-pty';
import type { IPty } from 'node-pty';
import type { FromPtyHost, ToPtyHost } from './protocol.js';
import { endSession } from './groups.js';

// node-pty is CommonJS with a native addon; load it the CommonJS way.
const pty = createRequire(import.meta.url)('node-pty') as typeof NodePty;

interface Entry {
  p: IPty;
  pid: number;
  pending: string;
  exited: boolean;
}

export class PtyEngine {
  private readonly sessions = new Map<string, Entry>();
  private readonly groups = new Set<number>();
  private flushScheduled = false;

  constructor(private readonly emit: (msg: FromPtyHost) => void) {}

  /** Process groups of sessions that are running (for tests and diagnostics). */
  get pids(): number[] {
    return [...this.sessions.values()].map((e) => e.pid);
  }

  private flush = () => {
    this.flushScheduled = false;
    for (const [id, e] of this.sessions) {
      if (!e.pending) continue;
      const data = e.pending;
      e.pending = '';
      this.emit({ t: 'data', id, data });
    }
  };

  handle(msg: ToPtyHost): void | Promise<void> {
    switch (msg.t) {
      case 'spawn':
        return this.spawn(msg.id, msg.spec);
      case 'write':
        this.sessions.get(msg.id)?.p.write(msg.data);
        return;
      case 'resize': {
        const e = this.sessions.get(msg.id);
        if (e && !e.exited) {
          try {
            e.p.resize(msg.cols, msg.rows);
          } catch {
            // the pty closed between the check and the call
          }
        }
        return;
      }
      case 'pause':
        this.sessions.get(msg.id)?.p.pause();
        return;
      case 'resume':
        this.sessions.get(msg.id)?.p.resume();
        return;
      case 'kill':
        return this.kill(msg.id, msg.graceMs);
      case 'shutdown':
        return this.shutdown(msg.graceMs);
    }
  }

  private spawn(id: string, spec: Extract<ToPtyHost, { t: 'spawn' }>['spec']): void {
    let p: IPty;
    try {
      p = pty.spawn(spec.file, spec.args, { name: 'xterm-256color', cols: spec.cols, rows: spec.rows, cwd: spec.cwd, env: spec.env, encoding: 'utf8' });
    } catch (e) {
      this.emit({ t: 'spawnFailed', id, error: (e as Error).message });
      return;
    }
    const entry: Entry = { p, pid: p.pid, pending: '', exited: false };
    this.sessions.set(id, entry);
    this.groups.add(p.pid);
    this.emit({ t: 'spawned', id, pid: p.pid });
    p.onData((d) => {
      entry.pending += d;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
    p.onExit(({ exitCode, signal }) => {
      entry.exited = true;
      // Output read before the exit goes first.
      this.flush();
      this.sessions.delete(id);
      // The leader is gone; whatever it left in its group goes too.
      void endSession(entry.pid, 500).finally(() => this.groups.delete(entry.pid));
      this.emit({ t: 'exit', id, exitCode, signal: signal ?? 0 });
    });
  }

  private async kill(id: string, graceMs: number): Promise<void> {
    const e = this.sessions.get(id);
    if (!e) return;
    // A paused pty would never read the leader's last words; let it drain.
    e.p.resume();
    await endSession(e.pid, graceMs);
  }

  async shutdown(graceMs: number): Promise<void> {
    const all = [...new Set([...this.groups, ...[...this.sessions.values()].map((e) => e.pid)])];
    for (const e of this.sessions.values()) e.p.resume();
    await Promise.all(all.map((pgid) => endSession(pgid, graceMs)));
    this.groups.clear();
  }
}
