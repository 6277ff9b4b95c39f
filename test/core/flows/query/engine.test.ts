// The store's blocks and the query engine against a brute-force reference on random data.
import { describe, expect, it } from 'vitest';
import { FlowBatch, recordAt, type FlowRecord } from '../../../../core/flows/record.js';
import { encodeBlock, decodeBlock, BlockColumns } from '../../../../core/flows/store/block.js';
import { records, sankey, series, topN, type BlockSource } from '../../../../core/flows/query/engine.js';
import { xorshift32 as rng } from '../../../helpers/random.js';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

function randomBatch(r: () => number, n: number, opts: { v6: boolean; macs: boolean }): FlowBatch {
  const b = new FlowBatch(16);
  b.ensure(n);
  const exporters = ['127.0.0.1', '127.0.0.2', '10.9.9.9'];
  for (let k = 0; k < n; k++) {
    const i = b.pushBlank();
    const v6 = opts.v6 && r() < 0.3;
    b.family[i] = v6 ? 6 : 4;
    const sa = b.srcAddr;
    const da = b.dstAddr;
    if (v6) {
      for (let j = 0; j < 16; j++) {
        sa[i * 16 + j] = j < 4 ? [0x20, 0x01, 0x0d, 0xb8][j]! : Math.floor(r() * 3);
        da[i * 16 + j] = j < 2 ? 0xfd : Math.floor(r() * 4);
      }
    } else {
      sa.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, Math.floor(r() * 3), Math.floor(r() * 4), Math.floor(r() * 20)], i * 16);
      da.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, r() < 0.5 ? 192 : 10, 0, 2, Math.floor(r() * 30)], i * 16);
    }
    b.exporter[i] = b.exporterId(exporters[Math.floor(r() * 3)]!);
    b.domain[i] = Math.floor(r() * 3);
    b.startMs[i] = T0 + r() * 600_000 + Math.floor(r() * 1000) / 1000;
    b.endMs[i] = b.startMs[i]! + r() * 60_000;
    b.bytes[i] = 40 + Math.floor(r() * (r() < 0.01 ? 6e9 : 1e5));
    b.packets[i] = 1 + Math.floor(r() * 100);
    b.samplingRate[i] = r() < 0.2 ? 64 : 1;
    b.bytesScaled[i] = b.bytes[i]! * b.samplingRate[i]!;
    b.packetsScaled[i] = b.packets[i]! * b.samplingRate[i]!;
    b.inIf[i] = Math.floor(r() * 4);
    b.outIf[i] = r() < 0.5 ? 0 : 70000 + Math.floor(r() * 3);
    b.proto[i] = [6, 17, 1, 58][Math.floor(r() * 4)]!;
    b.srcPort[i] = Math.floor(r() * 5) * 1000;
    b.dstPort[i] = [53, 80, 443, 22][Math.floor(r() * 4)]!;
    b.tcpFlags[i] = Math.floor(r() * 64);
    b.dscp[i] = [0, 46, 10][Math.floor(r() * 3)]!;
    if (r() < 0.3) {
      b.vlan[i] = 100 + Math.floor(r() * 3);
      b.flags[i] = b.flags[i]! | 2;
    }
    if (opts.macs && r() < 0.5) {
      b.flags[i] = b.flags[i]! | 1;
      for (let j = 0; j < 6; j++) {
        b.srcMac[i * 6 + j] = Math.floor(r() * 256);
        b.dstMac[i * 6 + j] = Math.floor(r() * 256);
      }
    }
    b.direction[i] = [0, 1, 255][Math.floor(r() * 3)]!;
    b.source[i] = [9, 10, 105][Math.floor(r() * 3)]!;
  }
  return b;
}

function makeStore(seed: number, blocks: number, rows: number): { src: BlockSource; all: FlowRecord[] } {
  const r = rng(seed);
  const stored: Buffer[] = [];
  const all: FlowRecord[] = [];
  for (let k = 0; k < blocks; k++) {
    const b = randomBatch(r, rows, { v6: k % 2 === 1, macs: k % 3 === 0 });
    for (let i = 0; i < b.length; i++) all.push(recordAt(b, i));
    stored.push(encodeBlock(b).data);
  }
  return { src: { blocks: () => stored.map((data) => ({ data })) }, all };
}

const us = (ms: number) => Math.round(ms * 1000) / 1000;

describe('blocks', () => {
  it('round-trip every column (times to the microsecond)', () => {
    const r = rng(5);
    for (const opts of [
      { v6: false, macs: false },
      { v6: true, macs: true },
    ]) {
      const b = randomBatch(r, 3000, opts);
      const { data, summary } = encodeBlock(b);
      const c = new BlockColumns();
      decodeBlock(data, c);
      expect(c.length).toBe(b.length);
      expect(summary.rows).toBe(b.length);
      for (let i = 0; i < b.length; i++) {
        const want = recordAt(b, i);
        const got = recordAt(c.batch, i);
        expect({ ...got, startMs: us(got.startMs), endMs: us(got.endMs), start: '', end: '' }).toEqual({
          ...want,
          startMs: us(want.startMs),
          endMs: us(want.endMs),
          start: '',
          end: '',
        });
      }
      // an unaligned copy (as SQLite hands it back) decodes the same
      const odd = Buffer.alloc(data.length + 1);
      data.copy(odd, 1);
      decodeBlock(odd.subarray(1), c);
      expect(recordAt(c.batch, 7).srcAddr).toBe(recordAt(b, 7).srcAddr);
    }
  });
  it('are smaller than the records as JSON by far', () => {
    const b = randomBatch(rng(9), 10_000, { v6: false, macs: false });
    const { data } = encodeBlock(b);
    expect(data.length / b.length).toBeLessThan(45);
  });
});

/** The brute-force reference: a filter written as a JS predicate over records. */
type Pred = (r: FlowRecord) => boolean;
const inV4 = (a: string | null, net: string, len: number) => {
  if (!a || a.includes(':')) return false;
  const n = (s: string) => s.split('.').reduce((x, p) => x * 256 + Number(p), 0);
  const m = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return (n(a) & m) >>> 0 === (n(net) & m) >>> 0;
};

const CASES: [string, Pred][] = [
  ['', () => true],
  ['proto = tcp', (r) => r.proto === 6],
  ['proto in (udp, icmp) and dstport != 53', (r) => (r.proto === 17 || r.proto === 1) && r.dstPort !== 53],
  ['src = 10.1.0.0/16', (r) => inV4(r.srcAddr, '10.1.0.0', 16)],
  ['dst in 192.0.0.0/8 or dscp = 46', (r) => inV4(r.dstAddr, '192.0.0.0', 8) || r.dscp === 46],
  ['not (port = 443) and bytes > 50000', (r) => r.srcPort !== 443 && r.dstPort !== 443 && r.bytesScaled > 50000],
  ['addr = 10.0.2.5', (r) => r.srcAddr === '10.0.2.5' || r.dstAddr === '10.0.2.5'],
  ['src = 2001:db8::/32', (r) => !!r.srcAddr?.startsWith('2001:db8:')],
  ['exporter = 127.0.0.2 and vlan >= 101', (r) => r.exporter === '127.0.0.2' && (r.vlan ?? 0) >= 101],
  ['family = ipv6 or direction = egress', (r) => r.family === 6 || r.direction === 'egress'],
  ['outif > 65535 and inif <= 1 and source = sflow', (r) => r.outIf > 65535 && r.inIf <= 1 && r.source === 'sflow5'],
  ['rate = 64 and tcpflags < 8', (r) => r.samplingRate === 64 && r.tcpFlags < 8],
  ['proto not in (tcp, udp)', (r) => r.proto !== 6 && r.proto !== 17],
];

describe('queries against a brute-force reference', () => {
  const { src, all } = makeStore(42, 6, 2500);
  const from = T0 + 60_000;
  const to = T0 + 500_000;
  const inRange = (r: FlowRecord) => r.endMs >= from && r.endMs < to;

  for (const [filter, pred] of CASES) {
    it(`records and totals: "${filter}"`, () => {
      const want = all.filter((r) => inRange(r) && pred(r));
      const got = records(src, { from, to, filter, limit: 1e9 }).records;
      expect(got.length).toBe(want.length);
      const t = topN(src, { from, to, filter, dims: [], metric: 'bytes', limit: 10 });
      expect(t.total.flows).toBe(want.length);
      expect(t.total.bytes).toBe(want.reduce((s, r) => s + r.bytesScaled, 0));
    });
  }

  const keyOf: Record<string, (r: FlowRecord) => string> = {
    src: (r) => (r.srcAddr ?? '(none)').replace(/^::ffff:/, ''),
    dstport: (r) => String(r.dstPort),
    exporter: (r) => r.exporter,
    proto: (r) => ({ 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6' })[r.proto] ?? String(r.proto),
    vlan: (r) => String(r.vlan ?? 0),
  };

  for (const dims of [['proto'], ['src'], ['exporter', 'dstport'], ['proto', 'vlan', 'src']]) {
    for (const metric of ['bytes', 'packets', 'flows'] as const) {
      it(`top 5 by ${metric} over ${dims.join(' × ')}, the rest as Other`, () => {
        const filter = 'proto != icmpv6';
        const groups = new Map<string, { bytes: number; packets: number; flows: number }>();
        for (const r of all) {
          if (!inRange(r) || r.proto === 58) continue;
          const k = dims.map((d) => keyOf[d]!(r)).join('|');
          const g = groups.get(k) ?? { bytes: 0, packets: 0, flows: 0 };
          g.bytes += r.bytesScaled;
          g.packets += r.packetsScaled;
          g.flows += 1;
          groups.set(k, g);
        }
        const sorted = [...groups.entries()].sort((a, b) => b[1][metric] - a[1][metric]);
        const t = topN(src, { from, to, filter, dims, metric, limit: 5 });
        expect(t.rows.map((r) => r[metric])).toEqual(sorted.slice(0, 5).map(([, v]) => v[metric]));
        for (const row of t.rows) expect(groups.get(row.key.join('|'))?.[metric]).toBe(row[metric]);
        expect(t.other.groups).toBe(Math.max(0, sorted.length - 5));
        expect(t.other[metric] + t.rows.reduce((s, r) => s + r[metric], 0)).toBeCloseTo(t.total[metric], 3);
      });
    }
  }

  it('series: steps add up to the totals, per group and Other', () => {
    const step = 30_000;
    const s = series(src, { from, to, filter: 'proto = tcp', dims: ['dstport'], metric: 'bytes', limit: 2, stepMs: step });
    expect(s.times.length).toBe(Math.ceil((to - from) / step));
    const want = new Array<number>(s.times.length).fill(0);
    for (const r of all) {
      if (!inRange(r) || r.proto !== 6) continue;
      const k = Math.floor((r.endMs - from) / step);
      want[k] = want[k]! + (r.bytesScaled * 1000) / step;
    }
    s.total.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6 * Math.max(1, want[i]!)));
    s.total.forEach((v, i) => expect(Math.abs(s.series.reduce((n, x) => n + x.values[i]!, 0) + s.other[i]! - v)).toBeLessThan(1e-6 * Math.max(1, v)));
  });

  it('sankey: links between neighbouring dimensions carry the totals', () => {
    const k = sankey(src, { from, to, filter: '', dims: ['proto', 'dstport', 'exporter'], metric: 'flows', limit: 10 });
    const flows = all.filter(inRange).length;
    expect(k.total).toBe(flows);
    const out = (level: number) => k.links.filter((l) => l.source.startsWith(`${level}:`)).reduce((n, l) => n + l.value, 0);
    expect(out(0)).toBe(flows);
    expect(out(1)).toBe(flows);
    for (const n of k.nodes.filter((x) => x.level === 1)) {
      expect(k.links.filter((l) => l.target === n.id).reduce((s, l) => s + l.value, 0)).toBe(n.value);
    }
  });
});
