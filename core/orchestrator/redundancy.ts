// Platform redundancy (seed: ESC redundancy, NSO redundancy). Each pair — the NSO service
// manager, and per PoD its NSO device manager and its ESC — has a master and a standby that
// exchange keep-alives. When the master falls silent for `missed` intervals, the standby
// promotes itself. ESC: master / slave (the old master comes back as slave). NSO: master /
// subordinate / none ("no active redundancy state": the old master until it has re-synced,
// after which it is subordinate). Roles are stored; silence is the lab's doing (drills).
import type { Db } from '../store/store.js';
import type { PairView, PlatformNode } from './contract.js';

interface Row {
  id: string;
  kind: 'nso-sm' | 'nso-dm' | 'esc';
  pair: string;
  pod_id: string | null;
  name: string;
  role: 'master' | 'slave' | 'subordinate' | 'none';
  address: string;
  vip: string;
  node_id: number | null;
  changed_at: string;
}

export interface RedundancyOptions {
  keepaliveMs: number;
  /** Keep-alives missed before the standby takes over. */
  missed: number;
}

export class Redundancy {
  private lastSeen = new Map<string, number>();
  /** Silenced nodes, with the time of their last keep-alive. */
  private silenced = new Map<string, number>();
  private aliveBefore = new Map<string, boolean>();
  private lastFailover = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    readonly opts: RedundancyOptions,
    private readonly onChange: (pair: PairView, reason: string) => void,
  ) {}

  get deadAfterMs(): number {
    return this.opts.keepaliveMs * this.opts.missed;
  }

  private rows(pair?: string): Row[] {
    return (pair
      ? this.db.prepare(`SELECT * FROM platform_nodes WHERE pair = ? ORDER BY id`).all(pair)
      : this.db.prepare(`SELECT * FROM platform_nodes ORDER BY kind, pair, id`).all()) as Row[];
  }

  start(): void {
    const t = this.now();
    for (const r of this.rows()) this.lastSeen.set(r.id, t);
    this.timer = setInterval(() => this.tick(), this.opts.keepaliveMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * What the peer knows: a keep-alive arrived within the last `missed` intervals. Nodes
   * here are modelled: only a silenced one stops sending, so only it can age (a stall of
   * this process is not a lost keep-alive).
   */
  private alive(id: string, t = this.now()): boolean {
    const since = this.silenced.get(id);
    return since === undefined || t - since <= this.deadAfterMs;
  }

  /** Whether it answers calls: a silenced node does not, even before its peer notices. */
  private answers(id: string, t = this.now()): boolean {
    return !this.silenced.has(id) && this.alive(id, t);
  }

  /** One keep-alive round: every node that is not silent says hello; then each pair is judged. */
  tick(): void {
    const t = this.now();
    const byPair = new Map<string, Row[]>();
    for (const r of this.rows()) {
      if (!this.silenced.has(r.id)) this.lastSeen.set(r.id, t);
      byPair.set(r.pair, [...(byPair.get(r.pair) ?? []), r]);
    }
    for (const [pair, nodes] of byPair) this.judge(pair, nodes, t);
  }

  private setRole(id: string, role: Row['role']): void {
    this.db.prepare(`UPDATE platform_nodes SET role = ?, changed_at = ? WHERE id = ?`).run(role, new Date(this.now()).toISOString(), id);
  }

  private judge(pair: string, nodes: Row[], t: number): void {
    const reasons: string[] = [];
    for (const n of nodes) {
      const a = this.alive(n.id, t);
      const before = this.aliveBefore.get(n.id);
      if (before !== undefined && before !== a) reasons.push(a ? `${n.name} is sending keep-alives again` : `${n.name} fell silent`);
      this.aliveBefore.set(n.id, a);
    }
    const master = nodes.find((n) => n.role === 'master');
    if (!master || !this.alive(master.id, t)) {
      const standby = nodes.find((n) => n.id !== master?.id && this.alive(n.id, t));
      if (standby) {
        this.db.transaction(() => {
          this.setRole(standby.id, 'master');
          if (master) this.setRole(master.id, master.kind === 'esc' ? 'slave' : 'none');
        })();
        this.lastFailover.set(pair, t);
        reasons.push(`${standby.name} promoted itself to master${master ? ` (${master.name} missed ${this.opts.missed} keep-alives)` : ''}`);
      }
    } else {
      // An NSO node without a redundancy state re-syncs from the master and becomes subordinate.
      for (const n of nodes) {
        if (n.id !== master.id && n.role === 'none' && this.alive(n.id, t)) {
          this.setRole(n.id, 'subordinate');
          reasons.push(`${n.name} re-synced from ${master.name} and is subordinate`);
        }
      }
    }
    if (reasons.length) this.onChange(this.pair(pair), reasons.join('; '));
  }

  /** Does the pair have a master that answers? (Calls through it fail while it does not.) */
  masterAvailable(pair: string): boolean {
    const m = this.rows(pair).find((n) => n.role === 'master');
    return m !== undefined && this.answers(m.id);
  }

  /** Lab drills: a node stops sending keep-alives (and answering), or starts again. */
  silence(id: string): void {
    if (!this.silenced.has(id)) this.silenced.set(id, this.lastSeen.get(id) ?? this.now());
    this.tick();
  }

  revive(id: string): void {
    this.silenced.delete(id);
    this.lastSeen.set(id, this.now());
    this.tick();
  }

  isSilenced(id: string): boolean {
    return this.silenced.has(id);
  }

  node(r: Row): PlatformNode {
    const seen = this.lastSeen.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      podId: r.pod_id,
      name: r.name,
      role: r.role,
      alive: this.answers(r.id),
      lastKeepaliveAt: seen === undefined ? null : new Date(seen).toISOString(),
      nodeId: r.node_id,
      address: r.address,
    };
  }

  pair(pair: string): PairView {
    const rows = this.rows(pair);
    const nodes = rows.map((r) => this.node(r));
    const master = nodes.find((n) => n.role === 'master' && n.alive) ?? null;
    const fo = this.lastFailover.get(pair);
    return {
      pair,
      kind: rows[0]?.kind ?? 'esc',
      podId: rows[0]?.pod_id ?? null,
      vip: rows[0]?.vip ?? '',
      master: master?.id ?? null,
      healthy: master !== null && nodes.length > 1 && nodes.every((n) => n.alive) && nodes.some((n) => n.role === 'slave' || n.role === 'subordinate'),
      nodes,
      lastFailoverAt: fo === undefined ? null : new Date(fo).toISOString(),
    };
  }

  pairs(): PairView[] {
    return [...new Set(this.rows().map((r) => r.pair))].map((p) => this.pair(p));
  }

  /** The node that is master of a pair now. */
  masterOf(pair: string): string | null {
    return this.rows(pair).find((n) => n.role === 'master')?.id ?? null;
  }

  forget(): void {
    this.silenced.clear();
    this.lastSeen.clear();
    this.aliveBefore.clear();
    this.lastFailover.clear();
    const t = this.now();
    for (const r of this.rows()) this.lastSeen.set(r.id, t);
  }
}
