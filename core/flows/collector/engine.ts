// The collector: UDP listeners → decoder → blocks in flows.db. It runs in a worker thread
// (worker.ts) so that receiving, decoding and storing never share the host's event loop.
//
// Each datagram is decoded at once into the open block (a FlowBatch); the block is encoded
// and written when it holds `blockRows` rows or every `flushMs`, whichever comes first.
// Templates are saved to flows.db when they change (at most once a second) and loaded at
// start, so a restart decodes at once. Once a second the engine reports a tick: what
// arrived (for the live views) and every exporter's counters (for the health table).
import { createSocket, type Socket } from 'node:dgram';
import { FlowDecoder } from '../decoders/index.js';
import { FlowBatch } from '../record.js';
import { encodeBlock } from '../store/block.js';
import { BlockWriter, FLOWS_DB, FLOWS_DB_MIGRATIONS, openFlowFile, type Db } from '../store/flowdb.js';
import type { CollectorConfig, CollectorTick, FromCollector, ListenerConfig, ListenerState } from './types.js';
import { CollectorSets } from './forward.js';
import type { ExporterCounters } from '../decoders/stats.js';

interface Listener {
  cfg: ListenerConfig;
  socket: Socket | null;
  state: ListenerState;
}

const MAX_DOMAINS_SHOWN = 16;

export class CollectorEngine {
  private db: Db | null = null;
  private writer: BlockWriter | null = null;
  private readonly decoder: FlowDecoder;
  private batch: FlowBatch;
  private listeners: Listener[] = [];
  private timers: ReturnType<typeof setInterval>[] = [];
  private templatesDirty = false;
  private sets: CollectorSets;
  private lastTick = Date.now();
  private lastExportersSaved = 0;
  // interval accumulators
  private acc = { flows: 0, bytes: 0, packets: 0, datagrams: 0 };
  private protoBytes = new Float64Array(256);
  private protoFlows = new Float64Array(256);
  private readonly domains = new Map<string, Set<number>>();
  private readonly rates = new Map<string, Set<number>>();
  private readonly storeStats = { blocksWritten: 0, rowsWritten: 0, blocksPruned: 0, writeErrors: 0 };
  private stopped = false;

  constructor(
    private config: CollectorConfig,
    private readonly emit: (m: FromCollector) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.decoder = new FlowDecoder();
    this.decoder.templates.onChange = () => {
      this.templatesDirty = true;
    };
    this.batch = new FlowBatch(Math.min(config.blockRows, 65536));
    this.sets = new CollectorSets(config.collectorSets, (m) => this.log('warn', m));
  }

  private log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
    this.emit(fields ? { type: 'log', level, message, fields } : { type: 'log', level, message });
  }

  async start(): Promise<void> {
    this.db = openFlowFile(this.config.dataDir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: true });
    this.writer = new BlockWriter(this.db);
    const saved = this.writer.loadTemplates();
    if (saved) {
      try {
        const r = this.decoder.templates.import(JSON.parse(saved));
        this.log('info', 'templates restored', { templates: r.templates, options: r.options, rejected: r.rejected });
      } catch (e) {
        this.log('warn', 'the saved templates could not be read; exporters will resend them', { error: (e as Error).message });
      }
    }
    for (const row of this.writer.loadExporters()) {
      try {
        const c = JSON.parse(row.json) as ExporterCounters;
        Object.assign(this.decoder.stats.exporter(row.exporter).counters, c, { exporter: row.exporter });
      } catch {
        // a damaged row: start that exporter's counters afresh
      }
    }
    await this.bindAll();
    this.timers.push(setInterval(() => this.tick(), 1000));
    this.timers.push(setInterval(() => this.flush(), this.config.flushMs));
    this.timers.push(setInterval(() => this.prune(), 10_000));
    this.prune();
    this.emit({ type: 'ready', listeners: this.listeners.map((l) => ({ ...l.state })) });
  }

  private async bindAll(): Promise<void> {
    this.listeners = await Promise.all(this.config.listeners.map((cfg) => this.bind(cfg)));
  }

  private bind(cfg: ListenerConfig): Promise<Listener> {
    const state: ListenerState = { ...cfg, boundPort: null, error: null, receiveBufferBytes: null, datagrams: 0 };
    const l: Listener = { cfg, socket: null, state };
    return new Promise((resolve) => {
      const sock = createSocket({ type: cfg.address.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
      const onError = (e: Error) => {
        state.error = (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${cfg.port} on ${cfg.address} is in use by another program` : e.message;
        this.log('warn', `the ${cfg.proto} listener on ${cfg.address}:${cfg.port} could not start`, { error: state.error });
        try {
          sock.close();
        } catch {
          // not open
        }
        resolve(l);
      };
      sock.once('error', onError);
      sock.bind(cfg.port, cfg.address, () => {
        sock.off('error', onError);
        sock.on('error', (e) => this.log('warn', 'listener error', { error: e.message }));
        try {
          sock.setRecvBufferSize(this.config.receiveBufferBytes);
        } catch (e) {
          this.log('warn', 'the receive buffer could not be set', { error: (e as Error).message });
        }
        try {
          state.receiveBufferBytes = sock.getRecvBufferSize();
        } catch {
          state.receiveBufferBytes = null;
        }
        state.boundPort = sock.address().port;
        l.socket = sock;
        sock.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo.address, l));
        resolve(l);
      });
    });
  }

  private onDatagram(msg: Buffer, from: string, l: Listener): void {
    if (this.stopped) return;
    l.state.datagrams++;
    this.acc.datagrams++;
    const exporter = from.startsWith('::ffff:') ? from.slice(7) : from;
    this.decoder.decode(msg, exporter, this.now(), this.batch);
    if (this.sets.active) this.sets.forward(msg, exporter, l.cfg.proto);
    if (this.batch.length >= this.config.blockRows) this.flush();
  }

  /** Encode and write the open block. */
  flush(): void {
    const b = this.batch;
    const n = b.length;
    if (n === 0 || !this.writer) return;
    // interval figures for the live views
    let bytes = 0;
    let packets = 0;
    const pb = this.protoBytes;
    const pf = this.protoFlows;
    for (let i = 0; i < n; i++) {
      const x = b.bytesScaled[i]!;
      bytes += x;
      packets += b.packetsScaled[i]!;
      const p = b.proto[i]!;
      pb[p] = pb[p]! + x;
      pf[p] = pf[p]! + 1;
    }
    this.acc.flows += n;
    this.acc.bytes += bytes;
    this.acc.packets += packets;
    // domains and sampling rates seen, per exporter (bounded)
    let lastE = -1;
    let lastD = -1;
    let lastR = -1;
    for (let i = 0; i < n; i++) {
      const e = b.exporter[i]!;
      const d = b.domain[i]!;
      const r = b.samplingRate[i]!;
      if (e === lastE && d === lastD && r === lastR) continue;
      lastE = e;
      lastD = d;
      lastR = r;
      const name = b.exporters[e]!;
      let ds = this.domains.get(name);
      if (!ds) this.domains.set(name, (ds = new Set()));
      if (ds.size < MAX_DOMAINS_SHOWN) ds.add(d);
      let rs = this.rates.get(name);
      if (!rs) this.rates.set(name, (rs = new Set()));
      if (rs.size < 8) rs.add(r);
    }
    try {
      const { data, summary } = encodeBlock(b);
      this.writer.write(data, summary, this.now());
      this.storeStats.blocksWritten++;
      this.storeStats.rowsWritten += n;
    } catch (e) {
      this.storeStats.writeErrors++;
      this.log('error', 'a block could not be written', { error: (e as Error).message, rows: n });
    }
    b.reset();
  }

  private prune(): void {
    if (!this.writer) return;
    try {
      this.storeStats.blocksPruned += this.writer.prune(this.now() - this.config.rawRetentionMinutes * 60_000);
    } catch (e) {
      this.log('warn', 'pruning old blocks failed', { error: (e as Error).message });
    }
  }

  /** Flush, then report (once a second; also on request). */
  tick(): void {
    this.flush();
    const t = this.now();
    const stats = this.decoder.stats.snapshot();
    if (this.templatesDirty && this.writer) {
      this.templatesDirty = false;
      try {
        this.writer.saveTemplates(JSON.stringify(this.decoder.templates.export()), t);
      } catch (e) {
        this.log('warn', 'templates could not be saved', { error: (e as Error).message });
      }
    }
    if (this.writer && t - this.lastExportersSaved > 10_000) {
      this.lastExportersSaved = t;
      try {
        this.writer.saveExporters(
          stats.map((s) => ({ exporter: s.exporter, json: JSON.stringify(s) })),
          t,
        );
      } catch {
        // counters are saved again in ten seconds
      }
    }
    const protocols: CollectorTick['protocols'] = [];
    for (let p = 0; p < 256; p++) if (this.protoFlows[p]! > 0) protocols.push({ proto: p, bytes: this.protoBytes[p]!, flows: this.protoFlows[p]! });
    protocols.sort((a, b) => b.bytes - a.bytes);
    const tick: CollectorTick = {
      t,
      intervalMs: t - this.lastTick,
      ...this.acc,
      protocols: protocols.slice(0, 8),
      exporters: stats.map((s) => ({
        ...s,
        domains: [...(this.domains.get(s.exporter) ?? [])].sort((a, b) => a - b),
        templatesKnown: this.decoder.templates.peek(s.exporter)?.count ?? 0,
        samplingRates: [...(this.rates.get(s.exporter) ?? [])].sort((a, b) => a - b),
      })),
      listeners: this.listeners.map((l) => ({ ...l.state })),
      collectorSets: this.sets.state(),
      store: { ...this.storeStats },
    };
    this.lastTick = t;
    this.acc = { flows: 0, bytes: 0, packets: 0, datagrams: 0 };
    this.protoBytes.fill(0);
    this.protoFlows.fill(0);
    this.emit({ type: 'tick', tick });
  }

  async reconfigure(config: CollectorConfig): Promise<void> {
    const old = this.config;
    this.config = config;
    this.sets = new CollectorSets(config.collectorSets, (m) => this.log('warn', m));
    if (JSON.stringify(old.listeners) !== JSON.stringify(config.listeners) || old.receiveBufferBytes !== config.receiveBufferBytes) {
      this.flush();
      await this.closeSockets();
      await this.bindAll();
    }
    this.emit({ type: 'ready', listeners: this.listeners.map((l) => ({ ...l.state })) });
  }

  private async closeSockets(): Promise<void> {
    await Promise.all(
      this.listeners.map(
        (l) =>
          new Promise<void>((r) => {
            if (!l.socket) return r();
            l.socket.close(() => r());
          }),
      ),
    );
    this.listeners = [];
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.closeSockets();
    this.flush();
    this.stopped = true;
    this.sets.close();
    if (this.writer) {
      try {
        if (this.templatesDirty) this.writer.saveTemplates(JSON.stringify(this.decoder.templates.export()), this.now());
        this.writer.saveExporters(
          this.decoder.stats.snapshot().map((s) => ({ exporter: s.exporter, json: JSON.stringify(s) })),
          this.now(),
        );
      } catch {
        // best effort at stop
      }
    }
    try {
      this.db?.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a reader holds the WAL
    }
    this.db?.close();
    this.db = null;
    this.writer = null;
  }
}
