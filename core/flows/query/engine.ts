// Queries over stored flow blocks: top-N with the rest as "Other", time series with a
// step, sankey links over two or more dimensions, and raw records. Blocks are pruned by
// their time range, decoded column-wise, filtered with the compiled predicate, and
// aggregated in typed arrays. A flow counts at its end time; a range is [from, to).
import { BlockColumns, decodeBlock } from '../store/block.js';
import { recordAt, type FlowRecord } from '../record.js';
import { compileFilter, type RowPredicate } from './compile.js';
import { parseFilter, type FilterError } from './filter.js';
import { KEY_FNS, keyLabel, type KeyFn } from './dims.js';

export type Metric = 'bytes' | 'packets' | 'flows';

/** A raw block's bytes, or columns already built (rollups) with a flow count per row. */
export type StoredBlock = { data: Uint8Array } | { columns: BlockColumns; flowCount: Float64Array };

/** Where raw blocks come from (SQLite in the store; arrays in tests). */
export interface BlockSource {
  /** Blocks whose flows may end in [from, to). */
  blocks(from: number, to: number): Iterable<StoredBlock>;
}

export interface Totals {
  bytes: number;
  packets: number;
  flows: number;
}

export interface TopRow extends Totals {
  key: string[];
}

export interface TopResult {
  dims: string[];
  rows: TopRow[];
  other: Totals & { groups: number };
  total: Totals;
  scanned: { blocks: number; rows: number };
}

export interface SeriesResult {
  dims: string[];
  metric: Metric;
  stepMs: number;
  /** Start of each step (ms). */
  times: number[];
  /** Per group: the metric per second in each step. */
  series: { key: string[]; values: number[] }[];
  other: number[];
  total: number[];
  scanned: { blocks: number; rows: number };
}

export interface SankeyResult {
  dims: string[];
  metric: Metric;
  nodes: { id: string; level: number; label: string; value: number }[];
  links: { source: string; target: string; value: number }[];
  total: number;
}

export class QueryError extends Error {
  constructor(
    message: string,
    readonly filterError?: FilterError,
  ) {
    super(message);
  }
}

export function compileOrThrow(filter: string): RowPredicate | null {
  const p = parseFilter(filter);
  if (!p.ok) throw new QueryError(`filter: column ${p.error.column}: ${p.error.message}`, p.error);
  return compileFilter(p.node);
}

function keyFns(dims: string[]): KeyFn[] {
  return dims.map((d) => {
    const f = KEY_FNS[d];
    if (!f) throw new QueryError(`"${d}" is not a dimension`);
    return f;
  });
}

const SEP = '\u0001';

/** One pass over matching rows: calls `visit(c, i, flows)` for each. */
function scan(
  src: BlockSource,
  from: number,
  to: number,
  pred: RowPredicate | null,
  visit: (c: BlockColumns, i: number, flows: number) => void,
): { blocks: number; rows: number } {
  const own = new BlockColumns();
  let blocks = 0;
  let rows = 0;
  for (const b of src.blocks(from, to)) {
    let c = own;
    let fc: Float64Array | null = null;
    if ('data' in b) decodeBlock(b.data, own);
    else {
      c = b.columns;
      fc = b.flowCount;
    }
    blocks++;
    const n = c.length;
    rows += n;
    const end = c.batch.endMs;
    for (let i = 0; i < n; i++) {
      const t = end[i]!;
      if (t < from || t >= to) continue;
      if (pred !== null && !pred(c, i)) continue;
      visit(c, i, fc === null ? 1 : fc[i]!);
    }
  }
  return { blocks, rows };
}

class Groups {
  readonly index = new Map<number | string, number>();
  readonly keys: (number | string)[] = [];
  sums = new Float64Array(3 * 256);
  id(k: number | string): number {
    let g = this.index.get(k);
    if (g === undefined) {
      g = this.keys.length;
      this.keys.push(k);
      this.index.set(k, g);
      if (this.sums.length < 3 * (g + 1)) {
        const s = new Float64Array(this.sums.length * 2);
        s.set(this.sums);
        this.sums = s;
      }
    }
    return g;
  }
}

const metricIndex = (m: Metric) => (m === 'bytes' ? 0 : m === 'packets' ? 1 : 2);

function groupKeyOf(fns: KeyFn[]): (c: BlockColumns, i: number) => number | string {
  if (fns.length === 0) return () => 0;
  if (fns.length === 1) return fns[0]!;
  return (c, i) => {
    let s = String(fns[0]!(c, i));
    for (let k = 1; k < fns.length; k++) s += SEP + String(fns[k]!(c, i));
    return s;
  };
}

function labelsOf(dims: string[], key: number | string): string[] {
  if (dims.length === 1) return [keyLabel(dims[0]!, key)];
  const parts = String(key).split(SEP);
  return dims.map((d, k) => {
    const p = parts[k]!;
    const n = Number(p);
    return keyLabel(d, p !== '' && Number.isFinite(n) && !p.includes(':') ? n : p);
  });
}

/** Totals per group, sorted by the metric. */
function aggregate(src: BlockSource, from: number, to: number, filter: string, dims: string[]) {
  const pred = compileOrThrow(filter);
  const key = groupKeyOf(keyFns(dims));
  const g = new Groups();
  const scanned = scan(src, from, to, pred, (c, i, flows) => {
    const id = g.id(key(c, i));
    const s = g.sums;
    s[id * 3] = s[id * 3]! + c.batch.bytesScaled[i]!;
    s[id * 3 + 1] = s[id * 3 + 1]! + c.batch.packetsScaled[i]!;
    s[id * 3 + 2] = s[id * 3 + 2]! + flows;
  });
  return { g, scanned };
}

function rank(g: Groups, metric: Metric): number[] {
  const m = metricIndex(metric);
  const ids = g.keys.map((_, i) => i);
  ids.sort((a, b) => g.sums[b * 3 + m]! - g.sums[a * 3 + m]! || (String(g.keys[a]) < String(g.keys[b]) ? -1 : 1));
  return ids;
}

export function topN(src: BlockSource, q: { from: number; to: number; filter: string; dims: string[]; metric: Metric; limit: number }): TopResult {
  const { g, scanned } = aggregate(src, q.from, q.to, q.filter, q.dims);
  const ids = rank(g, q.metric);
  const total = { bytes: 0, packets: 0, flows: 0 };
  const other = { bytes: 0, packets: 0, flows: 0, groups: 0 };
  const rows: TopRow[] = [];
  ids.forEach((id, r) => {
    const t = { bytes: g.sums[id * 3]!, packets: g.sums[id * 3 + 1]!, flows: g.sums[id * 3 + 2]! };
    total.bytes += t.bytes;
    total.packets += t.packets;
    total.flows += t.flows;
    if (r < q.limit) rows.push({ key: labelsOf(q.dims, g.keys[id]!), ...t });
    else {
      other.bytes += t.bytes;
      other.packets += t.packets;
      other.flows += t.flows;
      other.groups++;
    }
  });
  return { dims: q.dims, rows, other, total, scanned };
}

export function series(
  src: BlockSource,
  q: { from: number; to: number; filter: string; dims: string[]; metric: Metric; limit: number; stepMs: number },
): SeriesResult {
  const bins = Math.max(1, Math.ceil((q.to - q.from) / q.stepMs));
  const m = metricIndex(q.metric);
  const pred = compileOrThrow(q.filter);
  const key = groupKeyOf(keyFns(q.dims));
  let top: (number | string)[] = [];
  let scanned = { blocks: 0, rows: 0 };
  if (q.dims.length > 0) {
    const a = aggregate(src, q.from, q.to, q.filter, q.dims);
    top = rank(a.g, q.metric)
      .slice(0, q.limit)
      .map((id) => a.g.keys[id]!);
  }
  const slot = new Map(top.map((k, i) => [k, i]));
  const per = top.map(() => new Float64Array(bins));
  const other = new Float64Array(bins);
  const total = new Float64Array(bins);
  const from = q.from;
  const step = q.stepMs;
  const s = scan(src, q.from, q.to, pred, (c, i, flows) => {
    const v = m === 0 ? c.batch.bytesScaled[i]! : m === 1 ? c.batch.packetsScaled[i]! : flows;
    const b = Math.floor((c.batch.endMs[i]! - from) / step);
    total[b] = total[b]! + v;
    if (q.dims.length === 0) return;
    const k = slot.get(key(c, i));
    if (k === undefined) other[b] = other[b]! + v;
    else per[k]![b] = per[k]![b]! + v;
  });
  scanned = { blocks: scanned.blocks + s.blocks, rows: scanned.rows + s.rows };
  const perSecond = (a: Float64Array) => Array.from(a, (x) => (x * 1000) / step);
  return {
    dims: q.dims,
    metric: q.metric,
    stepMs: step,
    times: Array.from({ length: bins }, (_, b) => from + b * step),
    series: top.map((k, i) => ({ key: labelsOf(q.dims, k), values: perSecond(per[i]!) })),
    other: perSecond(other),
    total: perSecond(total),
    scanned,
  };
}

export function sankey(src: BlockSource, q: { from: number; to: number; filter: string; dims: string[]; metric: Metric; limit: number }): SankeyResult {
  if (q.dims.length < 2) throw new QueryError('a sankey needs two or more dimensions');
  const { g } = aggregate(src, q.from, q.to, q.filter, q.dims);
  const m = metricIndex(q.metric);
  const ids = rank(g, q.metric);
  const nodes = new Map<string, { id: string; level: number; label: string; value: number }>();
  const links = new Map<string, { source: string; target: string; value: number }>();
  let total = 0;
  ids.forEach((id, r) => {
    const v = g.sums[id * 3 + m]!;
    if (v <= 0) return;
    total += v;
    const labels = r < q.limit ? labelsOf(q.dims, g.keys[id]!) : q.dims.map(() => 'Other');
    const path = labels.map((l, level) => `${level}:${l}`);
    path.forEach((nid, level) => {
      const n = nodes.get(nid) ?? { id: nid, level, label: labels[level]!, value: 0 };
      n.value += v;
      nodes.set(nid, n);
      if (level > 0) {
        const lk = `${path[level - 1]}${SEP}${nid}`;
        const l = links.get(lk) ?? { source: path[level - 1]!, target: nid, value: 0 };
        l.value += v;
        links.set(lk, l);
      }
    });
  });
  return { dims: q.dims, metric: q.metric, nodes: [...nodes.values()], links: [...links.values()], total };
}

/** Matching records, oldest block first, at most `limit`. */
export function records(src: BlockSource, q: { from: number; to: number; filter: string; limit: number }): { records: FlowRecord[]; truncated: boolean } {
  const pred = compileOrThrow(q.filter);
  const out: FlowRecord[] = [];
  let truncated = false;
  const c = new BlockColumns();
  outer: for (const b of src.blocks(q.from, q.to)) {
    if (!('data' in b)) throw new QueryError('records are kept only in the raw window');
    decodeBlock(b.data, c);
    for (let i = 0; i < c.length; i++) {
      const t = c.batch.endMs[i]!;
      if (t < q.from || t >= q.to) continue;
      if (pred !== null && !pred(c, i)) continue;
      if (out.length >= q.limit) {
        truncated = true;
        break outer;
      }
      out.push(recordAt(c.batch, i));
    }
  }
  return { records: out, truncated };
}
