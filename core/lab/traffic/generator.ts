// The lab's traffic: every second, flows that follow the lab's address plan, exported as
// real datagrams over loopback to Podium's collector —
//   - each running service's vRouter exports NetFlow v9 (site-to-site, remote users, and
//     internet traffic of services without a vFirewall), its vFirewall exports IPFIX
//     (internet traffic); each flow is exported once, by the device that carries it;
//   - each PoD's switch is an sFlow v5 agent (1 in 64) for the management traffic between
//     the PoD's ESC and its VNFs.
// The rate follows a daily shape (business hours of the machine's local time), with
// bursts (a site's backup to another site) and, now and then, a port scan of a vRouter's
// public address from the internet. Each exporter sends from its own loopback address
// (127 + its management address's last three octets), so the collector sees one exporter
// per VNF, as in a real network.
import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '../../host/log.js';
import { IpfixEncoder, NetflowV9Encoder, SflowEncoder, ipv4, ipv4Text, type ExportFlow } from '../../flows/encoder.js';
import type { Plan, PlanService, PlanVnf } from './plan.js';

export interface TrafficTarget {
  proto: 'netflow' | 'ipfix' | 'sflow';
  address: string;
  port: number;
}

export interface TrafficOptions {
  /** Flows per second at the daily peak (each with its reverse record). */
  peakFlowsPerSec: number;
  random?: () => number;
}

export interface TrafficDeps {
  log: Logger;
  now: () => number;
  plan: () => Plan;
  targets: () => TrafficTarget[];
  names?: (names: Map<string, string>) => void;
  opts: TrafficOptions;
}

const INTERNET = [
  '203.0.113.10',
  '203.0.113.25',
  '203.0.113.80',
  '198.51.100.7',
  '198.51.100.44',
  '198.51.100.120',
  '192.0.2.33',
  '192.0.2.200',
  '203.0.113.150',
  '198.51.100.201',
].map(ipv4);
const RESOLVERS = ['192.0.2.53', '198.51.100.53'].map(ipv4);
const SCANNERS = ['203.0.113.66', '198.51.100.99', '192.0.2.123'].map(ipv4);
const IF_OUTSIDE = 1;
const IF_INSIDE = 2;
const IF_TUNNEL = 3;

/** The share of the peak rate at this local time: night floor, business-hours hump. */
export function dailyShape(ms: number): number {
  const d = new Date(ms);
  const h = d.getHours() + d.getMinutes() / 60;
  const day = h >= 7 && h <= 20 ? Math.sin((Math.PI * (h - 7)) / 13) : 0;
  return 0.2 + 0.8 * day;
}

/** One second's flows, per exporter address: what each exporter sends, and how. */
type Outbox = Map<string, { proto: TrafficTarget['proto']; flows: ExportFlow[] }>;

interface Exporter {
  address: string;
  socket: Socket | null;
  failed: boolean;
}

export class LabTraffic {
  private timer: ReturnType<typeof setInterval> | null = null;
  private planTimer: ReturnType<typeof setInterval> | null = null;
  private plan: Plan = { services: [], pods: [] };
  private readonly exporters = new Map<string, Exporter>();
  private readonly v9 = new Map<string, NetflowV9Encoder>();
  private readonly ipfix = new Map<string, IpfixEncoder>();
  private readonly sflow = new Map<string, SflowEncoder>();
  private readonly rnd: () => number;
  private burst: { svc: PlanService; from: number; to: number; until: number; bytesPerSec: number; port: number } | null = null;
  private scan: { router: PlanVnf; from: number; until: number; port: number } | null = null;
  private nextBurst: number;
  private nextScan: number;
  private ephemeral = 32768;
  sent = { datagrams: 0, flows: 0, errors: 0 };

  constructor(private readonly d: TrafficDeps) {
    this.rnd = d.opts.random ?? Math.random;
    const now = d.now();
    this.nextBurst = now + 60_000 + this.rnd() * 120_000;
    this.nextScan = now + 120_000 + this.rnd() * 300_000;
  }

  start(): void {
    if (this.d.opts.peakFlowsPerSec <= 0) return;
    this.refresh();
    this.planTimer = setInterval(() => this.refresh(), 15_000);
    this.timer = setInterval(() => this.second(), 1000);
    this.planTimer.unref();
    this.timer.unref();
  }

  private refresh(): void {
    try {
      this.plan = this.d.plan();
    } catch (e) {
      this.d.log.warn('lab traffic: the address plan could not be read', { error: e as Error });
      return;
    }
    const names = new Map<string, string>();
    for (const s of this.plan.services) for (const v of s.vnfs) names.set(v.exporter, `${v.hostname} (${v.role}, ${s.tenantName}: ${s.name}, ${v.podName})`);
    for (const p of this.plan.pods) names.set(p.exporter, `${p.podName} switch (sFlow agent)`);
    this.d.names?.(names);
    for (const a of names.keys()) this.exporter(a); // bind now: the first datagrams carry templates
  }

  private exporter(address: string): Exporter {
    let e = this.exporters.get(address);
    if (e) return e;
    e = { address, socket: null, failed: false };
    this.exporters.set(address, e);
    const sock = createSocket('udp4');
    const ex = e;
    sock.on('error', () => {
      ex.failed = true;
      this.sent.errors++;
    });
    sock.bind(0, address, () => {
      ex.socket = sock;
    });
    return e;
  }

  /** Is this exporter's socket bound (it binds on first use and sends from the next second)? */
  private ready(address: string): boolean {
    const e = this.exporter(address);
    return e.socket !== null && !e.failed;
  }

  private send(address: string, proto: TrafficTarget['proto'], datagrams: Buffer[]): void {
    const t = this.d.targets().find((x) => x.proto === proto);
    const e = this.exporters.get(address);
    if (!t || !e?.socket || datagrams.length === 0) return;
    for (const dg of datagrams) {
      e.socket.send(dg, t.port, t.address, (err) => {
        if (err) this.sent.errors++;
      });
      this.sent.datagrams++;
    }
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!;
  }

  private poisson(mean: number): number {
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * (this.rnd() + this.rnd() + this.rnd() - 1.5) * 2));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.rnd();
    } while (p > l);
    return k - 1;
  }

  private host(svc: PlanService): { site: number; addr: number } {
    let r = this.rnd() * svc.sites.reduce((n, s) => n + s.users, 0);
    let site = 0;
    for (let k = 0; k < svc.sites.length; k++) {
      r -= svc.sites[k]!.users;
      if (r <= 0) {
        site = k;
        break;
      }
    }
    const s = svc.sites[site]!;
    return { site, addr: s.lan + 10 + Math.floor(this.rnd() * Math.min(240, s.users)) };
  }

  private port(): number {
    this.ephemeral = this.ephemeral >= 60999 ? 32768 : this.ephemeral + 1 + Math.floor(this.rnd() * 7);
    return this.ephemeral;
  }

  private size(median: number): number {
    // log-normal-ish: heavy tail
    const z = (this.rnd() + this.rnd() + this.rnd() + this.rnd() - 2) * 1.7;
    return Math.max(60, Math.round(median * Math.exp(z)));
  }

  /** A flow and its reply; `to` is the exporter that sees it. */
  private pair(out: Outbox, exporter: PlanVnf, proto: 'netflow' | 'ipfix', f: ExportFlow, replyBytes: number, now: number): void {
    let g = out.get(exporter.exporter);
    if (!g) out.set(exporter.exporter, (g = { proto, flows: [] }));
    g.flows.push(f);
    const packets = Math.max(1, Math.round(replyBytes / 1200));
    g.flows.push({
      ...f,
      src: f.dst,
      dst: f.src,
      srcPort: f.dstPort,
      dstPort: f.srcPort,
      bytes: replyBytes,
      packets,
      inIf: f.outIf,
      outIf: f.inIf,
      tcpFlags: f.proto === 6 ? 0x1a : 0,
      endMs: Math.min(now, f.endMs + 5),
    });
  }

  private flowFor(svc: PlanService, now: number, out: Outbox): void {
    const { site, addr } = this.host(svc);
    const dur = 200 + this.rnd() * 20_000;
    const end = now - this.rnd() * 900;
    const base = { startMs: end - dur, endMs: end, vlan: 0, direction: 0 as const, dscp: 0, tcpFlags: 0x1b };
    const k = this.rnd();
    const inet = svc.firewall ?? svc.router!;
    const inetProto = svc.firewall ? 'ipfix' : 'netflow';
    if (k < 0.55) {
      const port = this.rnd() < 0.85 ? 443 : 80;
      const req = this.size(1500);
      this.pair(
        out,
        inet,
        inetProto,
        {
          ...base,
          src: addr,
          dst: this.pick(INTERNET),
          srcPort: this.port(),
          dstPort: port,
          proto: 6,
          bytes: req,
          packets: Math.max(2, Math.round(req / 400)),
          inIf: IF_INSIDE,
          outIf: IF_OUTSIDE,
        },
        this.size(40_000),
        now,
      );
    } else if (k < 0.7) {
      this.pair(
        out,
        inet,
        inetProto,
        {
          ...base,
          src: addr,
          dst: this.pick(RESOLVERS),
          srcPort: this.port(),
          dstPort: 53,
          proto: 17,
          bytes: 70 + Math.floor(this.rnd() * 40),
          packets: 1,
          inIf: IF_INSIDE,
          outIf: IF_OUTSIDE,
          tcpFlags: 0,
          startMs: end - 5,
        },
        120 + Math.floor(this.rnd() * 300),
        now,
      );
    } else if (k < 0.85 && svc.sites.length > 1) {
      let other = Math.floor(this.rnd() * svc.sites.length);
      if (other === site) other = (other + 1) % svc.sites.length;
      const s2 = svc.sites[other]!;
      const dst = s2.lan + 10 + Math.floor(this.rnd() * Math.min(240, s2.users));
      const port = this.pick([445, 3389, 22, 8080, 5432]);
      this.pair(
        out,
        svc.router!,
        'netflow',
        { ...base, src: addr, dst, srcPort: this.port(), dstPort: port, proto: 6, bytes: this.size(3000), packets: 6, inIf: IF_TUNNEL, outIf: IF_TUNNEL },
        this.size(60_000),
        now,
      );
    } else if (k < 0.92) {
      // voice: EF
      this.pair(
        out,
        inet,
        inetProto,
        {
          ...base,
          src: addr,
          dst: this.pick(INTERNET),
          srcPort: 16384 + 2 * Math.floor(this.rnd() * 500),
          dstPort: 5004,
          proto: 17,
          dscp: 46,
          bytes: this.size(200_000),
          packets: 1000,
          inIf: IF_INSIDE,
          outIf: IF_OUTSIDE,
          tcpFlags: 0,
        },
        this.size(200_000),
        now,
      );
    } else if (svc.remoteUsers > 0) {
      const ru = ipv4('172.16.0.0') + 10 + Math.floor(this.rnd() * svc.remoteUsers);
      this.pair(
        out,
        svc.router!,
        'netflow',
        {
          ...base,
          src: ru,
          dst: addr,
          srcPort: this.port(),
          dstPort: this.pick([443, 3389, 22]),
          proto: 6,
          bytes: this.size(4000),
          packets: 8,
          inIf: IF_TUNNEL,
          outIf: IF_INSIDE,
        },
        this.size(30_000),
        now,
      );
    } else {
      const port = this.pick([993, 587]);
      this.pair(
        out,
        inet,
        inetProto,
        {
          ...base,
          src: addr,
          dst: this.pick(INTERNET),
          srcPort: this.port(),
          dstPort: port,
          proto: 6,
          bytes: this.size(5000),
          packets: 10,
          inIf: IF_INSIDE,
          outIf: IF_OUTSIDE,
        },
        this.size(20_000),
        now,
      );
    }
  }

  /** One second of traffic. */
  second(now = this.d.now()): void {
    const svcs = this.plan.services;
    if (svcs.length === 0 || this.d.targets().length === 0) return;
    const out: Outbox = new Map();
    const mean = this.d.opts.peakFlowsPerSec * dailyShape(now);
    const totalWeight = svcs.reduce((n, s) => n + s.weight, 0) || 1;
    for (const svc of svcs) {
      const n = this.poisson((mean * svc.weight) / totalWeight);
      for (let k = 0; k < n; k++) this.flowFor(svc, now, out);
    }
    this.bursts(now, out);
    this.scans(now, out);
    for (const [address, g] of out) {
      if (!this.ready(address)) continue;
      const enc = g.proto === 'netflow' ? this.v9For(address, now) : this.ipfixFor(address);
      this.send(address, g.proto, enc.encode(g.flows, now));
      this.sent.flows += g.flows.length;
    }
    this.management(now);
  }

  private v9For(address: string, now: number): NetflowV9Encoder {
    let e = this.v9.get(address);
    if (!e)
      this.v9.set(address, (e = new NetflowV9Encoder(ipv4(address.replace(/^127/, '0')) & 0xffff, now - 3_600_000 - Math.floor(this.rnd() * 86_400_000))));
    return e;
  }

  private ipfixFor(address: string): IpfixEncoder {
    let e = this.ipfix.get(address);
    if (!e) this.ipfix.set(address, (e = new IpfixEncoder(ipv4(address.replace(/^127/, '0')) & 0xffff)));
    return e;
  }

  private bursts(now: number, out: Outbox): void {
    if (!this.burst && now >= this.nextBurst) {
      const multi = this.plan.services.filter((s) => s.sites.length > 1);
      if (multi.length) {
        const svc = this.pick(multi);
        const a = svc.sites[0]!;
        const b = svc.sites[1]!;
        this.burst = {
          svc,
          from: a.lan + 20,
          to: b.lan + 5,
          until: now + 30_000 + this.rnd() * 60_000,
          bytesPerSec: 4e6 + this.rnd() * 8e6,
          port: this.port(),
        };
        this.d.log.debug('lab traffic: a backup burst starts', { service: svc.name });
      }
      this.nextBurst = now + 180_000 + this.rnd() * 240_000;
    }
    const b = this.burst;
    if (b) {
      if (now > b.until) this.burst = null;
      else if (b.svc.router) {
        const bytes = Math.round(b.bytesPerSec * (0.8 + this.rnd() * 0.4));
        this.pair(
          out,
          b.svc.router,
          'netflow',
          {
            src: b.from,
            dst: b.to,
            srcPort: b.port,
            dstPort: 873,
            proto: 6,
            bytes,
            packets: Math.round(bytes / 1400),
            startMs: now - 1000,
            endMs: now - 1,
            tcpFlags: 0x18,
            dscp: 10,
            inIf: IF_TUNNEL,
            outIf: IF_TUNNEL,
            vlan: 0,
            direction: 0,
          },
          Math.round(bytes / 40),
          now,
        );
      }
    }
  }

  private scans(now: number, out: Outbox): void {
    if (!this.scan && now >= this.nextScan) {
      const routers = this.plan.services.map((s) => s.router).filter((r): r is PlanVnf => !!r && r.outside !== null);
      if (routers.length) {
        this.scan = { router: this.pick(routers), from: this.pick(SCANNERS), until: now + 20_000, port: 1 };
        this.d.log.debug('lab traffic: a port scan starts', { target: ipv4Text(this.scan.router.outside!) });
      }
      this.nextScan = now + 480_000 + this.rnd() * 600_000;
    }
    const s = this.scan;
    if (!s) return;
    if (now > s.until || s.port > 1024) {
      this.scan = null;
      return;
    }
    let g = out.get(s.router.exporter);
    if (!g) out.set(s.router.exporter, (g = { proto: 'netflow', flows: [] }));
    for (let k = 0; k < 50 && s.port <= 1024; k++, s.port++) {
      g.flows.push({
        src: s.from,
        dst: s.router.outside!,
        srcPort: 40000 + (s.port % 1000),
        dstPort: s.port,
        proto: 6,
        bytes: 44,
        packets: 1,
        startMs: now - 10,
        endMs: now - 10,
        tcpFlags: 0x02,
        dscp: 0,
        inIf: IF_OUTSIDE,
        outIf: 0,
        vlan: 0,
        direction: 0,
      });
    }
  }

  /** The PoD switches' sFlow: management traffic between the ESC and each VNF. */
  private management(now: number): void {
    const rate = 64;
    for (const pod of this.plan.pods) {
      if (!this.ready(pod.exporter)) continue;
      let enc = this.sflow.get(pod.exporter);
      if (!enc) this.sflow.set(pod.exporter, (enc = new SflowEncoder(pod.agent, 0, rate, now - 86_400_000)));
      const items: { flow: ExportFlow; samples: number }[] = [];
      for (const v of pod.vnfs) {
        const kinds = [
          { port: 830, proto: 6, bytes: 12_000 },
          { port: 161, proto: 17, bytes: 3_000 },
          { port: 514, proto: 17, bytes: 6_000 },
        ];
        for (const kd of kinds) {
          const bytes = this.size(kd.bytes);
          const packets = Math.max(1, Math.round(bytes / 300));
          let samples = Math.floor(packets / rate);
          if (this.rnd() < (packets % rate) / rate) samples++;
          if (samples === 0) continue;
          const fromVnf = kd.port === 514;
          items.push({
            flow: {
              src: fromVnf ? v.mgmt : pod.agent,
              dst: fromVnf ? pod.agent : v.mgmt,
              srcPort: this.port(),
              dstPort: kd.port,
              proto: kd.proto,
              bytes,
              packets,
              startMs: now - 1000,
              endMs: now,
              tcpFlags: kd.proto === 6 ? 0x18 : 0,
              dscp: 16,
              inIf: 10 + (v.mgmt & 0xff),
              outIf: 1,
              vlan: 0,
              direction: 0,
            },
            samples,
          });
        }
      }
      this.send(pod.exporter, 'sflow', enc.encode(items, now));
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.planTimer) clearInterval(this.planTimer);
    this.timer = this.planTimer = null;
    for (const e of this.exporters.values()) {
      try {
        e.socket?.close();
      } catch {
        // already closed
      }
    }
    this.exporters.clear();
  }
}
