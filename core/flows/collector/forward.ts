// Collector sets (SecMon §3.1.1.4): the datagrams Podium receives, forwarded unchanged to
// other collectors. A set either replicates every datagram to each of its collectors, or
// balances: the unit of balance is the exporter (its "session" with the collector), so
// that an exporter's templates and its data always reach the same collector —
//   round-robin  each new exporter goes to the next collector in turn;
//   weighted     new exporters are shared in the ratio of the collectors' weights
//                (smooth weighted round-robin);
//   session      each new exporter goes to the collector with the fewest exporters now.
import { createSocket, type Socket } from 'node:dgram';
import type { CollectorSetConfig, CollectorSetState, ListenerProto } from './types.js';

const MAX_ASSIGNED = 100_000;

interface Target {
  address: string;
  port: number;
  weight: number;
  current: number;
  datagrams: number;
  errors: number;
  exporters: number;
  /** Counts a failed send; made once per target, not per datagram. */
  sent: (e: Error | null) => void;
}

class ForwardSet {
  readonly targets: Target[];
  private readonly assigned = new Map<string, number>();
  private next = 0;
  constructor(readonly cfg: CollectorSetConfig) {
    this.targets = cfg.collectors.map((c) => {
      const t: Target = { ...c, current: 0, datagrams: 0, errors: 0, exporters: 0, sent: (e) => void (e && t.errors++) };
      return t;
    });
  }

  pick(exporter: string): number {
    let t = this.assigned.get(exporter);
    if (t !== undefined) return t;
    const ts = this.targets;
    if (this.cfg.algorithm === 'round-robin') {
      t = this.next++ % ts.length;
    } else if (this.cfg.algorithm === 'weighted') {
      let total = 0;
      let best = 0;
      for (let k = 0; k < ts.length; k++) {
        ts[k]!.current += ts[k]!.weight;
        total += ts[k]!.weight;
        if (ts[k]!.current > ts[best]!.current) best = k;
      }
      ts[best]!.current -= total;
      t = best;
    } else {
      t = 0;
      for (let k = 1; k < ts.length; k++) if (ts[k]!.exporters < ts[t]!.exporters) t = k;
    }
    if (this.assigned.size >= MAX_ASSIGNED) {
      this.assigned.clear();
      for (const x of ts) x.exporters = 0;
    }
    this.assigned.set(exporter, t);
    ts[t]!.exporters++;
    return t;
  }
}

export class CollectorSets {
  private readonly sets: ForwardSet[];
  private sock4: Socket | null = null;
  private sock6: Socket | null = null;
  readonly active: boolean;

  constructor(
    configs: CollectorSetConfig[],
    private readonly warn: (m: string) => void,
  ) {
    this.sets = configs.filter((c) => c.collectors.length > 0).map((c) => new ForwardSet(c));
    this.active = this.sets.length > 0;
  }

  private socket(address: string): Socket {
    if (address.includes(':')) {
      if (!this.sock6) {
        this.sock6 = createSocket('udp6');
        this.sock6.on('error', (e) => this.warn(`forwarding: ${e.message}`));
      }
      return this.sock6;
    }
    if (!this.sock4) {
      this.sock4 = createSocket('udp4');
      this.sock4.on('error', (e) => this.warn(`forwarding: ${e.message}`));
    }
    return this.sock4;
  }

  forward(msg: Buffer, exporter: string, proto: ListenerProto): void {
    for (const s of this.sets) {
      if (!s.cfg.protocols.includes(proto)) continue;
      if (s.cfg.algorithm === 'replicate') for (const t of s.targets) this.send(msg, t);
      else this.send(msg, s.targets[s.pick(exporter)]!);
    }
  }

  private send(msg: Buffer, t: Target): void {
    t.datagrams++;
    this.socket(t.address).send(msg, t.port, t.address, t.sent);
  }

  state(): CollectorSetState[] {
    return this.sets.map((s) => ({
      name: s.cfg.name,
      algorithm: s.cfg.algorithm,
      collectors: s.targets.map((t) => ({
        address: t.address,
        port: t.port,
        weight: t.weight,
        datagrams: t.datagrams,
        exporters: t.exporters,
        errors: t.errors,
      })),
    }));
  }

  close(): void {
    this.sock4?.close();
    this.sock6?.close();
    this.sock4 = this.sock6 = null;
  }
}
