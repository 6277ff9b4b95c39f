// The shells' view of the core: `call` a command, `subscribe` to a topic. The same
// interface is implemented by the Electron preload (IPC), by the socket client below
// (browser shell, `podium call --url`) and by in-process connections (tests).
import { ApiError, type WireError } from './errors.js';
import type { CommandInput, CommandName, CommandOutput, TopicEvent, TopicName, TopicParams } from './contract.js';
import type { CallResult, ClientFrame, ServerFrame } from './wire.js';

export interface PodiumApi {
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  subscribe<T extends TopicName>(topic: T, params: TopicParams<T>, onEvent: (event: TopicEvent<T>) => void): () => void;
}

/** The untyped form carried across process boundaries (IPC, sockets). */
export interface RawPodium {
  call(name: string, input: unknown): Promise<CallResult>;
  subscribe(
    topic: string,
    params: unknown,
    onEvent: (event: unknown) => void,
  ): Promise<{ ok: true; unsubscribe: () => void } | { ok: false; error: WireError }>;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** Wrap a raw transport into the typed API; failures become ApiError. */
export function typed(raw: RawPodium, onSubscribeError?: (e: ApiError) => void): PodiumApi {
  return {
    async call(name, input) {
      const r = await raw.call(name, input);
      if (!r.ok) throw ApiError.fromWire(r.error);
      return r.output as never;
    },
    subscribe(topic, params, onEvent) {
      let closed = false;
      let stop: (() => void) | null = null;
      void raw.subscribe(topic, params, onEvent as (e: unknown) => void).then((r) => {
        if (!r.ok) return onSubscribeError?.(ApiError.fromWire(r.error));
        if (closed) r.unsubscribe();
        else stop = r.unsubscribe;
      });
      return () => {
        closed = true;
        stop?.();
      };
    },
  };
}

/** The part of WebSocket that both the browser's and the `ws` package's sockets have. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface SocketClientOptions {
  open: () => SocketLike;
  /** Reconnect after the socket drops (browser shell); the CLI does not. */
  reconnect?: boolean;
  onState?: (state: ConnectionState, info?: { version: string; schemaVersion: number }) => void;
  /** Called when a dropped connection came back but its session could not be resumed. */
  onSessionLost?: (error: ApiError) => void;
  callTimeoutMs?: number;
}

interface Pending {
  resolve: (r: CallResult) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

interface Sub {
  topic: string;
  params: unknown;
  onEvent: (e: unknown) => void;
  serverId: number | null;
}

/**
 * A socket client with request ids, reconnection, and re-attachment: it remembers the
 * session token from `auth.login` / `auth.resume`, and after a reconnect resumes the
 * session and re-subscribes before anything else is sent.
 */
export class SocketClient implements RawPodium {
  private socket: SocketLike | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private subs = new Map<number, Sub>(); // local id → sub
  private byServer = new Map<number, number>(); // server sub id → local id
  private nextLocal = 1;
  private state: ConnectionState = 'closed';
  private sessionToken: string | null = null;
  private stopped = false;
  private backoffMs = 500;
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => {};

  constructor(private readonly opts: SocketClientOptions) {
    this.connect();
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  setSessionToken(token: string | null): void {
    this.sessionToken = token;
  }

  private setState(s: ConnectionState, info?: { version: string; schemaVersion: number }) {
    this.state = s;
    this.opts.onState?.(s, info);
  }

  private connect() {
    this.setState('connecting');
    this.ready = new Promise((r) => (this.markReady = r));
    const sock = this.opts.open();
    this.socket = sock;
    sock.onmessage = (ev) => this.onFrame(typeof ev.data === 'string' ? ev.data : String(ev.data));
    sock.onclose = () => this.onClose();
    sock.onerror = () => {};
  }

  private onClose() {
    this.socket = null;
    // Calls in flight fail; subscriptions are re-made after reconnecting.
    for (const [id, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer);
      p.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'connection to the core was lost' } });
      this.pending.delete(id);
    }
    this.byServer.clear();
    for (const s of this.subs.values()) s.serverId = null;
    this.setState('closed');
    if (this.stopped || !this.opts.reconnect) {
      this.markReady(); // nothing will reconnect: let waiting calls fail at once
      return;
    }
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 5000);
    setTimeout(() => !this.stopped && this.connect(), delay);
  }

  private async onHello(info: { version: string; schemaVersion: number }) {
    this.backoffMs = 500;
    // Re-attach before anything queued is sent.
    if (this.sessionToken) {
      const r = await this.request({ t: 'call', id: 0, cmd: 'auth.resume', input: { sessionToken: this.sessionToken } });
      if (!r.ok) {
        this.sessionToken = null;
        this.opts.onSessionLost?.(ApiError.fromWire(r.error));
      }
    }
    for (const [localId, s] of this.subs) await this.subscribeOnServer(localId, s);
    this.setState('open', info);
    this.markReady();
  }

  private onFrame(text: string) {
    let f: ServerFrame;
    try {
      f = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    switch (f.t) {
      case 'hello':
        void this.onHello(f);
        return;
      case 'res': {
        const p = this.pending.get(f.id);
        if (!p) return;
        this.pending.delete(f.id);
        if (p.timer) clearTimeout(p.timer);
        p.resolve(f.ok ? { ok: true, output: f.out } : { ok: false, error: f.err });
        return;
      }
      case 'ev': {
        const local = this.byServer.get(f.sub);
        const s = local === undefined ? undefined : this.subs.get(local);
        s?.onEvent(f.ev);
        return;
      }
      default:
        return;
    }
  }

  /** Send a frame now (bypassing the queue) and wait for its answer. */
  private request(frame: ClientFrame): Promise<CallResult> {
    const id = this.nextId++;
    const sock = this.socket;
    if (!sock || sock.readyState !== 1) {
      return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'not connected to the core' } });
    }
    return new Promise((resolve) => {
      const timeout = this.opts.callTimeoutMs;
      const timer = timeout
        ? setTimeout(() => {
            this.pending.delete(id);
            resolve({ ok: false, error: { code: 'UNAVAILABLE', message: `no answer from the core within ${timeout} ms` } });
          }, timeout)
        : null;
      this.pending.set(id, { resolve, timer });
      sock.send(JSON.stringify({ ...frame, id }));
    });
  }

  private async subscribeOnServer(localId: number, s: Sub): Promise<CallResult> {
    const r = await this.request({ t: 'sub', id: 0, topic: s.topic, params: s.params });
    if (r.ok) {
      const serverId = (r.output as { sub: number }).sub;
      s.serverId = serverId;
      this.byServer.set(serverId, localId);
    }
    return r;
  }

  async call(name: string, input: unknown): Promise<CallResult> {
    await this.whenReady();
    const r = await this.request({ t: 'call', id: 0, cmd: name, input });
    if (r.ok && (name === 'auth.login' || name === 'auth.resume')) {
      this.sessionToken = (r.output as { sessionToken: string }).sessionToken;
    }
    if (name === 'auth.logout' && r.ok) this.sessionToken = null;
    return r;
  }

  async subscribe(topic: string, params: unknown, onEvent: (e: unknown) => void) {
    await this.whenReady();
    const localId = this.nextLocal++;
    const s: Sub = { topic, params, onEvent, serverId: null };
    this.subs.set(localId, s);
    const r = await this.subscribeOnServer(localId, s);
    if (!r.ok) {
      this.subs.delete(localId);
      return { ok: false as const, error: r.error };
    }
    return {
      ok: true as const,
      unsubscribe: () => {
        const cur = this.subs.get(localId);
        this.subs.delete(localId);
        if (cur?.serverId != null) {
          this.byServer.delete(cur.serverId);
          if (this.socket?.readyState === 1) void this.request({ t: 'unsub', id: 0, sub: cur.serverId });
        }
      },
    };
  }

  private async whenReady() {
    if (this.state !== 'open') await this.ready;
  }

  close() {
    this.stopped = true;
    this.socket?.close(1000, 'client closed');
    this.markReady();
  }
}
