// The query side of the flow store, run in its own worker thread: it answers queries from
// raw blocks (the last hour, by default) or from the rollups (older ranges), and keeps the
// rollups up to date (each new block, once) and within their retention.
import { BlockReader, FLOWS_DB, FLOWS_DB_MIGRATIONS, ROLLUPS_DB, ROLLUPS_DB_MIGRATIONS, openFlowFile, type Db } from '../store/flowdb.js';
import { Rollups, RollupSource, ROLLUP_DIMS, TOP_DIMS, topTalkers, type RollupRetention } from '../store/rollup.js';
import { QueryError, records, sankey, series, topN, type BlockSource, type Metric, type SankeyResult, type SeriesResult, type TopResult } from './engine.js';
import { parseFilter } from './filter.js';
import type { FlowRecord } from '../record.js';

export interface Range {
  from: number;
  to: number;
}

export interface QueryBase extends Range {
  filter: string;
  dims: string[];
  metric: Metric;
  limit: number;
}

export type QueryRequest =
  | { op: 'top'; q: QueryBase }
  | { op: 'series'; q: QueryBase & { stepMs?: number | undefined; previous: boolean } }
  | { op: 'sankey'; q: QueryBase }
  | { op: 'records'; q: Range & { filter: string; limit: number } }
  | { op: 'stats' };

export type Resolution = 'raw' | '1m' | '1h';

export interface Answered {
  source: Resolution;
  tookMs: number;
  notes: string[];
}

export type TopAnswer = TopResult & Answered;
export type SeriesAnswer = SeriesResult & Answered & { previous: number[] | null };
export type SankeyAnswer = SankeyResult & Answered;
export type RecordsAnswer = { records: FlowRecord[]; truncated: boolean } & Answered;
export interface StatsAnswer {
  blocks: number;
  rows: number;
  bytesOnDisk: number;
  oldestReceivedMs: number | null;
  newestReceivedMs: number | null;
  rollupLastBlock: number;
  rollupHorizon: { r1m: number | null; r1h: number | null };
}

export interface RunnerOptions {
  dataDir: string;
  rawRetentionMinutes: number;
  retention: RollupRetention;
  now?: () => number;
}

const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

export function stepFor(spanMs: number, minStep: number, bins = 120): number {
  const want = Math.max(minStep, spanMs / bins);
  return NICE_STEPS.find((s) => s >= want && s >= minStep) ?? Math.ceil(want / 86_400_000) * 86_400_000;
}

/** How long after a moment its flows are all queryable: raw blocks are flushed every second
 *  and written at once; rollups are brought up to date every 2 s. */
const SETTLE_MS = { raw: 2000, rollup: 5000 } as const;

/**
 * The steps a series shows: whole steps from the one holding `from` up to the last step
 * that has ended and settled. A step still filling (the current one, or one whose flows
 * are still on their way to the store) would be drawn as a false dip at the right edge.
 */
export function seriesWindow(from: number, to: number, now: number, step: number, settleMs: number): { from: number; to: number } {
  const start = Math.floor(from / step) * step;
  const done = Math.floor(Math.min(to, now - settleMs) / step) * step;
  return { from: start, to: Math.max(start + step, done) };
}

export class QueryRunner {
  readonly flows: Db;
  readonly rollupDb: Db;
  readonly reader: BlockReader;
  readonly rollups: Rollups;
  private readonly now: () => number;

  constructor(private opts: RunnerOptions) {
    this.now = opts.now ?? Date.now;
    // The collector creates and migrates flows.db; open it migrated here too (tests, CLI) when alone.
    this.flows = openFlowFile(opts.dataDir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: true });
    this.rollupDb = openFlowFile(opts.dataDir, ROLLUPS_DB, ROLLUPS_DB_MIGRATIONS, { write: true });
    this.reader = new BlockReader(this.flows);
    this.rollups = new Rollups(this.rollupDb, this.reader);
  }

  setRetention(rawRetentionMinutes: number, retention: RollupRetention): void {
    this.opts = { ...this.opts, rawRetentionMinutes, retention };
  }

  /** Roll up what is new; prune old buckets. */
  maintain(prune: boolean): number {
    let n = 0;
    for (let k = 0; k < 8; k++) {
      const done = this.rollups.step(32);
      n += done;
      if (done < 32) break;
    }
    if (prune) this.rollups.prune(this.now(), this.opts.retention);
    return n;
  }

  private source(from: number, needsRaw: boolean): { res: Resolution; src: BlockSource; minStep: number } {
    const now = this.now();
    const rawHorizon = now - this.opts.rawRetentionMinutes * 60_000;
    if (from >= rawHorizon - 1000 || needsRaw) return { res: 'raw', src: this.reader, minStep: 1000 };
    if (from >= now - this.opts.retention.minuteHours * 3_600_000) return { res: '1m', src: new RollupSource(this.rollupDb, 'r1m'), minStep: 60_000 };
    return { res: '1h', src: new RollupSource(this.rollupDb, 'r1h'), minStep: 3_600_000 };
  }

  /** Which resolution answers this query, and why not raw when it cannot. */
  private plan(q: QueryBase): { res: Resolution; src: BlockSource; minStep: number; notes: string[]; talkers: string | null } {
    const s = this.source(q.from, false);
    const notes: string[] = [];
    if (s.res === 'raw') return { ...s, notes, talkers: null };
    const parsed = parseFilter(q.filter);
    const fields = parsed.ok ? parsed.fields : [];
    const rollable = new Set<string>(ROLLUP_DIMS);
    const badField = fields.find((f) => !rollable.has(f));
    const badDim = q.dims.find((d) => !rollable.has(d));
    notes.push(`older than the raw window (${this.opts.rawRetentionMinutes} min): answered from ${s.res === '1m' ? '1-minute' : '1-hour'} rollups`);
    if (!badField && !badDim) return { ...s, notes, talkers: null };
    if (!badField && q.dims.length === 1 && (TOP_DIMS as readonly string[]).includes(q.dims[0]!)) {
      notes.push(`${q.dims[0]} beyond the raw window comes from each block's top 50: values outside them are counted in Other`);
      return { ...s, notes, talkers: q.dims[0]! };
    }
    const what = badField ?? badDim;
    throw new QueryError(
      `"${what}" is kept only for the raw window (the last ${this.opts.rawRetentionMinutes} min); older ranges can filter and group by ${ROLLUP_DIMS.join(', ')}` +
        ` (and show top ${TOP_DIMS.join(', ')} alone)`,
    );
  }

  run(r: QueryRequest): TopAnswer | SeriesAnswer | SankeyAnswer | RecordsAnswer | StatsAnswer {
    const t0 = performance.now();
    const took = () => Math.round((performance.now() - t0) * 10) / 10;
    switch (r.op) {
      case 'stats': {
        return { ...this.reader.stats(), rollupLastBlock: this.rollups.lastBlock, rollupHorizon: this.rollups.horizon() };
      }
      case 'records': {
        const res = records(this.reader, r.q);
        return { ...res, source: 'raw', tookMs: took(), notes: [] };
      }
      case 'top': {
        const p = this.plan(r.q);
        if (p.talkers) return { ...this.talkersTop(r.q, p.res, p.talkers), source: p.res, tookMs: took(), notes: p.notes };
        return { ...topN(p.src, r.q), source: p.res, tookMs: took(), notes: p.notes };
      }
      case 'sankey': {
        const p = this.plan(r.q);
        if (p.talkers) throw new QueryError('a sankey beyond the raw window can use exporter, interfaces, protocol, DSCP, VLAN, direction and family');
        return { ...sankey(p.src, r.q), source: p.res, tookMs: took(), notes: p.notes };
      }
      case 'series': {
        const q = r.q;
        const p = this.plan(q);
        const dims = p.talkers ? [] : q.dims;
        if (p.talkers) p.notes.push('per-value series need the raw window: the total is shown');
        const step = Math.max(p.minStep, q.stepMs ?? stepFor(q.to - q.from, p.minStep));
        const { from, to } = seriesWindow(q.from, q.to, this.now(), step, p.res === 'raw' ? SETTLE_MS.raw : SETTLE_MS.rollup);
        const cur = series(p.src, { ...q, dims, from, to, stepMs: step });
        let previous: number[] | null = null;
        if (q.previous) {
          const span = to - from;
          const pp = this.source(from - span, false);
          const ps = pp.res === p.res ? p.src : pp.src;
          try {
            previous = series(ps, { ...q, dims: [], from: from - span, to: to - span, stepMs: step }).total;
          } catch {
            previous = null;
          }
        }
        return { ...cur, previous, source: p.res, tookMs: took(), notes: p.notes };
      }
    }
  }

  private talkersTop(q: QueryBase, res: Resolution, dim: string): TopResult {
    const rows = topTalkers(this.rollupDb, res === '1h' ? 't1h' : 't1m', dim, q.from, q.to);
    const m = q.metric;
    rows.sort((a, b) => b[m] - a[m]);
    const total = { bytes: 0, packets: 0, flows: 0 };
    const other = { bytes: 0, packets: 0, flows: 0, groups: 0 };
    const out: TopResult['rows'] = [];
    for (const r of rows) {
      total.bytes += r.bytes;
      total.packets += r.packets;
      total.flows += r.flows;
      if (r.value !== 'Other' && out.length < q.limit) out.push({ key: [r.value], bytes: r.bytes, packets: r.packets, flows: r.flows });
      else {
        other.bytes += r.bytes;
        other.packets += r.packets;
        other.flows += r.flows;
        other.groups++;
      }
    }
    return { dims: [dim], rows: out, other, total, scanned: { blocks: 0, rows: rows.length } };
  }

  close(): void {
    this.flows.close();
    this.rollupDb.close();
  }
}
