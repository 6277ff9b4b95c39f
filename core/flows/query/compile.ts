// A parsed filter compiled to a predicate over one row of a decoded block: a tree of small
// closures (no eval), each reading the typed-array columns directly.
import type { BlockColumns } from '../store/block.js';
import type { AddrValue, FilterNode, Value } from './filter.js';
import { NUMERIC_FIELDS, type NumGetter } from './columns.js';

export type RowPredicate = (c: BlockColumns, i: number) => boolean;

/** What a filter compares: the numeric fields, and the counters (scaled by the sampling rate). */
const NUMERIC: Record<string, NumGetter> = {
  ...NUMERIC_FIELDS,
  bytes: (c, i) => c.batch.bytesScaled[i]!,
  packets: (c, i) => c.batch.packetsScaled[i]!,
};

function v4Mask(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Does the 16-byte address at row i of `col` fall in the IPv6 prefix? */
function in6(col: Uint8Array, i: number, a: { bytes: number[]; len: number }): boolean {
  const o = i * 16;
  let left = a.len;
  for (let k = 0; k < 16 && left > 0; k++, left -= 8) {
    const m = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    if ((col[o + k]! & m) !== a.bytes[k]) return false;
  }
  return true;
}

function addrMatcher(side: 'src' | 'dst', a: AddrValue): RowPredicate {
  if (a.family === 4) {
    const mask = v4Mask(a.len);
    const want = a.v4;
    return side === 'src'
      ? (c, i) => c.batch.family[i] === 4 && (c.src4[i]! & mask) >>> 0 === want
      : (c, i) => c.batch.family[i] === 4 && (c.dst4[i]! & mask) >>> 0 === want;
  }
  return side === 'src' ? (c, i) => c.batch.family[i] === 6 && in6(c.batch.srcAddr, i, a) : (c, i) => c.batch.family[i] === 6 && in6(c.batch.dstAddr, i, a);
}

/** The exporter column is an index into a per-block table: resolve per block. */
function exporterMatcher(a: AddrValue): RowPredicate {
  let cols: BlockColumns | null = null;
  let gen = -1;
  let ok: boolean[] = [];
  return (c, i) => {
    if (c !== cols || c.generation !== gen) {
      cols = c;
      gen = c.generation;
      ok = c.batch.exporters.map((e) => exporterIn(e, a));
    }
    return ok[c.batch.exporter[i]!] ?? false;
  };
}

function exporterIn(text: string, a: AddrValue): boolean {
  const m = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (a.family === 4) {
    if (!m) return false;
    const v = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
    return (v & v4Mask(a.len)) >>> 0 === a.v4;
  }
  return false;
}

function anyOf(ps: RowPredicate[]): RowPredicate {
  if (ps.length === 1) return ps[0]!;
  if (ps.length === 2) {
    const [a, b] = ps as [RowPredicate, RowPredicate];
    return (c, i) => a(c, i) || b(c, i);
  }
  return (c, i) => {
    for (const p of ps) if (p(c, i)) return true;
    return false;
  };
}

function allOf(ps: RowPredicate[]): RowPredicate {
  if (ps.length === 1) return ps[0]!;
  if (ps.length === 2) {
    const [a, b] = ps as [RowPredicate, RowPredicate];
    return (c, i) => a(c, i) && b(c, i);
  }
  return (c, i) => {
    for (const p of ps) if (!p(c, i)) return false;
    return true;
  };
}

function cmpNumber(get: NumGetter, op: string, values: Value[]): RowPredicate {
  const ns = values.map((v) => (v.kind === 'num' ? v.n : NaN));
  if (op === '=' || op === '!=') {
    let p: RowPredicate;
    if (ns.length === 1) {
      const n = ns[0]!;
      p = (c, i) => get(c, i) === n;
    } else {
      const set = new Set(ns);
      p = (c, i) => set.has(get(c, i));
    }
    return op === '=' ? p : (c, i) => !p(c, i);
  }
  const n = ns[0]!;
  switch (op) {
    case '<':
      return (c, i) => get(c, i) < n;
    case '>':
      return (c, i) => get(c, i) > n;
    case '<=':
      return (c, i) => get(c, i) <= n;
    default:
      return (c, i) => get(c, i) >= n;
  }
}

function compileCmp(node: Extract<FilterNode, { kind: 'cmp' }>): RowPredicate {
  const f = node.field;
  if (f.either) {
    const [x, y] = f.either;
    const px = compileCmp({ ...node, field: { ...f, name: x, either: undefined } as typeof f });
    const py = compileCmp({ ...node, field: { ...f, name: y, either: undefined } as typeof f });
    // "addr != X" means neither side is X; "addr = X" either side.
    return node.op === '!=' ? (c, i) => px(c, i) && py(c, i) : (c, i) => px(c, i) || py(c, i);
  }
  if (f.kind === 'addr') {
    const ms = node.values.map((v) => {
      if (v.kind !== 'addr') throw new Error('address expected');
      return f.name === 'exporter' ? exporterMatcher(v.a) : addrMatcher(f.name as 'src' | 'dst', v.a);
    });
    const p = anyOf(ms);
    return node.op === '!=' ? (c, i) => !p(c, i) : p;
  }
  const get = NUMERIC[f.name];
  if (!get) throw new Error(`no column for ${f.name}`);
  return cmpNumber(get, node.op, node.values);
}

/** Compile a filter tree; `null` when it matches everything. */
export function compileFilter(node: FilterNode): RowPredicate | null {
  switch (node.kind) {
    case 'true':
      return null;
    case 'or':
      return anyOf(node.items.map((n) => compileFilter(n) ?? (() => true)));
    case 'and': {
      const ps = node.items.map(compileFilter).filter((p): p is RowPredicate => p !== null);
      return ps.length ? allOf(ps) : null;
    }
    case 'not': {
      const p = compileFilter(node.item);
      return p ? (c, i) => !p(c, i) : () => false;
    }
    case 'cmp':
      return compileCmp(node);
  }
}
