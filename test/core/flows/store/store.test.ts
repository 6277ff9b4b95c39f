// The flow store: block format (version 2, version 1 still read, partial decoding), segment
// files indexed in flows.db (append, read back, prune, damage), the migration from blocks
// kept in SQLite rows, and rollups against a brute-force reference.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FlowBatch, recordAt, type FlowRecord } from '../../../../core/flows/record.js';
import { BlockColumns, BlockFormatError, Need, decodeBlock, encodeBlock } from '../../../../core/flows/store/block.js';
import { BlockReader, BlockWriter, FLOWS_DB, FLOWS_DB_MIGRATIONS, openFlowFile } from '../../../../core/flows/store/flowdb.js';
import { segmentDir } from '../../../../core/flows/store/segments.js';
import { QueryRunner } from '../../../../core/flows/query/runner.js';
import type { RollupRow } from '../../../../core/flows/store/rollup.js';
import { runMigrations, schemaVersionOf } from '../../../../core/store/migrate.js';
import { xorshift32 as rng } from '../../../helpers/random.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'podium-flowstore-'));
  dirs.push(d);
  return d;
};

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

function batchOf(r: () => number, n: number, t0 = T0): FlowBatch {
  const b = new FlowBatch(16);
  b.ensure(n);
  for (let k = 0; k < n; k++) {
    const i = b.pushBlank();
    const f = r() < 0.3 ? 6 : r() < 0.02 ? 0 : 4;
    b.family[i] = f;
    if (f === 6) {
      for (let j = 0; j < 16; j++) {
        b.srcAddr[i * 16 + j] = j < 2 ? 0x20 : j < 14 ? 0 : Math.floor(r() * 6);
        b.dstAddr[i * 16 + j] = j < 2 ? 0xfd : Math.floor(r() * 256);
      }
    } else if (f === 4) {
      b.srcAddr.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 0, Math.floor(r() * 2), Math.floor(r() * 90)], i * 16);
      b.dstAddr.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 192, 0, 2, Math.floor(r() * 256)], i * 16);
    }
    b.exporter[i] = b.exporterId(r() < 0.5 ? '127.0.0.1' : '127.0.0.2');
    b.endMs[i] = t0 + Math.floor(r() * 5_400_000) + Math.floor(r() * 1000) / 1000;
    b.startMs[i] = b.endMs[i]! - r() * 30_000;
    b.bytes[i] = 40 + Math.floor(r() * 1e6);
    b.packets[i] = 1 + Math.floor(r() * 900);
    b.samplingRate[i] = r() < 0.1 ? 100 : 1;
    b.bytesScaled[i] = b.bytes[i]! * b.samplingRate[i]!;
    b.packetsScaled[i] = b.packets[i]! * b.samplingRate[i]!;
    b.inIf[i] = 1 + Math.floor(r() * 3);
    b.outIf[i] = 7;
    b.proto[i] = [6, 17, 1][Math.floor(r() * 3)]!;
    b.srcPort[i] = Math.floor(r() * 400);
    b.dstPort[i] = [443, 53, 80][Math.floor(r() * 3)]!;
    b.dscp[i] = r() < 0.2 ? 46 : 0;
    if (r() < 0.2) {
      b.vlan[i] = 10 + Math.floor(r() * 3);
      b.flags[i] = 2;
    }
    b.direction[i] = Math.floor(r() * 2);
    b.source[i] = 9;
  }
  return b;
}

const us = (ms: number) => Math.round(ms * 1000) / 1000;
const comparable = (r: FlowRecord) => ({ ...r, startMs: us(r.startMs), endMs: us(r.endMs), start: '', end: '' });

describe('blocks', () => {
  it('version 1 blocks (written before) decode to the records they were made from', () => {
    const fx = JSON.parse(readFileSync(new URL('../../../fixtures/flows/blocks-v1.json', import.meta.url), 'utf8')) as Record<
      string,
      { block: string; records: FlowRecord[] }
    >;
    for (const [name, { block, records }] of Object.entries(fx)) {
      const c = new BlockColumns();
      decodeBlock(Buffer.from(block, 'base64'), c);
      expect(c.length, name).toBe(records.length);
      for (let i = 0; i < records.length; i++) expect(comparable(recordAt(c.batch, i)), `${name} row ${i}`).toEqual(comparable(records[i]!));
    }
  });

  it('version 2 keeps IPv4 addresses in 4 bytes even beside IPv6 rows, and decodes only what is asked', () => {
    const b = batchOf(rng(3), 5000);
    const { data } = encodeBlock(b);
    expect(data.readUInt32LE(0)).toBe(0x32424650); // 'PFB2'
    const full = new BlockColumns();
    decodeBlock(data, full);
    for (let i = 0; i < b.length; i += 7) expect(comparable(recordAt(full.batch, i))).toEqual(comparable(recordAt(b, i)));
    // each partial decode fills exactly the asked columns as the full decode does
    const checks: [number, (c: BlockColumns, i: number) => unknown][] = [
      [Need.End, (c, i) => c.batch.endMs[i]],
      [Need.Scaled, (c, i) => [c.batch.bytesScaled[i], c.batch.packetsScaled[i]]],
      [Need.Addr, (c, i) => (c.batch.family[i] === 6 ? [...c.batch.srcAddr.subarray(i * 16, i * 16 + 16)] : [c.src4[i], c.dst4[i]])],
      [Need.DstPort | Need.Proto, (c, i) => [c.batch.dstPort[i], c.batch.proto[i]]],
      [Need.Vlan | Need.Flags, (c, i) => [c.batch.vlan[i], c.batch.flags[i]]],
      [Need.Exporter, (c, i) => c.batch.exporters[c.batch.exporter[i]!]],
    ];
    for (const [need, get] of checks) {
      const part = new BlockColumns();
      decodeBlock(data, part, need);
      for (let i = 0; i < b.length; i++) expect(get(part, i)).toEqual(get(full, i));
    }
    // partial decoding leaves other columns alone
    const part = new BlockColumns();
    decodeBlock(data, part, Need.End);
    expect(part.batch.dstPort.subarray(0, b.length).every((x) => x === 0)).toBe(true);
    // IPv6 rows cost their 32 bytes of addresses, IPv4 rows 8: the same rows as IPv4 take v6 × 24 bytes less
    const v4 = batchOf(rng(3), 5000);
    let v6 = 0;
    for (let i = 0; i < v4.length; i++) {
      if (v4.family[i] !== 6) continue;
      v6++;
      v4.family[i] = 4;
      v4.srcAddr.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 9, 9, 9], i * 16);
      v4.dstAddr.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 9, 9, 8], i * 16);
    }
    expect(v6).toBeGreaterThan(1000);
    expect(Math.abs(data.length - encodeBlock(v4).data.length - v6 * 32)).toBeLessThanOrEqual(8);
  });

  it('damaged blocks are refused with BlockFormatError, never read past their end', () => {
    const { data } = encodeBlock(batchOf(rng(4), 300));
    const c = new BlockColumns();
    for (const cut of [10, 30, 100, data.length - 200, data.length - 1]) expect(() => decodeBlock(data.subarray(0, cut), c)).toThrow(BlockFormatError);
    const bad = Buffer.from(data);
    bad.writeUInt32LE(0x12345678, 0);
    expect(() => decodeBlock(bad, c)).toThrow(BlockFormatError);
    const lying = Buffer.from(data);
    lying.writeUInt32LE(0, 12); // no IPv6 rows, yet the family column has some
    expect(() => decodeBlock(lying, c)).toThrow(BlockFormatError);
  });
});

describe('segment files', () => {
  it('blocks are appended to segments, indexed, read back, and whole segments go when pruned', () => {
    const dir = tmp();
    const db = openFlowFile(dir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: true });
    const w = new BlockWriter(db, { segmentBytes: 200_000 });
    const r = rng(5);
    const want: FlowRecord[] = [];
    for (let k = 0; k < 12; k++) {
      const b = batchOf(r, 2000);
      for (let i = 0; i < b.length; i++) want.push(recordAt(b, i));
      const e = encodeBlock(b);
      w.write(e.data, e.summary, 1000 + k * 1000);
    }
    const segs = readdirSync(segmentDir(dir)).sort();
    expect(segs.length).toBeGreaterThan(3); // rotated by size
    expect((db.prepare(`SELECT count(*) AS n FROM blocks WHERE length(data) = 0 AND seg IS NOT NULL`).get() as { n: number }).n).toBe(12);
    const reader = new BlockReader(db);
    const got: FlowRecord[] = [];
    const c = new BlockColumns();
    for (const blk of reader.blocks(0, 8.64e15)) {
      if (!('data' in blk)) throw new Error('raw blocks expected');
      decodeBlock(blk.data, c);
      for (let i = 0; i < c.length; i++) got.push(recordAt(c.batch, i));
    }
    expect(got.map(comparable)).toEqual(want.map(comparable));
    // prune the first half: their segments are deleted, the open one stays
    const pruned = w.prune(7000);
    expect(pruned).toBe(6);
    const left = readdirSync(segmentDir(dir));
    expect(left.length).toBeLessThan(segs.length);
    expect(left).toContain(segs[segs.length - 1]);
    expect([...reader.blocks(0, 8.64e15)].length).toBe(6);
    // a segment cut short (a crash before the page cache reached the disk): its blocks are skipped and counted
    const last = join(segmentDir(dir), left.sort()[left.length - 1]!);
    truncateSync(last, 100);
    const n = [...reader.blocks(0, 8.64e15)].length;
    expect(n).toBeLessThan(6);
    expect(reader.unreadable).toBe(6 - n);
    w.close();
    db.close();
  });

  it('a flows.db from before segments keeps its blocks readable, and new blocks go to segments', () => {
    const dir = tmp();
    // the schema as it was (migration 1 only), with one block in its row
    const old = new Database(join(dir, FLOWS_DB));
    const v1 = { ...FLOWS_DB_MIGRATIONS[0]!, migrations: FLOWS_DB_MIGRATIONS[0]!.migrations.slice(0, 1) };
    runMigrations(old, [{ set: v1, m: v1.migrations[0]! }], schemaVersionOf([v1]), () => new Date());
    const fx = JSON.parse(readFileSync(new URL('../../../fixtures/flows/blocks-v1.json', import.meta.url), 'utf8')) as Record<
      string,
      { block: string; records: FlowRecord[] }
    >;
    const blob = Buffer.from(fx['mixed']!.block, 'base64');
    old
      .prepare(`INSERT INTO blocks (received_ms, end_min, end_max, rows, bytes, packets, size, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(1, 0, 8.64e15, 40, 0, 0, blob.length, blob);
    old.close();
    const db = openFlowFile(dir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: true });
    const w = new BlockWriter(db);
    const e = encodeBlock(batchOf(rng(6), 100));
    w.write(e.data, e.summary, 2);
    const reader = new BlockReader(db);
    const rows = [...reader.blocks(0, 8.64e15)].map((b) => {
      const c = new BlockColumns();
      if ('data' in b) decodeBlock(b.data, c);
      return c.length;
    });
    expect(rows).toEqual([40, 100]);
    expect(existsSync(segmentDir(dir))).toBe(true);
    w.close();
    db.close();
  });
});

describe('rollups', () => {
  it('1-minute and 1-hour buckets and top talkers add up to what the raw blocks hold', () => {
    const dir = tmp();
    const db = openFlowFile(dir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: true });
    const w = new BlockWriter(db);
    const r = rng(8);
    const all: FlowRecord[] = [];
    for (let k = 0; k < 4; k++) {
      const b = batchOf(r, 3000);
      for (let i = 0; i < b.length; i++) all.push(recordAt(b, i));
      const e = encodeBlock(b);
      w.write(e.data, e.summary, T0 + k);
    }
    w.close();
    db.close();
    const runner = new QueryRunner({ dataDir: dir, rawRetentionMinutes: 1e9, retention: { minuteHours: 1e6, hourDays: 1e6 } });
    expect(runner.maintain(false)).toBe(4);
    for (const [table, ms] of [
      ['r1m', 60_000],
      ['r1h', 3_600_000],
    ] as const) {
      const want = new Map<string, number[]>();
      for (const x of all) {
        const key = [
          Math.floor(x.endMs / ms) * ms,
          x.exporter,
          x.inIf,
          x.outIf,
          x.proto,
          x.dscp,
          x.vlan ?? 0,
          x.direction === 'ingress' ? 0 : 1,
          x.family,
        ].join('|');
        const v = want.get(key) ?? [0, 0, 0];
        want.set(key, [v[0]! + x.bytesScaled, v[1]! + x.packetsScaled, v[2]! + 1]);
      }
      const got = new Map(
        (runner.rollupDb.prepare(`SELECT * FROM ${table}`).all() as RollupRow[]).map((x) => [
          [x.t, x.exporter, x.inif, x.outif, x.proto, x.dscp, x.vlan, x.direction, x.family].join('|'),
          [x.bytes, x.packets, x.flows],
        ]),
      );
      expect(got).toEqual(want);
    }
    // top talkers: per block and bucket the 50 largest values by bytes, the rest in Other; totals exact
    for (const [table, ms] of [
      ['t1m', 60_000],
      ['t1h', 3_600_000],
    ] as const) {
      for (const dim of ['src', 'dst', 'srcport', 'dstport'] as const) {
        const rows = runner.rollupDb.prepare(`SELECT t, value, bytes, flows FROM ${table} WHERE dim = ?`).all(dim) as {
          t: number;
          value: string;
          bytes: number;
          flows: number;
        }[];
        expect(rows.reduce((s, x) => s + x.flows, 0)).toBe(all.length);
        expect(rows.reduce((s, x) => s + x.bytes, 0)).toBe(all.reduce((s, x) => s + x.bytesScaled, 0));
        // a value named there holds at least its bytes in that bucket (it may be in Other for some blocks)
        const valueOf = (x: FlowRecord) =>
          dim === 'srcport' ? String(x.srcPort) : dim === 'dstport' ? String(x.dstPort) : ((dim === 'src' ? x.srcAddr : x.dstAddr) ?? '(none)');
        const exact = new Map<string, number>();
        for (const x of all) {
          const k = `${Math.floor(x.endMs / ms) * ms}|${valueOf(x)}`;
          exact.set(k, (exact.get(k) ?? 0) + x.bytesScaled);
        }
        for (const x of rows) if (x.value !== 'Other') expect(x.bytes).toBeLessThanOrEqual(exact.get(`${x.t}|${x.value}`)!);
        // the largest value of every bucket is named (a value larger than any other in every block)
        const perBucket = new Map<number, { value: string; bytes: number }>();
        for (const [k, bytes] of exact) {
          const [t, value] = [Number(k.split('|')[0]), k.slice(k.indexOf('|') + 1)];
          if ((perBucket.get(t)?.bytes ?? -1) < bytes) perBucket.set(t, { value, bytes });
        }
        if (dim === 'dstport') for (const [t, top] of perBucket) expect(rows.some((x) => x.t === t && x.value === top.value)).toBe(true);
      }
    }
    runner.close();
  });
});
