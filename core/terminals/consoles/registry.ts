// The consoles the core knows: every registered provider's devices, merged. The host's
// wiring registers providers (the orchestrator's VNFs and enforcers); the terminal service
// lists them as `console` profiles and asks them for state.
import type { ConsoleProvider, ConsoleTarget, DeviceState, PingAnswer } from './state.js';
import { pingFromState } from './state.js';

export class ConsoleRegistry {
  private readonly providers = new Set<ConsoleProvider>();
  /** Which provider answered for a device last: a console's every command asks for its state, without listing every device again. */
  private readonly owners = new Map<string, ConsoleProvider>();

  /** Register a provider; returns its removal. */
  add(provider: ConsoleProvider): () => void {
    this.providers.add(provider);
    return () => {
      this.providers.delete(provider);
      for (const [id, p] of this.owners) if (p === provider) this.owners.delete(id);
    };
  }

  targets(): ConsoleTarget[] {
    const seen = new Map<string, ConsoleTarget>();
    for (const p of this.providers) {
      for (const t of p.list()) {
        if (seen.has(t.id)) continue;
        seen.set(t.id, t);
        this.owners.set(t.id, p);
      }
    }
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private owner(targetId: string): { provider: ConsoleProvider; target: ConsoleTarget } | null {
    for (const provider of this.providers) {
      const target = provider.list().find((t) => t.id === targetId);
      if (target) {
        this.owners.set(targetId, provider);
        return { provider, target };
      }
    }
    this.owners.delete(targetId);
    return null;
  }

  target(targetId: string): ConsoleTarget | null {
    return this.owner(targetId)?.target ?? null;
  }

  snapshot(targetId: string): DeviceState | null {
    const known = this.owners.get(targetId);
    const state = known ? known.snapshot(targetId) : null;
    // Not known, or gone from the provider that had it: look again among all of them.
    return state ?? this.owner(targetId)?.provider.snapshot(targetId) ?? null;
  }

  ping(targetId: string, destination: string, count: number, vrf: string | null = null): PingAnswer | null {
    const provider = this.owners.get(targetId) ?? this.owner(targetId)?.provider;
    if (!provider) return null;
    if (provider.ping) return provider.ping(targetId, destination, count, vrf);
    const state = this.snapshot(targetId);
    return state ? pingFromState(state, destination, count, vrf) : null;
  }
}
