// A PoD's device manager: the service manager hands it each device's work, and it drives the
// PoD's VIM (through its ESC) and the devices themselves. Calls fail as transient while the
// PoD's NSO device manager or ESC has no master that answers (a failover in progress).
import type { CreateServerRequest, DeviceDriver, PodEndpoint, VimDriver, VimServer } from './vim.js';
import { SouthboundError } from './vim.js';

export class Aborted extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'Aborted';
  }
}

export class DeviceManager {
  private waiters = new Map<string, Set<() => void>>();
  private readonly unsubscribe: () => void;

  constructor(
    readonly pod: PodEndpoint,
    readonly vim: VimDriver,
    readonly device: DeviceDriver,
    /** Why the PoD's managers cannot take work now, or null. */
    private readonly unavailable: () => string | null,
    onStatus: (pod: PodEndpoint, s: VimServer) => void,
  ) {
    this.unsubscribe = vim.onStatus((s) => {
      this.waiters.get(s.name)?.forEach((w) => w());
      onStatus(pod, s);
    });
  }

  private check(): void {
    const why = this.unavailable();
    if (why) throw new SouthboundError(why, true);
  }

  async create(req: CreateServerRequest): Promise<VimServer> {
    this.check();
    return this.vim.createServer(req);
  }

  async get(name: string): Promise<VimServer | null> {
    this.check();
    return this.vim.getServer(name);
  }

  /** Wait until the VM is ACTIVE; ERROR or a vanished VM fails the step. */
  async waitActive(name: string, opts: { signal: AbortSignal; timeoutMs: number; pollMs: number }): Promise<VimServer> {
    const deadline = Date.now() + opts.timeoutMs;
    for (;;) {
      if (opts.signal.aborted) throw new Aborted(String(opts.signal.reason ?? 'aborted'));
      const s = await this.get(name);
      if (!s) throw new SouthboundError(`the VIM of ${this.pod.name} has no server ${name}`, false);
      if (s.status === 'ACTIVE') return s;
      if (s.status === 'ERROR') throw new SouthboundError(`${name} went to ERROR: ${s.fault ?? 'no reason given'}`, false);
      const left = deadline - Date.now();
      if (left <= 0) throw new SouthboundError(`${name} is still ${s.status} after ${Math.round(opts.timeoutMs / 1000)} s`, false);
      await new Promise<void>((resolve) => {
        let set = this.waiters.get(name);
        if (!set) this.waiters.set(name, (set = new Set()));
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) this.waiters.delete(name);
          opts.signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(opts.pollMs, left));
        set.add(done);
        opts.signal.addEventListener('abort', done);
      });
    }
  }

  async configure(name: string, config: string): Promise<void> {
    this.check();
    await this.device.pushConfig(name, config);
  }

  async remove(name: string): Promise<void> {
    this.check();
    await this.vim.deleteServer(name);
  }

  close(): void {
    this.unsubscribe();
    for (const set of this.waiters.values()) set.forEach((w) => w());
    this.waiters.clear();
  }
}
