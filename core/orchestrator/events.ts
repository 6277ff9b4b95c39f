// Live updates, batched: changes are marked per topic and per tenant, and published a few
// times a second (never one message per change) with each item's state at publishing time.
// Nothing is computed for a topic nobody listens to.
import type { TopicBus } from '../api/bus.js';
import type { TopicEvent } from '../api/contract.js';
import type { Logger } from '../host/log.js';

type BatchTopic = 'services.changed' | 'operations.changed' | 'vnfs.changed' | 'pods.changed';
type ItemOf<T extends BatchTopic> = TopicEvent<T> extends { items: (infer I)[] } ? I : never;

export class Batcher {
  private pending = new Map<BatchTopic, Map<string, Map<string, () => unknown>>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly bus: TopicBus,
    private readonly log: Logger,
    private readonly intervalMs = 150,
  ) {}

  /** Mark an item changed; `make` builds its current view when the batch is sent (null: skip). */
  queue<T extends BatchTopic>(topic: T, tenantId: string | null, key: string, make: () => ItemOf<T> | null): void {
    if (this.stopped || this.bus.listenerCount(topic) === 0) return;
    let byTenant = this.pending.get(topic);
    if (!byTenant) this.pending.set(topic, (byTenant = new Map()));
    const tk = tenantId ?? '';
    let items = byTenant.get(tk);
    if (!items) byTenant.set(tk, (items = new Map()));
    items.set(key, make);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    this.pending = new Map();
    for (const [topic, byTenant] of pending) {
      for (const [tk, makers] of byTenant) {
        const items: unknown[] = [];
        for (const make of makers.values()) {
          try {
            const item = make();
            if (item !== null) items.push(item);
          } catch (e) {
            this.log.warn('could not build a live update', { topic, error: e as Error });
          }
        }
        if (items.length) this.bus.publish(topic, { tenantId: tk === '' ? null : tk, items } as never);
      }
    }
  }

  stop(): void {
    this.flush();
    this.stopped = true;
  }
}

/**
 * What changed, one thing at a time and as it happens (not batched): for other
 * capabilities of this core that keep their own picture of the inventory — the topology
 * views. Each change names the thing; the listener reads it again through
 * `OrchestratorService`. A reset (the lab's) means: everything may have changed.
 */
export type OrchestratorChange =
  | { kind: 'vnf'; id: string }
  | { kind: 'service'; id: string }
  | { kind: 'dataCentre'; id: string }
  | { kind: 'pod'; id: string }
  | { kind: 'server'; id: string; podId: string }
  | { kind: 'pair'; pair: string }
  | { kind: 'reset' };

export class ChangeFeed {
  private listeners = new Set<(c: OrchestratorChange) => void>();

  constructor(private readonly log: Logger) {}

  listen(listener: (c: OrchestratorChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  emit(c: OrchestratorChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(c);
      } catch (e) {
        this.log.warn('a change listener failed', { change: c.kind, error: e as Error });
      }
    }
  }
}
