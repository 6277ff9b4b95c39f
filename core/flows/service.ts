// The flows capability on the host: it runs the collector and the query runner in worker
// threads, turns the collector's ticks into the live topic and the exporter health table,
// forwards queries, and keeps what users create — saved views, the collector's settings —
// in the CDB. The host's event loop only ever sees per-second summaries and query answers.
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/store.js';
import type { TopicBus } from '../api/bus.js';
import type { Logger } from '../host/log.js';
import { ApiError } from '../api/errors.js';
import {
  DEFAULT_LISTENERS,
  DEFAULT_RECEIVE_BUFFER,
  type CollectorConfig,
  type CollectorTick,
  type FromCollector,
  type ListenerConfig,
  type ListenerState,
  type ToCollector,
} from './collector/types.js';
import type { FromQuery, ToQuery } from './query/worker.js';
import type { QueryRequest, StatsAnswer } from './query/runner.js';
import { workerScript } from './workers.js';
import { keyLabel } from './query/dims.js';
import type { ExporterHealth, FlowsSettings, LiveEvent } from './contract.js';

export interface FlowsOptions {
  /** false: no listeners (a one-shot `podium call`): queries over what is stored still work. */
  listen?: boolean;
  /** Listener ports for this run (not saved): e.g. all 0 for tests. */
  portsOverride?: number[] | undefined;
  /** Collector tuning for benchmarks. */
  blockRows?: number;
  flushMs?: number;
}

export interface FlowsDeps {
  db: Db;
  bus: TopicBus;
  log: Logger;
  dataDir: string;
  now: () => number;
  /** false: the collector does not run in this core (saved views still work). */
  opts: FlowsOptions | false;
}

export const DEFAULT_SETTINGS: FlowsSettings = {
  listeners: DEFAULT_LISTENERS,
  receiveBufferBytes: DEFAULT_RECEIVE_BUFFER,
  rawRetentionMinutes: 60,
  minuteRollupHours: 48,
  hourRollupDays: 90,
  collectorSets: [],
};

const HISTORY = 600;

export class FlowsService {
  private collector: Worker | null = null;
  private query: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  private lastTick: CollectorTick | null = null;
  private readonly history: { t: number; flowsPerSec: number; bitsPerSec: number; packetsPerSec: number }[] = [];
  private listenerStates: ListenerState[] = [];
  private readyWaiters: ((l: ListenerState[]) => void)[] = [];
  private stopping = false;
  private collectorStopped: Promise<void> = Promise.resolve();
  private prevRecords = new Map<string, { t: number; records: number; rate: number }>();
  private exporterNames = new Map<string, string>();

  constructor(private readonly d: FlowsDeps) {}

  get enabled(): boolean {
    return this.d.opts !== false;
  }

  // ------------------------------------------------------------------ settings

  settings(): FlowsSettings {
    const row = this.d.db.prepare(`SELECT value FROM flows_settings WHERE key = 'settings'`).get() as { value: string } | undefined;
    if (!row) return DEFAULT_SETTINGS;
    try {
      return { ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as Partial<FlowsSettings>) };
    } catch {
      return DEFAULT_SETTINGS;
    }
  }

  private listenersFor(s: FlowsSettings): ListenerConfig[] {
    const o = this.d.opts ? this.d.opts.portsOverride : undefined;
    if (!o) return s.listeners;
    return s.listeners.map((l, i) => ({ ...l, port: o[Math.min(i, o.length - 1)]! }));
  }

  get portsOverridden(): boolean {
    return !!(this.d.opts && this.d.opts.portsOverride);
  }

  private config(s: FlowsSettings): CollectorConfig {
    const o = this.d.opts || {};
    return {
      dataDir: this.d.dataDir,
      listeners: this.listenersFor(s),
      receiveBufferBytes: s.receiveBufferBytes,
      rawRetentionMinutes: s.rawRetentionMinutes,
      blockRows: o.blockRows ?? 32_768,
      flushMs: o.flushMs ?? 1000,
      collectorSets: s.collectorSets,
    };
  }

  async updateSettings(patch: Partial<FlowsSettings>): Promise<{ settings: FlowsSettings; listeners: ListenerState[] }> {
    const next = { ...this.settings(), ...patch };
    this.d.db
      .prepare(`INSERT INTO flows_settings (key, value) VALUES ('settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(JSON.stringify(next));
    if (this.collector) {
      const ready = new Promise<ListenerState[]>((r) => this.readyWaiters.push(r));
      this.collector.postMessage({ type: 'reconfigure', config: this.config(next) } satisfies ToCollector);
      this.query?.postMessage({
        type: 'retention',
        rawRetentionMinutes: next.rawRetentionMinutes,
        retention: { minuteHours: next.minuteRollupHours, hourDays: next.hourRollupDays },
      } satisfies ToQuery);
      await Promise.race([ready, new Promise((r) => setTimeout(r, 5000).unref())]);
    }
    return { settings: next, listeners: this.listenerStates };
  }

  // ------------------------------------------------------------------ workers

  async start(): Promise<void> {
    if (!this.enabled) return;
    const s = this.settings();
    if (this.d.opts && this.d.opts.listen === false) {
      this.startQuery(s);
      return;
    }
    const collector = new Worker(workerScript('collector/worker.js'), { workerData: { config: this.config(s) } });
    this.collector = collector;
    let stopped!: () => void;
    this.collectorStopped = new Promise((r) => (stopped = r));
    const ready = new Promise<ListenerState[]>((resolve, reject) => {
      this.readyWaiters.push(resolve);
      collector.once('error', reject);
    });
    collector.on('message', (m: FromCollector) => this.onCollector(m, stopped));
    collector.on('error', (e) => this.d.log.error('the flow collector failed', { error: e }));
    collector.on('exit', () => {
      stopped();
      if (!this.stopping) this.d.log.warn('the flow collector stopped');
      this.collector = null;
    });
    this.listenerStates = await Promise.race([
      ready,
      new Promise<ListenerState[]>((_, rej) => setTimeout(() => rej(new Error('the flow collector did not start within 20 s')), 20_000).unref()),
    ]);
    this.startQuery(s);
    const bound = this.listenerStates.map((l) => `${l.proto} ${l.address}:${l.boundPort ?? `${l.port} (${l.error})`}`).join(', ');
    this.d.log.info('flow collector listening', { listeners: bound });
  }

  private startQuery(s: FlowsSettings): void {
    const q = new Worker(workerScript('query/worker.js'), {
      workerData: {
        opts: {
          dataDir: this.d.dataDir,
          rawRetentionMinutes: s.rawRetentionMinutes,
          retention: { minuteHours: s.minuteRollupHours, hourDays: s.hourRollupDays },
        },
      },
    });
    this.query = q;
    q.on('message', (m: FromQuery) => this.onQuery(m));
    q.on('error', (e) => this.d.log.error('the flow query worker failed', { error: e }));
    q.on('exit', () => {
      this.query = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new ApiError('UNAVAILABLE', 'the flow query worker stopped'));
        this.pending.delete(id);
      }
    });
  }

  private onCollector(m: FromCollector, stopped: () => void): void {
    switch (m.type) {
      case 'ready':
        this.listenerStates = m.listeners;
        for (const w of this.readyWaiters.splice(0)) w(m.listeners);
        break;
      case 'tick':
        this.onTick(m.tick);
        break;
      case 'log':
        this.d.log[m.level](`flows: ${m.message}`, m.fields);
        break;
      case 'stopped':
        stopped();
        break;
      case 'flushed':
        this.settle(m.id, true, null);
        break;
    }
  }

  private onQuery(m: FromQuery): void {
    if (m.type === 'log') this.d.log[m.level](`flows: ${m.message}`);
    else if (m.type === 'result') {
      if (m.ok) this.settle(m.id, true, m.value);
      else if (m.error.internal) {
        this.d.log.error('a flow query failed', { error: m.error.message });
        this.settle(m.id, false, new ApiError('INTERNAL', 'the flow query failed (see the log)'));
      } else {
        this.settle(
          m.id,
          false,
          new ApiError(
            'BAD_INPUT',
            m.error.message,
            m.error.filter ? { issues: [{ path: 'filter', message: m.error.filter.message }], filter: m.error.filter } : undefined,
          ),
        );
      }
    }
  }

  private settle(id: number, ok: boolean, v: unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (ok) p.resolve(v);
    else p.reject(v);
  }

  private onTick(t: CollectorTick): void {
    this.lastTick = t;
    this.listenerStates = t.listeners;
    const sec = Math.max(1, t.intervalMs) / 1000;
    const sample = { t: t.t, flowsPerSec: t.flows / sec, bitsPerSec: (t.bytes * 8) / sec, packetsPerSec: t.packets / sec };
    this.history.push(sample);
    if (this.history.length > HISTORY) this.history.shift();
    for (const e of t.exporters) {
      const prev = this.prevRecords.get(e.exporter);
      const rate = prev && t.t > prev.t ? ((e.records - prev.records) * 1000) / (t.t - prev.t) : 0;
      this.prevRecords.set(e.exporter, { t: t.t, records: e.records, rate });
    }
    this.d.bus.publish('flows.live', this.liveOf(t, sample));
  }

  private liveOf(t: CollectorTick, sample: Pick<LiveEvent, 't' | 'flowsPerSec' | 'bitsPerSec' | 'packetsPerSec'>): LiveEvent {
    const sec = Math.max(1, t.intervalMs) / 1000;
    return {
      ...sample,
      exporters: t.exporters.filter((e) => t.t - e.lastSeenMs < 60_000).length,
      protocols: t.protocols.map((p) => ({ proto: p.proto, name: keyLabel('proto', p.proto), bitsPerSec: (p.bytes * 8) / sec })),
    };
  }

  private ask<T>(msg: (id: number) => ToQuery | ToCollector, to: 'query' | 'collector', timeoutMs = 60_000): Promise<T> {
    const w = to === 'query' ? this.query : this.collector;
    if (!w) return Promise.reject(new ApiError('UNAVAILABLE', this.enabled ? 'the flow store is not running' : 'the flow collector is off in this core'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError('UNAVAILABLE', `the flow ${to} did not answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      w.postMessage(msg(id));
    });
  }

  run<T>(req: QueryRequest): Promise<T> {
    return this.ask<T>((id) => ({ type: 'query', id, req }), 'query');
  }

  /** Write the collector's open block now (tests, the benchmark). */
  flush(): Promise<void> {
    return this.ask<void>((id) => ({ type: 'flush', id }), 'collector', 10_000);
  }

  /** Roll up what is new now (tests). */
  rollUp(): Promise<number> {
    return this.ask<number>((id) => ({ type: 'maintain', id }), 'query');
  }

  // ------------------------------------------------------------------ views of the state

  /** Names for exporter addresses (the lab names its exporters after their VNFs). */
  setExporterNames(names: Map<string, string>): void {
    this.exporterNames = new Map(names);
  }

  listeners(): ListenerState[] {
    return this.listenerStates;
  }

  /** Where an exporter on this machine sends each protocol (the lab's traffic). */
  targets(): { proto: ListenerConfig['proto']; address: string; port: number }[] {
    return this.listenerStates
      .filter((l) => l.boundPort !== null)
      .map((l) => ({ proto: l.proto, address: l.address === '0.0.0.0' ? '127.0.0.1' : l.address === '::' ? '::1' : l.address, port: l.boundPort! }));
  }

  overview() {
    const t = this.lastTick;
    const last = this.history[this.history.length - 1];
    return {
      enabled: this.collector !== null,
      now: this.d.now(),
      current: t && last ? this.liveOf(t, last) : null,
      history: this.history.slice(-300),
      listeners: this.listenerStates,
    };
  }

  async exporters() {
    const t = this.lastTick;
    const st = (await this.run<StatsAnswer>({ op: 'stats' }).catch(() => null)) ?? {
      blocks: 0,
      rows: 0,
      bytesOnDisk: 0,
      oldestReceivedMs: null,
      rollupLastBlock: 0,
    };
    const exporters: ExporterHealth[] = (t?.exporters ?? []).map((e) => ({
      exporter: e.exporter,
      name: this.exporterNames.get(e.exporter) ?? null,
      datagrams: e.datagrams,
      rejectedDatagrams: e.rejectedDatagrams,
      records: e.records,
      optionRecords: e.optionRecords,
      counterSamples: e.counterSamples,
      templates: e.templatesKnown,
      templatesReceived: e.templates,
      templateWithdrawals: e.templateWithdrawals,
      errors: { ...e.errors },
      unknownTemplateSets: e.unknownTemplateSets,
      unknownTemplateBytes: e.unknownTemplateBytes,
      lostDatagrams: e.lostDatagrams,
      lostRecords: e.lostRecords,
      reordered: e.reordered,
      sequenceResets: e.sequenceResets,
      lastSeenMs: e.lastSeenMs,
      domains: e.domains,
      samplingRates: e.samplingRates,
      recordsPerSec: this.prevRecords.get(e.exporter)?.rate ?? 0,
    }));
    return {
      exporters,
      listeners: this.listenerStates,
      collectorSets: t?.collectorSets ?? [],
      store: {
        blocks: st.blocks,
        rows: st.rows,
        bytesOnDisk: st.bytesOnDisk,
        oldestReceivedMs: st.oldestReceivedMs,
        blocksWritten: t?.store.blocksWritten ?? 0,
        rowsWritten: t?.store.rowsWritten ?? 0,
        writeErrors: t?.store.writeErrors ?? 0,
        droppedRows: t?.store.droppedRows ?? 0,
        rollupLastBlock: st.rollupLastBlock,
      },
    };
  }

  // ------------------------------------------------------------------ saved views

  views(userId: string) {
    const rows = this.d.db.prepare(`SELECT id, name, state, updated_at FROM flows_views WHERE user_id = ? ORDER BY name`).all(userId) as {
      id: string;
      name: string;
      state: string;
      updated_at: string;
    }[];
    return rows.map((r) => ({ id: r.id, name: r.name, state: JSON.parse(r.state) as Record<string, unknown>, updatedAt: r.updated_at }));
  }

  saveView(userId: string, name: string, state: Record<string, unknown>) {
    const json = JSON.stringify(state);
    if (json.length > 64 * 1024) throw new ApiError('BAD_INPUT', 'a view is at most 64 KiB', { issues: [{ path: 'state', message: 'too large' }] });
    const count = (this.d.db.prepare(`SELECT count(*) AS n FROM flows_views WHERE user_id = ?`).get(userId) as { n: number }).n;
    const existing = this.d.db.prepare(`SELECT id FROM flows_views WHERE user_id = ? AND name = ?`).get(userId, name) as { id: string } | undefined;
    if (!existing && count >= 200) throw new ApiError('RESOURCE_EXHAUSTED', 'at most 200 saved views per user');
    const id = existing?.id ?? `view_${randomBytes(5).toString('hex')}`;
    const at = new Date(this.d.now()).toISOString();
    this.d.db
      .prepare(
        `INSERT INTO flows_views (id, user_id, name, state, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      )
      .run(id, userId, name, json, at);
    return { id, name, state, updatedAt: at };
  }

  deleteView(userId: string, id: string): boolean {
    return this.d.db.prepare(`DELETE FROM flows_views WHERE id = ? AND user_id = ?`).run(id, userId).changes > 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.collector;
    if (c) {
      c.postMessage({ type: 'stop' } satisfies ToCollector);
      const done = await Promise.race([this.collectorStopped.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref())]);
      if (!done) this.d.log.warn('the flow collector did not stop within 5 s; ending it');
      await c.terminate();
    }
    const q = this.query;
    if (q) {
      q.postMessage({ type: 'stop' } satisfies ToQuery);
      await Promise.race([new Promise((r) => q.once('exit', r)), new Promise((r) => setTimeout(r, 3000).unref())]);
      await q.terminate();
    }
    this.collector = this.query = null;
  }
}
