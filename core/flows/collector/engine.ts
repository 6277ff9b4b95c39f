// The collector: UDP listeners → decoder → blocks in the store. It runs in two threads,
// neither of them the host's: this one (worker.ts) receives and decodes; a store writer
// thread of its own (writer.ts) encodes blocks and writes them, so that a block write
// never holds up the sockets.
//
// Each datagram is decoded at once into the open block (a FlowBatch). When the block holds
// `blockRows` rows, or every `flushMs`, its columns are transferred (not copied) to the
// writer, which gives them back once written; meanwhile decoding goes on into a spare set
// of columns. Nothing crosses between the threads per datagram. Templates are saved by the
// writer when they change (at most once a second) and loaded at start, so a restart
// decodes at once. Once a second the engine reports a tick: what arrived (for the live
// views) and every exporter's counters (for the health table).
import { createSocket, type Socket } from 'node:dgram';
import { Worker } from 'node:worker_threads';
import { FlowDecoder } from '../decoders/index.js';
import { FlowBatch, columnBuffers, type BatchColumns } from '../record.js';
import type { CollectorConfig, CollectorTick, FromCollector, FromWriter, ListenerConfig, ListenerState, StoreStats, ToWriter } from './types.js';
import { CollectorSets } from './forward.js';
import type { ExporterCounters } from '../decoders/stats.js';
import { workerScript } from '../workers.js';
import { coalesceReads, type Coalescer } from './coalesce.js';
import { AddressNames, BATCH, EAGAIN, META, SLOT, nativeRecv, type NativeRecv } from './native.js';

interface Listener {
  cfg: ListenerConfig;
  /** Node's dgram socket, or the batched receiver's fd (native.ts). */
  socket: Socket | null;
  fd: number;
  state: ListenerState;
  reads: Coalescer | null;
}

const MAX_DOMAINS_SHOWN = 16;
/** Blocks handed to the writer and not yet written, at most; beyond, a block is dropped (and counted). */
const MAX_PENDING_BLOCKS = 32;
/** Spare column sets kept for reuse. */
const MAX_SPARE = 4;
/** System calls per receive turn at most (64 datagrams each). */
const POLL_BUDGET = 32;

export class CollectorEngine {
  private writer: Worker | null = null;
  private writerAlive = false;
  private writerStopped: Promise<void> = Promise.resolve();
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
  private readonly storeStats: StoreStats = { blocksWritten: 0, rowsWritten: 0, blocksPruned: 0, writeErrors: 0, droppedRows: 0, pendingBlocks: 0 };
  private stopped = false;
  /** Blocks sent to the writer, and acknowledged by it; rows per pending block. */
  private seq = 0;
  private acked = 0;
  private readonly pendingRows = new Map<number, number>();
  private readonly spare: BatchColumns[] = [];
  private ackWaiters: { seq: number; done: () => void }[] = [];
  private droppedLogged = 0;

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
    this.batch.keepExtras = false; // the store keeps no extras: rows hold no datagram references
    this.sets = new CollectorSets(config.collectorSets, (m) => this.log('warn', m));
  }

  private log(level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
    this.emit(fields ? { type: 'log', level, message, fields } : { type: 'log', level, message });
  }

  async start(): Promise<void> {
    const ready = await this.startWriter();
    if (ready.templates) {
      try {
        const r = this.decoder.templates.import(JSON.parse(ready.templates));
        this.log('info', 'templates restored', { templates: r.templates, options: r.options, rejected: r.rejected });
      } catch (e) {
        this.log('warn', 'the saved templates could not be read; exporters will resend them', { error: (e as Error).message });
      }
    }
    for (const row of ready.exporters) {
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

  /** Start the store writer thread; resolves with what it loaded from flows.db. */
  private startWriter(): Promise<Extract<FromWriter, { type: 'ready' }>> {
    const w = new Worker(workerScript('collector/writer.js'), { workerData: { dataDir: this.config.dataDir } });
    this.writer = w;
    this.writerAlive = true;
    let stopped!: () => void;
    this.writerStopped = new Promise((r) => (stopped = r));
    return new Promise((resolve, reject) => {
      w.on('message', (m: FromWriter) => {
        switch (m.type) {
          case 'ready':
            resolve(m);
            break;
          case 'written':
            this.onWritten(m);
            break;
          case 'pruned':
            this.storeStats.blocksPruned += m.blocks;
            break;
          case 'log':
            this.emit(m);
            break;
          case 'stopped':
            stopped();
            break;
        }
      });
      w.on('error', (e) => {
        this.log('error', 'the flow store writer failed', { error: e.message });
        reject(e);
      });
      w.on('exit', () => {
        this.writerAlive = false;
        stopped();
        reject(new Error('the flow store writer stopped before it was ready'));
        // blocks it never acknowledged are lost
        for (const [seq, rows] of this.pendingRows) {
          this.storeStats.writeErrors++;
          this.storeStats.droppedRows += rows;
          this.acked = Math.max(this.acked, seq);
        }
        this.pendingRows.clear();
        this.storeStats.pendingBlocks = 0;
        this.wakeAckWaiters();
      });
    });
  }

  private onWritten(m: Extract<FromWriter, { type: 'written' }>): void {
    const rows = this.pendingRows.get(m.seq) ?? 0;
    this.pendingRows.delete(m.seq);
    this.storeStats.pendingBlocks = this.pendingRows.size;
    if (m.ok) {
      this.storeStats.blocksWritten++;
      this.storeStats.rowsWritten += rows;
    } else {
      this.storeStats.writeErrors++;
      this.log('error', 'a block could not be written', { error: m.error, rows });
    }
    if (this.spare.length < MAX_SPARE) this.spare.push(m.cols);
    this.acked = Math.max(this.acked, m.seq);
    this.wakeAckWaiters();
  }

  private wakeAckWaiters(): void {
    if (this.ackWaiters.length === 0) return;
    const keep: typeof this.ackWaiters = [];
    for (const w of this.ackWaiters) {
      if (w.seq <= this.acked) w.done();
      else keep.push(w);
    }
    this.ackWaiters = keep;
  }

  private toWriter(m: ToWriter, transfer?: ArrayBuffer[]): boolean {
    if (!this.writer || !this.writerAlive) return false;
    this.writer.postMessage(m, transfer ?? []);
    return true;
  }

  private async bindAll(): Promise<void> {
    this.listeners = await Promise.all(this.config.listeners.map((cfg) => this.bind(cfg)));
    if (this.native && !this.pollTimer) this.schedulePoll(false);
  }

  // ------------------------------------------------------------ the batched receiver
  // Each turn drains every socket (up to POLL_BUDGET system calls of BATCH datagrams, so
  // timers and messages still get their turn under load), then sleeps a millisecond while
  // the kernel queues what arrives.

  private readonly native: NativeRecv | null = nativeRecv();
  private readonly rxBuf = new Uint8Array(this.native ? SLOT * BATCH : 0);
  private readonly rxMeta = new Int32Array(META * BATCH);
  private readonly names = new AddressNames();
  private pollTimer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  private pollErrors = 0;

  private schedulePoll(busy: boolean): void {
    this.pollTimer = busy ? setImmediate(this.poll) : setTimeout(this.poll, 1);
  }

  private readonly poll = (): void => {
    this.pollTimer = null;
    if (this.stopped || !this.native) return;
    const native = this.native;
    const buf = this.rxBuf;
    const meta = this.rxMeta;
    let calls = 0;
    let busy = false;
    for (const l of this.listeners) {
      if (l.fd < 0) continue;
      for (;;) {
        const n = native.recv(l.fd, buf, meta, SLOT);
        if (n <= 0) {
          if (n < 0 && n !== -EAGAIN && this.pollErrors++ % 1000 === 0) this.log('warn', 'receiving failed', { listener: l.cfg.proto, errno: -n });
          break;
        }
        for (let i = 0; i < n; i++) {
          const m = i * META;
          const at = i * SLOT;
          this.onDatagram(buf.subarray(at, at + meta[m]!), this.names.of(meta, m), l);
        }
        if (++calls >= POLL_BUDGET) {
          busy = true;
          break;
        }
        if (n < BATCH) break;
      }
    }
    if (!this.stopped) this.schedulePoll(busy);
  };

  private bind(cfg: ListenerConfig): Promise<Listener> {
    const state: ListenerState = { ...cfg, boundPort: null, error: null, receiveBufferBytes: null, datagrams: 0 };
    const l: Listener = { cfg, socket: null, fd: -1, state, reads: null };
    const native = this.native;
    if (native) {
      try {
        const s = native.open(cfg.address, cfg.port, this.config.receiveBufferBytes);
        l.fd = s.fd;
        state.receiver = 'batched';
        state.boundPort = s.port;
        state.receiveBufferBytes = s.rcvbuf;
      } catch (e) {
        this.listenerFailed(l, e as Error);
      }
      return Promise.resolve(l);
    }
    return new Promise((resolve) => {
      const sock = createSocket({ type: cfg.address.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
      const onError = (e: Error) => {
        this.listenerFailed(l, e);
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
        state.receiver = 'dgram';
        l.socket = sock;
        const reads = coalesceReads(sock);
        l.reads = reads;
        sock.on('message', (msg, rinfo) => {
          reads.onDatagram();
          this.onDatagram(msg, rinfo.address, l);
        });
        resolve(l);
      });
    });
  }

  private listenerFailed(l: Listener, e: Error): void {
    const { cfg, state } = l;
    state.error = (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${cfg.port} on ${cfg.address} is in use by another program` : e.message;
    this.log('warn', `the ${cfg.proto} listener on ${cfg.address}:${cfg.port} could not start`, { error: state.error });
  }

  private onDatagram(msg: Uint8Array, from: string, l: Listener): void {
    if (this.stopped) return;
    l.state.datagrams++;
    this.acc.datagrams++;
    const exporter = from.startsWith('::ffff:') ? from.slice(7) : from;
    this.decoder.decode(msg, exporter, this.now(), this.batch);
    // the batched receiver reuses its buffer: forward a copy
    if (this.sets.active) this.sets.forward(l.socket ? (msg as Buffer) : Buffer.from(msg), exporter, l.cfg.proto);
    if (this.batch.length >= this.config.blockRows) this.flush();
  }

  /** Encode and write the open block. */
  flush(): void {
    const b = this.batch;
    const n = b.length;
    if (n === 0) return;
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
    // hand the block's columns to the writer; decode on into a spare set
    if (this.pendingRows.size >= MAX_PENDING_BLOCKS || !this.writerAlive) {
      this.storeStats.droppedRows += n;
      this.storeStats.writeErrors++;
      if (this.droppedLogged++ % 100 === 0) {
        this.log('error', 'the store writer is behind: a block was dropped', { rows: n, pendingBlocks: this.pendingRows.size });
      }
      b.reset();
      return;
    }
    const seq = ++this.seq;
    const exporters = b.exporters.slice();
    const cols = b.detachColumns();
    this.pendingRows.set(seq, n);
    this.storeStats.pendingBlocks = this.pendingRows.size;
    this.toWriter({ type: 'block', seq, rows: n, exporters, receivedMs: this.now(), cols }, columnBuffers(cols));
    b.attachColumns(this.spare.pop() ?? new FlowBatch(Math.min(this.config.blockRows, 65536)).detachColumns());
  }

  /** Flush, and resolve once every block handed over so far is written (or given up). */
  flushed(): Promise<void> {
    this.flush();
    const target = this.seq;
    if (this.acked >= target) return Promise.resolve();
    return new Promise((done) => this.ackWaiters.push({ seq: target, done }));
  }

  private prune(): void {
    this.toWriter({ type: 'prune', cutoffMs: this.now() - this.config.rawRetentionMinutes * 60_000 });
  }

  /** Flush, then report (once a second; also on request). */
  tick(): void {
    this.flush();
    const t = this.now();
    const stats = this.decoder.stats.snapshot();
    if (this.templatesDirty && this.toWriter({ type: 'templates', json: JSON.stringify(this.decoder.templates.export()), t })) this.templatesDirty = false;
    if (t - this.lastExportersSaved > 10_000) {
      this.lastExportersSaved = t;
      this.toWriter({ type: 'exporters', rows: stats.map((s) => ({ exporter: s.exporter, json: JSON.stringify(s) })), t });
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
    this.sets.close();
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
            l.reads?.stop();
            if (l.fd >= 0) this.native?.close(l.fd);
            l.fd = -1;
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
    if (this.pollTimer) {
      clearTimeout(this.pollTimer as ReturnType<typeof setTimeout>);
      clearImmediate(this.pollTimer as ReturnType<typeof setImmediate>);
      this.pollTimer = null;
    }
    await this.closeSockets();
    // the last block, and everything pending, written (bounded)
    await Promise.race([this.flushed(), new Promise((r) => setTimeout(r, 10_000))]);
    this.stopped = true;
    this.sets.close();
    const t = this.now();
    if (this.templatesDirty) this.toWriter({ type: 'templates', json: JSON.stringify(this.decoder.templates.export()), t });
    this.toWriter({ type: 'exporters', rows: this.decoder.stats.snapshot().map((s) => ({ exporter: s.exporter, json: JSON.stringify(s) })), t });
    if (this.toWriter({ type: 'stop' })) await Promise.race([this.writerStopped, new Promise((r) => setTimeout(r, 10_000))]);
    await this.writer?.terminate();
    this.writer = null;
  }
}
