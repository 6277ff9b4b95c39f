// Terminal sessions: each runs a profile in a pseudo-terminal of the pty host, belongs to
// the user who opened it, and streams its output on `terminals.output` with flow control:
//
//   * Output is batched (one event per ≤ 64 KiB or per 4 ms, never one per read) and
//     numbered by byte offset: an event carries `seq` (its first byte) and `end`.
//   * The client acknowledges cumulatively (`terminals.ack {upTo: end}`) after xterm has
//     written the data. Above HIGH (512 KiB) unacknowledged the pty is paused — the
//     program blocks on its next write — and resumed below LOW (128 KiB).
//   * A client that stops acknowledging (closed, reloaded, lost events) cannot hold the
//     session hostage: after ACK_TIMEOUT (10 s) paused without an ack, the session
//     *detaches* — the pty resumes, output goes only to the scrollback and the log, and a
//     `detached` change is published. `terminals.attach` replays the scrollback (the last
//     512 KiB, from a line start) and resumes streaming from there.
//   * Sessions survive reloads and disconnects; they end when closed, when their program
//     exits, or when the host stops.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../api/define.js';
import type { Publisher } from '../api/bus.js';
import { ApiError, conflict, notFound } from '../api/errors.js';
import type { Logger } from '../host/log.js';
import type { SessionView } from './contract.js';
import type { FromPtyHost, PtyHost, PtyHostFactory } from './pty-host/protocol.js';
import { endSession } from './pty-host/groups.js';
import { launchFor, type Launch } from './launch.js';
import type { ProfileStore } from './profiles.js';
import { CONSOLE_PREFIX } from './profiles.js';
import type { ConsoleStateServer } from './consoles/server.js';

export interface FlowSettings {
  high: number;
  low: number;
  batchMax: number;
  batchDelayMs: number;
  ackTimeoutMs: number;
  scrollback: number;
  closeGraceMs: number;
  maxPerUser: number;
}

export const DEFAULT_FLOW: FlowSettings = {
  high: 512 * 1024,
  low: 128 * 1024,
  batchMax: 64 * 1024,
  batchDelayMs: 4,
  ackTimeoutMs: 10_000,
  scrollback: 512 * 1024,
  closeGraceMs: 2000,
  maxPerUser: 32,
};

interface Session {
  id: string;
  ownerKey: string;
  owner: string;
  profileId: string;
  kind: SessionView['kind'];
  title: string;
  target: string;
  state: SessionView['state'];
  pid: number | null;
  cols: number;
  rows: number;
  createdAt: string;
  exitCode: number | null;
  signal: number | null;
  error: string | null;
  host: PtyHost;
  launch: Launch;
  // flow control
  seq: number;
  acked: number;
  paused: boolean;
  pausedAt: number;
  lastAckAt: number;
  detached: boolean;
  batch: string[];
  batchBytes: number;
  batchTimer: ReturnType<typeof setTimeout> | null;
  scroll: { data: string; bytes: number }[];
  scrollBytes: number;
  trimmed: boolean;
  log: { file: string; stream: WriteStream } | null;
  settled: Promise<void>;
  settle: () => void;
}

export const ownerKeyOf = (a: Actor): string => a.userId ?? 'system';

export interface TerminalServiceOptions {
  bus: Publisher;
  log: Logger;
  dataDir: string;
  now: () => number;
  profiles: ProfileStore;
  consoles: ConsoleStateServer;
  ptyHost?: PtyHostFactory | undefined;
  flow?: Partial<FlowSettings> | undefined;
}

export class TerminalService {
  private readonly sessions = new Map<string, Session>();
  private host: PtyHost | null = null;
  private hostStarting: Promise<PtyHost> | null = null;
  private readonly flow: FlowSettings;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private stopping = false;

  constructor(private readonly o: TerminalServiceOptions) {
    this.flow = { ...DEFAULT_FLOW, ...o.flow };
  }

  get settings(): Readonly<FlowSettings> {
    return this.flow;
  }

  /** The pty host in use ('inproc' or its pid), for diagnostics and tests. */
  get ptyHostWhere(): string | null {
    return this.host?.where ?? null;
  }

  start(): void {
    this.watchdog = setInterval(() => this.checkAcks(), Math.min(1000, this.flow.ackTimeoutMs / 4));
    this.watchdog.unref();
  }

  private async ptyHost(): Promise<PtyHost> {
    if (this.host) return this.host;
    if (this.hostStarting) return this.hostStarting;
    this.hostStarting = (async () => {
      const factory: PtyHostFactory = this.o.ptyHost ?? (async () => (await import('./pty-host/inproc.js')).inProcessPtyHost());
      const h = await factory();
      h.onMessage((m) => this.onPtyMessage(h, m));
      h.onCrash((why) => this.onPtyCrash(h, why));
      this.host = h;
      this.o.log.info('pty host started', { where: h.where });
      return h;
    })().finally(() => (this.hostStarting = null));
    return this.hostStarting;
  }

  // ---- views and access ----

  view(s: Session): SessionView {
    return {
      id: s.id,
      profileId: s.profileId,
      kind: s.kind,
      title: s.title,
      target: s.target,
      owner: s.owner,
      state: s.state,
      pid: s.pid,
      cols: s.cols,
      rows: s.rows,
      createdAt: s.createdAt,
      exitCode: s.exitCode,
      signal: s.signal,
      error: s.error,
      paused: s.paused,
      detached: s.detached,
      bytesOut: s.seq,
      logFile: s.log?.file ?? null,
    };
  }

  private publish(s: Session, change: 'opened' | 'changed' | 'detached' | 'closed') {
    this.o.bus.publish('terminals.sessions', { ownerKey: s.ownerKey, change, session: this.view(s) });
  }

  /** The caller's own session; others' are "not found" (admins may list and close them only). */
  private own(actor: Actor, id: string, adminToo = false): Session {
    const s = this.sessions.get(id);
    if (!s || (s.ownerKey !== ownerKeyOf(actor) && !(adminToo && actor.role === 'admin'))) throw notFound(`terminal session ${id}`);
    return s;
  }

  list(actor: Actor, all: boolean): SessionView[] {
    const mine = ownerKeyOf(actor);
    return [...this.sessions.values()].filter((s) => s.ownerKey === mine || (all && actor.role === 'admin')).map((s) => this.view(s));
  }

  // ---- open / close ----

  async open(actor: Actor, profileId: string, size: { cols: number; rows: number }): Promise<SessionView> {
    if (this.stopping) throw new ApiError('UNAVAILABLE', 'the core is shutting down');
    const ownerKey = ownerKeyOf(actor);
    const count = [...this.sessions.values()].filter((s) => s.ownerKey === ownerKey).length;
    if (count >= this.flow.maxPerUser) {
      throw new ApiError('RESOURCE_EXHAUSTED', `you have ${count} terminal sessions open, the most one user may have; close some first`, {
        limit: this.flow.maxPerUser,
      });
    }
    const profile = this.o.profiles.resolve(profileId);
    const id = 'ts-' + randomBytes(6).toString('hex');
    const grant = profile.view.kind === 'console' ? await this.o.consoles.grant(profileId.slice(CONSOLE_PREFIX.length)) : null;
    let launch: Launch;
    try {
      launch = launchFor(profile, id, size, grant);
    } catch (e) {
      grant?.revoke();
      throw e;
    }
    const host = await this.ptyHost();
    let settle = () => {};
    const settled = new Promise<void>((r) => (settle = r));
    const v = profile.view;
    const s: Session = {
      id,
      ownerKey,
      owner: actor.username,
      profileId: v.id,
      kind: v.kind,
      title: v.kind === 'console' ? `${v.name} (console)` : v.kind === 'ssh' ? `${v.name} — ${v.target}` : v.name,
      target: v.target,
      state: 'starting',
      pid: null,
      ...size,
      createdAt: new Date(this.o.now()).toISOString(),
      exitCode: null,
      signal: null,
      error: null,
      host,
      launch,
      seq: 0,
      acked: 0,
      paused: false,
      pausedAt: 0,
      lastAckAt: this.o.now(),
      detached: false,
      batch: [],
      batchBytes: 0,
      batchTimer: null,
      scroll: [],
      scrollBytes: 0,
      trimmed: false,
      log: null,
      settled,
      settle,
    };
    this.sessions.set(id, s);
    host.send({ t: 'spawn', id, spec: launch.spec });
    // Answer once the program runs (or failed to start), so the caller sees its pid or error.
    await Promise.race([settled, new Promise((r) => setTimeout(r, 5000))]);
    this.publish(s, 'opened');
    return this.view(s);
  }

  /** End every session of a user (disabled, or now in a role without terminals). */
  async endSessionsOf(ownerKey: string, why: string): Promise<number> {
    const theirs = [...this.sessions.values()].filter((s) => s.ownerKey === ownerKey);
    if (theirs.length) this.o.log.info('ending terminal sessions', { owner: theirs[0]!.owner, sessions: theirs.length, why });
    await Promise.all(theirs.map((s) => this.end(s)));
    return theirs.length;
  }

  async close(actor: Actor, id: string): Promise<void> {
    const s = this.own(actor, id, true);
    await this.end(s);
  }

  private async end(s: Session): Promise<void> {
    if (s.state === 'starting') await Promise.race([s.settled, new Promise((r) => setTimeout(r, 5000))]);
    if (s.state === 'running') {
      const exited = new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (s.state !== 'running') {
            clearInterval(check);
            resolve();
          }
        }, 20);
        setTimeout(() => {
          clearInterval(check);
          resolve();
        }, this.flow.closeGraceMs + 3000);
      });
      s.host.send({ t: 'kill', id: s.id, graceMs: this.flow.closeGraceMs });
      await exited;
    }
    // Whatever the pty host did, the group must be gone (e.g. the pty host had crashed).
    if (s.pid) await endSession(s.pid, this.flow.closeGraceMs);
    this.flushNow(s);
    this.finish(s);
    this.sessions.delete(s.id);
    this.publish(s, 'closed');
  }

  /** Release what the session held (key file, console token, log file). */
  private finish(s: Session) {
    if (s.batchTimer) clearTimeout(s.batchTimer);
    s.batchTimer = null;
    try {
      s.launch.cleanup();
    } catch (e) {
      this.o.log.warn('terminal cleanup failed', { session: s.id, error: e as Error });
    }
    s.log?.stream.end();
    s.log = null;
  }

  // ---- the pty host's messages ----

  private onPtyMessage(host: PtyHost, m: FromPtyHost) {
    if (m.t === 'ready' || m.t === 'down') return;
    const s = this.sessions.get(m.id);
    if (!s || s.host !== host) return;
    switch (m.t) {
      case 'spawned':
        s.state = 'running';
        s.pid = m.pid;
        s.settle();
        return;
      case 'spawnFailed':
        s.state = 'failed';
        s.error = `could not start ${s.launch.spec.file}: ${m.error}`;
        this.finish(s);
        s.settle();
        this.publish(s, 'changed');
        return;
      case 'data':
        this.onData(s, m.data);
        return;
      case 'exit':
        this.flushNow(s);
        s.state = 'exited';
        s.exitCode = m.exitCode;
        s.signal = m.signal || null;
        s.paused = false;
        this.finish(s);
        s.settle();
        this.publish(s, 'changed');
        return;
    }
  }

  private onPtyCrash(host: PtyHost, why: string) {
    if (this.host === host) this.host = null; // the next open starts a new one
    this.o.log.error('pty host stopped unexpectedly', { why });
    for (const s of this.sessions.values()) {
      if (s.host !== host || (s.state !== 'running' && s.state !== 'starting')) continue;
      s.state = 'failed';
      s.error = `${why}; this session ended`;
      s.paused = false;
      this.flushNow(s);
      this.finish(s);
      s.settle();
      // Its programs lost their terminal; make sure none is left behind.
      if (s.pid) void endSession(s.pid, this.flow.closeGraceMs);
      this.publish(s, 'changed');
    }
  }

  // ---- output and flow control ----

  private onData(s: Session, data: string) {
    const bytes = Buffer.byteLength(data, 'utf8');
    s.batch.push(data);
    s.batchBytes += bytes;
    s.log?.stream.write(data);
    if (s.batchBytes >= this.flow.batchMax) this.flushNow(s);
    else if (!s.batchTimer) s.batchTimer = setTimeout(() => this.flushNow(s), this.flow.batchDelayMs);
  }

  private flushNow(s: Session) {
    if (s.batchTimer) clearTimeout(s.batchTimer);
    s.batchTimer = null;
    if (s.batchBytes === 0) return;
    const data = s.batch.length === 1 ? s.batch[0]! : s.batch.join('');
    const bytes = s.batchBytes;
    s.batch = [];
    s.batchBytes = 0;
    const seq = s.seq;
    s.seq += bytes;
    s.scroll.push({ data, bytes });
    s.scrollBytes += bytes;
    while (s.scrollBytes > this.flow.scrollback && s.scroll.length > 1) {
      s.scrollBytes -= s.scroll.shift()!.bytes;
      s.trimmed = true;
    }
    if (s.detached) {
      s.acked = s.seq;
      return;
    }
    this.o.bus.publish('terminals.output', { sessionId: s.id, ownerKey: s.ownerKey, seq, end: s.seq, data });
    if (!s.paused && s.state === 'running' && s.seq - s.acked >= this.flow.high) {
      s.paused = true;
      s.pausedAt = this.o.now();
      s.host.send({ t: 'pause', id: s.id });
    }
  }

  private resume(s: Session) {
    if (!s.paused) return;
    s.paused = false;
    if (s.state === 'running') s.host.send({ t: 'resume', id: s.id });
  }

  ack(actor: Actor, id: string, upTo: number): { paused: boolean } {
    const s = this.own(actor, id);
    s.acked = Math.max(s.acked, Math.min(upTo, s.seq));
    s.lastAckAt = this.o.now();
    if (s.paused && s.seq - s.acked <= this.flow.low) this.resume(s);
    return { paused: s.paused };
  }

  private checkAcks() {
    const now = this.o.now();
    for (const s of this.sessions.values()) {
      if (!s.paused || s.detached) continue;
      if (now - Math.max(s.pausedAt, s.lastAckAt) < this.flow.ackTimeoutMs) continue;
      s.detached = true;
      s.acked = s.seq;
      this.resume(s);
      this.o.log.info('terminal session detached: no acknowledgement', { session: s.id, owner: s.owner });
      this.publish(s, 'detached');
    }
  }

  attach(actor: Actor, id: string): { session: SessionView; scrollback: string; seq: number } {
    const s = this.own(actor, id);
    this.flushNow(s);
    let scrollback = s.scroll.map((c) => c.data).join('');
    if (s.trimmed) {
      // Start at a line, not in the middle of an escape sequence.
      const nl = scrollback.indexOf('\n');
      if (nl >= 0 && nl < 4096) scrollback = scrollback.slice(nl + 1);
    }
    const wasDetached = s.detached;
    s.detached = false;
    s.acked = s.seq;
    s.lastAckAt = this.o.now();
    this.resume(s);
    if (wasDetached) this.publish(s, 'changed');
    return { session: this.view(s), scrollback, seq: s.seq };
  }

  // ---- input ----

  write(actor: Actor, id: string, data: string): void {
    const s = this.own(actor, id);
    if (s.state !== 'running') throw conflict(`the session has ${s.state === 'starting' ? 'not started yet' : 'ended'}`);
    s.host.send({ t: 'write', id, data });
  }

  resize(actor: Actor, id: string, cols: number, rows: number): void {
    const s = this.own(actor, id);
    s.cols = cols;
    s.rows = rows;
    if (s.state === 'running') s.host.send({ t: 'resize', id, cols, rows });
  }

  setLogging(actor: Actor, id: string, on: boolean): SessionView {
    const s = this.own(actor, id);
    if (on && !s.log) {
      if (s.state !== 'running') throw conflict('the session has ended');
      const dir = join(this.o.dataDir, 'terminal-logs');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stamp = new Date(this.o.now()).toISOString().replace(/[:.]/g, '-');
      const slug =
        s.title
          .replace(/[^A-Za-z0-9._-]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 40) || 'session';
      const file = join(dir, `${stamp}-${slug}-${s.id}.log`);
      // Opened here, so that a file that cannot be written is an answer, not a log line.
      let fd: number;
      try {
        fd = openSync(file, 'a', 0o600);
      } catch (e) {
        throw new ApiError('UNAVAILABLE', `cannot log to ${file}: ${(e as Error).message}`);
      }
      const stream = createWriteStream(file, { fd });
      stream.on('error', (e) => this.o.log.error('terminal log failed', { file, error: e }));
      s.log = { file, stream };
      this.publish(s, 'changed');
    } else if (!on && s.log) {
      s.log.stream.end();
      s.log = null;
      this.publish(s, 'changed');
    }
    return this.view(s);
  }

  // ---- diagnostics for tests ----

  /** Process-group leaders of running sessions. */
  pids(): number[] {
    return [...this.sessions.values()].filter((s) => s.pid !== null && s.state === 'running').map((s) => s.pid!);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const all = [...this.sessions.values()];
    for (const s of all) this.flushNow(s);
    const host = this.host;
    if (host) await host.shutdown(this.flow.closeGraceMs);
    // Belt and braces: every group this core started is gone before the host stops.
    await Promise.all(all.filter((s) => s.pid).map((s) => endSession(s.pid!, 200)));
    for (const s of all) this.finish(s);
    this.sessions.clear();
    this.host = null;
  }
}
