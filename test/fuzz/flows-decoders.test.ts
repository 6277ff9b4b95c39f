// Mutation fuzzing of the flow decoders (NetFlow v5, v9, IPFIX, sFlow v5) and of the
// capture reader. Seeded and reproducible: FUZZ_SEED (default 20260115) and FUZZ_CASES
// (default 200 000 per decoder) select the run; a failure prints the seed, case number
// and input as hex. See test/fuzz/README.md for the long run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowDecoder } from '../../core/flows/decoders/index.js';
import type { FlowProtocol } from '../../core/flows/decoders/index.js';
import { newCaptureStats, readUdpDatagrams } from '../../core/flows/pcap.js';
import { FlowBatch, recordAt } from '../../core/flows/record.js';
import { sniffProtocol } from '../../core/flows/decoders/sniff.js';
import {
  concat as cat, counterSample, ethernet, expandedFlowSample, extendedRouter, extendedSwitch, flowSample, genericIfCounters,
  icmp, ipfix, ipfixOptionsTemplateSet, ipfixTemplateSet, ipfixWithdrawSet, ipv4Packet, ipv6Packet, sampledHeader, set, sflow,
  tcp, udp, v4Record, V4_FIELDS, v5, v5Record, v9, v9OptionsTemplateSet, v9TemplateSet, W,
} from '../core/flows/build.js';
import { hex, mutate, Rng } from './mutate.js';

const CASES = Number(process.env.FUZZ_CASES ?? 200_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20260115);
/** No single datagram may take longer than this (a hang detector, not a benchmark). */
const CASE_BUDGET_MS = 250;
const LIMITS = { maxExporters: 32, maxTemplatesPerExporter: 64, maxFieldsPerTemplate: 128, maxRecordLength: 4096 };
const TIMEOUT = Math.max(60_000, CASES * 0.5);

function fixturePayloads(name: string): Uint8Array[] {
  const bytes = readFileSync(new URL(`../fixtures/flows/${name}.pcap`, import.meta.url));
  return [...readUdpDatagrams(bytes)].map((d) => new Uint8Array(d.payload));
}

function handBuilt(kind: FlowProtocol): Uint8Array[] {
  switch (kind) {
    case 'netflow5':
      return [v5({}, [v5Record(), v5Record({ proto: 1 })]), v5({ sampling: 0x4000 | 100 }, Array.from({ length: 30 }, () => v5Record()))];
    case 'netflow9':
      return [
        v9({}, v9TemplateSet([256, V4_FIELDS]), set(256, cat(v4Record(), v4Record()), true)),
        v9({}, v9OptionsTemplateSet(300, [[1, 4]], [[34, 4], [48, 1], [50, 4]]), set(300, new W().u32(0).u32(10).u8(1).u32(100).out(), true)),
        v9({}, v9TemplateSet([257, [[27, 16], [28, 16], [56, 6], [80, 6], [58, 2], [1, 8], [2, 8], [48, 1]]])),
      ];
    case 'ipfix':
      return [
        ipfix({}, ipfixTemplateSet([256, V4_FIELDS]), set(256, cat(v4Record(), v4Record()))),
        ipfix({}, ipfixTemplateSet([258, [[8, 4], [82, 0xffff], [1, 4, 29305], [7, 2, 9999], [96, 0xffff]]]),
          set(258, new W().ip4('10.0.0.1').u8(4).raw([1, 2, 3, 4]).u32(5).u16(6).u8(255).u16(3).raw([7, 8, 9]).out())),
        ipfix({}, ipfixOptionsTemplateSet(300, [[302, 4]], [[305, 4], [306, 4], [160, 8]]), set(300, new W().u32(1).u32(1).u32(9).u64(1000).out())),
        ipfix({}, ipfixWithdrawSet(2, 256, 2), ipfixWithdrawSet(3, 3)),
        ipfix({}, ipfixTemplateSet([259, [[8, 4], [22, 4], [21, 4], [152, 8], [154, 8], [158, 4], [139, 2], [243, 2], [302, 4]]])),
      ];
    case 'sflow5': {
      const pkt = ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x86dd, ipv6Packet('2001:db8::1', '2001:db8::2', 6, tcp(1, 2, 0x12)), [7]);
      return [
        sflow({}, [flowSample({}, [extendedSwitch(5, 6), sampledHeader(100, pkt)]), counterSample(1, 3, [genericIfCounters(3, 100, 200)])]),
        sflow({ agent: '2001:db8::9' }, [expandedFlowSample({}, [extendedRouter('10.0.0.1', 8, 16), sampledHeader(60, ipv4Packet('10.0.0.1', '10.0.0.2', 1, icmp(8, 0)), 11)])]),
        sflow({}, [flowSample({}, [sampledHeader(80, ipv4Packet('10.0.0.1', '10.0.0.2', 17, udp(53, 53)), 11)])]),
      ];
    }
  }
}

const EXPORTERS = ['192.0.2.1', '192.0.2.2', '2001:db8::1', '127.0.0.1'];

async function fuzzDecoder(proto: FlowProtocol, fixture: string, kind: 'templated' | 'sflow' | 'v5') {
  const corpus = [...fixturePayloads(fixture), ...handBuilt(proto)];
  const rng = new Rng(SEED ^ proto.length * 7919);
  const dec = new FlowDecoder({ limits: LIMITS });
  const batch = new FlowBatch(1024);
  const heap0 = process.memoryUsage().heapUsed;
  let maxMs = 0;
  let accepted = 0;
  let rejected = 0;
  for (let c = 0; c < CASES; c++) {
    // Let the test runner breathe on long runs (its worker RPC times out otherwise).
    if (c % 50_000 === 49_999) await new Promise((r) => setImmediate(r));
    const src = rng.pick(corpus);
    const { bytes, how } = mutate(rng, corpus, src, kind);
    const exporter = rng.int(64) === 0 ? `10.${rng.int(256)}.${rng.int(256)}.${rng.int(256)}` : rng.pick(EXPORTERS);
    const st = dec.stats.exporter(exporter).counters;
    const before = { datagrams: st.datagrams, rejected: st.rejectedDatagrams, records: st.records, errors: sumErrors(st.errors) };
    const rows0 = batch.length;
    const forced = rng.int(4) !== 0 ? proto : undefined;
    const t0 = performance.now();
    let r;
    try {
      r = dec.decode(bytes, exporter, 1_768_478_400_000 + c, batch, forced);
    } catch (e) {
      throw new Error(`${proto}: exception on case ${c} (seed ${SEED}, mutations ${how.join(',')}): ${String(e)}\ninput ${hex(bytes)}`);
    }
    const ms = performance.now() - t0;
    if (ms > maxMs) maxMs = ms;
    if (ms > CASE_BUDGET_MS && slowEveryTime(dec, bytes, exporter, forced)) {
      throw new Error(`${proto}: case ${c} took ${ms.toFixed(1)} ms (seed ${SEED})\ninput ${hex(bytes)}`);
    }
    // Every datagram is counted; every rejected one is counted as rejected, with each error.
    const ctx = `${proto} case ${c} seed ${SEED} (${how.join(',')})`;
    if (st.datagrams !== before.datagrams + 1) throw new Error(`${ctx}: datagram not counted`);
    if (st.rejectedDatagrams !== before.rejected + (r.errors.length > 0 ? 1 : 0)) throw new Error(`${ctx}: rejection not counted`);
    if (sumErrors(st.errors) !== before.errors + r.errors.length) throw new Error(`${ctx}: errors not counted`);
    if (st.records !== before.records + r.records || batch.length !== rows0 + r.records) throw new Error(`${ctx}: record count mismatch`);
    if (r.errors.length) rejected++; else accepted++;
    for (const e of r.errors) {
      if (!(e.offset >= 0 && e.offset <= bytes.length + 4)) throw new Error(`${ctx}: error offset ${e.offset} outside the datagram (${bytes.length})`);
    }
    for (let i = rows0; i < batch.length; i++) {
      const fam = batch.family[i]!;
      if (fam !== 0 && fam !== 4 && fam !== 6) throw new Error(`${ctx}: family ${fam}`);
      if (!(batch.samplingRate[i]! >= 1) || !Number.isFinite(batch.bytesScaled[i]!)) throw new Error(`${ctx}: bad scaling`);
    }
    // Materialising rows (addresses, extras) must not throw either.
    if (c % 61 === 0) for (let i = rows0; i < batch.length; i++) recordAt(batch, i, { extras: true });
    if (batch.length > 50_000) batch.reset();
    if (sniffProtocol(bytes) === 'ipfix' && bytes.length < 16) throw new Error(`${ctx}: sniffer accepted a short IPFIX header`);
  }
  // Memory stays bounded: template state within its limits, heap growth modest.
  const t = dec.templates;
  expect(t.exporterCount()).toBeLessThanOrEqual(LIMITS.maxExporters);
  for (const e of [...EXPORTERS]) expect(t.size(e)).toBeLessThanOrEqual(LIMITS.maxTemplatesPerExporter);
  expect(t.size()).toBeLessThanOrEqual(LIMITS.maxExporters * LIMITS.maxTemplatesPerExporter);
  for (const tj of t.export().templates) expect(tj.fields.length).toBeLessThanOrEqual(LIMITS.maxFieldsPerTemplate);
  expect(dec.stats.size).toBeLessThanOrEqual(LIMITS.maxExporters + 1);
  batch.reset();
  const growthMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  expect(growthMb).toBeLessThan(256);
  // The run exercised both paths.
  expect(accepted).toBeGreaterThan(CASES / 100);
  expect(rejected).toBeGreaterThan(CASES / 100);
  const totals = dec.stats.totals();
  expect(totals.datagrams).toBe(CASES);
  expect(totals.rejectedDatagrams).toBe(rejected);
  if (process.env.FUZZ_VERBOSE) console.log(proto, { maxMs, accepted, rejected, totals: dec.stats.totals() });
  return { maxMs, accepted, rejected };
}

/**
 * A slow case is a finding only if it is slow every time: a lone slow case is a GC pause
 * or the machine being busy. Decodes the same input again with a copy of the template
 * state (so the run's counters are untouched).
 */
function slowEveryTime(dec: FlowDecoder, bytes: Uint8Array, exporter: string, proto: FlowProtocol | undefined): boolean {
  const scratch = new FlowBatch(16);
  for (let k = 0; k < 3; k++) {
    const probe = new FlowDecoder({ limits: LIMITS });
    probe.templates.import(dec.templates.export());
    const t0 = performance.now();
    probe.decode(bytes, exporter, 0, scratch, proto);
    if (performance.now() - t0 <= CASE_BUDGET_MS) return false;
    scratch.reset();
  }
  return true;
}

function sumErrors(e: Record<string, number>): number {
  let s = 0;
  for (const k in e) s += e[k]!;
  return s;
}

describe(`flow decoder fuzzing (${CASES} cases each, seed ${SEED})`, () => {
  it('NetFlow v5', { timeout: TIMEOUT }, async () => { await fuzzDecoder('netflow5', 'netflow5', 'v5'); });
  it('NetFlow v9', { timeout: TIMEOUT }, async () => { await fuzzDecoder('netflow9', 'netflow9', 'templated'); });
  it('IPFIX', { timeout: TIMEOUT }, async () => { await fuzzDecoder('ipfix', 'ipfix', 'templated'); });
  it('sFlow v5', { timeout: TIMEOUT }, async () => { await fuzzDecoder('sflow5', 'sflow', 'sflow'); });

  it('capture reader (pcap and pcapng)', { timeout: TIMEOUT }, async () => {
    // Small captures: the first packets of each fixture, and a pcapng conversion of one.
    const small = ['netflow9', 'sflow'].map((n) => {
      const b = readFileSync(new URL(`../fixtures/flows/${n}.pcap`, import.meta.url));
      let o = 24;
      for (let k = 0; k < 3 && o + 16 <= b.length; k++) o += 16 + b.readUInt32LE(o + 8);
      return new Uint8Array(b.subarray(0, o));
    });
    const ng = cat(
      Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 28, 0, 0, 0]),
      Uint8Array.from([1, 0, 0, 0, 20, 0, 0, 0, 101, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0]),
    );
    const pkt = ipv4Packet('192.0.2.1', '127.0.0.1', 17, udp(1, 2055, new Uint8Array(8)));
    const epbLen = 32 + pkt.length;
    const epb = new W();
    epb.raw([6, 0, 0, 0]).raw(le32(epbLen)).raw([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).raw(le32(pkt.length)).raw(le32(pkt.length)).raw(pkt).raw(le32(epbLen));
    const corpus = [...small, cat(ng, epb.out())];
    const rng = new Rng(SEED ^ 0x5eed);
    const n = Math.max(1000, Math.floor(CASES / 10));
    for (let c = 0; c < n; c++) {
      if (c % 50_000 === 49_999) await new Promise((r) => setImmediate(r));
      const { bytes, how } = mutate(rng, corpus, rng.pick(corpus), 'raw');
      const stats = newCaptureStats();
      try {
        let k = 0;
        for (const d of readUdpDatagrams(bytes, stats)) {
          if (d.payload.length > bytes.length) throw new Error('payload larger than the file');
          if (++k > bytes.length) throw new Error('more datagrams than bytes');
        }
      } catch (e) {
        throw new Error(`pcap case ${c} seed ${SEED} (${how.join(',')}): ${String(e)}\ninput ${hex(bytes)}`);
      }
    }
  });
});

function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
}
