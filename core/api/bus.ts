// The topic bus inside the host: capabilities publish events, transports fan them out to
// subscribed connections. Events are validated against their topic's schema here, so a
// bug in a capability shows up as an error in the log rather than as a malformed frame.
import type { TopicEvent, TopicName } from './contract.js';
import { topicSpec } from './contract.js';

export type Listener = (event: unknown) => void;

export interface Publisher {
  publish<T extends TopicName>(topic: T, event: TopicEvent<T>): void;
}

export class TopicBus implements Publisher {
  private listeners = new Map<string, Set<Listener>>();

  constructor(private readonly onError: (topic: string, error: Error) => void = () => {}) {}

  publish<T extends TopicName>(topic: T, event: TopicEvent<T>): void {
    const set = this.listeners.get(topic);
    if (!set || set.size === 0) return;
    const spec = topicSpec(topic);
    const parsed = spec?.event.safeParse(event);
    if (!spec || !parsed?.success) {
      this.onError(topic, new Error(`event for ${topic} does not match its schema: ${parsed?.error?.message ?? 'unknown topic'}`));
      return;
    }
    for (const l of [...set]) {
      try {
        l(parsed.data);
      } catch (e) {
        this.onError(topic, e as Error);
      }
    }
  }

  listen(topic: string, listener: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  listenerCount(topic: string): number {
    return this.listeners.get(topic)?.size ?? 0;
  }
}
