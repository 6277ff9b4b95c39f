// The consoles the core knows: every registered provider's devices, merged. The host's
// wiring registers providers (the orchestrator's VNFs and enforcers); the terminal service
// lists them as `console` profiles and asks them for state.
import type { ConsoleProvider, ConsoleTarget, DeviceState, PingAnswer } from './state.js';
import { pingFromState } from './state.js';

export class ConsoleRegistry {
  private readonly providers = new Set<ConsoleProvider>();

  /** Register a provider; returns its removal. */
  add(provider: ConsoleProvider): () => void {
    this.providers.add(provider);
    return () => this.providers.delete(provider);
  }

  targets(): ConsoleTarget[] {
    const seen = new Map<string, ConsoleTarget>();
    for (const p of this.providers) {
      for (const t of p.list()) if (!seen.has(t.id)) seen.set(t.id, t);
    }
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private owner(targetId: string): { provider: ConsoleProvider; target: ConsoleTarget } | null {
    for (const provider of this.providers) {
      const target = provider.list().find((t) => t.id === targetId);
      if (target) return { provider, target };
    }
    return null;
  }

  target(targetId: string): ConsoleTarget | null {
    return this.owner(targetId)?.target ?? null;
  }

  snapshot(targetId: string): DeviceState | null {
    return this.owner(targetId)?.provider.snapshot(targetId) ?? null;
  }

  ping(targetId: string, destination: string, count: number): PingAnswer | null {
    const o = this.owner(targetId);
    if (!o) return null;
    if (o.provider.ping) return o.provider.ping(targetId, destination, count);
    const state = o.provider.snapshot(targetId);
    return state ? pingFromState(state, destination, count) : null;
  }
}
