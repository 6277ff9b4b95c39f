// Queries over stored flow blocks: top-N with the rest as "Other", time series with a
// step, sankey links over two or more dimensions, and raw records. Blocks are pruned by
// their time range, decoded column-wise, filtered with the compiled predicate, and
// aggregated in typed arrays. A flow counts at its end time; a range is [from, to).
import { BlockColumns, BlockFormatError, Need, decodeBlock } from '../store/block.js';
import { RowFlag, formatV6, recordAt, type FlowRecord } from '../record.js';
import { KeyTable } from './keytable.js';
import { compileFilter, type RowPredicate } from './compile.js';
import { parseFilter, type FilterError } from './filter.js';
import { KEY_FNS, keyLabel, type KeyFn } from './dims.js';

const HAS_VLAN = RowFlag.HasVlan;

export type Metric = 'bytes' | 'packets' | 'flows';

/** A raw block's bytes (with its end-time range when the index knows it), or columns already built (rollups) with a flow count per row. */
export type StoredBlock = { data: Uint8Array; endMin?: number; endMax?: number } | { columns: BlockColumns; flowCount: Float64Array };

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

function keyFns(dims: string[]): KeyFn[] {
  return dims.map((d) => {
    const f = KEY_FNS[d];
    if (!f) throw new QueryError(`"${d}" is not a dimension`);
    return f;
  });
}

const SEP = '\u0001';

/** The block columns each field or dimension reads (what a scan decodes). */
const FIELD_NEEDS: Record<string, number> = {
  src: Need.Family | Need.Addr,
  dst: Need.Family | Need.Addr,
  addr: Need.Family | Need.Addr,
  srcport: Need.SrcPort,
  dstport: Need.DstPort,
  port: Need.SrcPort | Need.DstPort,
  proto: Need.Proto,
  exporter: Need.Exporter,
  domain: Need.Domain,
  inif: Need.InIf,
  outif: Need.OutIf,
  vlan: Need.Vlan | Need.Flags,
  dscp: Need.Dscp,
  tcpflags: Need.TcpFlags,
  family: Need.Family,
  direction: Need.Direction,
  source: Need.Source,
  bytes: Need.Scaled,
  packets: Need.Scaled,
  rate: Need.SamplingRate,
};

/** What a query over `fields` (filter) and `dims` reads: flow end times and scaled counters always. */
export function needsOf(fields: readonly string[], dims: readonly string[]): number {
  let need = Need.End | Need.Scaled;
  for (const f of fields) need |= FIELD_NEEDS[f] ?? Need.All;
  for (const d of dims) need |= FIELD_NEEDS[d] ?? Need.All;
  return need;
}

function compiled(filter: string): { pred: RowPredicate | null; fields: string[] } {
  const p = parseFilter(filter);
  if (!p.ok) throw new QueryError(`filter: column ${p.error.column}: ${p.error.message}`, p.error);
  return { pred: compileFilter(p.node), fields: p.fields };
}

/**
 * Each block of the range, decoded (only the `need` columns), with its flow counts (rollups)
 * and whether every row ends inside [from, to) (no per-row time check needed).
 */
function forEachBlock(
  src: BlockSource,
  from: number,
  to: number,
  need: number,
  fn: (c: BlockColumns, flowCount: Float64Array | null, whole: boolean) => void,
): { blocks: number; rows: number } {
  const own = new BlockColumns();
  let blocks = 0;
  let rows = 0;
  for (const b of src.blocks(from, to)) {
    let c = own;
    let fc: Float64Array | null = null;
    let whole = false;
    if ('data' in b) {
      try {
        decodeBlock(b.data, own, need);
      } catch (e) {
        if (e instanceof BlockFormatError) continue; // a damaged block is skipped, not fatal
        throw e;
      }
      whole = b.endMin !== undefined && b.endMax !== undefined && b.endMin >= from && b.endMax < to;
    } else {
      c = b.columns;
      fc = b.flowCount;
    }
    blocks++;
    rows += c.length;
    fn(c, fc, whole);
  }
  return { blocks, rows };
}

/**
 * Groups and their sums (bytes, packets, flows per group). Numeric keys go to an
 * open-addressing table over typed arrays (IPv4 addresses are above 2^31: a Map would box
 * them); text keys to a Map.
 */
class Groups {
  readonly keys: (number | string)[] = [];
  sums = new Float64Array(3 * 256);
  private readonly text = new Map<string, number>();
  private slotKey = new Float64Array(1024);
  private slotId = new Int32Array(1024).fill(-1);
  private bits = 10;

  id(k: number | string): number {
    return typeof k === 'number' ? this.numId(k) : this.textId(k);
  }

  private readonly v6 = new KeyTable(4);
  private readonly v6Group: number[] = [];
  private readonly words = new Float64Array(4);

  /** The group of the IPv6 address at `a[o .. o+16)` (its text made once per address). */
  v6Id(a: Uint8Array, o: number): number {
    const w = this.words;
    for (let k = 0; k < 4; k++) w[k] = ((a[o + 4 * k]! << 24) | (a[o + 4 * k + 1]! << 16) | (a[o + 4 * k + 2]! << 8) | a[o + 4 * k + 3]!) >>> 0;
    const id = this.v6.id(w);
    if (id === this.v6Group.length) this.v6Group.push(this.textId(formatV6(a, o)));
    return this.v6Group[id]!;
  }

  textId(k: string): number {
    let g = this.text.get(k);
    if (g === undefined) {
      g = this.add(k);
      this.text.set(k, g);
    }
    return g;
  }

  numId(k: number): number {
    const mask = (1 << this.bits) - 1;
    let h = Math.imul((k >>> 0) ^ Math.imul((k / 4294967296) | 0, 0x85ebca6b), 0x9e3779b1) >>> (32 - this.bits);
    const sk = this.slotKey;
    const si = this.slotId;
    for (;;) {
      const g = si[h]!;
      if (g < 0) break;
      if (sk[h] === k) return g;
      h = (h + 1) & mask;
    }
    const g = this.add(k);
    sk[h] = k;
    si[h] = g;
    if (this.keys.length * 2 > mask) this.rehash();
    return g;
  }

  private add(k: number | string): number {
    const g = this.keys.length;
    this.keys.push(k);
    if (this.sums.length < 3 * (g + 1)) {
      const s = new Float64Array(this.sums.length * 2);
      s.set(this.sums);
      this.sums = s;
    }
    return g;
  }

  private rehash(): void {
    const oldKey = this.slotKey;
    const oldId = this.slotId;
    this.bits++;
    const size = 1 << this.bits;
    const mask = size - 1;
    this.slotKey = new Float64Array(size);
    this.slotId = new Int32Array(size).fill(-1);
    for (let j = 0; j < oldId.length; j++) {
      const g = oldId[j]!;
      if (g < 0) continue;
      const k = oldKey[j]!;
      let h = Math.imul((k >>> 0) ^ Math.imul((k / 4294967296) | 0, 0x85ebca6b), 0x9e3779b1) >>> (32 - this.bits);
      while (this.slotId[h]! >= 0) h = (h + 1) & mask;
      this.slotKey[h] = k;
      this.slotId[h] = g;
    }
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

/**
 * Per block, the group id of each selected row (`sel`: row numbers, or null for rows
 * 0..m-1), for one dimension read straight from its column — one loop per block, no call
 * per row.
 */
type BlockKeys = (c: BlockColumns, g: Groups, ids: Int32Array, sel: Int32Array | null, m: number) => void;

function numericKeys(col: (c: BlockColumns) => ArrayLike<number>): BlockKeys {
  return (c, g, ids, sel, m) => {
    const a = col(c);
    if (sel === null) for (let j = 0; j < m; j++) ids[j] = g.numId(a[j]!);
    else for (let j = 0; j < m; j++) ids[j] = g.numId(a[sel[j]!]!);
  };
}

function addressKeys(side: 'src' | 'dst'): BlockKeys {
  return (c, g, ids, sel, m) => {
    const fam = c.batch.family;
    const a = side === 'src' ? c.src4 : c.dst4;
    const a16 = side === 'src' ? c.batch.srcAddr : c.batch.dstAddr;
    for (let j = 0; j < m; j++) {
      const i = sel === null ? j : sel[j]!;
      const f = fam[i]!;
      ids[j] = f === 4 ? g.numId(a[i]!) : f === 6 ? g.v6Id(a16, i * 16) : g.numId(-1);
    }
  };
}

const BLOCK_KEYS: Record<string, BlockKeys> = {
  src: addressKeys('src'),
  dst: addressKeys('dst'),
  srcport: numericKeys((c) => c.batch.srcPort),
  dstport: numericKeys((c) => c.batch.dstPort),
  proto: numericKeys((c) => c.batch.proto),
  domain: numericKeys((c) => c.batch.domain),
  inif: numericKeys((c) => c.batch.inIf),
  outif: numericKeys((c) => c.batch.outIf),
  dscp: numericKeys((c) => c.batch.dscp),
  tcpflags: numericKeys((c) => c.batch.tcpFlags),
  family: numericKeys((c) => c.batch.family),
  direction: numericKeys((c) => c.batch.direction),
  source: numericKeys((c) => c.batch.source),
  rate: numericKeys((c) => c.batch.samplingRate),
  vlan: (c, g, ids, sel, m) => {
    const v = c.batch.vlan;
    const fl = c.batch.flags;
    for (let j = 0; j < m; j++) {
      const i = sel === null ? j : sel[j]!;
      ids[j] = g.numId(fl[i]! & HAS_VLAN ? v[i]! : 0);
    }
  },
  exporter: (c, g, ids, sel, m) => {
    const b = c.batch;
    const map = b.exporters.map((e) => g.textId(e));
    const ex = b.exporter;
    for (let j = 0; j < m; j++) ids[j] = map[ex[sel === null ? j : sel[j]!]!] ?? g.textId('');
  },
};

/**
 * Several dimensions: each dimension's keys interned by its own Groups, the tuple of their
 * ids looked up in a KeyTable; the combined text key is made once per new tuple.
 */
function combinedKeys(dims: string[]): BlockKeys | undefined {
  const per = dims.map((d) => BLOCK_KEYS[d]);
  if (per.some((f) => f === undefined)) return undefined;
  const subGroups = dims.map(() => new Groups());
  let subIds = dims.map(() => new Int32Array(0));
  const tuples = new KeyTable(dims.length);
  const groupOf: number[] = [];
  const t = new Float64Array(dims.length);
  return (c, g, ids, sel, m) => {
    if (subIds[0]!.length < m) subIds = dims.map(() => new Int32Array(c.batch.capacity));
    for (let d = 0; d < dims.length; d++) per[d]!(c, subGroups[d]!, subIds[d]!, sel, m);
    for (let j = 0; j < m; j++) {
      for (let d = 0; d < dims.length; d++) t[d] = subIds[d]![j]!;
      const id = tuples.id(t);
      if (id === groupOf.length) {
        let text = String(subGroups[0]!.keys[t[0]!]);
        for (let d = 1; d < dims.length; d++) text += SEP + String(subGroups[d]!.keys[t[d]!]);
        groupOf.push(g.textId(text));
      }
      ids[j] = groupOf[id]!;
    }
  };
}

/** Rows of a block that end in [from, to) and match: their numbers into `sel`; returns how many. */
function select(c: BlockColumns, from: number, to: number, pred: RowPredicate | null, sel: Int32Array): number {
  const n = c.length;
  const end = c.batch.endMs;
  let m = 0;
  if (pred === null) {
    for (let i = 0; i < n; i++) {
      const t = end[i]!;
      if (t >= from && t < to) sel[m++] = i;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const t = end[i]!;
      if (t >= from && t < to && pred(c, i)) sel[m++] = i;
    }
  }
  return m;
}

/** A pass over the selected rows of every block, with each row's group id. */
class GroupedScan {
  private ids = new Int32Array(0);
  private sel = new Int32Array(0);
  private zero = new Uint8Array(0);
  private readonly blockKeys: BlockKeys | undefined;
  private readonly key: (c: BlockColumns, i: number) => number | string;
  readonly pred: RowPredicate | null;
  readonly need: number;

  constructor(
    filter: string,
    private readonly dims: string[],
    readonly g: Groups,
  ) {
    const { pred, fields } = compiled(filter);
    this.pred = pred;
    this.key = groupKeyOf(keyFns(dims));
    this.need = needsOf(fields, dims);
    this.blockKeys = dims.length === 1 ? BLOCK_KEYS[dims[0]!] : dims.length === 0 ? numericKeys(() => this.zero) : combinedKeys(dims);
  }

  /** visit(c, rows, m, ids, flowCount): rows = selected row numbers (null: rows 0..m-1). */
  run(
    src: BlockSource,
    from: number,
    to: number,
    visit: (c: BlockColumns, rows: Int32Array | null, m: number, ids: Int32Array, fc: Float64Array | null) => void,
  ): { blocks: number; rows: number } {
    const g = this.g;
    return forEachBlock(src, from, to, this.need, (c, fc, whole) => {
      const n = c.length;
      if (this.ids.length < n) {
        this.ids = new Int32Array(c.batch.capacity);
        this.sel = new Int32Array(c.batch.capacity);
        this.zero = new Uint8Array(c.batch.capacity);
      }
      const all = whole && this.pred === null;
      const m = all ? n : select(c, from, to, this.pred, this.sel);
      const rows: Int32Array | null = all ? null : this.sel;
      const ids = this.ids;
      if (this.blockKeys) this.blockKeys(c, g, ids, rows, m);
      else for (let j = 0; j < m; j++) ids[j] = g.id(this.key(c, rows === null ? j : rows[j]!));
      visit(c, rows, m, ids, fc);
    });
  }
}

/** Totals per group (groups with at least one matching flow). */
function aggregate(src: BlockSource, from: number, to: number, filter: string, dims: string[]) {
  const gs = new GroupedScan(filter, dims, new Groups());
  const g = gs.g;
  const scanned = gs.run(src, from, to, (c, rows, m, ids, fc) => {
    const s = g.sums;
    const bs = c.batch.bytesScaled;
    const ps = c.batch.packetsScaled;
    for (let j = 0; j < m; j++) {
      const i = rows === null ? j : rows[j]!;
      const id = ids[j]! * 3;
      s[id] = s[id]! + bs[i]!;
      s[id + 1] = s[id + 1]! + ps[i]!;
      s[id + 2] = s[id + 2]! + (fc === null ? 1 : fc[i]!);
    }
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
  let top: number[] = [];
  let g = new Groups();
  if (q.dims.length > 0) {
    const a = aggregate(src, q.from, q.to, q.filter, q.dims);
    g = a.g;
    top = rank(a.g, q.metric).slice(0, q.limit);
  }
  // group id → its series (-1: Other); groups first seen in this pass are Other
  let slotOf = new Int32Array(g.keys.length).fill(-1);
  top.forEach((id, k) => (slotOf[id] = k));
  const per = top.map(() => new Float64Array(bins));
  const other = new Float64Array(bins);
  const total = new Float64Array(bins);
  const from = q.from;
  const step = q.stepMs;
  const dims = q.dims.length;
  const scanned = new GroupedScan(q.filter, q.dims, g).run(src, q.from, q.to, (c, rows, n, ids, fc) => {
    const bs = c.batch.bytesScaled;
    const ps = c.batch.packetsScaled;
    const end = c.batch.endMs;
    if (slotOf.length < g.keys.length) {
      const grown = new Int32Array(g.keys.length).fill(-1);
      grown.set(slotOf);
      slotOf = grown;
    }
    for (let j = 0; j < n; j++) {
      const i = rows === null ? j : rows[j]!;
      const v = m === 0 ? bs[i]! : m === 1 ? ps[i]! : fc === null ? 1 : fc[i]!;
      const b = Math.floor((end[i]! - from) / step);
      total[b] = total[b]! + v;
      if (dims === 0) continue;
      const k = slotOf[ids[j]!]!;
      if (k < 0) other[b] = other[b]! + v;
      else per[k]![b] = per[k]![b]! + v;
    }
  });
  const perSecond = (a: Float64Array) => Array.from(a, (x) => (x * 1000) / step);
  return {
    dims: q.dims,
    metric: q.metric,
    stepMs: step,
    times: Array.from({ length: bins }, (_, b) => from + b * step),
    series: top.map((id, i) => ({ key: labelsOf(q.dims, g.keys[id]!), values: perSecond(per[i]!) })),
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
  const { pred } = compiled(q.filter);
  const out: FlowRecord[] = [];
  let truncated = false;
  const c = new BlockColumns();
  outer: for (const b of src.blocks(q.from, q.to)) {
    if (!('data' in b)) throw new QueryError('records are kept only in the raw window');
    try {
      decodeBlock(b.data, c);
    } catch (e) {
      if (e instanceof BlockFormatError) continue;
      throw e;
    }
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
